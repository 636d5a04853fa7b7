// What changed in the editor: only these fields are sent. Sending an unchanged value would
// replace a secret reference (`${KEY}`) with today's resolved value, so never do that.
import type { SecretChanges, SecretKind } from './bindings';
import { normaliseKey } from './keys';
import { normalisePath } from './tree';

export interface SecretFields {
  key: string;
  /**
   * In `original`: the value fetched with reveal_value(shared), or null when it was not
   * fetched (sealed) or could not be. In `edited`: what the value field holds.
   */
  value: string | null;
  comment: string;
  tags: string[];
  path: string;
  kind: SecretKind;
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((t) => s.has(t));
}

/**
 * The fields that differ between the loaded secret and the form. Unchanged fields are null.
 * The value: when the original value is unknown (sealed: write-only, or not fetched), an
 * empty field means "unchanged"; otherwise it is compared to the fetched value.
 */
export function diffChanges(original: SecretFields, edited: SecretFields): SecretChanges {
  const key = normaliseKey(edited.key);
  const path = normalisePath(edited.path);
  let value: string | null = null;
  if (edited.value !== null) {
    if (original.value === null) value = edited.value === '' ? null : edited.value;
    else if (edited.value !== original.value) value = edited.value;
  }
  return {
    key: key !== original.key ? key : null,
    value,
    comment: edited.comment !== original.comment ? edited.comment : null,
    tags: sameTags(original.tags, edited.tags) ? null : [...edited.tags],
    path: path !== normalisePath(original.path) ? path : null,
    kind: edited.kind !== original.kind ? edited.kind : null,
  };
}

export function hasChanges(c: SecretChanges): boolean {
  return Object.values(c).some((v) => v !== null);
}

/** Names of the changed fields, for the conflict dialog. */
export function changedFields(c: SecretChanges): (keyof SecretChanges)[] {
  return (Object.keys(c) as (keyof SecretChanges)[]).filter((k) => c[k] !== null);
}

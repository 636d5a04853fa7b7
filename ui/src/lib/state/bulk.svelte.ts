// One change applied to every checked row: move to a folder, add or remove a tag, change the type.
import type { BulkEdit, SecretKind } from '../bindings';
import * as host from '../host';
import { HostError } from '../host';
import { normalisePath } from '../tree';
import type { DeskStore } from '../store.svelte';

export type BulkAction = 'move' | 'addTag' | 'removeTag' | 'kind';

export function describeEdit(edit: BulkEdit): string {
  if (edit.moveTo !== null) return `Move to ${edit.moveTo}`;
  if (edit.addTags.length) return `Add tag ${edit.addTags.join(', ')}`;
  if (edit.removeTags.length) return `Remove tag ${edit.removeTags.join(', ')}`;
  if (edit.kind) return `Change type to ${edit.kind}`;
  return 'Edit';
}

export class Bulk {
  /** The bulk dialog open, if any. */
  action = $state<BulkAction | null>(null);

  private readonly d: DeskStore;

  constructor(d: DeskStore) {
    this.d = d;
  }

  /** The checked rows a bulk edit acts on (rotating ones are read-only). */
  targets() {
    const { selected } = this.d.selection;
    return this.d.listing.rows.filter((r) => selected.has(r.id) && !r.rotating);
  }

  open(action: BulkAction) {
    if (!this.d.caps.write) return;
    if (this.targets().length > 0) this.action = action;
  }

  close() {
    this.action = null;
  }

  static edit(action: BulkAction, value: string): BulkEdit {
    const edit: BulkEdit = { moveTo: null, addTags: [], removeTags: [], kind: null };
    if (action === 'move') edit.moveTo = normalisePath(value);
    else if (action === 'addTag') edit.addTags = [value.trim()];
    else if (action === 'removeTag') edit.removeTags = [value.trim()];
    else edit.kind = value as SecretKind;
    return edit;
  }

  /**
   * Plans the edit for the checked rows and opens it for review (nothing is sent until the
   * person applies it there). Throws HostError (for the dialog) when it cannot be planned.
   */
  async apply(edit: BulkEdit): Promise<void> {
    const { appId, env } = this.d.nav;
    if (!appId || !env) throw new HostError('noAccount', 'No app or environment selected.');
    const targets = this.targets();
    if (targets.length === 0) return;
    let set;
    try {
      set = await this.d.feedback.run(() => host.planBulkEdit(appId, env, targets.map((r) => r.id), edit));
    } catch (e) {
      throw this.explain(HostError.from(e), edit, targets.map((r) => r.key));
    }
    this.action = null;
    this.d.across.openReview(set);
  }

  /** A duplicate key on a move: the message names the key. */
  private explain(e: HostError, edit: BulkEdit, keys: string[]): HostError {
    if (e.code !== 'duplicateKey' || edit.moveTo === null) return e;
    if (keys.some((k) => e.message.includes(k))) return e;
    const key = keys.length === 1 ? keys[0] : e.field && keys.includes(e.field) ? e.field : null;
    const text = `${key ?? 'One of the keys'} already exists in ${edit.moveTo}. ${e.message}`;
    return new HostError(e.code, text, e.retryAfter, e.field);
  }
}

// An open panel's unsaved text, kept through a lock only when the person chose so in
// Settings ("Keep unsaved edits when locking"). It stays in this window's memory: it is
// never sent to Rust, and never written to a file, a setting or a log.
import type { SecretKind, SecretRow } from './bindings';

/** The editor's fields (only the changed ones are kept). */
export interface EditFields {
  key: string;
  value: string;
  comment: string;
  tagsText: string;
  path: string;
  kind: SecretKind;
  ovValue: string;
  ovActive: boolean;
}

/** The new-secret form. */
export interface NewFields {
  key: string;
  value: string;
  comment: string;
  tagsText: string;
  path: string;
  kind: SecretKind;
  overrideValue: string;
  overrideActive: boolean;
  purposeType: string;
  alsoIn: string[];
}

/** The paste panel. */
export interface BatchFields {
  text: string;
  path: string;
  skipInvalid: boolean;
}

export type Draft =
  /** `original`: the row as the editor opened it (the base of the conflict check), without its config value. */
  | { kind: 'edit'; original: SecretRow; fields: Partial<EditFields> }
  /** `startPath`: the folder the form started with. */
  | { kind: 'new'; startPath: string; fields: NewFields }
  | { kind: 'batch'; fields: BatchFields };

// A save answered "conflict": the secret moved on the server since it was loaded.
import type { SecretChanges, SecretRow } from './bindings';

export type ConflictChoice = 'keepMine' | 'takeTheirs';

export type ConflictAction =
  /** Resend my changes over their version. */
  | { kind: 'update'; secretId: string; baseVersion: number; changes: SecretChanges; force: true }
  /** Drop my changes and reload the list (and the editor) from the server. */
  | { kind: 'reload'; secretId: string };

export function resolveConflict(choice: ConflictChoice, mine: SecretChanges, theirs: SecretRow): ConflictAction {
  if (choice === 'keepMine') {
    return { kind: 'update', secretId: theirs.id, baseVersion: theirs.version, changes: { ...mine }, force: true };
  }
  return { kind: 'reload', secretId: theirs.id };
}

export interface ConflictLine {
  field: string;
  mine: string;
  theirs: string;
  differs: boolean;
}

/** Side-by-side lines for the dialog. Values are never shown here, only whether they changed. */
export function conflictLines(
  original: SecretRow,
  mine: SecretChanges,
  theirs: SecretRow,
  theirValueChanged: boolean,
): ConflictLine[] {
  const mineKey = mine.key ?? original.key;
  const minePath = mine.path ?? original.path;
  const mineComment = mine.comment ?? original.comment;
  const mineTags = (mine.tags ?? original.tags).join(', ');
  const mineKind = mine.kind ?? original.kind;
  const line = (field: string, m: string, t: string): ConflictLine => ({ field, mine: m, theirs: t, differs: m !== t });
  return [
    line('Key', mineKey, theirs.key),
    {
      field: 'Value',
      mine: mine.value !== null ? 'changed by you' : 'unchanged',
      theirs: theirValueChanged ? 'changed on the server' : 'unchanged',
      differs: mine.value !== null || theirValueChanged,
    },
    line('Comment', mineComment, theirs.comment),
    line('Tags', mineTags, theirs.tags.join(', ')),
    line('Path', minePath, theirs.path),
    line('Type', mineKind, theirs.kind),
    line('Version', `${original.version} (loaded)`, String(theirs.version)),
  ];
}

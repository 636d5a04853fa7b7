import type { SecretRow } from './bindings';
import { fullTime } from './time';

/**
 * Tooltips of the table's cells, worked out when the pointer reaches a cell instead of on
 * every row update. Scrolling a virtual table gives every visible row new content each
 * frame; a `title` per cell was a dozen attribute writes per row per frame for text that is
 * read only under a resting pointer.
 */
const KINDS = ['key', 'tags', 'comment', 'updated', 'reveal', 'copy'] as const;
export type TipKind = (typeof KINDS)[number];

export function rowTip(kind: TipKind, r: SecretRow, revealed: boolean): string {
  switch (kind) {
    case 'key':
      return `${r.path === '/' ? '' : r.path + '/'}${r.key}`;
    case 'tags':
      return r.tags.join(', ');
    case 'comment':
      return r.comment;
    case 'updated':
      return fullTime(r.updatedAt ?? r.createdAt);
    case 'reveal':
      if (r.kind === 'sealed') return 'Sealed values are never shown';
      if (r.kind === 'config') return 'Config values are shown in clear';
      return revealed ? 'Hide' : 'Reveal';
    case 'copy':
      return r.hasOverride && r.overrideActive ? 'Copy your value (Shift-click: the shared value)' : 'Copy value';
  }
}

export function isTipKind(s: string | undefined): s is TipKind {
  return (KINDS as readonly (string | undefined)[]).includes(s);
}

/**
 * The override cell's tooltip. `canOverride` is false for a token that never sees personal
 * overrides, whose reason is `note`.
 */
export function overrideTip(r: SecretRow, canOverride: boolean, note: string): string {
  if (!canOverride) return note;
  if (r.rotating) return 'Rotating secrets are managed by Phase.';
  if (!r.hasOverride) return 'No personal override — open the editor and use “Set override…”.';
  return r.overrideActive
    ? 'Override on: your own value applies — click to use the shared value'
    : 'Override off: the shared value applies — click to use your own value';
}

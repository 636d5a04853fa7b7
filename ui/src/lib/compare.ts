// Filtering the side-by-side rows (pure, tested): which rows a filter, a folder and a
// search leave on screen.
import type { CompareRow } from './bindings';

export type CompareFilter = 'all' | 'missing' | 'differs';

/** A row's identity across listings: its folder and key. */
export function rowId(row: CompareRow): string {
  return `${row.path}\u0000${row.key}`;
}

function inFolder(path: string, folder: string): boolean {
  return folder === '/' || path === folder || path.startsWith(`${folder}/`);
}

/** What words are matched against, per row (computed once per listing, not per keystroke). */
export function haystacks(rows: CompareRow[]): string[] {
  return rows.map((r) => `${r.key} ${r.path}`.toLowerCase());
}

/**
 * The rows to show. `query` words match the key or folder (case-insensitive); `tag:x`
 * keeps rows with tag x in some environment. `hay`: [haystacks] of `rows`.
 */
export function filterRows(rows: CompareRow[], filter: CompareFilter, folder: string, query: string, hay = haystacks(rows)): CompareRow[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const tags = words.filter((w) => w.startsWith('tag:')).map((w) => w.slice(4)).filter(Boolean);
  const text = words.filter((w) => !w.startsWith('tag:'));
  if (filter === 'all' && folder === '/' && words.length === 0) return rows;
  return rows.filter((row, i) => {
    if (filter === 'missing' && !row.missing) return false;
    if (filter === 'differs' && !row.differs) return false;
    if (!inFolder(row.path, folder)) return false;
    if (tags.some((t) => !row.tags.some((rt) => rt.toLowerCase() === t))) return false;
    return text.every((w) => hay[i].includes(w));
  });
}

/** A short word for a cell, for screen readers and titles. */
export function cellLabel(row: CompareRow, index: number): string {
  const cell = row.cells[index];
  if (!cell.secretId) return 'missing';
  if (cell.group === null) return cell.kind === 'sealed' ? 'sealed' : 'present';
  const compared = row.cells.filter((c) => c.group !== null);
  if (compared.length < 2) return 'present';
  if (new Set(compared.map((c) => c.group)).size === 1) return 'same value';
  return `value ${String.fromCharCode(65 + cell.group)}`;
}

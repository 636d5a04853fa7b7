// Search box parsing and the combined filter (folder AND tag chips AND query).
import type { SecretKind, SecretRow } from './bindings';
import { inFolder } from './tree';

export interface ParsedQuery {
  /** Free text (qualifiers removed), trimmed, as typed. Matched against key, comment and value. */
  text: string;
  /** `tag:NAME` qualifiers: a row matches when it has ANY of them (case-insensitive). */
  tags: string[];
  /** `type:secret|sealed|config`: ANY of them. */
  types: SecretKind[];
  /** `is:overridden`: the personal override is active. */
  overridden: boolean;
}

const KINDS: readonly SecretKind[] = ['secret', 'sealed', 'config'];

/** Splits on spaces, keeping `"quoted words"` together. */
function tokens(q: string): string[] {
  const out: string[] = [];
  const re = /(\S*?)"([^"]*)"|(\S+)/g;
  for (let m = re.exec(q); m; m = re.exec(q)) {
    if (m[3] !== undefined) out.push(m[3]);
    else out.push(m[1] + m[2]);
  }
  return out;
}

export function parseQuery(q: string): ParsedQuery {
  const res: ParsedQuery = { text: '', tags: [], types: [], overridden: false };
  const words: string[] = [];
  for (const tok of tokens(q)) {
    const i = tok.indexOf(':');
    const qual = i > 0 ? tok.slice(0, i).toLowerCase() : '';
    const arg = i > 0 ? tok.slice(i + 1) : '';
    if (qual === 'tag' && arg !== '') res.tags.push(arg);
    else if (qual === 'type' && (KINDS as readonly string[]).includes(arg.toLowerCase())) {
      const k = arg.toLowerCase() as SecretKind;
      if (!res.types.includes(k)) res.types.push(k);
    } else if (qual === 'is' && /^overrid(den|e)$/i.test(arg)) res.overridden = true;
    else words.push(tok);
  }
  res.text = words.join(' ');
  return res;
}

/** The needle to send to `search_values`, or null when there is no free text. */
export function valueNeedle(q: ParsedQuery): string | null {
  return q.text.trim() === '' ? null : q.text.trim();
}

export interface FilterState {
  folder: string;
  includeSubfolders: boolean;
  /** Tag chips (ANY). Also applied server-side; applying again here is harmless. */
  chips: readonly string[];
  query: ParsedQuery;
  /** Ids whose value contains `query.text`, once `search_values` answered; null = not known yet. */
  valueIds: ReadonlySet<string> | null;
}

// Lower-cased key, comment and config value of each row, computed once per row object
// (rows are replaced, never mutated), so a keystroke does not lower-case 10,000 rows again.
const haystacks = new WeakMap<SecretRow, readonly string[]>();

function haystack(row: SecretRow): readonly string[] {
  let h = haystacks.get(row);
  if (h === undefined) {
    h = [row.key.toLowerCase(), row.comment.toLowerCase(), (row.configValue ?? '').toLowerCase()];
    haystacks.set(row, h);
  }
  return h;
}

export function matchesText(row: SecretRow, text: string, valueIds: ReadonlySet<string> | null): boolean {
  const t = text.trim().toLowerCase();
  if (t === '') return true;
  if (haystack(row).some((field) => field.includes(t))) return true;
  return valueIds !== null && valueIds.has(row.id);
}

export function matchesRow(row: SecretRow, f: FilterState): boolean {
  if (!inFolder(row.path, f.folder, f.includeSubfolders)) return false;
  if (f.chips.length > 0 && !row.tags.some((t) => f.chips.includes(t))) return false;
  const q = f.query;
  if (q.tags.length > 0) {
    const want = q.tags.map((t) => t.toLowerCase());
    if (!row.tags.some((t) => want.includes(t.toLowerCase()))) return false;
  }
  if (q.types.length > 0 && !q.types.includes(row.kind)) return false;
  if (q.overridden && !(row.hasOverride && row.overrideActive)) return false;
  return matchesText(row, q.text, f.valueIds);
}

export function filterRows(rows: readonly SecretRow[], f: FilterState): SecretRow[] {
  return rows.filter((r) => matchesRow(r, f));
}

export type SortKey = 'key' | 'updated';
export interface SortState {
  by: SortKey;
  desc: boolean;
}

export function sortRows(rows: SecretRow[], s: SortState): SecretRow[] {
  const dir = s.desc ? -1 : 1;
  const byKey = (a: SecretRow, b: SecretRow) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  if (s.by === 'key') return rows.sort((a, b) => dir * byKey(a, b));
  return rows.sort((a, b) => {
    const ta = a.updatedAt ?? a.createdAt ?? '';
    const tb = b.updatedAt ?? b.createdAt ?? '';
    const c = ta < tb ? -1 : ta > tb ? 1 : 0;
    return c !== 0 ? dir * c : byKey(a, b);
  });
}

/** Every tag seen in the rows, sorted. */
export function tagsOf(rows: readonly SecretRow[]): string[] {
  const s = new Set<string>();
  for (const r of rows) for (const t of r.tags) s.add(t);
  return [...s].sort((a, b) => a.localeCompare(b));
}

// Search box parsing and the combined filter (folder AND tag chips AND query).
import type { SecretKind, SecretRow } from './bindings';
import { byName } from './order';
import { normalisePath } from './tree';

export interface ParsedQuery {
  /** Free text (qualifiers removed), trimmed, as typed. Matched against key, comment and value. */
  text: string;
  /** `tag:NAME` qualifiers: a row matches when it has ANY of them (case-insensitive). */
  tags: string[];
  /** `type:secret|sealed|config`: ANY of them. */
  types: SecretKind[];
  /** `is:overridden`: the personal override is active. */
  overridden: boolean;
  /** Qualifiers that were not understood (`type:secrt`), said under the search box. */
  problems: string[];
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
  const res: ParsedQuery = { text: '', tags: [], types: [], overridden: false, problems: [] };
  const words: string[] = [];
  for (const tok of tokens(q)) {
    const i = tok.indexOf(':');
    const qual = i > 0 ? tok.slice(0, i).toLowerCase() : '';
    const arg = i > 0 ? tok.slice(i + 1) : '';
    if (qual === 'tag') {
      // `tag:` alone is being typed: nothing to filter yet.
      if (arg !== '' && !res.tags.some((t) => t.toLowerCase() === arg.toLowerCase())) res.tags.push(arg);
    } else if (qual === 'type') {
      const k = arg.toLowerCase() as SecretKind;
      if ((KINDS as readonly string[]).includes(k)) {
        if (!res.types.includes(k)) res.types.push(k);
      } else if (arg !== '') res.problems.push(`Unknown type “${arg}”: use type:secret, type:sealed or type:config.`);
    } else if (qual === 'is') {
      if (/^overrid(den|e)$/i.test(arg)) res.overridden = true;
      else if (arg !== '') res.problems.push(`Unknown “is:${arg}”: use is:overridden.`);
    } else words.push(tok);
  }
  res.text = words.join(' ');
  return res;
}

const TAG_TOKEN = /(^|\s)tag:("[^"]*"|\S*)/gi;

/** The `tag:` qualifier for a tag (quoted when it holds a space). */
export function tagToken(tag: string): string {
  return /\s/.test(tag) ? `tag:"${tag}"` : `tag:${tag}`;
}

/**
 * The query with its `tag:` qualifiers replaced by `tags` (the tag chips and the typed
 * qualifiers are one filter: a chip click rewrites the query). The rest stays as typed.
 */
export function withTags(q: string, tags: readonly string[]): string {
  const rest = q.replace(TAG_TOKEN, '$1').replace(/\s{2,}/g, ' ').trim();
  return [rest, ...tags.map(tagToken)].filter((x) => x !== '').join(' ');
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
  valueIds: readonly string[] | null;
}

// What a typed text is compared with, computed once per row object (rows are replaced,
// never mutated) and only when text is typed: the lower-cased key, comment and config
// value, joined by a character nobody types.
const texts = new WeakMap<SecretRow, string>();

export function textOf(row: SecretRow): string {
  let text = texts.get(row);
  if (text === undefined) {
    text = [row.key, row.comment, row.configValue ?? ''].join('\u0000').toLowerCase();
    texts.set(row, text);
  }
  return text;
}

/** The filter keeps every row: the whole tree, no chips, no qualifiers, no text. */
export function keepsEverything(f: FilterState): boolean {
  const q = f.query;
  return (
    normalisePath(f.folder) === '/' &&
    f.includeSubfolders &&
    f.chips.length === 0 &&
    q.tags.length === 0 &&
    q.types.length === 0 &&
    !q.overridden &&
    q.text.trim() === ''
  );
}

/** The typed text as rows are compared with it (trimmed, lower-cased); '' when none. */
export function textNeedle(f: FilterState): string {
  return f.query.text.trim().toLowerCase();
}

/**
 * Everything of the filter but the typed text (folder, chips, qualifiers) as one
 * predicate, or null when it keeps every row. Worked out once per filter: a keystroke
 * tests ~10,000 rows, so nothing per row may split or lower-case.
 */
export function rowChecks(f: FilterState): ((row: SecretRow) => boolean) | null {
  const folder = normalisePath(f.folder);
  const under = folder === '/' ? '/' : folder + '/';
  const { chips, includeSubfolders } = f;
  const { types, overridden } = f.query;
  const wantTags = f.query.tags.map((t) => t.toLowerCase());
  const everyFolder = folder === '/' && includeSubfolders;
  if (everyFolder && chips.length === 0 && wantTags.length === 0 && types.length === 0 && !overridden) return null;
  return (row) => {
    if (!everyFolder) {
      const path = normalisePath(row.path);
      if (path !== folder && !(includeSubfolders && path.startsWith(under))) return false;
    }
    if (chips.length > 0 && !row.tags.some((t) => chips.includes(t))) return false;
    if (wantTags.length > 0 && !row.tags.some((t) => wantTags.includes(t.toLowerCase()))) return false;
    if (types.length > 0 && !types.includes(row.kind)) return false;
    if (overridden && !(row.hasOverride && row.overrideActive)) return false;
    return true;
  };
}

/** The whole filter as one predicate on a row. */
export function rowFilter(f: FilterState): (row: SecretRow) => boolean {
  const checks = rowChecks(f);
  const text = textNeedle(f);
  const found = f.valueIds === null ? null : new Set(f.valueIds);
  return (row) => {
    if (checks !== null && !checks(row)) return false;
    if (text === '' || textOf(row).includes(text)) return true;
    return found !== null && found.has(row.id);
  };
}

/**
 * Whether every row that passes `next` also passes `prev`, so `next` can filter `prev`'s
 * result instead of every row: the typed text grew and nothing else changed.
 */
export function narrows(prev: FilterState, next: FilterState): boolean {
  const same = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  return (
    prev.folder === next.folder &&
    prev.includeSubfolders === next.includeSubfolders &&
    prev.valueIds === next.valueIds &&
    same(prev.chips, next.chips) &&
    same(prev.query.tags, next.query.tags) &&
    same(prev.query.types, next.query.types) &&
    prev.query.overridden === next.query.overridden &&
    textNeedle(next).includes(textNeedle(prev))
  );
}

/** The rows `f` keeps; `rows` itself (not a copy) when it keeps every row. */
export function filterRows(rows: readonly SecretRow[], f: FilterState): readonly SecretRow[] {
  return keepsEverything(f) ? rows : rows.filter(rowFilter(f));
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
  if (s.by === 'key') {
    // The desk sends rows by key: one pass says so, and the sort is skipped.
    const cmp = (a: SecretRow, b: SecretRow) => dir * byKey(a, b);
    let sorted = true;
    for (let i = 1; i < rows.length && sorted; i++) sorted = cmp(rows[i - 1], rows[i]) <= 0;
    return sorted ? rows : rows.sort(cmp);
  }
  return rows.sort((a, b) => {
    const c = (a.updatedAt ?? a.createdAt ?? 0) - (b.updatedAt ?? b.createdAt ?? 0);
    return c !== 0 ? dir * Math.sign(c) : byKey(a, b);
  });
}

/** Every tag seen in the rows, sorted. */
export function tagsOf(rows: readonly SecretRow[]): string[] {
  return withTagsOf([], rows);
}

/** `known` and every tag seen in the rows, once each, sorted. */
export function withTagsOf(known: readonly string[], rows: readonly SecretRow[]): string[] {
  const s = new Set(known);
  for (const r of rows) for (const t of r.tags) s.add(t);
  return [...s].sort(byName);
}

// Key and tag rules, applied as the person types (as the Phase Console does).

/** Upper-cases, turns spaces and `-` into `_`, drops anything outside `[A-Z0-9_]`. */
export function normaliseKey(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s-]/g, '_')
    .replace(/[^A-Z0-9_]/g, '');
}

export function keyError(key: string): string | null {
  if (key.trim() === '') return 'A key is required.';
  if (!/^[A-Z0-9_]+$/.test(key)) return 'Keys may only contain A–Z, 0–9 and _.';
  return null;
}

/** `a, b ,,c` → `['a','b','c']`, without duplicates. */
export function parseTags(input: string): string[] {
  const out: string[] = [];
  for (const t of input.split(',')) {
    const v = t.trim();
    if (v !== '' && !out.includes(v)) out.push(v);
  }
  return out;
}

export function tagsError(tags: readonly string[]): string | null {
  const long = tags.find((t) => [...t].length > 64);
  return long ? `Tag "${long.slice(0, 20)}…" is longer than 64 characters.` : null;
}

// A small fuzzy matcher for the command palette: subsequence match with bonuses for
// consecutive characters and word starts.

export function fuzzyScore(query: string, text: string): number | null {
  const q = query.toLowerCase().replace(/\s+/g, '');
  if (q === '') return 0;
  const t = text.toLowerCase();
  let score = 0;
  let ti = 0;
  let prev = -2;
  for (const ch of q) {
    const found = t.indexOf(ch, ti);
    if (found < 0) return null;
    score += 1;
    if (found === prev + 1) score += 3;
    const before = found === 0 ? '' : t[found - 1];
    if (found === 0 || before === '_' || before === '/' || before === ' ' || before === '-' || before === '.') score += 2;
    score -= Math.min(3, found - ti) * 0.1;
    prev = found;
    ti = found + 1;
  }
  if (t === q) score += 10;
  else if (t.startsWith(q)) score += 5;
  return score - t.length * 0.01;
}

export function fuzzyFilter<T>(items: readonly T[], query: string, text: (item: T) => string, limit = 50): T[] {
  if (query.trim() === '') return items.slice(0, limit);
  const scored: { item: T; score: number }[] = [];
  for (const item of items) {
    const s = fuzzyScore(query, text(item));
    if (s !== null) scored.push({ item, score: s });
  }
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, limit).map((s) => s.item);
}

/**
 * Alphabetical order for names (tags, folders): case-insensitive, ties broken by case.
 * Not `localeCompare`: its first call loads ICU's collation data on the page's main
 * thread, about 10 ms of the start (docs/BENCHMARKS.md).
 */
export function byName(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

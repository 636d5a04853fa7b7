// "3 min ago" and friends, in English like the rest of the window. Built by hand: creating
// an Intl.RelativeTimeFormat loads the locale's data, 7-11 ms of every start on the page's
// main thread (docs/BENCHMARKS.md), and it answered in the system's language.
// Each unit: its short name for one and for several, its length in seconds, and the
// words for exactly one of it past and ahead, where English has them.
const UNITS: [unit: string, plural: string, seconds: number, one?: [past: string, ahead: string]][] = [
  ['yr', 'yr', 365 * 24 * 3600, ['last year', 'next year']],
  ['mo', 'mo', 30 * 24 * 3600, ['last month', 'next month']],
  ['wk', 'wk', 7 * 24 * 3600, ['last week', 'next week']],
  ['day', 'days', 24 * 3600, ['yesterday', 'tomorrow']],
  ['hr', 'hr', 3600],
  ['min', 'min', 60],
];

// Rows share timestamps (a bulk import, a seeded app): each string is worked out once per
// timestamp (and, for the relative one, per clock tick), not once per row on every scroll frame.
const relMemo = new Map<number, string>();
let relMemoNow = 0;
const fullMemo = new Map<number, string>();

function remember(memo: Map<number, string>, key: number, value: string): string {
  if (memo.size >= 4096) memo.clear();
  memo.set(key, value);
  return value;
}

/** `ms`: milliseconds since the Unix epoch, as rows carry their times. */
export function relativeTime(ms: number | null, now: number = Date.now()): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (now !== relMemoNow) {
    relMemo.clear();
    relMemoNow = now;
  }
  return relMemo.get(ms) ?? remember(relMemo, ms, relativeUncached(ms, now));
}

function relativeUncached(t: number, now: number): string {
  const secs = Math.round((t - now) / 1000);
  const abs = Math.abs(secs);
  for (const [unit, plural, size, one] of UNITS) {
    if (abs < size) continue;
    const n = Math.round(abs / size);
    if (n === 1 && one) return secs < 0 ? one[0] : one[1];
    const amount = `${n} ${n === 1 ? unit : plural}`;
    return secs < 0 ? `${amount} ago` : `in ${amount}`;
  }
  return 'just now';
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * An unambiguous date and time (local): `2024-01-02 14:03` — no day/month order to guess.
 * Built by hand: one Intl formatter per call measured as the costliest part of a row update.
 */
export function fullTime(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  return fullMemo.get(ms) ?? remember(fullMemo, ms, fullUncached(ms));
}

function fullUncached(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

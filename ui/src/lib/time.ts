// "3 min ago" and friends.
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

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
  for (const [unit, size] of UNITS) {
    if (abs >= size) return rtf.format(Math.round(secs / size), unit);
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

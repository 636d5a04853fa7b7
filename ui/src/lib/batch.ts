// Pasted KEY=VALUE lines, before Rust parses them: the keys are normalised exactly as the
// new-secret form does as the person types (normaliseKey), and lines can be left out.
// Line numbers never change (a line left out becomes blank, which the parser skips).
import { normaliseKey } from './keys';

export interface PreparedBatch {
  /** The text to preview and send. */
  text: string;
  /** Line number (1-based) → the key as pasted, where normalising changed it. */
  renamed: Map<number, string>;
}

// Leading spaces, an optional `export `, the key (up to the first `=`), then `=` and the rest.
const LINE = /^(\s*)(export\s+)?([^=]*)(=.*)$/s;

export function prepareBatch(text: string): PreparedBatch {
  const renamed = new Map<number, string>();
  const lines = text.split('\n').map((raw, i) => {
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) return raw;
    const m = LINE.exec(raw);
    if (!m) return raw;
    const [, lead, exp, rawKey, rest] = m;
    const pasted = rawKey.trim();
    const key = normaliseKey(pasted);
    // Nothing left (only characters a key cannot hold): Rust says what is wrong with it.
    if (key === '' || key === pasted) return raw;
    renamed.set(i + 1, pasted);
    return `${lead}${exp ?? ''}${key}${rest}`;
  });
  return { text: lines.join('\n'), renamed };
}

/** The text with these lines (1-based) blanked. */
export function withoutLines(text: string, lines: ReadonlySet<number>): string {
  if (lines.size === 0) return text;
  return text
    .split('\n')
    .map((l, i) => (lines.has(i + 1) ? '' : l))
    .join('\n');
}

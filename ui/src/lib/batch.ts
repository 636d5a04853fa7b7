// Client-side reading of pasted KEY=VALUE lines. The Rust side (preview_batch) is the
// authority on keys and per-line errors; this gives the UI the values, by line number,
// since preview lines carry only a value's length.

export interface ParsedLine {
  /** 1-based line number. */
  line: number;
  key: string;
  value: string;
}

function unquote(raw: string): string {
  const v = raw.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    return v
      .slice(1, -1)
      .replace(/\\n/g, '\n')
      .replace(/\\"/g, '"')
      .replace(/\\\\/g, '\\');
  }
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1);
  // Unquoted: a ` #` starts a trailing comment.
  const hash = v.search(/\s#/);
  return hash >= 0 ? v.slice(0, hash).trimEnd() : v;
}

/** Lines that look like assignments (comments, blank lines and junk are left out). */
export function parseBatch(text: string): ParsedLine[] {
  const out: ParsedLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    let s = raw.trim();
    if (s === '' || s.startsWith('#')) return;
    if (s.startsWith('export ')) s = s.slice(7).trimStart();
    const eq = s.indexOf('=');
    if (eq < 0) return;
    out.push({ line: i + 1, key: s.slice(0, eq).trim(), value: unquote(s.slice(eq + 1)) });
  });
  return out;
}

/** The value written on line `line`, if that line is an assignment. */
export function valueAt(lines: readonly ParsedLine[], line: number): string | null {
  return lines.find((l) => l.line === line)?.value ?? null;
}

// @vitest-environment node
import { describe, expect, it } from 'vitest';
import strokes from '../icon-strokes.json';
import font from '../icon-font.json';
import { ICON_CHARS, ICON_PATHS } from '../icons';

async function sourceHash(d: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(d));
  return [...new Uint8Array(digest)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, 16);
}

describe('the icon font (scripts/icon-font.py)', () => {
  it('has its own character for every icon', () => {
    const names = Object.keys(ICON_PATHS);
    expect(Object.keys(ICON_CHARS).sort()).toEqual([...names].sort());
    const chars = Object.values(ICON_CHARS);
    expect(new Set(chars).size).toBe(chars.length);
    for (const c of chars) expect(c.codePointAt(0)).toBeGreaterThanOrEqual(0xe000);
  });

  it('was made from the strokes the app draws (run the script again after changing one)', async () => {
    const source: Record<string, string> = font.source;
    expect(Object.keys(source).sort()).toEqual(Object.keys(strokes).sort());
    for (const [name, d] of Object.entries(strokes)) {
      expect(source[name], `${name} changed since the font was made`).toBe(await sourceHash(d));
    }
  });
});

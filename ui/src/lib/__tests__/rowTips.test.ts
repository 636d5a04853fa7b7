import { describe, expect, it } from 'vitest';
import { isTipKind, overrideTip, rowTip } from '../rowTips';
import { row } from './fixtures';

describe('row tooltips', () => {
  it('name a key by its folder, and say what reveal and copy will do', () => {
    expect(rowTip('key', row({ key: 'DB_URL', path: '/backend' }), false)).toBe('/backend/DB_URL');
    expect(rowTip('key', row({ key: 'DB_URL' }), false)).toBe('DB_URL');
    expect(rowTip('reveal', row({ key: 'A' }), true)).toBe('Hide');
    expect(rowTip('reveal', row({ key: 'A', kind: 'sealed' }), false)).toBe('Sealed values are never shown');
    expect(rowTip('copy', row({ key: 'A', hasOverride: true, overrideActive: true }), false)).toContain('Shift-click');
    expect(isTipKind('tags')).toBe(true);
    expect(isTipKind('value')).toBe(false);
  });

  it('explain the override cell for each state, and why a token cannot override', () => {
    const note = 'Personal overrides belong to people.';
    expect(overrideTip(row({ key: 'A', hasOverride: true }), false, note)).toBe(note);
    expect(overrideTip(row({ key: 'A', rotating: true }), true, note)).toContain('Rotating');
    expect(overrideTip(row({ key: 'A' }), true, note)).toContain('No personal override');
    expect(overrideTip(row({ key: 'A', hasOverride: true, overrideActive: true }), true, note)).toMatch(/^Override on/);
    expect(overrideTip(row({ key: 'A', hasOverride: true }), true, note)).toMatch(/^Override off/);
  });
});

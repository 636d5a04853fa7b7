import { describe, expect, it } from 'vitest';
import type { SecretRowWire } from '../bindings';
import { listFromWire, listToWire, rowFromWire, rowToWire } from '../wire';
import { list, row } from './fixtures';

describe('listing rows as arrays', () => {
  it('reads the array Rust writes (the same one its rows_wire test expects)', () => {
    const wire: SecretRowWire = ['i', 'K', '/p', 'c', ['t'], 'config', 3, 3, 1_767_225_600_000, null, 'v', true, null];
    expect(rowFromWire(wire)).toEqual({
      id: 'i',
      key: 'K',
      path: '/p',
      comment: 'c',
      tags: ['t'],
      kind: 'config',
      rotating: true,
      version: 3,
      createdAt: 1_767_225_600_000,
      updatedAt: null,
      hasOverride: true,
      overrideActive: false,
      configValue: 'v',
      valueSet: true,
    });
  });

  it('round-trips every flag combination and leaves absent masked fields out', () => {
    for (let flags = 0; flags < 8; flags++) {
      const r = row({ key: `K${flags}`, rotating: (flags & 1) !== 0, hasOverride: (flags & 2) !== 0, overrideActive: (flags & 4) !== 0 });
      const back = rowFromWire(rowToWire(r));
      expect(back).toEqual(r);
      expect('valueSet' in back).toBe('valueSet' in r);
      expect('preview' in back).toBe('preview' in r);
    }
    const l = list([row({ key: 'A' }), { ...row({ key: 'B' }), preview: 'sk_***', valueSet: false }]);
    expect(listFromWire(listToWire(l))).toEqual(l);
  });
});

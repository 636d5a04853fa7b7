import { describe, expect, it } from 'vitest';
import type { CompareRow, CompareRowWire, SecretRowWire } from '../bindings';
import { compareFromWire, compareRowFromWire, compareToWire, listFromWire, listToWire, rowFromWire, rowToWire } from '../wire';
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

describe('side-by-side rows as arrays', () => {
  it('reads the array Rust writes (the same one its compare_wire test expects)', () => {
    const wire: CompareRowWire = ['K', '/p', ['t'], 1, [['s1', 'sealed', null, true], null, ['s2', 'secret', 1, false]]];
    expect(compareRowFromWire(wire)).toEqual({
      key: 'K',
      path: '/p',
      tags: ['t'],
      cells: [
        { secretId: 's1', kind: 'sealed', group: null, overrideActive: true },
        { secretId: null, kind: null, group: null, overrideActive: false },
        { secretId: 's2', kind: 'secret', group: 1, overrideActive: false },
      ],
      missing: true,
      differs: false,
    });
  });

  it('round-trips both flags, empty cells and a cell with only a group', () => {
    const rows: CompareRow[] = [];
    for (let flags = 0; flags < 4; flags++) {
      rows.push({
        key: `K${flags}`,
        path: '/',
        tags: flags ? ['a', 'b'] : [],
        cells: [
          { secretId: 'x', kind: 'config', group: 0, overrideActive: false },
          { secretId: null, kind: null, group: flags === 3 ? 2 : null, overrideActive: false },
        ],
        missing: (flags & 1) !== 0,
        differs: (flags & 2) !== 0,
      });
    }
    const view = { appId: 'a', envs: ['Dev', 'Prod'], rows, envErrors: [], elapsedMs: 3 };
    expect(compareFromWire(compareToWire(view))).toEqual(view);
    expect(compareToWire(view).rows[0][4][1]).toBeNull();
    expect(compareToWire(view).rows[3][4][1]).toEqual([null, null, 2, false]);
  });
});

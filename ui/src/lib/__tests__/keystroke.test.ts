import { describe, expect, it } from 'vitest';
import { filterRows, parseQuery, type FilterState } from '../filter';
import { KeystrokeFilter, RowIndex } from '../keystroke';
import { row } from './fixtures';

const base: FilterState = { folder: '/', includeSubfolders: true, chips: [], query: parseQuery(''), valueIds: null };
const with_ = (f: Partial<FilterState>): FilterState => ({ ...base, ...f });
const many = Array.from({ length: 300 }, (_, i) =>
  row({ key: `KEY_${i % 7}_${i}`, path: i % 3 ? '/a' : '/b', comment: i % 5 ? '' : 'db note', tags: i % 2 ? ['x'] : [] }),
);

describe('KeystrokeFilter', () => {
  it('gives what filtering every row gives, keystroke after keystroke', () => {
    const kf = new KeystrokeFilter();
    const typed = ['', 'k', 'ke', 'key_3', 'key_3_', 'key_3_1', 'key_3_', 'key_3', 'KEY', '', 'tag:x key', 'tag:x key_1', 'note', 'db'];
    for (const q of typed) {
      const state = with_({ query: parseQuery(q) });
      expect(kf.run(many, state)).toEqual(filterRows(many, state));
    }
    // A new listing starts over.
    const fewer = many.slice(0, 10);
    expect(kf.run(fewer, with_({ query: parseQuery('key') }))).toEqual(filterRows(fewer, with_({ query: parseQuery('key') })));
  });

  it('keeps the rows a value search found, as their answers land and the text shrinks', () => {
    const kf = new KeystrokeFilter();
    // The value search answers with ids the text does not match, some of them unknown.
    const found = (...n: number[]) => [...n.map((i) => many[i].id), 'id-GONE'];
    const steps: [string, readonly string[] | null][] = [
      ['zz', null],
      ['zz', found(4, 100)],
      ['zzq', found(4, 100)],
      ['zzq', found(100)],
      ['zz', found(100)],
      ['zz', found(4, 100, 299)],
      ['z', found(4, 100, 299)],
      ['z folder', found(7)],
    ];
    for (const [q, valueIds] of steps) {
      const state = with_({ query: parseQuery(q), valueIds });
      const got = kf.run(many, state);
      expect(got).toEqual(filterRows(many, state));
    }
    expect(kf.run(many, with_({ query: parseQuery('zz'), valueIds: found(4, 100) })).map((r) => r.id)).toEqual([many[4].id, many[100].id]);
  });

  it('gives the same array again when the rows kept did not change, so nothing repaints', () => {
    const kf = new KeystrokeFilter();
    const first = kf.run(many, with_({ query: parseQuery('key_3_1') }));
    // One more letter that keeps the same rows, then a value search that adds none.
    expect(kf.run(many, with_({ query: parseQuery('key_3_1 ') }))).toBe(first);
    expect(kf.run(many, with_({ query: parseQuery('key_3_1'), valueIds: ['id-GONE'] }))).toBe(first);
    const more = kf.run(many, with_({ query: parseQuery('key_3_1'), valueIds: [many[0].id] }));
    expect(more).not.toBe(first);
    expect(more).toEqual(filterRows(many, with_({ query: parseQuery('key_3_1'), valueIds: [many[0].id] })));
  });

  it('still finds value matches when an id is listed twice', () => {
    const twice = [...many.slice(0, 5), row({ key: 'OTHER', id: many[2].id })];
    const state = with_({ query: parseQuery('nothing-like-it'), valueIds: [many[2].id] });
    expect(new KeystrokeFilter().run(twice, state).map((r) => r.key)).toEqual([many[2].key, 'OTHER']);
  });
});

describe('RowIndex.warm', () => {
  it('works through every row between frames and stops when no longer wanted', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => row({ key: `K${i}`, comment: `note ${i}` }));
    const index = new RowIndex(rows);
    let calls = 0;
    index.warm(() => ++calls < 3, 2);
    await new Promise((r) => setTimeout(r, 20));
    // Two of four slices ran, then it was told to stop: 3 checks, never a fourth.
    expect(calls).toBe(3);
    expect(index.text(4)).toBe('k4\u0000note 4\u0000');
  });

  it('finishes with every text and the positions when left to run', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => row({ key: `K${i}` }));
    const index = new RowIndex(rows);
    let calls = 0;
    index.warm(() => (calls++, true), 2);
    await new Promise((r) => setTimeout(r, 20));
    // Three slices, then the positions: four checks.
    expect(calls).toBe(4);
    expect([...index.valueMask(['id-K3'])]).toEqual([0, 0, 0, 1, 0]);
  });
});

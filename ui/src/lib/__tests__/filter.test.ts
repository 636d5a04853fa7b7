import { describe, expect, it } from 'vitest';
import { filterRows, narrows, parseQuery, sortRows, tagsOf, valueNeedle, withTagsOf, type FilterState } from '../filter';
import { row } from './fixtures';

describe('parseQuery', () => {
  it('separates qualifiers from free text', () => {
    expect(parseQuery('db tag:prod type:config is:overridden url')).toEqual({
      text: 'db url',
      tags: ['prod'],
      types: ['config'],
      overridden: true,
      problems: [],
    });
  });
  it('keeps unknown qualifiers as text, and says so for a bad type (not searched as text)', () => {
    const q = parseQuery('foo:bar type:nope');
    expect(q.text).toBe('foo:bar');
    expect(q.types).toEqual([]);
    expect(q.problems).toEqual(['Unknown type “nope”: use type:secret, type:sealed or type:config.']);
    expect(parseQuery('is:weird').problems[0]).toContain('is:overridden');
  });
  it('supports quoted values', () => {
    expect(parseQuery('tag:"team a" "two words"')).toMatchObject({ tags: ['team a'], text: 'two words' });
  });
  it('is case-insensitive for qualifier names', () => {
    expect(parseQuery('TYPE:Sealed IS:override')).toMatchObject({ types: ['sealed'], overridden: true, text: '' });
  });
  it('gives a value needle only for free text', () => {
    expect(valueNeedle(parseQuery('tag:x'))).toBeNull();
    expect(valueNeedle(parseQuery('tag:x  postgres '))).toBe('postgres');
  });
});

describe('filterRows', () => {
  const rows = [
    row({ key: 'DB_URL', path: '/backend', tags: ['prod', 'db'], comment: 'primary database' }),
    row({ key: 'DB_REPLICA', path: '/backend/db', tags: ['db'], kind: 'config', configValue: 'replica.internal' }),
    row({ key: 'API_KEY', path: '/frontend', tags: ['web'], hasOverride: true, overrideActive: true }),
    row({ key: 'SEALED_ONE', path: '/', kind: 'sealed', hasOverride: true, overrideActive: false }),
  ];
  const base: FilterState = { folder: '/', includeSubfolders: true, chips: [], query: parseQuery(''), valueIds: null };
  const keys = (f: Partial<FilterState>) => filterRows(rows, { ...base, ...f }).map((r) => r.key);

  it('returns everything with no filter, as the same array (no copy of 10,000 rows)', () => {
    expect(keys({})).toHaveLength(4);
    expect(filterRows(rows, base)).toBe(rows);
    expect(filterRows(rows, { ...base, query: parseQuery('db') })).not.toBe(rows);
  });
  it('filters by folder with and without subfolders', () => {
    expect(keys({ folder: '/backend' })).toEqual(['DB_URL', 'DB_REPLICA']);
    expect(keys({ folder: '/backend', includeSubfolders: false })).toEqual(['DB_URL']);
    expect(keys({ folder: '/', includeSubfolders: false })).toEqual(['SEALED_ONE']);
  });
  it('compares folders by whole segments, whatever the slashes', () => {
    const odd = [row({ key: 'X', path: 'backendx/' }), row({ key: 'Y', path: 'backend//db/' })];
    const at = (folder: string, includeSubfolders: boolean) =>
      filterRows(odd, { ...base, folder, includeSubfolders }).map((r) => r.key);
    expect(at('/backend', true)).toEqual(['Y']);
    expect(at('backend/', false)).toEqual([]);
    expect(at('/backend/db', false)).toEqual(['Y']);
    expect(at('/backendx', false)).toEqual(['X']);
  });
  it('matches key or comment case-insensitively', () => {
    expect(keys({ query: parseQuery('db_') })).toEqual(['DB_URL', 'DB_REPLICA']);
    expect(keys({ query: parseQuery('PRIMARY') })).toEqual(['DB_URL']);
  });
  it('matches config values in clear and others through the value id set', () => {
    expect(keys({ query: parseQuery('replica.internal') })).toEqual(['DB_REPLICA']);
    expect(keys({ query: parseQuery('s3cr3t'), valueIds: ['id-API_KEY'] })).toEqual(['API_KEY']);
  });
  it('ANDs dimensions and ORs within chips', () => {
    expect(keys({ chips: ['web', 'prod'] })).toEqual(['DB_URL', 'API_KEY']);
    expect(keys({ chips: ['db'], folder: '/backend', includeSubfolders: false })).toEqual(['DB_URL']);
    expect(keys({ chips: ['db'], query: parseQuery('type:config') })).toEqual(['DB_REPLICA']);
  });
  it('handles tag:, type: and is:overridden', () => {
    expect(keys({ query: parseQuery('tag:DB') })).toEqual(['DB_URL', 'DB_REPLICA']);
    expect(keys({ query: parseQuery('type:sealed') })).toEqual(['SEALED_ONE']);
    expect(keys({ query: parseQuery('is:overridden') })).toEqual(['API_KEY']);
    expect(keys({ query: parseQuery('is:overridden tag:db') })).toEqual([]);
  });
});

describe('narrows', () => {
  const base: FilterState = { folder: '/', includeSubfolders: true, chips: [], query: parseQuery('db'), valueIds: null };
  const with_ = (f: Partial<FilterState>): FilterState => ({ ...base, ...f });
  it('holds when only the text grew, anywhere, in any case', () => {
    expect(narrows(base, with_({ query: parseQuery('db_') }))).toBe(true);
    expect(narrows(base, with_({ query: parseQuery('PRIMARY_DB') }))).toBe(true);
    expect(narrows(with_({ query: parseQuery('') }), base)).toBe(true);
  });
  it('fails when the text shrank or anything else changed', () => {
    expect(narrows(base, with_({ query: parseQuery('d') }))).toBe(false);
    expect(narrows(base, with_({ query: parseQuery('db tag:x') }))).toBe(false);
    expect(narrows(base, with_({ folder: '/backend' }))).toBe(false);
    expect(narrows(base, with_({ chips: ['web'] }))).toBe(false);
    expect(narrows(base, with_({ valueIds: ['a'] }))).toBe(false);
  });
});

describe('sortRows and tagsOf', () => {
  const rows = [
    row({ key: 'B', updatedAt: Date.parse('2024-03-01T00:00:00Z'), tags: ['z', 'a'] }),
    row({ key: 'A', updatedAt: Date.parse('2024-01-01T00:00:00Z'), tags: ['a'] }),
    row({ key: 'C', updatedAt: Date.parse('2024-02-01T00:00:00Z') }),
  ];
  it('sorts by key and by updated', () => {
    expect(sortRows([...rows], { by: 'key', desc: false }).map((r) => r.key)).toEqual(['A', 'B', 'C']);
    expect(sortRows([...rows], { by: 'key', desc: true }).map((r) => r.key)).toEqual(['C', 'B', 'A']);
    expect(sortRows([...rows], { by: 'updated', desc: true }).map((r) => r.key)).toEqual(['B', 'C', 'A']);
    // Never updated: its creation time counts; neither time: it sorts as the oldest.
    const created = row({ key: 'D', updatedAt: null, createdAt: Date.parse('2024-02-15T00:00:00Z') });
    const none = row({ key: 'E', updatedAt: null, createdAt: null });
    expect(sortRows([...rows, created, none], { by: 'updated', desc: false }).map((r) => r.key)).toEqual(['E', 'A', 'C', 'D', 'B']);
  });
  it('keeps rows that already come in order, and still sorts the reverse', () => {
    const sorted = [row({ key: 'A', path: '/' }), row({ key: 'A', path: '/b' }), row({ key: 'B' })];
    const same = sortRows(sorted, { by: 'key', desc: false });
    expect(same).toBe(sorted);
    expect(same.map((r) => r.key + r.path)).toEqual(['A/', 'A/b', 'B/']);
    expect(sortRows([...sorted], { by: 'key', desc: true }).map((r) => r.key + r.path)).toEqual(['B/', 'A/b', 'A/']);
  });
  it('collects tags', () => {
    expect(tagsOf(rows)).toEqual(['a', 'z']);
    expect(tagsOf([])).toEqual([]);
  });
  it('adds the tags of more rows to known ones, once each, in the same order', () => {
    expect(withTagsOf(['Beta', 'z'], rows)).toEqual(['a', 'Beta', 'z']);
    expect(withTagsOf(['a'], [])).toEqual(['a']);
  });
});

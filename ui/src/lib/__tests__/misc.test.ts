import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyScore } from '../fuzzy';
import { keyError, normaliseKey, parseTags, tagsError } from '../keys';
import { HostError } from '../host';
import { relativeTime } from '../time';

describe('keys and tags', () => {
  it('normalises keys as typed', () => {
    expect(normaliseKey('db url-main')).toBe('DB_URL_MAIN');
    expect(normaliseKey('a.b$c9')).toBe('ABC9');
    expect(keyError('')).not.toBeNull();
    expect(keyError('OK_1')).toBeNull();
  });
  it('parses tags', () => {
    expect(parseTags(' a, b ,,a, c ')).toEqual(['a', 'b', 'c']);
    expect(tagsError(['x'.repeat(65)])).not.toBeNull();
    expect(tagsError(['x'.repeat(64)])).toBeNull();
  });
});

describe('fuzzy', () => {
  it('scores subsequences and prefers prefixes', () => {
    expect(fuzzyScore('dbu', 'DB_URL')).not.toBeNull();
    expect(fuzzyScore('xyz', 'DB_URL')).toBeNull();
    expect(fuzzyFilter(['API_DB_URL', 'DB_URL', 'OTHER'], 'dburl', (s) => s)).toEqual(['DB_URL', 'API_DB_URL']);
  });
});

describe('HostError.from', () => {
  it('keeps IpcError fields', () => {
    const e = HostError.from({ code: 'rateLimited', message: 'slow down', retryAfter: 42, field: null });
    expect(e).toBeInstanceOf(HostError);
    expect(e).toMatchObject({ code: 'rateLimited', message: 'slow down', retryAfter: 42, field: null });
  });
  it('normalises unknown throwables to internal', () => {
    expect(HostError.from('boom')).toMatchObject({ code: 'internal', message: 'boom' });
    expect(HostError.from(new Error('bad'))).toMatchObject({ code: 'internal', message: 'bad' });
    expect(HostError.from({ code: 'weird', message: 'x' })).toMatchObject({ code: 'internal', message: 'x' });
    expect(HostError.from(undefined).code).toBe('internal');
  });
});

describe('relativeTime', () => {
  it('formats', () => {
    const now = Date.parse('2024-01-10T00:00:00Z');
    expect(relativeTime(null)).toBe('—');
    expect(relativeTime(Number.NaN)).toBe('—');
    expect(relativeTime(Date.parse('2024-01-10T00:00:00Z'), now)).toBe('just now');
    expect(relativeTime(Date.parse('2024-01-09T00:00:00Z'), now)).toMatch(/yesterday|1 day/);
  });
});

import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyScore } from '../fuzzy';
import { keyError, normaliseKey, parseTags, tagsError } from '../keys';
import { HostError } from '../host';
import { byName } from '../order';
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
    expect(relativeTime(Date.parse('2024-01-09T00:00:00Z'), now)).toBe('yesterday');
  });

  it('says each unit in English, past and ahead, whatever the system language', () => {
    const now = Date.parse('2024-06-10T12:00:00Z');
    const ago = (secs: number) => relativeTime(now - secs * 1000, now);
    expect(ago(59)).toBe('just now');
    expect(ago(-30)).toBe('just now');
    expect(ago(60)).toBe('1 min ago');
    expect(ago(5 * 60)).toBe('5 min ago');
    expect(ago(-5 * 60)).toBe('in 5 min');
    expect(ago(3600)).toBe('1 hr ago');
    expect(ago(23 * 3600)).toBe('23 hr ago');
    expect(ago(-24 * 3600)).toBe('tomorrow');
    expect(ago(3 * 24 * 3600)).toBe('3 days ago');
    expect(ago(-3 * 24 * 3600)).toBe('in 3 days');
    expect(ago(7 * 24 * 3600)).toBe('last week');
    expect(ago(-7 * 24 * 3600)).toBe('next week');
    expect(ago(20 * 24 * 3600)).toBe('3 wk ago');
    expect(ago(30 * 24 * 3600)).toBe('last month');
    expect(ago(200 * 24 * 3600)).toBe('7 mo ago');
    expect(ago(365 * 24 * 3600)).toBe('last year');
    expect(ago(3 * 365 * 24 * 3600)).toBe('3 yr ago');
  });
});

describe('byName', () => {
  it('orders names alphabetically, ignoring case first', () => {
    expect(['beta', 'Alpha', 'alpha', 'gamma', 'Beta', 'a1', 'a10', 'a2'].sort(byName)).toEqual(['a1', 'a10', 'a2', 'Alpha', 'alpha', 'Beta', 'beta', 'gamma']);
    expect(byName('x', 'x')).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { changedFields, diffChanges, hasChanges, type SecretFields } from '../diff';

const orig: SecretFields = { key: 'DB_URL', value: '${HOST}:5432', comment: 'c', tags: ['a', 'b'], path: '/backend', kind: 'secret' };

describe('diffChanges', () => {
  it('sends nothing when nothing changed', () => {
    const c = diffChanges(orig, { ...orig, tags: ['b', 'a'], path: 'backend/' });
    expect(hasChanges(c)).toBe(false);
    expect(c).toEqual({ key: null, value: null, comment: null, tags: null, path: null, kind: null });
  });
  it('sends only the changed fields', () => {
    const c = diffChanges(orig, { ...orig, comment: 'new', tags: ['a'] });
    expect(c).toEqual({ key: null, value: null, comment: 'new', tags: ['a'], path: null, kind: null });
    expect(changedFields(c)).toEqual(['comment', 'tags']);
  });
  it('compares the value with the fetched value', () => {
    expect(diffChanges(orig, { ...orig, value: 'x' }).value).toBe('x');
    expect(diffChanges(orig, { ...orig, value: '' }).value).toBe('');
    expect(diffChanges(orig, { ...orig }).value).toBeNull();
  });
  it('treats an untouched (null) value as unchanged', () => {
    expect(diffChanges(orig, { ...orig, value: null }).value).toBeNull();
  });
  it('sealed: empty value means unchanged, anything typed is sent', () => {
    const sealed = { ...orig, kind: 'sealed' as const, value: null };
    expect(diffChanges(sealed, { ...sealed, value: '' }).value).toBeNull();
    expect(diffChanges(sealed, { ...sealed, value: 'new' }).value).toBe('new');
  });
  it('normalises key and path before comparing', () => {
    const c = diffChanges(orig, { ...orig, key: 'db url', path: '//backend/db/' });
    expect(c.key).toBeNull();
    expect(c.path).toBe('/backend/db');
    expect(diffChanges(orig, { ...orig, key: 'db-host' }).key).toBe('DB_HOST');
  });
  it('sends the type when changed and can clear tags', () => {
    expect(diffChanges(orig, { ...orig, kind: 'config' }).kind).toBe('config');
    expect(diffChanges(orig, { ...orig, tags: [] }).tags).toEqual([]);
  });
});

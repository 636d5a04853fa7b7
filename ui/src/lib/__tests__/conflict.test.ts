import { describe, expect, it } from 'vitest';
import { conflictLines, resolveConflict } from '../conflict';
import { row } from './fixtures';

const mine = { key: null, value: 'S3CRET', comment: 'my comment', tags: null, path: null, kind: null };
const original = row({ key: 'DB_URL', version: 3, comment: 'old' });
const theirs = row({ key: 'DB_URL', version: 5, comment: 'their comment' });

describe('resolveConflict', () => {
  it('keep mine resends my changes over their version with force', () => {
    expect(resolveConflict('keepMine', mine, theirs)).toEqual({
      kind: 'update',
      secretId: theirs.id,
      baseVersion: 5,
      changes: mine,
      force: true,
    });
  });
  it('take theirs reloads', () => {
    expect(resolveConflict('takeTheirs', mine, theirs)).toEqual({ kind: 'reload', secretId: theirs.id });
  });
});

describe('conflictLines', () => {
  it('shows both versions and never a value', () => {
    const lines = conflictLines(original, mine, theirs, true);
    const byField = Object.fromEntries(lines.map((l) => [l.field, l]));
    expect(byField.Comment).toMatchObject({ mine: 'my comment', theirs: 'their comment', differs: true });
    expect(byField.Key.differs).toBe(false);
    expect(byField.Value).toMatchObject({ mine: 'changed by you', theirs: 'changed on the server', differs: true });
    expect(JSON.stringify(lines)).not.toContain('S3CRET');
    expect(byField.Version.theirs).toBe('5');
  });
});

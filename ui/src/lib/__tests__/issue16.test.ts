import { describe, expect, it } from 'vitest';
import { prepareBatch, withoutLines } from '../batch';
import { parseQuery, withTags } from '../filter';
import { HostError } from '../host';
import { explainAccountError, missingScheme } from '../state/accounts.svelte';
import { isProductionEnv } from '../state/navigation.svelte';
import { fullTime } from '../time';
import { buildTree, findNode } from '../tree';
import { shortKey, whatWasDeleted } from '../undo';

describe('paste: keys as the new-secret form writes them', () => {
  it('normalises each key, keeps values, comments, blank lines and line numbers', () => {
    const p = prepareBatch('# c\n\nexport db-host = x=1 # y\n  api key=2\nOK=3\nbroken\nÄÖ=4');
    expect(p.text).toBe('# c\n\nexport DB_HOST= x=1 # y\n  API_KEY=2\nOK=3\nbroken\nÄÖ=4');
    expect([...p.renamed]).toEqual([
      [3, 'db-host'],
      [4, 'api key'],
    ]);
  });
  it('blanks skipped lines', () => {
    expect(withoutLines('A=1\nB=2\nC=3', new Set([1, 3]))).toBe('\nB=2\n');
  });
});

describe('search', () => {
  it('tag chips and tag: are one filter: withTags rewrites the qualifiers only', () => {
    expect(withTags('db tag:web type:config', ['web', 'prod'])).toBe('db type:config tag:web tag:prod');
    expect(withTags('tag:"team a" x', [])).toBe('x');
    expect(withTags('', ['team a'])).toBe('tag:"team a"');
    expect(parseQuery(withTags('', ['team a'])).tags).toEqual(['team a']);
  });
  it('says what it did not understand', () => {
    expect(parseQuery('type:secrt').problems).toHaveLength(1);
    expect(parseQuery('type:secrt').text).toBe('');
    expect(parseQuery('type: tag:').problems).toEqual([]);
  });
});

describe('add-account errors', () => {
  it('a URL without scheme', () => {
    expect(missingScheme('phase.example.com')).toBe(true);
    expect(missingScheme('127.0.0.1:9')).toBe(true);
    expect(missingScheme('https://x')).toBe(false);
    expect(missingScheme('')).toBe(false);
  });
  it('says what raw transport errors mean, and ties them to a field', () => {
    const raw = new HostError('network', 'error sending request: client error (Connect): tcp connect error: Connection refused (os error 111)');
    const e = explainAccountError(raw, { hostKind: 'custom', hostUrl: 'http://127.0.0.1:9' });
    expect(e.message).toBe('Nothing answered at http://127.0.0.1:9 — is the address right and the server running?');
    expect(e.field).toBe('hostUrl');
    const worded = new HostError('network', 'Nothing answered at https://x: is the address right and the server running?');
    expect(explainAccountError(worded, { hostKind: 'selfHosted', hostUrl: 'https://x' }).message).toBe(worded.message);
    expect(explainAccountError(new HostError('internal', 'relative URL without a base'), { hostKind: 'custom', hostUrl: 'x' })).toMatchObject({
      field: 'hostUrl',
      message: 'Add https:// in front of the address.',
    });
    expect(explainAccountError(new HostError('unauthorized', 'refused'), { hostKind: 'cloud', hostUrl: null }).field).toBe('token');
    const named = new HostError('validation', 'Give the account a name.', null, 'name');
    expect(explainAccountError(named, { hostKind: 'cloud', hostUrl: null })).toBe(named);
  });
});

describe('small things', () => {
  it('a long key is shortened in the middle for a toast', () => {
    const k = `A${'B'.repeat(100)}Z`;
    expect(shortKey(k)).toHaveLength(40);
    expect(shortKey(k).startsWith('AB')).toBe(true);
    expect(shortKey(k).endsWith('BZ')).toBe(true);
    expect(shortKey('SHORT')).toBe('SHORT');
    expect(whatWasDeleted(['A', 'B'])).toBe('2 secrets');
  });
  it('dates are unambiguous', () => {
    expect(fullTime(Date.parse('2024-03-04T05:06:07Z'))).toMatch(/^2024-03-0[34] \d\d:\d\d$/);
    expect(fullTime(null)).toBe('');
    expect(fullTime(Number.NaN)).toBe('');
  });
  it('the folder on screen stays in the tree when empty', () => {
    const t = buildTree([{ path: '/a' }], ['/a/b/c']);
    expect(findNode(t, '/a/b/c')?.count).toBe(0);
    expect(findNode(t, '/a')?.count).toBe(1);
  });
  it('production environments', () => {
    expect(isProductionEnv({ envType: 'prod', name: 'Live' })).toBe(true);
    expect(isProductionEnv({ envType: 'custom', name: 'production' })).toBe(true);
    expect(isProductionEnv({ envType: 'staging', name: 'Staging' })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { appMode, appsByMode, appUnavailable } from '../apps';
import type { AppView } from '../bindings';
import { describeReference, findReferences } from '../references';

describe('findReferences', () => {
  it('finds references of the three scopes, left to right, each once', () => {
    const refs = findReferences('pg://${DB_HOST}:${db/PORT}/${staging.NAME}?k=${backend::prod.API_KEY}&again=${DB_HOST}');
    expect(refs.map((r) => [r.text, r.scope])).toEqual([
      ['${DB_HOST}', 'local'],
      ['${db/PORT}', 'local'],
      ['${staging.NAME}', 'env'],
      ['${backend::prod.API_KEY}', 'app'],
    ]);
    expect(refs[2]).toMatchObject({ env: 'staging', key: 'NAME', app: null });
    expect(refs[3]).toMatchObject({ app: 'backend', env: 'prod', key: 'API_KEY' });
    expect(describeReference(refs[0]!)).toBe('DB_HOST in this environment');
    expect(describeReference(refs[2]!)).toBe('NAME in staging');
    expect(describeReference(refs[3]!)).toBe('API_KEY in prod of the app backend');
  });

  it('ignores text that only looks like a reference', () => {
    for (const v of ['plain', '$HOME', '${}', '${{ github.token }}', '${a.}', '${.a}', '${unclosed', 'x}${', '$ {A}']) {
      expect(findReferences(v), v).toEqual([]);
    }
    expect(findReferences('${E2E_1_BASE}-x').map((r) => r.key)).toEqual(['E2E_1_BASE']);
    // A `{` before the closing brace ends the candidate, as the server's parser does.
    expect(findReferences('${A{B}${C}').map((r) => r.text)).toEqual(['${C}']);
  });
});

describe('apps', () => {
  const app = (p: Partial<AppView>): AppView => ({ id: 'a', name: 'A', description: null, sseEnabled: true, disabledReason: null, ...p });

  it('an end-to-end-encrypted app is usable unless the backend gives a reason', () => {
    expect(appUnavailable(app({ sseEnabled: false }))).toBeNull();
    expect(appUnavailable(app({ sseEnabled: false, disabledReason: 'no keys' }))).toBe('no keys');
    expect(appMode(app({ sseEnabled: false }))).toBe('end-to-end');
    expect(appMode(app({}))).toBe('server-side');
  });

  it('groups apps by mode in order of first appearance', () => {
    const apps = [app({ id: '1', sseEnabled: false }), app({ id: '2' }), app({ id: '3', sseEnabled: false })];
    expect(appsByMode(apps).map((g) => [g.label, g.apps.map((a) => a.id)])).toEqual([
      ['End-to-end encrypted', ['1', '3']],
      ['Server-side encrypted', ['2']],
    ]);
    expect(appsByMode([])).toEqual([]);
  });
});

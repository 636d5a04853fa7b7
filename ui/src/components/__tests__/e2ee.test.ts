// End-to-end-encrypted apps in the window: the picker shows each app's mode and leaves an
// E2EE app enabled unless the backend says why not; the editor names `${...}` references.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { row } from '../../lib/__tests__/fixtures';
import { MockBackend } from '../../test/mockBackend';
import { renderApp, rowFor, rows, seed } from '../../test/harness';

let backend: MockBackend;

beforeEach(() => {
  backend = new MockBackend();
  seed(backend);
  backend.apps = [
    { id: 'app1', name: 'Payments', description: null, sseEnabled: true, disabledReason: null },
    { id: 'app3', name: 'Vault', description: null, sseEnabled: false, disabledReason: null },
    { id: 'app2', name: 'Legacy', description: null, sseEnabled: false, disabledReason: 'End-to-end encrypted, and this token has no keys for it.' },
  ];
  backend.install();
});

afterEach(() => {
  cleanup();
  backend.uninstall();
});

const picker = () => screen.getByTestId('app-picker') as HTMLSelectElement;
const option = (id: string) => [...picker().options].find((o) => o.value === id)!;

describe('app picker', () => {
  it('groups the apps by mode; an E2EE app is disabled only with a reason from the backend', async () => {
    renderApp();
    await rows();
    const groups = [...picker().querySelectorAll('optgroup')].map((g) => [g.label, [...g.querySelectorAll('option')].map((o) => o.value)]);
    expect(groups).toEqual([
      ['Server-side encrypted', ['app1']],
      ['End-to-end encrypted', ['app3', 'app2']],
    ]);
    expect(option('app3').disabled).toBe(false);
    expect(option('app3').textContent!.trim()).toBe('Vault');
    expect(option('app2').disabled).toBe(true);
    expect(option('app2').textContent!.trim()).toMatch(/^Legacy — not available: End-to-end encrypted, and this token has no keys/);
    expect(screen.getByTestId('unavailable-apps-button').textContent!.trim()).toBe('1 unavailable');
    await fireEvent.click(screen.getByTestId('unavailable-apps-button'));
    const list = screen.getByTestId('unavailable-apps');
    expect(list.textContent).toContain('Legacy');
    expect(list.textContent).not.toContain('Vault');
  });

  it("shows the chosen app's mode beside the picker", async () => {
    renderApp();
    await rows();
    const badge = screen.getByTestId('app-mode');
    expect(badge.dataset.mode).toBe('server-side');
    expect(badge.textContent!.trim()).toBe('server-side');
    await fireEvent.change(picker(), { target: { value: 'app3' } });
    await waitFor(() => expect(backend.callsOf('list_environments').some((c) => c.appId === 'app3')).toBe(true));
    await waitFor(() => expect(screen.getByTestId('app-mode').dataset.mode).toBe('end-to-end'));
    expect(screen.getByTestId('app-mode').getAttribute('title')).toContain('End-to-end encrypted');
  });

  it('opens an account whose apps are all end-to-end encrypted', async () => {
    backend.apps = [{ id: 'app3', name: 'Vault', description: null, sseEnabled: false, disabledReason: null }];
    renderApp();
    await rows();
    expect(picker().value).toBe('app3');
    expect(screen.queryByTestId('unavailable-apps-button')).toBeNull();
  });
});

describe('editor', () => {
  it('names the references in the value as written', async () => {
    backend.rows = [...backend.rows, row({ id: 's9', key: 'REF', path: '/' })];
    backend.values.set('s9', '${BASE}-x/${staging.HOST}');
    renderApp();
    await rows();
    await fireEvent.click(within(rowFor('REF')).getByTestId('edit-button'));
    const refs = await screen.findByTestId('value-references');
    const items = within(refs).getAllByTestId('value-reference');
    expect(items.map((r) => [r.textContent, r.dataset.scope])).toEqual([
      ['${BASE}', 'local'],
      ['${staging.HOST}', 'env'],
    ]);
    expect(items[0]!.getAttribute('title')).toBe('BASE in this environment');
    // They follow what is typed.
    const field = screen.getByTestId('field-value') as HTMLInputElement;
    expect(field.value).toBe('${BASE}-x/${staging.HOST}');
    await fireEvent.input(field, { target: { value: 'literal' } });
    await waitFor(() => expect(screen.queryByTestId('value-references')).toBeNull());
  });

  it('shows no reference line for a plain value', async () => {
    renderApp();
    await rows();
    await fireEvent.click(within(rowFor('DB_URL')).getByTestId('edit-button'));
    await waitFor(() => expect(screen.queryByTestId('field-value-loading')).toBeNull());
    expect(screen.queryByTestId('value-references')).toBeNull();
  });
});

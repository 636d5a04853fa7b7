import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { emit } from '@tauri-apps/api/event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { row } from '../../lib/__tests__/fixtures';
import { DeskStore } from '../../lib/store.svelte';
import { MockBackend, ipcError } from '../../test/mockBackend';

// The store is created outside the component, as main.ts does.
const renderApp = () => render(App, { store: new DeskStore() });

let backend: MockBackend;

function seed(b: MockBackend) {
  b.rows = [
    row({ id: 's1', key: 'DB_URL', path: '/backend', tags: ['db', 'prod'], comment: 'primary', version: 4 }),
    row({ id: 's2', key: 'API_KEY', path: '/', tags: ['web'], hasOverride: true, overrideActive: true }),
    row({ id: 's3', key: 'LOG_LEVEL', path: '/backend/logging', kind: 'config', configValue: 'debug' }),
    row({ id: 's4', key: 'SIGNING_KEY', path: '/', kind: 'sealed' }),
    row({ id: 's5', key: 'ROTATED_PW', path: '/', rotating: true }),
  ];
  b.values.set('s1', 'postgres://db:5432');
  b.values.set('s2', 'shared-api');
  b.overrides.set('s2', 'my-api');
  b.values.set('s5', 'rot');
}

beforeEach(() => {
  backend = new MockBackend();
  seed(backend);
  backend.install();
  window.__PHASE_DESK_READY__ = false;
});

afterEach(() => {
  cleanup();
  backend.uninstall();
});

async function rows() {
  await screen.findAllByTestId('secret-row');
  return screen.getAllByTestId('secret-row');
}

function rowFor(key: string): HTMLElement {
  const el = screen.getAllByTestId('secret-row').find((r) => r.dataset.key === key);
  if (!el) throw new Error(`no row ${key}`);
  return el;
}

describe('main screen', () => {
  it('lists the rows of list_secrets with masked, config and sealed values', async () => {
    renderApp();
    const rs = await rows();
    expect(rs.map((r) => r.dataset.key).sort()).toEqual(['API_KEY', 'DB_URL', 'LOG_LEVEL', 'ROTATED_PW', 'SIGNING_KEY']);
    expect(backend.callsOf('list_secrets')[0]).toEqual({ appId: 'app1', env: 'Development', tags: [], path: null });
    expect(within(rowFor('DB_URL')).getByTestId('row-value').textContent).toBe('••••••••');
    expect(rowFor('DB_URL').dataset.path).toBe('/backend');
    expect(rowFor('DB_URL').dataset.id).toBe('s1');
    expect(within(rowFor('LOG_LEVEL')).getByTestId('row-value').textContent).toBe('debug');
    expect(within(rowFor('SIGNING_KEY')).getByTestId('row-value').textContent).toBe('sealed');
    expect(within(rowFor('SIGNING_KEY')).getByTestId('reveal-button')).toHaveProperty('disabled', true);
    // rotating: read-only
    expect(within(rowFor('ROTATED_PW')).queryByTestId('edit-button')).toBeNull();
    expect(within(rowFor('ROTATED_PW')).queryByTestId('delete-button')).toBeNull();
    // folders with counts that include subfolders
    const backendNode = screen.getAllByTestId('folder-node').find((n) => n.dataset.path === '/backend')!;
    expect(backendNode.textContent).toContain('2');
    // app picker: the SSE-off app is disabled
    const picker = screen.getByTestId('app-picker') as HTMLSelectElement;
    expect([...picker.options].find((o) => o.value === 'app2')!.disabled).toBe(true);
    const tabs = screen.getAllByTestId('env-tab');
    expect(tabs.map((t) => t.dataset.env)).toEqual(['Development', 'Production']);
    expect(tabs[0].getAttribute('aria-selected')).toBe('true');
    await waitFor(() => expect(window.__PHASE_DESK_READY__).toBe(true));
    // values never fetched just by listing
    expect(backend.callsOf('reveal_value')).toHaveLength(0);
  });

  it('reveal calls reveal_value for the effective value and toggles back', async () => {
    renderApp();
    await rows();
    await fireEvent.click(within(rowFor('DB_URL')).getByTestId('reveal-button'));
    await waitFor(() => expect(within(rowFor('DB_URL')).getByTestId('row-value').textContent).toBe('postgres://db:5432'));
    expect(backend.callsOf('reveal_value')).toEqual([{ appId: 'app1', env: 'Development', secretId: 's1', which: 'effective' }]);
    await fireEvent.click(within(rowFor('DB_URL')).getByTestId('reveal-button'));
    expect(within(rowFor('DB_URL')).getByTestId('row-value').textContent).toBe('••••••••');
  });

  it('folder selection, breadcrumbs and tag chips (server-side ANY filter)', async () => {
    renderApp();
    await rows();
    const node = screen.getAllByTestId('folder-node').find((n) => n.dataset.path === '/backend')!;
    await fireEvent.click(node);
    expect(node.getAttribute('aria-current')).toBe('page');
    expect(screen.getAllByTestId('secret-row').map((r) => r.dataset.key).sort()).toEqual(['DB_URL', 'LOG_LEVEL']);
    expect(screen.getByTestId('breadcrumbs').textContent).toContain('backend');
    await fireEvent.click(screen.getByTestId('include-subfolders'));
    expect(screen.getAllByTestId('secret-row').map((r) => r.dataset.key)).toEqual(['DB_URL']);

    const chip = screen.getAllByTestId('tag-chip').find((c) => c.dataset.tag === 'web')!;
    await fireEvent.click(screen.getAllByTestId('folder-node').find((n) => n.dataset.path === '/')!);
    await fireEvent.click(chip);
    await waitFor(() => expect(backend.callsOf('list_secrets').at(-1)).toEqual({ appId: 'app1', env: 'Development', tags: ['web'], path: null }));
    expect(chip.getAttribute('aria-pressed')).toBe('true');
    // chips of the unfiltered listing stay
    await waitFor(() => expect(screen.getAllByTestId('tag-chip').map((c) => c.dataset.tag)).toEqual(['db', 'prod', 'web']));
  });

  it('search matches keys and comments, qualifiers, and values through search_values', async () => {
    renderApp();
    await rows();
    const input = screen.getByTestId('search-input');
    await fireEvent.input(input, { target: { value: 'primary' } });
    expect(screen.getAllByTestId('secret-row').map((r) => r.dataset.key)).toEqual(['DB_URL']);
    await fireEvent.input(input, { target: { value: 'type:config' } });
    expect(screen.getAllByTestId('secret-row').map((r) => r.dataset.key)).toEqual(['LOG_LEVEL']);
    await fireEvent.input(input, { target: { value: 'is:overridden' } });
    expect(screen.getAllByTestId('secret-row').map((r) => r.dataset.key)).toEqual(['API_KEY']);
    await fireEvent.input(input, { target: { value: 'shared-api' } });
    await waitFor(() => expect(screen.getAllByTestId('secret-row').map((r) => r.dataset.key)).toEqual(['API_KEY']));
    expect(backend.callsOf('search_values').at(-1)).toEqual({ appId: 'app1', env: 'Development', needle: 'shared-api' });
    await fireEvent.input(input, { target: { value: 'nothing-matches-this' } });
    await screen.findByTestId('empty-state');
  });

  it('shows an empty state for an empty environment', async () => {
    backend.rows = [];
    renderApp();
    const empty = await screen.findByTestId('empty-state');
    expect(empty.textContent).toContain('No secrets in Development yet');
  });

  it('shows the error banner with the server message and retries', async () => {
    let fail = true;
    backend.handlers.list_secrets = (_a, b) => {
      if (fail) throw ipcError('forbidden', 'You do not have access to this environment');
      return b.list();
    };
    renderApp();
    const banner = await screen.findByTestId('error-banner');
    expect(banner.textContent).toContain('You do not have access to this environment');
    fail = false;
    await fireEvent.click(screen.getByTestId('retry-button'));
    await rows();
  });

  it('renders only a window of a 10,000-row list', async () => {
    backend.rows = Array.from({ length: 10_000 }, (_, i) => row({ id: `r${i}`, key: `KEY_${String(i).padStart(5, '0')}` }));
    renderApp();
    const rs = await rows();
    expect(rs.length).toBeGreaterThan(10);
    expect(rs.length).toBeLessThan(60);
    expect(rs[0].dataset.key).toBe('KEY_00000');
  });

  it('toggles an override in one click', async () => {
    renderApp();
    await rows();
    const toggle = within(rowFor('API_KEY')).getByTestId('override-toggle') as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    expect(toggle.disabled).toBe(false);
    await fireEvent.click(toggle);
    await waitFor(() => expect(backend.callsOf('set_override')).toEqual([{ appId: 'app1', env: 'Development', secretId: 's2', value: null, active: false }]));
    await waitFor(() => expect((within(rowFor('API_KEY')).getByTestId('override-toggle') as HTMLInputElement).checked).toBe(false));
    // no override yet: no switch, a dash with an explanation
    expect(within(rowFor('DB_URL')).queryByTestId('override-toggle')).toBeNull();
    expect(within(rowFor('DB_URL')).getByTestId('override-none').title).toMatch(/Set override/);
  });

  it('service accounts get a disabled override toggle with the note', async () => {
    backend.canOverride = false;
    backend.overrideNote = 'Service accounts cannot have personal overrides.';
    renderApp();
    await rows();
    for (const t of [...screen.getAllByTestId('override-toggle'), ...screen.getAllByTestId('override-none')] as HTMLInputElement[]) {
      if (t.tagName === 'INPUT') expect(t.disabled).toBe(true);
      expect(t.title).toBe('Service accounts cannot have personal overrides.');
    }
    expect(screen.getByTestId('override-note').textContent).toContain('Service accounts cannot have personal overrides.');
  });

  it('copy asks Rust to copy and shows the clear delay', async () => {
    renderApp();
    await rows();
    await fireEvent.click(within(rowFor('DB_URL')).getByTestId('copy-button'));
    await waitFor(() => expect(backend.callsOf('copy_value')).toEqual([{ appId: 'app1', env: 'Development', secretId: 's1', which: 'effective' }]));
    const toast = await screen.findByText(/Copied DB_URL — clears in 30 s/);
    expect(toast.closest('[data-testid="toast"]')!.getAttribute('data-kind')).toBe('info');
    await fireEvent.click(within(rowFor('API_KEY')).getByTestId('copy-shared-button'));
    await waitFor(() => expect(backend.callsOf('copy_value').at(-1)).toMatchObject({ secretId: 's2', which: 'shared' }));
  });
});

describe('opening an account', () => {
  it('reopens the remembered environment and folder', async () => {
    backend.state.accounts[0].last = { appId: 'app1', appName: 'Payments', env: 'production', folder: '/backend' };
    renderApp();
    await rows();
    expect(backend.callsOf('list_secrets')[0]).toEqual({ appId: 'app1', env: 'Production', tags: [], path: null });
    expect(screen.getByTestId('breadcrumbs').textContent).toContain('backend');
  });

  it('says why the apps could not be listed, and Retry opens the account', async () => {
    let fail = true;
    backend.handlers.list_apps = (_a, b) => {
      if (fail) throw ipcError('network', 'Could not reach the server');
      return b.apps;
    };
    renderApp();
    const banner = await screen.findByTestId('error-banner');
    expect(banner.textContent).toContain('Could not list apps.');
    expect(banner.textContent).toContain('Could not reach the server');
    fail = false;
    await fireEvent.click(screen.getByTestId('retry-button'));
    await rows();
    expect(backend.callsOf('open_account')).toHaveLength(1);
  });

  it('asks for an app id when the server has no apps route, and opens the remembered one', async () => {
    backend.handlers.list_apps = () => {
      throw ipcError('notFound', 'Not found');
    };
    renderApp();
    expect((await screen.findByTestId('empty-state')).textContent).toContain('This server does not list apps');
    expect(backend.callsOf('list_secrets')).toHaveLength(0);

    cleanup();
    backend.state.accounts[0].last = { appId: 'app1', appName: null, env: 'Development', folder: null };
    renderApp();
    await rows();
    expect(backend.callsOf('list_secrets')[0]).toEqual({ appId: 'app1', env: 'Development', tags: [], path: null });
  });

  it('keeps the apps when the environments fail, and Retry lists them again', async () => {
    let fail = true;
    backend.handlers.list_environments = (_a, b) => {
      if (fail) throw ipcError('forbidden', 'No access to this app');
      return b.envs;
    };
    renderApp();
    const banner = await screen.findByTestId('error-banner');
    expect(banner.textContent).toContain('Could not list environments.');
    expect(backend.callsOf('list_secrets')).toHaveLength(0);
    fail = false;
    await fireEvent.click(within(banner).getByRole('button', { name: 'Retry' }));
    await rows();
  });
});

describe('editor', () => {
  it('saves only the changed fields', async () => {
    renderApp();
    await rows();
    await fireEvent.click(within(rowFor('DB_URL')).getByTestId('edit-button'));
    const editor = await screen.findByTestId('secret-editor');
    await waitFor(() => expect((within(editor).getByTestId('field-value') as HTMLInputElement).value).toBe('postgres://db:5432'));
    expect(backend.callsOf('value_for_editing')[0]).toEqual({ appId: 'app1', env: 'Development', secretId: 's1', which: 'shared' });
    await fireEvent.input(within(editor).getByTestId('field-comment'), { target: { value: 'replica-aware' } });
    await fireEvent.input(within(editor).getByTestId('field-tags'), { target: { value: 'db, prod, infra' } });
    await fireEvent.click(within(editor).getByTestId('save-button'));
    await waitFor(() => expect(backend.callsOf('update_secret')).toHaveLength(1));
    expect(backend.callsOf('update_secret')[0]).toEqual({
      appId: 'app1',
      env: 'Development',
      secretId: 's1',
      baseVersion: 4,
      changes: { key: null, value: null, comment: 'replica-aware', tags: ['db', 'prod', 'infra'], path: null, kind: null },
      force: false,
    });
    await waitFor(() => expect(screen.queryByTestId('secret-editor')).toBeNull());
    expect(rowFor('DB_URL').textContent).toContain('replica-aware');
  });

  it('sealed: never fetches the value; type is locked; empty value is not sent', async () => {
    renderApp();
    await rows();
    await fireEvent.click(within(rowFor('SIGNING_KEY')).getByTestId('edit-button'));
    const editor = await screen.findByTestId('secret-editor');
    const value = within(editor).getByTestId('field-value') as HTMLTextAreaElement;
    expect(value.value).toBe('');
    expect(value.placeholder).toBe('unchanged (sealed values are write-only)');
    expect((within(editor).getByTestId('field-type') as HTMLSelectElement).disabled).toBe(true);
    await fireEvent.input(within(editor).getByTestId('field-comment'), { target: { value: 'rotated' } });
    await fireEvent.click(within(editor).getByTestId('save-button'));
    await waitFor(() => expect(backend.callsOf('update_secret')).toHaveLength(1));
    expect((backend.callsOf('update_secret')[0].changes as { value: unknown }).value).toBeNull();
    expect(backend.callsOf('reveal_value')).toHaveLength(0);
  });

  it('keeps the input and shows the error when a save fails', async () => {
    backend.handlers.update_secret = () => {
      throw ipcError('duplicateKey', 'Duplicate secret found', { field: 'key' });
    };
    renderApp();
    await rows();
    await fireEvent.click(within(rowFor('DB_URL')).getByTestId('edit-button'));
    const editor = await screen.findByTestId('secret-editor');
    await fireEvent.input(within(editor).getByTestId('field-key'), { target: { value: 'api key' } });
    await fireEvent.click(within(editor).getByTestId('save-button'));
    const err = await within(editor).findByTestId('editor-error');
    expect(err.textContent).toContain('Duplicate secret found');
    expect((within(editor).getByTestId('field-key') as HTMLInputElement).value).toBe('API_KEY');
  });

  it('conflict: keep mine resends with force over their version', async () => {
    let first = true;
    backend.handlers.update_secret = (args, b) => {
      if (first) {
        first = false;
        return { outcome: 'conflict', theirs: { ...b.rows[0], version: 7, comment: 'theirs' }, theirValueChanged: false };
      }
      return { outcome: 'saved', row: { ...b.rows[0], version: 8, comment: (args.changes as { comment: string }).comment } };
    };
    renderApp();
    await rows();
    await fireEvent.click(within(rowFor('DB_URL')).getByTestId('edit-button'));
    const editor = await screen.findByTestId('secret-editor');
    await fireEvent.input(within(editor).getByTestId('field-comment'), { target: { value: 'mine' } });
    await fireEvent.click(within(editor).getByTestId('save-button'));
    const dialog = await screen.findByTestId('conflict-dialog');
    expect(dialog.textContent).toContain('theirs');
    expect(dialog.textContent).toContain('mine');
    await fireEvent.click(screen.getByTestId('conflict-keep-mine'));
    await waitFor(() => expect(backend.callsOf('update_secret')).toHaveLength(2));
    expect(backend.callsOf('update_secret')[1]).toMatchObject({ secretId: 's1', baseVersion: 7, force: true, changes: { comment: 'mine', value: null } });
    await waitFor(() => expect(screen.queryByTestId('conflict-dialog')).toBeNull());
  });

  it('new secret: key normalised as typed, one create_secrets call', async () => {
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('new-secret-button'));
    const editor = await screen.findByTestId('secret-editor');
    const key = within(editor).getByTestId('field-key') as HTMLInputElement;
    await fireEvent.input(key, { target: { value: 'new api-key' } });
    expect(key.value).toBe('NEW_API_KEY');
    await fireEvent.input(within(editor).getByTestId('field-value'), { target: { value: 'v' } });
    await fireEvent.click(within(editor).getByTestId('save-button'));
    await waitFor(() => expect(backend.callsOf('create_secrets')).toHaveLength(1));
    expect(backend.callsOf('create_secrets')[0]).toEqual({
      appId: 'app1',
      env: 'Development',
      drafts: [{ key: 'NEW_API_KEY', value: 'v', comment: '', tags: [], path: '/', kind: 'secret', overrideValue: null, overrideActive: true }],
    });
  });
});

describe('batch paste', () => {
  it('sends the pasted text once, and only when every line is valid', async () => {
    backend.handlers.preview_batch = (args) => {
      const text = String((args as { text: string }).text);
      return text.split('\n').map((l, i) => ({
        line: i + 1,
        key: l.split('=')[0],
        valueChars: 1,
        error: l.includes('=') ? null : 'Expected KEY=VALUE.',
      }));
    };
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('batch-button'));
    const text = await screen.findByTestId('batch-text');
    await fireEvent.input(text, { target: { value: 'A=1\nbroken' } });
    await waitFor(() => expect(screen.getAllByTestId('batch-line')).toHaveLength(2));
    expect((screen.getByTestId('batch-submit') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(text, { target: { value: 'A=1\nB=2' } });
    await waitFor(() => expect((screen.getByTestId('batch-submit') as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId('batch-submit'));
    await waitFor(() => expect(backend.callsOf('create_batch')).toHaveLength(1));
    expect(backend.callsOf('create_batch')[0]).toEqual({ appId: 'app1', env: 'Development', text: 'A=1\nB=2', path: '/' });
    expect(backend.callsOf('create_secrets')).toHaveLength(0);
  });
});

describe('delete and undo', () => {
  it('confirms naming the key, deletes, then undoes', async () => {
    renderApp();
    await rows();
    await fireEvent.click(within(rowFor('DB_URL')).getByTestId('delete-button'));
    const dlg = await screen.findByTestId('confirm-dialog');
    expect(dlg.textContent).toContain('DB_URL');
    await fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(backend.callsOf('delete_secrets')).toEqual([{ appId: 'app1', env: 'Development', secretIds: ['s1'] }]));
    await waitFor(() => expect(screen.queryAllByTestId('secret-row').some((r) => r.dataset.key === 'DB_URL')).toBe(false));
    const toast = await waitFor(() => screen.getAllByTestId('toast').find((t) => t.dataset.kind === 'undo')!);
    expect(toast.textContent).toContain('Deleted DB_URL');
    await fireEvent.click(within(toast).getByTestId('undo-button'));
    await waitFor(() => expect(backend.callsOf('undo_delete')).toEqual([{ undoId: 'undo-1' }]));
    await waitFor(() => expect(screen.getAllByTestId('secret-row').some((r) => r.dataset.key === 'DB_URL')).toBe(true));
  });

  it('bulk delete of the selected rows', async () => {
    renderApp();
    await rows();
    await fireEvent.click(within(rowFor('DB_URL')).getByTestId('row-select'));
    await fireEvent.click(within(rowFor('API_KEY')).getByTestId('row-select'));
    await fireEvent.click(screen.getByTestId('delete-selected-button'));
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(backend.callsOf('delete_secrets')).toHaveLength(1));
    expect((backend.callsOf('delete_secrets')[0].secretIds as string[]).sort()).toEqual(['s1', 's2']);
  });
});

describe('rate limits', () => {
  it('shows a live countdown in the table while a listing waits, keeps the rows, and can cancel', async () => {
    renderApp();
    await rows();
    backend.holdListings = true;
    await fireEvent.click(screen.getByTestId('refresh-button'));
    await emit('rate-limited', { waitSecs: 42, attempt: 1, source: 'server' });
    const countdown = await screen.findByTestId('rate-limit-countdown');
    expect(countdown.textContent).toMatch(/4[12] s/);
    // In the table's status bar, not in a toast; the rows from before stay; Refresh stays usable.
    expect(countdown.closest('[data-testid="list-status"]')).not.toBeNull();
    expect(screen.queryAllByTestId('toast').some((t) => t.dataset.kind === 'rateLimit')).toBe(false);
    expect(screen.getAllByTestId('secret-row')).toHaveLength(5);
    expect(screen.queryByTestId('loading')).toBeNull();
    expect((screen.getByTestId('refresh-button') as HTMLButtonElement).disabled).toBe(false);
    backend.releaseListings();
    await waitFor(() => expect(screen.queryByTestId('rate-limit-countdown')).toBeNull());
    await waitFor(() => expect(screen.queryByTestId('list-status')).toBeNull());
  });

  it('a rate-limit wait for another call shows as a toast', async () => {
    renderApp();
    await rows();
    let release: (v: unknown) => void = () => {};
    backend.handlers.copy_value = () => new Promise((r) => (release = () => r({ clearsInSecs: null })));
    await fireEvent.click(within(rowFor('DB_URL')).getByTestId('copy-button'));
    await emit('rate-limited', { waitSecs: 42, attempt: 1, source: 'server' });
    const countdown = await screen.findByTestId('rate-limit-countdown');
    expect(countdown.closest('[data-testid="toast"]')!.getAttribute('data-kind')).toBe('rateLimit');
    release(null);
    await waitFor(() => expect(screen.queryByTestId('rate-limit-countdown')).toBeNull());
  });

  it('a rateLimited listing error counts down, keeps the rows marked stale', async () => {
    renderApp();
    await rows();
    backend.handlers.list_secrets = () => {
      throw ipcError('rateLimited', 'Too many requests', { retryAfter: 30 });
    };
    await fireEvent.click(screen.getByTestId('refresh-button'));
    const banner = await screen.findByTestId('error-banner');
    expect(within(banner).getByTestId('retry-countdown').textContent).toMatch(/(30|29) s/);
    expect(screen.getByTestId('secret-table').dataset.stale).toBe('true');
    expect(screen.getAllByTestId('secret-row')).toHaveLength(5);
  });
});

describe('accounts', () => {
  it('add-account error keeps every field and offers session-only on keychain errors', async () => {
    backend = new MockBackend([]);
    backend.install();
    let attempt = 0;
    backend.handlers.add_account = (args) => {
      attempt++;
      if (attempt === 1) throw ipcError('unauthorized', 'Token expired or deleted');
      if (attempt === 2) throw ipcError('keychainUnavailable', 'No keychain is available: start a Secret Service provider');
      return { ...(args.input as object), id: 'acc-new', host: 'https://x', fingerprint: '00', isSandbox: false, last: null };
    };
    renderApp();
    await fireEvent.click(await screen.findByTestId('add-account-button'));
    await fireEvent.input(screen.getByTestId('account-name'), { target: { value: 'Team' } });
    await fireEvent.change(screen.getByTestId('account-host-kind'), { target: { value: 'selfHosted' } });
    await fireEvent.input(await screen.findByTestId('account-host-url'), { target: { value: 'https://phase.example.com' } });
    await fireEvent.change(screen.getByTestId('account-token-kind'), { target: { value: 'ServiceAccount' } });
    await fireEvent.input(screen.getByTestId('account-token'), { target: { value: 'pss_service:v2:abc' } });
    await fireEvent.click(screen.getByTestId('account-submit'));
    const err = await screen.findByTestId('account-error');
    expect(err.textContent).toContain('Token expired or deleted');
    expect((screen.getByTestId('account-name') as HTMLInputElement).value).toBe('Team');
    expect((screen.getByTestId('account-host-kind') as HTMLSelectElement).value).toBe('selfHosted');
    expect((screen.getByTestId('account-host-url') as HTMLInputElement).value).toBe('https://phase.example.com');
    expect((screen.getByTestId('account-token-kind') as HTMLSelectElement).value).toBe('ServiceAccount');
    expect((screen.getByTestId('account-token') as HTMLInputElement).value).toBe('pss_service:v2:abc');
    expect(backend.callsOf('add_account')[0]).toEqual({
      input: { name: 'Team', hostKind: 'selfHosted', hostUrl: 'https://phase.example.com', tokenKind: 'ServiceAccount', token: 'pss_service:v2:abc', sessionOnly: false },
    });

    await fireEvent.click(screen.getByTestId('account-submit'));
    await waitFor(() => expect(screen.getByTestId('account-error').textContent).toContain('No keychain'));
    await fireEvent.click(screen.getByTestId('account-session-only-button'));
    await waitFor(() => expect(backend.callsOf('add_account')).toHaveLength(3));
    expect((backend.callsOf('add_account')[2].input as { sessionOnly: boolean }).sessionOnly).toBe(true);
    await waitFor(() => expect(backend.callsOf('switch_account')).toEqual([{ accountId: 'acc-new' }]));
  });

  it('remove account asks for confirmation naming the account', async () => {
    backend.handlers.remove_account = (_a, b) => ({ ...b.state, accounts: [], activeAccountId: null });
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('account-menu-button'));
    await fireEvent.click(screen.getByTestId('remove-account-button'));
    const dlg = await screen.findByTestId('confirm-dialog');
    expect(dlg.textContent).toContain('Work');
    await fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(backend.callsOf('remove_account')).toEqual([{ accountId: 'acc1' }]));
  });
});

// What was seen in the window against a real Phase server: 401s, rate limits, slow listings,
// cut-off texts, overrides that looked alike, token names.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { account, ipcError, MockBackend } from '../../test/mockBackend';
import { keys, nameOf, renderApp, rowFor, rows, seed } from '../../test/harness';

let backend: MockBackend;

beforeEach(() => {
  backend = new MockBackend();
  seed(backend);
  backend.install();
});

afterEach(() => {
  cleanup();
  backend.uninstall();
});

describe('401 on a listing', () => {
  it('offers Replace token, marks the rows stale, and lists again once replaced', async () => {
    renderApp();
    await rows();
    let refused = true;
    backend.handlers.list_secrets = (_a, b) => {
      if (refused) throw ipcError('unauthorized', 'Token expired or deleted');
      return b.list();
    };
    await fireEvent.click(screen.getByTestId('refresh-button'));
    const banner = await screen.findByTestId('error-banner');
    expect(banner.textContent).toContain('Token expired or deleted');
    // The rows from before stay, visibly marked as such.
    expect(screen.getByTestId('secret-table').dataset.stale).toBe('true');
    expect(screen.getByTestId('stale-note').textContent).toContain('Shown from before the error');
    expect(keys()).toHaveLength(5);

    await fireEvent.click(within(banner).getByTestId('replace-token-banner-button'));
    const dialog = await screen.findByTestId('replace-token-dialog');
    expect(dialog.textContent).toContain('Work');
    expect(within(dialog).getByTestId('replace-token-forms').textContent).toContain('pss_user:v1:');
    expect(within(dialog).getByTestId('replace-token-forms').textContent).toContain('Bearer User');
    await fireEvent.input(within(dialog).getByTestId('replace-token'), { target: { value: 'pss_user:v1:new' } });
    refused = false;
    const listsBefore = backend.callsOf('list_secrets').length;
    await fireEvent.click(within(dialog).getByTestId('replace-token-submit'));
    await waitFor(() => expect(backend.callsOf('replace_token')).toEqual([{ accountId: 'acc1', token: 'pss_user:v1:new', sessionOnly: false }]));
    // The action that failed runs again: the listing (not the whole account).
    await waitFor(() => expect(backend.callsOf('list_secrets').length).toBe(listsBefore + 1));
    await waitFor(() => expect(screen.queryByTestId('error-banner')).toBeNull());
    expect(screen.getByTestId('secret-table').dataset.stale).toBe('false');
    expect(screen.queryByTestId('stale-note')).toBeNull();
    expect(backend.callsOf('open_account')).toHaveLength(0);
  });

  it('a 401 when listing apps also offers Replace token, then opens the account', async () => {
    let refused = true;
    backend.handlers.list_apps = (_a, b) => {
      if (refused) throw ipcError('unauthorized', 'Token expired or deleted');
      return b.apps;
    };
    renderApp();
    const banner = await screen.findByTestId('error-banner');
    await fireEvent.click(within(banner).getByTestId('replace-token-banner-button'));
    const dialog = await screen.findByTestId('replace-token-dialog');
    await fireEvent.input(within(dialog).getByTestId('replace-token'), { target: { value: 'Bearer User abc' } });
    refused = false;
    await fireEvent.click(within(dialog).getByTestId('replace-token-submit'));
    await rows();
    expect(backend.callsOf('open_account')).toHaveLength(1);
  });

  it('other errors offer only Retry', async () => {
    backend.handlers.list_secrets = () => {
      throw ipcError('forbidden', 'No access');
    };
    renderApp();
    const banner = await screen.findByTestId('error-banner');
    expect(within(banner).queryByTestId('replace-token-banner-button')).toBeNull();
    expect(within(banner).getByTestId('retry-button')).toBeTruthy();
  });
});

describe('the first frame', () => {
  it('draws the shell and the rows of a listing that comes at once together, never the loading state', async () => {
    const busyStates: string[] = [];
    const seen = new MutationObserver(() => {
      const table = document.querySelector('[data-testid=secret-table]');
      if (table) busyStates.push(table.getAttribute('aria-busy') ?? '');
    });
    seen.observe(document.body, { subtree: true, childList: true, attributes: true });
    renderApp();
    expect(await rows()).toHaveLength(5);
    seen.disconnect();
    expect(busyStates.length).toBeGreaterThan(0);
    expect(busyStates).not.toContain('true');
  });
});

describe('slow listings', () => {
  it('the first one after opening leaves the app picker usable, and choosing another app stops it', async () => {
    backend.apps = [...backend.apps, { id: 'app3', name: 'Billing', description: null, sseEnabled: true, disabledReason: null }];
    backend.holdListings = true;
    renderApp();
    await waitFor(() => expect(backend.heldListings).toBe(1));
    // The shell waits a moment for the listing, then draws without it.
    const picker = (await screen.findByTestId('app-picker')) as HTMLSelectElement;
    await waitFor(() => expect(screen.getByTestId('secret-table').getAttribute('aria-busy')).toBe('true'));
    expect(picker.disabled).toBe(false);
    expect(picker.value).toBe('app1');
    expect(Array.from(picker.options).map((o) => o.textContent?.trim())).toContain('Billing');
    expect(screen.getByTestId('secret-table').getAttribute('aria-busy')).toBe('true');

    await fireEvent.change(picker, { target: { value: 'app3' } });
    await waitFor(() => expect(backend.callsOf('cancel_listing')).toHaveLength(1));
    await waitFor(() => expect(backend.heldListings).toBe(1));
    expect(backend.callsOf('list_secrets').at(-1)).toMatchObject({ appId: 'app3' });
    backend.releaseListings();
    expect(await rows()).toHaveLength(5);
  });

  it('show the elapsed time and can be cancelled, keeping the rows', async () => {
    renderApp();
    await rows();
    backend.holdListings = true;
    await fireEvent.click(screen.getByTestId('refresh-button'));
    const status = await screen.findByTestId('list-status');
    expect(status.dataset.state).toBe('loading');
    expect(screen.getByTestId('secret-table').getAttribute('aria-busy')).toBe('true');
    expect(keys()).toHaveLength(5);
    // Seconds tick.
    await waitFor(() => expect(screen.getByTestId('list-elapsed').textContent).toMatch(/^[1-9]\d* s$/), { timeout: 2500 });
    await fireEvent.click(screen.getByTestId('cancel-listing-button'));
    await waitFor(() => expect(backend.callsOf('cancel_listing')).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId('list-status').dataset.state).toBe('cancelled'));
    expect(backend.heldListings).toBe(0);
    // Cancelled is not an error; the last rows stay and are not marked stale.
    expect(screen.queryByTestId('error-banner')).toBeNull();
    expect(keys()).toHaveLength(5);
    expect(screen.getByTestId('secret-table').getAttribute('aria-busy')).toBe('false');
    expect(screen.getByTestId('secret-table').dataset.stale).toBe('false');

    backend.holdListings = false;
    await fireEvent.click(screen.getByTestId('load-again-button'));
    await waitFor(() => expect(screen.queryByTestId('list-status')).toBeNull());
  });

  it('list the folder on screen first when the last full listing was slow', async () => {
    backend.listElapsedMs = 3500;
    backend.envs.push({ id: 'e3', name: 'Staging', envType: 'staging', index: 2 });
    const tab = (env: string) => screen.getAllByTestId('env-tab').find((t) => t.dataset.env === env)!;
    renderApp();
    await rows();
    // Production and Staging were never listed: one full listing each.
    await fireEvent.click(tab('Production'));
    await waitFor(() => expect(backend.callsOf('list_secrets').at(-1)).toMatchObject({ env: 'Production', path: null }));
    await rows();
    await fireEvent.click(tab('Staging'));
    await waitFor(() => expect(backend.callsOf('list_secrets').at(-1)).toMatchObject({ env: 'Staging', path: null }));
    await rows();
    // Development took 3.5 s last time, and its listing is no longer held (the window
    // keeps the last two environments'): its folder on screen first.
    backend.holdListings = true;
    await fireEvent.click(tab('Development'));
    await waitFor(() => expect(backend.heldListings).toBe(1));
    expect(backend.callsOf('list_secrets').at(-1)).toEqual({ appId: 'app1', env: 'Development', tags: [], path: '/' });
    backend.releaseListings();
    // The folder's rows, marked as partial, while the rest loads.
    await waitFor(() => expect(screen.getByTestId('partial-note').textContent).toContain('Showing / while the rest loads'));
    expect(keys()).toEqual(['API_KEY', 'ROTATED_PW', 'SIGNING_KEY']);
    await waitFor(() => expect(backend.heldListings).toBe(1));
    expect(backend.callsOf('list_secrets').at(-1)).toEqual({ appId: 'app1', env: 'Development', tags: [], path: null });
    backend.releaseListings();
    await waitFor(() => expect(keys()).toHaveLength(5));
    await waitFor(() => expect(screen.queryByTestId('list-status')).toBeNull());
  });

  it('a fast environment is listed in one go', async () => {
    renderApp();
    await rows();
    await fireEvent.click(screen.getAllByTestId('env-tab').find((t) => t.dataset.env === 'Production')!);
    await waitFor(() => expect(backend.callsOf('list_secrets').at(-1)).toMatchObject({ env: 'Production', path: null }));
    expect(backend.callsOf('list_secrets').filter((c) => c.path !== null)).toHaveLength(0);
  });
});

describe('readable rows', () => {
  it('a row’s buttons are named after its key, and its tooltips appear under the pointer for the secret shown', async () => {
    renderApp();
    await rows();
    const r = rowFor('DB_URL');
    expect(nameOf(within(r).getByTestId('reveal-button'))).toBe('Reveal DB_URL');
    expect(nameOf(within(r).getByTestId('copy-button'))).toBe('Copy DB_URL');
    expect(nameOf(within(r).getByTestId('delete-button'))).toBe('Delete DB_URL');
    expect(nameOf(within(r).getByTestId('row-select'))).toBe('Select DB_URL');
    const tags = r.querySelector('.c-tags') as HTMLElement;
    const key = r.querySelector('.c-key') as HTMLElement;
    await fireEvent.mouseOver(tags);
    expect(tags.title).toBe('db, prod');
    await fireEvent.mouseOver(within(r).getByTestId('row-key'));
    expect(key.title).toBe('/backend/DB_URL');
    // Only the cell under the pointer carries one.
    expect(tags.title).toBe('');
    // The reveal button's tooltip follows a click while the pointer stays on it.
    const reveal = within(r).getByTestId('reveal-button');
    await fireEvent.mouseOver(reveal);
    expect(reveal.title).toBe('Reveal');
    await fireEvent.click(reveal);
    await waitFor(() => expect(reveal.title).toBe('Hide'));
    await fireEvent.click(reveal);
    await waitFor(() => expect(reveal.title).toBe('Reveal'));
    await fireEvent.mouseOver(within(rowFor('API_KEY')).getByTestId('copy-button'));
    expect(within(rowFor('API_KEY')).getByTestId('copy-button').title).toMatch(/^Copy your value/);
    // The rows shown change: no element keeps a tooltip written for another secret.
    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: 'DB_' } });
    await waitFor(() => expect(keys()).toEqual(['DB_URL']));
    expect(document.querySelectorAll('[data-tip][title]')).toHaveLength(0);
  });

  it('key and folder path are separate, the path is in full in the key cell’s tooltip', async () => {
    renderApp();
    await rows();
    const r = rowFor('DB_URL');
    expect(within(r).getByTestId('row-key').textContent).toBe('DB_URL');
    expect(within(r).getByTestId('row-path').textContent).toBe('/backend');
    await fireEvent.mouseOver(within(r).getByTestId('row-path'));
    expect((r.querySelector('.c-key') as HTMLElement).title).toBe('/backend/DB_URL');
  });

  it('override on, off and none look different', async () => {
    backend.rows.push({ ...backend.rows[0], id: 's6', key: 'OFF_OVERRIDE', hasOverride: true, overrideActive: false });
    renderApp();
    await rows();
    const state = (k: string) => (within(rowFor(k)).getByTestId('override-toggle') as HTMLInputElement).dataset.state;
    expect(state('API_KEY')).toBe('on');
    expect(state('OFF_OVERRIDE')).toBe('off');
    // Without an override there is no switch that could look like an "off" one.
    expect(within(rowFor('DB_URL')).queryByTestId('override-toggle')).toBeNull();
    expect(within(rowFor('DB_URL')).getByTestId('override-none').textContent).toBe('—');
    const off = within(rowFor('OFF_OVERRIDE')).getByTestId('override-toggle') as HTMLInputElement;
    expect(off.title).toMatch(/^Override off/);
    expect(nameOf(off)).toBe('Personal override for OFF_OVERRIDE');
    expect(off.checked).toBe(false);
  });
});

describe('names and hints', () => {
  it('the account switcher names the token kind before the host', async () => {
    backend = new MockBackend([account(), account({ id: 'acc2', name: 'CI', tokenKind: 'ServiceAccount' })]);
    seed(backend);
    backend.install();
    renderApp();
    await rows();
    const opts = [...(screen.getByTestId('account-switcher') as HTMLSelectElement).options].map((o) => o.textContent!.trim());
    expect(opts).toEqual(['Work · Personal Access Token · api.phase.dev', 'CI · Service Account · api.phase.dev']);
  });

  it('the override note of a Service Account says Service Account', async () => {
    backend = new MockBackend([account({ tokenKind: 'ServiceAccount' })]);
    seed(backend);
    backend.canOverride = false;
    backend.overrideNote = 'Personal overrides need a user token; this is a service token.';
    backend.install();
    renderApp();
    await rows();
    const note = screen.getByTestId('override-note').textContent!;
    expect(note).toContain('Service Account');
    expect(note).toContain('Personal Access Token');
    expect(note).not.toContain('service token');
    expect((within(rowFor('API_KEY')).getByTestId('override-toggle') as HTMLInputElement).title).toBe(note.trim());
  });

  it('the add-account form says which token forms are accepted', async () => {
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('add-account-button'));
    const token = (await screen.findByTestId('account-token')) as HTMLInputElement;
    expect(token.placeholder).toBe('pss_user:v1:…');
    expect(screen.getByTestId('account-token-forms').textContent).toMatch(/pss_user:v1:.*Bearer User.*bare token/);
    await fireEvent.change(screen.getByTestId('account-token-kind'), { target: { value: 'ServiceAccount' } });
    expect(token.placeholder).toBe('pss_service:v2:…');
    expect(screen.getByTestId('account-token-forms').textContent).toContain('Bearer ServiceAccount');
    const kinds = [...(screen.getByTestId('account-token-kind') as HTMLSelectElement).options].map((o) => o.textContent!.trim());
    expect(kinds).toEqual(['Personal Access Token', 'Service Account', 'Service token (legacy)']);
  });

  it('why an app is unavailable can be read in full', async () => {
    renderApp();
    await rows();
    const legacy = [...(screen.getByTestId('app-picker') as HTMLSelectElement).options].find((o) => o.value === 'app2')!;
    expect(legacy.textContent!.trim().startsWith('Legacy — not available:')).toBe(true);
    await fireEvent.click(screen.getByTestId('unavailable-apps-button'));
    expect(screen.getByTestId('unavailable-apps').textContent).toContain('End-to-end encrypted: not available through the API');
  });
});

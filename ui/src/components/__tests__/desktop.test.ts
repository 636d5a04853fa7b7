// The desktop around the window: phase-desk:// links, the row menu's "Copy link", the native menu.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/svelte';
import { emit } from '@tauri-apps/api/event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LinkRequest } from '../../lib/bindings';
import { account, MockBackend } from '../../test/mockBackend';
import { renderApp, rowFor, rows, seed } from '../../test/harness';

let backend: MockBackend;
let waiting: LinkRequest | null;

function link(p: Partial<NonNullable<LinkRequest['link']>> = {}): LinkRequest {
  return { link: { account: 'acc1', app: 'app1', env: 'Production', path: '/backend', key: 'DB_URL', ...p }, error: null };
}

beforeEach(() => {
  localStorage.clear(); // the theme starts as 'system': only the menu's event makes it 'light'
  backend = new MockBackend([account(), account({ id: 'acc2', name: 'Personal' })]);
  seed(backend);
  waiting = null;
  backend.handlers.take_link = () => {
    const w = waiting;
    waiting = null;
    return w;
  };
  backend.handlers.copy_link = (a) => `phase-desk://open?app=${a.appId}`;
  backend.install();
});

afterEach(() => {
  cleanup();
  backend.uninstall();
});

/** Waits until the window listens to the desktop's events (they are not queued before). */
async function listening() {
  await waitFor(async () => {
    await emit('menu://theme', 'light');
    expect(document.documentElement.dataset.theme).toBe('light');
  });
}

const toastText = () => screen.queryAllByTestId('toast').map((t) => t.textContent ?? '').join(' | ');

describe('phase-desk:// links', () => {
  it('a link given at launch opens its environment, folder and key', async () => {
    waiting = link();
    renderApp();
    const editor = await screen.findByTestId('secret-editor');
    expect(editor.getAttribute('aria-label')).toBe('Edit DB_URL');
    expect(backend.callsOf('list_secrets').at(-1)).toMatchObject({ appId: 'app1', env: 'Production' });
    expect(screen.getAllByTestId('folder-node').find((n) => n.dataset.path === '/backend')?.getAttribute('aria-current')).toBe('page');
  });

  it('a link from a second launch switches the account', async () => {
    renderApp();
    await rows();
    await listening();
    waiting = link({ account: 'acc2', env: 'Development', path: '/', key: 'API_KEY' });
    await emit('desk://link');
    await waitFor(() => expect(backend.callsOf('switch_account')).toEqual([{ accountId: 'acc2' }]));
    const editor = await screen.findByTestId('secret-editor');
    expect(editor.getAttribute('aria-label')).toBe('Edit API_KEY');
  });

  it('says which account, app, environment or key is missing', async () => {
    renderApp();
    await rows();
    await listening();
    const cases: [Partial<NonNullable<LinkRequest['link']>>, string][] = [
      [{ account: 'nobody' }, 'an account Phase Desk does not have (id nobody)'],
      [{ app: 'app9' }, '“Work” has no app app9'],
      [{ env: 'Staging' }, '“Payments” has no environment “Staging”'],
      [{ key: 'NOPE' }, 'There is no NOPE in /backend of Production'],
    ];
    for (const [p, said] of cases) {
      waiting = link(p);
      await emit('desk://link');
      await waitFor(() => expect(toastText()).toContain(said));
    }
    expect(backend.callsOf('switch_account')).toEqual([]);
  });

  it('a link that could not be read says why', async () => {
    renderApp();
    await rows();
    await listening();
    waiting = { link: null, error: 'This link carries a “value” field.' };
    await emit('desk://link');
    await waitFor(() => expect(toastText()).toContain('carries a “value” field'));
  });
});

describe('the row menu', () => {
  it('copies a link to the row (Rust builds and copies it)', async () => {
    renderApp();
    await rows();
    await fireEvent.contextMenu(rowFor('DB_URL'), { clientX: 100, clientY: 100 });
    const menu = await screen.findByTestId('row-menu');
    expect(menu.getAttribute('aria-label')).toBe('Actions for DB_URL');
    await fireEvent.click(screen.getByTestId('row-menu-copy-link'));
    await waitFor(() => expect(backend.callsOf('copy_link')).toEqual([{ appId: 'app1', env: 'Development', path: '/backend', key: 'DB_URL' }]));
    expect(screen.queryByTestId('row-menu')).toBeNull();
    await waitFor(() => expect(toastText()).toContain('Copied a link to DB_URL'));
  });

  it('closes on Escape without doing anything', async () => {
    renderApp();
    await rows();
    await fireEvent.contextMenu(rowFor('API_KEY'));
    await screen.findByTestId('row-menu');
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('row-menu')).toBeNull();
    expect(backend.callsOf('copy_link')).toEqual([]);
  });
});

describe('the native menu', () => {
  it('View › Theme and View › Reload reach the window', async () => {
    renderApp();
    await rows();
    await listening();
    await emit('menu://theme', 'dark');
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    await emit('menu://theme', 'system');
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('system'));
    const before = backend.callsOf('list_secrets').length;
    await emit('menu://reload');
    await waitFor(() => expect(backend.callsOf('list_secrets').length).toBe(before + 1));
  });
});

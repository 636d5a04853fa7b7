// Going back to an environment: the window sends the digest of the listing it holds, and
// shows those rows when Rust's answer leaves them out (lib/heldListings.ts).
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SecretRow } from '../../lib/bindings';
import { row } from '../../lib/__tests__/fixtures';
import { ipcError, MockBackend } from '../../test/mockBackend';
import { keys, lockingBackend, renderApp, rows } from '../../test/harness';

let backend: MockBackend;
let production: SecretRow[];

beforeEach(() => {
  backend = lockingBackend();
  production = [row({ id: 'p1', key: 'PROD_ONLY', path: '/' })];
  // Each environment its own rows, as the server lists them.
  backend.handlers.list_secrets = (args, b) => ({ ...b.list(), env: String(args.env), rows: args.env === 'Production' ? production : b.rows });
});

afterEach(() => {
  cleanup();
  backend.uninstall();
});

const tab = (env: string) => screen.getAllByTestId('env-tab').find((t) => t.dataset.env === env)!;
const listings = () => backend.callsOf('list_secrets');

async function switchTo(env: string, calls: number) {
  await fireEvent.click(tab(env));
  await waitFor(() => expect(listings()).toHaveLength(calls));
  await waitFor(() => expect(screen.getByTestId('secret-table').getAttribute('aria-busy')).toBe('false'));
}

describe('going back to an environment', () => {
  it('sends the digest it holds and shows its own rows when nothing changed', async () => {
    renderApp();
    await rows();
    const devKeys = keys();
    expect(listings()[0].have).toBeUndefined();

    await switchTo('Production', 2);
    expect(listings()[1].have).toBeUndefined();
    expect(keys()).toEqual(['PROD_ONLY']);

    await switchTo('Development', 3);
    expect(listings()[2].have).toBe(backend.listingAnswers[0].digest);
    expect(backend.listingAnswers[2].list).toBeNull();
    expect(keys()).toEqual(devKeys);

    // And back again: Production's listing is held too (the two last environments are).
    await switchTo('Production', 4);
    expect(listings()[3].have).toBe(backend.listingAnswers[1].digest);
    expect(backend.listingAnswers[3].list).toBeNull();
    expect(keys()).toEqual(['PROD_ONLY']);
  });

  it('asks the server before drawing the held rows, so that the two overlap', async () => {
    renderApp();
    await rows();
    const devKeys = keys();
    await switchTo('Production', 2);
    const list = backend.handlers.list_secrets!;
    let onScreenWhenAsked: string[] = [];
    backend.handlers.list_secrets = (args, b) => {
      onScreenWhenAsked = keys();
      return list(args, b);
    };

    await switchTo('Development', 3);
    // Development's held rows were not drawn yet when the server was asked.
    expect(onScreenWhenAsked).toEqual(['PROD_ONLY']);
    expect(keys()).toEqual(devKeys);
  });

  it('keeps the held rows marked stale, with the error, when the server fails meanwhile', async () => {
    renderApp();
    await rows();
    const devKeys = keys();
    await switchTo('Production', 2);
    backend.handlers.list_secrets = () => {
      throw ipcError('network', 'Could not reach the server');
    };

    await fireEvent.click(tab('Development'));
    const banner = await screen.findByTestId('error-banner');
    expect(banner.textContent).toMatch(/reach the server/);
    expect(keys()).toEqual(devKeys);
    expect(screen.getByTestId('secret-table').dataset.stale).toBe('true');
    expect(screen.getByTestId('secret-table').getAttribute('aria-busy')).toBe('false');
  });

  it('draws the held rows at once, and acts on them only once the server answered', async () => {
    renderApp();
    await rows();
    const devKeys = keys();
    await switchTo('Production', 2);
    // From here the server takes its time.
    let answer: () => void = () => {};
    const list = backend.handlers.list_secrets!;
    backend.handlers.list_secrets = (args, b) => new Promise((resolve) => (answer = () => resolve(list(args, b))));

    await fireEvent.click(tab('Development'));
    await waitFor(() => expect(listings()).toHaveLength(3));
    expect(keys()).toEqual(devKeys);
    expect(screen.getByTestId('secret-table').getAttribute('aria-busy')).toBe('true');
    await fireEvent.click(screen.getAllByTestId('copy-button')[0]);
    await new Promise((r) => setTimeout(r, 50));
    expect(backend.callsOf('copy_value')).toHaveLength(0);

    answer();
    await waitFor(() => expect(backend.callsOf('copy_value')).toHaveLength(1));
    expect(backend.listingAnswers[2].list).toBeNull();
    await waitFor(() => expect(screen.getByTestId('secret-table').getAttribute('aria-busy')).toBe('false'));
    expect(keys()).toEqual(devKeys);
  });

  it('shows the new rows when the environment changed meanwhile', async () => {
    renderApp();
    await rows();
    await switchTo('Production', 2);
    backend.rows = backend.rows.map((r) => (r.key === 'DB_URL' ? { ...r, key: 'DATABASE_URL', version: r.version + 1 } : r));

    await switchTo('Development', 3);
    expect(listings()[2].have).toBe(backend.listingAnswers[0].digest);
    expect(backend.listingAnswers[2].list).not.toBeNull();
    await waitFor(() => expect(keys()).toContain('DATABASE_URL'));
    expect(keys()).not.toContain('DB_URL');
  });

  it('forgets what it held when the window locks', async () => {
    renderApp();
    await rows();
    await fireEvent.keyDown(window, { key: 'l', ctrlKey: true });
    await screen.findByTestId('lock-screen');
    await fireEvent.click(screen.getByTestId('unlock-button'));
    await waitFor(() => expect(listings()).toHaveLength(2));
    await rows();
    expect(listings()[1].have).toBeUndefined();
    expect(backend.listingAnswers[1].list).not.toBeNull();
  });
});

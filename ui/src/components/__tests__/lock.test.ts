// Locking the window: Ctrl+L and the idle time lock, the lock screen covers what was
// shown (the table is gone from the page), and Unlock reads the token again and lists anew.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MockBackend } from '../../test/mockBackend';
import { lockingBackend, renderApp, rows } from '../../test/harness';
import App from '../../App.svelte';
import { DeskStore } from '../../lib/store.svelte';

let backend: MockBackend;

/** The app rendered with a store the test can reach, once its rows are listed. */
async function renderWithStore(): Promise<DeskStore> {
  const store = new DeskStore();
  render(App, { store });
  await rows();
  return store;
}

beforeEach(() => {
  backend = lockingBackend();
});

afterEach(() => {
  vi.useRealTimers();
  cleanup();
  backend.uninstall();
});

describe('locking', () => {
  it('Ctrl+L locks: the lock screen replaces the rows; Unlock lists again', async () => {
    renderApp();
    await rows();
    expect(screen.queryAllByTestId('secret-row').length).toBeGreaterThan(0);
    await fireEvent.keyDown(window, { key: 'l', ctrlKey: true });
    await screen.findByTestId('lock-screen');
    await waitFor(() => expect(backend.callsOf('lock_now')).toHaveLength(1));
    expect(screen.queryAllByTestId('secret-row')).toHaveLength(0);
    const lists = backend.callsOf('list_secrets').length;
    await fireEvent.click(screen.getByTestId('unlock-button'));
    await waitFor(() => expect(screen.queryByTestId('lock-screen')).toBeNull());
    expect(backend.callsOf('unlock')).toHaveLength(1);
    await waitFor(() => expect(backend.callsOf('list_secrets').length).toBe(lists + 1));
    await rows();
  });

  it('a lock closes the dialogs that can hold a typed token, with what was typed', async () => {
    const store = await renderWithStore();
    store.dialogs.addAccountOpen = true;
    const token = (await screen.findByTestId('account-token')) as HTMLInputElement;
    await fireEvent.input(token, { target: { value: 'pss_service:v2:typed-but-not-sent' } });
    const account = store.accounts.desk!.accounts[0];
    store.dialogs.openReplaceToken(account, () => undefined);
    await fireEvent.keyDown(window, { key: 'l', ctrlKey: true });
    await screen.findByTestId('lock-screen');
    expect(screen.queryByTestId('add-account-dialog')).toBeNull();
    expect(screen.queryByTestId('replace-token')).toBeNull();
    expect(store.dialogs.replaceTokenThen).toBeNull();
    expect(document.body.innerHTML).not.toContain('typed-but-not-sent');
    expect([...document.querySelectorAll('input')].some((i) => i.value.includes('typed-but-not-sent'))).toBe(false);
  });

  it('locks after the idle time of the settings, and never with 0', async () => {
    const store = await renderWithStore();
    const now = Date.now();
    const settings = store.accounts.desk!.settings;
    store.lock.check(now + 14 * 60_000);
    expect(store.lock.locked).toBe(false);
    store.accounts.desk = { ...store.accounts.desk!, settings: { ...settings, autoLockSecs: 0 } };
    store.lock.check(now + 600 * 60_000);
    expect(store.lock.locked).toBe(false);
    store.accounts.desk = { ...store.accounts.desk!, settings: { ...settings, autoLockSecs: 900 } };
    store.lock.check(now + 16 * 60_000);
    expect(store.lock.locked).toBe(true);
    await screen.findByTestId('lock-screen');
    await waitFor(() => expect(backend.callsOf('lock_now')).toHaveLength(1));
  });

  it('0.1 minutes set in Settings lock by themselves 6 s after the last input, not before', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const store = await renderWithStore();
    store.dialogs.settingsOpen = true;
    const mins = (await screen.findByTestId('settings-auto-lock-mins')) as HTMLInputElement;
    expect(mins.value).toBe('15');
    await fireEvent.input(mins, { target: { value: '0.1' } });
    await fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(store.accounts.desk!.settings.autoLockSecs).toBe(6));
    await fireEvent.pointerDown(document.body);
    await vi.advanceTimersByTimeAsync(4_500);
    expect(store.lock.locked).toBe(false);
    await fireEvent.keyDown(document.body, { key: 'a' });
    await vi.advanceTimersByTimeAsync(4_500);
    expect(store.lock.locked, 'input 4.5 s ago').toBe(false);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(store.lock.locked).toBe(true);
    await screen.findByTestId('lock-screen');
    expect(backend.callsOf('lock_now')).toHaveLength(1);
    // Locked: no more locking; after unlocking the idle time counts again.
    await vi.advanceTimersByTimeAsync(20_000);
    expect(backend.callsOf('lock_now')).toHaveLength(1);
    await fireEvent.click(screen.getByTestId('unlock-button'));
    await waitFor(() => expect(store.lock.locked).toBe(false));
    await vi.advanceTimersByTimeAsync(6_500);
    expect(backend.callsOf('lock_now')).toHaveLength(2);
  });

  it('Settings copies diagnostics through Rust and says what they hold', async () => {
    backend.handlers.copy_diagnostics = () => 'Phase Desk 0.1.0';
    const store = await renderWithStore();
    store.dialogs.settingsOpen = true;
    await fireEvent.click(await screen.findByTestId('copy-diagnostics'));
    await waitFor(() => expect(backend.callsOf('copy_diagnostics')).toHaveLength(1));
    expect((await screen.findByRole('status')).textContent).toContain('no token or value');
  });

  it('Settings saves the idle time in seconds, keeping edits and capture protection, and says Linux cannot protect', async () => {
    const store = await renderWithStore();
    store.dialogs.settingsOpen = true;
    const mins = (await screen.findByTestId('settings-auto-lock-mins')) as HTMLInputElement;
    await fireEvent.input(mins, { target: { value: '0.05' } });
    await fireEvent.click(screen.getByTestId('settings-save'));
    expect((await screen.findByRole('alert')).textContent).toContain('between 0.1 and 1440');
    expect(backend.callsOf('set_settings')).toHaveLength(0);
    await fireEvent.input(mins, { target: { value: '0.5' } });
    await fireEvent.click(screen.getByTestId('settings-protect-capture'));
    expect(screen.getByTestId('settings-protect-note').textContent).toContain('changes nothing');
    const keep = screen.getByTestId('settings-keep-edits') as HTMLInputElement;
    expect(keep.checked, 'off by default').toBe(false);
    await fireEvent.click(keep);
    await fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(backend.callsOf('set_settings')).toHaveLength(1));
    expect(backend.callsOf('set_settings')[0].settings).toEqual({ clipboardClearSecs: 30, autoLockSecs: 30, protectFromCapture: true, keepEditsOnLock: true });
    await waitFor(() => expect(screen.queryByTestId('settings-dialog')).toBeNull());
    store.dialogs.settingsOpen = true;
    expect(((await screen.findByTestId('settings-auto-lock-mins')) as HTMLInputElement).value).toBe('0.5');
  });
});

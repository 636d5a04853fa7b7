// Issue 16: what a new user tripped over (lost edits, a hidden Undo, the 900×600 window, raw
// errors…). One test (or more) per defect and per friction item; each failed before the fix.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { row } from '../../lib/__tests__/fixtures';
import { NARROW_QUERY } from '../../lib/state/prefs.svelte';
import { account, ipcError, MockBackend } from '../../test/mockBackend';
import { keys, renderApp, rowFor, rows, seed } from '../../test/harness';

let backend: MockBackend;

beforeEach(() => {
  localStorage.clear();
  delete document.documentElement.dataset.theme;
  backend = new MockBackend();
  seed(backend);
  backend.install();
});

afterEach(() => {
  cleanup();
  backend.uninstall();
});

const toastOf = (kind: string) => screen.queryAllByTestId('toast').find((t) => t.dataset.kind === kind);
const tab = (env: string) => screen.getAllByTestId('env-tab').find((t) => t.dataset.env === env)!;
const folderNode = (path: string) => screen.queryAllByTestId('folder-node').find((n) => n.dataset.path === path);

async function deleteRow(key: string) {
  await fireEvent.click(within(rowFor(key)).getByTestId('delete-button'));
  await fireEvent.click(await screen.findByTestId('confirm-ok'));
  await waitFor(() => expect(keys()).not.toContain(key));
  await waitFor(() => expect(toastOf('undo')).toBeTruthy());
}

async function openEditor(key: string) {
  await fireEvent.click(within(rowFor(key)).getByTestId('edit-button'));
  const editor = await screen.findByTestId('secret-editor');
  if (key === 'DB_URL') await waitFor(() => expect((within(editor).getByTestId('field-value') as HTMLInputElement).value).not.toBe(''));
  return editor;
}

/** Parses like Rust's batch::parse (keys upper-cased; `KEY=VALUE` required). */
function previewLikeRust(b: MockBackend) {
  b.handlers.preview_batch = (args) =>
    String(args.text)
      .split('\n')
      .map((l, i) => ({ l: l.trim(), line: i + 1 }))
      .filter((x) => x.l && !x.l.startsWith('#'))
      .map(({ l, line }) => {
        const eq = l.indexOf('=');
        return eq < 0
          ? { line, key: '', valueChars: 0, error: 'Expected KEY=VALUE.' }
          : { line, key: l.slice(0, eq).trim().toUpperCase(), valueChars: l.length - eq - 1, error: null };
      });
}

describe('defect 1: Undo stays reachable for a long key', () => {
  const long = `VERY_${'LONG_'.repeat(30)}KEY`;

  it('the toast shortens the key (in full in its title) and keeps Undo and ×', async () => {
    backend.rows.push(row({ id: 'long', key: long }));
    renderApp();
    await rows();
    await deleteRow(long);
    const toast = toastOf('undo')!;
    expect(within(toast).getByTestId('undo-button')).toBeTruthy();
    expect(within(toast).getByTestId('undo-dismiss')).toBeTruthy();
    expect(toast.textContent).not.toContain(long);
    expect(toast.textContent).toContain('VERY_LONG_');
    expect(within(toast).getByTestId('undo-text').title).toBe(long);
  });

  it('Ctrl+Z undoes while the toast lives, also with the keyboard on a checkbox', async () => {
    renderApp();
    await rows();
    await deleteRow('DB_URL');
    const reveal = screen.getByTestId('reveal-all');
    reveal.focus();
    await fireEvent.keyDown(reveal, { key: 'z', ctrlKey: true });
    await waitFor(() => expect(backend.callsOf('undo_delete')).toEqual([{ undoId: 'undo-1' }]));
    await waitFor(() => expect(keys()).toContain('DB_URL'));
  });

  it('Ctrl+Z undoes with the keyboard still in the search box (WebKit does not focus clicked buttons), unless typed in since', async () => {
    renderApp();
    await rows();
    const search = screen.getByTestId('search-input') as HTMLInputElement;
    search.focus();
    await fireEvent.input(search, { target: { value: 'DB' } });
    await deleteRow('DB_URL');
    search.focus();
    await fireEvent.keyDown(search, { key: 'z', ctrlKey: true });
    await waitFor(() => expect(backend.callsOf('undo_delete')).toHaveLength(1));
    await waitFor(() => expect(keys()).toContain('DB_URL'));
    // Typed after a delete: Ctrl+Z is the field's.
    await fireEvent.input(search, { target: { value: '' } });
    await deleteRow('API_KEY');
    await new Promise((r) => setTimeout(r, 5));
    await fireEvent.input(search, { target: { value: 'x' } });
    await fireEvent.keyDown(search, { key: 'z', ctrlKey: true });
    expect(backend.callsOf('undo_delete')).toHaveLength(1);
  });
});

describe('defect 2: unsaved edits are not thrown away', () => {
  it('Esc on the edited editor asks; Keep editing keeps the change, Discard closes', async () => {
    renderApp();
    await rows();
    const editor = await openEditor('DB_URL');
    const comment = within(editor).getByTestId('field-comment') as HTMLInputElement;
    await fireEvent.input(comment, { target: { value: 'changed' } });
    await fireEvent.keyDown(comment, { key: 'Escape' });
    const dlg = await screen.findByTestId('confirm-dialog');
    expect(dlg.textContent).toContain('Discard changes?');
    expect(within(dlg).getByTestId('confirm-cancel').textContent).toBe('Keep editing');
    expect(within(dlg).getByTestId('confirm-ok').textContent).toContain('Discard');
    // The safe choice is the default one.
    expect(document.activeElement).toBe(within(dlg).getByTestId('confirm-cancel'));
    await fireEvent.click(within(dlg).getByTestId('confirm-cancel'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect((within(screen.getByTestId('secret-editor')).getByTestId('field-comment') as HTMLInputElement).value).toBe('changed');
    await fireEvent.click(within(screen.getByTestId('secret-editor')).getByTestId('cancel-button'));
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(screen.queryByTestId('secret-editor')).toBeNull());
    expect(backend.callsOf('update_secret')).toHaveLength(0);
  });

  it('an unchanged editor closes on Esc without asking', async () => {
    renderApp();
    await rows();
    const editor = await openEditor('DB_URL');
    await fireEvent.keyDown(within(editor).getByTestId('field-comment'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('secret-editor')).toBeNull());
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
  });

  it('switching environment or clicking another row asks first', async () => {
    renderApp();
    await rows();
    const editor = await openEditor('DB_URL');
    await fireEvent.input(within(editor).getByTestId('field-comment'), { target: { value: 'changed' } });
    const lists = backend.callsOf('list_secrets').length;
    await fireEvent.click(tab('Production'));
    await fireEvent.click(await screen.findByTestId('confirm-cancel'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(backend.callsOf('list_secrets')).toHaveLength(lists);
    expect(tab('Development').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('secret-editor')).toBeTruthy();
    // Another row: the editor follows it once Discard is chosen.
    await fireEvent.click(within(rowFor('API_KEY')).getByTestId('row-key'));
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(screen.getByTestId('secret-editor').getAttribute('aria-label')).toBe('Edit API_KEY'));
  });

  it('a refresh that brings a newer version keeps the edits (saving then meets the conflict)', async () => {
    renderApp();
    await rows();
    const editor = await openEditor('DB_URL');
    await fireEvent.input(within(editor).getByTestId('field-comment'), { target: { value: 'mine' } });
    backend.rows = backend.rows.map((r) => (r.id === 's1' ? { ...r, version: 9, comment: 'theirs' } : r));
    await fireEvent.click(screen.getByTestId('refresh-button'));
    await waitFor(() => expect(rowFor('DB_URL').textContent).toContain('theirs'));
    expect((within(screen.getByTestId('secret-editor')).getByTestId('field-comment') as HTMLInputElement).value).toBe('mine');
  });

  it('a secret deleted elsewhere while edited: the panel says its changes could not be kept', async () => {
    renderApp();
    await rows();
    const editor = await openEditor('DB_URL');
    await fireEvent.input(within(editor).getByTestId('field-comment'), { target: { value: 'mine' } });
    backend.rows = backend.rows.filter((r) => r.id !== 's1');
    await fireEvent.click(screen.getByTestId('refresh-button'));
    await waitFor(() => expect(screen.queryByTestId('secret-editor')).toBeNull());
    expect(toastOf('error')!.textContent).toContain('could not be kept');
    // Nothing is left that could ask "Discard changes?".
    await fireEvent.click(tab('Production'));
    await waitFor(() => expect(tab('Production').getAttribute('aria-selected')).toBe('true'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
  });

  it('the new-secret and paste panels ask too', async () => {
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('new-secret-button'));
    const form = await screen.findByTestId('secret-editor');
    await fireEvent.input(within(form).getByTestId('field-key'), { target: { value: 'half_typed' } });
    await fireEvent.keyDown(within(form).getByTestId('field-key'), { key: 'Escape' });
    await fireEvent.click(await screen.findByTestId('confirm-cancel'));
    expect(screen.getByTestId('secret-editor')).toBeTruthy();
    // Paste while New holds a key: asks, then opens Paste.
    await fireEvent.click(screen.getByTestId('batch-button'));
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    const paste = await screen.findByTestId('batch-panel');
    await fireEvent.input(within(paste).getByTestId('batch-text'), { target: { value: 'A=1' } });
    await fireEvent.click(within(paste).getByTestId('cancel-button'));
    expect((await screen.findByTestId('confirm-dialog')).textContent).toContain('pasted lines');
    await fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(screen.queryByTestId('batch-panel')).toBeNull());
  });
});

describe('defect 3: a paste names the keys that already exist', () => {
  it('marks them before sending, can skip them, normalises keys as New secret does, Ctrl+Enter sends', async () => {
    previewLikeRust(backend);
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('batch-button'));
    const text = await screen.findByTestId('batch-text');
    await fireEvent.input(text, { target: { value: 'api-key=1\nnew one.x=2\nbroken' } });
    await waitFor(() => expect(screen.getAllByTestId('batch-line')).toHaveLength(3));
    // The text previewed (and sent) has the keys as the new-secret form writes them.
    expect(backend.callsOf('preview_batch').at(-1)).toEqual({ text: 'API_KEY=1\nNEW_ONEX=2\nbroken', path: '/' });
    const line1 = screen.getAllByTestId('batch-line')[0];
    expect(line1.dataset.exists).toBe('true');
    expect(line1.textContent).toContain('API_KEY already exists in /');
    expect(screen.getAllByTestId('batch-line')[1].textContent).toContain('from new one.x');
    expect(screen.getByTestId('batch-summary').textContent).toContain('1 ready');
    const submit = screen.getByTestId('batch-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('batch-skip-invalid'));
    expect(submit.disabled).toBe(false);
    await fireEvent.keyDown(text, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(backend.callsOf('create_batch')).toHaveLength(1));
    expect(backend.callsOf('create_batch')[0]).toEqual({ appId: 'app1', env: 'Development', text: '\nNEW_ONEX=2\n', path: '/' });
  });

  it('when the server refuses a key anyway, the listing is read again and the key named', async () => {
    previewLikeRust(backend);
    backend.handlers.create_batch = (_a, b) => {
      // Someone else added it meanwhile.
      b.rows = [...b.rows, row({ id: 'x9', key: 'LATE_KEY' })];
      throw ipcError('duplicateKey', 'Duplicate secret found');
    };
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('batch-button'));
    await fireEvent.input(await screen.findByTestId('batch-text'), { target: { value: 'LATE_KEY=1\nOTHER=2' } });
    await waitFor(() => expect((screen.getByTestId('batch-submit') as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId('batch-submit'));
    const err = await screen.findByTestId('editor-error');
    expect(err.textContent).toContain('LATE_KEY already exists in /');
    expect(err.textContent).toContain('Duplicate secret found');
    await waitFor(() => expect(screen.getAllByTestId('batch-line')[0].dataset.exists).toBe('true'));
  });
});

describe('defect 4: the 900×600 window', () => {
  const real = window.matchMedia;
  afterEach(() => {
    window.matchMedia = real;
  });

  it('a panel opened in a narrow window folds the sidebar; it can be unfolded by hand', async () => {
    window.matchMedia = ((q: string) => ({ ...real(q), matches: q === NARROW_QUERY })) as typeof window.matchMedia;
    renderApp();
    await rows();
    expect(screen.getByTestId('sidebar').dataset.collapsed).toBe('false');
    await fireEvent.click(screen.getByTestId('new-secret-button'));
    await screen.findByTestId('secret-editor');
    expect(screen.getByTestId('sidebar').dataset.collapsed).toBe('true');
    await fireEvent.click(screen.getByTestId('sidebar-toggle'));
    expect(screen.getByTestId('sidebar').dataset.collapsed).toBe('false');
    expect(screen.getByTestId('folder-tree')).toBeTruthy();
  });

  it('the sidebar folds by hand in any window, and stays folded', async () => {
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('sidebar-toggle'));
    expect(screen.getByTestId('sidebar').dataset.collapsed).toBe('true');
    expect(screen.queryByTestId('folder-tree')).toBeNull();
    cleanup();
    renderApp();
    await rows();
    expect(screen.getByTestId('sidebar').dataset.collapsed).toBe('true');
  });

  it('every environment is in a menu as well as in the (scrolling) tabs; New and Paste keep their names', async () => {
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('env-menu-button'));
    const items = within(screen.getByTestId('env-menu')).getAllByTestId('env-menu-item');
    expect(items.map((i) => i.dataset.env)).toEqual(['Development', 'Production']);
    expect(items[0].getAttribute('aria-checked')).toBe('true');
    await fireEvent.click(items[1]);
    await waitFor(() => expect(backend.callsOf('list_secrets').at(-1)).toMatchObject({ env: 'Production' }));
    expect(screen.queryByTestId('env-menu')).toBeNull();
    expect(tab('Production').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('new-secret-button').getAttribute('aria-label')).toBe('New secret');
    expect(screen.getByTestId('batch-button').getAttribute('aria-label')).toBe('Paste');
  });
});

describe('defect 5: the highlighted row and the keyboard agree', () => {
  it('closing a dialog with Esc gives the keyboard back to the focused row; Enter then opens that row', async () => {
    renderApp();
    await rows();
    await fireEvent.keyDown(window, { key: 'ArrowDown' });
    const focused = await waitFor(() => {
      const el = document.activeElement as HTMLElement;
      expect(el.dataset.testid).toBe('secret-row');
      return el;
    });
    const settings = screen.getByTestId('settings-button');
    settings.focus();
    await fireEvent.click(settings);
    const dlg = await screen.findByTestId('settings-dialog');
    await fireEvent.keyDown(dlg, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('settings-dialog')).toBeNull());
    expect(document.activeElement).toBe(focused);
    await fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    const editor = await screen.findByTestId('secret-editor');
    expect(editor.getAttribute('aria-label')).toBe(`Edit ${focused.dataset.key}`);
    expect(screen.queryByTestId('settings-dialog')).toBeNull();
  });

  it('closing the editor with Esc gives the keyboard back to its row', async () => {
    renderApp();
    await rows();
    await fireEvent.keyDown(window, { key: 'ArrowDown' });
    const focused = await waitFor(() => {
      const el = document.activeElement as HTMLElement;
      expect(el.dataset.testid).toBe('secret-row');
      return el;
    });
    await fireEvent.keyDown(focused, { key: 'Enter' });
    const editor = await screen.findByTestId('secret-editor');
    const comment = within(editor).getByTestId('field-comment');
    comment.focus();
    await fireEvent.keyDown(comment, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('secret-editor')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(rowFor(focused.dataset.key!)));
  });

  it('after deleting the focused row the keyboard is on the next row', async () => {
    renderApp();
    await rows();
    await fireEvent.keyDown(window, { key: 'ArrowDown' });
    const first = await waitFor(() => {
      const el = document.activeElement as HTMLElement;
      expect(el.dataset.testid).toBe('secret-row');
      return el.dataset.key!;
    });
    await fireEvent.keyDown(document.activeElement!, { key: 'Delete' });
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(keys()).not.toContain(first));
    await waitFor(() => expect((document.activeElement as HTMLElement).dataset.testid).toBe('secret-row'));
    expect((document.activeElement as HTMLElement).classList.contains('focused')).toBe(true);
  });

  it('Space on a focused checkbox is the checkbox’s, not the highlighted row’s', async () => {
    renderApp();
    await rows();
    await fireEvent.keyDown(window, { key: 'ArrowDown' });
    const subfolders = screen.getByTestId('include-subfolders');
    subfolders.focus();
    await fireEvent.keyDown(subfolders, { key: ' ' });
    expect(screen.queryByTestId('bulk-bar')).toBeNull();
  });
});

describe('defect 6: the account menu', () => {
  it('closes on Esc, with the keyboard back on its button, and nothing else closes', async () => {
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('new-secret-button'));
    await screen.findByTestId('secret-editor');
    const button = screen.getByTestId('account-menu-button');
    await fireEvent.click(button);
    const menu = await screen.findByTestId('account-menu');
    await waitFor(() => expect(menu.contains(document.activeElement)).toBe(true));
    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByTestId('account-menu')).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(screen.getByTestId('secret-editor')).toBeTruthy();
  });

  it('a press outside closes it and the click still reaches what is under it', async () => {
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('account-menu-button'));
    await screen.findByTestId('account-menu');
    expect(document.querySelector('.menu-backdrop')).toBeNull();
    const refresh = screen.getByTestId('refresh-button');
    const lists = backend.callsOf('list_secrets').length;
    await fireEvent.pointerDown(refresh);
    await fireEvent.click(refresh);
    expect(screen.queryByTestId('account-menu')).toBeNull();
    await waitFor(() => expect(backend.callsOf('list_secrets').length).toBe(lists + 1));
  });
});

describe('defect 7: add-account errors say what to do, at their field', () => {
  async function fill(url: string) {
    await fireEvent.click(await screen.findByTestId('add-account-button'));
    await fireEvent.input(screen.getByTestId('account-name'), { target: { value: 'Team' } });
    await fireEvent.change(screen.getByTestId('account-host-kind'), { target: { value: 'selfHosted' } });
    await fireEvent.input(await screen.findByTestId('account-host-url'), { target: { value: url } });
    await fireEvent.input(screen.getByTestId('account-token'), { target: { value: 'pss_user:v1:abc' } });
    await fireEvent.click(screen.getByTestId('account-submit'));
  }

  it('a URL without https:// is caught before sending, under the URL, and goes when the URL is edited', async () => {
    renderApp();
    await rows();
    await fill('127.0.0.1:9');
    const err = await screen.findByTestId('account-error');
    expect(err.dataset.field).toBe('hostUrl');
    expect(err.textContent).toContain('Add https:// in front');
    expect(backend.callsOf('add_account')).toHaveLength(0);
    expect(screen.getByTestId('account-host-url').getAttribute('aria-invalid')).toBe('true');
    await fireEvent.input(screen.getByTestId('account-host-url'), { target: { value: 'https://127.0.0.1:9' } });
    expect(screen.queryByTestId('account-error')).toBeNull();
  });

  it('nothing answering is said in words, under the URL; a refused token under the token', async () => {
    let n = 0;
    backend.handlers.add_account = () => {
      n++;
      if (n === 1) throw ipcError('network', 'error sending request: client error (Connect): tcp connect error: Connection refused (os error 111)');
      throw ipcError('unauthorized', 'The server refused the token');
    };
    renderApp();
    await rows();
    await fill('https://127.0.0.1:9');
    let err = await screen.findByTestId('account-error');
    expect(err.dataset.field).toBe('hostUrl');
    expect(err.textContent).toBe('Nothing answered at https://127.0.0.1:9 — is the address right and the server running?');
    await fireEvent.click(screen.getByTestId('account-submit'));
    err = await waitFor(() => {
      const e = screen.getByTestId('account-error');
      expect(e.dataset.field).toBe('token');
      return e;
    });
    expect(err.textContent).toContain('The server refused the token');
    // Editing another field keeps it; editing the token clears it.
    await fireEvent.input(screen.getByTestId('account-name'), { target: { value: 'Team 2' } });
    expect(screen.getByTestId('account-error')).toBeTruthy();
    await fireEvent.input(screen.getByTestId('account-token'), { target: { value: 'pss_user:v1:other' } });
    expect(screen.queryByTestId('account-error')).toBeNull();
  });
});

describe('defect 8: empty states tell the true reason', () => {
  it('an emptied folder says so, stays in the tree, and offers New secret here', async () => {
    renderApp();
    await rows();
    await fireEvent.click(folderNode('/backend/logging')!);
    await deleteRow('LOG_LEVEL');
    const empty = await screen.findByTestId('empty-state');
    expect(empty.dataset.reason).toBe('folder');
    expect(empty.textContent).toContain('/backend/logging is empty');
    expect(empty.textContent).not.toContain('No secrets match');
    expect(within(empty).queryByTestId('clear-filters-button')).toBeNull();
    const node = folderNode('/backend/logging')!;
    expect(node.getAttribute('aria-current')).toBe('page');
    expect(node.textContent).toContain('0');
    await fireEvent.click(within(empty).getByTestId('empty-new-button'));
    const form = await screen.findByTestId('secret-editor');
    expect((within(form).getByTestId('field-path') as HTMLInputElement).value).toBe('/backend/logging');
  });

  it('only subfolders: says so and offers to show them', async () => {
    renderApp();
    await rows();
    await fireEvent.click(folderNode('/backend/logging')!);
    await fireEvent.click(folderNode('/backend')!);
    await fireEvent.click(screen.getByTestId('include-subfolders'));
    await fireEvent.click(folderNode('/backend')!);
    await deleteRow('DB_URL');
    const empty = await screen.findByTestId('empty-state');
    expect(empty.dataset.reason).toBe('subfolders');
    await fireEvent.click(within(empty).getByTestId('show-subfolders-button'));
    expect(keys()).toEqual(['LOG_LEVEL']);
  });

  it('a filter: names it, and Clear filters clears text and tags', async () => {
    renderApp();
    await rows();
    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: 'nothing-like-this' } });
    const empty = await screen.findByTestId('empty-state');
    expect(empty.dataset.reason).toBe('filters');
    await fireEvent.click(within(empty).getByTestId('clear-filters-button'));
    await waitFor(() => expect(keys()).toHaveLength(5));
  });
});

describe('friction', () => {
  it('theme: System / Light / Dark in Settings, applied at once and remembered', async () => {
    renderApp();
    await rows();
    expect(document.documentElement.dataset.theme).toBe('system');
    await fireEvent.click(screen.getByTestId('settings-button'));
    await fireEvent.click(await screen.findByTestId('theme-dark'));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem('phase-desk.theme')).toBe('dark');
    cleanup();
    delete document.documentElement.dataset.theme;
    renderApp();
    await rows();
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('the Ctrl+K palette runs commands: reveal all, theme, switch account', async () => {
    backend = new MockBackend([account(), account({ id: 'acc2', name: 'CI', tokenKind: 'ServiceAccount' })]);
    seed(backend);
    backend.install();
    renderApp();
    await rows();
    const run = async (q: string) => {
      await fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
      const input = await screen.findByTestId('palette-input');
      await fireEvent.input(input, { target: { value: q } });
      expect(screen.getAllByTestId('palette-item')[0].dataset.kind).toBe('command');
      await fireEvent.keyDown(input, { key: 'Enter' });
      await waitFor(() => expect(screen.queryByTestId('palette')).toBeNull());
    };
    await run('reveal all');
    await waitFor(() => expect(backend.callsOf('reveal_value').length).toBeGreaterThan(0));
    expect((screen.getByTestId('reveal-all') as HTMLInputElement).checked).toBe(true);
    await run('theme dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    await run('new secret');
    await screen.findByTestId('secret-editor');
    await fireEvent.keyDown(screen.getByTestId('field-key'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('secret-editor')).toBeNull());
    await run('switch to CI');
    await waitFor(() => expect(backend.callsOf('switch_account')).toEqual([{ accountId: 'acc2' }]));
  });

  it('search: an unknown type is said (and does not hide every row); tag: and the chips are one filter', async () => {
    renderApp();
    await rows();
    const input = screen.getByTestId('search-input') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'type:secrt' } });
    expect(screen.getByTestId('search-problem').textContent).toContain('Unknown type “secrt”');
    expect(keys()).toHaveLength(5);
    // Typing tag:web presses the chip, lists with the tag, and the tree counts follow.
    await fireEvent.input(input, { target: { value: 'tag:web' } });
    expect(screen.queryByTestId('search-problem')).toBeNull();
    const chip = (t: string) => screen.getAllByTestId('tag-chip').find((c) => c.dataset.tag === t)!;
    expect(chip('web').getAttribute('aria-pressed')).toBe('true');
    expect(keys()).toEqual(['API_KEY']);
    expect(folderNode('/')!.textContent).toContain('1');
    await waitFor(() => expect(backend.callsOf('list_secrets').at(-1)).toMatchObject({ tags: ['web'] }), { timeout: 2000 });
    // Clicking a chip writes it into the query.
    await fireEvent.click(chip('db'));
    expect(input.value).toBe('tag:web tag:db');
    await waitFor(() => expect(backend.callsOf('list_secrets').at(-1)).toMatchObject({ tags: ['web', 'db'] }));
    await fireEvent.click(chip('web'));
    expect(input.value).toBe('tag:db');
  });

  it('a created secret is scrolled into view and focused', async () => {
    backend.rows = Array.from({ length: 200 }, (_, i) => row({ id: `r${i}`, key: `KEY_${String(i).padStart(3, '0')}` }));
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('new-secret-button'));
    const form = await screen.findByTestId('secret-editor');
    await fireEvent.input(within(form).getByTestId('field-key'), { target: { value: 'ZZZ_LAST' } });
    await fireEvent.click(within(form).getByTestId('save-button'));
    await waitFor(() => expect(rowFor('ZZZ_LAST').classList.contains('focused')).toBe(true));
    expect(document.activeElement).toBe(rowFor('ZZZ_LAST'));
  });

  it('production: marked on its tab and in the editor; the first write there asks once per session', async () => {
    renderApp();
    await rows();
    expect(tab('Production').dataset.production).toBe('true');
    expect(tab('Development').dataset.production).toBe('false');
    await fireEvent.click(tab('Production'));
    await waitFor(() => expect(tab('Production').getAttribute('aria-selected')).toBe('true'));
    await rows();
    let editor = await openEditor('DB_URL');
    expect(within(editor).getByTestId('prod-badge')).toBeTruthy();
    await fireEvent.input(within(editor).getByTestId('field-comment'), { target: { value: 'one' } });
    await fireEvent.click(within(editor).getByTestId('save-button'));
    const dlg = await screen.findByTestId('confirm-dialog');
    expect(dlg.textContent).toContain('production');
    expect(backend.callsOf('update_secret')).toHaveLength(0);
    await fireEvent.click(within(dlg).getByTestId('confirm-ok'));
    await waitFor(() => expect(backend.callsOf('update_secret')).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId('secret-editor')).toBeNull());
    editor = await openEditor('DB_URL');
    await fireEvent.input(within(editor).getByTestId('field-comment'), { target: { value: 'two' } });
    await fireEvent.click(within(editor).getByTestId('save-button'));
    await waitFor(() => expect(backend.callsOf('update_secret')).toHaveLength(2));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
  });

  it('override controls: no switch without an override, "Use my override" off then, a named shared-copy only where it differs', async () => {
    renderApp();
    await rows();
    expect(within(rowFor('DB_URL')).queryByTestId('override-toggle')).toBeNull();
    expect(within(rowFor('DB_URL')).queryByTestId('copy-shared-button')).toBeNull();
    const shared = within(rowFor('API_KEY')).getByTestId('copy-shared-button');
    expect(shared.textContent).toBe('shared');
    expect(shared.getAttribute('aria-label')).toBe('Copy the shared value of API_KEY');
    const editor = await openEditor('DB_URL');
    const use = within(editor).getByTestId('field-override-active') as HTMLInputElement;
    expect(use.checked).toBe(false);
    expect(use.disabled).toBe(true);
    await fireEvent.input(within(editor).getByTestId('field-override-value'), { target: { value: 'mine' } });
    expect(use.checked).toBe(true);
  });

  it('dates read the same everywhere: YYYY-MM-DD HH:MM', async () => {
    renderApp();
    await rows();
    const cell = rowFor('DB_URL').querySelector('.c-updated') as HTMLElement;
    // The tooltip is set where the pointer rests.
    expect(cell.title).toBe('');
    await fireEvent.mouseOver(cell);
    expect(cell.title).toMatch(/^2024-01-0[12] \d\d:\d\d$/);
  });
});

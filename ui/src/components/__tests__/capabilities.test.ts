// Task B: components read the active account's capabilities and hide or disable what its
// service lacks, with the one-line reason where a control is disabled. Phase accounts keep
// every control (the rest of the suite runs on them).
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { account, MockBackend, phaseCapabilities } from '../../test/mockBackend';
import { keys, nameOf, renderApp, rowFor, rows, seed } from '../../test/harness';

let backend: MockBackend;

function install(capabilities: Parameters<typeof phaseCapabilities>[1]) {
  backend = new MockBackend([account({ capabilities: phaseCapabilities('User', capabilities) })]);
  seed(backend);
  backend.install();
}

afterEach(() => {
  cleanup();
  backend.uninstall();
});

const REASON = 'This vault keeps flat key/value pairs: no folders, tags or personal overrides.';

describe('an account whose service lacks folders, tags, overrides, delete and rename', () => {
  const lacking = { folders: false, tags: false, personalOverrides: false, delete: false, rename: false, missingReason: REASON };

  it('the sidebar, table and toolbar leave out what it lacks', async () => {
    install(lacking);
    renderApp();
    await rows();
    // Neither folders nor tags: no sidebar at all, and no override note (nothing to explain).
    expect(screen.queryByTestId('sidebar')).toBeNull();
    expect(screen.queryByTestId('override-note')).toBeNull();
    expect(screen.queryByTestId('breadcrumbs')).toBeNull();
    const head = screen.getByTestId('secret-table').querySelector('.row.head')!;
    expect(head.textContent).not.toContain('Tags');
    expect(head.textContent).not.toContain('Override');
    expect(head.textContent).toContain('Comment');
    expect(screen.queryAllByTestId('override-toggle')).toHaveLength(0);
    expect(screen.queryAllByTestId('row-path')).toHaveLength(0);
    expect(within(rowFor('DB_URL')).queryByTestId('delete-button')).toBeNull();
    // Every row, whatever its folder, is listed.
    expect(keys()).toHaveLength(5);
    // tag: in the search says it does not apply.
    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: 'tag:db' } });
    expect(screen.getByTestId('search-problem').textContent).toContain(REASON);
  });

  it('bulk: only what applies; Delete disabled with the reason; the Delete key says why', async () => {
    install(lacking);
    renderApp();
    await rows();
    await fireEvent.click(within(rowFor('DB_URL')).getByTestId('row-select'));
    const bar = await screen.findByTestId('bulk-bar');
    expect(within(bar).queryByTestId('bulk-move-button')).toBeNull();
    expect(within(bar).queryByTestId('bulk-add-tag-button')).toBeNull();
    expect(within(bar).getByTestId('bulk-kind-button')).toBeTruthy();
    const del = within(bar).getByTestId('delete-selected-button') as HTMLButtonElement;
    expect(del.disabled).toBe(true);
    expect(del.title).toBe(REASON);
    expect(within(bar).getByTestId('delete-missing-reason').textContent).toBe(REASON);
    await fireEvent.keyDown(window, { key: 'Delete' });
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    const toast = await waitFor(() => screen.getAllByTestId('toast').find((t) => t.dataset.kind === 'error')!);
    expect(toast.textContent).toContain(REASON);
    expect(backend.callsOf('delete_secrets')).toHaveLength(0);
  });

  it('the editor: key locked with the reason, no tags, path or override fields', async () => {
    install(lacking);
    renderApp();
    await rows();
    await fireEvent.click(within(rowFor('DB_URL')).getByTestId('edit-button'));
    const editor = await screen.findByTestId('secret-editor');
    expect((within(editor).getByTestId('field-key') as HTMLInputElement).disabled).toBe(true);
    expect(within(editor).getByTestId('rename-missing-reason').textContent).toBe(REASON);
    expect(within(editor).queryByTestId('field-tags')).toBeNull();
    expect(within(editor).queryByTestId('field-path')).toBeNull();
    expect(within(editor).queryByTestId('field-override-value')).toBeNull();
    expect(within(editor).getByTestId('field-comment')).toBeTruthy();
    // What is left still saves.
    await waitFor(() => expect((within(editor).getByTestId('field-value') as HTMLInputElement).value).not.toBe(''));
    await fireEvent.input(within(editor).getByTestId('field-comment'), { target: { value: 'flat' } });
    await fireEvent.click(within(editor).getByTestId('save-button'));
    await waitFor(() => expect(backend.callsOf('update_secret')).toHaveLength(1));
    expect(backend.callsOf('update_secret')[0].changes).toEqual({ key: null, value: null, comment: 'flat', tags: null, path: null, kind: null });
  });

  it('new secret and paste: no folder, tags or override fields', async () => {
    install(lacking);
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('new-secret-button'));
    const form = await screen.findByTestId('secret-editor');
    expect(within(form).queryByTestId('field-path')).toBeNull();
    expect(within(form).queryByTestId('field-tags')).toBeNull();
    expect(within(form).queryByTestId('field-override-value')).toBeNull();
    await fireEvent.click(within(form).getByTestId('cancel-button'));
    await fireEvent.click(screen.getByTestId('batch-button'));
    const paste = await screen.findByTestId('batch-panel');
    expect(within(paste).queryByTestId('batch-path')).toBeNull();
  });
});

describe('an account whose service lacks only folders', () => {
  it('the sidebar keeps the tags and says why there are no folders', async () => {
    install({ folders: false, missingReason: 'No folders here.' });
    renderApp();
    await rows();
    expect(screen.queryByTestId('folder-tree')).toBeNull();
    expect(screen.getByTestId('no-folders-note').textContent).toBe('No folders here.');
    expect(screen.getAllByTestId('tag-chip').length).toBeGreaterThan(0);
    expect(screen.queryByTestId('breadcrumbs')).toBeNull();
  });
});

describe('a read-only account', () => {
  const RO = 'This token can only read.';

  it('New and Paste are disabled with the reason; no delete, no bulk edits; the note says why', async () => {
    install({ readOnly: true, missingReason: RO });
    renderApp();
    await rows();
    expect(screen.getByTestId('read-only-note').textContent).toContain(RO);
    for (const id of ['new-secret-button', 'batch-button']) {
      const b = screen.getByTestId(id) as HTMLButtonElement;
      expect(b.disabled).toBe(true);
      expect(b.title).toBe(RO);
    }
    expect(within(rowFor('DB_URL')).queryByTestId('delete-button')).toBeNull();
    expect((within(rowFor('API_KEY')).getByTestId('override-toggle') as HTMLInputElement).disabled).toBe(true);
    await fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    expect(screen.queryByTestId('secret-editor')).toBeNull();
    await fireEvent.click(within(rowFor('DB_URL')).getByTestId('row-select'));
    const bar = await screen.findByTestId('bulk-bar');
    expect(within(bar).queryByTestId('bulk-move-button')).toBeNull();
    expect((within(bar).getByTestId('delete-selected-button') as HTMLButtonElement).disabled).toBe(true);
  });

  it('the editor opens read-only, says why, and has no Save', async () => {
    install({ readOnly: true, missingReason: RO });
    renderApp();
    await rows();
    const open = within(rowFor('DB_URL')).getByTestId('edit-button');
    expect(nameOf(open)).toBe('Open DB_URL');
    await fireEvent.click(open);
    const editor = await screen.findByTestId('secret-editor');
    expect(within(editor).getByTestId('read-only-banner').textContent).toBe(RO);
    expect((within(editor).getByTestId('field-comment') as HTMLInputElement).disabled).toBe(true);
    expect(within(editor).queryByTestId('save-button')).toBeNull();
    // Esc closes without asking (nothing can have changed).
    await fireEvent.keyDown(within(editor).getByTestId('field-comment'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('secret-editor')).toBeNull());
  });
});

describe('Phase accounts keep every control', () => {
  it('a Personal Access Token: folders, tags, overrides, delete, rename', async () => {
    backend = new MockBackend([account()]);
    seed(backend);
    backend.install();
    renderApp();
    await rows();
    expect(screen.getByTestId('folder-tree')).toBeTruthy();
    expect(screen.getAllByTestId('tag-chip').length).toBeGreaterThan(0);
    expect(within(rowFor('API_KEY')).getByTestId('override-toggle')).toBeTruthy();
    expect(within(rowFor('DB_URL')).getByTestId('delete-button')).toBeTruthy();
    expect(screen.queryByTestId('override-note')).toBeNull();
    expect(screen.queryByTestId('read-only-note')).toBeNull();
  });

  it('a Service Account: overrides shown disabled with its note, as before', async () => {
    backend = new MockBackend([account({ tokenKind: 'ServiceAccount' })]);
    seed(backend);
    backend.canOverride = false;
    backend.install();
    renderApp();
    await rows();
    const note = screen.getByTestId('override-note').textContent!;
    expect(note).toContain('Service Account');
    const toggle = within(rowFor('API_KEY')).getByTestId('override-toggle') as HTMLInputElement;
    expect(toggle.disabled).toBe(true);
    expect(toggle.title).toBe(note.trim());
    expect(within(rowFor('DB_URL')).getByTestId('delete-button')).toBeTruthy();
  });
});

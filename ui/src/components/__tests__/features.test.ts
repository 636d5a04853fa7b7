// The UI of the backend features: held-back deletes, bulk edits, overrides created inactive.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { account, ipcError, MockBackend } from '../../test/mockBackend';
import { callIndex, keys, renderApp, rowFor, rows, seed } from '../../test/harness';

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

async function deleteRow(key: string) {
  await fireEvent.click(within(rowFor(key)).getByTestId('delete-button'));
  await fireEvent.click(await screen.findByTestId('confirm-ok'));
  await waitFor(() => expect(keys()).not.toContain(key));
  return waitFor(() => screen.getAllByTestId('toast').find((t) => t.dataset.kind === 'undo')!);
}

describe('held-back deletes', () => {
  it('hide the rows at once; Ctrl+Z brings them back without sending anything', async () => {
    renderApp();
    await rows();
    const toast = await deleteRow('DB_URL');
    expect(backend.callsOf('delete_secrets')).toEqual([{ appId: 'app1', env: 'Development', secretIds: ['s1'] }]);
    expect(toast.textContent).toMatch(/Deleted DB_URL.*10 s/);
    await fireEvent.keyDown(window, { key: 'z', ctrlKey: true });
    await waitFor(() => expect(backend.callsOf('undo_delete')).toEqual([{ undoId: 'undo-1' }]));
    await waitFor(() => expect(keys()).toContain('DB_URL'));
    expect(backend.callsOf('commit_delete')).toHaveLength(0);
  });

  it('are sent when the undo window ends, and stay hidden in a new listing until then', async () => {
    backend.commitInSecs = 1;
    renderApp();
    await rows();
    await deleteRow('DB_URL');
    // A refresh inside the window does not show the row again.
    await fireEvent.click(screen.getByTestId('refresh-button'));
    await waitFor(() => expect(backend.callsOf('list_secrets')).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId('secret-table').getAttribute('aria-busy')).toBe('false'));
    expect(keys()).not.toContain('DB_URL');
    await waitFor(() => expect(backend.callsOf('commit_delete')).toEqual([{ undoId: 'undo-1' }]), { timeout: 3000 });
    await waitFor(() => expect(screen.queryAllByTestId('toast').some((t) => t.dataset.kind === 'undo')).toBe(false));
    expect(keys()).not.toContain('DB_URL');
    expect(backend.rows.some((r) => r.id === 's1')).toBe(false);
  });

  it('bring the rows back with the reason when the server refuses the delete', async () => {
    backend.handlers.commit_delete = () => {
      throw ipcError('forbidden', 'You cannot delete secrets in this environment');
    };
    renderApp();
    await rows();
    const toast = await deleteRow('DB_URL');
    // Closing the toast ends the window: the delete is sent now.
    await fireEvent.click(within(toast).getByTestId('undo-dismiss'));
    await waitFor(() => expect(backend.callsOf('commit_delete')).toHaveLength(1));
    await waitFor(() => expect(keys()).toContain('DB_URL'));
    const err = await waitFor(() => screen.getAllByTestId('toast').find((t) => t.dataset.kind === 'error')!);
    expect(err.textContent).toContain('Could not delete DB_URL');
    expect(err.textContent).toContain('You cannot delete secrets in this environment');
  });

  it('a refused commit_all_deletes says so once, in the words of the backend', async () => {
    backend.handlers.commit_all_deletes = () => {
      throw ipcError('forbidden', 'DB_URL could not be deleted and is back: Forbidden');
    };
    renderApp();
    await rows();
    await deleteRow('DB_URL');
    await fireEvent.click(screen.getAllByTestId('env-tab').find((t) => t.dataset.env === 'Production')!);
    const err = await waitFor(() => screen.getAllByTestId('toast').find((t) => t.dataset.kind === 'error')!);
    expect(err.textContent!.trim()).toBe('DB_URL could not be deleted and is back: Forbidden');
  });

  it('are all sent before switching environment', async () => {
    renderApp();
    await rows();
    await deleteRow('DB_URL');
    const before = backend.calls.length;
    await fireEvent.click(screen.getAllByTestId('env-tab').find((t) => t.dataset.env === 'Production')!);
    await waitFor(() => expect(callIndex(backend, 'list_secrets', before)).toBeGreaterThan(0));
    const commitAt = callIndex(backend, 'commit_all_deletes', before);
    expect(commitAt).toBeGreaterThanOrEqual(before);
    expect(commitAt).toBeLessThan(callIndex(backend, 'list_secrets', before));
    expect(backend.rows.some((r) => r.id === 's1')).toBe(false);
    expect(screen.queryAllByTestId('toast').some((t) => t.dataset.kind === 'undo')).toBe(false);
  });
});

describe('bulk edits', () => {
  async function select(...ks: string[]) {
    for (const k of ks) await fireEvent.click(within(rowFor(k)).getByTestId('row-select'));
    return screen.findByTestId('bulk-bar');
  }

  async function bulk(button: string, value: string, change = false) {
    await fireEvent.click(within(screen.getByTestId('bulk-bar')).getByTestId(button));
    const dialog = await screen.findByTestId('bulk-dialog');
    const field = within(dialog).getByTestId('bulk-value');
    if (change) await fireEvent.change(field, { target: { value } });
    else await fireEvent.input(field, { target: { value } });
    await fireEvent.click(within(dialog).getByTestId('bulk-submit'));
    return screen.findByTestId('review-dialog');
  }

  it('a move is reviewed first: nothing is sent until Apply, and an unticked line stays out', async () => {
    renderApp();
    await rows();
    const bar = await select('DB_URL', 'API_KEY');
    expect(bar.textContent).toContain('2 selected');
    const review = await bulk('bulk-move-button', 'moved');
    const plan = backend.callsOf('plan_bulk_edit')[0];
    expect(plan).toMatchObject({ appId: 'app1', env: 'Development', edit: { moveTo: '/moved', addTags: [], removeTags: [], kind: null } });
    expect((plan.secretIds as string[]).sort()).toEqual(['s1', 's2']);
    expect(backend.callsOf('apply_changes')).toHaveLength(0);
    expect(screen.queryByTestId('bulk-dialog')).toBeNull();
    const lines = within(review).getAllByTestId('review-line');
    expect(lines.map((l) => l.dataset.key).sort()).toEqual(['API_KEY', 'DB_URL']);
    const apiLine = lines.find((l) => l.dataset.key === 'API_KEY')!;
    await fireEvent.click(within(apiLine).getByTestId('review-tick'));
    expect(within(review).getByTestId('review-summary').textContent).toContain('1 change ticked');
    await fireEvent.click(within(review).getByTestId('review-apply'));
    await waitFor(() => expect(backend.callsOf('apply_changes')).toHaveLength(1));
    expect(backend.callsOf('apply_changes')[0].selected).toHaveLength(1);
    await waitFor(() => expect(screen.queryByTestId('review-dialog')).toBeNull());
    await waitFor(() => expect(rowFor('DB_URL').dataset.path).toBe('/moved'));
    expect(rowFor('API_KEY').dataset.path).not.toBe('/moved');
  });

  it('adds a tag to every selected row after the review and says so', async () => {
    renderApp();
    await rows();
    await select('DB_URL', 'API_KEY');
    const review = await bulk('bulk-add-tag-button', 'infra');
    expect(backend.callsOf('plan_bulk_edit')[0].edit).toEqual({ moveTo: null, addTags: ['infra'], removeTags: [], kind: null });
    await fireEvent.click(within(review).getByTestId('review-apply'));
    await waitFor(() => expect(rowFor('DB_URL').textContent).toContain('infra'));
    expect(rowFor('API_KEY').textContent).toContain('infra');
    expect(screen.getAllByTestId('toast').some((t) => t.textContent?.includes('Applied 2 changes'))).toBe(true);
  });

  it('changes the type and removes a tag', async () => {
    renderApp();
    await rows();
    await select('DB_URL');
    let review = await bulk('bulk-kind-button', 'config', true);
    expect(backend.callsOf('plan_bulk_edit')[0].edit).toMatchObject({ kind: 'config' });
    await fireEvent.click(within(review).getByTestId('review-apply'));
    await waitFor(() => expect(screen.queryByTestId('review-dialog')).toBeNull());
    await fireEvent.click(within(screen.getByTestId('bulk-bar')).getByTestId('bulk-remove-tag-button'));
    const dialog = await screen.findByTestId('bulk-dialog');
    const sel = within(dialog).getByTestId('bulk-value') as HTMLSelectElement;
    expect([...sel.options].map((o) => o.value)).toEqual(['db', 'prod']);
    await fireEvent.change(sel, { target: { value: 'prod' } });
    await fireEvent.click(within(dialog).getByTestId('bulk-submit'));
    review = await screen.findByTestId('review-dialog');
    expect(backend.callsOf('plan_bulk_edit')[1].edit).toEqual({ moveTo: null, addTags: [], removeTags: ['prod'], kind: null });
  });

  it('a plan that cannot be made names the key and keeps the dialog', async () => {
    backend.handlers.plan_bulk_edit = () => {
      throw ipcError('duplicateKey', 'Duplicate secret found', { field: 'key' });
    };
    renderApp();
    await rows();
    await select('DB_URL');
    await fireEvent.click(within(screen.getByTestId('bulk-bar')).getByTestId('bulk-move-button'));
    const dialog = await screen.findByTestId('bulk-dialog');
    await fireEvent.input(within(dialog).getByTestId('bulk-value'), { target: { value: '/' } });
    await fireEvent.click(within(dialog).getByTestId('bulk-submit'));
    const err = await within(dialog).findByTestId('bulk-error');
    expect(err.textContent).toContain('DB_URL already exists in /');
    expect(err.textContent).toContain('Duplicate secret found');
  });
});

describe('create with a personal override', () => {
  it('can create the override inactive', async () => {
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('new-secret-button'));
    const editor = await screen.findByTestId('secret-editor');
    await fireEvent.input(within(editor).getByTestId('field-key'), { target: { value: 'NEW_KEY' } });
    await fireEvent.input(within(editor).getByTestId('field-value'), { target: { value: 'shared' } });
    const active = within(editor).getByTestId('field-override-active') as HTMLInputElement;
    expect(active.disabled).toBe(true);
    await fireEvent.input(within(editor).getByTestId('field-override-value'), { target: { value: 'mine' } });
    expect(active.disabled).toBe(false);
    expect(active.checked).toBe(true);
    await fireEvent.click(active);
    expect(editor.textContent).toContain('Inactive');
    await fireEvent.click(within(editor).getByTestId('save-button'));
    await waitFor(() => expect(backend.callsOf('create_secrets')).toHaveLength(1));
    expect(backend.callsOf('create_secrets')[0].drafts).toEqual([
      { key: 'NEW_KEY', value: 'shared', comment: '', tags: [], path: '/', kind: 'secret', overrideValue: 'mine', overrideActive: false },
    ]);
    await waitFor(() => expect(within(rowFor('NEW_KEY')).getByTestId('override-toggle').dataset.state).toBe('off'));
  });

  it('is not offered to a Service Account', async () => {
    backend = new MockBackend([account({ tokenKind: 'ServiceAccount' })]);
    seed(backend);
    backend.canOverride = false;
    backend.install();
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('new-secret-button'));
    const editor = await screen.findByTestId('secret-editor');
    expect((within(editor).getByTestId('field-override-value') as HTMLInputElement).disabled).toBe(true);
    expect((within(editor).getByTestId('field-override-active') as HTMLInputElement).disabled).toBe(true);
    expect(editor.textContent).toContain('Service Account');
  });
});

// Unsaved editor text through a lock: discarded by default; kept in the window's memory when
// the person chose "Keep unsaved edits when locking", and then the editor opens with it again
// after unlocking. The text is never sent to the backend (so never to a file or a setting).
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MockBackend } from '../../test/mockBackend';
import { lockingBackend, rowFor, rows } from '../../test/harness';
import App from '../../App.svelte';
import { DeskStore } from '../../lib/store.svelte';

let backend: MockBackend;

const TYPED_VALUE = 'typed-but-unsaved-9f2c';
const TYPED_COMMENT = 'a comment not saved yet';

beforeEach(() => {
  backend = lockingBackend();
});

afterEach(() => {
  cleanup();
  backend.uninstall();
});

async function start(keepEditsOnLock: boolean): Promise<DeskStore> {
  backend.state = { ...backend.state, settings: { ...backend.state.settings, keepEditsOnLock } };
  const store = new DeskStore();
  render(App, { store });
  await rows();
  return store;
}

/** Opens DB_URL's editor and changes its value and comment without saving. */
async function editDbUrl(): Promise<HTMLElement> {
  await fireEvent.click(within(rowFor('DB_URL')).getByTestId('edit-button'));
  const editor = await screen.findByTestId('secret-editor');
  const value = () => within(editor).getByTestId('field-value') as HTMLInputElement;
  await waitFor(() => expect(value().value).toBe('postgres://db:5432'));
  await fireEvent.input(value(), { target: { value: TYPED_VALUE } });
  await fireEvent.input(within(editor).getByTestId('field-comment'), { target: { value: TYPED_COMMENT } });
  return editor;
}

async function lock() {
  await fireEvent.keyDown(window, { key: 'l', ctrlKey: true });
  await screen.findByTestId('lock-screen');
  await waitFor(() => expect(backend.callsOf('lock_now')).toHaveLength(1));
  expect(screen.queryByTestId('secret-editor')).toBeNull();
  expect(document.body.innerHTML).not.toContain(TYPED_VALUE);
}

/** Unlocks and waits until the listing is back and the unlock is done. */
async function unlock(store: DeskStore) {
  await fireEvent.click(screen.getByTestId('unlock-button'));
  await waitFor(() => expect(store.lock.busy).toBe(false));
  expect(screen.queryByTestId('lock-screen')).toBeNull();
  await rows();
}

/** Nothing typed went to the backend: no command, no setting carries it. */
function neverSent(...texts: string[]) {
  const sent = JSON.stringify(backend.calls);
  for (const t of texts) expect(sent).not.toContain(t);
}

describe('unsaved edits through a lock', () => {
  it('off (the default): the editor closes and its text is gone after unlocking', async () => {
    const store = await start(false);
    await editDbUrl();
    await lock();
    await unlock(store);
    expect(screen.queryByTestId('secret-editor')).toBeNull();
    expect(store.editing.panel).toBeNull();
    await fireEvent.click(within(rowFor('DB_URL')).getByTestId('edit-button'));
    const editor = await screen.findByTestId('secret-editor');
    await waitFor(() => expect((within(editor).getByTestId('field-value') as HTMLInputElement).value).toBe('postgres://db:5432'));
    expect((within(editor).getByTestId('field-comment') as HTMLInputElement).value).toBe('primary');
    neverSent(TYPED_VALUE, TYPED_COMMENT);
  });

  it('on: the editor opens again with the text; its base stays the row as first opened', async () => {
    const store = await start(true);
    await editDbUrl();
    await lock();
    neverSent(TYPED_VALUE, TYPED_COMMENT);
    // Changed on the server meanwhile: saving must not overwrite that unseen.
    backend.rows = backend.rows.map((r) => (r.id === 's1' ? { ...r, version: 5, comment: 'theirs' } : r));
    const readsBefore = backend.callsOf('value_for_editing').length;
    await unlock(store);
    const editor = await screen.findByTestId('secret-editor');
    expect(editor.dataset.mode).toBe('edit');
    await waitFor(() => expect(backend.callsOf('value_for_editing').length).toBe(readsBefore + 1));
    await waitFor(() => expect((within(editor).getByTestId('field-value') as HTMLInputElement).value).toBe(TYPED_VALUE));
    expect((within(editor).getByTestId('field-comment') as HTMLInputElement).value).toBe(TYPED_COMMENT);
    neverSent(TYPED_VALUE, TYPED_COMMENT);
    await fireEvent.click(within(editor).getByTestId('save-button'));
    await waitFor(() => expect(backend.callsOf('update_secret')).toHaveLength(1));
    expect(backend.callsOf('update_secret')[0]).toMatchObject({
      secretId: 's1',
      baseVersion: 4,
      changes: { key: null, value: TYPED_VALUE, comment: TYPED_COMMENT, tags: null, path: null, kind: null },
    });
  });

  it('on: Cancel after unlocking still asks before discarding the kept text', async () => {
    const store = await start(true);
    await editDbUrl();
    await lock();
    await unlock(store);
    const editor = await screen.findByTestId('secret-editor');
    await waitFor(() => expect((within(editor).getByTestId('field-value') as HTMLInputElement).value).toBe(TYPED_VALUE));
    await fireEvent.click(within(editor).getByTestId('cancel-button'));
    await screen.findByTestId('confirm-dialog');
  });

  it('on: the new-secret form and the paste panel come back as they were', async () => {
    const store = await start(true);
    await fireEvent.click(screen.getByTestId('new-secret-button'));
    let editor = await screen.findByTestId('secret-editor');
    await fireEvent.input(within(editor).getByTestId('field-key'), { target: { value: 'new key' } });
    await fireEvent.input(within(editor).getByTestId('field-value'), { target: { value: TYPED_VALUE } });
    await lock();
    await unlock(store);
    editor = await screen.findByTestId('secret-editor');
    expect(editor.dataset.mode).toBe('new');
    expect((within(editor).getByTestId('field-key') as HTMLInputElement).value).toBe('NEW_KEY');
    expect((within(editor).getByTestId('field-value') as HTMLTextAreaElement).value).toBe(TYPED_VALUE);
    await fireEvent.click(within(editor).getByTestId('save-button'));
    await waitFor(() => expect(backend.callsOf('create_secrets')).toHaveLength(1));
    expect(backend.callsOf('create_secrets')[0].drafts).toMatchObject([{ key: 'NEW_KEY', value: TYPED_VALUE }]);

    backend.calls.length = 0;
    await waitFor(() => expect(screen.queryByTestId('secret-editor')).toBeNull());
    await fireEvent.click(screen.getByTestId('batch-button'));
    const panel = await screen.findByTestId('batch-panel');
    await fireEvent.input(within(panel).getByTestId('batch-text'), { target: { value: `PASTED=${TYPED_VALUE}` } });
    await lock();
    await unlock(store);
    const again = await screen.findByTestId('batch-panel');
    expect((within(again).getByTestId('batch-text') as HTMLTextAreaElement).value).toBe(`PASTED=${TYPED_VALUE}`);
  });
});

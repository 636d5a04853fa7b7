// Across environments in the window: the side-by-side view (filters, reveal), import with
// review (refused lines, unticking), export through Rust, copy to environments.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeLine, ChangeSetView, CompareRow } from '../../lib/bindings';
import type { CompareView } from '../../lib/wire';
import { filterRows } from '../../lib/compare';
import { MockBackend } from '../../test/mockBackend';
import { renderApp, rows, seed } from '../../test/harness';

let backend: MockBackend;

const cell = (id: string | null, group: number | null) => ({ secretId: id, kind: id ? ('secret' as const) : null, group, overrideActive: false });
const ROWS: CompareRow[] = [
  { key: 'SAME', path: '/', tags: [], cells: [cell('a1', 0), cell('b1', 0), cell('c1', 0)], missing: false, differs: false },
  { key: 'DIFFERS', path: '/db', tags: ['db'], cells: [cell('a2', 0), cell('b2', 1), cell(null, null)], missing: true, differs: true },
  { key: 'ONLY_DEV', path: '/', tags: [], cells: [cell('a3', 0), cell(null, null), cell(null, null)], missing: true, differs: false },
];
const VIEW: CompareView = { appId: 'app1', envs: ['Development', 'Staging', 'Production'], rows: ROWS, envErrors: [], elapsedMs: 12 };

function line(id: number, key: string, action: ChangeLine['action'], selected: boolean): ChangeLine {
  return { id, env: 'Development', action, key, path: '/', fields: [], valueChanges: action !== 'unchanged', selected, note: null, error: null, status: { state: 'pending' } };
}

beforeEach(() => {
  backend = new MockBackend();
  seed(backend);
  backend.handlers.compare_environments = () => VIEW;
  backend.handlers.compare_reveal = (args) => (args.secretId === 'b2' ? 'staging-value' : 'x');
  backend.install();
});

afterEach(() => {
  cleanup();
  backend.uninstall();
});

describe('filtering the side-by-side rows', () => {
  it('keeps what is missing, what differs, a folder, a tag and words', () => {
    expect(filterRows(ROWS, 'missing', '/', '').map((r) => r.key)).toEqual(['DIFFERS', 'ONLY_DEV']);
    expect(filterRows(ROWS, 'differs', '/', '').map((r) => r.key)).toEqual(['DIFFERS']);
    expect(filterRows(ROWS, 'all', '/db', '').map((r) => r.key)).toEqual(['DIFFERS']);
    expect(filterRows(ROWS, 'all', '/', 'tag:db').map((r) => r.key)).toEqual(['DIFFERS']);
    expect(filterRows(ROWS, 'all', '/', 'only dev').map((r) => r.key)).toEqual(['ONLY_DEV']);
  });
});

describe('the side-by-side view', () => {
  it('shows a column per environment, filters, and reveals one cell on request', async () => {
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('compare-button'));
    const view = await screen.findByTestId('compare-view');
    await waitFor(() => expect(within(view).getAllByTestId('compare-row')).toHaveLength(3));
    const differs = within(view).getAllByTestId('compare-row').find((r) => r.dataset.key === 'DIFFERS')!;
    const states = within(differs).getAllByTestId('compare-cell').map((c) => c.dataset.state);
    expect(states).toEqual(['value A', 'value B', 'missing']);
    expect(differs.textContent).not.toContain('staging-value');
    await fireEvent.click(within(differs).getAllByTestId('compare-reveal')[1]);
    await waitFor(() => expect(differs.textContent).toContain('staging-value'));
    expect(backend.callsOf('compare_reveal')[0]).toMatchObject({ env: 'Staging', secretId: 'b2' });
    await fireEvent.click(within(view).getByTestId('compare-filter-differs'));
    expect(within(view).getAllByTestId('compare-row').map((r) => r.dataset.key)).toEqual(['DIFFERS']);
    await fireEvent.click(within(view).getByTestId('compare-close'));
    expect(screen.queryByTestId('compare-view')).toBeNull();
  });

  it('fills what production lacks through the review', async () => {
    backend.handlers.plan_copy = (args) =>
      ({ id: 'c1', kind: 'fillMissing', appId: 'app1', title: 'Fill', refused: [], note: null, lines: (args.secretIds as string[]).map((id, i) => ({ ...line(i + 1, id, 'create', true), env: 'Production' })) }) satisfies ChangeSetView;
    backend.handlers.apply_changes = (args) => ({ changes: { id: 'c1', kind: 'fillMissing', appId: 'app1', title: 'Fill', refused: [], note: null, lines: [] }, applied: (args.selected as number[]).length, failed: 0, message: 'Applied 3 changes.' });
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('compare-button'));
    await fireEvent.click(await screen.findByTestId('compare-copy-button'));
    const dialog = await screen.findByTestId('copy-dialog');
    const prod = within(dialog).getAllByTestId('copy-to').find((c) => (c as HTMLInputElement).value === 'Production')!;
    await fireEvent.click(prod);
    await fireEvent.click(within(dialog).getByTestId('copy-mode-fill'));
    await fireEvent.click(within(dialog).getByTestId('copy-review'));
    const review = await screen.findByTestId('review-dialog');
    expect(backend.callsOf('plan_copy')[0]).toMatchObject({ from: 'Development', to: ['Production'], fillMissing: true, secretIds: ['a1', 'a2', 'a3'] });
    await fireEvent.click(within(review).getByTestId('review-apply'));
    await waitFor(() => expect(backend.callsOf('apply_changes')[0].selected).toEqual([1, 2, 3]));
    await waitFor(() => expect(backend.callsOf('compare_environments').length).toBe(2), { timeout: 2000 });
    // Opened from the table (its list of the environment on screen is used); after applying, every environment is listed again.
    expect(backend.callsOf('compare_environments').map((c) => c.fromTable)).toEqual([true, false]);
  });
});

describe('import', () => {
  it('pasted text is planned in Rust, refused lines say why, and an unticked line is not applied', async () => {
    backend.handlers.plan_import_text = () =>
      ({
        id: 'i1',
        kind: 'import',
        appId: 'app1',
        title: 'Import 2 secrets into Development /',
        note: 'Values are sent as written.',
        refused: [{ line: 3, key: 'BAD KEY', reason: 'keys may only hold letters, digits and _' }],
        lines: [line(1, 'NEW_ONE', 'create', true), line(2, 'NEW_TWO', 'create', true), line(3, 'OLD', 'delete', false)],
      }) satisfies ChangeSetView;
    backend.handlers.apply_changes = () => ({ changes: { id: 'i1', kind: 'import', appId: 'app1', title: '', refused: [], note: null, lines: [] }, applied: 1, failed: 0, message: 'Applied 1 change.' });
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('import-button'));
    const dialog = await screen.findByTestId('import-dialog');
    await fireEvent.input(within(dialog).getByTestId('import-text'), { target: { value: 'NEW_ONE=1\nNEW_TWO=2\nBAD KEY=3' } });
    await fireEvent.click(within(dialog).getByTestId('import-review'));
    const review = await screen.findByTestId('review-dialog');
    expect(backend.callsOf('plan_import_text')[0]).toMatchObject({ appId: 'app1', env: 'Development', folder: '/' });
    expect(within(review).getByTestId('review-refused').textContent).toContain('Line 3: keys may only hold');
    const lines = within(review).getAllByTestId('review-line');
    const del = lines.find((l) => l.dataset.key === 'OLD')!;
    expect((within(del).getByTestId('review-tick') as HTMLInputElement).checked).toBe(false);
    await fireEvent.click(within(lines.find((l) => l.dataset.key === 'NEW_TWO')!).getByTestId('review-tick'));
    await fireEvent.click(within(review).getByTestId('review-apply'));
    await waitFor(() => expect(backend.callsOf('apply_changes')[0].selected).toEqual([1]));
  });

  it('choosing a file asks Rust to open the dialog, and a cancelled dialog changes nothing', async () => {
    backend.handlers.pick_import_file = () => null;
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('import-button'));
    const dialog = await screen.findByTestId('import-dialog');
    await fireEvent.click(within(dialog).getByTestId('import-choose-file'));
    await waitFor(() => expect(backend.callsOf('pick_import_file')).toHaveLength(1));
    expect(screen.getByTestId('import-dialog')).toBeTruthy();
    expect(screen.queryByTestId('review-dialog')).toBeNull();
  });
});

describe('export', () => {
  it('asks Rust to export the whole environment and says where it went', async () => {
    backend.handlers.export_secrets = () => ({ file: '/home/me/Development.env', count: 7, sealedLeftOut: 1 });
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('export-button'));
    const dialog = await screen.findByTestId('export-dialog');
    expect(within(dialog).getByTestId('export-note').textContent).toContain('current values');
    await fireEvent.click(within(dialog).getByTestId('export-format-yaml'));
    await fireEvent.click(within(dialog).getByTestId('export-save'));
    await waitFor(() => expect(backend.callsOf('export_secrets')).toHaveLength(1));
    expect(backend.callsOf('export_secrets')[0].request).toEqual({ appId: 'app1', env: 'Development', folder: null, recursive: true, format: 'yaml' });
    await waitFor(() => expect(screen.getAllByTestId('toast').some((t) => t.textContent?.includes('Exported 7 secrets to /home/me/Development.env (1 sealed left out)'))).toBe(true));
  });
});

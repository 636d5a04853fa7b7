// A CommandK account in the window: added with a Read and an optional Write token, apps
// opened by name, masked rows (preview, "not set"), create with a purpose type and "also set
// in…", and a read-only account said once. Components go by capabilities only.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountView, AppView, Capabilities } from '../../lib/bindings';
import { row } from '../../lib/__tests__/fixtures';
import { account, ipcError, MockBackend } from '../../test/mockBackend';
import { renderApp, rowFor, rows } from '../../test/harness';

let backend: MockBackend;

const REASON = 'CommandK keeps one secret per app with a value per environment: no folders, tags, comments, personal overrides, delete or rename.';
const READ_ONLY = "Read-only: this account has no Write token (CommandK's Read tokens cannot write). Add one to create or change secrets.";

function commandkCaps(readOnly: boolean): Capabilities {
  return {
    folders: false,
    tags: false,
    comments: false,
    types: false,
    personalOverrides: false,
    delete: false,
    rename: false,
    maskedListing: true,
    perEnvironmentValues: true,
    readOnly,
    missingReason: readOnly ? READ_ONLY : REASON,
    purposeTypes: [
      { id: 'APIKey', label: 'API key' },
      { id: 'SSHKey', label: 'SSH key' },
      { id: 'UsernamePassword', label: 'Username and password' },
      { id: 'Other', label: 'Other' },
    ],
    appsByName: true,
  };
}

function commandkAccount(readOnly = false, p: Partial<AccountView> = {}): AccountView {
  return account({
    id: 'ck1',
    name: 'Payments',
    provider: 'commandk',
    host: 'https://api.commandk.dev',
    tokenKind: readOnly ? 'Read' : 'ReadWrite',
    capabilities: commandkCaps(readOnly),
    ...p,
  });
}

function install(accounts: AccountView[]) {
  backend = new MockBackend(accounts);
  backend.apps = [{ id: 'ck-app', name: 'payments-service', description: null, sseEnabled: true, disabledReason: null }];
  backend.envs = [
    { id: 'd', name: 'Development', envType: 'dev', index: 0 },
    { id: 's', name: 'Staging', envType: 'staging', index: 1 },
    { id: 'p', name: 'Production', envType: 'prod', index: 2 },
  ];
  backend.rows = [
    { ...row({ id: 'c1', key: 'STRIPE_SECRET_KEY' }), valueSet: true, preview: 'sk_********' },
    { ...row({ id: 'c2', key: 'DEPLOY_SSH_KEY' }), valueSet: false },
  ];
  backend.values.set('c1', 'sk_test_full');
  backend.canOverride = false;
  backend.install();
}

afterEach(() => {
  cleanup();
  backend.uninstall();
});

describe('adding a CommandK account', () => {
  it('asks for the Read token, an optional Write token and an app; errors go under their field', async () => {
    install([account()]);
    let attempt = 0;
    backend.handlers.add_commandk_account = (args, b) => {
      attempt++;
      if (attempt === 1) throw ipcError('validation', 'This is a Write token: paste a Read token here.', { field: 'readToken' });
      const acc = commandkAccount(true, { id: 'ck-new', name: (args.input as { name: string }).name });
      b.state = { ...b.state, accounts: [...b.state.accounts, acc] };
      return acc;
    };
    renderApp();
    await rows();
    await fireEvent.click(await screen.findByTestId('add-account-button'));
    await fireEvent.click(screen.getByTestId('account-service-commandk'));
    expect(screen.queryByTestId('account-token-kind')).toBeNull();
    const submit = screen.getByTestId('account-submit') as HTMLButtonElement;
    await fireEvent.input(screen.getByTestId('ck-name'), { target: { value: 'Payments' } });
    await fireEvent.change(screen.getByTestId('ck-host-kind'), { target: { value: 'selfHosted' } });
    await fireEvent.input(await screen.findByTestId('ck-host-url'), { target: { value: 'acme' } });
    await fireEvent.input(screen.getByTestId('ck-read-token'), { target: { value: 'cmdk_write_x' } });
    expect(submit.disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('ck-app-name'), { target: { value: 'payments-service' } });
    expect(submit.disabled).toBe(false);
    await fireEvent.click(submit);
    const err = await screen.findByTestId('account-error');
    expect(err.dataset.field).toBe('readToken');
    expect(backend.callsOf('add_commandk_account')[0]).toEqual({
      input: { name: 'Payments', hostKind: 'selfHosted', hostUrl: 'acme', readToken: 'cmdk_write_x', writeToken: null, appName: 'payments-service', sessionOnly: false },
    });
    await fireEvent.input(screen.getByTestId('ck-read-token'), { target: { value: 'cmdk_read_x' } });
    expect(screen.queryByTestId('account-error')).toBeNull();
    await fireEvent.click(submit);
    await waitFor(() => expect(backend.callsOf('switch_account')).toEqual([{ accountId: 'ck-new' }]));
    // Read-only is said once, with the reason.
    await screen.findByText(READ_ONLY);
  });
});

describe('a CommandK account', () => {
  it('opens an app by its name and keeps it in the picker', async () => {
    install([commandkAccount()]);
    const internal: AppView = { id: 'ck-2', name: 'internal-tools', description: null, sseEnabled: true, disabledReason: null };
    backend.handlers.find_app = (args) => {
      if ((args as { name: string }).name !== 'internal-tools') throw ipcError('notFound', 'No app named nope');
      return internal;
    };
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('open-app-by-name'));
    await fireEvent.input(screen.getByTestId('app-name-input'), { target: { value: 'nope' } });
    await fireEvent.click(screen.getByTestId('app-name-open'));
    expect((await screen.findByTestId('app-name-error')).textContent).toContain('No app named nope');
    await fireEvent.input(screen.getByTestId('app-name-input'), { target: { value: 'internal-tools' } });
    await fireEvent.click(screen.getByTestId('app-name-open'));
    await waitFor(() => expect((screen.getByTestId('app-picker') as HTMLSelectElement).value).toBe('ck-2'));
    const names = [...(screen.getByTestId('app-picker') as HTMLSelectElement).options].map((o) => o.textContent?.trim());
    expect(names).toEqual(['payments-service', 'internal-tools']);
    expect(backend.callsOf('list_environments').at(-1)).toEqual({ appId: 'ck-2' });
  });

  it('shows the server preview, says "not set", and reveals on demand', async () => {
    install([commandkAccount()]);
    renderApp();
    await rows();
    expect(within(rowFor('STRIPE_SECRET_KEY')).getByText('sk_********')).toBeTruthy();
    expect(within(rowFor('DEPLOY_SSH_KEY')).getByText('not set')).toBeTruthy();
    expect(screen.queryByText('sk_test_full')).toBeNull();
    await fireEvent.click(within(rowFor('STRIPE_SECRET_KEY')).getByTestId('reveal-button'));
    await within(rowFor('STRIPE_SECRET_KEY')).findByText('sk_test_full');
  });

  it('creates with a purpose type and "also set in" other environments', async () => {
    install([commandkAccount()]);
    renderApp();
    await rows();
    await fireEvent.click(screen.getByTestId('new-secret-button'));
    const editor = await screen.findByTestId('secret-editor');
    for (const gone of ['field-tags', 'field-path', 'field-type', 'field-comment', 'field-override-value']) {
      expect(within(editor).queryByTestId(gone)).toBeNull();
    }
    await fireEvent.input(within(editor).getByTestId('field-key'), { target: { value: 'GITHUB_TOKEN' } });
    await fireEvent.input(within(editor).getByTestId('field-value'), { target: { value: 'ghp_x' } });
    await fireEvent.change(within(editor).getByTestId('field-purpose'), { target: { value: 'APIKey' } });
    const also = within(editor).getAllByTestId('also-in');
    expect(also.map((a) => a.dataset.env)).toEqual(['Staging', 'Production']);
    await fireEvent.click(also[0]);
    await fireEvent.click(within(editor).getByTestId('save-button'));
    await waitFor(() => expect(backend.callsOf('create_secrets')).toHaveLength(1));
    const call = backend.callsOf('create_secrets')[0];
    expect(call.options).toEqual({ purposeType: 'APIKey', alsoIn: ['Staging'] });
  });

  it('read-only: no create, and the reason is shown', async () => {
    install([commandkAccount(true)]);
    renderApp();
    await rows();
    const create = screen.queryByTestId('new-secret-button') as HTMLButtonElement | null;
    expect(create === null || create.disabled).toBe(true);
    if (create) expect(create.title).toContain('Write token');
  });
});

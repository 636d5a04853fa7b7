// Accounts: the desk state (accounts, settings), adding, switching, replacing tokens, removing.
import type { AccountView, CommandkAccountInput, DeskState, NewAccountInput, Settings } from '../bindings';
import * as host from '../host';
import { HostError } from '../host';
import type { DeskStore } from '../store.svelte';

/** The add-account form's fields an error can be about. */
export type AccountField = 'name' | 'hostUrl' | 'token';

/** A URL the person typed without `https://` (or another scheme) in front. */
export function missingScheme(url: string): boolean {
  const u = url.trim();
  return u !== '' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(u);
}

/** Transport words that mean nothing to a person (the backend words most errors itself). */
const RAW_TRANSPORT = /error sending request|tcp connect error|os error \d+|connection refused|dns error|failed to lookup address|client error \(connect\)/i;

/**
 * An add-account (or replace-token) error as the person should read it, and the field it is
 * about: a refused token is about the token, nothing answering is about the server's URL.
 */
export function explainAccountError(e: HostError, input: { hostKind: string; hostUrl: string | null; host?: string }): HostError {
  const url = input.hostUrl?.trim() || input.host || 'the server';
  let field = e.field;
  let message = e.message;
  if (/relative URL without a base/i.test(message)) {
    field = 'hostUrl';
    message = 'Add https:// in front of the address.';
  } else if (e.code === 'network' || e.code === 'timeout') {
    if (RAW_TRANSPORT.test(message)) message = `Nothing answered at ${url} — is the address right and the server running?`;
    field ??= input.hostUrl ? 'hostUrl' : null;
  } else if (e.code === 'unauthorized' || e.code === 'forbidden') {
    field ??= 'token';
  }
  if (field === e.field && message === e.message) return e;
  return new HostError(e.code, message, e.retryAfter, field);
}

export class Accounts {
  desk = $state<DeskState | null>(null);
  booting = $state(true);
  bootError = $state<HostError | null>(null);

  activeAccount = $derived(this.desk?.accounts.find((a) => a.id === this.desk?.activeAccountId) ?? null);

  private readonly d: DeskStore;

  constructor(d: DeskStore) {
    this.d = d;
  }

  async switchAccount(accountId: string): Promise<boolean> {
    if (accountId === this.desk?.activeAccountId) return true;
    if (!(await this.d.editing.mayLeave())) return false;
    await this.d.deletes.commitAll();
    try {
      this.desk = await this.d.feedback.run(() => host.switchAccount(accountId));
      this.d.resetForAccount();
      await this.d.nav.loadApps();
    } catch (e) {
      this.d.feedback.errorToast(e, 'Could not switch account: ');
    }
    return true;
  }

  /** Adds an account and makes it the active one. Throws HostError for the dialog to show. */
  async addAccount(input: NewAccountInput): Promise<AccountView> {
    return this.added(await this.d.feedback.run(() => host.addAccount(input)));
  }

  /** Adds a CommandK account (Read token, optional Write token) and makes it the active one. */
  async addCommandkAccount(input: CommandkAccountInput): Promise<AccountView> {
    return this.added(await this.d.feedback.run(() => host.addCommandkAccount(input)));
  }

  private async added(acc: AccountView): Promise<AccountView> {
    const { feedback } = this.d;
    await this.d.deletes.commitAll();
    this.desk = await feedback.run(() => host.switchAccount(acc.id));
    this.d.resetForAccount();
    this.d.dialogs.addAccountOpen = false;
    feedback.toast('info', `Added ${acc.name}${acc.sessionOnly ? ' (this session only)' : ''}`);
    // Said once, here; the controls stay disabled with the same reason.
    if (acc.capabilities?.readOnly) feedback.toast('info', acc.capabilities.missingReason ?? 'This account is read-only.');
    await this.d.nav.loadApps();
    return acc;
  }

  async replaceToken(accountId: string, token: string, sessionOnly: boolean): Promise<void> {
    const { feedback } = this.d;
    await feedback.run(() => host.replaceToken(accountId, token, sessionOnly));
    this.desk = await feedback.run(() => host.getState());
    const then = this.d.dialogs.replaceTokenThen;
    this.d.dialogs.replaceTokenThen = null;
    this.d.dialogs.replaceTokenFor = null;
    feedback.toast('info', 'Token replaced');
    if (accountId !== this.desk.activeAccountId) return;
    // Do again what failed with the old token (else open the account again).
    if (then) await then();
    else await this.d.nav.loadApps();
  }

  askRemoveAccount(acc: AccountView) {
    this.d.dialogs.openConfirm({
      title: 'Remove account',
      message: `Remove the account “${acc.name}” (${acc.host})? Its token is deleted from the keychain.`,
      okLabel: 'Remove',
      danger: true,
      onOk: async () => {
        const wasActive = acc.id === this.desk?.activeAccountId;
        if (wasActive) await this.d.deletes.commitAll();
        try {
          this.desk = await this.d.feedback.run(() => host.removeAccount(acc.id));
          this.d.feedback.toast('info', `Removed ${acc.name}`);
          if (wasActive || !this.desk.activeAccountId) {
            this.d.resetForAccount();
            if (this.desk.activeAccountId) await this.d.nav.loadApps();
          }
        } catch (e) {
          this.d.feedback.errorToast(e, 'Could not remove the account: ');
        }
      },
    });
  }

  async saveSettings(settings: Settings) {
    this.desk = await this.d.feedback.run(() => host.setSettings(settings));
    this.d.dialogs.settingsOpen = false;
    // A shorter idle time counts from now on, not from the next check.
    this.d.lock.rearm();
  }
}

// Which modal dialogs are open.
import type { AccountView } from '../bindings';

export interface ConfirmRequest {
  title: string;
  message: string;
  okLabel: string;
  danger: boolean;
  onOk: () => void | Promise<void>;
}

export class Dialogs {
  confirm = $state<ConfirmRequest | null>(null);
  addAccountOpen = $state(false);
  replaceTokenFor = $state<AccountView | null>(null);
  /** What to do again once the token is replaced (the action that failed with 401). */
  replaceTokenThen: (() => unknown) | null = null;
  settingsOpen = $state(false);
  paletteOpen = $state(false);

  /** Opens the replace-token dialog; `then` runs after the token is replaced. */
  openReplaceToken(account: AccountView, then: (() => unknown) | null = null) {
    this.replaceTokenThen = then;
    this.replaceTokenFor = account;
  }
}

// Which modal dialogs are open.
import type { AccountView } from '../bindings';

export interface ConfirmRequest {
  title: string;
  message: string;
  okLabel: string;
  /** The label of the button that leaves things as they are (default "Cancel"). */
  cancelLabel?: string;
  danger: boolean;
  /** The button focused when the dialog opens (default: OK). */
  focus?: 'ok' | 'cancel';
  onOk: () => void | Promise<void>;
  /** Called when the dialog is closed without OK (Cancel, Esc, a click outside). */
  onCancel?: () => void;
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

  /** Shows a confirmation (closing any other one as cancelled). */
  openConfirm(req: ConfirmRequest) {
    const prev = this.confirm;
    this.confirm = req;
    prev?.onCancel?.();
  }

  /** Closes the confirmation without OK. */
  cancelConfirm() {
    const req = this.confirm;
    this.confirm = null;
    req?.onCancel?.();
  }

  /** Asks, and answers whether the person chose OK. */
  ask(req: Omit<ConfirmRequest, 'onOk' | 'onCancel'>): Promise<boolean> {
    return new Promise((resolve) => {
      this.openConfirm({ ...req, onOk: () => resolve(true), onCancel: () => resolve(false) });
    });
  }
}

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
  settingsOpen = $state(false);
  paletteOpen = $state(false);
}

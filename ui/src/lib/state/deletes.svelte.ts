// Deleting rows (after a confirmation) and the Undo toast.
import type { SecretRow } from '../bindings';
import * as host from '../host';
import { HostError } from '../host';
import { idle, undoReducer, type UndoEvent, type UndoState } from '../undo';
import type { DeskStore } from '../store.svelte';
import { describeError } from './feedback.svelte';

export class Deletes {
  undo = $state<UndoState>(idle);

  private readonly d: DeskStore;

  constructor(d: DeskStore) {
    this.d = d;
  }

  private event(e: UndoEvent) {
    this.undo = undoReducer(this.undo, e);
  }

  /** Called every second by the clock. */
  tick(now: number) {
    if (this.undo.status !== 'idle') this.event({ type: 'tick', now });
  }

  /** The rows a Delete would act on: the selection, else the focused row. */
  deletionTargets(): SecretRow[] {
    const { selected, focusId } = this.d.selection;
    const ids = selected.size > 0 ? selected : focusId ? new Set([focusId]) : new Set<string>();
    return this.d.listing.rows.filter((r) => ids.has(r.id) && !r.rotating);
  }

  askDelete(rows: SecretRow[]) {
    const targets = rows.filter((r) => !r.rotating);
    if (targets.length === 0) {
      if (rows.length > 0) this.d.feedback.toast('error', 'Rotating secrets are managed by Phase and cannot be deleted here.');
      return;
    }
    const keys = targets.map((r) => r.key);
    const shown = keys.slice(0, 10).join(', ') + (keys.length > 10 ? ` and ${keys.length - 10} more` : '');
    this.d.dialogs.confirm = {
      title: targets.length === 1 ? 'Delete secret' : `Delete ${targets.length} secrets`,
      message: `Delete ${shown} from ${this.d.nav.env}? You can undo this for a few seconds.`,
      okLabel: 'Delete',
      danger: true,
      onOk: () => this.doDelete(targets),
    };
  }

  private async doDelete(targets: SecretRow[]) {
    const { appId, env } = this.d.nav;
    if (!appId || !env) return;
    try {
      const out = await this.d.feedback.run(() => host.deleteSecrets(appId, env, targets.map((r) => r.id)));
      const ids = new Set(targets.map((r) => r.id));
      this.d.listing.removeRows(ids);
      this.d.selection.drop(ids);
      const panel = this.d.editing.panel;
      if (panel?.kind === 'edit' && ids.has(panel.rowId)) this.d.editing.panel = null;
      this.event({ type: 'deleted', outcome: out, now: Date.now() });
    } catch (e) {
      this.d.feedback.errorToast(e, 'Could not delete: ');
    }
  }

  async undoDelete() {
    const s = this.undo;
    if (s.status !== 'offered' && s.status !== 'failed') return;
    const { appId, env } = this.d.nav;
    this.event({ type: 'undo' });
    try {
      const rows = await this.d.feedback.run(() => host.undoDelete(s.undoId));
      this.event({ type: 'undone', now: Date.now() });
      if (this.d.listing.list && this.d.nav.appId === appId && this.d.nav.env === env) this.d.listing.addRows(rows);
    } catch (e) {
      this.event({ type: 'undoFailed', error: describeError(HostError.from(e)), now: Date.now() });
    }
  }

  dismissUndo() {
    this.event({ type: 'dismiss' });
  }
}

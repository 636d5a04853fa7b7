// Deleting rows and the Undo toast. The backend holds a delete back for the undo window:
// the rows are hidden at once, Undo brings them back without any request, and when the window
// ends (or the toast is dismissed, or the person leaves the environment) the delete is sent.
import type { SecretRow } from '../bindings';
import * as host from '../host';
import { HostError } from '../host';
import { canUndo, idle, listKeys, undoReducer, type UndoEvent, type UndoState } from '../undo';
import type { DeskStore } from '../store.svelte';
import { describeError } from './feedback.svelte';

/** A delete the backend holds back: the rows, to show again if it is undone or fails. */
interface Held {
  appId: string;
  env: string;
  rows: SecretRow[];
}

/** "Could not delete A, B: reason", unless the backend's message already names the keys. */
function refusal(keys: string[], e: unknown): string {
  const msg = describeError(HostError.from(e));
  if (keys.length === 0 || keys.some((k) => msg.includes(k))) return msg;
  return `Could not delete ${listKeys(keys, 5)}: ${msg}`;
}

export class Deletes {
  undo = $state<UndoState>(idle);
  /** When the last delete was made (Ctrl+Z in a text field undoes it if nothing was typed since). */
  lastDeleteAt = 0;

  private held = new Map<string, Held>();
  private readonly d: DeskStore;

  constructor(d: DeskStore) {
    this.d = d;
  }

  private event(e: UndoEvent) {
    const before = this.undo;
    this.undo = undoReducer(before, e);
    const after = this.undo;
    if (after.status === 'committing' && before.status !== 'committing') void this.commit(after.undoId);
  }

  /** Called every second by the clock. */
  tick(now: number) {
    if (this.undo.status !== 'idle') this.event({ type: 'tick', now });
  }

  /** Ids of rows deleted (held back) in this environment: a new listing must not show them. */
  hiddenIds(appId: string, env: string): Set<string> {
    const ids = new Set<string>();
    for (const h of this.held.values()) if (h.appId === appId && h.env === env) for (const r of h.rows) ids.add(r.id);
    return ids;
  }

  /** The rows a Delete would act on: the selection, else the focused row. */
  deletionTargets(): SecretRow[] {
    const { selected, focusId } = this.d.selection;
    const ids = selected.size > 0 ? selected : focusId ? new Set([focusId]) : new Set<string>();
    return this.d.listing.rows.filter((r) => ids.has(r.id) && !r.rotating);
  }

  askDelete(rows: SecretRow[]) {
    if (!this.d.caps.delete) {
      if (rows.length > 0) this.d.feedback.toast('error', this.d.caps.why('delete'));
      return;
    }
    const targets = rows.filter((r) => !r.rotating);
    if (targets.length === 0) {
      if (rows.length > 0) this.d.feedback.toast('error', 'Rotating secrets are managed by Phase and cannot be deleted here.');
      return;
    }
    const keys = targets.map((r) => r.key);
    const shown = keys.slice(0, 10).join(', ') + (keys.length > 10 ? ` and ${keys.length - 10} more` : '');
    const { nav } = this.d;
    const prod = nav.isProduction ? ` ${nav.env} is a production environment.` : '';
    this.d.dialogs.openConfirm({
      title: targets.length === 1 ? 'Delete secret' : `Delete ${targets.length} secrets`,
      message: `Delete ${shown} from ${nav.env}?${prod} You can undo this for a few seconds.`,
      okLabel: 'Delete',
      danger: true,
      onOk: () => {
        nav.markWriteConfirmed();
        return this.doDelete(targets);
      },
    });
  }

  private async doDelete(targets: SecretRow[]) {
    const { appId, env } = this.d.nav;
    const { listing, selection, editing, feedback } = this.d;
    if (!appId || !env) return;
    this.lastDeleteAt = Date.now();
    const ids = new Set(targets.map((r) => r.id));
    // The keyboard moves on to the row after the focused one (else the one before).
    const shown = listing.visibleRows;
    const at = shown.findIndex((r) => r.id === selection.focusId);
    const next = at < 0 || !ids.has(shown[at].id) ? null : (shown.slice(at + 1).find((r) => !ids.has(r.id)) ?? shown.slice(0, at).reverse().find((r) => !ids.has(r.id)) ?? null);
    // Hidden at once; the backend only records the delete (nothing is sent yet).
    listing.removeRows(ids);
    selection.drop(ids);
    if (next) selection.focusRow(next.id, true);
    if (editing.panel?.kind === 'edit' && ids.has(editing.panel.rowId)) editing.closePanel();
    try {
      const out = await feedback.run(() => host.deleteSecrets(appId, env, [...ids]));
      this.held.set(out.undoId, { appId, env, rows: targets });
      // Only one offer at a time: an older one is sent now.
      const prev = this.undo;
      if (canUndo(prev) && 'undoId' in prev && prev.undoId !== out.undoId) void this.commit(prev.undoId);
      feedback.now = Date.now();
      this.event({ type: 'deleted', outcome: out, now: feedback.now });
    } catch (e) {
      this.bringBack(targets, appId, env);
      feedback.errorToast(e, 'Could not delete: ');
    }
  }

  async undoDelete() {
    const s = this.undo;
    if (s.status !== 'offered' && s.status !== 'failed') return;
    this.event({ type: 'undo' });
    try {
      const rows = await this.d.feedback.run(() => host.undoDelete(s.undoId));
      const h = this.held.get(s.undoId);
      this.held.delete(s.undoId);
      this.event({ type: 'undone', now: Date.now() });
      if (h) this.bringBack(rows.length > 0 ? rows : h.rows, h.appId, h.env);
    } catch (e) {
      this.event({ type: 'undoFailed', error: describeError(HostError.from(e)), now: Date.now() });
    }
  }

  /** Ends the undo window now (the delete is sent). */
  dismissUndo() {
    this.event({ type: 'dismiss' });
  }

  /** Sends one held-back delete; if the server refuses, the rows come back with the reason. */
  private async commit(undoId: string) {
    const h = this.held.get(undoId);
    const { feedback } = this.d;
    try {
      await feedback.run(() => host.commitDelete(undoId));
      this.held.delete(undoId);
    } catch (e) {
      this.held.delete(undoId);
      if (h) {
        this.bringBack(h.rows, h.appId, h.env);
        feedback.toast('error', refusal(h.rows.map((r) => r.key), e), 15_000);
      } else feedback.errorToast(e, 'Could not delete: ');
    } finally {
      if (this.undo.status === 'committing' && this.undo.undoId === undoId) this.event({ type: 'committed' });
    }
  }

  /** Before leaving the environment, app or account: every held-back delete is sent. */
  async commitAll() {
    const pending = [...this.held.values()];
    this.held.clear();
    this.undo = idle;
    try {
      await this.d.feedback.run(() => host.commitAllDeletes());
    } catch (e) {
      this.d.feedback.toast('error', refusal(pending.flatMap((h) => h.rows.map((r) => r.key)), e), 15_000);
    }
  }

  private bringBack(rows: readonly SecretRow[], appId: string, env: string) {
    const { listing, nav } = this.d;
    if (listing.list && nav.appId === appId && nav.env === env) listing.addRows(rows);
  }
}

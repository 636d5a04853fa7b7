// Secret values on screen: reveal, reveal-all, copy, and the personal-override switch.
import type { SecretRow, ValueChoice } from '../bindings';
import * as host from '../host';
import type { DeskStore } from '../store.svelte';

const MASK = '••••••••';

export type ValueDisplay = { text: string; kind: 'config' | 'sealed' | 'masked' | 'clear' | 'empty' };

export class Values {
  /** Values revealed in this view (memory only; dropped on every reload). */
  revealed = $state.raw<ReadonlyMap<string, string | null>>(new Map());
  revealAll = $state(false);

  private pendingReveal = new Set<string>();
  private readonly d: DeskStore;

  constructor(d: DeskStore) {
    this.d = d;
  }

  clear() {
    this.revealed = new Map();
  }

  forget(id: string) {
    if (this.revealed.has(id)) {
      const m = new Map(this.revealed);
      m.delete(id);
      this.revealed = m;
    }
  }

  /** The value cell text: config in clear, sealed never, others masked until revealed. */
  displayValue(row: SecretRow): ValueDisplay {
    if (row.kind === 'sealed') return { text: 'sealed', kind: 'sealed' };
    if (row.kind === 'config' && row.configValue !== null) return { text: row.configValue, kind: 'config' };
    // Masked listings (CommandK) say whether this environment has a value at all.
    if (row.valueSet === false) return { text: 'not set', kind: 'empty' };
    if (this.revealed.has(row.id)) {
      const v = this.revealed.get(row.id) ?? null;
      return v === null || v === '' ? { text: v === '' ? '(empty)' : 'sealed', kind: 'empty' } : { text: v, kind: 'clear' };
    }
    // The server's own masked preview where it gives one, never the value.
    return { text: row.preview ?? MASK, kind: 'masked' };
  }

  isRevealed(row: SecretRow): boolean {
    return this.revealed.has(row.id);
  }

  async reveal(row: SecretRow) {
    if (row.kind === 'sealed') return;
    if (this.revealed.has(row.id)) {
      this.forget(row.id);
      return;
    }
    await this.fetchValue(row);
  }

  /** Fetches a row's effective value into the revealed map. */
  async fetchValue(row: SecretRow) {
    await this.d.listing.whenConfirmed();
    const { appId, env } = this.d.nav;
    if (!appId || !env || row.kind === 'sealed') return;
    try {
      const v = await this.d.feedback.run(() => host.revealValue(appId, env, row.id, 'effective'));
      const m = new Map(this.revealed);
      m.set(row.id, v);
      this.revealed = m;
    } catch (e) {
      this.d.feedback.errorToast(e, `Could not reveal ${row.key}: `);
    }
  }

  setRevealAll(v: boolean) {
    this.revealAll = v;
    if (!v) this.revealed = new Map();
  }

  /** Reveal-all: fetch the values of the rows on screen that are not known yet. */
  revealVisible(rows: readonly SecretRow[]) {
    if (!this.revealAll) return;
    for (const r of rows) {
      if (r.kind === 'sealed' || r.kind === 'config' || this.revealed.has(r.id) || this.pendingReveal.has(r.id)) continue;
      this.pendingReveal.add(r.id);
      this.fetchValue(r).finally(() => this.pendingReveal.delete(r.id));
    }
  }

  async copy(row: SecretRow, which: ValueChoice = 'effective') {
    await this.d.listing.whenConfirmed();
    const { appId, env } = this.d.nav;
    const { feedback } = this.d;
    if (!appId || !env) return;
    if (row.kind === 'sealed') {
      feedback.toast('error', `${row.key} is sealed: its value cannot be copied.`);
      return;
    }
    try {
      const out = await feedback.run(() => host.copyValue(appId, env, row.id, which));
      const what = which === 'shared' ? `${row.key} (shared value)` : row.key;
      feedback.toast('info', out.clearsInSecs ? `Copied ${what} — clears in ${out.clearsInSecs} s` : `Copied ${what}`);
    } catch (e) {
      feedback.errorToast(e, `Could not copy ${row.key}: `);
    }
  }

  async toggleOverride(row: SecretRow) {
    await this.d.listing.whenConfirmed();
    const { appId, env } = this.d.nav;
    if (!appId || !env || !this.d.listing.canOverride || !row.hasOverride) return;
    try {
      const updated = await this.d.feedback.run(() => host.setOverride(appId, env, row.id, null, !row.overrideActive));
      this.d.listing.replaceRow(updated);
      if (this.revealAll) this.revealVisible([updated]);
    } catch (e) {
      this.d.feedback.errorToast(e, `Could not change the override of ${row.key}: `);
    }
  }
}

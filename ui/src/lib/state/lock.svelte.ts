// Locking the window: after the idle time of the settings, on File › Lock now or Ctrl+L.
// Rust drops every value it holds and lets the tokens go; the window forgets what it showed
// (open editors and reviews are closed). An editor's unsaved text is kept only when the
// person chose so in Settings, and then only here, in the window's memory: the editor opens
// with it again after unlocking. Unlock reads the token from the keychain again.
import type { Draft } from '../drafts';
import * as host from '../host';
import { HostError } from '../host';
import type { DeskStore } from '../store.svelte';

/** The longest wait between two idle checks (a changed setting is seen within it). */
const CHECK_AT_MOST_MS = 15_000;
const ACTIVITY = ['pointerdown', 'keydown', 'wheel'] as const;

export class Lock {
  locked = $state(false);
  busy = $state(false);
  error = $state<string | null>(null);

  private readonly d: DeskStore;
  private lastInput = Date.now();
  private running = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The open editor's unsaved text while locked (only when the settings say so). */
  private kept: Draft | null = null;
  private readonly touched = () => {
    this.lastInput = Date.now();
  };

  constructor(d: DeskStore) {
    this.d = d;
  }

  start() {
    if (this.running) return;
    this.running = true;
    for (const ev of ACTIVITY) window.addEventListener(ev, this.touched, true);
    this.rearm();
  }

  stop() {
    this.running = false;
    for (const ev of ACTIVITY) window.removeEventListener(ev, this.touched, true);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Milliseconds without input before locking (0: never). */
  private idleMs(): number {
    return (this.d.accounts.desk?.settings.autoLockSecs ?? 15 * 60) * 1000;
  }

  /** Locks when the person has been idle for the time of the settings (0: never). */
  check(now = Date.now()) {
    const ms = this.idleMs();
    if (!this.locked && ms > 0 && now - this.lastInput >= ms) void this.lockNow();
  }

  /**
   * Sets the next check for when the idle time would run out (input since then moves it
   * on), and at most 15 s away. Called again after each check and when the settings change.
   */
  rearm() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.running) return;
    const ms = this.idleMs();
    const left = this.locked || ms === 0 ? CHECK_AT_MOST_MS : this.lastInput + ms - Date.now();
    this.timer = setTimeout(
      () => {
        this.check();
        this.rearm();
      },
      Math.min(Math.max(left, 0), CHECK_AT_MOST_MS),
    );
  }

  async lockNow() {
    if (this.locked) return;
    this.locked = true;
    this.error = null;
    const { across, bulk, dialogs, editing, listing, selection, values } = this.d;
    this.kept = this.d.accounts.desk?.settings.keepEditsOnLock ? editing.unsavedDraft() : null;
    dialogs.cancelConfirm();
    editing.conflict = null;
    editing.closePanel();
    across.closeReview();
    across.closeCompare();
    across.copyOpen = across.importOpen = across.exportOpen = false;
    dialogs.paletteOpen = false;
    // Nothing typed stays behind the lock screen: a token half entered in these dialogs
    // goes with them (they are opened again from the same place after unlocking).
    dialogs.addAccountOpen = dialogs.settingsOpen = false;
    dialogs.replaceTokenFor = null;
    dialogs.replaceTokenThen = null;
    bulk.close();
    values.clear();
    selection.reset();
    listing.reset();
    listing.held.clear();
    try {
      const out = await host.lockNow();
      if (out.unsentDeletes) this.d.feedback.toast('error', `Locked, but ${out.unsentDeletes}`);
    } catch (e) {
      this.error = HostError.from(e).message;
    }
  }

  async unlock() {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      this.d.accounts.desk = await host.unlock();
      this.locked = false;
      this.lastInput = Date.now();
      this.rearm();
      const kept = this.kept;
      this.kept = null;
      if (kept) this.d.editing.reopen(kept);
      await this.d.refresh();
    } catch (e) {
      this.error = HostError.from(e).message;
    } finally {
      this.busy = false;
    }
  }
}

// Locking the window: after the idle minutes of the settings, on File › Lock now or Ctrl+L.
// Rust drops every value it holds and lets the tokens go; the window forgets what it showed
// (open editors and reviews are closed, their unsaved text is not kept). Unlock reads the
// token from the keychain again.
import * as host from '../host';
import { HostError } from '../host';
import type { DeskStore } from '../store.svelte';

const CHECK_EVERY_MS = 15_000;

export class Lock {
  locked = $state(false);
  busy = $state(false);
  error = $state<string | null>(null);

  private readonly d: DeskStore;
  private lastInput = Date.now();
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly touched = () => {
    this.lastInput = Date.now();
  };

  constructor(d: DeskStore) {
    this.d = d;
  }

  start() {
    if (this.timer) return;
    for (const ev of ['pointerdown', 'keydown', 'wheel']) window.addEventListener(ev, this.touched, true);
    this.timer = setInterval(() => this.check(), CHECK_EVERY_MS);
  }

  stop() {
    for (const ev of ['pointerdown', 'keydown', 'wheel']) window.removeEventListener(ev, this.touched, true);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Locks when the person has been idle for the minutes of the settings (0: never). */
  check(now = Date.now()) {
    const mins = this.d.accounts.desk?.settings.autoLockMins ?? 15;
    if (!this.locked && mins > 0 && now - this.lastInput >= mins * 60_000) void this.lockNow();
  }

  async lockNow() {
    if (this.locked) return;
    this.locked = true;
    this.error = null;
    const { across, editing, listing, selection, values, dialogs } = this.d;
    editing.closePanel();
    across.closeReview();
    across.closeCompare();
    across.copyOpen = across.importOpen = across.exportOpen = false;
    dialogs.paletteOpen = false;
    values.clear();
    selection.reset();
    listing.reset();
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
      await this.d.refresh();
    } catch (e) {
      this.error = HostError.from(e).message;
    } finally {
      this.busy = false;
    }
  }
}

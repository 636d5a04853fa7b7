// The focused row (keyboard cursor) and the checked rows.
import { tick } from 'svelte';
import type { SecretRow } from '../bindings';
import { normalisePath } from '../tree';
import { moveFocus } from '../virtual';
import type { DeskStore } from '../store.svelte';

export class Selection {
  selected = $state.raw<ReadonlySet<string>>(new Set());
  focusId = $state<string | null>(null);
  /** Bumped when the keyboard moves the row focus (the table then scrolls to it and focuses it). */
  focusSeq = $state(0);

  private readonly d: DeskStore;

  constructor(d: DeskStore) {
    this.d = d;
  }

  reset() {
    this.selected = new Set();
    this.focusId = null;
  }

  /** Drops the checked ids that are no longer listed. */
  keepOnly(ids: ReadonlySet<string>) {
    if (this.selected.size === 0) return;
    this.selected = new Set([...this.selected].filter((id) => ids.has(id)));
  }

  /** Forgets rows that went away (deleted). */
  drop(ids: ReadonlySet<string>) {
    this.selected = new Set([...this.selected].filter((id) => !ids.has(id)));
    if (this.focusId && ids.has(this.focusId)) this.focusId = null;
  }

  /** Moves the focused row by `delta` among the rows shown (0 = first row when none). */
  moveFocus(delta: number, keyboard = true) {
    const rows = this.d.listing.visibleRows;
    if (rows.length === 0) return;
    const idx = rows.findIndex((r) => r.id === this.focusId);
    const next = idx < 0 ? (delta < 0 ? rows.length - 1 : 0) : moveFocus(idx, delta, rows.length);
    this.focusRow(rows[next].id, keyboard);
  }

  focusRow(id: string, keyboard = true) {
    this.focusId = id;
    if (keyboard) this.focusSeq++;
  }

  /**
   * Brings a row into view and focuses it (e.g. a secret just created): the folder changes
   * when the row is not under the folder on screen.
   */
  async reveal(row: SecretRow) {
    const { listing, nav } = this.d;
    if (!listing.visibleRows.some((r) => r.id === row.id)) {
      const p = normalisePath(row.path);
      const under = nav.folder === '/' || p === nav.folder || (listing.includeSubfolders && p.startsWith(nav.folder + '/'));
      if (!under) nav.selectFolder(p);
    }
    await tick();
    if (listing.visibleRows.some((r) => r.id === row.id)) this.focusRow(row.id, true);
    else this.focusId = row.id;
  }

  focusedRow(): SecretRow | null {
    return this.focusId ? this.d.listing.rowById(this.focusId) : null;
  }

  toggleSelected(id: string) {
    const s = new Set(this.selected);
    if (s.has(id)) s.delete(id);
    else s.add(id);
    this.selected = s;
  }

  selectAllVisible(on: boolean) {
    this.selected = on ? new Set(this.d.listing.visibleRows.filter((r) => !r.rotating).map((r) => r.id)) : new Set();
  }
}

// Work across environments: the side-by-side view, and the change-set under review that
// import, copy, fill missing and bulk edits all go through. Values stay in Rust: cells and
// lines are revealed one at a time.
import { tick } from 'svelte';
import type { ApplyReport, ChangeSetView, FileFormat, LineSide } from '../bindings';
import type { CompareView } from '../wire';
import { filterRows, haystacks, rowId, type CompareFilter } from '../compare';
import * as host from '../host';
import { HostError } from '../host';
import type { DeskStore } from '../store.svelte';
import { mark, nextFrame } from './marks';

export class Across {
  compareOpen = $state(false);
  // Raw: thousands of rows are only ever replaced whole; a deep proxy made every keystroke's filter slow.
  compare = $state.raw<CompareView | null>(null);
  compareLoading = $state(false);
  compareError = $state<HostError | null>(null);
  filter = $state<CompareFilter>('all');
  query = $state('');
  /** Checked rows of the side-by-side view (by `rowId`). */
  checked = $state<Set<string>>(new Set());
  /** Revealed cells: `${env}\u0000${secretId}` → value (null: sealed). */
  cells = $state<Map<string, string | null>>(new Map());

  copyOpen = $state(false);
  /** Secrets checked in the table to copy (the dialog then copies from the environment on screen). */
  tableIds = $state.raw<string[] | null>(null);
  importOpen = $state(false);
  exportOpen = $state(false);

  review = $state.raw<ChangeSetView | null>(null);
  ticked = $state<Set<number>>(new Set());
  report = $state.raw<ApplyReport | null>(null);
  busy = $state(false);
  /** Revealed line values: `${lineId}:${side}`. */
  lineValues = $state<Map<string, string | null>>(new Map());

  private readonly d: DeskStore;

  constructor(d: DeskStore) {
    this.d = d;
  }

  private readonly hay = $derived(this.compare ? haystacks(this.compare.rows) : []);
  readonly visibleRows = $derived.by(() =>
    this.compare ? filterRows(this.compare.rows, this.filter, this.d.nav.folder, this.query, this.hay) : [],
  );

  async openCompare() {
    const { appId } = this.d.nav;
    if (!appId) return;
    this.compareOpen = true;
    await this.loadCompare(true);
  }

  closeCompare() {
    this.compareOpen = false;
    this.cells = new Map();
    this.checked = new Set();
  }

  /** `fromTable`: opened from the table, whose list of the environment on screen is used; else every environment is listed. */
  async loadCompare(fromTable = false) {
    const { appId } = this.d.nav;
    if (!appId) return;
    this.compareLoading = true;
    this.compareError = null;
    try {
      this.compare = await this.d.feedback.run(() => host.compareEnvironments(appId, fromTable));
      this.cells = new Map();
      mark('compare-loaded');
      void this.markPainted('compare-painted');
    } catch (e) {
      this.compareError = HostError.from(e);
    } finally {
      this.compareLoading = false;
    }
  }

  /** Marks `name` once the change on screen has been painted (benchmarks read these). */
  private async markPainted(name: string) {
    await tick();
    mark(name.replace('painted', 'rendered'));
    await nextFrame();
    mark(name);
  }

  setQuery(query: string) {
    this.query = query;
    void this.markPainted('compare-filter-painted');
  }

  toggleRow(id: string) {
    const next = new Set(this.checked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.checked = next;
  }

  checkAllVisible(on: boolean) {
    this.checked = on ? new Set(this.visibleRows.map(rowId)) : new Set();
  }

  async revealCell(env: string, secretId: string) {
    const key = `${env}\u0000${secretId}`;
    if (this.cells.has(key)) {
      const next = new Map(this.cells);
      next.delete(key);
      this.cells = next;
      return;
    }
    const appId = this.d.nav.appId;
    if (!appId) return;
    try {
      const value = await host.compareReveal(appId, env, secretId);
      this.cells = new Map(this.cells).set(key, value);
    } catch (e) {
      this.d.feedback.toast('error', HostError.from(e).message);
    }
  }

  async copyCell(env: string, secretId: string) {
    const appId = this.d.nav.appId;
    if (!appId) return;
    try {
      const out = await host.compareCopy(appId, env, secretId);
      this.d.feedback.toast('info', out.clearsInSecs ? `Copied; the clipboard clears in ${out.clearsInSecs} s.` : 'Copied.');
    } catch (e) {
      this.d.feedback.toast('error', HostError.from(e).message);
    }
  }

  /** Opens a cell's secret in the table's editor. */
  async openCell(env: string, secretId: string) {
    this.closeCompare();
    await this.d.nav.selectEnv(env);
    const row = this.d.listing.rowById(secretId);
    if (row) await this.d.editing.openEditor(row);
  }

  /** Opens the copy dialog for secrets checked in the table. */
  copyFromTable(ids: string[]) {
    this.tableIds = ids;
    this.copyOpen = true;
  }

  closeCopy() {
    this.copyOpen = false;
    this.tableIds = null;
  }

  /** Ids of the source environment's secrets among the checked rows (all rows when none). */
  sourceIds(from: string): string[] {
    if (this.tableIds) return this.tableIds;
    const view = this.compare;
    if (!view) return [];
    const column = view.envs.indexOf(from);
    const rows = this.checked.size > 0 ? view.rows.filter((r) => this.checked.has(rowId(r))) : this.visibleRows;
    return rows.map((r) => r.cells[column]?.secretId).filter((id): id is string => !!id);
  }

  /** Plans copying (or filling what targets lack) from `from` to `to`: opens the review. */
  async planCopy(from: string, to: string[], fillMissing: boolean, ids: string[]) {
    const appId = this.d.nav.appId;
    if (!appId) throw new HostError('noAccount', 'No app selected.');
    const set = await this.d.feedback.run(() => host.planCopy(appId, from, ids, to, fillMissing));
    this.closeCopy();
    this.openReview(set);
  }

  private target(): { appId: string; env: string; folder: string } {
    const { appId, env, folder } = this.d.nav;
    if (!appId || !env) throw new HostError('noAccount', 'No app or environment selected.');
    return { appId, env, folder };
  }

  async planImportText(text: string) {
    const { appId, env, folder } = this.target();
    const set = await this.d.feedback.run(() => host.planImportText(appId, env, text, folder));
    this.importOpen = false;
    this.openReview(set);
  }

  /** Opens the native open dialog (in Rust); nothing happens when the person cancels it. */
  async pickImportFile() {
    const { appId, env, folder } = this.target();
    const set = await this.d.feedback.run(() => host.pickImportFile(appId, env, folder));
    if (!set) return;
    this.importOpen = false;
    this.openReview(set);
  }

  /** A file was dropped on the window: plan importing it into the environment on screen. */
  async importDropped() {
    try {
      const { appId, env, folder } = this.target();
      if (!this.d.caps.write) return;
      const set = await this.d.feedback.run(() => host.importDroppedFile(appId, env, folder));
      this.importOpen = false;
      this.openReview(set);
    } catch (e) {
      this.d.feedback.toast('error', HostError.from(e).message);
    }
  }

  /** Opens the native save dialog (in Rust) and writes the export there. */
  async exportTo(format: FileFormat, scope: 'env' | 'folder' | 'folderOnly') {
    const { appId, env, folder } = this.target();
    const request = {
      appId,
      env,
      folder: scope === 'env' ? null : folder,
      recursive: scope !== 'folderOnly',
      format,
    };
    const out = await this.d.feedback.run(() => host.exportSecrets(request));
    if (!out) return;
    this.exportOpen = false;
    const sealed = out.sealedLeftOut > 0 ? ` (${out.sealedLeftOut} sealed left out)` : '';
    this.d.feedback.toast('info', `Exported ${out.count} secrets to ${out.file}${sealed}.`);
  }

  async copyAsDotenv(ids: string[]) {
    const { appId, env } = this.target();
    try {
      const out = await host.copyAsDotenv(appId, env, ids);
      this.d.feedback.toast('info', out.clearsInSecs ? `Copied as .env; the clipboard clears in ${out.clearsInSecs} s.` : 'Copied as .env.');
    } catch (e) {
      this.d.feedback.toast('error', HostError.from(e).message);
    }
  }

  openReview(set: ChangeSetView) {
    mark('review-loaded');
    void this.markPainted('review-painted');
    this.review = set;
    this.report = null;
    this.lineValues = new Map();
    this.ticked = new Set(set.lines.filter((l) => l.selected).map((l) => l.id));
  }

  toggleLine(id: number) {
    const next = new Set(this.ticked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.ticked = next;
  }

  async revealLine(lineId: number, side: LineSide) {
    const set = this.review;
    if (!set) return;
    const key = `${lineId}:${side}`;
    if (this.lineValues.has(key)) {
      const next = new Map(this.lineValues);
      next.delete(key);
      this.lineValues = next;
      return;
    }
    try {
      const value = await host.revealChange(set.id, lineId, side);
      this.lineValues = new Map(this.lineValues).set(key, value);
    } catch (e) {
      this.d.feedback.toast('error', HostError.from(e).message);
    }
  }

  /** Applies the ticked lines; the lines then carry what happened, and the views reload. */
  async apply() {
    const set = this.review;
    if (!set || this.busy) return;
    if (!(await this.d.nav.confirmWrite())) return;
    this.busy = true;
    try {
      const report = await this.d.feedback.run(() => host.applyChanges(set.id, [...this.ticked]));
      this.report = report;
      this.review = report.changes;
      this.ticked = new Set(report.changes.lines.filter((l) => l.selected && l.status.state !== 'applied').map((l) => l.id));
      if (report.failed === 0) {
        this.d.feedback.toast('info', report.message);
        this.closeReview();
      }
      await this.reloadViews();
    } finally {
      this.busy = false;
    }
  }

  closeReview() {
    if (this.review) void host.discardChanges(this.review.id).catch(() => {});
    this.review = null;
    this.report = null;
    this.lineValues = new Map();
  }

  private async reloadViews() {
    if (this.compareOpen) await this.loadCompare();
    if (this.d.nav.appId && this.d.nav.env) await this.d.listing.loadSecrets();
  }
}

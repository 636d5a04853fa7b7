// The side panel (edit, new, batch paste): saving edits with conflict handling, and creating.
import type { SecretChanges, SecretDraft, SecretRow, ValueChoice } from '../bindings';
import * as host from '../host';
import { HostError } from '../host';
import { resolveConflict, type ConflictChoice } from '../conflict';
import type { DeskStore } from '../store.svelte';

export type Panel = { kind: 'edit'; rowId: string } | { kind: 'new' } | { kind: 'batch' } | null;

export interface ConflictState {
  original: SecretRow;
  mine: SecretChanges;
  theirs: SecretRow;
  theirValueChanged: boolean;
  /** Called with the outcome of "keep mine" / "take theirs". */
  resolve: (choice: ConflictChoice) => Promise<void>;
}

export type OverrideChange = { value: string | null; active: boolean };

export class Editing {
  panel = $state<Panel>(null);
  conflict = $state<ConflictState | null>(null);

  private readonly d: DeskStore;

  constructor(d: DeskStore) {
    this.d = d;
  }

  openEditor(row: SecretRow) {
    this.d.selection.focusId = row.id;
    this.panel = { kind: 'edit', rowId: row.id };
  }

  openNew() {
    if (!this.d.nav.appId || !this.d.nav.env) return;
    this.panel = { kind: 'new' };
  }

  openBatch() {
    if (!this.d.nav.appId || !this.d.nav.env) return;
    this.panel = { kind: 'batch' };
  }

  closePanel() {
    this.panel = null;
  }

  private target(): { appId: string; env: string } {
    const { appId, env } = this.d.nav;
    if (!appId || !env) throw new HostError('noAccount', 'No app or environment selected.');
    return { appId, env };
  }

  /** Reads a value for the editor (not kept in the revealed map). */
  async readValue(rowId: string, which: ValueChoice): Promise<string | null> {
    const { appId, env } = this.d.nav;
    if (!appId || !env) return null;
    return this.d.feedback.run(() => host.revealValue(appId, env, rowId, which));
  }

  /**
   * Saves the editor. Returns 'saved', or 'conflict' once the conflict dialog is up
   * (it then finishes the job itself). Throws HostError for the editor to show.
   */
  async saveEdit(original: SecretRow, changes: SecretChanges, override: OverrideChange | null): Promise<'saved' | 'conflict' | 'noop'> {
    const { appId, env } = this.target();
    const { feedback, listing } = this.d;
    const hasFieldChanges = Object.values(changes).some((v) => v !== null);
    if (!hasFieldChanges && !override) return 'noop';
    let row = original;
    if (hasFieldChanges) {
      const out = await feedback.run(() => host.updateSecret(appId, env, original.id, original.version, changes, false));
      if (out.outcome === 'conflict') {
        this.conflict = {
          original,
          mine: changes,
          theirs: out.theirs,
          theirValueChanged: out.theirValueChanged,
          resolve: (choice) => this.resolveConflict(choice, { appId, env }, original, changes, out.theirs, override),
        };
        return 'conflict';
      }
      row = out.row;
      listing.replaceRow(row);
    }
    if (override) {
      row = await feedback.run(() => host.setOverride(appId, env, row.id, override.value, override.active));
      listing.replaceRow(row);
    }
    feedback.toast('info', `Saved ${row.key}`);
    return 'saved';
  }

  private async resolveConflict(
    choice: ConflictChoice,
    { appId, env }: { appId: string; env: string },
    original: SecretRow,
    changes: SecretChanges,
    theirs: SecretRow,
    override: OverrideChange | null,
  ) {
    const { feedback, listing } = this.d;
    const action = resolveConflict(choice, changes, theirs);
    this.conflict = null;
    if (action.kind === 'reload') {
      this.panel = null;
      await listing.loadSecrets();
      return;
    }
    try {
      const again = await feedback.run(() =>
        host.updateSecret(appId, env, action.secretId, action.baseVersion, action.changes, action.force),
      );
      if (again.outcome === 'conflict') {
        feedback.toast('error', `${original.key} changed again on the server; reload and retry.`);
        return;
      }
      let saved = again.row;
      if (override) saved = await feedback.run(() => host.setOverride(appId, env, saved.id, override.value, override.active));
      listing.replaceRow(saved);
      this.panel = null;
      feedback.toast('info', `Saved ${saved.key}`);
    } catch (e) {
      feedback.errorToast(e, `Could not save ${original.key}: `);
    }
  }

  async create(drafts: SecretDraft[]): Promise<SecretRow[]> {
    return this.afterCreate((appId, env) => host.createSecrets(appId, env, drafts));
  }

  /** Creates a pasted KEY=VALUE batch in one request; Rust parses and validates it. */
  async createBatch(text: string, path: string): Promise<SecretRow[]> {
    return this.afterCreate((appId, env) => host.createBatch(appId, env, text, path));
  }

  private async afterCreate(send: (appId: string, env: string) => Promise<SecretRow[]>): Promise<SecretRow[]> {
    const { appId, env } = this.target();
    const { feedback, listing } = this.d;
    const created = await feedback.run(() => send(appId, env));
    if (listing.list) {
      listing.addRows(created);
      listing.allTags = [...new Set([...listing.allTags, ...created.flatMap((r) => r.tags)])].sort((a, b) => a.localeCompare(b));
    }
    if (created.length > 0) this.d.selection.focusId = created[0].id;
    feedback.toast('info', created.length === 1 ? `Created ${created[0].key}` : `Created ${created.length} secrets`);
    return created;
  }
}

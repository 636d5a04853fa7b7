// The side panel (edit, new, batch paste): saving edits with conflict handling, and creating.
import type { CreateOptions, SecretChanges, SecretDraft, SecretRow, ValueChoice } from '../bindings';
import * as host from '../host';
import { HostError } from '../host';
import { resolveConflict, type ConflictChoice } from '../conflict';
import type { Draft } from '../drafts';
import { withTagsOf } from '../filter';
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
  /** The open panel holds changes not saved yet (set by the panel itself). */
  dirty = $state(false);
  /** The open panel's unsaved text as it would need it back (see offerDraft). */
  private draftOf: (() => Draft) | null = null;
  /** A draft kept through a lock, waiting for its panel to open and take it. */
  private restoring: Draft | null = null;

  private readonly d: DeskStore;

  constructor(d: DeskStore) {
    this.d = d;
  }

  /**
   * Whether the open panel may go: at once when it holds nothing unsaved, else once the
   * person chose Discard in "Discard changes?" (Keep editing answers false).
   */
  async mayLeave(): Promise<boolean> {
    if (!this.panel || !this.dirty) return true;
    const what = this.panel.kind === 'edit' ? 'your edits to this secret' : this.panel.kind === 'new' ? 'the new secret' : 'the pasted lines';
    const ok = await this.d.dialogs.ask({
      title: 'Discard changes?',
      message: `Close the panel and lose ${what}?`,
      okLabel: 'Discard',
      cancelLabel: 'Keep editing',
      danger: true,
      focus: 'cancel',
    });
    if (ok) {
      this.dirty = false;
      this.restoring = null;
    }
    return ok;
  }

  /** Opens a row in the editor (asking first if the open panel has unsaved changes). */
  async openEditor(row: SecretRow): Promise<boolean> {
    if (this.panel?.kind === 'edit' && this.panel.rowId === row.id) return true;
    if (!(await this.mayLeave())) return false;
    this.d.selection.focusId = row.id;
    this.dirty = false;
    this.panel = { kind: 'edit', rowId: row.id };
    return true;
  }

  /** The new-secret panel; `path` sets its folder (else the folder on screen). */
  async openNew(path: string | null = null): Promise<boolean> {
    if (!this.d.nav.appId || !this.d.nav.env || !this.d.caps.write) return false;
    if (this.panel?.kind === 'new' && path === null) return true;
    if (!(await this.mayLeave())) return false;
    this.newPath = path;
    this.dirty = false;
    this.panel = { kind: 'new' };
    return true;
  }

  /** The folder the new-secret panel starts with (null: the folder on screen). */
  newPath: string | null = null;

  async openBatch(): Promise<boolean> {
    if (!this.d.nav.appId || !this.d.nav.env || !this.d.caps.write) return false;
    if (this.panel?.kind === 'batch') return true;
    if (!(await this.mayLeave())) return false;
    this.dirty = false;
    this.panel = { kind: 'batch' };
    return true;
  }

  /** Closes the panel without asking (after a save, or when what it showed went away). */
  closePanel() {
    this.panel = null;
    this.dirty = false;
    this.restoring = null;
  }

  /** Called by the open panel, in an effect: how to read its unsaved text. Returns the undo. */
  offerDraft(draftOf: () => Draft): () => void {
    this.draftOf = draftOf;
    return () => {
      if (this.draftOf === draftOf) this.draftOf = null;
    };
  }

  /** The open panel's unsaved text, or null when it holds none. */
  unsavedDraft(): Draft | null {
    return this.panel && this.dirty && this.draftOf ? this.draftOf() : null;
  }

  /** Opens the panel of a draft kept through a lock; the panel fills itself from it. */
  reopen(draft: Draft) {
    this.restoring = draft;
    if (draft.kind === 'edit') {
      this.d.selection.focusId = draft.original.id;
      this.panel = { kind: 'edit', rowId: draft.original.id };
    } else {
      if (draft.kind === 'new') this.newPath = draft.startPath;
      this.panel = { kind: draft.kind };
    }
    // Until the panel shows it (the editor waits for the listing), leaving still asks.
    this.dirty = true;
  }

  /** The kept draft for the panel opening now, if it is this panel's (taken once). */
  takeDraft<K extends Draft['kind']>(kind: K, rowId: string | null = null): Extract<Draft, { kind: K }> | null {
    const d = this.restoring;
    if (!d || d.kind !== kind || (d.kind === 'edit' && d.original.id !== rowId)) return null;
    this.restoring = null;
    return d as Extract<Draft, { kind: K }>;
  }

  /** Esc, ×, Cancel: closes the panel, asking first when it has unsaved changes. */
  async requestClose(): Promise<boolean> {
    if (!this.panel) return true;
    if (!(await this.mayLeave())) return false;
    this.closePanel();
    return true;
  }

  private target(): { appId: string; env: string } {
    const { appId, env } = this.d.nav;
    if (!appId || !env) throw new HostError('noAccount', 'No app or environment selected.');
    return { appId, env };
  }

  /** Reads a value for the editor (not kept in the revealed map). */
  async readValue(rowId: string, which: ValueChoice): Promise<string | null> {
    await this.d.listing.whenConfirmed();
    const { appId, env } = this.d.nav;
    if (!appId || !env) return null;
    return this.d.feedback.run(() => host.valueForEditing(appId, env, rowId, which));
  }

  /**
   * Saves the editor. Returns 'saved', or 'conflict' once the conflict dialog is up
   * (it then finishes the job itself). Throws HostError for the editor to show.
   */
  async saveEdit(
    original: SecretRow,
    changes: SecretChanges,
    override: OverrideChange | null,
  ): Promise<'saved' | 'conflict' | 'noop' | 'cancelled'> {
    const { appId, env } = this.target();
    const { feedback, listing } = this.d;
    const hasFieldChanges = Object.values(changes).some((v) => v !== null);
    if (!hasFieldChanges && !override) return 'noop';
    // A personal override changes nothing for anyone else: only shared changes ask.
    if (hasFieldChanges && !(await this.d.nav.confirmWrite())) return 'cancelled';
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
      this.closePanel();
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
      this.closePanel();
      feedback.toast('info', `Saved ${saved.key}`);
    } catch (e) {
      feedback.errorToast(e, `Could not save ${original.key}: `);
    }
  }

  /** Creates secrets; null when the person did not confirm a write in production. */
  async create(drafts: SecretDraft[], options: CreateOptions | null = null): Promise<SecretRow[] | null> {
    return this.afterCreate((appId, env) => host.createSecrets(appId, env, drafts, options));
  }

  /** Creates a pasted KEY=VALUE batch in one request; Rust parses and validates it. */
  async createBatch(text: string, path: string): Promise<SecretRow[] | null> {
    return this.afterCreate((appId, env) => host.createBatch(appId, env, text, path));
  }

  private async afterCreate(send: (appId: string, env: string) => Promise<SecretRow[]>): Promise<SecretRow[] | null> {
    const { appId, env } = this.target();
    const { feedback, listing } = this.d;
    if (!(await this.d.nav.confirmWrite())) return null;
    const created = await feedback.run(() => send(appId, env));
    if (listing.list) {
      listing.addRows(created);
      listing.allTags = withTagsOf(listing.allTags, created);
    }
    feedback.toast('info', created.length === 1 ? `Created ${created[0].key}` : `Created ${created.length} secrets`);
    if (created.length > 0) await this.d.selection.reveal(created[0]);
    return created;
  }
}

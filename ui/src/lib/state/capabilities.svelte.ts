// What the active account's service can do. Components ask here (`caps.tags`,
// `caps.why('tags')`) and hide or disable what is missing, never which service it is.
// The listing's own word on personal overrides (SecretList.canOverride) is folded in.
import type { Capabilities } from '../bindings';
import { overrideNoteFor } from '../tokens';
import type { DeskStore } from '../store.svelte';

/** The capabilities a component can ask about. */
export type Capability = 'folders' | 'tags' | 'comments' | 'types' | 'overrides' | 'delete' | 'rename' | 'write';

/** An account from a backend that does not describe its service: it can do everything (Phase). */
export const FULL: Capabilities = {
  folders: true,
  tags: true,
  comments: true,
  types: true,
  personalOverrides: true,
  delete: true,
  rename: true,
  maskedListing: false,
  perEnvironmentValues: false,
  readOnly: false,
  missingReason: null,
};

const DEFAULT_REASON: Record<Capability, string> = {
  folders: 'This service has no folders.',
  tags: 'This service has no tags.',
  comments: 'This service has no comments.',
  types: 'This service has no secret types.',
  overrides: 'Personal overrides are not available for this account.',
  delete: 'This account cannot delete secrets.',
  rename: 'This service cannot rename a secret.',
  write: 'This token can read but not change secrets.',
};

export class Caps {
  private readonly d: DeskStore;

  constructor(d: DeskStore) {
    this.d = d;
  }

  /** The active account's capabilities (all of them when none is described). */
  readonly raw = $derived.by((): Capabilities => this.d.accounts.activeAccount?.capabilities ?? FULL);

  readonly readOnly = $derived(this.raw.readOnly);
  readonly write = $derived(!this.raw.readOnly);
  readonly folders = $derived(this.raw.folders);
  readonly tags = $derived(this.raw.tags);
  readonly comments = $derived(this.raw.comments);
  readonly types = $derived(this.raw.types);
  /** Purpose types a new secret chooses from (empty where the service has none). */
  readonly purposeTypes = $derived(this.raw.purposeTypes ?? []);
  /** One secret holds a value per environment: a new one can be set in several at once. */
  readonly perEnvironmentValues = $derived(this.raw.perEnvironmentValues);
  /** Apps are opened by typing their name (the service cannot list them). */
  readonly appsByName = $derived(this.raw.appsByName ?? false);
  readonly rename = $derived(this.raw.rename && !this.raw.readOnly);
  readonly delete = $derived(this.raw.delete && !this.raw.readOnly);
  /** Personal overrides: the service has them, this token sees them, and the listing agrees. */
  readonly overrides = $derived.by(() => {
    const list = this.d.listing.list;
    return this.raw.personalOverrides && !this.raw.readOnly && (list === null || list.canOverride);
  });

  /**
   * Whether the override column and fields are shown at all: where the service has
   * overrides but this token does not (a service token), they stay, disabled, with the reason.
   */
  readonly overridesShown = $derived.by(() => {
    const kind = this.d.accounts.activeAccount?.tokenKind;
    return this.raw.personalOverrides || kind === 'ServiceAccount' || kind === 'Service';
  });

  /** One line saying why `cap` is missing (next to the disabled control). */
  why(cap: Capability): string {
    if (cap === 'overrides') return this.overrideNote;
    if (cap !== 'write' && this.raw.readOnly && (cap === 'delete' || cap === 'rename')) return this.why('write');
    return this.raw.missingReason ?? DEFAULT_REASON[cap];
  }

  /** Why personal overrides are off, in the words the person chose the account with. */
  readonly overrideNote = $derived.by(() => {
    const acc = this.d.accounts.activeAccount;
    const kind = acc?.tokenKind ?? null;
    const serverNote = this.d.listing.list?.overrideNote ?? null;
    if (this.raw.readOnly) return this.raw.missingReason ?? DEFAULT_REASON.write;
    // A service token: said as before, in the token's name.
    if (kind === 'ServiceAccount' || kind === 'Service') return overrideNoteFor(kind, serverNote);
    if (!this.raw.personalOverrides) return this.raw.missingReason ?? DEFAULT_REASON.overrides;
    return overrideNoteFor(kind, serverNote);
  });
}

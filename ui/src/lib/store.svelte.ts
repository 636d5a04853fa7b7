// The desk's state, composed of one part per concern (./state/*). Components take the parts
// they use from the context (`const { listing, nav } = useStore()`); all backend traffic goes
// through ./host. This file only wires the parts together and runs the start-up.
import { tick } from 'svelte';
import type { StartView } from './bindings';
import * as host from './host';
import { HostError } from './host';
import { Accounts } from './state/accounts.svelte';
import { Across } from './state/across.svelte';
import { Bulk } from './state/bulk.svelte';
import { Caps } from './state/capabilities.svelte';
import { Deletes } from './state/deletes.svelte';
import { Desktop } from './state/desktop.svelte';
import { Dialogs } from './state/dialogs.svelte';
import { Editing } from './state/editing.svelte';
import { Feedback } from './state/feedback.svelte';
import { EarlyListing, Listing } from './state/listing.svelte';
import { Lock } from './state/lock.svelte';
import { mark } from './state/marks';
import { Navigation } from './state/navigation.svelte';
import { Prefs } from './state/prefs.svelte';
import { Selection } from './state/selection.svelte';
import { Values } from './state/values.svelte';

/**
 * How long the first frame waits for the opened environment's listing: one in by then (a
 * local or nearby server) is laid out and painted with the shell, sparing a second full
 * layout and paint; a slower one follows the shell, with its loading state.
 */
const EARLY_LISTING_WAIT_MS = 100;

export { describeError, type Toast } from './state/feedback.svelte';
export type { ConfirmRequest } from './state/dialogs.svelte';
export type { ConflictState, Panel } from './state/editing.svelte';
export type { BulkAction } from './state/bulk.svelte';

declare global {
  interface Window {
    __PHASE_DESK_READY__?: boolean;
  }
}

export class DeskStore {
  readonly feedback = new Feedback();
  readonly dialogs = new Dialogs();
  readonly accounts: Accounts;
  readonly nav: Navigation;
  readonly listing: Listing;
  readonly selection: Selection;
  readonly values: Values;
  readonly editing: Editing;
  readonly deletes: Deletes;
  readonly bulk: Bulk;
  readonly prefs: Prefs;
  readonly caps: Caps;
  readonly desktop: Desktop;
  readonly across: Across;
  readonly lock: Lock;

  private readyMarked = false;
  private firstStart: Promise<StartView> | null = null;

  constructor() {
    this.accounts = new Accounts(this);
    this.nav = new Navigation(this);
    this.listing = new Listing(this);
    this.selection = new Selection(this);
    this.values = new Values(this);
    this.editing = new Editing(this);
    this.deletes = new Deletes(this);
    this.bulk = new Bulk(this);
    this.prefs = new Prefs(this);
    this.caps = new Caps(this);
    this.desktop = new Desktop(this);
    this.across = new Across(this);
    this.lock = new Lock(this);
  }

  /** Asks for the start view before the UI is mounted, so the two overlap (see main.ts). */
  requestStart() {
    this.firstStart = host.start();
    this.firstStart.catch(() => {
      /* init() reports it */
    });
  }

  async init() {
    this.feedback.start((now) => this.deletes.tick(now));
    const { accounts, nav } = this;
    accounts.booting = true;
    try {
      // One call: the state and the active account opened (its listing, already under way
      // in the backend, follows with the next call), so the first frame shows the app.
      const first = this.firstStart;
      this.firstStart = null;
      const start = await this.feedback.run(() => first ?? host.start());
      mark('start-loaded');
      const o = start.opening;
      const early = o?.appId && o.env ? new EarlyListing(this.listing.held.fetch(o.appId, o.env, [], null)) : null;
      // A listing that comes within a blink is drawn with the shell; a slow one after it.
      await early?.within(EARLY_LISTING_WAIT_MS);
      accounts.desk = start.state;
      accounts.bootError = null;
      if (o) await nav.showOpening(o, early);
      else if (start.openingError) await nav.openingFailed(HostError.from(start.openingError));
      else this.markReady();
    } catch (e) {
      accounts.bootError = HostError.from(e);
    } finally {
      accounts.booting = false;
    }
    // The menu, and a link given at launch or by a second launch (once the first view is there).
    this.desktop.start();
    this.lock.start();
  }

  destroy() {
    this.feedback.stop();
    this.listing.destroy();
    this.desktop.stop();
    this.lock.stop();
  }

  refresh() {
    if (this.nav.appId && this.nav.env) return this.listing.loadSecrets();
    if (this.accounts.desk?.activeAccountId) return this.nav.loadApps();
    return this.init();
  }

  /** Sets `window.__PHASE_DESK_READY__` after the first render with data (for end-to-end tests). */
  markReady() {
    if (this.readyMarked) return;
    this.readyMarked = true;
    tick().then(() => {
      window.__PHASE_DESK_READY__ = true;
      mark('ready');
    });
  }

  /** Forgets everything shown for the previous account. */
  resetForAccount() {
    this.listing.held.clear();
    this.nav.reset();
    this.resetList();
    this.editing.closePanel();
  }

  /** Forgets the listing and what was done with it (a new app or environment). */
  resetList() {
    this.listing.reset();
    this.nav.folder = '/';
    this.values.clear();
    this.selection.reset();
  }
}

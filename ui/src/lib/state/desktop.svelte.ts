// The desktop around the window: the native menu's items, `phase-desk://` links (opened
// here, read and checked in Rust) and the row menu's "Copy link".
import type { DeepLink, SecretRow } from '../bindings';
import * as host from '../host';
import { normalisePath } from '../tree';
import type { DeskStore } from '../store.svelte';
import { THEMES, type Theme } from './prefs.svelte';

/** The row menu: which row, and where it opened (viewport pixels). */
export type RowMenu = { row: SecretRow; x: number; y: number };

export class Desktop {
  rowMenu = $state<RowMenu | null>(null);
  /** A link is being followed (the next one waits for it). */
  following = $state(false);

  private readonly d: DeskStore;
  private unlisten: (() => void)[] = [];
  private started = false;
  /** Stopped for good (the window went away; a start still under way must not listen). */
  private ended = false;

  constructor(d: DeskStore) {
    this.d = d;
  }

  /** Listens to the menu and to links, and opens a link that came with the launch. */
  start() {
    if (this.started || this.ended) return;
    this.started = true;
    const { d } = this;
    // A stopped desktop (its window gone) ignores what still arrives.
    const on = <T>(name: host.DesktopEvent, cb: (payload: T) => void) =>
      host.onDesktopEvent<T>(name, (p) => {
        if (this.started) cb(p);
      });
    Promise.all([
      on('desk://link', () => void this.takeLink()),
      on('menu://reload', () => void d.refresh()),
      on('menu://lock', () => void d.lock.lockNow()),
      on<string>('menu://theme', (t) => {
        if ((THEMES as readonly string[]).includes(t)) d.prefs.setTheme(t as Theme);
      }),
      on<string>('menu://error', (m) => d.feedback.toast('error', m)),
    ]).then((uns) => {
      if (this.started) this.unlisten = uns;
      else uns.forEach((u) => u());
    });
    void this.takeLink();
  }

  stop() {
    this.started = false;
    this.ended = true;
    this.unlisten.forEach((u) => u());
    this.unlisten = [];
  }

  /** Takes the waiting link, if any, and follows it (a bad link is said in a toast). */
  async takeLink() {
    if (this.following) return;
    let req;
    try {
      req = await host.takeLink();
    } catch {
      return;
    }
    if (!req) return;
    if (!req.link) {
      this.d.feedback.toast('error', req.error ?? 'This link could not be read.');
      return;
    }
    this.following = true;
    try {
      const problem = await this.follow(req.link);
      if (problem) this.d.feedback.toast('error', problem);
    } finally {
      this.following = false;
    }
    // A link that came while this one was followed.
    void this.takeLink();
  }

  /**
   * Goes where a link points: account → app → environment → folder → key (the editor
   * opens on it). Answers what is missing, or null.
   */
  async follow(link: DeepLink): Promise<string | null> {
    const { accounts, nav, listing, selection, editing } = this.d;
    const account = accounts.desk?.accounts.find((a) => a.id === link.account);
    if (!account) {
      return `This link is for an account Phase Desk does not have (id ${link.account}). Add that account, then open the link again.`;
    }
    if (accounts.desk?.activeAccountId !== account.id) {
      if (!(await accounts.switchAccount(account.id))) return null;
    } else if (nav.apps.length === 0 && !nav.manualEntry) {
      await nav.loadApps();
    }
    if (accounts.desk?.activeAccountId !== account.id) return `Could not open the account “${account.name}”.`;
    if (nav.appsError) return `Could not list the apps of “${account.name}”: ${nav.appsError.message}`;

    if (nav.manualEntry) {
      if (nav.appId !== link.app || nav.env !== link.env) await nav.enterManually(link.app, link.env);
    } else {
      if (!nav.apps.some((a) => a.id === link.app) && this.d.caps.appsByName) {
        try {
          await nav.openAppByName(link.app);
        } catch {
          /* said below */
        }
      }
      const app = nav.apps.find((a) => a.id === link.app);
      if (!app) return `The account “${account.name}” has no app ${link.app} that its token can see.`;
      if (app.disabledReason) return `The app “${app.name}” cannot be opened: ${app.disabledReason}`;
      if (nav.appId !== app.id) await nav.selectApp(app.id, link.env);
      if (nav.appId !== app.id) return null;
      if (!nav.envs.some((e) => e.name === link.env)) return `The app “${app.name}” has no environment “${link.env}”.`;
      if (nav.env !== link.env) await nav.selectEnv(link.env);
      if (nav.env !== link.env) return null;
    }
    if (listing.query.trim() !== '' || listing.chips.length > 0) await listing.clearFilters();
    if (!listing.list && !listing.listLoading && !listing.listError) await listing.loadSecrets();
    const path = normalisePath(link.path);
    if (nav.folder !== path) nav.selectFolder(path);
    if (!link.key) return null;
    const row = listing.rows.find((r) => r.key === link.key && normalisePath(r.path) === path);
    if (!row) return `There is no ${link.key} in ${path} of ${link.env}.`;
    await selection.reveal(row);
    await editing.openEditor(row);
    return null;
  }

  openRowMenu(e: MouseEvent, row: SecretRow) {
    e.preventDefault();
    // From the keyboard (the Menu key, Shift+F10) the event has no pointer position.
    let { clientX: x, clientY: y } = e;
    if (x === 0 && y === 0 && e.currentTarget instanceof HTMLElement) {
      const r = e.currentTarget.getBoundingClientRect();
      x = r.left + 40;
      y = r.bottom;
    }
    this.rowMenu = { row, x, y };
  }

  /** Copies a `phase-desk://` link to the row's secret (plain text: no value in it). */
  async copyLink(row: SecretRow) {
    const { nav, feedback } = this.d;
    if (!nav.appId || !nav.env) return;
    try {
      await host.copyLink(nav.appId, nav.env, row.path, row.key);
      feedback.toast('info', `Copied a link to ${row.key}`);
    } catch (e) {
      feedback.errorToast(e, 'Could not copy the link: ');
    }
  }
}

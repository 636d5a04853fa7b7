// Where the person is: apps, environments, the chosen app and environment, and the folder.
import type { AppView, EnvView } from '../bindings';
import type { AccountOpening } from '../bindings';
import * as host from '../host';
import { HostError } from '../host';
import { normalisePath } from '../tree';
import type { DeskStore } from '../store.svelte';
import type { EarlyListing } from './listing.svelte';

/** A production environment: its type says so (or, for a typed-in one, its name). */
export function isProductionEnv(e: Pick<EnvView, 'envType' | 'name'>): boolean {
  return e.envType === 'prod' || /^prod(uction)?$/i.test(e.name);
}

export class Navigation {
  apps = $state<AppView[]>([]);
  appsLoading = $state(false);
  appsError = $state<HostError | null>(null);
  /** list_apps answered notFound (old server): the person types an app id and environment. */
  manualEntry = $state(false);

  envs = $state<EnvView[]>([]);
  envsError = $state<HostError | null>(null);
  appId = $state<string | null>(null);
  env = $state<string | null>(null);
  folder = $state('/');

  currentApp = $derived(this.apps.find((a) => a.id === this.appId) ?? null);
  currentEnv = $derived(this.envs.find((e) => e.name === this.env) ?? null);
  /** The environment on screen is a production one (coloured, and a first write asks). */
  isProduction = $derived(this.currentEnv !== null && isProductionEnv(this.currentEnv));

  /** Production environments whose first write this session was confirmed. */
  private confirmedWrites = new Set<string>();

  private readonly d: DeskStore;

  constructor(d: DeskStore) {
    this.d = d;
  }

  reset() {
    this.apps = [];
    this.envs = [];
    this.appId = null;
    this.env = null;
    this.manualEntry = false;
    this.appsError = null;
    this.envsError = null;
  }

  /** Opens the active account: apps, the remembered (else first) app and environment, and its listing. */
  async loadApps() {
    this.appsLoading = true;
    this.appsError = null;
    this.manualEntry = false;
    let opening: AccountOpening;
    try {
      opening = await this.d.feedback.run(() => host.openAccount());
    } catch (e) {
      this.appsLoading = false;
      await this.openingFailed(HostError.from(e));
      return;
    }
    // The apps can be chosen while the opened environment's listing loads (which can be slow).
    this.appsLoading = false;
    await this.showOpening(opening);
  }

  async openingFailed(err: HostError) {
    if (err.code === 'notFound') {
      // An old server without the apps route: the person types an app id and environment.
      this.manualEntry = true;
      const last = this.d.accounts.activeAccount?.last;
      if (last) await this.enterManually(last.appId, last.env);
    } else this.appsError = err;
    this.d.markReady();
  }

  async showOpening(o: AccountOpening, early: EarlyListing | null = null) {
    this.apps = o.apps;
    if (!o.appId) {
      this.d.markReady();
      return;
    }
    this.appId = o.appId;
    this.envs = o.envs;
    this.env = null;
    this.envsError = o.envsError ? HostError.from(o.envsError) : null;
    this.d.resetList();
    this.d.editing.closePanel();
    if (!o.env) {
      this.d.markReady();
      return;
    }
    this.env = o.env;
    if (o.folder) this.folder = normalisePath(o.folder);
    // The backend started this listing with the opening: this call takes it.
    await this.d.listing.loadSecrets(early);
  }

  /** For servers without the apps/environments routes. */
  async enterManually(appId: string, env: string) {
    const id = appId.trim();
    const name = env.trim();
    if (!id || !name) return;
    if (!(await this.d.editing.mayLeave())) return;
    await this.d.deletes.commitAll();
    this.appId = id;
    this.envs = [{ id: name, name, envType: 'custom', index: 0 }];
    this.env = name;
    this.d.resetList();
    const last = this.d.accounts.activeAccount?.last;
    if (last && last.appId === id && last.folder) this.folder = normalisePath(last.folder);
    this.remember();
    await this.d.listing.loadSecrets();
  }

  /** Opens an app by its name (services that cannot list apps); it is remembered. Throws HostError. */
  async openAppByName(name: string) {
    const app = await this.d.feedback.run(() => host.findApp(name.trim()));
    if (!this.apps.some((a) => a.id === app.id)) this.apps = [...this.apps, app];
    await this.selectApp(app.id);
  }

  /** Opens an app on its first environment (or `preferEnv`, when the app has it). */
  async selectApp(appId: string, preferEnv: string | null = null) {
    if (!(await this.d.editing.mayLeave())) return;
    await this.d.deletes.commitAll();
    this.appId = appId;
    this.envs = [];
    this.env = null;
    this.envsError = null;
    this.d.resetList();
    this.d.editing.closePanel();
    try {
      const envs = await this.d.feedback.run(() => host.listEnvironments(appId));
      if (this.appId !== appId) return;
      this.envs = envs;
      const first = envs.find((e) => e.name === preferEnv) ?? envs[0];
      if (first) await this.selectEnv(first.name);
    } catch (e) {
      this.envsError = HostError.from(e);
    }
  }

  async selectEnv(env: string, keepFolder = false) {
    if (!(await this.d.editing.mayLeave())) return;
    await this.d.deletes.commitAll();
    const folder = this.folder;
    this.env = env;
    this.d.resetList();
    this.d.editing.closePanel();
    if (keepFolder) this.folder = folder;
    this.remember();
    await this.d.listing.loadSecrets();
  }

  selectFolder(path: string) {
    this.folder = normalisePath(path);
    this.remember();
    this.d.listing.afterFilterChange();
  }

  /**
   * Before a shared write: in a production environment, the first one this session asks
   * for confirmation. Answers whether to go on.
   */
  async confirmWrite(): Promise<boolean> {
    const { appId, env } = this;
    if (!this.isProduction || !appId || !env) return true;
    const key = `${appId}\u0000${env}`;
    if (this.confirmedWrites.has(key)) return true;
    const ok = await this.d.dialogs.ask({
      title: `Change ${env}?`,
      message: `${env} is a production environment: changes here reach the live systems. Go on? (Asked once per session.)`,
      okLabel: `Change ${env}`,
      danger: true,
    });
    if (ok) this.confirmedWrites.add(key);
    return ok;
  }

  /** A confirmation that already named production counts as the first-write one. */
  markWriteConfirmed() {
    if (this.isProduction && this.appId && this.env) this.confirmedWrites.add(`${this.appId}\u0000${this.env}`);
  }

  private remember() {
    if (!this.appId || !this.env) return;
    const selection = {
      appId: this.appId,
      appName: this.currentApp?.name ?? null,
      env: this.env,
      folder: this.folder === '/' ? null : this.folder,
    };
    host.rememberSelection(selection).catch(() => {
      /* remembering is best effort */
    });
  }
}

// Preferences of this window (not of an account): the theme and the sidebar. Kept in
// localStorage, since they are about the UI only.
import type { DeskStore } from '../store.svelte';

export type Theme = 'system' | 'light' | 'dark';
export const THEMES: readonly Theme[] = ['system', 'light', 'dark'];
export const THEME_LABEL: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };

const THEME_KEY = 'phase-desk.theme';
const SIDEBAR_KEY = 'phase-desk.sidebar';
/** Below this window width an open side panel folds the sidebar away (the table keeps its room). */
export const NARROW_QUERY = '(max-width: 1099px)';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    /* private mode: the choice lasts for this run */
  }
}

export class Prefs {
  theme = $state<Theme>('system');
  /** The person's choice; null: automatic (folded when the window is narrow and a panel is open). */
  sidebarChoice = $state<boolean | null>(null);
  /** The window is narrower than NARROW_QUERY. */
  narrow = $state(false);

  private readonly d: DeskStore;

  sidebarCollapsed = $derived.by(() => this.sidebarChoice ?? (this.narrow && this.d.editing.panel !== null));

  constructor(d: DeskStore) {
    this.d = d;
    const t = read(THEME_KEY);
    this.theme = (THEMES as readonly string[]).includes(t ?? '') ? (t as Theme) : 'system';
    const s = read(SIDEBAR_KEY);
    this.sidebarChoice = s === 'collapsed' ? true : s === 'open' ? false : null;
    this.applyTheme();
    if (typeof window !== 'undefined' && typeof window.matchMedia === 'function') {
      const mq = window.matchMedia(NARROW_QUERY);
      this.narrow = mq.matches;
      mq.addEventListener?.('change', (e) => (this.narrow = e.matches));
    }
  }

  setTheme(t: Theme) {
    this.theme = t;
    write(THEME_KEY, t === 'system' ? null : t);
    this.applyTheme();
  }

  toggleSidebar() {
    this.sidebarChoice = !this.sidebarCollapsed;
    write(SIDEBAR_KEY, this.sidebarChoice ? 'collapsed' : 'open');
  }

  /** `data-theme` on <html>: app.css picks the colours (a class, not a style: CSP). */
  private applyTheme() {
    if (typeof document === 'undefined') return;
    document.documentElement.dataset.theme = this.theme;
  }
}

// Shared by the component tests: a seeded mock backend and helpers to find rows.
import { render, screen } from '@testing-library/svelte';
import App from '../App.svelte';
import { row } from '../lib/__tests__/fixtures';
import { DeskStore } from '../lib/store.svelte';
import { MockBackend } from './mockBackend';

/** The store is created outside the component, as main.ts does. */
export const renderApp = () => render(App, { store: new DeskStore() });

export function seed(b: MockBackend) {
  b.rows = [
    row({ id: 's1', key: 'DB_URL', path: '/backend', tags: ['db', 'prod'], comment: 'primary', version: 4 }),
    row({ id: 's2', key: 'API_KEY', path: '/', tags: ['web'], hasOverride: true, overrideActive: true }),
    row({ id: 's3', key: 'LOG_LEVEL', path: '/backend/logging', kind: 'config', configValue: 'debug' }),
    row({ id: 's4', key: 'SIGNING_KEY', path: '/', kind: 'sealed' }),
    row({ id: 's5', key: 'ROTATED_PW', path: '/', rotating: true }),
  ];
  b.values.set('s1', 'postgres://db:5432');
  b.values.set('s2', 'shared-api');
  b.overrides.set('s2', 'my-api');
  b.values.set('s5', 'rot');
}

/** A seeded, installed backend whose lock and unlock answer as the desk does. */
export function lockingBackend(): MockBackend {
  const b = new MockBackend();
  seed(b);
  b.handlers.lock_now = () => ({ clipboardCleared: false, unsentDeletes: null });
  b.handlers.unlock = (_a, state) => state.state;
  b.install();
  return b;
}

export async function rows() {
  await screen.findAllByTestId('secret-row');
  return screen.getAllByTestId('secret-row');
}

export function keys(): string[] {
  return screen
    .queryAllByTestId('secret-row')
    .map((r) => r.dataset.key ?? '')
    .sort();
}

export function rowFor(key: string): HTMLElement {
  const el = screen.getAllByTestId('secret-row').find((r) => r.dataset.key === key);
  if (!el) throw new Error(`no row ${key}`);
  return el;
}

/** The index of the first call of `cmd` in the backend's log (-1 when none). */
export function callIndex(b: MockBackend, cmd: string, from = 0): number {
  return b.calls.findIndex((c, i) => i >= from && c.cmd === cmd);
}

/** An element's accessible name where it comes from `aria-labelledby` or `aria-label`. */
export function nameOf(el: Element): string {
  const ids = el.getAttribute('aria-labelledby');
  if (!ids) return el.getAttribute('aria-label') ?? '';
  return ids
    .split(/\s+/)
    .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
    .join(' ');
}

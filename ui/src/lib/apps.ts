// An app's encryption mode and whether it can be opened here. The backend decides the
// latter (`disabledReason`): an end-to-end-encrypted app opens when the token carries its
// keys, and is listed with the reason when it does not.
import type { AppView } from './bindings';

export type AppMode = 'end-to-end' | 'server-side';

/** `end-to-end` when the app is end-to-end encrypted (`sseEnabled` false), else `server-side`. */
export function appMode(a: AppView): AppMode {
  return a.sseEnabled ? 'server-side' : 'end-to-end';
}

/** A sentence on the mode, for titles. */
export function modeTitle(a: AppView): string {
  return a.sseEnabled
    ? 'Server-side encryption: the Phase server encrypts the values and resolves ${…} references.'
    : 'End-to-end encrypted: values are encrypted and decrypted here, with the keys of your token; ${…} references come back as written.';
}

/** Why the app cannot be opened here, or null when it can (the backend's word only). */
export function appUnavailable(a: AppView): string | null {
  return a.disabledReason ?? null;
}

/** The apps grouped by mode, groups in order of first appearance, each in the given order. */
export function appsByMode(apps: readonly AppView[]): { mode: AppMode; label: string; apps: AppView[] }[] {
  const groups: { mode: AppMode; label: string; apps: AppView[] }[] = [];
  for (const a of apps) {
    const mode = appMode(a);
    let g = groups.find((x) => x.mode === mode);
    if (!g) {
      g = { mode, label: mode === 'end-to-end' ? 'End-to-end encrypted' : 'Server-side encrypted', apps: [] };
      groups.push(g);
    }
    g.apps.push(a);
  }
  return groups;
}

// Closing a menu or popover: Esc, or a press outside it. Nothing covers the page, so the
// press outside also reaches what is under the pointer (the first click is not swallowed).
import type { Action } from 'svelte/action';

export interface Dismiss {
  close: () => void;
  /** Presses here do not count as outside (the button that toggles the menu). */
  keep?: HTMLElement | null;
}

export const dismissable: Action<HTMLElement, Dismiss> = (node, opts) => {
  let o = opts;
  const close = () => o.close();
  const down = (e: Event) => {
    const t = e.target as Node;
    if (!node.contains(t) && !o.keep?.contains(t)) close();
  };
  const key = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    // Before the window's own Esc handler (which would close a panel or a dialog).
    e.preventDefault();
    e.stopPropagation();
    close();
  };
  document.addEventListener('pointerdown', down, true);
  document.addEventListener('mousedown', down, true);
  window.addEventListener('keydown', key, true);
  return {
    update(next) {
      o = next;
    },
    destroy() {
      document.removeEventListener('pointerdown', down, true);
      document.removeEventListener('mousedown', down, true);
      window.removeEventListener('keydown', key, true);
    },
  };
};

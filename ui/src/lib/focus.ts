// Where keyboard focus is and where it goes back to. The row highlighted in the table and
// the element that has the keyboard must agree: Enter and Space act on what is visibly focused.

const TEXT_INPUTS = new Set(['text', 'search', 'password', 'email', 'url', 'number', 'tel', '']);

/** An element that takes typed text (where shortcuts such as Ctrl+Z or `/` belong to it). */
export function isTextField(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  if (el.tagName !== 'INPUT') return false;
  return TEXT_INPUTS.has(((el as HTMLInputElement).getAttribute('type') ?? '').toLowerCase());
}

/** A control that acts on Enter or Space itself (a button, a checkbox, a tab, a link…). */
export function isControl(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return el.closest('button, a[href], input, select, textarea, [role="tab"], [role="menuitem"], [role="option"]') !== null;
}

/** The table row drawn as focused, if it is on screen. */
export function focusedRowElement(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[data-testid="secret-row"].focused');
}

/**
 * Where focus goes when a dialog closes: back to the field or panel control it came from;
 * otherwise to the row the table shows as focused (so Enter acts on that row, not on the
 * toolbar button that opened the dialog); otherwise where it was.
 */
export function restoreFocus(prev: HTMLElement | null) {
  const inPanel = prev?.isConnected && (isTextField(prev) || prev.closest('.panel, .dialog') !== null);
  if (prev && inPanel) {
    prev.focus();
    return;
  }
  const row = focusedRowElement();
  if (row) {
    row.focus();
    return;
  }
  if (prev?.isConnected && !prev.closest('[data-testid="secret-row"]')) prev.focus();
}

/**
 * On a side panel: when it closes with the keyboard inside it (or nowhere), the keyboard
 * goes back to the row the table shows as focused.
 */
export function panelFocus(node: HTMLElement) {
  return {
    destroy() {
      const a = document.activeElement;
      if (a === null || a === document.body || node.contains(a) || !a.isConnected) {
        queueMicrotask(() => {
          const now = document.activeElement;
          if (now === null || now === document.body || !now.isConnected) focusedRowElement()?.focus();
        });
      }
    },
  };
}

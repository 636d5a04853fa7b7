// Visible-window math for the virtualised table (fixed row height).

declare global {
  interface Window {
    /** Set by the app before the page's scripts when a scroll and its rows always land in one frame (src-tauri/renderer.rs). */
    __PHASE_DESK_SCROLLS_WITH_PAINT__?: boolean;
  }
}

/**
 * Rows rendered beyond the viewport. A short list is rendered whole. A long one keeps 3 above
 * and below (one wheel step) where scrolling can run ahead of the page's own paint, and none
 * where the two always land in the same frame: every rendered row is script, style and layout
 * on each scroll frame, and a jump of a viewport or more rebuilds them all anyway.
 */
export function overscanRows(count: number, scrollsWithPaint = globalThis.window?.__PHASE_DESK_SCROLLS_WITH_PAINT__ === true): number {
  if (count <= 48) return count;
  return scrollsWithPaint ? 0 : 3;
}

export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  overscan?: number;
}

export interface VisibleWindow {
  /** First rendered index (inclusive). */
  start: number;
  /** Last rendered index (exclusive). */
  end: number;
  /** translateY for the first rendered row, in px. */
  offsetY: number;
  /** Height of the whole list, in px. */
  totalHeight: number;
}

export function visibleWindow({ scrollTop, viewportHeight, rowHeight, count, overscan = 8 }: WindowInput): VisibleWindow {
  const totalHeight = Math.max(0, count * rowHeight);
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, offsetY: 0, totalHeight };
  const maxTop = Math.max(0, totalHeight - viewportHeight);
  const top = Math.min(Math.max(0, scrollTop), maxTop);
  const first = Math.floor(top / rowHeight);
  const visible = Math.ceil(Math.max(viewportHeight, rowHeight) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end, offsetY: start * rowHeight, totalHeight };
}

/** The scrollTop that brings row `index` fully into view, or the current one if it already is. */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}

/** Moves a focus index by `delta` within [0, count). */
export function moveFocus(index: number, delta: number, count: number): number {
  if (count <= 0) return -1;
  if (index < 0) return delta >= 0 ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, index + delta));
}

/** Calls `set` with `el`'s height now and whenever it changes; returns the stop function. */
export function trackHeight(el: HTMLElement, set: (height: number) => void): () => void {
  set(el.clientHeight);
  if (typeof ResizeObserver === 'undefined') return () => {};
  const ro = new ResizeObserver(() => set(el.clientHeight));
  ro.observe(el);
  return () => ro.disconnect();
}

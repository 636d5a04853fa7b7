import { afterEach, describe, expect, it } from 'vitest';
import { moveFocus, overscanRows, scrollToReveal, visibleWindow } from '../virtual';

describe('visibleWindow', () => {
  it('renders only the visible rows plus overscan', () => {
    const w = visibleWindow({ scrollTop: 0, viewportHeight: 340, rowHeight: 34, count: 10_000, overscan: 5 });
    expect(w.start).toBe(0);
    expect(w.end).toBe(11 + 5);
    expect(w.offsetY).toBe(0);
    expect(w.totalHeight).toBe(340_000);
  });
  it('follows the scroll position', () => {
    const w = visibleWindow({ scrollTop: 34 * 5000 + 10, viewportHeight: 340, rowHeight: 34, count: 10_000, overscan: 5 });
    expect(w.start).toBe(4995);
    expect(w.end).toBe(5000 + 11 + 5);
    expect(w.offsetY).toBe(4995 * 34);
    expect(w.end - w.start).toBeLessThan(30);
  });
  it('clamps at the end and past it', () => {
    const w = visibleWindow({ scrollTop: 1e9, viewportHeight: 340, rowHeight: 34, count: 100, overscan: 5 });
    expect(w.end).toBe(100);
    expect(w.start).toBe(90 - 5);
  });
  it('handles short and empty lists', () => {
    expect(visibleWindow({ scrollTop: 0, viewportHeight: 500, rowHeight: 34, count: 3 })).toMatchObject({ start: 0, end: 3 });
    expect(visibleWindow({ scrollTop: 50, viewportHeight: 500, rowHeight: 34, count: 0 })).toEqual({ start: 0, end: 0, offsetY: 0, totalHeight: 0 });
    expect(visibleWindow({ scrollTop: -20, viewportHeight: 100, rowHeight: 34, count: 50, overscan: 0 }).start).toBe(0);
  });
});

describe('scrollToReveal and moveFocus', () => {
  it('scrolls only when the row is out of view', () => {
    expect(scrollToReveal(0, 0, 340, 34)).toBe(0);
    expect(scrollToReveal(20, 0, 340, 34)).toBe(21 * 34 - 340);
    expect(scrollToReveal(2, 200, 340, 34)).toBe(68);
    expect(scrollToReveal(7, 100, 340, 34)).toBe(100);
  });
  it('moves within bounds', () => {
    expect(moveFocus(-1, 1, 5)).toBe(0);
    expect(moveFocus(-1, -1, 5)).toBe(4);
    expect(moveFocus(4, 1, 5)).toBe(4);
    expect(moveFocus(2, -10, 5)).toBe(0);
    expect(moveFocus(0, 1, 0)).toBe(-1);
  });
});

describe('overscanRows', () => {
  afterEach(() => {
    delete window.__PHASE_DESK_SCROLLS_WITH_PAINT__;
  });
  it('renders a short list whole', () => {
    expect(overscanRows(48, true)).toBe(48);
    expect(overscanRows(0)).toBe(0);
  });
  it('keeps a margin of rows unless the app says a scroll and its rows land in one frame', () => {
    expect(overscanRows(10_000)).toBe(3);
    window.__PHASE_DESK_SCROLLS_WITH_PAINT__ = true;
    expect(overscanRows(10_000)).toBe(0);
  });
  it('still covers every pixel of the viewport with no margin, wherever the scroll stops', () => {
    const rowHeight = 34;
    for (const viewportHeight of [340, 656, 657, 700]) {
      for (let scrollTop = 0; scrollTop < rowHeight * 3; scrollTop += 5) {
        const w = visibleWindow({ scrollTop, viewportHeight, rowHeight, count: 10_000, overscan: 0 });
        expect(w.start * rowHeight).toBeLessThanOrEqual(scrollTop);
        expect(w.end * rowHeight).toBeGreaterThanOrEqual(scrollTop + viewportHeight);
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { moveFocus, scrollToReveal, visibleWindow } from '../virtual';

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

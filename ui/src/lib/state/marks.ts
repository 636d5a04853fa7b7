// Performance marks read by the end-to-end tests and benchmarks (see ui/README.md).

/**
 * Resolves once the next frame has been painted. Animation-frame callbacks run before that
 * frame's style, layout and paint, so a mark set in one would leave the paint out (the
 * first paint of the window took ~50 ms here): the task queued from the callback runs after.
 */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(resolve, 0));
    else setTimeout(resolve, 0);
  });
}

export function mark(name: string) {
  try {
    performance.mark(name);
  } catch {
    /* no performance API */
  }
}

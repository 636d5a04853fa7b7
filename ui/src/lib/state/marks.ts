// Performance marks read by the end-to-end tests and benchmarks (see ui/README.md).

export function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => resolve());
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

// Performance marks read by the end-to-end tests and benchmarks (see ui/README.md).

/**
 * Resolves once the next frame has been painted. Animation-frame callbacks run before that
 * frame's style, layout and paint, so a mark set in one would leave the paint out (the
 * first paint of the window took ~50 ms here): a message posted from the callback is
 * handled after it. A message, not a timer: WebKitGTK's timers wait behind other work, and
 * with `setTimeout` the filter's p95 read 94 ms against a p50 of 19.
 */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame !== 'function' || typeof MessageChannel !== 'function') {
      setTimeout(resolve, 0);
      return;
    }
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  });
}

export function mark(name: string) {
  try {
    performance.mark(name);
  } catch {
    /* no performance API */
  }
}

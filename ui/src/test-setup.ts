// jsdom lacks a few browser APIs the app uses.
if (typeof window !== 'undefined') {
  if (!window.matchMedia) {
    window.matchMedia = (query: string) =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener() {},
        removeListener() {},
        addEventListener() {},
        removeEventListener() {},
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }
  if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = function () {};
  // jsdom has no CSS.escape (WebKit has); enough of it for attribute selectors on ids.
  const css = (globalThis as { CSS?: { escape?: (s: string) => string } }).CSS;
  if (!css?.escape) {
    (globalThis as { CSS?: unknown }).CSS = {
      ...css,
      escape: (s: string) => s.replace(/["\\\]\[]/g, '\\$&'),
    };
  }
}
export {};

// Same readiness signal as Phase Desk: set after the first frame of the page.
requestAnimationFrame(() => {
  performance.mark('bare-painted');
  window.__PHASE_DESK_READY__ = true;
});

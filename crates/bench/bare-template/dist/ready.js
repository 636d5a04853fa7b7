// Same readiness signal as Phase Desk (ui/src/lib/state/marks.ts, `nextFrame`): set once
// the first frame has been painted. An animation-frame callback runs before its frame's
// style, layout and paint, so the flag is set from a message posted in it, handled after.
requestAnimationFrame(() => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    performance.mark('bare-painted');
    window.__PHASE_DESK_READY__ = true;
  };
  channel.port2.postMessage(null);
});

// The filter figure's floor (see table.html). `__floor.load(rows)` takes the bench's
// listing as [key, path, comment, tags] and shows it sorted by key; each `input` in the
// search box filters it by key, path and comment and rewrites the cells that change, then
// marks `filter-painted` after the next frame's paint, as the app does.
(() => {
  const body = document.querySelector('.body');
  const table = document.querySelector('[data-testid=secret-table]');
  const box = document.querySelector('[data-testid=search-input]');
  const cells = [];
  let all = [];
  let texts = [];

  function markAfterPaint(name) {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        performance.mark(name);
      };
      channel.port2.postMessage(null);
    });
  }

  function set(el, text) {
    if (el.textContent !== text) el.textContent = text;
  }

  function show(rows) {
    const fit = Math.ceil(body.clientHeight / 34) + 1;
    while (cells.length < fit) {
      const row = document.createElement('div');
      row.className = 'row';
      const parts = ['key', 'value', 'override', 'tags', 'comment', 'type', 'updated'].map((c) => {
        const span = document.createElement('span');
        span.className = c;
        row.appendChild(span);
        return span;
      });
      body.appendChild(row);
      cells.push({ parts });
    }
    cells.forEach(({ parts }, i) => {
      const r = rows[i];
      const text = r ? [`${r[0]} ${r[1]}`, '••••••••', '—', r[3], r[2], 'secret', '5 min ago'] : [];
      parts.forEach((span, j) => set(span, text[j] ?? ''));
    });
    table.setAttribute('aria-rowcount', String(rows.length));
  }

  window.__floor = {
    load(rows) {
      all = rows.slice().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      texts = all.map((r) => `${r[0]}\n${r[1]}\n${r[2]}`.toLowerCase());
      show(all);
      markAfterPaint('floor-loaded');
      return all.length;
    },
  };

  box.addEventListener('input', () => {
    const needle = box.value.toLowerCase();
    show(needle ? all.filter((_, i) => texts[i].includes(needle)) : all);
    markAfterPaint('filter-painted');
  });
})();

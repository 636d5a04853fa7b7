// Dev-only: `npm run dev` then open /preview.html to see the UI in a plain browser against an
// in-memory backend (mockIPC). Never part of the build (vite builds index.html only).
// Query: ?n=10000 rows, ?sa=1 service account, ?long=1 long keys in deep folders,
// ?theme=light|dark, ?caps=flat (no folders/tags/overrides/delete/rename), ?ro=1 read-only,
// ?env=Production, ?envs=7 more environments, ?open=edit|new|batch|add|conflict|palette|delete|empty|error|401|slow|
// ratelimit|bulk|toasts|longundo|discard|envmenu|accountmenu, ?q=search text
import { mount, tick } from 'svelte';
import '../app.css';
import App from '../App.svelte';
import { DeskStore } from '../lib/store.svelte';
import { row } from '../lib/__tests__/fixtures';
import { MockBackend, account, ipcError, phaseCapabilities } from './mockBackend';

const q = new URLSearchParams(location.search);
const n = Number(q.get('n') ?? 140);
const open = q.get('open');
if (q.get('theme')) localStorage.setItem('phase-desk.theme', q.get('theme')!);
const caps = phaseCapabilities('User', {
  ...(q.get('caps') === 'flat'
    ? { folders: false, tags: false, personalOverrides: false, delete: false, rename: false, missingReason: 'This service keeps flat key/value pairs.' }
    : {}),
  ...(q.get('ro') ? { readOnly: true, missingReason: 'This token can only read.' } : {}),
});
const b = new MockBackend([
  account({ capabilities: caps, last: { appId: 'app1', appName: 'Payments', env: q.get('env') ?? 'Development', folder: null } }),
  account({ id: 'sb', name: 'Sandbox', host: 'http://127.0.0.1:8787', hostKind: 'sandbox', isSandbox: true }),
]);
if (q.get('envs'))
  b.envs = ['Development', 'Staging', 'QA', 'Preview', 'Production', 'Production EU', 'Sandbox customers']
    .slice(0, Number(q.get('envs')))
    .map((name, index) => ({ id: `e${index}`, name, envType: name.startsWith('Production') ? 'prod' : index === 0 ? 'dev' : 'staging', index }));
const folders = ['/', '/backend', '/backend/db', '/backend/cache', '/frontend', '/ops/ci', '/ops/monitoring'];
const words = ['DATABASE', 'REDIS', 'STRIPE', 'SENTRY', 'API', 'JWT', 'S3', 'SMTP', 'OAUTH', 'GITHUB'];
const tails = ['URL', 'KEY', 'SECRET', 'TOKEN', 'HOST', 'PORT', 'PASSWORD', 'BUCKET', 'DSN', 'TIMEOUT'];
const tagSets = [[], ['prod'], ['db', 'prod'], ['web'], ['ci'], ['payments', 'pci'], []];
const now = Date.now();
b.rows = Array.from({ length: n }, (_, i) => {
  const kind = i % 11 === 3 ? 'config' : i % 13 === 5 ? 'sealed' : 'secret';
  const key = `${words[i % words.length]}_${tails[Math.floor(i / words.length) % tails.length]}${i >= 100 ? `_${i}` : ''}`;
  return row({
    id: `s${i}`,
    key,
    path: folders[i % folders.length],
    kind,
    configValue: kind === 'config' ? (i % 2 ? 'info' : '30s') : null,
    tags: tagSets[i % tagSets.length],
    comment: i % 3 === 0 ? 'Rotated quarterly by the platform team' : i % 5 === 0 ? 'used by checkout' : '',
    rotating: i % 29 === 7,
    hasOverride: i % 9 === 1,
    overrideActive: i % 18 === 1,
    version: 1 + (i % 5),
    updatedAt: now - i * 3_600_000 * 7,
  });
});
if (q.get('long'))
  b.rows.unshift(
    row({ id: 'long1', key: 'WIN_PAYMENTS_SERVICE_DB_HOST_PRIMARY_REPLICA', path: '/backend/payments/db/replicas/eu-west-1', hasOverride: true, overrideActive: true }),
    row({ id: 'long2', key: 'WIN_PAYMENTS_SERVICE_DB_HOST_SECONDARY', path: '/backend/payments/db/replicas/eu-west-1', hasOverride: true }),
  );
for (const r of b.rows) b.values.set(r.id, `value-of-${r.key.toLowerCase()}`);
if (q.get('sa')) {
  b.canOverride = false;
  b.overrideNote = 'Service accounts cannot have personal overrides: use a Personal Access Token.';
}
if (open === 'empty') b.rows = [];
if (open === 'error') b.handlers.list_secrets = () => { throw ipcError('forbidden', 'You do not have access to this environment (Production).'); };
if (open === 'conflict')
  b.handlers.update_secret = (_a, be) => ({ outcome: 'conflict', theirs: { ...be.rows[0], version: 9, comment: 'changed by Alice' }, theirValueChanged: true });
b.handlers.preview_batch = (args) =>
  String(args.text)
    .split('\n')
    .map((l, i) => ({ l: l.trim(), line: i + 1 }))
    .filter((x) => x.l && !x.l.startsWith('#'))
    .map(({ l, line }) => {
      const s = l.replace(/^export\s+/, '');
      const eq = s.indexOf('=');
      return eq < 0
        ? { line, key: s, valueChars: 0, error: 'Expected KEY=VALUE' }
        : { line, key: s.slice(0, eq).toUpperCase(), valueChars: s.length - eq - 1, error: null };
    });
b.install();

const store = new DeskStore();
mount(App, { target: document.getElementById('app')!, props: { store } });

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
(async () => {
  await wait(300);
  await tick();
  const r0 = store.listing.visibleRows[0];
  if (open === 'edit' || open === 'conflict') store.editing.openEditor(store.listing.visibleRows.find((r) => r.hasOverride && r.kind === 'secret') ?? r0);
  if (open === 'new') store.editing.openNew();
  if (open === 'batch') store.editing.openBatch();
  if (open === 'add') store.dialogs.addAccountOpen = true;
  if (open === 'palette') store.dialogs.paletteOpen = true;
  if (open === 'delete') store.deletes.askDelete(store.listing.visibleRows.slice(0, 14));
  if (open === 'reveal') {
    store.values.setRevealAll(true);
    store.selection.focusRow(r0.id);
  }
  if (open === '401') {
    b.handlers.list_secrets = () => {
      throw ipcError('unauthorized', 'Token expired or deleted');
    };
    void store.refresh();
  }
  if (open === 'slow' || open === 'ratelimit') {
    b.holdListings = true;
    void store.refresh();
    if (open === 'ratelimit') setTimeout(() => (store.feedback.rateLimit = { until: Date.now() + 42_000, attempt: 1, source: 'server' }), 50);
  }
  if (open === 'bulk') {
    for (const r of store.listing.visibleRows.slice(0, 3)) store.selection.toggleSelected(r.id);
    store.bulk.open('move');
  }
  if (q.get('q')) store.listing.setQuery(q.get('q')!);
  if (open === 'envmenu' || open === 'accountmenu')
    document.querySelector<HTMLElement>(`[data-testid="${open === 'envmenu' ? 'env-menu-button' : 'account-menu-button'}"]`)?.click();
  if (open === 'longundo') {
    const k = `WIN_PAYMENTS_SERVICE_DB_HOST_PRIMARY_REPLICA_${'X'.repeat(60)}`;
    store.deletes.undo = { status: 'offered', undoId: 'u', keys: [k], message: '', expiresAt: Date.now() + 9000 };
    store.feedback.now = Date.now();
    store.feedback.toast('info', `Copied ${k} — clears in 30 s`);
  }
  if (open === 'discard') {
    await store.editing.openNew();
    store.editing.dirty = true;
    void store.editing.requestClose();
  }
  if (open === 'toasts') {
    store.feedback.toast('info', 'Copied DATABASE_URL — clears in 30 s');
    store.deletes.undo = { status: 'offered', undoId: 'u', keys: ['A', 'B'], message: '', expiresAt: Date.now() + 9000 };
    store.feedback.now = Date.now();
    store.feedback.rateLimit = { until: Date.now() + 42_000, attempt: 1, source: 'server' };
  }
})();

// Fails the build when dist/index.html would break under the app's CSP
// (default-src 'self'): inline <script> bodies, style attributes, inline handlers.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const problems = [];
for (const name of readdirSync(dist)) {
  if (!name.endsWith('.html')) continue;
  const html = readFileSync(join(dist, name), 'utf8');
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (!/\bsrc=/.test(m[1]) || m[2].trim() !== '') problems.push(`${name}: inline <script>`);
  }
  if (/<style\b/i.test(html)) problems.push(`${name}: inline <style>`);
  if (/\sstyle\s*=/i.test(html)) problems.push(`${name}: style attribute`);
  if (/\son[a-z]+\s*=/i.test(html)) problems.push(`${name}: inline event handler`);
}
if (problems.length) {
  console.error('CSP check failed:\n' + problems.join('\n'));
  process.exit(1);
}
console.log('CSP check: dist/*.html has no inline scripts, styles or handlers');

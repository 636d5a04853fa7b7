// `${...}` secret references inside a value, found as Phase finds them (phase-api's
// `references::find`): `${app::env.KEY}` another app, `${env.KEY}` another environment,
// `${KEY}` or `${folder/KEY}` this environment. `${{...}}` is not a reference.

export type ReferenceScope = 'local' | 'env' | 'app';

export interface ValueReference {
  /** As written, `${...}` included. */
  text: string;
  scope: ReferenceScope;
  /** `KEY` or `folder/KEY`. */
  key: string;
  env: string | null;
  app: string | null;
}

function parse(inner: string): Omit<ValueReference, 'text'> | null {
  // Stage by stage, as the server: another app, another environment, this environment.
  const sep = inner.indexOf('::', 1);
  if (sep > 0) {
    const rest = inner.slice(sep + 2);
    const dot = rest.indexOf('.', 1);
    if (dot > 0 && dot < rest.length - 1) return { scope: 'app', app: inner.slice(0, sep), env: rest.slice(0, dot), key: rest.slice(dot + 1) };
  }
  if (!inner.includes('::')) {
    const dot = inner.indexOf('.');
    if (dot > 0 && dot < inner.length - 1) return { scope: 'env', env: inner.slice(0, dot), key: inner.slice(dot + 1), app: null };
  }
  if (!inner.includes('.')) return { scope: 'local', key: inner, env: null, app: null };
  return null;
}

/** Every reference in `value`, left to right (each distinct text once). */
export function findReferences(value: string): ValueReference[] {
  const out: ValueReference[] = [];
  let i = 0;
  while (i < value.length) {
    const at = value.indexOf('${', i);
    if (at === -1) break;
    const start = at + 2;
    const rest = value.slice(start);
    const m = /[{}]/.exec(rest);
    const parsed = m && m.index > 0 && rest[m.index] === '}' ? parse(rest.slice(0, m.index)) : null;
    if (m && parsed) {
      const text = value.slice(at, start + m.index + 1);
      if (!out.some((r) => r.text === text)) out.push({ text, ...parsed });
      i = start + m.index + 1;
    } else {
      i = at + 1;
    }
  }
  return out;
}

/** Where a reference points, in words. */
export function describeReference(r: ValueReference): string {
  if (r.scope === 'app') return `${r.key} in ${r.env} of the app ${r.app}`;
  if (r.scope === 'env') return `${r.key} in ${r.env}`;
  return `${r.key} in this environment`;
}

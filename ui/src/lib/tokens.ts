// How token kinds are named (as in the Phase Console and the add-account form) and which token
// forms are accepted when one is pasted.
import type { TokenKindView } from './bindings';

// Keyed by string: a token kind the backend adds before this table knows it still shows (by its name).
const LABELS: Record<string, string> = {
  User: 'Personal Access Token',
  ServiceAccount: 'Service Account',
  Service: 'Service token (legacy)',
  Read: 'Read token',
  ReadWrite: 'Read/write token',
};

export const TOKEN_LABEL = new Proxy(LABELS, {
  get: (t, k) => (typeof k === 'string' ? (t[k] ?? k) : undefined),
}) as Record<TokenKindView, string>;

/** The Console's prefix of each kind's token, and the scheme word of its `Authorization` header. */
const FORMS: Record<string, { prefix: string; scheme: string } | undefined> = {
  User: { prefix: 'pss_user:v1:', scheme: 'User' },
  ServiceAccount: { prefix: 'pss_service:v2:', scheme: 'ServiceAccount' },
  Service: { prefix: 'pss_service:v1:', scheme: 'Service' },
};

export function tokenPlaceholder(kind: TokenKindView): string {
  const f = FORMS[kind];
  return f ? `${f.prefix}…` : 'token';
}

/** "Accepted: …" for the token field. */
export function tokenFormsHint(kind: TokenKindView): string {
  const f = FORMS[kind];
  if (!f) return 'Paste the token as the service shows it.';
  return `Accepted: the Console's ${f.prefix}… string, a “Bearer ${f.scheme} …” header, or the bare token.`;
}

/** Why personal overrides are off, in the words the person chose the account with. */
export function overrideNoteFor(kind: TokenKindView | null, serverNote: string | null): string {
  if (kind === 'ServiceAccount' || kind === 'Service')
    return `Personal overrides need a Personal Access Token: this account uses a ${TOKEN_LABEL[kind]}.`;
  return serverNote ?? 'Personal overrides are only available with a Personal Access Token.';
}

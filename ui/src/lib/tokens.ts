// How token kinds are named (as in the Phase Console and the add-account form) and which token
// forms are accepted when one is pasted.
import type { TokenKindView } from './bindings';

export const TOKEN_LABEL: Record<TokenKindView, string> = {
  User: 'Personal Access Token',
  ServiceAccount: 'Service Account',
  Service: 'Service token (legacy)',
};

/** The Console's prefix of each kind's token, and the scheme word of its `Authorization` header. */
const FORMS: Record<TokenKindView, { prefix: string; scheme: string }> = {
  User: { prefix: 'pss_user:v1:', scheme: 'User' },
  ServiceAccount: { prefix: 'pss_service:v2:', scheme: 'ServiceAccount' },
  Service: { prefix: 'pss_service:v1:', scheme: 'Service' },
};

export function tokenPlaceholder(kind: TokenKindView): string {
  return `${FORMS[kind].prefix}…`;
}

/** "Accepted: …" for the token field. */
export function tokenFormsHint(kind: TokenKindView): string {
  const f = FORMS[kind];
  return `Accepted: the Console's ${f.prefix}… string, a “Bearer ${f.scheme} …” header, or the bare token.`;
}

/** Why personal overrides are off, in the words the person chose the account with. */
export function overrideNoteFor(kind: TokenKindView | null, serverNote: string | null): string {
  if (kind === 'ServiceAccount' || kind === 'Service')
    return `Personal overrides need a Personal Access Token: this account uses a ${TOKEN_LABEL[kind]}.`;
  return serverNote ?? 'Personal overrides are only available with a Personal Access Token.';
}

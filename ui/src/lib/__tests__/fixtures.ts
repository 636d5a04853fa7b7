import type { SecretRow } from '../bindings';
import type { SecretList } from '../wire';

export function row(p: Partial<SecretRow> & { key: string }): SecretRow {
  return {
    id: p.id ?? `id-${p.key}`,
    key: p.key,
    path: p.path ?? '/',
    comment: p.comment ?? '',
    tags: p.tags ?? [],
    kind: p.kind ?? 'secret',
    rotating: p.rotating ?? false,
    version: p.version ?? 1,
    createdAt: p.createdAt === undefined ? Date.parse('2024-01-01T00:00:00Z') : p.createdAt,
    updatedAt: p.updatedAt === undefined ? Date.parse('2024-01-02T00:00:00Z') : p.updatedAt,
    hasOverride: p.hasOverride ?? false,
    overrideActive: p.overrideActive ?? false,
    configValue: p.configValue ?? null,
  };
}

export function list(rows: SecretRow[], canOverride = true, overrideNote: string | null = null): SecretList {
  return { appId: 'app1', env: 'Development', rows, canOverride, overrideNote, folderOnly: null, elapsedMs: 40 };
}

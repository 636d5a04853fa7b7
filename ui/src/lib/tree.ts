// Folder tree built from the `path` of each row (Phase has no folder call).
import { byName } from './order';

export interface FolderNode {
  /** Normalised folder path: `/` or `/a/b`. */
  path: string;
  /** Last segment, or `/` for the root. */
  name: string;
  /** Rows in this folder and all of its subfolders. */
  count: number;
  /** Rows directly in this folder. */
  ownCount: number;
  depth: number;
  children: FolderNode[];
}

/** `//a/b/` → `/a/b`, `a` → `/a`, `` → `/`. */
export function normalisePath(path: string | null | undefined): string {
  const raw = path ?? '';
  let hit = normalised.get(raw);
  if (hit === undefined) {
    hit = '/' + raw.split('/').map((s) => s.trim()).filter((s) => s !== '').join('/');
    // An environment has a few dozen folders; the memo only grows past that in odd cases.
    if (normalised.size >= 4096) normalised.clear();
    normalised.set(raw, hit);
  }
  return hit;
}
// 10,000 rows share a few dozen paths: each is split and joined once, not once per row.
const normalised = new Map<string, string>();

export function parentPath(path: string): string | null {
  const p = normalisePath(path);
  if (p === '/') return null;
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

/**
 * Builds the tree of every folder that holds a row, with counts that include subfolders.
 * `keep`: folders shown even when empty (the one on screen, so it does not vanish when its
 * last secret goes).
 */
export function buildTree(rows: readonly { path: string }[], keep: readonly string[] = []): FolderNode {
  const root: FolderNode = { path: '/', name: '/', count: 0, ownCount: 0, depth: 0, children: [] };
  const byPath = new Map<string, FolderNode>([['/', root]]);
  const ensure = (path: string): FolderNode => {
    const hit = byPath.get(path);
    if (hit) return hit;
    const parent = ensure(parentPath(path) ?? '/');
    const node: FolderNode = {
      path,
      name: path.slice(path.lastIndexOf('/') + 1),
      count: 0,
      ownCount: 0,
      depth: parent.depth + 1,
      children: [],
    };
    parent.children.push(node);
    byPath.set(path, node);
    return node;
  };
  for (const k of keep) ensure(normalisePath(k));
  // Rows counted per path first: the tree walk below is per folder, not per row.
  const perPath = new Map<string, number>();
  for (const row of rows) perPath.set(row.path, (perPath.get(row.path) ?? 0) + 1);
  for (const [path, n] of perPath) {
    const node = ensure(normalisePath(path));
    node.ownCount += n;
    for (let p: string | null = node.path; p !== null; p = parentPath(p)) byPath.get(p)!.count += n;
  }
  const sort = (n: FolderNode) => {
    n.children.sort((a, b) => byName(a.name, b.name));
    n.children.forEach(sort);
  };
  sort(root);
  return root;
}

/** Depth-first list of the nodes, root first; children of collapsed folders are left out. */
export function flattenTree(root: FolderNode, collapsed: ReadonlySet<string> = new Set()): FolderNode[] {
  const out: FolderNode[] = [];
  const walk = (n: FolderNode) => {
    out.push(n);
    if (!collapsed.has(n.path)) n.children.forEach(walk);
  };
  walk(root);
  return out;
}

export function findNode(root: FolderNode, path: string): FolderNode | null {
  const p = normalisePath(path);
  if (root.path === p) return root;
  for (const c of root.children) {
    if (p === c.path || p.startsWith(c.path + '/')) return findNode(c, p);
  }
  return null;
}

export interface Crumb {
  name: string;
  path: string;
}

/** `/a/b` → `/`, `/a`, `/a/b`. */
export function breadcrumbs(path: string): Crumb[] {
  const p = normalisePath(path);
  const crumbs: Crumb[] = [{ name: '/', path: '/' }];
  if (p === '/') return crumbs;
  let acc = '';
  for (const seg of p.slice(1).split('/')) {
    acc += '/' + seg;
    crumbs.push({ name: seg, path: acc });
  }
  return crumbs;
}

/** Whether a row at `rowPath` shows when `folder` is selected. */
/** Every path of the tree (for the command palette). */
export function allFolders(root: FolderNode): string[] {
  return flattenTree(root).map((n) => n.path);
}

import { describe, expect, it } from 'vitest';
import { breadcrumbs, buildTree, findNode, flattenTree, normalisePath, parentPath } from '../tree';

describe('normalisePath', () => {
  it('normalises like the server', () => {
    expect(normalisePath('//a/b/')).toBe('/a/b');
    expect(normalisePath('a')).toBe('/a');
    expect(normalisePath('')).toBe('/');
    expect(normalisePath('/')).toBe('/');
    expect(normalisePath(null)).toBe('/');
  });
  it('gives parents', () => {
    expect(parentPath('/a/b')).toBe('/a');
    expect(parentPath('/a')).toBe('/');
    expect(parentPath('/')).toBeNull();
  });
});

describe('buildTree', () => {
  const rows = [{ path: '/' }, { path: '/backend' }, { path: '/backend' }, { path: '/backend/db' }, { path: '/frontend/' }, { path: 'ops/ci' }];
  const tree = buildTree(rows);

  it('counts include subfolders', () => {
    expect(tree.count).toBe(6);
    expect(tree.ownCount).toBe(1);
    expect(findNode(tree, '/backend')!.count).toBe(3);
    expect(findNode(tree, '/backend')!.ownCount).toBe(2);
    expect(findNode(tree, '/backend/db')!.count).toBe(1);
    expect(findNode(tree, '/frontend')!.count).toBe(1);
  });

  it('counts paths spelled differently in one folder', () => {
    const t = buildTree([{ path: '/a' }, { path: 'a/' }, { path: '//a' }, { path: '/a/b' }, { path: ' a / b ' }]);
    expect(findNode(t, '/a')!.ownCount).toBe(3);
    expect(findNode(t, '/a')!.count).toBe(5);
    expect(findNode(t, '/a/b')!.ownCount).toBe(2);
    expect(normalisePath(' a / b ')).toBe('/a/b');
    expect(normalisePath(' a / b ')).toBe('/a/b');
  });

  it('creates intermediate folders with no own rows', () => {
    const ops = findNode(tree, '/ops')!;
    expect(ops.ownCount).toBe(0);
    expect(ops.count).toBe(1);
    expect(ops.children.map((c) => c.path)).toEqual(['/ops/ci']);
  });

  it('sorts children and flattens depth-first', () => {
    expect(flattenTree(tree).map((n) => `${n.depth}${n.path}`)).toEqual([
      '0/',
      '1/backend',
      '2/backend/db',
      '1/frontend',
      '1/ops',
      '2/ops/ci',
    ]);
    expect(flattenTree(tree, new Set(['/backend'])).map((n) => n.path)).not.toContain('/backend/db');
  });

  it('handles an empty list', () => {
    const t = buildTree([]);
    expect(t.count).toBe(0);
    expect(t.children).toEqual([]);
  });

  it('does not confuse /back with /backend', () => {
    const t = buildTree([{ path: '/back' }, { path: '/backend' }]);
    expect(findNode(t, '/back')!.count).toBe(1);
    expect(findNode(t, '/nope')).toBeNull();
  });
});

describe('breadcrumbs', () => {
  it('lists each ancestor', () => {
    expect(breadcrumbs('/a/b')).toEqual([
      { name: '/', path: '/' },
      { name: 'a', path: '/a' },
      { name: 'b', path: '/a/b' },
    ]);
    expect(breadcrumbs('/')).toEqual([{ name: '/', path: '/' }]);
  });
});


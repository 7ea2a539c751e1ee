import { describe, expect, it } from 'vitest';
import {
  expandBreadthFirst,
  flattenTree,
  labelOf,
  looksLikeJson,
  MAX_TREE_DEPTH,
  MAX_TREE_NODES,
  parseJson,
  quote,
  type Json,
} from './json-tree';

const parse = (s: string): Json => {
  const r = parseJson(s);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const none = { expanded: new Set<string>() };

describe('parsing', () => {
  it('tries objects and arrays only, and never throws', () => {
    expect(looksLikeJson(' \n{"a":1}')).toBe(true);
    expect(looksLikeJson('[1]')).toBe(true);
    expect(looksLikeJson('"str"')).toBe(false);
    expect(looksLikeJson('hello {')).toBe(false);
    expect(looksLikeJson('')).toBe(false);
    expect(parseJson('{"a":').ok).toBe(false);
    const bad = parseJson('{oops}');
    expect(bad.ok ? '' : bad.error).not.toBe('');
  });

  it('labels values on one line, escaping control characters and cutting long strings', () => {
    expect(labelOf(parse('{"a":1,"b":2}'))).toBe('{…} 2 keys');
    expect(labelOf(parse('[1]'))).toBe('[…] 1 item');
    expect(labelOf(parse('[]'))).toBe('[]');
    expect(labelOf(parse('{}'))).toBe('{}');
    expect(labelOf('a\nb<img src=x>')).toBe('"a\\nb<img src=x>"');
    expect(labelOf(null)).toBe('null');
    expect(labelOf(false)).toBe('false');
    expect(quote('x'.repeat(2000), 10)).toBe(`"${'x'.repeat(10)}"… (2000 chars)`);
  });
});

describe('rows', () => {
  const doc = parse('{"user":{"name":"ann","tags":["a","b"]},"n":1,"weird key/~":true}');

  it('shows only the root until something is expanded', () => {
    const { rows, capped } = flattenTree(doc, none);
    expect(rows).toHaveLength(1);
    expect(capped).toBe(false);
    expect(rows[0]).toMatchObject({ key: null, type: 'object', expandable: true, expanded: false, label: '{…} 3 keys' });
  });

  it('lists children of expanded nodes in document order with depths and escaped paths', () => {
    const { rows } = flattenTree(doc, { expanded: new Set(['', '/user', '/user/tags']) });
    expect(rows.map((r) => [r.depth, r.key, r.label])).toEqual([
      [0, null, '{…} 3 keys'],
      [1, 'user', '{…} 2 keys'],
      [2, 'name', '"ann"'],
      [2, 'tags', '[…] 2 items'],
      [3, '0', '"a"'],
      [3, '1', '"b"'],
      [1, 'n', '1'],
      [1, '"weird key/~"', 'true'],
    ]);
    expect(rows[7]!.path).toBe('/weird key~1~0');
    expect(rows[3]!.path).toBe('/user/tags');
  });

  it('pages large containers: the first page, then a "more" row', () => {
    const big = Array.from({ length: 1234 }, (_, i) => i);
    const { rows } = flattenTree(big, { expanded: new Set(['']) }, { childPage: 500 });
    expect(rows).toHaveLength(1 + 500 + 1);
    expect(rows[501]).toMatchObject({ kind: 'more', hidden: 734, path: '' });
    const more = flattenTree(big, { expanded: new Set(['']), shown: new Map([['', 1000]]) }, { childPage: 500 });
    expect(more.rows).toHaveLength(1 + 1000 + 1);
    expect(more.rows.at(-1)).toMatchObject({ kind: 'more', hidden: 234 });
  });

  it('does not expand past the depth limit, iteratively (10,000 levels deep)', () => {
    const depth = 10_000;
    const deep = parse('['.repeat(depth) + ']'.repeat(depth));
    // Ask for every level: only MAX_TREE_DEPTH of them open.
    const expanded = new Set<string>();
    let p = '';
    for (let i = 0; i < depth; i++) {
      expanded.add(p);
      p += '/0';
    }
    const { rows, capped } = flattenTree(deep, { expanded });
    expect(capped).toBe(false);
    expect(rows).toHaveLength(MAX_TREE_DEPTH + 1);
    const last = rows.at(-1)!;
    expect(last.depth).toBe(MAX_TREE_DEPTH);
    expect(last).toMatchObject({ tooDeep: true, expandable: false, expanded: false });
  });

  it('caps the number of rows', () => {
    const wide = Array.from({ length: 300 }, () => Array.from({ length: 100 }, (_, i) => i));
    const expanded = expandBreadthFirst(wide, Infinity, MAX_TREE_DEPTH);
    const { rows, capped } = flattenTree(wide, { expanded });
    expect(capped).toBe(true);
    expect(rows).toHaveLength(MAX_TREE_NODES);
  });
});

describe('breadth-first expansion', () => {
  it('opens the root and then levels while they fit the budget', () => {
    const doc = parse('{"a":{"x":1,"y":{"deep":true}},"b":[1,2,3]}');
    expect([...expandBreadthFirst(doc, 200, 3)].sort()).toEqual(['', '/a', '/a/y', '/b']);
    expect([...expandBreadthFirst(doc, 3, 3)]).toEqual(['']);
    expect([...expandBreadthFirst(doc, 200, 1)]).toEqual(['']);
    expect([...expandBreadthFirst(42, 200, 3)]).toEqual([]);
  });

  it('always opens the root, even a huge one, and stays within the budget after that', () => {
    const big = Array.from({ length: 5000 }, (_, i) => ({ i }));
    const e = expandBreadthFirst(big, 200, 3);
    expect([...e]).toEqual(['']);
    expect(flattenTree(big, { expanded: e }).rows.length).toBeLessThan(600);
  });

  it('"expand all" fills the node budget, and the view is capped there', () => {
    // 400 objects of 32 rows (+ 300 numbers): 13,000+ rows when everything is open.
    const wide: Json = [
      ...Array.from({ length: 400 }, (_, i) => ({ big: i, a: Array.from({ length: 30 }, (_, j) => j) })),
      ...Array.from({ length: 300 }, (_, i) => i),
    ];
    const strict = expandBreadthFirst(wide, MAX_TREE_NODES, MAX_TREE_DEPTH);
    expect(flattenTree(wide, { expanded: strict }).capped).toBe(false);
    const all = expandBreadthFirst(wide, MAX_TREE_NODES, MAX_TREE_DEPTH, true);
    const view = flattenTree(wide, { expanded: all });
    expect(view.capped).toBe(true);
    expect(view.rows).toHaveLength(MAX_TREE_NODES);
    expect(all.size).toBeLessThan(MAX_TREE_NODES);
  });

  it('"expand all" on a 10,000-deep payload stops at the depth limit', () => {
    const depth = 10_000;
    const deep = parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
    const e = expandBreadthFirst(deep, MAX_TREE_NODES, MAX_TREE_DEPTH, true);
    expect(e.size).toBe(MAX_TREE_DEPTH);
    expect(flattenTree(deep, { expanded: e }).rows).toHaveLength(MAX_TREE_DEPTH + 1);
  });
});

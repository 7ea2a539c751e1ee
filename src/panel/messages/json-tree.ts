/**
 * The detail view's JSON tree as a pure model: the payload is parsed once, and the rows to show
 * are computed from the set of expanded paths, iteratively (no recursion: a 10,000-deep payload
 * cannot overflow the stack) and lazily (children exist only under expanded nodes). Limits keep a
 * hostile payload from freezing the panel: nodes deeper than MAX_TREE_DEPTH do not expand, at most
 * MAX_TREE_NODES rows are produced (`capped` says the rest was cut), and a node shows its first
 * CHILD_PAGE children until asked for more.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const MAX_TREE_DEPTH = 100;
export const MAX_TREE_NODES = 10_000;
export const CHILD_PAGE = 500;
/** Characters of a string value or key shown in a row. */
export const MAX_LABEL_CHARS = 1000;
const MAX_KEY_CHARS = 200;

export type JsonType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export interface TreeRow {
  /** 'node' a value; 'more' the rest of a node's children (`hidden` of them) behind a button. */
  readonly kind: 'node' | 'more';
  readonly depth: number;
  /** Path of the node (JSON pointer, '' for the root); for 'more' rows, the parent's path. */
  readonly path: string;
  /** Property name or array index; null for the root. */
  readonly key: string | null;
  readonly type: JsonType;
  /** The value in one line (containers: their size). */
  readonly label: string;
  readonly expandable: boolean;
  readonly expanded: boolean;
  /** A non-empty container at the depth limit: not expanded here (see the raw text). */
  readonly tooDeep: boolean;
  readonly hidden: number;
}

export interface TreeState {
  readonly expanded: ReadonlySet<string>;
  /** Children shown per path, when more than CHILD_PAGE were asked for. */
  readonly shown?: ReadonlyMap<string, number>;
}

export interface TreeLimits {
  readonly maxDepth?: number;
  readonly maxNodes?: number;
  readonly childPage?: number;
}

export type ParseResult = { readonly ok: true; readonly value: Json } | { readonly ok: false; readonly error: string };

/** Worth trying as a tree: an object or an array (after leading whitespace). */
export function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length && i < 1024; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) return true; // { [
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0xfeff) return false;
  }
  return false;
}

/** JSON.parse that never throws (syntax errors, and the engine's own nesting limits). */
export function parseJson(text: string): ParseResult {
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

export function typeOf(v: Json): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  return t === 'object' ? 'object' : (t as JsonType);
}

function isContainer(v: Json): v is Json[] | { [key: string]: Json } {
  return v !== null && typeof v === 'object';
}

function childCount(v: Json): number {
  if (Array.isArray(v)) return v.length;
  if (isContainer(v)) return Object.keys(v).length;
  return 0;
}

/** A string shown on one line: quoted, control characters escaped, cut with the full length. */
export function quote(s: string, max = MAX_LABEL_CHARS): string {
  if (s.length <= max) return JSON.stringify(s);
  return `${JSON.stringify(s.slice(0, max))}… (${s.length} chars)`;
}

function keyLabel(k: string): string {
  const q = quote(k, MAX_KEY_CHARS);
  // Plain identifiers read better unquoted; anything else stays quoted and escaped.
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : q;
}

export function labelOf(v: Json, n = childCount(v)): string {
  switch (typeOf(v)) {
    case 'array':
      return n === 0 ? '[]' : `[…] ${n} item${n === 1 ? '' : 's'}`;
    case 'object':
      return n === 0 ? '{}' : `{…} ${n} key${n === 1 ? '' : 's'}`;
    case 'string':
      return quote(v as string);
    default:
      return String(v);
  }
}

const escapeSegment = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

export function childPath(parent: string, key: string): string {
  return `${parent}/${escapeSegment(key)}`;
}

interface Frame {
  readonly value: Json[] | { [key: string]: Json };
  readonly keys: readonly string[] | null;
  readonly path: string;
  readonly depth: number;
  readonly end: number;
  readonly total: number;
  i: number;
}

function nodeRow(value: Json, key: string | null, path: string, depth: number, state: TreeState, maxDepth: number): TreeRow {
  const n = childCount(value);
  const container = isContainer(value) && n > 0;
  const tooDeep = container && depth >= maxDepth;
  const expandable = container && !tooDeep;
  return {
    kind: 'node',
    depth,
    path,
    key,
    type: typeOf(value),
    label: labelOf(value, n),
    expandable,
    expanded: expandable && state.expanded.has(path),
    tooDeep,
    hidden: 0,
  };
}

/** The rows to show for the expanded paths, in document order. */
export function flattenTree(root: Json, state: TreeState, limits: TreeLimits = {}): { rows: TreeRow[]; capped: boolean } {
  const maxDepth = limits.maxDepth ?? MAX_TREE_DEPTH;
  const maxNodes = limits.maxNodes ?? MAX_TREE_NODES;
  const page = limits.childPage ?? CHILD_PAGE;
  const rows: TreeRow[] = [];
  const stack: Frame[] = [];
  const open = (value: Json, path: string, depth: number): void => {
    if (!isContainer(value)) return;
    const keys = Array.isArray(value) ? null : Object.keys(value);
    const total = keys ? keys.length : (value as Json[]).length;
    const end = Math.min(total, Math.max(page, state.shown?.get(path) ?? 0));
    stack.push({ value, keys, path, depth, end, total, i: 0 });
  };
  const first = nodeRow(root, null, '', 0, state, maxDepth);
  rows.push(first);
  if (first.expanded) open(root, '', 0);
  while (stack.length > 0) {
    if (rows.length >= maxNodes) return { rows, capped: true };
    const f = stack[stack.length - 1]!;
    if (f.i >= f.end) {
      stack.pop();
      if (f.end < f.total) {
        rows.push({
          kind: 'more',
          depth: f.depth + 1,
          path: f.path,
          key: null,
          type: 'null',
          label: `${f.total - f.end} more`,
          expandable: false,
          expanded: false,
          tooDeep: false,
          hidden: f.total - f.end,
        });
      }
      continue;
    }
    const i = f.i++;
    const key = f.keys ? f.keys[i]! : String(i);
    const value = f.keys ? (f.value as { [key: string]: Json })[key]! : (f.value as Json[])[i]!;
    const path = childPath(f.path, key);
    const row = nodeRow(value, f.keys ? keyLabel(key) : key, path, f.depth + 1, state, maxDepth);
    rows.push(row);
    if (row.expanded) open(value, path, f.depth + 1);
  }
  return { rows, capped: false };
}

/**
 * Paths to expand, breadth first, above `maxDepth`, while the rows they add stay within `budget`
 * (`fill` false: the first view of a payload, ~200 rows) or until they reach it (`fill` true:
 * "expand all" with MAX_TREE_NODES, the last level overshoots and `flattenTree` caps the view).
 */
export function expandBreadthFirst(root: Json, budget: number, maxDepth: number, fill = false, childPage = CHILD_PAGE): Set<string> {
  const expanded = new Set<string>();
  let queue: { value: Json; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  let rows = 1;
  while (queue.length > 0) {
    const next: typeof queue = [];
    for (const q of queue) {
      if (!isContainer(q.value) || q.depth >= maxDepth) continue;
      const n = Math.min(childCount(q.value), childPage);
      if (n === 0) continue;
      // The root always opens (up to the budget of children).
      if (!fill && rows + n > budget && q.depth > 0) return expanded;
      expanded.add(q.path);
      rows += n;
      if (Array.isArray(q.value)) {
        for (let i = 0; i < n; i++) next.push({ value: q.value[i]!, path: childPath(q.path, String(i)), depth: q.depth + 1 });
      } else {
        const keys = Object.keys(q.value);
        for (let i = 0; i < n; i++) next.push({ value: q.value[keys[i]!]!, path: childPath(q.path, keys[i]!), depth: q.depth + 1 });
      }
      if (rows >= budget) return expanded;
    }
    queue = next;
  }
  return expanded;
}

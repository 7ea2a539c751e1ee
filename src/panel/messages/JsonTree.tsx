import { useMemo, useState } from 'preact/hooks';
import { CHILD_PAGE, expandBreadthFirst, flattenTree, MAX_TREE_DEPTH, MAX_TREE_NODES, type Json, type TreeRow } from './json-tree';

/** Rows opened when a payload is first shown. */
const INITIAL_ROWS = 200;
const INITIAL_DEPTH = 3;
const INDENT_PX = 12;

/**
 * A collapsible JSON tree: rows are computed from the expanded paths (only expanded nodes have
 * their children rendered), capped at MAX_TREE_NODES rows and MAX_TREE_DEPTH levels. Keys and
 * values are text nodes.
 */
export function JsonTree({ value }: { readonly value: Json }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => expandBreadthFirst(value, INITIAL_ROWS, INITIAL_DEPTH));
  const [shown, setShown] = useState<ReadonlyMap<string, number>>(() => new Map());
  const { rows, capped } = useMemo(() => flattenTree(value, { expanded, shown }), [value, expanded, shown]);
  const toggle = (path: string): void => {
    const next = new Set(expanded);
    if (next.has(path)) next.delete(path);
    else next.add(path);
    setExpanded(next);
  };
  const more = (row: TreeRow): void => {
    const next = new Map(shown);
    next.set(row.path, Math.max(CHILD_PAGE, shown.get(row.path) ?? 0) + CHILD_PAGE);
    setShown(next);
  };
  return (
    <div class="json-tree-wrap">
      <div class="json-tree-tools">
        <button type="button" data-testid="tree-expand-all" onClick={() => setExpanded(expandBreadthFirst(value, MAX_TREE_NODES, MAX_TREE_DEPTH, true))}>
          Expand all
        </button>
        <button type="button" data-testid="tree-collapse-all" onClick={() => setExpanded(new Set(['']))}>
          Collapse all
        </button>
      </div>
      {capped && (
        <p class="note" data-testid="tree-capped">
          Showing the first {MAX_TREE_NODES.toLocaleString('en-US')} nodes; collapse some or see Raw for the rest.
        </p>
      )}
      <div class="json-tree" role="tree" aria-label="JSON tree" data-testid="json-tree" data-rows={String(rows.length)}>
        {rows.map((r) =>
          r.kind === 'more' ? (
            <div key={`${r.path}\u0000more`} class="jt-row" role="none" style={{ paddingLeft: `${r.depth * INDENT_PX + 14}px` }}>
              <button type="button" class="jt-more" data-testid="tree-more" onClick={() => more(r)}>
                Show {Math.min(r.hidden, CHILD_PAGE)} more ({r.hidden} hidden)
              </button>
            </div>
          ) : (
            <div
              key={r.path}
              class="jt-row"
              role="treeitem"
              aria-level={r.depth + 1}
              aria-expanded={r.expandable ? r.expanded : undefined}
              data-depth={String(r.depth)}
              style={{ paddingLeft: `${r.depth * INDENT_PX}px` }}
            >
              {r.expandable ? (
                <button
                  type="button"
                  class="jt-toggle"
                  aria-label={r.expanded ? 'Collapse' : 'Expand'}
                  onClick={() => toggle(r.path)}
                >
                  {r.expanded ? '▾' : '▸'}
                </button>
              ) : (
                <span class="jt-toggle" />
              )}
              {r.key !== null && <span class="jt-key">{r.key}</span>}
              {r.key !== null && ': '}
              <span class={`jt-value jt-${r.type}`}>{r.label}</span>
              {r.tooDeep && (
                <span class="note" data-testid="tree-too-deep">
                  {' '}
                  nested deeper than {MAX_TREE_DEPTH} levels: see Raw
                </span>
              )}
            </div>
          ),
        )}
      </div>
    </div>
  );
}

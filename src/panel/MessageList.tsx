import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ChannelView } from '../core/classify/types';
import { compileFilter, FilteredView, type CompiledFilter, type MessageFilterSpec } from '../core/store/filter-index';
import {
  clampOffset,
  listWindow,
  maxOffset,
  offsetFromScrollTop,
  scrollHeight,
  scrollTopFromOffset,
  type ListGeometry,
} from '../core/store/list-window';
import type { MessageStore } from '../core/store/message-store';
import { NAV_KEYS, navigate, revealOffset, wheelPixels, type NavKey } from './messages/list-nav';
import {
  INITIAL_FILTERS,
  INITIAL_SEARCH,
  MessageFilters,
  parseSize,
  SearchBar,
  type FilterState,
  type SearchState,
} from './messages/MessageFilters';
import { MessageRow, ROW_HEIGHT } from './messages/MessageRow';
import type { UpdateView, ViewState } from './view-state';

interface Props {
  readonly store: MessageStore;
  readonly channels: readonly ChannelView[];
  readonly view: ViewState;
  readonly update: UpdateView;
  /** Height of the area the list fills (below the tabs), when known before it mounts. */
  readonly slotHeight?: number;
}

/** Messages a filtered view scans per frame: a search over a million previews spreads over ~10 frames. */
const SCAN_PER_FRAME = 100_000;
const OVERSCAN = 4;

/** Where the list is: the first row on screen by logical index (stable while rows are evicted or inserted) and the pixels above it. */
interface Anchor {
  readonly logical: number;
  readonly delta: number;
}

/**
 * Height of the list's toolbar and header above the scroller, as last measured (the default fits
 * one toolbar line): with the slot's height it predicts the scroller's, see `slotHeight`.
 */
let chromeHeight = 47;

/** Search and filters per store, kept while the list is unmounted (another tab is shown). */
const kept = new WeakMap<MessageStore, { readonly search: SearchState; readonly filters: FilterState }>();

const isTextField = (el: EventTarget | null): boolean =>
  el instanceof HTMLElement && (el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT');

/**
 * Every message of the selected channels and time range: a virtual list of fixed-height rows
 * (only the rows on screen are in the DOM) that keeps its own position (`offset`, content pixels)
 * so it works past the browsers' maximum element heights; wheel and keys move the offset, only
 * scrollbar drags are read back from scrollTop (core/store/list-window.ts). Search, filters and
 * keyboard navigation; follows new messages while scrolled to the end.
 */
export function MessageList({ store, channels, view, update, slotHeight }: Props) {
  // The search and filters outlive the tab: switching to Requests and back keeps them.
  const [search, setSearchState] = useState<SearchState>(() => kept.get(store)?.search ?? INITIAL_SEARCH);
  const [filters, setFiltersState] = useState<FilterState>(() => kept.get(store)?.filters ?? INITIAL_FILTERS);
  const setSearch = (s: SearchState): void => {
    kept.set(store, { search: s, filters });
    setSearchState(s);
  };
  const setFilters = (f: FilterState): void => {
    kept.set(store, { search, filters: f });
    setFiltersState(f);
  };
  // The first render already shows the right rows when the slot's height is known: measuring first
  // and rendering the rows again cost a second style and layout pass (half the first paint).
  const [viewportHeight, setViewportHeight] = useState(() => (slotHeight ? Math.max(0, Math.round(slotHeight - chromeHeight)) : 0));
  const [, setFrame] = useState(0);
  const rerender = (): void => setFrame((f) => f + 1);

  const scrollerRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const follow = useRef(true);
  const anchor = useRef<Anchor | null>(null);
  /** The keyboard cursor (logical index); Enter opens it in the detail view. */
  const cursor = useRef<number | null>(null);
  /** scrollTop the list set itself: the scroll event echoing it is not a user scroll. */
  const expectedScrollTop = useRef<number | null>(null);
  const raf = useRef(0);
  const seen = useRef({ generation: store.generation, rebased: store.rebased, origin: NaN, patterns: '' });

  const byKey = useMemo(() => new Map(channels.map((c) => [c.key, c])), [channels]);
  const byKeyRef = useRef(byKey);
  byKeyRef.current = byKey;

  // The filter: search box, direction and size here; channels, patterns and the brushed range from the shared view.
  const compiled = useMemo(() => {
    const spec: MessageFilterSpec = {
      channels: view.channels,
      patterns: view.patterns,
      patternOf: (key) => byKeyRef.current.get(key)?.pattern,
      direction: filters.direction || null,
      minSize: parseSize(filters.minSize),
      maxSize: parseSize(filters.maxSize),
      from: view.range ? view.range[0] : null,
      to: view.range ? view.range[1] : null,
      text: search.text,
      regex: search.regex,
      caseSensitive: search.caseSensitive,
    };
    const r = compileFilter(spec);
    if (r.ok) return { filter: r.filter, error: null };
    // An invalid regex: say so next to the box, and filter by everything else meanwhile.
    const rest = compileFilter({ ...spec, text: '' });
    return { filter: (rest as { ok: true; filter: CompiledFilter }).filter, error: r.error };
  }, [search, filters, view.channels, view.patterns, view.range]);
  const filter = compiled.filter;
  const filtered = useMemo(() => new FilteredView(store, filter), [store, filter]);

  // Cleared store: start over at the newest; renumbered store (past 2^30 messages): shift what we hold.
  const s = seen.current;
  if (s.generation !== store.generation) {
    s.generation = store.generation;
    s.origin = NaN;
    cursor.current = null;
    anchor.current = null;
    follow.current = true;
  }
  if (s.rebased !== store.rebased) {
    const by = store.rebased - s.rebased;
    s.rebased = store.rebased;
    if (cursor.current !== null) cursor.current -= by;
    if (anchor.current) anchor.current = { ...anchor.current, logical: anchor.current.logical - by };
  }
  // Time origin: the first message seen in this capture.
  if (Number.isNaN(s.origin) && store.count > 0) s.origin = store.timeOf(store.firstLogical);
  const origin = Number.isNaN(s.origin) ? 0 : s.origin;
  // Patterns are decided per lane once: relabelled channels mean a rebuild.
  if (filter.patterns) {
    let sig = '';
    for (const c of channels) sig += `${c.key}\u0000${c.pattern}\u0001`;
    if (sig !== s.patterns) {
      if (s.patterns !== '') filtered.rebuild();
      s.patterns = sig;
    }
  }
  const upToDate = filtered.update(SCAN_PER_FRAME);
  if (!upToDate && raf.current === 0) {
    raf.current = requestAnimationFrame(() => {
      raf.current = 0;
      rerender();
    });
  }
  useEffect(() => () => cancelAnimationFrame(raf.current), []);

  const count = filtered.length;
  const geometry: ListGeometry = { rowCount: count, rowHeight: ROW_HEIGHT, viewportHeight };
  let offset: number;
  if (follow.current) offset = maxOffset(geometry);
  else if (anchor.current) offset = clampOffset(geometry, filtered.lowerBound(anchor.current.logical) * ROW_HEIGHT + anchor.current.delta);
  else offset = 0;

  const live = useRef({ geometry, offset, filtered });
  live.current = { geometry, offset, filtered };

  /** Moves the list (user scroll, wheel, keys): remembers the position by logical index; at the end, follows. */
  const moveTo = (next: number): void => {
    const { geometry: g, filtered: fv } = live.current;
    const o = clampOffset(g, next);
    const i = Math.floor(o / ROW_HEIGHT);
    anchor.current = i < fv.length ? { logical: fv.at(i), delta: o - i * ROW_HEIGHT } : null;
    follow.current = o >= maxOffset(g) - 0.5;
    live.current = { ...live.current, offset: o };
    rerender();
  };

  // Viewport height.
  useLayoutEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    setViewportHeight(el.clientHeight);
    if (slotHeight) chromeHeight = slotHeight - el.clientHeight;
    const ro = new ResizeObserver(() => setViewportHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Keep the native scroll position in step with the offset (scrollbar thumb), without feedback.
  useLayoutEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    const top = scrollTopFromOffset(geometry, offset);
    if (Math.abs(el.scrollTop - top) > 1) {
      expectedScrollTop.current = top;
      el.scrollTop = top;
    }
  });

  // Wheel: move the offset by the real delta (a native step would be scaled past MAX_SCROLL_HEIGHT).
  useEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent): void => {
      if (e.deltaY === 0 || e.ctrlKey) return;
      e.preventDefault();
      const { geometry: g, offset: o } = live.current;
      moveTo(o + wheelPixels(e.deltaY, e.deltaMode, ROW_HEIGHT, g.viewportHeight));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  // "/" focuses the search box from anywhere in the panel where nothing else takes typing.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== '/' || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTextField(e.target)) return;
      e.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // A message selected elsewhere (the timeline): put the cursor on it and scroll it into view.
  const lastMessage = useRef<number | null>(null);
  useEffect(() => {
    if (view.message === lastMessage.current) return;
    lastMessage.current = view.message;
    if (view.message === null) return;
    cursor.current = view.message;
    const { geometry: g, offset: o, filtered: fv } = live.current;
    const i = fv.indexOf(view.message);
    if (i < 0) return rerender();
    const next = revealOffset(o, i, ROW_HEIGHT, g.viewportHeight);
    if (next !== o) moveTo(next);
    else rerender();
  }, [view.message]);

  const onScroll = (): void => {
    const el = scrollerRef.current;
    if (!el) return;
    const expected = expectedScrollTop.current;
    expectedScrollTop.current = null;
    if (expected !== null && Math.abs(el.scrollTop - expected) <= 1) return;
    moveTo(offsetFromScrollTop(live.current.geometry, el.scrollTop));
  };

  const select = (logical: number): void => {
    cursor.current = logical;
    gridRef.current?.focus({ preventScroll: true });
    update({ message: logical });
    rerender();
  };

  const onGridKey = (e: KeyboardEvent): void => {
    if (NAV_KEYS.has(e.key)) {
      e.preventDefault();
      const fv = live.current.filtered;
      const g = live.current.geometry;
      const o = live.current.offset;
      const at = cursor.current !== null ? fv.indexOf(cursor.current) : -1;
      const pageRows = Math.max(1, Math.floor(g.viewportHeight / ROW_HEIGHT) - 1);
      const firstVisible = Math.ceil(o / ROW_HEIGHT);
      const lastVisible = Math.max(firstVisible, Math.floor((o + g.viewportHeight) / ROW_HEIGHT) - 1);
      const up = e.key === 'ArrowUp' || e.key === 'PageUp';
      const next = navigate(e.key as NavKey, at, fv.length, pageRows, up ? lastVisible : firstVisible);
      if (next < 0) return;
      const logical = fv.at(next);
      cursor.current = logical;
      // With the detail open, it follows the cursor.
      if (view.message !== null) {
        lastMessage.current = logical;
        update({ message: logical });
      }
      moveTo(e.key === 'End' ? maxOffset(g) : revealOffset(o, next, ROW_HEIGHT, g.viewportHeight));
    } else if (e.key === 'Enter') {
      const c = cursor.current;
      if (c !== null && store.has(c)) {
        e.preventDefault();
        lastMessage.current = c;
        update({ message: c });
      }
    } else if (e.key === 'Escape') {
      if (view.message !== null) {
        e.preventDefault();
        update({ message: null });
      }
    }
  };

  const win = listWindow(geometry, offset, OVERSCAN);
  const rows = [];
  for (let i = win.first; i < win.end; i++) {
    const logical = filtered.at(i);
    rows.push(
      <MessageRow
        key={logical}
        store={store}
        logical={logical}
        index={i}
        y={win.top + (i - win.first) * ROW_HEIGHT}
        origin={origin}
        channel={byKey.get(store.channelOf(logical))}
        filter={filter}
        selected={cursor.current === logical}
        open={view.message === logical}
        onSelect={select}
      />,
    );
  }
  const cursorRendered = cursor.current !== null && rows.some((r) => r.props.logical === cursor.current);
  const pending = filtered.pending;
  const spacer = Math.max(0, scrollHeight(geometry) - viewportHeight);

  return (
    <section class="message-list" data-testid="message-list" aria-label="Messages">
      <div class="msg-toolbar">
        <SearchBar
          search={search}
          onSearch={setSearch}
          error={compiled.error}
          inputRef={searchRef}
          onLeave={() => gridRef.current?.focus()}
        />
        <MessageFilters filters={filters} onFilters={setFilters} channels={channels} view={view} update={update} origin={origin} />
        <span class="msg-count" data-testid="message-count" data-shown={String(count)} data-total={String(store.count)} aria-live="polite">
          {count === store.count ? `${store.count} messages` : `${count} of ${store.count} messages`}
          {pending > 0 && ` (searching… ${Math.round((100 * (store.count - pending)) / Math.max(1, store.count))}%)`}
        </span>
      </div>
      <div
        ref={gridRef}
        class="msg-grid"
        role="grid"
        aria-label="Message list"
        aria-rowcount={count + 1}
        aria-activedescendant={cursorRendered ? `msg-row-${cursor.current}` : undefined}
        tabIndex={0}
        data-testid="message-grid"
        onKeyDown={onGridKey}
      >
        <div class="msg-row msg-head" role="row" aria-rowindex={1}>
          <span role="columnheader" class="c-time">
            Time
          </span>
          <span role="columnheader" class="c-chan">
            Channel
          </span>
          <span role="columnheader" class="c-dir" aria-label="Direction">
            ⇅
          </span>
          <span role="columnheader" class="c-size">
            Size
          </span>
          <span role="columnheader" class="c-preview">
            Preview
          </span>
        </div>
        <div ref={scrollerRef} class="msg-scroller" tabIndex={-1} onScroll={onScroll}>
          <div class="msg-layer" style={{ height: `${viewportHeight}px` }}>
            {rows}
          </div>
          <div class="msg-spacer" style={{ height: `${spacer}px` }} />
        </div>
        {count === 0 && (
          <p class="note msg-empty">{store.count === 0 ? 'No messages yet.' : pending > 0 ? 'Searching…' : 'No message matches.'}</p>
        )}
        {!follow.current && count > 0 && (
          <button
            type="button"
            class="msg-jump"
            data-testid="jump-latest"
            onClick={() => {
              follow.current = true;
              rerender();
            }}
          >
            Jump to latest ↓
          </button>
        )}
      </div>
    </section>
  );
}

import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { PATTERNS, type ChannelView, type Pattern } from '../core/classify/types';
import type { Finding } from '../core/diagnose/types';
import { bytesOf, channelName, DEFAULT_SORT, findingStats, nextSort, rateOf, showsHosts, sortChannels, type Sort, type SortKey } from './channels/sort';
import { streamNote } from './channels/stream-note';
import { formatBytes, formatDuration } from '../core/format/numbers';
import { PATTERN_LABEL, PatternBadge } from './PatternBadge';
import { rowWindowAt, type RowWindow } from './row-window';
import { bodyTop, useViewport, type Viewport } from './use-viewport';
import type { UpdateView, ViewState } from './view-state';

interface Props {
  readonly channels: readonly ChannelView[];
  readonly findings: readonly Finding[];
  readonly view: ViewState;
  readonly update: UpdateView;
}

const TRANSPORT_LABEL: Readonly<Record<ChannelView['transport'], string>> = {
  fetch: 'fetch',
  xhr: 'XHR',
  eventsource: 'ES',
  websocket: 'WS',
};

interface Column {
  readonly key: SortKey;
  readonly label: string;
  /** Shown instead of the label where the column is narrow; the label stays the accessible name. */
  readonly short?: string;
  readonly title: string;
  readonly num?: boolean;
}

const COLUMNS: readonly Column[] = [
  { key: 'pattern', label: 'Pattern', title: 'Sort by pattern' },
  { key: 'name', label: 'Channel', title: 'Sort by endpoint' },
  { key: 'rate', label: 'Rate', title: 'Sort by rate (requests or messages a minute)', num: true },
  { key: 'bytes', label: 'Bytes', title: 'Sort by bytes, both ways', num: true },
  { key: 'findings', label: 'Findings', short: '⚠', title: 'Sort by findings (worst severity, then count)', num: true },
];

/**
 * Row heights in px; panel.css gives `.channel-table tbody tr` exactly these: two lines (endpoint,
 * evidence), three with a stream note.
 */
const ROW_HEIGHT = 36;
const NOTE_ROW_HEIGHT = 50;
/**
 * Up to this many channels every row is in the DOM; beyond it only the rows near the viewport
 * are, between two paddings. A page with a thousand endpoints re-rendered and laid out hundreds
 * of rows on each live render (and the list used to stop at the first 300).
 */
export const FULL_ROWS = 300;
/** Rows rendered past each edge of the viewport. */
const OVERSCAN = 8;

/** Made once: toLocaleString builds a formatter per call, which dominated a 1,000-channel render. */
const EN = new Intl.NumberFormat('en-US');

function perMin(n: number): string {
  return n < 10 ? (Math.round(n * 10) / 10).toString() : EN.format(Math.round(n));
}

/** The evidence in one short line: interval or hold, and the message rates. */
function evidenceLine(c: ChannelView): string {
  const e = c.evidence;
  const parts: string[] = [];
  if (c.pattern === 'long-polling' && e.medianHoldMs !== null) parts.push(`hold ${formatDuration(e.medianHoldMs)}`);
  else if (e.medianIntervalMs !== null && e.requests > 1) parts.push(`every ${formatDuration(e.medianIntervalMs)}`);
  else if (e.medianHoldMs !== null && e.requests > 0) parts.push(`hold ${formatDuration(e.medianHoldMs)}`);
  if (e.messages > 0) {
    parts.push(
      e.messagesPerMinDown === null || e.messagesPerMinUp === null
        ? `${e.messagesDown}↓ ${e.messagesUp}↑ msg`
        : `${perMin(e.messagesPerMinDown)}↓ ${perMin(e.messagesPerMinUp)}↑ msg/min`,
    );
  }
  if (e.requests > 0) parts.push(`${e.requests} req`);
  else if (e.connections > 0) parts.push(`${e.connections} conn`);
  if (e.errors > 0) parts.push(`${e.errors} err`);
  return parts.join(' · ');
}

/**
 * The channel list: one row per channel with its pattern badge, endpoint and evidence, sortable
 * and filterable by pattern. Selecting channels (click, ctrl/cmd-click, ↑/↓ then Space/Enter)
 * filters the timeline and the message list through the shared view state.
 */
export function ChannelList({ channels, findings, view, update }: Props) {
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  const nav = useRef<HTMLElement>(null);
  // The viewport over the body rows as last measured (scroll, resize), the window rendered for
  // it, and a row to focus once it is rendered (keyboard moves to a row outside the window).
  const port = useRef<Viewport & { tops: readonly number[]; focus: string | null }>({ top: 0, height: 0, tops: [0], window: { first: 0, end: 0 }, focus: null });

  const stats = useMemo(() => findingStats(findings), [findings]);
  const withOrigin = useMemo(() => showsHosts(channels), [channels]);
  const counts = useMemo(() => {
    const m = new Map<Pattern, number>();
    for (const c of channels) m.set(c.pattern, (m.get(c.pattern) ?? 0) + 1);
    return m;
  }, [channels]);
  const rows = useMemo(
    () => sortChannels(view.patterns.size === 0 ? channels : channels.filter((c) => view.patterns.has(c.pattern)), sort, stats),
    [channels, view.patterns, sort, stats],
  );
  const chips = PATTERNS.filter((p) => counts.has(p) || view.patterns.has(p));
  const hidden = channels.length - rows.length;
  const tabStop =
    rows.find((c) => c.key === focusKey)?.key ?? rows.find((c) => view.channels.has(c.key))?.key ?? rows[0]?.key ?? null;

  const select = (key: string, toggle: boolean): void => {
    const current = view.channels;
    if (toggle) {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      update({ channels: next });
    } else {
      update({ channels: current.size === 1 && current.has(key) ? new Set() : new Set([key]) });
    }
  };
  const togglePattern = (p: Pattern): void => {
    const next = new Set(view.patterns);
    if (!next.delete(p)) next.add(p);
    update({ patterns: next });
  };
  const notes = useMemo(() => rows.map((c) => (c.stream ? streamNote(c, channels) : null)), [rows, channels]);
  const tops = useMemo(() => {
    const t = [0];
    for (const note of notes) t.push(t[t.length - 1]! + (note ? NOTE_ROW_HEIGHT : ROW_HEIGHT));
    return t;
  }, [notes]);
  const windowed = rows.length > FULL_ROWS;
  const windowFor = (t: readonly number[]): RowWindow => {
    const p = port.current;
    if (t.length - 1 <= FULL_ROWS) return { first: 0, end: t.length - 1 };
    return rowWindowAt(t, p.top, p.height > 0 ? p.height : 600, OVERSCAN);
  };
  port.current.tops = tops;
  const { first, end } = (port.current.window = windowFor(tops));

  useViewport(() => nav.current, body, port, () => windowFor(port.current.tops));
  // A row the keyboard moved to: focus it once it is in the DOM.
  useLayoutEffect(() => {
    const key = port.current.focus;
    if (key === null) return;
    const tr = [...(body.current?.rows ?? [])].find((r) => r.dataset['key'] === key);
    if (!tr) return;
    port.current.focus = null;
    tr.focus();
    tr.scrollIntoView?.({ block: 'nearest' });
  });

  const focusRow = (key: string): void => {
    setFocusKey(key);
    const tr = [...(body.current?.rows ?? [])].find((r) => r.dataset['key'] === key);
    if (tr) {
      tr.focus();
      tr.scrollIntoView?.({ block: 'nearest' });
      return;
    }
    // Outside the window: scroll it into view (below the sticky header), render that window, then
    // focus it (the effect above).
    const scroller = nav.current;
    const tbody = body.current;
    const i = rows.findIndex((c) => c.key === key);
    if (!scroller || !tbody || i < 0) return;
    const p = port.current;
    const offset = bodyTop(scroller, tbody);
    const head = tbody.previousElementSibling?.getBoundingClientRect().height ?? 0;
    if (offset + tops[i]! < scroller.scrollTop + head) scroller.scrollTop = offset + tops[i]! - head;
    else scroller.scrollTop = offset + tops[i + 1]! - scroller.clientHeight;
    p.top = scroller.scrollTop - offset;
    p.focus = key;
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    const key = (e.target as HTMLElement | null)?.closest?.('tr')?.dataset['key'];
    if (key === undefined) return;
    const i = rows.findIndex((c) => c.key === key);
    const go = (j: number): void => {
      const c = rows[Math.max(0, Math.min(rows.length - 1, j))];
      if (c) focusRow(c.key);
    };
    switch (e.key) {
      case 'ArrowDown':
        go(i + 1);
        break;
      case 'ArrowUp':
        go(i - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(rows.length - 1);
        break;
      case ' ':
        select(key, true);
        break;
      case 'Enter':
        select(key, e.ctrlKey || e.metaKey);
        break;
      case 'Escape':
        if (view.channels.size === 0) return;
        update({ channels: new Set() });
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const shown = rows.slice(first, end);
  // Tab reaches the list even when the row holding the tab stop is outside the window.
  const tabKey = shown.some((c) => c.key === tabStop) ? tabStop : (shown[0]?.key ?? null);
  return (
    <nav ref={nav} class="channel-list" data-testid="channel-list" aria-label="Channels">
      <div class="channel-chips" role="group" aria-label="Filter channels by pattern">
        <button
          type="button"
          class="chip"
          data-testid="channel-all"
          aria-pressed={view.channels.size === 0 && view.patterns.size === 0}
          title="Show every channel: clears the selection and the pattern filter"
          onClick={() => update({ channels: new Set(), patterns: new Set() })}
        >
          All <span class="chip-count">{channels.length}</span>
        </button>
        {chips.map((p) => (
          <button
            key={p}
            type="button"
            class={`chip pattern-${p}`}
            data-testid="pattern-chip"
            data-pattern={p}
            aria-pressed={view.patterns.has(p)}
            title={view.patterns.has(p) ? `Stop showing only ${PATTERN_LABEL[p]}` : `Show ${PATTERN_LABEL[p]} channels`}
            onClick={() => togglePattern(p)}
          >
            {PATTERN_LABEL[p]} <span class="chip-count">{counts.get(p) ?? 0}</span>
          </button>
        ))}
      </div>
      {view.channels.size > 0 && (
        <p class="channel-selection note" data-testid="channel-selection" role="status">
          {view.channels.size} selected ·{' '}
          <button type="button" class="link" onClick={() => update({ channels: new Set() })}>
            show all
          </button>
        </p>
      )}
      <table
        class="channel-table"
        role="grid"
        aria-multiselectable="true"
        aria-label="Channels"
        aria-rowcount={windowed ? rows.length + 1 : undefined}
        data-testid="channel-table"
        data-rows={String(rows.length)}
      >
        <thead role="rowgroup">
          <tr role="row">
            {COLUMNS.map((col) => (
              <th
                key={col.key}
                role="columnheader"
                class={`col-${col.key}${col.num ? ' num' : ''}`}
                aria-sort={sort.key === col.key ? sort.dir : 'none'}
                scope="col"
              >
                <button
                  type="button"
                  class="sort"
                  data-testid={`sort-${col.key}`}
                  title={col.title}
                  onClick={() => setSort((s) => nextSort(s, col.key))}
                >
                  {col.short ? (
                    <>
                      <span aria-hidden="true">{col.short}</span>
                      <span class="visually-hidden">{col.label}</span>
                    </>
                  ) : (
                    col.label
                  )}
                  <span class="sort-mark" aria-hidden="true">
                    {sort.key === col.key ? (sort.dir === 'ascending' ? ' ▲' : ' ▼') : ''}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody
          role="rowgroup"
          ref={body}
          onKeyDown={onKeyDown}
          style={windowed ? { paddingTop: `${tops[first]}px`, paddingBottom: `${tops[rows.length]! - tops[end]!}px` } : undefined}
        >
          {shown.map((c, k) => {
            const selected = view.channels.has(c.key);
            const rate = rateOf(c);
            const s = stats.get(c.key);
            const note = notes[first + k]!;
            const name = channelName(c, withOrigin);
            return (
              <tr
                key={c.key}
                role="row"
                class={`channel-row${selected ? ' selected' : ''}${note ? ' with-note' : ''}`}
                data-testid="channel-row"
                data-key={c.key}
                data-pattern={c.pattern}
                data-transport={c.transport}
                data-selected={String(selected)}
                data-rate={rate.perMin === null ? '' : String(rate.perMin)}
                data-bytes={String(bytesOf(c))}
                data-findings={String(s?.count ?? 0)}
                aria-selected={selected}
                aria-rowindex={windowed ? first + k + 2 : undefined}
                tabIndex={c.key === tabKey ? 0 : -1}
                onFocus={() => setFocusKey(c.key)}
                onClick={(e) => select(c.key, e.ctrlKey || e.metaKey)}
              >
                <td role="gridcell" class="col-pattern">
                  <PatternBadge channel={c} />
                </td>
                <td role="gridcell" class="col-name channel-name" title={`${c.method} ${c.origin}${c.template}\n${c.reason}`}>
                  <div class="channel-line">
                    <span class="transport" title={c.transport}>
                      {TRANSPORT_LABEL[c.transport]}
                    </span>{' '}
                    <span class="template" data-testid="channel-template">
                      {name}
                    </span>
                  </div>
                  <div class="channel-sub">{evidenceLine(c)}</div>
                  {note && (
                    <div class="stream-note" data-testid="stream-note">
                      {note}
                    </div>
                  )}
                </td>
                {rate.perMin === null ? (
                  <td
                    role="gridcell"
                    class="col-rate num"
                    title={`${rate.count} ${rate.unit === 'msg' ? 'messages' : 'requests'}: too few, or too close together, for a rate a minute`}
                  >
                    {rate.count}
                    <span class="unit">{rate.unit === 'msg' ? ' msg' : ' req'}</span>
                  </td>
                ) : (
                  <td role="gridcell" class="col-rate num" title={`${perMin(rate.perMin)} ${rate.unit === 'msg' ? 'messages' : 'requests'} a minute`}>
                    {perMin(rate.perMin)}
                    <span class="unit">{rate.unit === 'msg' ? ' msg' : ' req'}/min</span>
                  </td>
                )}
                <td role="gridcell" class="col-bytes num" title={`${formatBytes(c.evidence.bytesDown)} down, ${formatBytes(c.evidence.bytesUp)} up`}>
                  {formatBytes(bytesOf(c))}
                </td>
                <td role="gridcell" class="col-findings num">
                  {s && (
                    <span
                      class={`finding-count severity-${s.worst}`}
                      data-testid="channel-findings"
                      data-severity={s.worst}
                      aria-label={`${s.count} finding${s.count === 1 ? '' : 's'}, worst ${s.worst}`}
                      title={`${s.count} finding${s.count === 1 ? '' : 's'}, worst ${s.worst}`}
                    >
                      {s.count}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {channels.length === 0 && <p class="note">No channels yet: they appear as the page talks to its servers.</p>}
      {hidden > 0 && (
        <p class="note" data-testid="channels-hidden">
          {hidden} channel{hidden === 1 ? '' : 's'} hidden by the pattern filter
        </p>
      )}
    </nav>
  );
}

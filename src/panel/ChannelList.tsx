import { useMemo, useRef, useState } from 'preact/hooks';
import { PATTERNS, type ChannelView, type Pattern } from '../core/classify/types';
import type { Finding } from '../core/diagnose/types';
import { bytesOf, channelName, DEFAULT_SORT, findingStats, nextSort, rateOf, showsHosts, sortChannels, type Sort, type SortKey } from './channels/sort';
import { streamNote } from './channels/stream-note';
import { formatBytes, formatDuration } from './format';
import { PATTERN_LABEL, PatternBadge } from './PatternBadge';
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

/** Channel rows rendered at most (see `shown`). */
const MAX_ROWS = 300;

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
  if (e.messages > 0) parts.push(`${perMin(e.messagesPerMinDown)}↓ ${perMin(e.messagesPerMinUp)}↑ msg/min`);
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
  const focusRow = (key: string): void => {
    setFocusKey(key);
    const tr = [...(body.current?.rows ?? [])].find((r) => r.dataset['key'] === key);
    tr?.focus();
    tr?.scrollIntoView?.({ block: 'nearest' });
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

  // A page with thousands of endpoints: laying out every row on each live render cost seconds per
  // million messages in the bench. The first MAX_ROWS in the current order, plus the selection.
  const shown = rows.length <= MAX_ROWS ? rows : [...rows.slice(0, MAX_ROWS), ...rows.slice(MAX_ROWS).filter((c) => view.channels.has(c.key))];
  return (
    <nav class="channel-list" data-testid="channel-list" aria-label="Channels">
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
      <table class="channel-table" role="grid" aria-multiselectable="true" aria-label="Channels" data-testid="channel-table">
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
        <tbody role="rowgroup" ref={body} onKeyDown={onKeyDown}>
          {shown.map((c) => {
            const selected = view.channels.has(c.key);
            const rate = rateOf(c);
            const s = stats.get(c.key);
            const note = c.stream ? streamNote(c, channels) : null;
            const name = channelName(c, withOrigin);
            return (
              <tr
                key={c.key}
                role="row"
                class={`channel-row${selected ? ' selected' : ''}`}
                data-testid="channel-row"
                data-key={c.key}
                data-pattern={c.pattern}
                data-transport={c.transport}
                data-selected={String(selected)}
                data-rate={String(rate.perMin)}
                data-bytes={String(bytesOf(c))}
                data-findings={String(s?.count ?? 0)}
                aria-selected={selected}
                tabIndex={c.key === tabStop ? 0 : -1}
                onFocus={() => setFocusKey(c.key)}
                onClick={(e) => select(c.key, e.ctrlKey || e.metaKey)}
              >
                <td role="gridcell" class="col-pattern">
                  <PatternBadge channel={c} />
                </td>
                <td role="gridcell" class="col-name channel-name" title={`${c.method} ${c.origin}${c.template}\n${c.reason}`}>
                  <span class="transport" title={c.transport}>
                    {TRANSPORT_LABEL[c.transport]}
                  </span>{' '}
                  <span class="template" data-testid="channel-template">
                    {name}
                  </span>
                  <div class="channel-sub">{evidenceLine(c)}</div>
                  {note && (
                    <div class="stream-note" data-testid="stream-note">
                      {note}
                    </div>
                  )}
                </td>
                <td role="gridcell" class="col-rate num" title={`${perMin(rate.perMin)} ${rate.unit === 'msg' ? 'messages' : 'requests'} a minute`}>
                  {perMin(rate.perMin)}
                  <span class="unit">{rate.unit === 'msg' ? ' msg' : ' req'}/min</span>
                </td>
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
      {shown.length < rows.length && (
        <p class="note" data-testid="channels-capped">
          Showing the first {shown.length} of {rows.length} channels in this order; sort or filter by pattern to see others.
        </p>
      )}
      {channels.length === 0 && <p class="note">No channels yet: they appear as the page talks to its servers.</p>}
      {hidden > 0 && (
        <p class="note" data-testid="channels-hidden">
          {hidden} channel{hidden === 1 ? '' : 's'} hidden by the pattern filter
        </p>
      )}
    </nav>
  );
}

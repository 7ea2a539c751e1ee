/**
 * The channel list's order and numbers: pure, so the comparators are unit tested. Ties always
 * fall back to the name and then the key, so rows never swap places between renders.
 */
import { PATTERNS, type ChannelView } from '../../core/classify/types';
import { messagesPerMin } from '../../core/classify/rate';
import type { Finding, Severity } from '../../core/diagnose/types';

export type SortKey = 'pattern' | 'name' | 'rate' | 'bytes' | 'findings';
/** The `aria-sort` values, so a header can use its column's state as is. */
export type SortDir = 'ascending' | 'descending';

export interface Sort {
  readonly key: SortKey;
  readonly dir: SortDir;
}

export const DEFAULT_SORT: Sort = { key: 'pattern', dir: 'ascending' };

/** Direction a column takes on its first click: names A→Z, numbers biggest first. */
export const FIRST_DIR: Readonly<Record<SortKey, SortDir>> = {
  pattern: 'ascending',
  name: 'ascending',
  rate: 'descending',
  bytes: 'descending',
  findings: 'descending',
};

/** A header click: the same column flips, another column starts in its natural direction. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, dir: current.dir === 'ascending' ? 'descending' : 'ascending' };
  return { key, dir: FIRST_DIR[key] };
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 1, warning: 2, error: 3 };

export interface FindingStats {
  readonly count: number;
  readonly worst: Severity;
}

/** Per channel key: how many findings and the worst severity among them. */
export function findingStats(findings: readonly Finding[]): Map<string, FindingStats> {
  const out = new Map<string, FindingStats>();
  for (const f of findings) {
    const s = out.get(f.channel);
    const worst = s && SEVERITY_RANK[s.worst] >= SEVERITY_RANK[f.severity] ? s.worst : f.severity;
    out.set(f.channel, { count: (s?.count ?? 0) + 1, worst });
  }
  return out;
}

export interface Rate {
  /** Per minute; null below the minimum evidence for a rate (core/classify/rate.ts): show `count`. */
  readonly perMin: number | null;
  /** Requests (or connections) for HTTP patterns, messages for pushed ones. */
  readonly unit: 'req' | 'msg';
  readonly count: number;
}

const PUSHED: ReadonlySet<string> = new Set(['sse', 'streaming', 'websocket']);

/** What "rate" means for a channel: messages a minute when it pushes them, else requests a minute. */
export function rateOf(c: ChannelView): Rate {
  const e = c.evidence;
  if (PUSHED.has(c.pattern) && e.messages > 0) return { perMin: messagesPerMin(e), unit: 'msg', count: e.messages };
  return { perMin: e.requestsPerMin, unit: 'req', count: e.requests || e.connections };
}

export const bytesOf = (c: ChannelView): number => Math.max(0, c.evidence.bytesDown) + Math.max(0, c.evidence.bytesUp);

export function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}

/** Whether names need their host: the channels reach several servers (ws://h and http://h are one). */
export function showsHosts(channels: readonly ChannelView[]): boolean {
  return new Set(channels.map((c) => hostOf(c.origin))).size > 1;
}

/** The endpoint as shown: `template`, with the method when not GET and the host when several origins are listed. */
export function channelName(c: ChannelView, withOrigin: boolean): string {
  const method = c.method && c.method !== 'GET' && (c.transport === 'fetch' || c.transport === 'xhr') ? `${c.method} ` : '';
  const host = withOrigin ? hostOf(c.origin) : '';
  return `${method}${host}${c.template}`;
}

const byName = (a: ChannelView, b: ChannelView): number =>
  cmp(a.origin + a.template, b.origin + b.template) || cmp(a.transport, b.transport) || cmp(a.method, b.method) || cmp(a.key, b.key);

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The primary comparison of a column, ascending (no tie-break). */
export function primary(key: SortKey, stats: ReadonlyMap<string, FindingStats>): (a: ChannelView, b: ChannelView) => number {
  switch (key) {
    case 'pattern':
      return (a, b) => PATTERNS.indexOf(a.pattern) - PATTERNS.indexOf(b.pattern);
    case 'name':
      return byName;
    case 'rate':
      // A channel without a rate yet sorts below every rate, by its count.
      return (a, b) => {
        const x = rateOf(a);
        const y = rateOf(b);
        return (x.perMin ?? -1) - (y.perMin ?? -1) || (x.perMin === null && y.perMin === null ? x.count - y.count : 0);
      };
    case 'bytes':
      return (a, b) => bytesOf(a) - bytesOf(b);
    case 'findings':
      return (a, b) => {
        const x = stats.get(a.key);
        const y = stats.get(b.key);
        return (x ? SEVERITY_RANK[x.worst] : 0) - (y ? SEVERITY_RANK[y.worst] : 0) || (x?.count ?? 0) - (y?.count ?? 0);
      };
  }
}

/** The comparator for a sort: the column in its direction, then the name A→Z (stable across renders). */
export function comparator(sort: Sort, stats: ReadonlyMap<string, FindingStats>): (a: ChannelView, b: ChannelView) => number {
  const p = primary(sort.key, stats);
  const sign = sort.dir === 'ascending' ? 1 : -1;
  return (a, b) => sign * p(a, b) || byName(a, b);
}

export function sortChannels(
  channels: readonly ChannelView[],
  sort: Sort,
  stats: ReadonlyMap<string, FindingStats>,
): ChannelView[] {
  return [...channels].sort(comparator(sort, stats));
}

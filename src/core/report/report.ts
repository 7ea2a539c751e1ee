/**
 * The report: what the CLI prints (`--json` is a public contract, see docs/product.md "Command
 * line"), what `log._polltergeist` holds in our HAR files, and its plain-text rendering.
 * Change the JSON shape only together with a `version` bump.
 */
import type { Transport } from '../protocol';
import { Capture } from '../store/capture';
import type { CaptureSource } from '../store/capture-source';
import { messagesPerMin } from '../classify/rate';
import { PATTERNS, type ChannelView, type Evidence, type LogicalStream, type Pattern } from '../classify/types';
import { diagnose } from '../diagnose/diagnose';
import type { Finding, RuleId, Severity } from '../diagnose/types';
import { formatBytes, formatDuration, formatPct, formatRate } from '../format/numbers';

export const REPORT_VERSION = 1;

/** One channel: identity, label, and every evidence number flattened in (null = not enough data). */
export type ReportChannel = {
  readonly key: string;
  readonly url: string;
  readonly transport: Transport;
  readonly pattern: Pattern;
  readonly confidence: number;
  readonly template: string;
  readonly method: string;
  readonly origin: string;
  /** The classifier's reason in words ("12 requests every 1.00 s ±4%, answered in 12 ms"). */
  readonly reason: string;
} & Evidence;

/** One finding: rule, severity, channel key, message, suggestion, and its numbers flattened in. */
export type ReportFinding = {
  readonly rule: RuleId;
  readonly severity: Severity;
  readonly channel: string;
  readonly message: string;
  readonly suggestion: string;
} & { readonly [number: string]: string | number };

/** Channels that carry one session over several transports (an Engine.IO upgrade, a fallback). */
export interface ReportStream {
  readonly id: string;
  readonly link: 'session' | 'fallback';
  readonly session: string;
  readonly steps: readonly {
    readonly channel: string;
    readonly pattern: Pattern;
    readonly transport: Transport;
    readonly from: number;
    readonly to: number;
  }[];
}

export interface Report {
  readonly version: typeof REPORT_VERSION;
  readonly channels: readonly ReportChannel[];
  readonly findings: readonly ReportFinding[];
  /** Present only when some channels form a logical stream. */
  readonly streams?: readonly ReportStream[];
}

/**
 * Classifies and diagnoses a capture: its sources' events through the one ingest path
 * (`Capture.ingestSources`: merged in time order), classification only.
 */
export function analyze(sources: readonly CaptureSource[]): Report {
  const capture = new Capture({ keep: false });
  capture.ingestSources(sources);
  return reportOf(capture);
}

/** The report of what a capture has ingested (a HAR streamed into it, for one). */
export function reportOf(capture: Capture): Report {
  const classifier = capture.classifier;
  const views = classifier.channels();
  const findings = diagnose(views).map(toReportFinding);
  const channels = views.map(toReportChannel).sort(compareChannels);
  const streams = classifier.streams().map(toReportStream);
  return streams.length
    ? { version: REPORT_VERSION, channels, findings, streams }
    : { version: REPORT_VERSION, channels, findings };
}

function toReportChannel(ch: ChannelView): ReportChannel {
  return {
    key: ch.key,
    url: ch.url,
    transport: ch.transport,
    pattern: ch.pattern,
    confidence: ch.confidence,
    ...ch.evidence,
    template: ch.template,
    method: ch.method,
    origin: ch.origin,
    reason: ch.reason,
  };
}

function toReportFinding(f: Finding): ReportFinding {
  return {
    ...f.numbers,
    rule: f.rule,
    severity: f.severity,
    channel: f.channel,
    message: f.message,
    suggestion: f.suggestion,
  };
}

function toReportStream(s: LogicalStream): ReportStream {
  return {
    id: s.id,
    link: s.link,
    session: s.session,
    steps: s.steps.map((st) => ({ channel: st.channel, pattern: st.pattern, transport: st.transport, from: st.from, to: st.to })),
  };
}

/** Events per minute a channel costs: requests for HTTP, messages both ways for sockets and streams. */
function rateOf(ch: ReportChannel): number {
  const messages = messageRate(ch) ?? 0;
  return ch.transport === 'fetch' || ch.transport === 'xhr' ? Math.max(ch.requestsPerMin ?? 0, messages) : messages;
}

const messageRate = messagesPerMin;

/** Recurring traffic before one-off, then the busiest first; pattern and key make it stable. */
function compareChannels(a: ReportChannel, b: ReportChannel): number {
  const oneOff = Number(a.pattern === 'one-off') - Number(b.pattern === 'one-off');
  return (
    oneOff ||
    rateOf(b) - rateOf(a) ||
    PATTERNS.indexOf(a.pattern) - PATTERNS.indexOf(b.pattern) ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };

/** The most severe finding's severity, null without findings (the CLI's `--fail-on`). */
export function worstSeverity(r: Report): Severity | null {
  let worst: Severity | null = null;
  for (const f of r.findings) if (worst === null || SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]) worst = f.severity;
  return worst;
}

/* ------------------------------------------------------------------ text */

export interface FormatOptions {
  /** Characters per line; the endpoint column and wrapped messages fit in it. */
  readonly width?: number;
}

const DEFAULT_WIDTH = 100;

/**
 * The report for a terminal: the channel table (pattern, transport, endpoint template, rate, the
 * evidence that earned the label, messages, bytes) and the findings with their suggestions.
 * Plain ASCII, no colours: it goes to CI logs and pipes as often as to a TTY.
 */
export function formatReport(r: Report, opts: FormatOptions = {}): string {
  const width = Math.max(60, Math.floor(opts.width ?? DEFAULT_WIDTH));
  const lines: string[] = [];
  const recurring = r.channels.filter((c) => c.pattern !== 'one-off').length;
  lines.push(
    `${plural(r.channels.length, 'channel')} (${recurring} recurring, ${r.channels.length - recurring} one-off), ${plural(
      r.findings.length,
      'finding',
    )}${severityCounts(r)}`,
  );
  lines.push('');
  if (r.channels.length === 0) lines.push('No fetch, XHR, EventSource or WebSocket traffic in this capture.');
  else lines.push(...channelTable(r.channels, width));
  for (const s of r.streams ?? []) {
    lines.push('');
    lines.push(`stream ${s.session ? `(session ${s.session})` : `(${s.link})`}: ${s.steps.map((st) => `${st.pattern} over ${st.transport}`).join(' -> ')}`);
  }
  lines.push('');
  if (r.findings.length === 0) {
    lines.push('No findings.');
  } else {
    lines.push('FINDINGS');
    const byKey = new Map(r.channels.map((c) => [c.key, c]));
    for (const f of r.findings) {
      const ch = byKey.get(f.channel);
      lines.push(cut(`  ${f.severity.toUpperCase().padEnd(7)}  ${f.rule}  ${ch ? endpointOf(ch) : f.channel}`, width));
      for (const l of wrap(f.message, width - 11)) lines.push(`           ${l}`);
      for (const [i, l] of wrap(f.suggestion, width - 16).entries()) lines.push(`           ${i ? '     ' : 'fix: '}${l}`);
    }
  }
  return lines.join('\n') + '\n';
}

function severityCounts(r: Report): string {
  const counts = new Map<Severity, number>();
  for (const f of r.findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  const parts = (['error', 'warning', 'info'] as const).filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/**
 * One line per channel (pattern, transport, rate, messages, bytes, then the endpoint, cut to the
 * width), and under it the evidence that earned the label.
 */
function channelTable(channels: readonly ReportChannel[], width: number): string[] {
  const head = ['PATTERN', 'TRANSPORT', 'RATE', 'MSGS', 'BYTES DOWN/UP', 'ENDPOINT'];
  const rows = channels.map((c) => [
    c.pattern,
    c.transport,
    rateText(c),
    String(c.messages),
    `${formatBytes(c.bytesDown)} / ${formatBytes(c.bytesUp)}`,
    endpointOf(c),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const right = new Set([2, 3]);
  const indent = widths[0]! + 2;
  const line = (cells: readonly string[]): string => {
    const text = cells
      .map((cell, i) => (i === cells.length - 1 ? cell : right.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ');
    return cut(text, width);
  };
  const out = [line(head)];
  channels.forEach((c, i) => {
    out.push(line(rows[i]!));
    for (const l of wrap(evidenceText(c), width - indent)) out.push(`${' '.repeat(indent)}${l}`);
  });
  return out;
}

/** "GET 127.0.0.1:8080/api/items/:id" for HTTP, "wss://host/socket" for sockets and EventSources. */
function endpointOf(c: ReportChannel): string {
  const host = c.origin.replace(/^https?:\/\//, '');
  if (c.transport === 'fetch' || c.transport === 'xhr') return `${c.method} ${host}${c.template}`;
  return `${c.origin}${c.template}`;
}

function rateText(c: ReportChannel): string {
  // Below the minimum evidence for a rate, the count: "3 requests", not "4500 req/min".
  if (c.transport === 'fetch' || c.transport === 'xhr') {
    if (c.pattern === 'sse' || c.pattern === 'streaming') {
      return c.messagesPerMinDown === null ? plural(c.messagesDown, 'message') : `${formatRate(c.messagesPerMinDown)} msg/min`;
    }
    return c.requestsPerMin === null ? plural(c.requests, 'request') : `${formatRate(c.requestsPerMin)} req/min`;
  }
  const rate = messageRate(c);
  return rate === null ? plural(c.messages, 'message') : `${formatRate(rate)} msg/min`;
}

/** The numbers that earned the label, in a few words. */
function evidenceText(c: ReportChannel): string {
  const ms = (x: number | null): string => (x === null ? '?' : formatDuration(x));
  switch (c.pattern) {
    case 'polling': {
      const spread = c.intervalDispersion === null ? '' : ` ±${formatPct(c.intervalDispersion)}`;
      const hold = c.medianHoldMs === null ? '' : `, answered in ${ms(c.medianHoldMs)}`;
      const same = c.identicalShare === null ? '' : `, ${formatPct(c.identicalShare)} identical`;
      return `every ${ms(c.medianIntervalMs)}${spread}${hold}${same}`;
    }
    case 'long-polling':
      return `held ${ms(c.medianHoldMs)}, next after ${ms(c.medianGapMs === null ? null : Math.max(0, c.medianGapMs))}`;
    case 'sse':
    case 'streaming': {
      const conn = c.connections > 1 ? `, ${c.connections} connections` : '';
      const held = c.medianHoldMs === null ? '' : `, held ${ms(c.medianHoldMs)}`;
      const placed = c.placedMessages > 0 ? ` (${c.placedMessages} with placed times)` : '';
      return `${plural(c.messagesDown, c.pattern === 'sse' ? 'event' : 'message')}${placed}${held}${conn}`;
    }
    case 'websocket':
      return c.messagesPerMinUp === null || c.messagesPerMinDown === null
        ? `${c.messagesUp} up + ${c.messagesDown} down, ${plural(c.connections, 'connection')}`
        : `${formatRate(c.messagesPerMinUp)} up + ${formatRate(c.messagesPerMinDown)} down/min, ${plural(c.connections, 'connection')}`;
    case 'one-off':
      return c.requests > 0 ? plural(c.requests, 'request') : plural(c.connections, 'connection');
  }
}

/** A line cut to the width, with "..." where it was cut. */
function cut(line: string, width: number): string {
  return line.length > width ? `${line.slice(0, width - 3)}...` : line;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Greedy word wrap; a word longer than the line is cut. */
function wrap(text: string, width: number): string[] {
  const w = Math.max(20, width);
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (rest.length > w) {
      if (line) out.push(line);
      out.push(rest.slice(0, w));
      rest = rest.slice(w);
      line = '';
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= w) line += ` ${rest}`;
    else {
      out.push(line);
      line = rest;
    }
  }
  if (line) out.push(line);
  return out;
}

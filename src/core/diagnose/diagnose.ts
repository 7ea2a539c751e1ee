/**
 * The diagnostics: every rule over every channel (and connection-limit over each origin's
 * channels), most urgent first. Pure, so the panel, the CLI and the tests run the same code.
 */
import type { ChannelView } from '../classify/types';
import type { Finding, RuleId, Severity } from './types';
import { chattyPolling } from './rules/chatty-polling';
import { connectionLimit } from './rules/connection-limit';
import { headerOverhead } from './rules/header-overhead';
import { hiddenTabPolling } from './rules/hidden-tab-polling';
import { messageFlood } from './rules/message-flood';
import { noConditionalRequests } from './rules/no-conditional-requests';
import { reconnectStorm } from './rules/reconnect-storm';
import { shortLongPoll } from './rules/short-long-poll';

/** Rules judged one channel at a time; connection-limit needs a whole origin and runs apart. */
const CHANNEL_RULES: readonly ((ch: ChannelView) => Finding | null)[] = [
  chattyPolling,
  reconnectStorm,
  shortLongPoll,
  messageFlood,
  hiddenTabPolling,
  noConditionalRequests,
  headerOverhead,
];

/** Tie-break when severity, waste and rate are equal: the more actionable rule first. */
const RULE_ORDER: readonly RuleId[] = [
  'connection-limit',
  'chatty-polling',
  'reconnect-storm',
  'short-long-poll',
  'message-flood',
  'hidden-tab-polling',
  'no-conditional-requests',
  'header-overhead',
];

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

export function diagnose(channels: readonly ChannelView[]): Finding[] {
  const findings: Finding[] = [];
  for (const ch of channels) {
    for (const rule of CHANNEL_RULES) {
      const f = rule(ch);
      if (f) findings.push(f);
    }
  }
  for (const [origin, group] of byOrigin(channels)) {
    const f = connectionLimit(origin, group);
    if (f) findings.push(f);
  }
  return findings.sort(compare);
}

function byOrigin(channels: readonly ChannelView[]): Map<string, ChannelView[]> {
  const out = new Map<string, ChannelView[]>();
  for (const ch of channels) {
    const group = out.get(ch.origin);
    if (group) group.push(ch);
    else out.set(ch.origin, [ch]);
  }
  return out;
}

/** Bytes a finding says are spent for nothing each minute (0 when the rule is not about bytes). */
function wastedBytes(f: Finding): number {
  return f.numbers.wastedBytesPerMin ?? f.numbers.headerBytesPerMin ?? 0;
}

/** Events per minute behind a finding: requests, hidden requests or messages. */
function rate(f: Finding): number {
  const n = f.numbers;
  return n.requestsPerMin ?? n.hiddenRequestsPerMin ?? (n.peakMessagesPerSec ?? 0) * 60;
}

/** Severity, then what it wastes, then how often, then a fixed rule order and the key, so output is stable. */
function compare(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    wastedBytes(b) - wastedBytes(a) ||
    rate(b) - rate(a) ||
    RULE_ORDER.indexOf(a.rule) - RULE_ORDER.indexOf(b.rule) ||
    (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0)
  );
}

/**
 * Test helper: a ChannelView of a healthy poller (every 5 s, answers mostly changing, ETags,
 * HTTP/2) that no rule fires on, so each test states only the facts its rule is about.
 * Not imported by product code.
 */
import type { ChannelFacts, ChannelView, Evidence } from '../classify/types';

export interface ChannelOverrides extends Partial<Omit<ChannelView, 'evidence' | 'facts'>> {
  readonly evidence?: Partial<Evidence>;
  readonly facts?: Partial<ChannelFacts>;
}

const T0 = 1_700_000_000_000;

export function channel(o: ChannelOverrides = {}): ChannelView {
  const origin = o.origin ?? 'https://api.example.com';
  const template = o.template ?? '/status';
  const transport = o.transport ?? 'fetch';
  const method = o.method ?? 'GET';
  const evidence: Evidence = {
    requests: 13,
    connections: 13,
    messages: 0,
    messagesUp: 0,
    messagesDown: 0,
    medianIntervalMs: 5000,
    intervalDispersion: 0.02,
    regularShare: 1,
    medianHoldMs: 40,
    medianGapMs: 4960,
    maxInFlight: 1,
    requestsPerMin: 12,
    messagesPerMinUp: 0,
    messagesPerMinDown: 0,
    bytesUp: 13 * 400,
    bytesDown: 13 * 2200,
    identicalShare: 0.25,
    errors: 0,
    placedMessages: 0,
    spanMs: 60_000,
    ...o.evidence,
  };
  const facts: ChannelFacts = {
    protocol: 'h2',
    hiddenStarts: 0,
    hiddenMedianIntervalMs: null,
    responsesWithValidators: 13,
    conditionalRequests: 0,
    notModified: 0,
    compared: 12,
    identical: 3,
    identicalBytes: 3 * 2000,
    medianHeaderBytesUp: 400,
    medianHeaderBytesDown: 200,
    medianBodyBytesUp: 0,
    medianBodyBytesDown: 2000,
    reconnectDelaysMs: [],
    failingStreak: 0,
    closeCodes: [],
    medianMessageBytes: null,
    peakMessagesPerSecUp: 0,
    peakMessagesPerSecDown: 0,
    heldShare: null,
    lifetimes: [],
    ...o.facts,
  };
  const { evidence: _e, facts: _f, ...rest } = o;
  return {
    key: `${transport} ${method} ${origin}${template}`,
    transport,
    method,
    origin,
    template,
    url: `${origin}${template}`,
    volatileKeys: [],
    pattern: 'polling',
    confidence: 0.9,
    reason: '',
    labelledAt: T0,
    history: [],
    stream: '',
    firstAt: T0,
    lastAt: T0 + evidence.spanMs,
    connectionKeys: [],
    ...rest,
    evidence,
    facts,
  };
}

export { T0 };

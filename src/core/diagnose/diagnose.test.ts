import { describe, expect, it } from 'vitest';
import type { ChannelView } from '../classify/types';
import { diagnose } from './diagnose';
import { T0, channel } from './test-channel';

/** A poller once a second whose answers never change: chatty (error), hidden, no validators, header-heavy. */
const hammer = channel({
  template: '/api/notifications/count',
  evidence: { requests: 121, requestsPerMin: 60, medianIntervalMs: 1000, identicalShare: 1, spanMs: 120_000 },
  facts: {
    protocol: 'http/1.1',
    compared: 120,
    identical: 120,
    identicalBytes: 120 * 20,
    responsesWithValidators: 0,
    hiddenStarts: 30,
    hiddenMedianIntervalMs: 1000,
    medianBodyBytesDown: 20,
  },
});

describe('diagnose', () => {
  it('finds nothing wrong with a healthy poller', () => {
    expect(diagnose([channel()])).toEqual([]);
    expect(diagnose([])).toEqual([]);
  });

  it('lists every rule that applies to a channel, errors first', () => {
    const findings = diagnose([hammer]);
    expect(findings.map((f) => f.rule)).toEqual([
      'chatty-polling',
      'hidden-tab-polling',
      'header-overhead',
      'no-conditional-requests',
    ]);
    expect(findings[0]!.severity).toBe('error');
    expect(findings[0]!.message).toContain('(60/min); 100% of answers identical');
    expect(findings.every((f) => f.channel === hammer.key)).toBe(true);
  });

  it('orders equal severities by the bytes they waste', () => {
    const small = channel({
      template: '/small',
      evidence: { requests: 31, requestsPerMin: 30, identicalShare: 0.9, spanMs: 60_000 },
      facts: { compared: 30, identical: 27, identicalBytes: 27 * 100 },
    });
    const big = channel({
      template: '/big',
      evidence: { requests: 31, requestsPerMin: 30, identicalShare: 0.9, spanMs: 60_000 },
      facts: { compared: 30, identical: 27, identicalBytes: 27 * 50_000 },
    });
    const findings = diagnose([small, big]).filter((f) => f.rule === 'chatty-polling');
    expect(findings.map((f) => f.channel)).toEqual([big.key, small.key]);
  });

  it('checks the connection limit per origin, not across origins', () => {
    const sse = (origin: string, n: number): ChannelView =>
      channel({
        origin,
        template: '/events',
        transport: 'eventsource',
        pattern: 'sse',
        facts: { protocol: 'http/1.1', lifetimes: Array.from({ length: n }, (_, i) => [T0 + i, null] as const) },
      });
    expect(diagnose([sse('http://a.test', 3), sse('http://b.test', 3)])).toEqual([]);
    const [f] = diagnose([sse('http://a.test', 4), channel({ ...sse('http://a.test', 2), template: '/chat' })]);
    expect(f!.rule).toBe('connection-limit');
    expect(f!.channel).toBe('eventsource GET http://a.test/events');
  });

  it('never puts NaN, Infinity or undefined in a message or a number, whatever the facts', () => {
    const spans = [0, 1, 60_000];
    const rates = [0, 12, 1e6];
    const nullable = [null, 0, 300];
    const findings = [];
    for (const spanMs of spans) {
      for (const requestsPerMin of rates) {
        for (const m of nullable) {
          for (const pattern of ['polling', 'long-polling', 'sse', 'websocket'] as const) {
            findings.push(
              ...diagnose([
                channel({
                  pattern,
                  transport: pattern === 'websocket' ? 'websocket' : pattern === 'sse' ? 'eventsource' : 'fetch',
                  evidence: { requests: 10, requestsPerMin, spanMs, medianIntervalMs: m, medianHoldMs: m, identicalShare: m === null ? null : 1 },
                  facts: {
                    protocol: 'http/1.1',
                    compared: 9,
                    identical: 9,
                    identicalBytes: 900,
                    responsesWithValidators: 0,
                    hiddenStarts: 5,
                    hiddenMedianIntervalMs: m,
                    medianHeaderBytesUp: m,
                    medianHeaderBytesDown: m,
                    medianBodyBytesUp: m === null ? null : 0,
                    medianBodyBytesDown: m === null ? null : 0,
                    medianMessageBytes: m,
                    peakMessagesPerSecDown: 1e6,
                    failingStreak: 5,
                    reconnectDelaysMs: [0, 0, 0],
                    lifetimes: Array.from({ length: 7 }, () => [T0, null] as const),
                  },
                }),
              ]),
            );
          }
        }
      }
    }
    expect(findings.length).toBeGreaterThan(100);
    for (const f of findings) {
      expect(f.message, f.rule).not.toMatch(/NaN|Infinity|undefined|\?/);
      expect(f.suggestion, f.rule).not.toMatch(/NaN|Infinity|undefined/);
      for (const [k, v] of Object.entries(f.numbers)) expect(Number.isFinite(v), `${f.rule}.${k}`).toBe(true);
    }
    // Every rule was exercised by the sweep.
    expect(new Set(findings.map((f) => f.rule)).size).toBe(8);
  });
});

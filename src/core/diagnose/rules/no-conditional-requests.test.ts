import { describe, expect, it } from 'vitest';
import { channel } from '../test-channel';
import { noConditionalRequests } from './no-conditional-requests';

/** A minute of polling: 2 of 5 answers came back identical, 1 KB each, no validator anywhere. */
const bare = {
  evidence: { requests: 6, requestsPerMin: 6, identicalShare: 0.4, spanMs: 60_000 },
  facts: { compared: 5, identical: 2, identicalBytes: 2048, responsesWithValidators: 0, conditionalRequests: 0, notModified: 0 },
};

describe('no-conditional-requests', () => {
  it('reports the identical answers resent in full, as info when they are small', () => {
    const f = noConditionalRequests(channel(bare))!;
    expect(f.severity).toBe('info');
    expect(f.message).toBe(
      '2 of 5 answers identical (40%), resent in full without ETag, Last-Modified or If-None-Match: 2.0 kB/min of repeated bodies',
    );
    expect(f.numbers).toMatchObject({ identical: 2, compared: 5, identicalPct: 40, wastedBytesPerMin: 2048 });
    expect(f.suggestion).toMatch(/ETag/);
    expect(f.suggestion).toMatch(/304/);
  });

  it('is a warning once the repeated bodies reach 50 KB/min', () => {
    const big = channel({ ...bare, facts: { ...bare.facts, identicalBytes: 50 * 1024 } });
    expect(noConditionalRequests(big)!.severity).toBe('warning');
    expect(noConditionalRequests(big)!.message).toContain('51.2 kB/min');
    const under = channel({ ...bare, facts: { ...bare.facts, identicalBytes: 50 * 1024 - 1 } });
    expect(noConditionalRequests(under)!.severity).toBe('info');
  });

  it('needs two identical answers with a body to save', () => {
    expect(noConditionalRequests(channel({ ...bare, facts: { ...bare.facts, identical: 1 } }))).toBeNull();
    expect(noConditionalRequests(channel({ ...bare, facts: { ...bare.facts, identicalBytes: 0 } }))).toBeNull();
  });

  it('stays quiet when any validator, conditional request or 304 is seen', () => {
    expect(noConditionalRequests(channel({ ...bare, facts: { ...bare.facts, responsesWithValidators: 1 } }))).toBeNull();
    expect(noConditionalRequests(channel({ ...bare, facts: { ...bare.facts, conditionalRequests: 1 } }))).toBeNull();
    expect(noConditionalRequests(channel({ ...bare, facts: { ...bare.facts, notModified: 1 } }))).toBeNull();
  });

  it('covers polling only: a long-poll repeats timeouts and pings, streams and sockets have no polls', () => {
    expect(noConditionalRequests(channel({ ...bare, pattern: 'polling' }))).not.toBeNull();
    for (const pattern of ['long-polling', 'sse', 'streaming', 'websocket', 'one-off'] as const) {
      expect(noConditionalRequests(channel({ ...bare, pattern }))).toBeNull();
    }
  });

  it('survives a zero span and an unknown share', () => {
    const f = noConditionalRequests(channel({ evidence: { ...bare.evidence, spanMs: 0, identicalShare: null }, facts: bare.facts }))!;
    // Falls back to identical/compared (40%) × 6/min × 1024 B per identical body.
    expect(f.numbers.wastedBytesPerMin).toBeCloseTo(6 * 0.4 * 1024, 3);
    expect(f.message).not.toMatch(/NaN|Infinity|undefined/);
  });
});

import { describe, expect, it } from 'vitest';
import { channel } from '../test-channel';
import { chattyPolling } from './chatty-polling';

/** 2 minutes of polling once a second: 121 requests, 113 of 120 answers identical (94%). */
const chatty = {
  evidence: { requests: 121, requestsPerMin: 60, medianIntervalMs: 1000, identicalShare: 113 / 120, spanMs: 120_000 },
  facts: {
    compared: 120,
    identical: 113,
    identicalBytes: 113 * 2000,
    medianHeaderBytesUp: 400,
    medianHeaderBytesDown: 200,
    responsesWithValidators: 0,
  },
};

describe('chatty-polling', () => {
  it('reports rate, identical share and the bytes wasted per minute', () => {
    const f = chattyPolling(channel(chatty));
    expect(f).not.toBeNull();
    // (113 bodies × 2000 B + 113 × 600 B of headers) over 2 min = 146,900 B/min.
    expect(f!.message).toBe('polled every 1.00 s (60/min); 94% of answers identical: 147 kB/min wasted');
    expect(f!.severity).toBe('error');
    expect(f!.numbers.requestsPerMin).toBe(60);
    expect(f!.numbers.identicalPct).toBeCloseTo(94.17, 1);
    expect(f!.numbers.wastedBytesPerMin).toBe(146_900);
    // Every poll's headers and the identical bodies, minus ~24 B per pushed change (8 changes).
    expect(f!.numbers.pushSavingBytesPerMin).toBe((121 * 600 + 113 * 2000 - 8 * 24) / 2);
  });

  it('suggests push, a longer interval from how often answers changed, and conditional requests when none are used', () => {
    const f = chattyPolling(channel(chatty))!;
    expect(f.suggestion).toMatch(/SSE/);
    expect(f.suggestion).toMatch(/WebSocket/);
    expect(f.suggestion).toMatch(/long-polling/);
    // 7 changes in 120 s: about every 17 s.
    expect(f.suggestion).toMatch(/changed only about every 17\.14 s/);
    expect(f.suggestion).toMatch(/If-None-Match/);
  });

  it('does not push conditional requests on a poller that already gets 304s', () => {
    const f = chattyPolling(channel({ ...chatty, facts: { ...chatty.facts, notModified: 100, identicalBytes: 0 } }))!;
    expect(f.suggestion).not.toMatch(/If-None-Match/);
    expect(f.suggestion).toMatch(/headers/);
    // Only the headers of the identical exchanges are wasted then: 113 × 600 B over 2 min.
    expect(f.numbers.wastedBytesPerMin).toBe(33_900);
  });

  it('is a warning below 60/min or below 80% identical', () => {
    const slower = channel({ ...chatty, evidence: { ...chatty.evidence, requestsPerMin: 59, medianIntervalMs: 1017 } });
    expect(chattyPolling(slower)!.severity).toBe('warning');
    const lessIdentical = channel({ ...chatty, evidence: { ...chatty.evidence, identicalShare: 0.79 } });
    expect(chattyPolling(lessIdentical)!.severity).toBe('warning');
    expect(chattyPolling(lessIdentical)!.message).toContain('79% of answers identical');
  });

  it('does not fire just below its thresholds', () => {
    expect(chattyPolling(channel({ ...chatty, evidence: { ...chatty.evidence, requestsPerMin: 11.9 } }))).toBeNull();
    expect(chattyPolling(channel({ ...chatty, evidence: { ...chatty.evidence, identicalShare: 0.49 } }))).toBeNull();
    // 2 of 2 identical is not yet a share.
    const two = channel({ ...chatty, evidence: { ...chatty.evidence, identicalShare: 1 }, facts: { ...chatty.facts, compared: 2, identical: 2 } });
    expect(chattyPolling(two)).toBeNull();
  });

  it('falls back to identical/compared when the evidence has no share, and stays quiet with nothing compared', () => {
    const noShare = { ...chatty.evidence, identicalShare: null };
    expect(chattyPolling(channel({ ...chatty, evidence: noShare }))!.message).toContain('94% of answers identical');
    expect(chattyPolling(channel({ evidence: noShare, facts: { ...chatty.facts, compared: 0, identical: 0 } }))).toBeNull();
  });

  it('fires at exactly 12/min and 50% identical with 3 compared', () => {
    const edge = channel({
      evidence: { requests: 4, requestsPerMin: 12, medianIntervalMs: 5000, identicalShare: 0.5, spanMs: 15_000 },
      facts: { compared: 3, identical: 2, identicalBytes: 4000 },
    });
    const f = chattyPolling(edge)!;
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('polled every 5.00 s (12/min); 50% of answers identical');
  });

  it('ignores channels that are not polling', () => {
    for (const pattern of ['long-polling', 'sse', 'websocket', 'one-off'] as const) {
      expect(chattyPolling(channel({ ...chatty, pattern }))).toBeNull();
    }
  });

  it('derives the interval from the rate when there is no median, and survives a zero span', () => {
    const f = chattyPolling(
      channel({ ...chatty, evidence: { ...chatty.evidence, medianIntervalMs: null, requestsPerMin: 30, spanMs: 0 } }),
    )!;
    expect(f.message).toMatch(/^polled every 2\.00 s \(30\/min\)/);
    expect(f.message).not.toMatch(/NaN|Infinity|undefined/);
    expect(Object.values(f.numbers).every(Number.isFinite)).toBe(true);
    // Per identical exchange 2600 B × 30/min × 94%.
    expect(f.numbers.wastedBytesPerMin).toBeCloseTo(2600 * 30 * (113 / 120), 0);
  });

  it('says the answer never changed when every answer was identical', () => {
    const all = channel({ ...chatty, evidence: { ...chatty.evidence, identicalShare: 1 }, facts: { ...chatty.facts, identical: 120 } });
    expect(chattyPolling(all)!.suggestion).toMatch(/never changed/);
  });
});

import { describe, expect, it } from 'vitest';
import { channel } from '../test-channel';
import { shortLongPoll } from './short-long-poll';

const lp = (medianHoldMs: number | null, requestsPerMin = 40) =>
  channel({ pattern: 'long-polling', template: '/poll', evidence: { medianHoldMs, requestsPerMin } });

describe('short-long-poll', () => {
  it('calls a long-poll held 250 ms polling in disguise, with its rate', () => {
    const f = shortLongPoll(lp(250))!;
    expect(f.severity).toBe('warning');
    expect(f.message).toBe('long-poll held only 250 ms on median, so it re-asks 40×/min: polling in disguise');
    expect(f.numbers).toEqual({ medianHoldMs: 250, requestsPerMin: 40 });
    expect(f.suggestion).toMatch(/Hold the request/);
  });

  it('is an error at 60 requests a minute or more', () => {
    expect(shortLongPoll(lp(100, 60))!.severity).toBe('error');
    expect(shortLongPoll(lp(100, 59))!.severity).toBe('warning');
  });

  it('does not fire from a 1 s hold up, without a hold, or for other patterns', () => {
    expect(shortLongPoll(lp(999))).not.toBeNull();
    expect(shortLongPoll(lp(1000))).toBeNull();
    expect(shortLongPoll(lp(null))).toBeNull();
    expect(shortLongPoll(channel({ pattern: 'polling', evidence: { medianHoldMs: 50 } }))).toBeNull();
  });

  it('stays quiet for an Engine.IO-style long-poll whose long holds alternate with instant answers', () => {
    const mixed = (heldShare: number) =>
      channel({ pattern: 'long-polling', evidence: { medianHoldMs: 245, requestsPerMin: 40 }, facts: { heldShare } });
    expect(shortLongPoll(mixed(0.4))).toBeNull();
    expect(shortLongPoll(mixed(0.2))).not.toBeNull();
  });
});

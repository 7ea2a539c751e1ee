import { describe, expect, it } from 'vitest';
import type { ChannelFacts } from '../../classify/types';
import { channel } from '../test-channel';
import { messageFlood } from './message-flood';

const socket = (facts: Partial<ChannelFacts>) =>
  channel({ transport: 'websocket', pattern: 'websocket', template: '/ticks', facts });

describe('message-flood', () => {
  it('reports the peak rate and the tiny median size', () => {
    const f = messageFlood(socket({ peakMessagesPerSecDown: 120, peakMessagesPerSecUp: 2, medianMessageBytes: 48 }))!;
    expect(f.severity).toBe('warning');
    expect(f.message).toBe('the server sent up to 120 messages/s, median 48 B each');
    expect(f.numbers).toMatchObject({ peakMessagesPerSec: 120, medianMessageBytes: 48 });
    expect(f.suggestion).toMatch(/Batch/);
  });

  it('names the page when it is the one flooding, and is an error at 500/s', () => {
    const f = messageFlood(socket({ peakMessagesPerSecUp: 600, medianMessageBytes: 20 }))!;
    expect(f.severity).toBe('error');
    expect(f.message).toContain('the page sent up to 600 messages/s');
  });

  it('does not fire below 50/s, above 256 B, or without messages', () => {
    expect(messageFlood(socket({ peakMessagesPerSecDown: 49, medianMessageBytes: 48 }))).toBeNull();
    expect(messageFlood(socket({ peakMessagesPerSecDown: 50, medianMessageBytes: 256 }))).not.toBeNull();
    expect(messageFlood(socket({ peakMessagesPerSecDown: 500, medianMessageBytes: 257 }))).toBeNull();
    expect(messageFlood(socket({ peakMessagesPerSecDown: 500, medianMessageBytes: null }))).toBeNull();
  });

  it('covers EventSource but not HTTP pollers', () => {
    const facts = { peakMessagesPerSecDown: 80, medianMessageBytes: 30 };
    expect(messageFlood(channel({ transport: 'eventsource', pattern: 'sse', facts }))).not.toBeNull();
    expect(messageFlood(channel({ transport: 'fetch', pattern: 'polling', facts }))).toBeNull();
  });
});

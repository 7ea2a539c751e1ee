import { describe, expect, it } from 'vitest';
import type { ChannelView, Pattern } from '../../classify/types';
import type { Transport } from '../../protocol';
import { T0, channel } from '../test-channel';
import { connectionLimit } from './connection-limit';

const ORIGIN = 'http://legacy.example.com';

/** A long-lived channel on ORIGIN with the given lifetimes (offsets from T0, null = still open). */
function held(
  template: string,
  lifetimes: (readonly [number, number | null])[],
  o: { pattern?: Pattern; transport?: Transport; protocol?: string } = {},
): ChannelView {
  return channel({
    origin: ORIGIN,
    template,
    transport: o.transport ?? 'eventsource',
    pattern: o.pattern ?? 'sse',
    facts: {
      protocol: o.protocol ?? 'http/1.1',
      lifetimes: lifetimes.map(([s, e]) => [T0 + s, e === null ? null : T0 + e] as const),
    },
  });
}

describe('connection-limit', () => {
  it('fires as an error at 6 open streams on HTTP/1.1 and blames the channel holding most', () => {
    const feeds = held('/feed', [[0, null], [10, null], [20, null], [30, null]]);
    const chat = held('/chat', [[5, null], [15, null]]);
    const f = connectionLimit(ORIGIN, [chat, feeds])!;
    expect(f.severity).toBe('error');
    expect(f.channel).toBe(feeds.key);
    expect(f.message).toBe(
      '6 long-lived requests open at once to http://legacy.example.com over HTTP/1.1 (4 of them GET /feed); ' +
        'the browser allows 6 per origin, so every other request to it waits',
    );
    expect(f.numbers).toEqual({ concurrent: 6, limit: 6, channels: 2, blamedOpen: 4 });
    expect(f.suggestion).toMatch(/HTTP\/2/);
  });

  it('does not fire at 5', () => {
    const five = held('/feed', [[0, null], [1, null], [2, null], [3, null], [4, null]]);
    expect(connectionLimit(ORIGIN, [five])).toBeNull();
  });

  it('counts a still-open request as concurrent with everything after it', () => {
    const forever = held('/events', [[0, null]]);
    // Five long-polls much later, overlapping each other but long after /events started.
    const polls = held('/poll', [[60_000, 90_000], [60_001, 90_000], [60_002, 90_000], [60_003, 90_000], [60_004, 90_000]], {
      transport: 'fetch',
      pattern: 'long-polling',
    });
    expect(connectionLimit(ORIGIN, [forever, polls])!.numbers.concurrent).toBe(6);
  });

  it('does not count back-to-back long-polls as concurrent (a new one starts as the last ends)', () => {
    const chain = Array.from({ length: 20 }, (_, i) => [i * 30_000, (i + 1) * 30_000] as const);
    const f = connectionLimit(ORIGIN, [held('/poll', chain, { transport: 'fetch', pattern: 'long-polling' })]);
    expect(f).toBeNull();
  });

  it('counts streaming fetches and EventSources whatever their label, but not WebSockets or pollers', () => {
    const open6 = [[0, null], [1, null], [2, null], [3, null], [4, null], [5, null]] as [number, null][];
    expect(connectionLimit(ORIGIN, [held('/s', open6, { transport: 'fetch', pattern: 'streaming' })])).not.toBeNull();
    expect(connectionLimit(ORIGIN, [held('/es', open6, { transport: 'eventsource', pattern: 'one-off' })])).not.toBeNull();
    expect(connectionLimit(ORIGIN, [held('/ws', open6, { transport: 'websocket', pattern: 'websocket' })])).toBeNull();
    expect(connectionLimit(ORIGIN, [held('/p', open6, { transport: 'fetch', pattern: 'polling' })])).toBeNull();
  });

  it('fires only for a known HTTP/1.x origin', () => {
    const open6 = [[0, null], [1, null], [2, null], [3, null], [4, null], [5, null]] as [number, null][];
    expect(connectionLimit(ORIGIN, [held('/a', open6, { protocol: 'h2' })])).toBeNull();
    expect(connectionLimit(ORIGIN, [held('/a', open6, { protocol: 'h3' })])).toBeNull();
    // Unknown protocol: most likely h2 on a modern site, so no error on a guess.
    expect(connectionLimit(ORIGIN, [held('/a', open6, { protocol: '' })])).toBeNull();
    expect(connectionLimit(ORIGIN, [held('/a', open6, { protocol: 'http/1.0' })])!.message).toContain('over HTTP/1.0');
    // One channel knows nothing, another says http/1.1: the origin is HTTP/1.1.
    const known = held('/a', open6.slice(0, 3));
    const unknown = held('/b', open6.slice(3), { protocol: '' });
    expect(connectionLimit(ORIGIN, [known, unknown])).not.toBeNull();
    // One says h2: the browser multiplexes to this origin.
    expect(connectionLimit(ORIGIN, [known, held('/b', open6.slice(3), { protocol: 'h2' })])).toBeNull();
  });

  it('does not fire without lifetimes', () => {
    expect(connectionLimit(ORIGIN, [held('/a', [])])).toBeNull();
    expect(connectionLimit(ORIGIN, [])).toBeNull();
  });
});

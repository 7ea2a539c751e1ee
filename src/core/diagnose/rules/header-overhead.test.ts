import { describe, expect, it } from 'vitest';
import type { ChannelFacts } from '../../classify/types';
import { channel } from '../test-channel';
import { headerOverhead } from './header-overhead';

const poll = (facts: Partial<ChannelFacts>, requestsPerMin = 60, requests = 20) =>
  channel({
    evidence: { requests, requestsPerMin },
    facts: { protocol: 'http/1.1', medianHeaderBytesUp: 600, medianHeaderBytesDown: 250, medianBodyBytesUp: 0, medianBodyBytesDown: 64, ...facts },
  });

describe('header-overhead', () => {
  it('reports headers against payload and the header bytes per minute', () => {
    const f = headerOverhead(poll({}))!;
    expect(f.severity).toBe('info');
    expect(f.message).toBe('each request carries 850 B of headers for 64 B of payload (93% overhead): 51.0 kB/min of headers');
    expect(f.numbers).toMatchObject({ headerBytes: 850, bodyBytes: 64, headerBytesPerMin: 51_000, requestsPerMin: 60 });
    expect(f.suggestion).toMatch(/cookie/);
  });

  it('is a warning on HTTP/1.1 from 64 KB/min, but info under HTTP/2 compression', () => {
    expect(headerOverhead(poll({}, 120))!.severity).toBe('warning');
    const h2 = headerOverhead(poll({ protocol: 'h2' }, 120))!;
    expect(h2.severity).toBe('info');
    expect(h2.message).toContain('before HTTP/2 header compression');
  });

  it('fires at 3× and not just under', () => {
    // 850 B of headers: a 283 B payload is under a third, 284 B is over.
    expect(headerOverhead(poll({ medianBodyBytesDown: 283 }))).not.toBeNull();
    expect(headerOverhead(poll({ medianBodyBytesDown: 284 }))).toBeNull();
  });

  it('needs four requests and some header size', () => {
    expect(headerOverhead(poll({}, 60, 3))).toBeNull();
    expect(headerOverhead(poll({ medianHeaderBytesUp: null, medianHeaderBytesDown: null }))).toBeNull();
  });

  it('treats an unknown body as empty and says so in numbers that stay finite', () => {
    const f = headerOverhead(poll({ medianBodyBytesUp: null, medianBodyBytesDown: null }))!;
    expect(f.message).toContain('850 B of headers for 0 B of payload (100% overhead)');
    expect(f.numbers.headerToBodyRatio).toBeUndefined();
    expect(Object.values(f.numbers).every(Number.isFinite)).toBe(true);
  });

  it('is about polling and long-polling only', () => {
    expect(headerOverhead(channel({ ...poll({}), pattern: 'long-polling' }))).not.toBeNull();
    for (const pattern of ['sse', 'streaming', 'websocket', 'one-off'] as const) {
      expect(headerOverhead(channel({ ...poll({}), pattern }))).toBeNull();
    }
  });
});

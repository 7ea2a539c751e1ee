import { describe, expect, it } from 'vitest';
import { channel } from '../test-channel';
import { reconnectStorm } from './reconnect-storm';

const ws = { transport: 'websocket', pattern: 'websocket', template: '/live' } as const;

describe('reconnect-storm', () => {
  it('shows the reconnect delays and the close code, as an error when it comes back in under a second', () => {
    const f = reconnectStorm(
      channel({ ...ws, facts: { failingStreak: 7, reconnectDelaysMs: [480, 500, 500, 600, 520, 500, 600], closeCodes: [1006, 1006] } }),
    )!;
    expect(f.severity).toBe('error');
    expect(f.message).toBe(
      'failed 7× in a row, reconnecting after … 500 ms, 500 ms, 600 ms, 520 ms, 500 ms, 600 ms with close 1006: no backoff',
    );
    expect(f.numbers).toMatchObject({ failingStreak: 7, reconnects: 7, medianDelayMs: 560, lastDelayMs: 600, closeCode: 1006 });
    expect(f.suggestion).toMatch(/exponential backoff/);
    expect(f.suggestion).toMatch(/1006/);
  });

  it("an EventSource retrying at its default 3 s is a warning that points at the server's retry:", () => {
    const f = reconnectStorm(
      channel({ transport: 'eventsource', pattern: 'sse', facts: { failingStreak: 3, reconnectDelaysMs: [3000, 3000, 3000] } }),
    )!;
    expect(f.severity).toBe('warning');
    expect(f.message).toBe('failed 3× in a row, reconnecting after 3.00 s, 3.00 s, 3.00 s each ending in an error: no backoff');
    expect(f.suggestion).toMatch(/retry:/);
    expect(f.numbers.closeCode).toBeUndefined();
  });

  it('does not fire on a client that backs off', () => {
    const doubling = channel({ ...ws, facts: { failingStreak: 5, reconnectDelaysMs: [250, 500, 1000, 2000, 4000] } });
    expect(reconnectStorm(doubling)).toBeNull();
    // Growth judged over the window: 1000 → 2000 is a doubling, 1000 → 1999 is not.
    expect(reconnectStorm(channel({ ...ws, facts: { failingStreak: 3, reconnectDelaysMs: [1000, 2000] } }))).toBeNull();
    expect(reconnectStorm(channel({ ...ws, facts: { failingStreak: 3, reconnectDelaysMs: [1000, 1999] } }))).not.toBeNull();
  });

  it('treats an immediate reconnect loop as the worst storm, not as infinite growth', () => {
    const f = reconnectStorm(channel({ ...ws, facts: { failingStreak: 20, reconnectDelaysMs: [0, 0, 150, 0] } }))!;
    expect(f.severity).toBe('error');
    expect(f.message).toContain('after 0 ms, 0 ms, 150 ms, 0 ms');
    expect(Number.isFinite(f.numbers.delayGrowth)).toBe(true);
  });

  it('keeps a jittered constant delay a storm', () => {
    const jitter = channel({ ...ws, facts: { failingStreak: 4, reconnectDelaysMs: [400, 700, 500, 600] } });
    expect(reconnectStorm(jitter)).not.toBeNull();
  });

  it('does not fire for a patient constant delay of 5 s or more', () => {
    expect(reconnectStorm(channel({ ...ws, facts: { failingStreak: 9, reconnectDelaysMs: [5000, 5000, 5000] } }))).toBeNull();
    expect(reconnectStorm(channel({ ...ws, facts: { failingStreak: 9, reconnectDelaysMs: [4900, 4900, 4900] } }))).not.toBeNull();
  });

  it('needs three failures in a row and at least two delays', () => {
    expect(reconnectStorm(channel({ ...ws, facts: { failingStreak: 2, reconnectDelaysMs: [500, 500, 500] } }))).toBeNull();
    expect(reconnectStorm(channel({ ...ws, facts: { failingStreak: 3, reconnectDelaysMs: [500] } }))).toBeNull();
  });

  it('is about sockets and event streams, not pollers', () => {
    const facts = { failingStreak: 5, reconnectDelaysMs: [500, 500, 500] };
    expect(reconnectStorm(channel({ transport: 'fetch', pattern: 'polling', facts }))).toBeNull();
    expect(reconnectStorm(channel({ transport: 'xhr', pattern: 'long-polling', facts }))).toBeNull();
  });
});

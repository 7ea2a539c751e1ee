import { describe, expect, it } from 'vitest';
import { channel } from '../test-channel';
import { hiddenTabPolling } from './hidden-tab-polling';

const hidden = {
  evidence: { medianIntervalMs: 1000, requestsPerMin: 60 },
  facts: { hiddenStarts: 12, hiddenMedianIntervalMs: 1000 },
};

describe('hidden-tab-polling', () => {
  it('reports the requests and the cadence while hidden next to the visible one', () => {
    const f = hiddenTabPolling(channel(hidden))!;
    expect(f.severity).toBe('warning');
    expect(f.message).toBe('kept polling while the tab was hidden: 12 requests, every 1.00 s (60/min) vs 1.00 s when visible');
    expect(f.numbers).toMatchObject({ hiddenStarts: 12, hiddenIntervalMs: 1000, hiddenRequestsPerMin: 60, visibleIntervalMs: 1000 });
    expect(f.suggestion).toMatch(/visibilitychange/);
  });

  it('is only info when the hidden cadence is already 4× slower', () => {
    const slowed = channel({ evidence: { medianIntervalMs: 5000 }, facts: { hiddenStarts: 5, hiddenMedianIntervalMs: 60_000 } });
    const f = hiddenTabPolling(slowed)!;
    expect(f.severity).toBe('info');
    expect(f.message).toContain('every 1.0 min (1.0/min) vs 5.00 s when visible');
    const notQuite = channel({ evidence: { medianIntervalMs: 5000 }, facts: { hiddenStarts: 5, hiddenMedianIntervalMs: 19_999 } });
    expect(hiddenTabPolling(notQuite)!.severity).toBe('warning');
  });

  it('needs three hidden starts', () => {
    expect(hiddenTabPolling(channel({ ...hidden, facts: { ...hidden.facts, hiddenStarts: 2 } }))).toBeNull();
  });

  it('is about pollers only', () => {
    for (const pattern of ['long-polling', 'sse', 'websocket', 'streaming', 'one-off'] as const) {
      expect(hiddenTabPolling(channel({ ...hidden, pattern }))).toBeNull();
    }
  });

  it('still reports the count when the hidden interval is unknown', () => {
    const f = hiddenTabPolling(channel({ facts: { hiddenStarts: 3, hiddenMedianIntervalMs: null } }))!;
    expect(f.message).toBe('kept polling while the tab was hidden: 3 requests');
    expect(f.numbers.hiddenIntervalMs).toBeUndefined();
    expect(f.severity).toBe('warning');
  });
});

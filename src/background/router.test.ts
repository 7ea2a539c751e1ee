import { describe, expect, it } from 'vitest';
import { CONTENT_PORT, PANEL_PORT, PROTOCOL_VERSION, type CaptureEvent } from '../core/protocol';
import { Router, type RouterPort } from './router';

class FakePort implements RouterPort {
  readonly sent: unknown[] = [];
  private readonly listeners: ((m: unknown) => void)[] = [];
  private readonly closers: (() => void)[] = [];
  constructor(
    readonly name: string,
    readonly sender?: RouterPort['sender'],
  ) {}
  postMessage(msg: unknown): void {
    this.sent.push(msg);
  }
  readonly onMessage = { addListener: (fn: (m: unknown) => void) => void this.listeners.push(fn) };
  readonly onDisconnect = { addListener: (fn: () => void) => void this.closers.push(fn) };
  receive(msg: unknown): void {
    for (const l of this.listeners) l(msg);
  }
  disconnect(): void {
    for (const c of this.closers) c();
  }
  of(type: string): Record<string, unknown>[] {
    return this.sent.filter((m) => (m as { type: string }).type === type) as Record<string, unknown>[];
  }
}

const ev: CaptureEvent = { kind: 'ws-error', id: 'w1', t: 1 };

function content(router: Router, tabId: number, sourceId: string, top = true): FakePort {
  const p = new FakePort(CONTENT_PORT, { tab: { id: tabId }, frameId: top ? 0 : 7 });
  router.connect(p);
  p.receive({ type: 'hello', v: PROTOCOL_VERSION, source: { sourceId, url: `https://tab${tabId}.test/`, top } });
  return p;
}

function panel(router: Router, tabId: number, panelId: string, frames?: boolean): FakePort {
  const p = new FakePort(PANEL_PORT);
  router.connect(p);
  p.receive({ type: 'subscribe', v: PROTOCOL_VERSION, tabId, panelId, frames });
  return p;
}

describe('Router', () => {
  it('fans a tab’s events out to every panel of that tab and to no other tab', () => {
    const r = new Router();
    const c1 = content(r, 1, 's1');
    content(r, 2, 's2');
    const p1 = panel(r, 1, 'a');
    const p1b = panel(r, 1, 'b');
    const p2 = panel(r, 2, 'c');
    c1.receive({ type: 'events', sourceId: 's1', events: [{ ...ev, seq: 1 }], dropped: 0 });
    expect(p1.of('events')).toHaveLength(1);
    expect(p1b.of('events')).toHaveLength(1);
    expect(p2.of('events')).toHaveLength(0);
    expect(p1.of('events')[0]!['source']).toMatchObject({ sourceId: 's1', frameId: 0, top: true });
  });

  it('sends WebSocket messages as columns to panels that ask, as events to the others', () => {
    const r = new Router();
    const c = content(r, 1, 's1');
    const columns = panel(r, 1, 'panel', true);
    const plain = panel(r, 1, 'recorder');
    const msg: CaptureEvent = { kind: 'ws-message', id: 'w1', t: 2, dir: 'down', binary: false, size: 2, preview: { encoding: 'text', data: 'hi', truncated: false } };
    const events = [
      { ...ev, seq: 1 },
      { ...msg, seq: 2 },
    ];
    c.receive({ type: 'events', sourceId: 's1', events, dropped: 0 });
    expect(plain.of('events')[0]).toMatchObject({ events });
    expect(plain.of('events')[0]!['frames']).toBeUndefined();
    const packed = columns.of('events')[0]!;
    expect(packed['events']).toEqual([events[0]]);
    expect(packed['frames']).toEqual({ ids: ['w1'], conn: [0], seq: [2], t: [2], size: [2], bits: [0], data: ['hi'], order: [1, 1] });
  });

  it('tells relays how many panels watch, and routes replay requests and answers to one panel', () => {
    const r = new Router();
    const c = content(r, 1, 's1');
    expect(c.of('panels').at(-1)).toEqual({ type: 'panels', count: 0 });
    const p = panel(r, 1, 'a');
    const other = panel(r, 1, 'b');
    expect(c.of('panels').at(-1)).toEqual({ type: 'panels', count: 2 });
    expect(p.of('source')).toHaveLength(1);
    p.receive({ type: 'replay', sourceId: 's1', after: 41 });
    expect(c.of('replay')).toEqual([{ type: 'replay', panelId: 'a', after: 41 }]);
    c.receive({ type: 'events', sourceId: 's1', events: [{ ...ev, seq: 42 }], dropped: 0, to: 'a' });
    expect(p.of('events')).toHaveLength(1);
    expect(other.of('events')).toHaveLength(0);
    p.disconnect();
    other.disconnect();
    expect(c.of('panels').at(-1)).toEqual({ type: 'panels', count: 0 });
  });

  it('announces a relay that connects after the panel (worker restart order does not matter)', () => {
    const r = new Router();
    const p = panel(r, 3, 'a');
    content(r, 3, 's9');
    expect(p.of('source').map((m) => (m['source'] as { sourceId: string }).sourceId)).toEqual(['s9']);
  });

  it('ignores a hello of another protocol version and lists tabs with their top frame', () => {
    const r = new Router();
    const bad = new FakePort(CONTENT_PORT, { tab: { id: 5 } });
    r.connect(bad);
    bad.receive({ type: 'hello', v: PROTOCOL_VERSION + 1, source: { sourceId: 'x', url: 'u', top: true } });
    content(r, 6, 'iframe', false);
    content(r, 6, 'top', true);
    const lister = new FakePort(PANEL_PORT);
    r.connect(lister);
    lister.receive({ type: 'list-tabs' });
    expect(lister.of('tabs')[0]!['tabs']).toEqual([{ tabId: 6, url: 'https://tab6.test/', sources: 2 }]);
  });
});

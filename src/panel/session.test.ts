import { describe, expect, it } from 'vitest';
import { toHar } from '../core/har/export';
import { PROTOCOL_VERSION, type BackgroundToPanel, type PanelToBackground, type SequencedEvent, type SourceInfo } from '../core/protocol';
import { PanelSession } from './session';
import type { PanelTransport } from './transport';

class FakeTransport implements PanelTransport {
  sent: PanelToBackground[] = [];
  private deliver: (m: BackgroundToPanel) => void = () => undefined;
  private open: () => void = () => undefined;
  start(onMessage: (m: BackgroundToPanel) => void, onOpen: () => void): void {
    this.deliver = onMessage;
    this.open = onOpen;
    onOpen();
  }
  send(m: PanelToBackground): void {
    this.sent.push(m);
  }
  push(m: BackgroundToPanel): void {
    this.deliver(m);
  }
  reconnect(): void {
    this.open();
  }
}

const source: SourceInfo = { sourceId: 's1', frameId: 0, url: 'https://x.test/', top: true };
const start = (seq: number, id: string): SequencedEvent => ({
  kind: 'request-start',
  id,
  t: seq,
  transport: 'fetch',
  method: 'GET',
  url: `https://x.test/${id}`,
  requestHeaders: [],
  requestBodySize: 0,
  seq,
});

describe('PanelSession', () => {
  it('subscribes, asks each source for what it has not seen, and applies each event once', () => {
    const t = new FakeTransport();
    const s = new PanelSession(t, 9, () => undefined);
    s.start();
    expect(t.sent[0]).toMatchObject({ type: 'subscribe', v: PROTOCOL_VERSION, tabId: 9 });
    t.push({ type: 'source', source });
    expect(t.sent.at(-1)).toEqual({ type: 'replay', sourceId: 's1', after: 0 });
    // Live events overtake the replay; the replay then repeats them.
    t.push({ type: 'events', source, events: [start(3, 'c')], dropped: 0 });
    t.push({ type: 'events', source, events: [start(1, 'a'), start(2, 'b'), start(3, 'c')], dropped: 0 });
    expect([...s.store.connections.values()].map((r) => r.key)).toEqual(['s1:c', 's1:a', 's1:b']);
    // After a background restart the panel resumes after the last contiguous seq.
    t.reconnect();
    t.push({ type: 'source', source });
    expect(t.sent.at(-1)).toEqual({ type: 'replay', sourceId: 's1', after: 3 });
  });

  it('counts events a relay evicted before its replay once, and does not ask for them again', () => {
    const t = new FakeTransport();
    const s = new PanelSession(t, 9, () => undefined);
    s.start();
    t.push({ type: 'events', source, events: [start(41, 'x'), start(42, 'y')], dropped: 3, missed: 40 });
    expect(s.droppedAtSource).toBe(43);
    t.push({ type: 'source', source });
    expect(t.sent.at(-1)).toEqual({ type: 'replay', sourceId: 's1', after: 42 });
    // Live batches carry no `missed`: delivered events are never counted as dropped.
    t.push({ type: 'events', source, events: [start(43, 'z')], dropped: 3 });
    expect(s.droppedAtSource).toBe(43);
  });

  it('without a tab asks for the list of tabs', () => {
    const t = new FakeTransport();
    const s = new PanelSession(t, null, () => undefined);
    s.start();
    expect(t.sent).toEqual([{ type: 'list-tabs' }]);
    t.push({ type: 'tabs', tabs: [{ tabId: 4, url: 'https://y.test/', sources: 1 }] });
    expect(s.tabs).toHaveLength(1);
  });

  it('exports the HAR of the raw events though its log keeps no message (the store rebuilds them)', () => {
    const t = new FakeTransport();
    const s = new PanelSession(t, 9, () => undefined);
    s.start();
    const preview = (data: string) => ({ encoding: 'text', data, truncated: false }) as const;
    const events: SequencedEvent[] = [
      start(1, 'f'),
      { kind: 'ws-create', id: 'w', t: 2, url: 'wss://x.test/ws', protocols: [], seq: 2 },
      { kind: 'ws-message', id: 'w', t: 3, dir: 'up', binary: false, size: 2, preview: preview('hi'), seq: 3 },
      { kind: 'sse', id: 'f', t: 4, event: 'tick', lastEventId: '1', retry: 500, size: 3, preview: preview('one'), seq: 4 },
      { kind: 'ws-close', id: 'w', t: 5, code: 1000, reason: '', wasClean: true, seq: 5 },
    ];
    t.push({ type: 'events', source, events: events.slice(0, 3), dropped: 0 });
    t.push({ type: 'events', source, events: events.slice(3), dropped: 0 });
    expect(s.log.length).toBe(3);
    expect(s.exportHar('1')).toEqual(toHar({ sources: [{ source, events }], page: { url: source.url }, creatorVersion: '1' }));
  });
});

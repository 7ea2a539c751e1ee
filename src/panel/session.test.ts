import { describe, expect, it } from 'vitest';
import { packFrames } from '../core/protocol/frames';
import { toHar } from '../core/har/export';
import { rng } from '../core/store/test-events';
import { PROTOCOL_VERSION, type BackgroundToPanel, type CaptureEvent, type PanelToBackground, type SequencedEvent, type SourceInfo } from '../core/protocol';
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
    expect(s.capture.log.length).toBe(3);
    expect(s.exportHar('1')).toEqual(toHar({ sources: [{ source, events }], page: { url: source.url }, creatorVersion: '1' }));
  });

  /** Sockets, SSE and polling interleaved, with long, binary, truncated and empty messages. */
  function mixedCapture(n: number): SequencedEvent[] {
    const r = rng(7);
    const out: SequencedEvent[] = [];
    let seq = 0;
    const add = (e: CaptureEvent): void => void out.push({ ...e, seq: ++seq });
    const sockets = ['w1', 'w2', 'w3'];
    for (const id of sockets) add({ kind: 'ws-create', id, t: seq, url: `wss://x.test/${id}`, protocols: [] });
    add({ kind: 'es-create', id: 'e', t: seq, url: 'https://x.test/events', withCredentials: false });
    for (let i = 0; out.length < n; i++) {
      const t = 10 + i;
      const x = r();
      const id = sockets[Math.floor(r() * sockets.length)]!;
      if (x < 0.6) {
        const long = r() < 0.2;
        const data = long ? `{"n":${i},"pad":"${'p'.repeat(200 + (i % 50))}"}` : r() < 0.05 ? '' : `m${i}\nline`;
        add({ kind: 'ws-message', id, t, dir: r() < 0.3 ? 'up' : 'down', binary: false, size: data.length, preview: { encoding: 'text', data, truncated: r() < 0.05 } });
      } else if (x < 0.7) {
        add({ kind: 'ws-message', id, t, dir: 'down', binary: true, size: 4, preview: { encoding: 'base64', data: 'AAECAw==', truncated: false } });
      } else if (x < 0.8) {
        add({ kind: 'sse', id: 'e', t, event: 'tick', lastEventId: String(i), retry: null, size: 3, preview: { encoding: 'text', data: 'sse', truncated: false } });
      } else if (x < 0.9) {
        add({ ...start(0, `p${i}`), t });
        add({ kind: 'request-end', id: `p${i}`, t: t + 0.5, bodySize: 2, preview: { encoding: 'text', data: '{}', truncated: false }, hash: 'h', error: '', note: '' });
      } else add({ kind: 'chunk', id: 'e', t, size: 9 });
    }
    return out;
  }

  function feed(events: readonly SequencedEvent[], packed: boolean, batch = 37): PanelSession {
    const t = new FakeTransport();
    const s = new PanelSession(t, 9, () => undefined);
    s.start();
    for (let i = 0; i < events.length; i += batch) {
      const part = events.slice(i, i + batch);
      if (!packed) t.push({ type: 'events', source, events: part, dropped: 0 });
      else {
        const { events: rest, frames } = packFrames(part);
        t.push({ type: 'events', source, events: rest, frames, dropped: 0 });
      }
    }
    return s;
  }

  it('asks for WebSocket messages in columns, and builds the same capture from them as from plain events', () => {
    const t = new FakeTransport();
    new PanelSession(t, 9, () => undefined).start();
    expect(t.sent[0]).toMatchObject({ type: 'subscribe', frames: true });

    const events = mixedCapture(3000);
    const a = feed(events, false);
    const b = feed(events, true);
    expect(b.store.count).toBe(a.store.count);
    expect(b.store.count).toBeGreaterThan(2000);
    for (let l = a.store.firstLogical; l < a.store.nextLogical; l++) expect(b.store.message(l)).toEqual(a.store.message(l));
    expect(b.classifier.channels()).toEqual(a.classifier.channels());
    expect(b.exportHar('1')).toEqual(a.exportHar('1'));
    expect(b.exportHar('1')).toEqual(toHar({ sources: [{ source, events }], page: { url: source.url }, creatorVersion: '1' }));
  });

  it('applies each event of overlapping column batches once, as it does plain ones', () => {
    const events = mixedCapture(400);
    // A live batch overtakes the replay, which then repeats it.
    const parts = [events.slice(200, 260), events.slice(0, 300), events.slice(300)];
    const [plain, packed] = [false, true].map((pack) => {
      const t = new FakeTransport();
      const s = new PanelSession(t, 9, () => undefined);
      s.start();
      for (const part of parts) {
        const { events: rest, frames } = pack ? packFrames(part) : { events: part, frames: undefined };
        t.push({ type: 'events', source, events: rest, frames, dropped: 0 });
      }
      return s;
    });
    expect(packed!.store.count).toBe(events.filter((e) => e.kind === 'ws-message' || e.kind === 'sse').length);
    expect(packed!.exportHar('1')).toEqual(plain!.exportHar('1'));
  });

  it('keeps the other events of a batch whose columns are malformed, and says why', () => {
    const warn = console.warn;
    const warnings: unknown[] = [];
    console.warn = (m: unknown) => void warnings.push(m);
    try {
      const events = mixedCapture(50);
      const { events: rest, frames } = packFrames(events);
      const t = new FakeTransport();
      const s = new PanelSession(t, 9, () => undefined);
      s.start();
      t.push({ type: 'events', source, events: rest, frames: { ...frames!, t: [] }, dropped: 0 });
      expect(warnings).toEqual([`Polltergeist: WebSocket messages of a batch ignored: frames.t has 0 entries for ${frames!.conn.length} frames`]);
      expect(s.store.connections.size).toBeGreaterThan(3);
      expect(s.store.count).toBe(rest.filter((e) => e.kind === 'sse').length);
    } finally {
      console.warn = warn;
    }
  });
});

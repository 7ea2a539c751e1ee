import { describe, expect, it } from 'vitest';
import type { CaptureEvent, SequencedEvent, SourceInfo } from '../protocol';
import { FrameBatch, packFrames } from '../protocol/frames';
import { Capture } from './capture';
import { exportSources } from './export-events';
import { requestEnd, requestStart, response, rng, sse, wsCreate, wsMsg } from './test-events';

const PAGE: SourceInfo = { sourceId: 'page', frameId: 0, url: 'https://app.test/', top: true };
const WIDGET: SourceInfo = { sourceId: 'widget', frameId: 2, url: 'https://widget.test/', top: false };

/**
 * Sockets (one whose create was never seen, one whose create a replay brought after its first
 * message), an EventSource and a poller, interleaved.
 */
function traffic(n: number): SequencedEvent[] {
  const r = rng(11);
  const out: CaptureEvent[] = [
    wsCreate('a', 0),
    { kind: 'es-create', id: 'e', t: 0, url: 'https://app.test/events', withCredentials: false },
    wsMsg('late', 0.1, 'down', 'before its create'),
    wsCreate('late', 0.2),
    wsMsg('late', 0.3, 'down', 'after it'),
  ];
  for (let i = 1; out.length < n; i++) {
    const x = r();
    if (x < 0.45) out.push(wsMsg('a', i, r() < 0.3 ? 'up' : 'down', `a${i}`));
    else if (x < 0.6) out.push(wsMsg('lost', i, 'down', `l${i}`)); // its start came before we listened
    else if (x < 0.7) out.push(sse('e', i, `s${i}`));
    else if (x < 0.8) out.push({ kind: 'ws-close', id: 'a', t: i, code: 1006, reason: '', wasClean: false }, wsCreate('a', i + 0.1));
    else out.push(requestStart(`p${i}`, i), response(`p${i}`, i + 0.2), requestEnd(`p${i}`, i + 0.5));
  }
  return out.map((e, i) => ({ ...e, seq: i + 1 }));
}

/** The same events in batches of `size`, as plain events or with their WebSocket messages as columns. */
function fed(events: readonly SequencedEvent[], packed: boolean, size = 29): Capture {
  const c = new Capture();
  for (let i = 0; i < events.length; i += size) {
    const part = events.slice(i, i + size);
    if (!packed) {
      c.ingest(PAGE, part);
      continue;
    }
    const { events: rest, frames } = packFrames(part);
    const batch = frames ? FrameBatch.read(JSON.parse(JSON.stringify(frames)), rest.length) : undefined;
    if (typeof batch === 'string') throw new Error(batch);
    c.ingest(PAGE, rest, batch);
  }
  return c;
}

describe('Capture.ingest', () => {
  it('builds the same records, messages, channels and log from FrameColumns as from plain events', () => {
    const events = traffic(2000);
    const plain = fed(events, false);
    const packed = fed(events, true);
    expect(packed.records.ordered()).toEqual(plain.records.ordered());
    expect(packed.records.ordered().some((r) => r.partial && r.id === 'lost' && r.messagesDown > 0)).toBe(true);
    expect(packed.messages.count).toBe(plain.messages.count);
    for (let l = plain.messages.firstLogical; l < plain.messages.nextLogical; l++) expect(packed.messages.message(l)).toEqual(plain.messages.message(l));
    expect(packed.classifier.channels()).toEqual(plain.classifier.channels());
    expect(exportSources(packed)).toEqual(exportSources(plain));
  });

  it('counts each socket message once on its record, reconnects included', () => {
    const events = traffic(1000);
    const packed = fed(events, true, 53);
    const sockets = packed.records.ordered().filter((r) => r.transport === 'websocket');
    const sent = (id: string, dir: 'up' | 'down'): number => events.filter((e) => e.kind === 'ws-message' && e.id === id && e.dir === dir).length;
    // 'a' reconnects under the same id: the records of one source and id share the count between them.
    const counted = (id: string, key: 'messagesUp' | 'messagesDown'): number => sockets.filter((r) => r.id === id).reduce((n, r) => n + r[key], 0);
    expect(counted('a', 'messagesUp')).toBe(sent('a', 'up'));
    expect(counted('a', 'messagesDown')).toBe(sent('a', 'down'));
    expect(counted('lost', 'messagesDown')).toBe(sent('lost', 'down'));
  });

  it('keeps nothing but the classifier with keep: false, and classifies the same', () => {
    const events = traffic(800);
    const full = fed(events, false);
    const lean = new Capture({ keep: false });
    lean.ingest(PAGE, events);
    expect(lean.classifier.channels()).toEqual(full.classifier.channels());
    expect([lean.records.size, lean.messages.count, lean.log.length]).toEqual([0, 0, 0]);
  });
});

describe('Capture.ingestSources', () => {
  it('merges sources into time order, each keeping its own order where its clock steps back', () => {
    const c = new Capture();
    c.ingestSources([
      { source: PAGE, events: [wsCreate('a', 0), wsMsg('a', 10, 'down', 'p10'), wsMsg('a', 30, 'down', 'p30'), wsMsg('a', 25, 'down', 'p25')] },
      { source: WIDGET, events: [wsCreate('b', 0), wsMsg('b', 20, 'down', 'w20'), wsMsg('b', 40, 'down', 'w40')] },
    ]);
    const order = Array.from({ length: c.messages.count }, (_, i) => c.messages.listPreviewOf(c.messages.firstLogical + i));
    expect(order).toEqual(['p10', 'w20', 'p30', 'p25', 'w40']);
  });
});

import { describe, expect, it } from 'vitest';
import type { CaptureEvent, SourceInfo } from '../protocol';
import { Capture } from '../store/capture';
import type { Classifier } from './classifier';

const SRC: SourceInfo = { sourceId: 's1', frameId: 0, url: 'https://app.example/', top: true };
const T0 = 1_764_000_000_000;

/** A little trace builder: requests with start, hold and body; sockets; page visibility. */
class Trace {
  readonly events: CaptureEvent[] = [];
  private n = 0;

  request(url: string, start: number, hold: number, o: { body?: string; status?: number; type?: string; method?: string; transport?: 'fetch' | 'xhr'; error?: '' | 'error'; headers?: [string, string][]; reqHeaders?: [string, string][] } = {}): string {
    const id = `r${++this.n}`;
    const body = o.body ?? '{"ok":true}';
    this.events.push({ kind: 'request-start', id, t: T0 + start, transport: o.transport ?? 'fetch', method: o.method ?? 'GET', url, requestHeaders: o.reqHeaders ?? [], requestBodySize: 0 });
    if (o.error) {
      this.events.push({ kind: 'request-end', id, t: T0 + start + hold, bodySize: 0, preview: null, hash: '', error: 'error', note: '' });
      return id;
    }
    this.events.push({ kind: 'response', id, t: T0 + start + hold, status: o.status ?? 200, statusText: 'OK', url, redirected: false, headers: o.headers ?? [], contentType: o.type ?? 'application/json', protocol: 'http/1.1' });
    this.events.push({ kind: 'chunk', id, t: T0 + start + hold, size: body.length });
    this.events.push({ kind: 'request-end', id, t: T0 + start + hold + 1, bodySize: body.length, preview: { encoding: 'text', data: body, truncated: false }, hash: `h${body}`, error: '', note: '' });
    return id;
  }

  stream(url: string, start: number, chunkTimes: number[], type: string): string {
    const id = `r${++this.n}`;
    this.events.push({ kind: 'request-start', id, t: T0 + start, transport: 'fetch', method: 'GET', url, requestHeaders: [], requestBodySize: 0 });
    this.events.push({ kind: 'response', id, t: T0 + start + 5, status: 200, statusText: 'OK', url, redirected: false, headers: [], contentType: type, protocol: '' });
    for (const c of chunkTimes) this.events.push({ kind: 'chunk', id, t: T0 + start + c, size: 100 });
    const end = chunkTimes[chunkTimes.length - 1]! + 1;
    this.events.push({ kind: 'request-end', id, t: T0 + start + end, bodySize: 100 * chunkTimes.length, preview: null, hash: '', error: '', note: '' });
    return id;
  }

  push(e: CaptureEvent): void {
    this.events.push(e);
  }

  sorted(): CaptureEvent[] {
    return [...this.events].sort((a, b) => a.t - b.t);
  }
}

function classify(events: readonly CaptureEvent[]): Classifier {
  const capture = new Capture({ keep: false });
  const c = capture.classifier;
  capture.ingest(SRC, events);
  return c;
}

/** Feeds events one by one; returns the pattern of `id`'s channel after each event. */
function labelsOver(events: readonly CaptureEvent[], id: string): string[] {
  const capture = new Capture({ keep: false });
  const c = capture.classifier;
  return events.map((e) => {
    capture.ingest(SRC, [e]);
    return c.channelOf(`s1:${id}`)?.pattern ?? '-';
  });
}

describe('Classifier: polling', () => {
  it('labels a steady fetch poller from its 4th request, with the evidence in numbers', () => {
    const tr = new Trace();
    const ids = [0, 1000, 2000, 3000, 4000, 5000].map((s) => tr.request(`https://app.example/api/poll?_=${s}`, s, 20));
    const capture = new Capture({ keep: false });
    const c = capture.classifier;
    const seen: string[] = [];
    for (const e of tr.sorted()) {
      capture.ingest(SRC, [e]);
      if (e.kind === 'request-start') seen.push(c.channelOf(`s1:${e.id}`)!.pattern);
    }
    expect(seen).toEqual(['one-off', 'one-off', 'one-off', 'polling', 'polling', 'polling']);
    const ch = c.channelOf(`s1:${ids[5]}`)!;
    expect(ch.template).toBe('/api/poll');
    expect(ch.volatileKeys).toEqual(['_']);
    expect(ch.evidence.requests).toBe(6);
    expect(ch.evidence.medianIntervalMs).toBe(1000);
    expect(ch.evidence.medianHoldMs).toBe(21);
    expect(ch.evidence.identicalShare).toBe(1);
    expect(ch.evidence.requestsPerMin).toBe(60);
    expect(ch.evidence.maxInFlight).toBe(1);
    expect(ch.reason).toMatch(/every 1\.00 s/);
    expect(c.channels()).toHaveLength(1);
  });

  it('keeps polling through ±30% jitter, a failure and one slow answer once enough requests are in', () => {
    const tr = new Trace();
    let t = 0;
    const jitter = [1.1, 0.75, 1.25, 0.9, 1.3, 0.7, 1.05, 0.95, 1.2, 0.8, 1.0, 1.15, 0.85, 1.28, 0.72];
    let last = '';
    jitter.forEach((j, i) => {
      last = tr.request('https://app.example/api/status', t, i === 6 ? 2500 : 30, { error: i === 4 ? 'error' : '' });
      t += 2000 * j;
    });
    expect(classify(tr.sorted()).channelOf(`s1:${last}`)!.pattern).toBe('polling');
  });

  it('follows a poller into a hidden tab whose timers are throttled to 1 s', () => {
    const tr = new Trace();
    let last = '';
    for (let i = 0; i < 8; i++) last = tr.request('https://app.example/api/poll', i * 250, 10);
    tr.push({ kind: 'page', t: T0 + 2000, url: SRC.url, top: true, visibility: 'hidden', reason: 'visibility' });
    for (let i = 0; i < 6; i++) last = tr.request('https://app.example/api/poll', 3000 + i * 1000, 10);
    const ch = classify(tr.sorted()).channelOf(`s1:${last}`)!;
    expect(ch.pattern).toBe('polling');
    expect(ch.facts.hiddenStarts).toBe(6);
    expect(ch.facts.hiddenMedianIntervalMs).toBe(1000);
  });

  it('does not call random user clicks or a paginated loader polling', () => {
    const clicks = new Trace();
    let last = '';
    for (const s of [0, 4100, 5200, 17000, 19500, 31000, 33200]) last = clicks.request('https://app.example/api/like', s, 80, { method: 'POST' });
    expect(classify(clicks.sorted()).channelOf(`s1:${last}`)!.pattern).toBe('one-off');

    const pages = new Trace();
    for (let i = 0; i < 20; i++) last = pages.request(`https://app.example/api/items?page=${i + 1}`, i * 203, 200);
    expect(classify(pages.sorted()).channelOf(`s1:${last}`)!.pattern).toBe('one-off');
  });

  it('does not call a burst of parallel requests polling', () => {
    const tr = new Trace();
    let last = '';
    for (let i = 0; i < 30; i++) last = tr.request(`https://app.example/api/items/${i}`, i * 3, 150);
    expect(classify(tr.sorted()).channelOf(`s1:${last}`)!.pattern).toBe('one-off');
  });
});

describe('Classifier: long-polling', () => {
  it('labels back-to-back held requests from the 3rd request', () => {
    const tr = new Trace();
    const holds = [4000, 9000, 1500, 10000, 6000];
    let t = 0;
    const ids = holds.map((h) => {
      const id = tr.request('https://app.example/api/long-poll', t, h);
      t += h + 1 + 20;
      return id;
    });
    const labels = labelsOver(tr.sorted(), ids[0]!);
    const firstLp = labels.indexOf('long-polling');
    const thirdStart = tr.sorted().findIndex((e) => e.kind === 'request-start' && e.id === ids[2]);
    expect(firstLp).toBe(thirdStart);
    const ch = classify(tr.sorted()).channelOf(`s1:${ids[4]}`)!;
    expect(ch.pattern).toBe('long-polling');
    expect(ch.evidence.maxInFlight).toBe(1);
    expect(ch.evidence.medianHoldMs).toBeGreaterThan(4000);
  });

  it('calls a sustained busy loop of instant answers long-polling (polling in disguise)', () => {
    const tr = new Trace();
    let last = '';
    for (let i = 0; i < 400; i++) last = tr.request('https://app.example/api/lp', i * 100, 80);
    expect(classify(tr.sorted()).channelOf(`s1:${last}`)!.pattern).toBe('long-polling');
  });
});

describe('Classifier: streams and sockets', () => {
  it('SSE over fetch, NDJSON streaming, and a download that stays one-off', () => {
    const tr = new Trace();
    const sse = tr.stream('https://app.example/api/sse', 0, [10, 2000, 4000], 'text/event-stream');
    const nd = tr.stream('https://app.example/api/stream', 0, [10, 900, 2100, 3300, 5000], 'application/x-ndjson');
    const plain = tr.stream('https://app.example/api/feed', 0, [10, 700, 1900, 2600, 4100], 'application/json');
    const dl = tr.stream('https://app.example/files/big.zip', 0, Array.from({ length: 400 }, (_, i) => 10 + i * 8), 'application/zip');
    const dl2 = tr.stream('https://app.example/files/raw', 0, Array.from({ length: 400 }, (_, i) => 10 + i * 8), 'application/json');
    const c = classify(tr.sorted());
    expect(c.channelOf(`s1:${sse}`)!.pattern).toBe('sse');
    expect(c.channelOf(`s1:${nd}`)!.pattern).toBe('streaming');
    // A stream's chunks are its messages.
    expect(c.channelOf(`s1:${nd}`)!.evidence.messagesDown).toBe(5);
    expect(c.channelOf(`s1:${dl}`)!.evidence.messagesDown).toBe(0);
    expect(c.channelOf(`s1:${plain}`)!.pattern).toBe('streaming');
    expect(c.channelOf(`s1:${dl}`)!.pattern).toBe('one-off');
    expect(c.channelOf(`s1:${dl2}`)!.pattern).toBe('one-off');
  });

  it('EventSource reconnects are connections of one channel; a failing one is a streak', () => {
    const tr = new Trace();
    tr.push({ kind: 'es-create', id: 'e1', t: T0, url: 'https://app.example/api/sse', withCredentials: false });
    tr.push({ kind: 'es-open', id: 'e1', t: T0 + 20, readyState: 1, protocol: 'http/1.1' });
    tr.push({ kind: 'sse', id: 'e1', t: T0 + 500, event: 'tick', lastEventId: '1', retry: null, size: 10, preview: { encoding: 'text', data: 'x', truncated: false } });
    tr.push({ kind: 'es-error', id: 'e1', t: T0 + 10_000, readyState: 0 });
    tr.push({ kind: 'es-open', id: 'e1', t: T0 + 13_000, readyState: 1 });
    for (let i = 0; i < 4; i++) tr.push({ kind: 'es-error', id: 'e1', t: T0 + 20_000 + i * 500, readyState: 0 });
    const ch = classify(tr.sorted()).channelOf('s1:e1')!;
    expect(ch.pattern).toBe('sse');
    expect(ch.evidence.connections).toBe(2);
    expect(ch.evidence.messagesDown).toBe(1);
    expect(ch.facts.reconnectDelaysMs).toEqual([3000, 500, 500, 500]);
    // The reconnect that lived 7 s is healthy; the three attempts after it failed at once.
    expect(ch.facts.failingStreak).toBe(3);
    // The open carried the origin's protocol (the later one did not: it stays known).
    expect(ch.facts.protocol).toBe('http/1.1');
  });

  it('WebSocket: one channel across reconnects, messages counted both ways, peak rate per second', () => {
    const tr = new Trace();
    for (const [k, at] of [['w1', 0], ['w2', 5000]] as const) {
      tr.push({ kind: 'ws-create', id: k, t: T0 + at, url: 'wss://app.example/ws?token=abc123def456', protocols: [] });
      tr.push({ kind: 'ws-open', id: k, t: T0 + at + 10, protocol: '', extensions: '' });
      for (let i = 0; i < 60; i++) tr.push({ kind: 'ws-message', id: k, t: T0 + at + 100 + i * 10, dir: i % 3 ? 'down' : 'up', binary: false, size: 40, preview: { encoding: 'text', data: 'x', truncated: false } });
      tr.push({ kind: 'ws-close', id: k, t: T0 + at + 4000, code: 1006, reason: '', wasClean: false });
    }
    const c = classify(tr.sorted());
    expect(c.channels()).toHaveLength(1);
    const ch = c.channelOf('s1:w2')!;
    expect(ch.pattern).toBe('websocket');
    expect(ch.evidence.connections).toBe(2);
    expect(ch.evidence.messagesUp).toBe(40);
    expect(ch.evidence.messagesDown).toBe(80);
    expect(ch.facts.peakMessagesPerSecDown).toBe(40);
    expect(ch.facts.peakMessagesPerSecUp).toBe(20);
    expect(ch.facts.reconnectDelaysMs).toEqual([1000]);
    expect(ch.facts.closeCodes).toEqual([1006, 1006]);
  });
});

describe('Classifier: transitions', () => {
  it('ties an Engine.IO long-poll and the WebSocket it upgrades to into one stream', () => {
    const sid = 'Zk3Lq0aB9xYwAAAB';
    const tr = new Trace();
    tr.request('https://app.example/socket.io/?EIO=4&transport=polling&t=Pq1x9a', 0, 20, { transport: 'xhr', body: `0{"sid":"${sid}"}` });
    let t = 40;
    for (let i = 0; i < 4; i++) {
      tr.request(`https://app.example/socket.io/?EIO=4&transport=polling&t=Pq1x${i}b&sid=${sid}`, t, 3000, { transport: 'xhr' });
      t += 3020;
    }
    tr.push({ kind: 'ws-create', id: 'w', t: T0 + t, url: `wss://app.example/socket.io/?EIO=4&transport=websocket&sid=${sid}`, protocols: [] });
    tr.push({ kind: 'ws-open', id: 'w', t: T0 + t + 5, protocol: '', extensions: '' });
    const c = classify(tr.sorted());
    const streams = c.streams();
    expect(streams).toHaveLength(1);
    expect(streams[0]!.session).toBe(sid);
    expect(streams[0]!.steps.map((s) => s.pattern)).toEqual(['long-polling', 'websocket']);
    expect(c.channelOf('s1:w')!.stream).toBe(streams[0]!.id);
    expect(c.channelOf('s1:r1')!.pattern).toBe('long-polling');
  });

  it('ties a WebSocket that never connects to the poller that takes over', () => {
    const tr = new Trace();
    tr.push({ kind: 'ws-create', id: 'w', t: T0, url: 'wss://app.example/live/socket', protocols: [] });
    tr.push({ kind: 'ws-error', id: 'w', t: T0 + 50 });
    tr.push({ kind: 'ws-close', id: 'w', t: T0 + 51, code: 1006, reason: '', wasClean: false });
    for (let i = 0; i < 6; i++) tr.request('https://app.example/live/poll', 1000 + i * 2000, 30);
    const streams = classify(tr.sorted()).streams();
    expect(streams).toHaveLength(1);
    expect(streams[0]!.link).toBe('fallback');
    expect(streams[0]!.steps.map((s) => s.pattern)).toEqual(['websocket', 'polling']);
  });
});

describe('Classifier: bounds', () => {
  it('keeps per-channel state bounded however long the history', () => {
    const capture = new Capture({ keep: false, classifier: { maxIndex: 1000 } });
    const c = capture.classifier;
    for (let i = 0; i < 20_000; i++) {
      capture.ingest(SRC, [
        { kind: 'request-start', id: `q${i}`, t: T0 + i * 1000, transport: 'fetch', method: 'GET', url: `https://app.example/api/poll?t=${i}`, requestHeaders: [], requestBodySize: 0 },
        { kind: 'request-end', id: `q${i}`, t: T0 + i * 1000 + 10, bodySize: 2, preview: null, hash: 'aa', error: '', note: '' },
      ]);
    }
    const ch = c.channels()[0]!;
    expect(ch.evidence.requests).toBe(20_000);
    expect(ch.connectionKeys.length).toBeLessThanOrEqual(64);
    expect(ch.facts.lifetimes.length).toBeLessThanOrEqual(64);
    expect(c.channelOf('s1:q0')).toBeUndefined();
    expect(c.channelOf('s1:q19999')!.pattern).toBe('polling');
  });
});

describe('Classifier: streams without chunk times', () => {
  it('an NDJSON response received over seconds is streaming even with a single chunk (HAR imports)', () => {
    const tr = new Trace();
    const id = tr.stream('https://app.example/api/watch', 0, [4000], 'application/x-ndjson');
    const short = tr.stream('https://app.example/api/once', 0, [300], 'application/x-ndjson');
    const c = classify(tr.sorted());
    expect(c.channelOf(`s1:${id}`)!.pattern).toBe('streaming');
    expect(c.channelOf(`s1:${short}`)!.pattern).toBe('one-off');
  });
});

describe('Classifier: hysteresis', () => {
  it('a poller keeps its label through two odd requests and loses it after three', () => {
    const tr = new Trace();
    let t = 0;
    const starts: string[] = [];
    for (let i = 0; i < 10; i++, t += 1000) starts.push(tr.request('https://app.example/api/p', t, 20));
    const capture = new Capture({ keep: false });
    const c = capture.classifier;
    const labels: string[] = [];
    const odd = new Trace();
    // Then the page switches to back-to-back loading (a different rhythm): one-off by the rules.
    for (let i = 0; i < 6; i++, t += 60) starts.push(odd.request('https://app.example/api/p', t, 55));
    for (const e of [...tr.sorted(), ...odd.sorted()]) {
      capture.ingest(SRC, [e]);
      if (e.kind === 'request-start') labels.push(c.channels()[0]!.pattern);
    }
    void starts;
    expect(labels.slice(3, 10).every((p) => p === 'polling')).toBe(true);
    // The first contrary starts keep "polling"; a sustained change wins.
    expect(labels[10]).toBe('polling');
    expect(labels[11]).toBe('polling');
    expect(labels[labels.length - 1]).toBe('one-off');
    const history = c.channels()[0]!.history.map((h) => h.pattern);
    expect(history).toEqual(['one-off', 'polling', 'one-off']);
  });
});

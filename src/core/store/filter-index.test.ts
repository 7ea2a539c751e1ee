import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../protocol';
import { FilteredView, compileFilter, matchRanges, type CompiledFilter, type MessageFilterSpec } from './filter-index';
import type { Capture } from './capture';
import type { MessageStore } from './message-store';
import { SRC, requestStart, response, sse, wsBinary, wsCreate, wsMsg, testCapture } from './test-events';

function compiled(spec: MessageFilterSpec): CompiledFilter {
  const r = compileFilter(spec);
  if (!r.ok) throw new Error(r.error);
  return r.filter;
}

/** chat: ws up/down with text; feed: SSE; bin: binary frames. Times 0.. in order. */
function store(capacity = 1000): MessageStore {
  return filled(capacity).messages;
}

function filled(capacity: number): Capture {
  const c = testCapture({ capacity });
  const ev: CaptureEvent[] = [wsCreate('chat', 0), { kind: 'es-create', id: 'feed', t: 0, url: 'https://app.test/feed', withCredentials: false }, wsCreate('bin', 0)];
  for (let i = 0; i < 30; i++) {
    ev.push(wsMsg('chat', i * 3, i % 2 ? 'down' : 'up', `{"type":"${i % 5 === 0 ? 'join' : 'say'}","n":${i}}`));
    ev.push(sse('feed', i * 3 + 1, `price ${i * 10}`));
    ev.push(wsBinary('bin', i * 3 + 2, 'down', 'AAEC', 100 * i));
  }
  c.ingest(SRC, ev);
  return c;
}

const listOf = (v: FilteredView) => Array.from({ length: v.length }, (_, i) => v.at(i));
const view = (s: MessageStore, spec: MessageFilterSpec) => {
  const v = new FilteredView(s, compiled(spec));
  v.update();
  return v;
};

describe('filters', () => {
  it('an empty filter is the whole store without copying', () => {
    const s = store();
    const v = view(s, {});
    expect(v.matchesAll).toBe(true);
    expect(v.length).toBe(90);
    expect(v.at(5)).toBe(5);
    expect(v.indexOf(17)).toBe(17);
  });

  it('by channel set, direction, kind, size and time', () => {
    const s = store();
    const chat = view(s, { channels: ['chat'] });
    expect(chat.length).toBe(30);
    expect(listOf(chat).every((l) => s.channelOf(l) === 'chat')).toBe(true);
    expect(view(s, { channels: ['chat', 'feed'] }).length).toBe(60);
    expect(view(s, { direction: 'up' }).length).toBe(15);
    expect(view(s, { direction: 'down', channels: new Set(['chat']) }).length).toBe(15);
    expect(view(s, { kinds: ['sse'] }).length).toBe(30);
    expect(listOf(view(s, { minSize: 2000, channels: ['bin'] })).map((l) => s.sizeOf(l))).toEqual([2000, 2100, 2200, 2300, 2400, 2500, 2600, 2700, 2800, 2900]);
    expect(view(s, { minSize: 100, maxSize: 300, channels: ['bin'] }).length).toBe(3);
    const brushed = view(s, { from: 30, to: 36 });
    expect(listOf(brushed).map((l) => s.timeOf(l))).toEqual([30, 31, 32, 33, 34, 35]);
  });

  it('by pattern through a channel -> pattern lookup', () => {
    const s = store();
    const patternOf = (k: string) => (k === 'feed' ? 'sse' : 'websocket');
    expect(view(s, { patterns: ['sse'], patternOf }).length).toBe(30);
    expect(view(s, { patterns: ['websocket'], patternOf }).length).toBe(60);
    expect(view(s, { patterns: ['polling'], patternOf }).length).toBe(0);
  });

  it('text search is literal and case-insensitive by default; regex on request; over list previews', () => {
    const s = store();
    expect(view(s, { text: 'JOIN' }).length).toBe(6);
    expect(view(s, { text: 'JOIN', caseSensitive: true }).length).toBe(0);
    expect(view(s, { text: '"n":1' }).length).toBe(11); // 1, 10..19
    expect(view(s, { text: 'price \\d00\\b', regex: true }).length).toBe(2); // 100, 200
    expect(view(s, { text: '.', regex: false }).length).toBe(0);
    expect(view(s, { text: '00 01 02' }).length).toBe(30); // binary frames by their hex preview
  });

  it('reports an invalid regex as an error value', () => {
    const r = compileFilter({ text: '([a-', regex: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/Invalid regular expression|Unterminated|Invalid/i);
    expect(compileFilter({ text: '([a-', regex: false }).ok).toBe(true);
  });

  it('highlights matches', () => {
    const f = compiled({ text: 'ab' });
    expect(matchRanges('xxABxab', f)).toEqual([2, 4, 5, 7]);
    expect(matchRanges('aaa', compiled({ text: 'x*', regex: true }))).toEqual([]);
    expect(matchRanges('a'.repeat(500), compiled({ text: 'a' }), 3)).toEqual([0, 1, 1, 2, 2, 3]);
    expect(matchRanges('abc', compiled({}))).toEqual([]);
  });
});

describe('incremental views', () => {
  it('appends new matches without rescanning, and drops evicted ones', () => {
    const c = testCapture({ capacity: 50 });
    const s = c.messages;
    c.ingest(SRC, [wsCreate('a', 0), wsCreate('b', 0)]);
    const v = new FilteredView(s, compiled({ channels: ['a'] }));
    let t = 0;
    const add = (n: number) => {
      const ev: CaptureEvent[] = [];
      for (let i = 0; i < n; i++, t++) ev.push(wsMsg(t % 2 ? 'b' : 'a', t, 'down', `m${t}`));
      c.ingest(SRC, ev);
    };
    add(20);
    v.update();
    expect(v.length).toBe(10);
    add(20);
    expect(v.pending).toBe(20);
    // A budget spreads a long scan over several calls.
    expect(v.update(5)).toBe(false);
    expect(v.length).toBe(13);
    expect(v.update()).toBe(true);
    expect(v.length).toBe(20);
    add(100); // ring of 50: everything before t=90 is gone
    v.update();
    expect(listOf(v)).toEqual(Array.from({ length: 25 }, (_, i) => 90 + i * 2));
    expect(v.indexOf(100)).toBe(5);
    expect(v.indexOf(101)).toBe(-1);
    expect(v.lowerBound(101)).toBe(6);
    expect(Array.from(v.indices()).slice(0, 3)).toEqual([90, 92, 94]);
  });

  it('follows a cleared store', () => {
    const c = filled(1000);
    const s = c.messages;
    const v = view(s, { channels: ['feed'] });
    expect(v.length).toBe(30);
    c.clear();
    c.ingest(SRC, [{ kind: 'es-create', id: 'feed', t: 0, url: 'u', withCredentials: false }, sse('feed', 1, 'x')]);
    v.update();
    expect(listOf(v)).toEqual([0]);
  });

  it('rebuild re-decides lanes (patterns changed)', () => {
    const s = store();
    let feedPattern = 'sse';
    const v = view(s, { patterns: ['streaming'], patternOf: (k) => (k === 'feed' ? feedPattern : 'websocket') });
    expect(v.length).toBe(0);
    feedPattern = 'streaming';
    v.rebuild();
    v.update();
    expect(v.length).toBe(30);
  });

  it('messages without a known channel pass only channel-less filters', () => {
    const c = testCapture({ channelOf: () => undefined });
    const s = c.messages;
    c.ingest(SRC, [requestStart('x', 0), response('x', 1, 'text/event-stream'), sse('x', 2, 'hello')]);
    expect(view(s, { text: 'hello' }).length).toBe(1);
    expect(view(s, { channels: ['x'] }).length).toBe(0);
  });
});

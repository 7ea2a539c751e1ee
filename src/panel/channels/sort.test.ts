import { describe, expect, it } from 'vitest';
import type { ChannelView } from '../../core/classify/types';
import { channel } from '../../core/diagnose/test-channel';
import type { Finding, Severity } from '../../core/diagnose/types';
import { findingTarget } from './finding-target';
import { numberLabel, formatNumber } from './numbers';
import {
  DEFAULT_SORT,
  bytesOf,
  channelName,
  findingStats,
  nextSort,
  rateOf,
  showsHosts,
  sortChannels,
  type Sort,
} from './sort';
import { streamNote } from './stream-note';

const finding = (ch: string, severity: Severity): Finding => ({
  rule: 'chatty-polling',
  severity,
  channel: ch,
  message: '',
  suggestion: '',
  numbers: {},
});

const poll = channel({ key: 'poll', template: '/api/poll', pattern: 'polling', evidence: { requestsPerMin: 150, bytesDown: 5000, bytesUp: 1000 } });
const lp = channel({ key: 'lp', template: '/api/long-poll', pattern: 'long-polling', evidence: { requestsPerMin: 40, bytesDown: 100, bytesUp: 0 } });
const ws = channel({
  key: 'ws',
  transport: 'websocket',
  template: '/ws',
  pattern: 'websocket',
  evidence: { requests: 0, connections: 1, requestsPerMin: 1, messages: 500, messagesPerMinDown: 200, messagesPerMinUp: 100, bytesDown: 90_000, bytesUp: 1 },
});
const sse = channel({
  key: 'sse',
  transport: 'eventsource',
  template: '/api/sse',
  pattern: 'sse',
  evidence: { requests: 0, connections: 1, requestsPerMin: 1, messages: 10, messagesPerMinDown: 20, messagesPerMinUp: 0, bytesDown: 700, bytesUp: 0 },
});
const all = [ws, sse, poll, lp];
const keys = (cs: readonly ChannelView[]): string[] => cs.map((c) => c.key);

describe('channel sort', () => {
  const stats = findingStats([finding('lp', 'info'), finding('poll', 'warning'), finding('lp', 'info'), finding('ws', 'error')]);

  it('counts findings per channel with the worst severity', () => {
    expect(stats.get('lp')).toEqual({ count: 2, worst: 'info' });
    expect(stats.get('poll')).toEqual({ count: 1, worst: 'warning' });
    expect(findingStats([finding('a', 'info'), finding('a', 'error'), finding('a', 'warning')]).get('a')).toEqual({ count: 3, worst: 'error' });
  });

  it('by pattern in the classifier order by default', () => {
    expect(keys(sortChannels(all, DEFAULT_SORT, stats))).toEqual(['poll', 'lp', 'sse', 'ws']);
    expect(keys(sortChannels(all, { key: 'pattern', dir: 'descending' }, stats))).toEqual(['ws', 'sse', 'lp', 'poll']);
  });

  it('by rate: messages a minute for pushed patterns, requests a minute otherwise', () => {
    expect(rateOf(ws)).toMatchObject({ perMin: 300, unit: 'msg' });
    expect(rateOf(poll)).toMatchObject({ perMin: 150, unit: 'req' });
    expect(keys(sortChannels(all, { key: 'rate', dir: 'descending' }, stats))).toEqual(['ws', 'poll', 'lp', 'sse']);
    expect(keys(sortChannels(all, { key: 'rate', dir: 'ascending' }, stats))).toEqual(['sse', 'lp', 'poll', 'ws']);
  });

  it('a pushed pattern without messages yet falls back to its request rate', () => {
    const quiet = channel({ pattern: 'websocket', transport: 'websocket', evidence: { messages: 0, requestsPerMin: 2 } });
    expect(rateOf(quiet)).toMatchObject({ perMin: 2, unit: 'req' });
  });

  it('by bytes both ways', () => {
    expect(bytesOf(poll)).toBe(6000);
    expect(keys(sortChannels(all, { key: 'bytes', dir: 'descending' }, stats))).toEqual(['ws', 'poll', 'sse', 'lp']);
  });

  it('by findings: worst severity first, then how many, channels without last', () => {
    expect(keys(sortChannels(all, { key: 'findings', dir: 'descending' }, stats))).toEqual(['ws', 'poll', 'lp', 'sse']);
    const two = findingStats([finding('a', 'warning'), finding('b', 'warning'), finding('b', 'warning')]);
    const a = channel({ key: 'a', template: '/a' });
    const b = channel({ key: 'b', template: '/b' });
    expect(keys(sortChannels([a, b], { key: 'findings', dir: 'descending' }, two))).toEqual(['b', 'a']);
  });

  it('by name, origin then template; ties always broken by name so the order is stable', () => {
    const x = channel({ key: 'x', origin: 'https://b.test', template: '/a' });
    const y = channel({ key: 'y', origin: 'https://a.test', template: '/z' });
    const z = channel({ key: 'z', origin: 'https://a.test', template: '/b' });
    expect(keys(sortChannels([x, y, z], { key: 'name', dir: 'ascending' }, new Map()))).toEqual(['z', 'y', 'x']);
    expect(keys(sortChannels([x, y, z], { key: 'name', dir: 'descending' }, new Map()))).toEqual(['x', 'y', 'z']);
    // Same pattern, same rate: name order in both directions.
    expect(keys(sortChannels([x, y, z], { key: 'rate', dir: 'descending' }, new Map()))).toEqual(['z', 'y', 'x']);
    expect(keys(sortChannels([x, y, z], { key: 'rate', dir: 'ascending' }, new Map()))).toEqual(['z', 'y', 'x']);
  });

  it('a header click flips its column or starts another in its natural direction', () => {
    let s: Sort = DEFAULT_SORT;
    s = nextSort(s, 'rate');
    expect(s).toEqual({ key: 'rate', dir: 'descending' });
    s = nextSort(s, 'rate');
    expect(s).toEqual({ key: 'rate', dir: 'ascending' });
    expect(nextSort(s, 'name')).toEqual({ key: 'name', dir: 'ascending' });
    expect(nextSort(DEFAULT_SORT, 'pattern')).toEqual({ key: 'pattern', dir: 'descending' });
  });

  it('names show the method when not GET and the host when asked', () => {
    const post = channel({ method: 'POST', template: '/api/eio/', origin: 'http://127.0.0.1:5175' });
    expect(channelName(post, false)).toBe('POST /api/eio/');
    expect(channelName(post, true)).toBe('POST 127.0.0.1:5175/api/eio/');
    expect(channelName(ws, false)).toBe('/ws');
  });
});

describe('stream notes', () => {
  const eioPoll = channel({ key: 'g', transport: 'xhr', pattern: 'long-polling', stream: 's1', firstAt: 100 });
  const eioPost = channel({ key: 'p', transport: 'xhr', method: 'POST', pattern: 'one-off', stream: 's1', firstAt: 150 });
  const eioWs = channel({ key: 'w', transport: 'websocket', pattern: 'websocket', stream: 's1', firstAt: 200 });

  it('an upgrade: the HTTP channels upgrade, the WebSocket was upgraded', () => {
    const list = [eioWs, eioPoll, eioPost, poll];
    expect(streamNote(eioPoll, list)).toBe('↪ upgrades to WebSocket');
    expect(streamNote(eioPost, list)).toBe('↪ upgrades to WebSocket');
    expect(streamNote(eioWs, list)).toBe('↩ upgraded from long-polling');
    expect(streamNote(poll, list)).toBeNull();
  });

  it('a fallback: the failed WebSocket falls back, the poller follows it', () => {
    const dead = channel({ key: 'd', transport: 'websocket', pattern: 'one-off', stream: 's2', firstAt: 10 });
    const poller = channel({ key: 'q', transport: 'fetch', pattern: 'polling', stream: 's2', firstAt: 20 });
    expect(streamNote(dead, [dead, poller])).toBe('↪ falls back to polling');
    expect(streamNote(poller, [dead, poller])).toBe('↩ fallback after WebSocket');
  });
});

describe('finding numbers', () => {
  it('labels camelCase keys in words', () => {
    expect(numberLabel('wastedBytesPerMin')).toBe('wasted bytes');
    expect(numberLabel('intervalMs')).toBe('interval');
    expect(numberLabel('identicalPct')).toBe('identical');
    expect(numberLabel('peakMessagesPerSecUp')).toBe('peak messages up');
    expect(numberLabel('requestsPerMin')).toBe('requests');
  });
  it('formats by the key suffix', () => {
    expect(formatNumber('wastedBytesPerMin', 317_440)).toBe('317 kB/min');
    expect(formatNumber('headerBytes', 512)).toBe('512 B');
    expect(formatNumber('intervalMs', 1000)).toBe('1.00 s');
    expect(formatNumber('identicalPct', 93.7)).toBe('94%');
    expect(formatNumber('requestsPerMin', 60)).toBe('60/min');
    expect(formatNumber('peakMessagesPerSec', 2.25)).toBe('2.3/s');
    expect(formatNumber('headerToBodyRatio', 3.14)).toBe('3.1×');
    expect(formatNumber('concurrent', 7)).toBe('7');
    expect(formatNumber('reconnects', 12_345)).toBe('12,345');
  });
});

describe('hosts in names', () => {
  it('are shown only when the channels reach several hosts, whatever the scheme', () => {
    const a = channel({ origin: 'http://127.0.0.1:5175' });
    const b = channel({ origin: 'ws://127.0.0.1:5175', transport: 'websocket' });
    const c = channel({ origin: 'https://api.example.com' });
    expect(showsHosts([a, b])).toBe(false);
    expect(showsHosts([a, b, c])).toBe(true);
  });
});

describe('findingTarget', () => {
  const f = finding('poll', 'warning');
  it("selects the finding's channel alone, shows its messages over its lifetime", () => {
    const c = channel({ key: 'poll', firstAt: 1000, lastAt: 5000 });
    expect(findingTarget(f, c)).toEqual({ channels: new Set(['poll']), patterns: new Set(), tab: 'messages', range: [1000, 5001] });
  });
  it('shows every message when the channel or its span is unknown', () => {
    expect(findingTarget(f, undefined).range).toBeNull();
    expect(findingTarget(f, channel({ key: 'poll', firstAt: 0, lastAt: 0 })).range).toBeNull();
    expect(findingTarget(f, channel({ key: 'poll', firstAt: 10, lastAt: NaN })).range).toBeNull();
  });
});

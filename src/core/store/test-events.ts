/**
 * Test helper: capture events for the store's tests (and its bench). Not imported by product code.
 */
import type { CaptureEvent, Direction, Preview, SourceInfo } from '../protocol';
import { Capture, type CaptureOptions } from './capture';
import type { ChannelLookup } from './connection-records';

export const SRC: SourceInfo = { sourceId: 's1', frameId: 0, url: 'https://app.test/', top: true };

export const text = (data: string, truncated = false): Preview => ({ encoding: 'text', data, truncated });

export function wsCreate(id: string, t: number, url = `wss://app.test/${id}`): CaptureEvent {
  return { kind: 'ws-create', id, t, url, protocols: [] };
}

export function wsMsg(id: string, t: number, dir: Direction, data: string, size = data.length): CaptureEvent {
  return { kind: 'ws-message', id, t, dir, binary: false, size, preview: text(data) };
}

export function wsBinary(id: string, t: number, dir: Direction, base64: string, size: number): CaptureEvent {
  return { kind: 'ws-message', id, t, dir, binary: true, size, preview: { encoding: 'base64', data: base64, truncated: false } };
}

export function sse(id: string, t: number, data: string, event = 'message', lastEventId = '', retry: number | null = null): CaptureEvent {
  return { kind: 'sse', id, t, event, lastEventId, retry, size: data.length, preview: text(data) };
}

export function requestStart(id: string, t: number, url = `https://app.test/api/${id}`): CaptureEvent {
  return { kind: 'request-start', id, t, transport: 'fetch', method: 'GET', url, requestHeaders: [['accept', '*/*']], requestBodySize: 0 };
}

export function response(id: string, t: number, contentType = 'application/json'): CaptureEvent {
  return { kind: 'response', id, t, status: 200, statusText: 'OK', url: '', redirected: false, headers: [['content-type', contentType]], contentType, protocol: 'h2' };
}

export function requestEnd(id: string, t: number, body = '{}', error: '' | 'abort' | 'error' | 'timeout' = ''): CaptureEvent {
  return { kind: 'request-end', id, t, bodySize: body.length, preview: text(body), hash: 'h', error, note: '' };
}

/** Channel of a connection key: the part of the id before '#' (ids like 'chat#1' share channel 'chat'). */
export const laneByIdPrefix: ChannelLookup = (key) => {
  const id = key.slice(key.indexOf(':') + 1);
  const h = id.indexOf('#');
  return h < 0 ? id : id.slice(0, h);
};

/** A Capture whose records take their channel from `laneByIdPrefix` (or `opts.channelOf`), so lanes are predictable. */
export function testCapture(opts: CaptureOptions = {}): Capture {
  return new Capture({ channelOf: laneByIdPrefix, ...opts });
}

/** Deterministic PRNG (mulberry32): the corpus, the benchmarks and the store's tests all use this one. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

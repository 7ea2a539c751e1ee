import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../core/protocol';
import { base64ToBytes } from '../core/text/bytes';
import { BodyAccumulator } from './body-accumulator';
import type { Emitter } from './emitter';

function fakeEmitter(): { emitter: Emitter; events: CaptureEvent[] } {
  const events: CaptureEvent[] = [];
  return { emitter: { emit: (e: CaptureEvent) => events.push(e) } as unknown as Emitter, events };
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('BodyAccumulator', () => {
  it('decodes text across chunk boundaries that split a UTF-8 character', () => {
    const { emitter } = fakeEmitter();
    const acc = new BodyAccumulator('r1', 'application/json', emitter, 1024);
    const bytes = utf8('{"café":"😀"}');
    for (let i = 0; i < bytes.length; i++) acc.pushBytes(bytes.subarray(i, i + 1));
    const { preview, hash } = acc.finish();
    expect(preview).toEqual({ encoding: 'text', data: '{"café":"😀"}', truncated: false });
    expect(acc.size).toBe(bytes.length);
    expect(hash).toMatch(/^[0-9a-f]{8}$/);
  });

  it('caps the preview, marks it truncated, and still counts every byte', () => {
    const { emitter } = fakeEmitter();
    const acc = new BodyAccumulator('r1', 'text/plain', emitter, 10);
    acc.pushBytes(utf8('0123456789abcdef'));
    acc.pushBytes(utf8('more'));
    const { preview } = acc.finish();
    expect(preview.data).toBe('0123456789');
    expect(preview.truncated).toBe(true);
    expect(acc.size).toBe(20);
  });

  it('keeps binary bodies as base64 of the first bytes', () => {
    const { emitter } = fakeEmitter();
    const acc = new BodyAccumulator('r1', 'application/octet-stream', emitter, 4);
    acc.pushBytes(Uint8Array.from([0, 1, 2]));
    acc.pushBytes(Uint8Array.from([3, 4, 5]));
    const { preview } = acc.finish();
    expect(preview.encoding).toBe('base64');
    expect([...base64ToBytes(preview.data)]).toEqual([0, 1, 2, 3]);
    expect(preview.truncated).toBe(true);
  });

  it('emits one sse event per record of an event stream, with its fields', () => {
    const { emitter, events } = fakeEmitter();
    const acc = new BodyAccumulator('s1', 'text/event-stream; charset=utf-8', emitter, 1024);
    acc.pushBytes(utf8('retry: 500\nid: 1\nevent: tick\ndata: {"n":1}\n\nid: 2\nda'));
    expect(events).toHaveLength(1);
    acc.pushBytes(utf8('ta: two\n\n'));
    expect(events.map((e) => (e.kind === 'sse' ? [e.event, e.lastEventId, e.retry, e.preview.data] : null))).toEqual([
      ['tick', '1', 500, '{"n":1}'],
      ['message', '2', null, 'two'],
    ]);
  });

  it('drops an endless unterminated SSE line instead of growing without bound', () => {
    const { emitter, events } = fakeEmitter();
    const acc = new BodyAccumulator('s1', 'text/event-stream', emitter, 1024);
    const junk = 'x'.repeat(64 * 1024);
    acc.pushBytes(utf8('data: '));
    for (let i = 0; i < 20; i++) acc.pushBytes(utf8(junk));
    acc.pushBytes(utf8('\n\ndata: ok\n\n'));
    expect(events.at(-1)?.kind === 'sse' && events.at(-1)).toMatchObject({ preview: { data: 'ok' } });
  });
});

import { MessageChannel, type MessagePort as NodePort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type CaptureEvent, type HookToContent } from '../core/protocol';
import { Emitter, TextSource } from './emitter';

/** An emitter talking to a fake relay over a real MessageChannel; returns what the relay receives. */
function connected(): { emitter: Emitter; relay: NodePort; received: HookToContent[] } {
  const { port1, port2 } = new MessageChannel();
  const emitter = new Emitter();
  emitter.connect(port1 as unknown as MessagePort);
  const received: HookToContent[] = [];
  port2.on('message', (m: HookToContent) => received.push(m));
  return { emitter, relay: port2, received };
}

/** connected(), with the relay's attach already taken in. */
async function attachedEmitter(): Promise<ReturnType<typeof connected>> {
  const c = connected();
  c.relay.postMessage({ type: 'attach', attached: true });
  await until(() => c.emitter.isAttached);
  return c;
}

const until = async (ok: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!ok()) throw new Error('timed out');
};

const end = (id: string, bodySize = 0): CaptureEvent => ({ kind: 'request-end', id, t: 1, bodySize, preview: null, hash: '', error: '', note: '' });

const batches = (received: HookToContent[]): CaptureEvent[] =>
  received.flatMap((m) => (m.type === 'batch' ? m.events : []));

describe('Emitter.later', () => {
  it('while detached, describes nothing until a panel attaches, then sends every event in order', async () => {
    const { emitter, relay, received } = connected();
    let described = 0;
    emitter.emit(end('a'));
    emitter.later(() => {
      described++;
      return end('b');
    });
    emitter.emit(end('c'));
    await until(() => received.length > 0);
    expect(received[0]).toEqual({ type: 'hello', v: PROTOCOL_VERSION });
    expect(described).toBe(0);

    relay.postMessage({ type: 'attach', attached: true });
    await until(() => batches(received).length === 3);
    expect(described).toBe(1);
    expect(batches(received).map((e) => (e as { id: string }).id)).toEqual(['a', 'b', 'c']);
    relay.close();
  });

  it('a description that throws loses that event only', async () => {
    const { emitter, relay, received } = connected();
    emitter.emit(end('a'));
    emitter.later(() => {
      throw new Error('gone');
    });
    emitter.later(() => end('c'));
    relay.postMessage({ type: 'attach', attached: true });
    await until(() => batches(received).length === 2);
    expect(batches(received).map((e) => (e as { id: string }).id)).toEqual(['a', 'c']);
    relay.close();
  });

  it('while attached, describes at once: what it read cannot change before it is sent', async () => {
    const { emitter, relay, received } = await attachedEmitter();
    let size = 5;
    emitter.later(() => end('a', size));
    size = 99;
    await until(() => batches(received).length === 1);
    expect((batches(received)[0] as { bodySize: number }).bodySize).toBe(5);
    relay.close();
  });

  it('a described event evicted from the detached ring is never described', async () => {
    const { emitter, relay, received } = connected();
    let described = 0;
    emitter.later(() => {
      described++;
      return end('old');
    });
    // The ring keeps the most recent 2,000 events.
    for (let i = 0; i < 4000; i++) emitter.emit(end(`e${i}`));
    relay.postMessage({ type: 'attach', attached: true });
    await until(() => batches(received).length >= 2000);
    expect(described).toBe(0);
    expect(batches(received).some((e) => (e as { id: string }).id === 'old')).toBe(false);
    relay.close();
  });
});

describe('Emitter.laterText', () => {
  const text = (id: string): TextSource =>
    new TextSource((t, data) => ({ kind: 'ws-message', id, t, dir: 'down', binary: false, size: data.length, preview: { encoding: 'text', data, truncated: false } }));
  const described = (events: CaptureEvent[]): string[] =>
    events.map((e) => (e.kind === 'ws-message' ? `${e.id}@${e.t}:${e.preview?.data}` : (e as { id: string }).id));

  it('detached texts keep their own time and text and their place among other events', async () => {
    const { emitter, relay, received } = connected();
    const a = text('a');
    const b = text('b');
    emitter.laterText(a, 1, 'one');
    emitter.emit(end('x'));
    emitter.laterText(b, 2, 'two');
    emitter.later(() => end('y'));
    emitter.laterText(a, 3, 'three');
    relay.postMessage({ type: 'attach', attached: true });
    await until(() => batches(received).length === 5);
    expect(described(batches(received))).toEqual(['a@1:one', 'x', 'b@2:two', 'y', 'a@3:three']);
    relay.close();
  });

  it('the ring keeps each text with its own time after evictions of mixed events', async () => {
    const { emitter, relay, received } = connected();
    const a = text('a');
    // 10,001 entries, a third of them other events: the ring trims several times, cutting
    // between texts and other events; every kept text must still carry its own time.
    for (let i = 0; i <= 10_000; i++) {
      if (i % 3 === 0) emitter.emit(end(`e${i}`));
      else emitter.laterText(a, i, `m${i}`);
    }
    relay.postMessage({ type: 'attach', attached: true });
    await until(() => batches(received).length >= 2000);
    const events = batches(received);
    expect(events.length).toBeGreaterThanOrEqual(2000);
    expect(events.length).toBeLessThan(4000);
    const first = 10_001 - events.length;
    expect(described(events)).toEqual(
      Array.from({ length: events.length }, (_, k) => {
        const i = first + k;
        return i % 3 === 0 ? `e${i}` : `a@${i}:m${i}`;
      }),
    );
    const batch = received.find((m) => m.type === 'batch');
    expect(batch?.type === 'batch' && batch.dropped).toBe(first);
    relay.close();
  });

  it('a text whose description throws loses that text only', async () => {
    const { emitter, relay, received } = connected();
    const broken = new TextSource(() => {
      throw new Error('gone');
    });
    emitter.laterText(text('a'), 1, 'one');
    emitter.laterText(broken, 2, 'two');
    emitter.laterText(text('c'), 3, 'three');
    relay.postMessage({ type: 'attach', attached: true });
    await until(() => batches(received).length === 2);
    expect(described(batches(received))).toEqual(['a@1:one', 'c@3:three']);
    relay.close();
  });

  it('attached, a text is described at once and sent in order', async () => {
    const { emitter, relay, received } = await attachedEmitter();
    let calls = 0;
    const counted = new TextSource((t, data) => {
      calls++;
      return text('a').describe(t, data);
    });
    emitter.laterText(counted, 1, 'one');
    expect(calls).toBe(1);
    emitter.emit(end('x'));
    await until(() => batches(received).length === 2);
    expect(described(batches(received))).toEqual(['a@1:one', 'x']);
    relay.close();
  });
});

import { utf8Length } from '../core/bytes';
import type { Emitter } from './emitter';
import { listen, natives, nextId, now, safely } from './natives';
import { addOwn, patch, proxyApply } from './registry';

const ids = new natives.WeakMap<EventSource, string>();
/** Event types we already listen to on each EventSource. */
const heard = new natives.WeakMap<EventSource, Set<string>>();

/**
 * EventSource: the page gets the real object (Proxy construct trap); we attach listeners.
 * Named events fire only for types somebody listens to, so we learn the types the page asks
 * for through addEventListener and listen to those too.
 */
export function hookEventSource(emitter: Emitter): void {
  const Native = globalThis.EventSource;
  if (typeof Native !== 'function') return;
  const proxy = new Proxy(Native, {
    construct(target, args, newTarget) {
      const es = natives.construct(target, args, newTarget) as EventSource;
      safely(() => observe(emitter, es));
      return es;
    },
  });
  if (!patch<typeof EventSource>(globalThis, 'EventSource', () => proxy)) return;
  patch(Native.prototype, 'constructor', () => proxy);

  const addListener = EventTarget.prototype.addEventListener;
  addOwn(
    Native.prototype,
    'addEventListener',
    proxyApply(addListener, (target, es, args) => {
      safely(() => {
        const type = args[0];
        if (typeof type === 'string') listenFor(emitter, es as EventSource, type);
      });
      return natives.apply(target, es, args);
    }),
    natives.getOwnPropertyDescriptor(EventTarget.prototype, 'addEventListener')!,
  );
  patch<EventSource['close']>(Native.prototype, 'close', (nativeClose) =>
    proxyApply(nativeClose, (target, es, args) => {
      const source = es as EventSource;
      const wasOpen = safely(() => source.readyState !== 2);
      const r = natives.apply(target, es, args);
      safely(() => {
        const id = ids.get(source);
        if (id && wasOpen) emitter.emit({ kind: 'es-close', id, t: now(), readyState: source.readyState });
      });
      return r;
    }),
  );
}

function observe(emitter: Emitter, es: EventSource): void {
  const id = nextId();
  ids.set(es, id);
  heard.set(es, new Set());
  emitter.emit({ kind: 'es-create', id, t: now(), url: es.url, withCredentials: es.withCredentials });
  listen(es, 'open', () => safely(() => emitter.emit({ kind: 'es-open', id, t: now(), readyState: es.readyState })));
  listen(es, 'error', () => safely(() => emitter.emit({ kind: 'es-error', id, t: now(), readyState: es.readyState })));
  listenFor(emitter, es, 'message');
}

function listenFor(emitter: Emitter, es: EventSource, type: string): void {
  const id = ids.get(es);
  const types = heard.get(es);
  if (!id || !types || types.has(type) || type === 'open' || type === 'error') return;
  types.add(type);
  listen(es, type, (ev) =>
    safely(() => {
      const m = ev as MessageEvent;
      const data = typeof m.data === 'string' ? m.data : '';
      const cap = emitter.cap;
      emitter.emit({
        kind: 'sse',
        id,
        t: now(),
        event: m.type,
        lastEventId: m.lastEventId,
        retry: null,
        size: utf8Length(data),
        preview: { encoding: 'text', data: data.length > cap ? data.slice(0, cap) : data, truncated: data.length > cap },
      });
    }),
  );
}

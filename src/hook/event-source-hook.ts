import { utf8Length } from '../core/text/bytes';
import { textPreview } from '../core/text/preview';
import type { Emitter } from './emitter';
import { listen, natives, nextId, now, safely } from './natives';
import { protocolFor } from './next-hop';
import { eventSourceInfo, eventSourceState, eventType, messageData, messageLastEventId } from './platform';
import { patch, proxyApply } from './registry';

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

  // Patched where the page's own copy lives, EventTarget.prototype, not as an own member of
  // EventSource.prototype: that one showed in getOwnPropertyNames(EventSource.prototype) and made
  // es.addEventListener !== EventTarget.prototype.addEventListener. It also sees
  // EventTarget.prototype.addEventListener.call(es, ...), which the own member missed.
  // This trap runs on every addEventListener call of the page, on every kind of target: for
  // anything but an EventSource we track it costs one WeakMap lookup (which never throws, even for
  // a primitive `this`), then the native gets the page's own receiver and arguments.
  patch<typeof EventTarget.prototype.addEventListener>(EventTarget.prototype, 'addEventListener', (nativeAdd) =>
    proxyApply(nativeAdd, (target, self, args) => {
      if (ids.has(self as EventSource)) {
        safely(() => {
          const type = args[0];
          if (typeof type === 'string') listenFor(emitter, self as EventSource, type);
        });
      }
      return natives.apply(target, self, args);
    }),
  );
  patch<EventSource['close']>(Native.prototype, 'close', (nativeClose) =>
    proxyApply(nativeClose, (target, es, args) => {
      const source = es as EventSource;
      const wasOpen = safely(() => eventSourceState(source) !== 2);
      const r = natives.apply(target, es, args);
      safely(() => {
        const id = ids.get(source);
        if (id && wasOpen) emitter.emit({ kind: 'es-close', id, t: now(), readyState: eventSourceState(source) });
      });
      return r;
    }),
  );
}

function observe(emitter: Emitter, es: EventSource): void {
  const id = nextId();
  ids.set(es, id);
  heard.set(es, new Set());
  const { url, withCredentials } = eventSourceInfo(es);
  emitter.emit({ kind: 'es-create', id, t: now(), url, withCredentials });
  listen(es, 'open', () =>
    safely(() => {
      const t = now();
      const readyState = eventSourceState(es);
      // Detached, the protocol is looked up on attach, once the buffer's entries are learned (next-hop.ts).
      emitter.later(() => ({ kind: 'es-open', id, t, readyState, protocol: protocolFor(url) }));
    }),
  );
  listen(es, 'error', () => safely(() => emitter.emit({ kind: 'es-error', id, t: now(), readyState: eventSourceState(es) })));
  listenFor(emitter, es, 'message');
}

function listenFor(emitter: Emitter, es: EventSource, type: string): void {
  const id = ids.get(es);
  const types = heard.get(es);
  if (!id || !types || types.has(type) || type === 'open' || type === 'error') return;
  types.add(type);
  listen(es, type, (ev) =>
    safely(() => {
      const raw = messageData(ev);
      const data = typeof raw === 'string' ? raw : '';
      const cap = emitter.cap;
      emitter.emit({
        kind: 'sse',
        id,
        t: now(),
        event: eventType(ev),
        lastEventId: messageLastEventId(ev),
        retry: null,
        size: utf8Length(data),
        preview: textPreview(data, cap),
      });
    }),
  );
}

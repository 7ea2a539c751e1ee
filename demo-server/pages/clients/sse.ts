/** Client: EventSource with the default `message` event and the named `tick`/`price` events. */
import type { KnobDoc } from '../layout';

export const SSE_KNOBS: readonly KnobDoc[] = [
  { name: 'rate', def: '500', meaning: 'ms between events (min 10)' },
  { name: 'retry', def: '1000', meaning: 'reconnect delay announced with the retry: field' },
  { name: 'disconnectAfter', def: '10', meaning: 'server ends the stream after this many events (0 = never)' },
];

export const SSE_CLIENT = String.raw`
function startSse(log) {
  var source = new EventSource(apiUrl('/api/sse'));
  function show(kind) {
    return function (event) { log(kind, 'id ' + event.lastEventId + ': ' + preview(event.data)); };
  }
  source.onopen = function () { log('open', 'connected'); };
  source.onmessage = show('message');
  // Named events never reach onmessage: they need their own listeners.
  source.addEventListener('tick', show('tick'));
  source.addEventListener('price', show('price'));
  source.onerror = function () {
    log('error', source.readyState === EventSource.CONNECTING ? 'stream ended, browser reconnects with Last-Event-ID' : 'closed');
  };
}
`;

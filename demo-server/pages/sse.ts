/** /sse — Server-Sent Events through EventSource. */
import { SSE_CLIENT, SSE_KNOBS } from './clients/sse';
import { renderPage } from './layout';

export function ssePage(query: URLSearchParams): string {
  return renderPage(
    {
      title: 'Server-Sent Events (EventSource)',
      explanation: `<p>One long HTTP response of <code>text/event-stream</code>: the server writes events when it
wants to. Unnamed events reach <code>onmessage</code>; named ones (<code>tick</code>, <code>price</code>) need
<code>addEventListener</code>. The server ends the stream after <code>disconnectAfter</code> events and the browser
reconnects by itself after the announced <code>retry</code>, sending <code>Last-Event-ID</code> so ids continue.</p>`,
      knobs: SSE_KNOBS,
      script: `${SSE_CLIENT}\nstartSse(makeLog('log'));`,
    },
    query,
  );
}

/** /sse-fetch — Server-Sent Events read with fetch and parsed by the page. */
import { SSE_FETCH_CLIENT, SSE_FETCH_KNOBS } from './clients/sse-fetch';
import { renderPage } from './layout';

export function sseFetchPage(query: URLSearchParams): string {
  return renderPage(
    {
      title: 'Server-Sent Events (fetch + reader)',
      explanation: `<p>The same <code>/api/sse</code> stream, but read with <code>fetch</code>,
<code>response.body.getReader()</code> and <code>TextDecoder</code>, and parsed by page code, as
fetch-event-source and most AI chat UIs do (they need POST bodies or custom headers). To the network this is a
plain streaming fetch; the page handles reconnection and <code>Last-Event-ID</code> itself.</p>`,
      knobs: SSE_FETCH_KNOBS,
      script: `${SSE_FETCH_CLIENT}\nstartSseFetch(makeLog('log'));`,
    },
    query,
  );
}

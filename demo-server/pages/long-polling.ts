/** /long-polling — long-polling loop page. */
import { LONG_POLLING_CLIENT, LONG_POLLING_KNOBS } from './clients/long-polling';
import { renderPage } from './layout';

export function longPollingPage(query: URLSearchParams): string {
  return renderPage(
    {
      title: 'Long polling',
      explanation: `<p>The page asks <code>/api/long-poll</code> and the server <em>holds</em> the request until news
happens (at a random moment within <code>hold</code> ms) or answers <code>204 No Content</code> when the hold
expires. Either way the page asks again immediately, so there is almost always one request in flight.</p>`,
      knobs: LONG_POLLING_KNOBS,
      script: `${LONG_POLLING_CLIENT}\nstartLongPolling(makeLog('log'));`,
    },
    query,
  );
}

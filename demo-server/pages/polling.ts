/** /polling — fetch polling page. */
import { POLLING_CLIENT, POLLING_KNOBS } from './clients/polling';
import { renderPage } from './layout';

export function pollingPage(query: URLSearchParams): string {
  return renderPage(
    {
      title: 'Polling (fetch)',
      explanation: `<p>The page asks <code>/api/poll</code> every <code>interval</code> ms whether anything changed.
Most answers are byte-identical to the previous one: the cost of polling is all those repeated bytes and
requests. Each request carries a <code>_=&lt;timestamp&gt;</code> cache-buster, as jQuery's <code>cache: false</code> does.
With <code>etag=1</code> the server sends an <code>ETag</code> and answers <code>304</code> when the page revalidates.</p>`,
      knobs: POLLING_KNOBS,
      script: `${POLLING_CLIENT}\nstartPolling(makeLog('log'));`,
    },
    query,
  );
}

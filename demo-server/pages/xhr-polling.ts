/** /xhr-polling — the polling page, with XMLHttpRequest. */
import { XHR_POLLING_CLIENT, XHR_POLLING_KNOBS } from './clients/xhr-polling';
import { renderPage } from './layout';

export function xhrPollingPage(query: URLSearchParams): string {
  return renderPage(
    {
      title: 'Polling (XMLHttpRequest)',
      explanation: `<p>Same traffic as the fetch polling page, sent with <code>XMLHttpRequest</code> as older code
and many libraries still do. A capture tool must see both APIs the same way.</p>`,
      knobs: XHR_POLLING_KNOBS,
      script: `${XHR_POLLING_CLIENT}\nstartXhrPolling(makeLog('log'));`,
    },
    query,
  );
}

/** /streaming — NDJSON streaming page. */
import { STREAMING_CLIENT, STREAMING_KNOBS } from './clients/streaming';
import { renderPage } from './layout';

export function streamingPage(query: URLSearchParams): string {
  return renderPage(
    {
      title: 'Streaming (NDJSON)',
      explanation: `<p><code>/api/stream</code> answers <code>application/x-ndjson</code>: one JSON object per line,
written every <code>rate</code> ms. The page reads the body incrementally with a stream reader instead of
waiting for the whole response, then starts a new stream one second after each ends.</p>`,
      knobs: STREAMING_KNOBS,
      script: `${STREAMING_CLIENT}\nstartStreaming(makeLog('log'));`,
    },
    query,
  );
}

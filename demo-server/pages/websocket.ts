/** /websocket — WebSocket echo + push page. */
import { WEBSOCKET_CLIENT, WEBSOCKET_KNOBS } from './clients/websocket';
import { renderPage } from './layout';

export function websocketPage(query: URLSearchParams): string {
  return renderPage(
    {
      title: 'WebSocket',
      explanation: `<p>One socket to <code>/ws</code>, messages both ways. The page sends text every
<code>sendEvery</code> ms and a 16-byte binary frame every third time; the server echoes each message with its
original type and pushes its own JSON (binary every fifth push). With <code>closeAfter</code> the server closes
with code 4000 "demo close" and the page reconnects after a second.</p>`,
      knobs: WEBSOCKET_KNOBS,
      script: `${WEBSOCKET_CLIENT}\nstartWebSocket(makeLog('log'));`,
    },
    query,
  );
}

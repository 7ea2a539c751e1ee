/** /upgrade — an Engine.IO-style session: long-polling first, then upgraded to a WebSocket. */
import { UPGRADE_CLIENT, UPGRADE_KNOBS } from './clients/upgrade';
import { renderPage } from './layout';

export function upgradePage(query: URLSearchParams): string {
  return renderPage(
    {
      title: 'Transport upgrade (Engine.IO style)',
      explanation: `<p>What Socket.IO does under the hood, with a small Engine.IO v4 server of our own at
<code>/api/eio/</code>. The page handshakes with an <code>XMLHttpRequest</code> and gets a session id
(<code>sid</code>), then long-polls: each <code>GET</code> is held until the server has news or until
<code>hold</code> ms pass and it answers with a ping, which the page answers with a pong in a <code>POST</code>
(its own messages go out as <code>POST</code>s too). After <code>upgradeAfter</code> ms the page opens a
WebSocket with the same <code>sid</code>, probes it (<code>2probe</code> / <code>3probe</code>), waits for the
pending poll (released with a noop <code>6</code>), sends <code>5</code> and carries on over the socket.
Polling and socket are one logical stream, tied by the <code>sid</code>. Every URL carries a
<code>t=</code> cache buster.</p>`,
      knobs: UPGRADE_KNOBS,
      script: `${UPGRADE_CLIENT}\nstartUpgrade(makeLog('log'));`,
    },
    query,
  );
}

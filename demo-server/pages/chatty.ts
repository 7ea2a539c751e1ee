/** /chatty — the bad example: several aggressive pollers with unchanging answers. */
import { CHATTY_CLIENT } from './clients/chatty';
import { renderPage } from './layout';

export function chattyPage(query: URLSearchParams): string {
  return renderPage(
    {
      title: 'Chatty page (the bad example)',
      explanation: `<p>What the extension should flag: four pollers at once. <code>/api/poll?name=a</code> every
250 ms, <code>/api/poll?name=b</code> every 500 ms, an XHR poller every 300 ms with a <code>t=&lt;timestamp&gt;</code>
buster, and <code>/api/status</code> every second. Every answer is identical JSON without an <code>ETag</code>, so
nearly all of this traffic is redundant.</p>`,
      knobs: [{ name: 'size', def: '200', meaning: 'approximate JSON size of the poll answers' }],
      script: `${CHATTY_CLIENT}\nstartChatty(makeLog('log'));`,
    },
    query,
  );
}

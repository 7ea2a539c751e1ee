/** Client: long-polling loop; re-requests immediately after each answer, backs off on errors. */
import type { KnobDoc } from '../layout';

export const LONG_POLLING_KNOBS: readonly KnobDoc[] = [
  { name: 'hold', def: '10000', meaning: 'max ms the server holds each request (10..120000)' },
  { name: 'news', def: '1', meaning: 'probability that news arrives within the hold (else 204)' },
];

export const LONG_POLLING_CLIENT = String.raw`
function startLongPolling(log) {
  function next() {
    var started = performance.now();
    fetch(apiUrl('/api/long-poll'))
      .then(function (res) {
        var waited = Math.round(performance.now() - started);
        if (res.status === 204) { log('timeout', '204 after ' + waited + ' ms, asking again'); return; }
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json().then(function (data) {
          log('news', '#' + data.news.id + ' "' + data.news.headline + '" after ' + waited + ' ms');
        });
      })
      // Immediately ask again on success; a dead server must not turn this into a hot loop.
      .then(next, function (err) {
        log('error', String(err) + ', retrying in 1 s');
        setTimeout(next, 1000);
      });
  }
  next();
}
`;

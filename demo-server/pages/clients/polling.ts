/** Client: fetch-based polling of /api/poll on a fixed cadence, with a jQuery-style `_` buster. */
import type { KnobDoc } from '../layout';

export const POLLING_KNOBS: readonly KnobDoc[] = [
  { name: 'interval', def: '1000', meaning: 'ms between requests (min 10)' },
  { name: 'change', def: '0.1', meaning: 'probability that the answer changes (0..1)' },
  { name: 'size', def: '200', meaning: 'approximate JSON size in bytes' },
  { name: 'name', def: 'default', meaning: 'poller name; each name has its own version counter' },
  { name: 'etag', def: '0', meaning: '1 = server sends ETag, page revalidates with If-None-Match (304)' },
];

export const POLLING_CLIENT = String.raw`
function startPolling(log) {
  var interval = knob('interval', 1000, 10, 600000);
  var revalidate = flag('etag', false);
  var lastBody = null;
  var lastEtag = null;
  // setInterval, not "wait for the answer then schedule": the naive cadence most pollers use.
  setInterval(function () {
    var headers = {};
    if (revalidate && lastEtag) headers['If-None-Match'] = lastEtag;
    fetch(apiUrl('/api/poll', { _: Date.now() }), { headers: headers })
      .then(function (res) {
        if (res.status === 304) { log('304', 'not modified'); return; }
        if (!res.ok) throw new Error('HTTP ' + res.status);
        lastEtag = res.headers.get('ETag');
        return res.text().then(function (body) {
          var same = body === lastBody;
          lastBody = body;
          log(same ? 'same' : 'changed', 'version ' + JSON.parse(body).version + ', ' + body.length + ' bytes');
        });
      })
      .catch(function (err) { log('error', String(err)); });
  }, interval);
}
`;

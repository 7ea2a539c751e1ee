/** Client: the same polling as polling.ts, with XMLHttpRequest as older apps do. */
import type { KnobDoc } from '../layout';
import { POLLING_KNOBS } from './polling';

export const XHR_POLLING_KNOBS: readonly KnobDoc[] = POLLING_KNOBS.filter((k) => k.name !== 'etag');

export const XHR_POLLING_CLIENT = String.raw`
function startXhrPolling(log) {
  var interval = knob('interval', 1000, 10, 600000);
  var lastBody = null;
  setInterval(function () {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', apiUrl('/api/poll', { _: Date.now() }));
    xhr.onload = function () {
      if (xhr.status !== 200) { log('error', 'HTTP ' + xhr.status); return; }
      var same = xhr.responseText === lastBody;
      lastBody = xhr.responseText;
      try {
        log(same ? 'same' : 'changed', 'version ' + JSON.parse(xhr.responseText).version + ', ' + xhr.responseText.length + ' bytes');
      } catch (err) { log('error', 'bad JSON: ' + preview(xhr.responseText)); }
    };
    xhr.onerror = function () { log('error', 'network error'); };
    xhr.send();
  }, interval);
}
`;

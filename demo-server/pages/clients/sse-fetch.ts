/**
 * Client: SSE read with fetch + a stream reader and parsed by hand, as fetch-event-source and
 * many AI chat UIs do. Follows the spec's parsing rules (CR/LF/CRLF line ends, field: value with
 * one optional space, comments, id/retry) and reconnects itself with Last-Event-ID.
 */
import { SSE_KNOBS } from './sse';

export const SSE_FETCH_KNOBS = SSE_KNOBS;

export const SSE_FETCH_CLIENT = String.raw`
function startSseFetch(log) {
  var lastId = '';
  var retry = 1000;

  function connect() {
    var headers = { Accept: 'text/event-stream' };
    if (lastId !== '') headers['Last-Event-ID'] = lastId;
    fetch(apiUrl('/api/sse'), { headers: headers, cache: 'no-store' })
      .then(function (res) {
        if (!res.ok || !res.body) throw new Error('HTTP ' + res.status);
        log('open', 'connected' + (lastId ? ', resuming after id ' + lastId : ''));
        return readEvents(res.body.getReader());
      })
      .then(function () { log('end', 'stream ended, reconnecting in ' + retry + ' ms'); },
            function (err) { log('error', String(err) + ', reconnecting in ' + retry + ' ms'); })
      .then(function () { setTimeout(connect, retry); });
  }

  function readEvents(reader) {
    var decoder = new TextDecoder();
    var buffer = '';
    var type = '';
    var data = [];
    function onLine(line) {
      if (line === '') {
        if (data.length > 0) log(type || 'message', 'id ' + lastId + ': ' + preview(data.join('\n')));
        type = '';
        data = [];
        return;
      }
      if (line.charAt(0) === ':') return; // comment / keep-alive
      var colon = line.indexOf(':');
      var field = colon === -1 ? line : line.slice(0, colon);
      var value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.charAt(0) === ' ') value = value.slice(1);
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id' && value.indexOf('\0') === -1) lastId = value;
      else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
    }
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) return;
        buffer += decoder.decode(chunk.value, { stream: true });
        // A trailing CR may be the first half of CRLF split across chunks: keep it for later.
        var lines = buffer.split(/\r\n|\r(?!$)|\n/);
        buffer = lines.pop();
        lines.forEach(onLine);
        return pump();
      });
    }
    return pump();
  }

  connect();
}
`;

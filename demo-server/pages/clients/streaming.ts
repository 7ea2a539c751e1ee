/** Client: NDJSON read incrementally with a stream reader; starts a new stream 1 s after each ends. */
import type { KnobDoc } from '../layout';

export const STREAMING_KNOBS: readonly KnobDoc[] = [
  { name: 'rate', def: '300', meaning: 'ms between lines (min 10)' },
  { name: 'count', def: '20', meaning: 'lines per stream' },
  { name: 'size', def: '64', meaning: 'approximate bytes per line' },
];

export const STREAMING_CLIENT = String.raw`
function startStreaming(log) {
  function run() {
    var started = performance.now();
    fetch(apiUrl('/api/stream'))
      .then(function (res) {
        if (!res.ok || !res.body) throw new Error('HTTP ' + res.status);
        var reader = res.body.getReader();
        var decoder = new TextDecoder();
        var buffer = '';
        function handle(line) {
          if (line.trim() === '') return;
          var at = Math.round(performance.now() - started);
          try {
            var item = JSON.parse(line);
            log('line', item.seq + '/' + item.of + ' at +' + at + ' ms');
          } catch (err) { log('bad', preview(line)); }
        }
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) { handle(buffer + decoder.decode()); return; }
            buffer += decoder.decode(chunk.value, { stream: true });
            var lines = buffer.split('\n');
            buffer = lines.pop();
            lines.forEach(handle);
            return pump();
          });
        }
        return pump();
      })
      .then(function () { log('end', 'stream finished, next one in 1 s'); },
            function (err) { log('error', String(err) + ', next try in 1 s'); })
      .then(function () { setTimeout(run, 1000); });
  }
  run();
}
`;

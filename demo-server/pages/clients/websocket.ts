/**
 * Client: one WebSocket that sends text every `sendEvery` ms (plus a 16-byte ArrayBuffer every
 * 3rd send), logs the server's echoes and pushes, and reconnects 1 s after a close.
 */
import type { KnobDoc } from '../layout';

export const WEBSOCKET_KNOBS: readonly KnobDoc[] = [
  { name: 'sendEvery', def: '1000', meaning: 'ms between messages the page sends (min 10)' },
  { name: 'push', def: '700', meaning: 'ms between server pushes (0 = no pushes)' },
  { name: 'closeAfter', def: '0', meaning: 'server closes with 4000 "demo close" after this many ms (0 = never)' },
  { name: 'reconnect', def: '1', meaning: '1 = reconnect 1 s after a close' },
];

export const WEBSOCKET_CLIENT = String.raw`
function startWebSocket(log) {
  var sendEvery = knob('sendEvery', 1000, 10, 600000);
  var reconnect = flag('reconnect', true);
  var sent = 0;

  function connect() {
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    var ws = new WebSocket(scheme + location.host + apiUrl('/ws'));
    ws.binaryType = 'arraybuffer';
    var timer = null;

    ws.onopen = function () {
      log('open', 'connected');
      timer = setInterval(function () {
        if (ws.readyState !== WebSocket.OPEN) return;
        sent += 1;
        ws.send(JSON.stringify({ type: 'hello', n: sent }));
        if (sent % 3 === 0) {
          var bytes = new Uint8Array(16);
          for (var i = 0; i < bytes.length; i++) bytes[i] = (sent + i) % 256;
          ws.send(bytes.buffer);
        }
      }, sendEvery);
    };
    ws.onmessage = function (event) {
      if (typeof event.data === 'string') {
        var kind = 'text';
        try { kind = JSON.parse(event.data).type === 'push' ? 'push' : 'echo'; } catch (err) { /* not JSON */ }
        log(kind, preview(event.data));
      } else {
        // The server echoes our 16-byte buffers and pushes 8-byte ones.
        var size = event.data.byteLength;
        log(size === 16 ? 'echo bin' : 'push bin', size + ' bytes: ' + hexBytes(event.data));
      }
    };
    ws.onerror = function () { log('error', 'socket error'); };
    ws.onclose = function (event) {
      clearInterval(timer);
      log('close', 'code ' + event.code + (event.reason ? ' "' + event.reason + '"' : '') + (reconnect ? ', reconnecting in 1 s' : ''));
      if (reconnect) setTimeout(connect, 1000);
    };
  }
  connect();
}
`;

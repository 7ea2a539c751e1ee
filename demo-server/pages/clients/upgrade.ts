/**
 * Client: an Engine.IO v4 session the way engine.io-client runs one. Handshake and long-polling
 * with XMLHttpRequest (GET to receive, POST to send, packets joined by U+001E), then after
 * `upgradeAfter` ms a WebSocket with the same sid: `2probe` → `3probe`, wait for the pending poll
 * and POST to finish, send `5`, and from then on every packet goes over the socket. Every URL
 * carries engine.io-client's `t=` cache buster (yeast). On any failure: a new session after 1 s.
 */
import type { KnobDoc } from '../layout';

export const UPGRADE_KNOBS: readonly KnobDoc[] = [
  { name: 'hold', def: '3000', meaning: 'pingInterval: max ms the server holds a poll before answering with a ping' },
  { name: 'upgradeAfter', def: '8000', meaning: 'ms of long-polling before the WebSocket probe' },
  { name: 'sendEvery', def: '1000', meaning: 'ms between messages the page sends (POST, then over the socket)' },
  { name: 'push', def: '1000', meaning: 'ms between server news once upgraded (±30%)' },
];

export const UPGRADE_CLIENT = String.raw`
function startUpgrade(log) {
  var upgradeAfter = knob('upgradeAfter', 8000, 0, 600000);
  var sendEvery = knob('sendEvery', 1000, 10, 600000);
  var SEPARATOR = String.fromCharCode(30);
  var ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  var lastStamp = '';
  var stampSeed = 0;
  var sent = 0;

  function encode64(n) {
    var s = '';
    do { s = ALPHABET.charAt(n % 64) + s; n = Math.floor(n / 64); } while (n > 0);
    return s;
  }
  /** engine.io-client's cache buster: the time in base 64, plus a counter within one millisecond. */
  function yeast() {
    var now = encode64(Date.now());
    if (now !== lastStamp) { lastStamp = now; stampSeed = 0; return now; }
    return now + '.' + encode64(stampSeed++);
  }

  function connect() {
    var sid = null;
    var transport = 'polling';
    var probeSocket = null;
    var socket = null;
    var polling = false;   // a GET is in flight
    var writing = false;   // a POST is in flight
    var upgrading = false; // 3probe came: no new poll or POST until the upgrade is done
    var whenIdle = null;
    var buffer = [];
    var closed = false;
    var sendTimer = null;
    var probeTimer = null;

    function url(name) {
      var params = { EIO: 4, transport: name, t: yeast() };
      if (sid !== null) params.sid = sid;
      return apiUrl('/api/eio/', params);
    }

    function fail(why) {
      if (closed) return;
      closed = true;
      clearInterval(sendTimer);
      clearTimeout(probeTimer);
      if (probeSocket) probeSocket.close();
      if (socket) socket.close();
      log('error', why + ', new session in 1 s');
      setTimeout(connect, 1000);
    }

    function request(method, body, done) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url('polling'));
      if (body !== null) xhr.setRequestHeader('Content-Type', 'text/plain;charset=UTF-8');
      xhr.onload = function () {
        if (closed) return;
        if (xhr.status !== 200) fail(method + ' HTTP ' + xhr.status + ' ' + preview(xhr.responseText));
        else done(xhr.responseText);
      };
      xhr.onerror = function () { fail(method + ' network error'); };
      xhr.send(body);
    }

    function onPacket(packet, via) {
      var type = packet.charAt(0);
      if (type === '2') { log('ping', 'over ' + via + ', answering with a pong'); write('3'); }
      else if (type === '4') log('news', 'over ' + via + ': ' + preview(packet.slice(1)));
      else if (type === '6') log('noop', 'poll released with a noop: the upgrade is under way');
      else if (type === '1') fail('the server closed the session');
      else log('packet', preview(packet));
    }

    function checkIdle() {
      if (whenIdle !== null && !polling && !writing) {
        var then = whenIdle;
        whenIdle = null;
        then();
      }
    }

    function poll() {
      if (closed || polling || upgrading || transport !== 'polling') { checkIdle(); return; }
      polling = true;
      var started = performance.now();
      request('GET', null, function (text) {
        polling = false;
        var via = 'polling (held ' + Math.round(performance.now() - started) + ' ms)';
        text.split(SEPARATOR).forEach(function (packet) { onPacket(packet, via); });
        poll();
      });
    }

    function write(packet) {
      if (transport === 'websocket') { socket.send(packet); return; }
      buffer.push(packet);
      flush();
    }

    function flush() {
      if (closed || writing || upgrading || transport !== 'polling' || buffer.length === 0) { checkIdle(); return; }
      writing = true;
      request('POST', buffer.splice(0).join(SEPARATOR), function () {
        writing = false;
        flush();
      });
    }

    function probe() {
      var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
      var ws = new WebSocket(scheme + location.host + url('websocket'));
      probeSocket = ws;
      ws.onopen = function () {
        if (closed) return;
        log('probe', 'WebSocket open with the same sid, sending 2probe');
        ws.send('2probe');
      };
      ws.onmessage = function (event) {
        if (closed) return;
        var packet = String(event.data);
        if (socket === ws) { onPacket(packet, 'websocket'); return; }
        if (packet !== '3probe') { log('probe', 'unexpected ' + preview(packet) + ', staying on polling'); ws.close(); return; }
        log('probe', '3probe: pausing polling');
        upgrading = true;
        whenIdle = function () {
          probeSocket = null;
          socket = ws;
          transport = 'websocket';
          upgrading = false;
          ws.send('5');
          log('upgrade', 'sent 5: session ' + sid + ' now runs over the WebSocket');
          buffer.splice(0).forEach(function (packet) { ws.send(packet); });
        };
        checkIdle();
      };
      ws.onerror = function () { if (!closed) log('error', 'WebSocket error'); };
      ws.onclose = function (event) {
        if (closed) return;
        if (socket === ws) { fail('WebSocket closed with code ' + event.code); return; }
        log('probe', 'probe socket closed (code ' + event.code + '), staying on polling');
        probeSocket = null;
        upgrading = false;
        whenIdle = null;
        poll();
        flush();
      };
    }

    request('GET', null, function (text) {
      var open = null;
      try { open = text.charAt(0) === '0' ? JSON.parse(text.slice(1)) : null; } catch (err) { open = null; }
      if (open === null || typeof open.sid !== 'string') { fail('bad handshake ' + preview(text)); return; }
      sid = open.sid;
      log('open', 'handshake over polling: sid ' + sid + ', upgrades [' + open.upgrades.join(', ') + '], pingInterval ' + open.pingInterval + ' ms');
      poll();
      sendTimer = setInterval(function () {
        sent += 1;
        write('4' + JSON.stringify({ type: 'hello', n: sent }));
      }, sendEvery);
      if (open.upgrades.indexOf('websocket') !== -1) probeTimer = setTimeout(probe, upgradeAfter);
    });
  }
  connect();
}
`;

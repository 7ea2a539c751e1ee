/**
 * Client: the anti-pattern page. Four independent pollers hammer the server with answers that
 * never change and carry no ETag, so every byte after the first response is waste.
 */
export const CHATTY_CLIENT = String.raw`
function startChatty(log) {
  var counts = {};
  var bodies = {};
  function record(label, body) {
    counts[label] = (counts[label] || 0) + 1;
    var same = bodies[label] === body;
    bodies[label] = body;
    log(label, '#' + counts[label] + (same ? ' identical again' : ' first answer') + ', ' + body.length + ' bytes');
  }
  function poll(label, url) {
    fetch(url).then(function (res) { return res.text(); })
      .then(function (body) { record(label, body); })
      .catch(function (err) { log('error', label + ': ' + String(err)); });
  }
  var same = { change: 0, etag: 0 };
  setInterval(function () { poll('fetch a', apiUrl('/api/poll', Object.assign({ name: 'a' }, same))); }, 250);
  setInterval(function () { poll('fetch b', apiUrl('/api/poll', Object.assign({ name: 'b' }, same))); }, 500);
  setInterval(function () {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', apiUrl('/api/poll', Object.assign({ name: 'xhr', t: Date.now() }, same)));
    xhr.onload = function () { record('xhr', xhr.responseText); };
    xhr.onerror = function () { log('error', 'xhr: network error'); };
    xhr.send();
  }, 300);
  setInterval(function () { poll('status', apiUrl('/api/status')); }, 1000);
}
`;

/**
 * Fixture pages for the extension's scripted browser tests and benchmarks. They are minimal on
 * purpose: each proves one thing and nothing else on the page should produce traffic.
 */

/** /fixture/blank — a neutral page with no traffic of its own. */
export function blankFixture(): string {
  return '<!doctype html><title>blank</title>';
}

/**
 * /fixture/iframes — a same-origin frame and a cross-origin frame running the polling page.
 * `localhost` and `127.0.0.1` are different origins to the browser, which is all we need.
 */
export function iframesFixture(port: number): string {
  const src = '/polling?interval=500';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>iframes</title></head>
<body>
<h1>Two frames polling</h1>
<iframe id="same-origin" title="same origin" src="${src}" width="600" height="400"></iframe>
<iframe id="cross-origin" title="cross origin" src="http://localhost:${port}${src}" width="600" height="400"></iframe>
</body></html>
`;
}

/**
 * /fixture/early — the very first thing in <head> is a fetch, so a test can prove the
 * extension's hooks were installed before any page script ran.
 */
export function earlyFixture(): string {
  return `<!doctype html>
<html lang="en"><head><script>fetch('/api/status?early=1');</script>
<meta charset="utf-8"><title>early</title></head>
<body><p>This page fetched <code>/api/status?early=1</code> from its first head script.</p></body></html>
`;
}

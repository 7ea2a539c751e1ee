/**
 * Parses a request target into a URL. `new URL(req.url, base)` would read "//x/y" as a
 * protocol-relative URL (host "x"), so origin-form targets are appended to a fixed base instead,
 * and repeated leading slashes are collapsed: `${url}/polling` works whether or not a caller's
 * base URL already ends in "/".
 */
const BASE = 'http://demo.invalid';

export function parseRequestUrl(target: string | undefined): URL | null {
  const raw = target ?? '/';
  try {
    if (!raw.startsWith('/')) return new URL(raw); // absolute-form (proxies); throws on "*"
    return new URL(BASE + raw.replace(/^\/{2,}/, '/'));
  } catch {
    return null;
  }
}

import type { HarNameValue } from './types';

/**
 * `request.queryString` from a URL, decoded like Chrome writes it ('+' is a space; a malformed
 * escape is kept as written rather than dropping the pair). Hand-rolled: core has no URL parser
 * dependency and must not throw on a hostile URL.
 */
export function queryStringOf(url: string): HarNameValue[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const out: HarNameValue[] = [];
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    out.push({ name: decode(name), value: decode(value) });
  }
  return out;
}

function decode(s: string): string {
  const spaced = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

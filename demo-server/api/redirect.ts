/**
 * /api/redirect?to=/api/echo — fixture: 302 to `to`. Only same-origin paths are accepted so the
 * demo server cannot be used as an open redirector.
 */
import type { RequestContext } from '../context';
import { send, sendText } from '../lib/respond';

export function handleRedirect({ res, query }: RequestContext): void {
  const to = query.get('to') ?? '/api/echo';
  // "//host" and "/\host" are protocol-relative in browsers, i.e. another origin.
  if (!to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) {
    sendText(res, 400, 'redirect target must be a same-origin path starting with "/"\n');
    return;
  }
  send(res, 302, 'text/plain; charset=utf-8', `Redirecting to ${to}\n`, { Location: to });
}

import type { PageEvent } from '../core/protocol';
import type { Emitter } from './emitter';
import { listen, natives, now, safely } from './natives';
import { documentHidden } from './platform';
import { patch, proxyApply } from './registry';

/** Page context: which frame, whether it is visible, and when it navigates (also via history). */
export function hookPage(emitter: Emitter): void {
  const top = safely(() => window.top === window) ?? false;
  const report = (reason: PageEvent['reason']): void =>
    safely(() =>
      emitter.emit({
        kind: 'page',
        t: now(),
        url: location.href,
        top,
        visibility: documentHidden() ? 'hidden' : 'visible',
        reason,
      }),
    );
  report('install');
  listen(document, 'visibilitychange', () => report('visibility'), true);
  listen(window, 'popstate', () => report('navigation'), true);
  listen(window, 'hashchange', () => report('navigation'), true);
  listen(window, 'pagehide', () => {
    report('unload');
    safely(() => emitter.flush());
  }, true);
  for (const key of ['pushState', 'replaceState'] as const) {
    patch<History['pushState']>(History.prototype, key, (native) =>
      proxyApply(native, (target, self, args) => {
        const r = natives.apply(target, self, args);
        report('navigation');
        return r;
      }),
    );
  }
}

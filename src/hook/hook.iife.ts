/**
 * The MAIN-world hook: runs at document_start in every frame, before any page script, and observes
 * fetch, XHR, EventSource and WebSocket without replacing what the page gets back.
 * Built as one self-contained IIFE (crxjs's async loader would install it after page scripts).
 */
import { isContentHello } from '../core/protocol';
import { Emitter } from './emitter';
import { hookEventSource } from './event-source-hook';
import { hookFetch } from './fetch-hook';
import { hookPage } from './page-hook';
import { installToStringMask, restoreAll } from './registry';
import { listen, natives, safely } from './natives';
import { hookWebSocket } from './websocket-hook';
import { hookXhr } from './xhr-hook';

const INSTALLED = Symbol.for('polltergeist.hook');

function install(): void {
  const g = globalThis as unknown as Record<symbol, unknown>;
  // all_frames and reinjection can run us twice in one realm: patch once.
  if (g[INSTALLED]) return;
  natives.defineProperty(g, INSTALLED, { value: true, enumerable: false, configurable: false, writable: false });

  const emitter = new Emitter();
  try {
    installToStringMask();
    hookFetch(emitter);
    hookXhr(emitter);
    hookEventSource(emitter);
    hookWebSocket(emitter);
    hookPage(emitter);
  } catch {
    // Half-installed hooks are worse than none: put everything back.
    restoreAll();
    return;
  }

  // The relay hands us a MessagePort in one window message; we swallow that message so page
  // listeners never see it, and talk over the port from then on.
  const onHello = (ev: Event): void =>
    safely(() => {
      const m = ev as MessageEvent;
      if (m.source !== window || !isContentHello(m.data) || !m.ports[0]) return;
      natives.apply(natives.stopImmediatePropagation, m, []);
      natives.apply(natives.removeEventListener, window, ['message', onHello, true]);
      emitter.connect(m.ports[0]);
    });
  listen(window, 'message', onHello, true);
}

safely(install);

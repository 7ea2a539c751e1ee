/**
 * The MAIN-world hook: runs at document_start in every frame, before any page script, and observes
 * fetch, XHR, EventSource and WebSocket without replacing what the page gets back.
 * Built as one self-contained IIFE (crxjs's async loader would install it after page scripts).
 */
import { HOOK_INSTALLED_QUERY, HOOK_READY, isContentHello } from '../core/protocol';
import { Emitter } from './emitter';
import { hookEventSource } from './event-source-hook';
import { hookFetch } from './fetch-hook';
import { observeProtocols, watchProtocols } from './next-hop';
import { hookPage } from './page-hook';
import { installToStringMask, restoreAll } from './registry';
import { listen, natives, safely } from './natives';
import { messageData, messagePorts, messageSource } from './platform';
import { hookWebSocket } from './websocket-hook';
import { hookXhr } from './xhr-hook';

/**
 * all_frames and reinjection can run us twice in one realm: patch once. The installed copy answers
 * this event (preventDefault on a synchronous dispatch); the relay asks it too, to know whether we
 * already listen for its hello. It replaces a Symbol.for() marker on window, which pages could see
 * in Object.getOwnPropertySymbols(window) / Reflect.ownKeys(window).
 */
function alreadyInstalled(): boolean {
  const ev = natives.construct(natives.Event, [HOOK_INSTALLED_QUERY, { cancelable: true }]) as Event;
  natives.apply(natives.dispatchEvent, window, [ev]);
  return natives.apply(natives.defaultPrevented, ev, []) === true;
}

function install(): void {
  if (alreadyInstalled()) return;
  listen(window, HOOK_INSTALLED_QUERY, (ev) => natives.apply(natives.preventDefault, ev, []), true);

  const emitter = new Emitter();
  try {
    // Without the mask our Proxies would give themselves away (nameless toString): patch nothing.
    if (installToStringMask()) {
      watchProtocols();
      emitter.onAttach = observeProtocols;
      hookFetch(emitter);
      hookXhr(emitter);
      hookEventSource(emitter);
      hookWebSocket(emitter);
      hookPage(emitter);
    }
  } catch {
    // Half-installed hooks are worse than none: put everything back.
    restoreAll();
  }

  // The relay hands us a MessagePort in one window message; we swallow that message so page
  // listeners never see it, and talk over the port from then on. Done even when nothing above got
  // installed: the relay posts its hello to any hook that listens, and the page must not see it.
  // Read through the natives: a page that wrapped MessageEvent.prototype.data would otherwise be
  // handed the hello (and its port) by our own read. Only the first hello connects: it comes before
  // any page script runs, so a later one can only be a page's forgery or a relay injected again
  // (Firefox does on an extension update); those are swallowed too.
  let connected = false;
  listen(
    window,
    'message',
    (ev) =>
      safely(() => {
        if (messageSource(ev) !== window || !isContentHello(messageData(ev))) return;
        natives.apply(natives.stopImmediatePropagation, ev, []);
        if (connected) return;
        const port = messagePorts(ev)[0];
        if (!port) return;
        connected = true;
        emitter.connect(port);
      }),
    true,
  );
  // A relay that ran before us waits for this before it posts its hello (core/protocol).
  natives.apply(natives.dispatchEvent, window, [natives.construct(natives.Event, [HOOK_READY])]);
}

safely(install);

/**
 * The relay's side of the handshake with the page hook (see HOOK_INSTALLED_QUERY in core/protocol):
 * `offer` (posting the hello that carries our MessagePort) runs once, and only when the hook
 * listens for it. Posted earlier, the hello went unseen by the hook (the panel then showed nothing
 * for that page) and reached the page's own message listeners.
 */
import { HOOK_INSTALLED_QUERY, HOOK_READY } from '../core/protocol';

export function whenHookListens(win: EventTarget, offer: () => void): void {
  let offered = false;
  const go = (): void => {
    if (offered) return;
    offered = true;
    win.removeEventListener(HOOK_READY, go);
    offer();
  };
  // Listen first: an installed hook never announces itself again, one still to come will.
  win.addEventListener(HOOK_READY, go);
  const query = new Event(HOOK_INSTALLED_QUERY, { cancelable: true });
  win.dispatchEvent(query);
  if (query.defaultPrevented) go();
}

import type { BackgroundToPanel, PanelToBackground } from '../core/protocol';

/**
 * How the panel talks to the background. Injectable, so the same UI runs in DevTools, in a
 * tab, and in unit tests with a fake.
 */
export interface PanelTransport {
  /** Starts (or restarts) the connection; onOpen runs on every (re)connect. */
  start(onMessage: (msg: BackgroundToPanel) => void, onOpen: () => void): void;
  send(msg: PanelToBackground): void;
}

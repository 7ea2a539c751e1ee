import browser, { type Runtime } from 'webextension-polyfill';
import { PANEL_PORT, type BackgroundToPanel, type PanelToBackground } from '../core/protocol';
import type { PanelTransport } from './transport';

/** The real transport: a runtime port to the background that reconnects when the worker restarts. */
export class RuntimeTransport implements PanelTransport {
  private port: Runtime.Port | null = null;
  private onMessage: (msg: BackgroundToPanel) => void = () => undefined;
  private onOpen: () => void = () => undefined;

  start(onMessage: (msg: BackgroundToPanel) => void, onOpen: () => void): void {
    this.onMessage = onMessage;
    this.onOpen = onOpen;
    this.connect();
  }

  send(msg: PanelToBackground): void {
    try {
      this.port?.postMessage(msg);
    } catch {
      /* reconnecting */
    }
  }

  private connect(): void {
    const port = browser.runtime.connect({ name: PANEL_PORT });
    this.port = port;
    port.onMessage.addListener((m: unknown) => this.onMessage(m as BackgroundToPanel));
    port.onDisconnect.addListener(() => {
      this.port = null;
      setTimeout(() => this.connect(), 100);
    });
    this.onOpen();
  }
}

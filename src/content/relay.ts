/**
 * Isolated-world relay, one per document: takes batches from the page hook over a private
 * MessagePort, numbers and buffers them, and streams them to the background router. It holds
 * the state that must survive the MV3 service worker being killed: on reconnect, panels ask
 * for what they missed and the buffer answers.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { EventBuffer } from './event-buffer';
import { whenHookListens } from './hook-handshake';
import {
  CONTENT_PORT,
  PROTOCOL_VERSION,
  SOURCE_TAG,
  isCaptureEvent,
  isHookToContent,
  type BackgroundToContent,
  type CaptureEvent,
  type ContentHello,
  type ContentToBackground,
  type ContentToHook,
  type SequencedEvent,
} from '../core/protocol';

const REPLAY_BATCH = 1000;
const sourceId = Math.random().toString(36).slice(2) + Date.now().toString(36);
const top = window.top === window;
const buffer = new EventBuffer();
const channel = new MessageChannel();
let port: Runtime.Port | null = null;
let attached = false;
let retryMs = 50;
let dead = false;
let droppedByHook = 0;

function toHook(msg: ContentToHook): void {
  channel.port1.postMessage(msg);
}

function send(msg: ContentToBackground): void {
  try {
    port?.postMessage(msg);
  } catch {
    // The port died under us; onDisconnect reconnects and the panel replays from the buffer.
  }
}

/** Set when the hook answers our hello with our protocol version; nothing is accepted before. */
let hookReady = false;

function onHookMessage(ev: MessageEvent): void {
  const msg: unknown = ev.data;
  if (!isHookToContent(msg)) return;
  if (msg.type === 'hello') {
    hookReady = true;
    return;
  }
  if (!hookReady) return;
  droppedByHook += msg.dropped;
  const events: SequencedEvent[] = [];
  for (const e of msg.events as readonly unknown[]) {
    if (isCaptureEvent(e)) events.push(buffer.add(e as CaptureEvent));
  }
  if (events.length > 0) send({ type: 'events', sourceId, events, dropped: droppedByHook });
}

function onBackgroundMessage(raw: unknown): void {
  const msg = raw as BackgroundToContent;
  if (msg.type === 'panels') {
    const now = msg.count > 0;
    if (now !== attached) {
      attached = now;
      toHook({ type: 'attach', attached });
    }
  } else if (msg.type === 'replay') {
    const events = buffer.after(msg.after);
    const missed = buffer.missedAfter(msg.after);
    for (let i = 0; i < events.length; i += REPLAY_BATCH) {
      const part = events.slice(i, i + REPLAY_BATCH);
      send({ type: 'events', sourceId, events: part, dropped: droppedByHook, missed: i === 0 ? missed : 0, to: msg.panelId });
    }
  }
}

function connect(): void {
  if (dead) return;
  try {
    port = browser.runtime.connect({ name: CONTENT_PORT });
  } catch {
    // The extension was reloaded or removed: this document's relay is orphaned for good.
    dead = true;
    toHook({ type: 'attach', attached: false });
    return;
  }
  port.onMessage.addListener(onBackgroundMessage);
  port.onDisconnect.addListener(() => {
    port = null;
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 2000);
  });
  send({ type: 'hello', v: PROTOCOL_VERSION, source: { sourceId, url: location.href, top } });
  retryMs = 50;
}

channel.port1.onmessage = onHookMessage;
const hello: ContentHello = { source: SOURCE_TAG, type: 'hello', v: PROTOCOL_VERSION };
whenHookListens(window, () => window.postMessage(hello, '*', [channel.port2]));
connect();

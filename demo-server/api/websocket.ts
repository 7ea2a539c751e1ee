/**
 * WS /ws?push&closeAfter — echoes every message back with its original type (text stays text,
 * binary stays binary), pushes its own JSON text every `push` ms with a binary push every 5th
 * time, and optionally closes with 4000 "demo close" after `closeAfter` ms so reconnect logic
 * can be watched. Attached through the http server's 'upgrade' event (`noServer`) so HTTP and
 * WebSocket share one port, like most real apps.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { intKnob } from '../lib/knobs';
import { parseRequestUrl } from '../lib/request-url';

export const WS_PATH = '/ws';
export const DEMO_CLOSE_CODE = 4000;
export const DEMO_CLOSE_REASON = 'demo close';

export interface WebSocketEndpoint {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Terminates every client and the server; their timers stop in the 'close' handlers. */
  close(): Promise<void>;
}

export function createWebSocketEndpoint(): WebSocketEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    attachDemoBehaviour(ws, parseRequestUrl(req.url)?.searchParams ?? new URLSearchParams());
  });

  return {
    handleUpgrade(req, socket, head) {
      // A reset on the raw socket must not become an unhandled 'error' that kills the process.
      socket.on('error', () => socket.destroy());
      if (parseRequestUrl(req.url)?.pathname !== WS_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close() {
      for (const client of wss.clients) client.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}

function attachDemoBehaviour(ws: WebSocket, query: URLSearchParams): void {
  const push = intKnob(query, 'push', 700, 0, 600_000);
  const closeAfter = intKnob(query, 'closeAfter', 0, 0, 86_400_000);
  const timers: NodeJS.Timeout[] = [];

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(toBuffer(data), { binary: isBinary });
  });

  if (push > 0) {
    let n = 0;
    timers.push(
      setInterval(() => {
        if (ws.readyState !== ws.OPEN) return;
        n += 1;
        if (n % 5 === 0) {
          // Bytes derived from the counter so the panel shows distinct, predictable payloads.
          ws.send(Uint8Array.from({ length: 8 }, (_, i) => (n + i) % 256), { binary: true });
        } else {
          ws.send(JSON.stringify({ type: 'push', n }));
        }
      }, Math.max(10, push)),
    );
  }

  if (closeAfter > 0) {
    timers.push(setTimeout(() => ws.close(DEMO_CLOSE_CODE, DEMO_CLOSE_REASON), closeAfter));
  }

  // Fires on clean close, abrupt disconnect and terminate() alike.
  ws.on('close', () => {
    for (const t of timers) clearTimeout(t);
  });
  // Without a listener a malformed frame from a client would crash the process.
  ws.on('error', () => ws.terminate());
}

/** RawData may be a Buffer, an ArrayBuffer or fragments; echo it as one buffer. */
function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

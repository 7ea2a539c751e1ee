/**
 * A private WebSocket server for the receive benchmark: on "go N" it writes N pre-framed text
 * messages to the socket in one write, so the browser, not Node, is the bottleneck.
 */
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface BurstServer {
  /** ws://127.0.0.1:PORT/ */
  readonly url: string;
  close(): Promise<void>;
}

/** Each frame: FIN + text opcode, unmasked 7-bit length (server → client frames are never masked). */
function buildFrames(count: number, size: number): Buffer {
  if (size >= 126) throw new Error('burst frames use the 7-bit length form: size must be < 126');
  const frame = size + 2;
  const out = Buffer.alloc(count * frame);
  for (let i = 0; i < count; i++) {
    const o = i * frame;
    out[o] = 0x81;
    out[o + 1] = size;
    // Sequence number first, then padding: every message differs, all are plain ASCII.
    const seq = String(i).padStart(8, '0');
    out.write(seq, o + 2, 'latin1');
    out.fill(0x78 /* x */, o + 2 + seq.length, o + frame);
  }
  return out;
}

export async function startBurstServer(maxCount: number, size: number): Promise<BurstServer> {
  const frames = buildFrames(maxCount, size);
  const frameLength = size + 2;
  // perMessageDeflate is off by default on the server: the raw frames above stay valid.
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    ws.on('message', (data, isBinary) => {
      const m = isBinary ? null : /^go (\d+)$/.exec(String(data));
      if (!m) return;
      const n = Math.min(Number(m[1]), maxCount);
      // ws writes nothing else on this socket meanwhile, so one raw write of whole frames is safe.
      req.socket.write(frames.subarray(0, n * frameLength));
    });
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}

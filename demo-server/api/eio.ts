/**
 * /api/eio/ — a small Engine.IO v4 server, just enough to show a transport upgrade the way
 * Socket.IO does it (no socket.io dependency):
 *
 *   GET  ?EIO=4&transport=polling             handshake → `0{"sid","upgrades":["websocket"],"pingInterval",…}`
 *   GET  ?EIO=4&transport=polling&sid=S       long-poll: held until a packet is queued for S (news `4…`)
 *                                             or `pingInterval` ms pass, then answered with a ping `2`
 *   POST ?EIO=4&transport=polling&sid=S       the client's packets (`3` pong, `4…` messages) → `ok`
 *   WS   ?EIO=4&transport=websocket&sid=S     `2probe` → `3probe` (then, every 100 ms, a held poll is
 *                                             released with a noop `6`), then `5`: from then on packets
 *                                             go over the socket, the server pings there, and polls
 *                                             are refused
 *
 * Polling payloads join packets with the record separator U+001E, as Engine.IO v4 does. Errors are
 * Engine.IO's: 400 with `{"code":1,"message":"Session ID unknown"}` and friends.
 * Knobs, read at the handshake: `hold` (the pingInterval, default 3000 ms) and `push` (ms between
 * news once upgraded, default 1000, ±30%). While polling, news comes at random moments 1..3 holds
 * apart: some polls end with news, and the poll after news is always held until the ping, as an
 * idle Socket.IO app's are.
 * A session ends when its client goes quiet for pingInterval + pingTimeout, sends `1`, or its
 * upgraded socket closes.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import type { RequestContext } from '../context';
import { intKnob } from '../lib/knobs';
import type { OpenResources } from '../lib/open-resources';
import { parseRequestUrl } from '../lib/request-url';
import { send, sendJson, sendText } from '../lib/respond';
import { openScope, type ResponseScope } from '../lib/response-scope';
import { HEADLINES } from './long-poll';

export const EIO_PATH = '/api/eio/';
/** Engine.IO's defaults. */
export const PING_TIMEOUT_MS = 20_000;
export const MAX_PAYLOAD = 1_000_000;
/** Between packets in one polling payload. */
export const SEPARATOR = '\x1e';
/**
 * While an upgrade is under way, a held poll is released with a noop at this pace, as Engine.IO's
 * check does: 3probe goes out first, so the client has paused polling by the time its poll returns.
 */
const UPGRADE_CHECK_MS = 100;
const MAX_SESSIONS = 1000;
/** Packets queued for a client that stopped polling; older ones are dropped. */
const MAX_QUEUE = 100;
const TEXT = 'text/plain; charset=UTF-8';

export const EIO_ERRORS = {
  transportUnknown: { code: 0, message: 'Transport unknown' },
  sessionUnknown: { code: 1, message: 'Session ID unknown' },
  badHandshakeMethod: { code: 2, message: 'Bad handshake method' },
  badRequest: { code: 3, message: 'Bad request' },
  unsupportedVersion: { code: 5, message: 'Unsupported protocol version' },
} as const;
type EioError = (typeof EIO_ERRORS)[keyof typeof EIO_ERRORS];

interface HeldPoll {
  readonly res: ServerResponse;
  readonly scope: ResponseScope;
}

class Session {
  transport: 'polling' | 'websocket' = 'polling';
  /** `2probe` arrived on `probe`; polling pauses until the client sends `5`. */
  upgrading = false;
  /** The WebSocket being probed, before `5`. */
  probe: WebSocket | null = null;
  /** The WebSocket after the upgrade. */
  socket: WebSocket | null = null;
  closed = false;
  /** `4…` messages the client sent, reported in the news so the exchange shows both ways. */
  private received = 0;
  private newsCount = 0;
  private readonly queue: string[] = [];
  private held: HeldPoll | null = null;
  private newsTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private checkTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: string,
    readonly pingInterval: number,
    private readonly push: number,
    private readonly onClose: (s: Session) => void,
  ) {
    this.touch();
    this.scheduleNews();
  }

  handshake(): string {
    return `0${JSON.stringify({
      sid: this.id,
      upgrades: ['websocket'],
      pingInterval: this.pingInterval,
      pingTimeout: PING_TIMEOUT_MS,
      maxPayload: MAX_PAYLOAD,
    })}`;
  }

  /** A long-poll GET. False: Engine.IO would refuse it (upgraded already, or another poll is held). */
  poll(res: ServerResponse, resources: OpenResources): boolean {
    if (this.closed || this.transport !== 'polling' || this.held !== null) return false;
    this.touch();
    if (this.queue.length > 0 && !this.upgrading) {
      sendPayload(res, this.queue.splice(0));
      return true;
    }
    const scope = openScope(res, resources);
    const held: HeldPoll = { res, scope };
    this.held = held;
    // The client gave up on it, or the server is closing: forget it.
    res.on('close', () => {
      if (this.held === held) this.held = null;
    });
    // During an upgrade the check releases it (with a noop) instead.
    scope.after(this.pingInterval, () => this.release(['2']));
    return true;
  }

  /** Packets from the client, over POST or the upgraded socket. False: not a packet it may send. */
  receive(packet: string): boolean {
    if (this.closed) return false;
    this.touch();
    switch (packet.charAt(0)) {
      case '3': // pong
      case '6': // noop
        return packet.length === 1;
      case '4':
        this.received += 1;
        return true;
      case '1':
        this.close();
        return true;
      default:
        return false;
    }
  }

  /** A WebSocket opened with this sid: the probe, then the upgrade. */
  attach(ws: WebSocket): void {
    ws.on('error', () => ws.terminate());
    if (this.closed || this.transport !== 'polling' || this.probe !== null) {
      ws.close(1008, 'Bad request');
      return;
    }
    this.probe = ws;
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (this.closed) return;
      const text = isBinary ? '' : rawText(data);
      if (this.socket === ws) {
        if (!this.receive(text)) this.close();
        return;
      }
      if (text === '2probe' && !this.upgrading) {
        ws.send('3probe');
        this.upgrading = true;
        // The client waits for its pending poll to finish before it sends `5`.
        this.checkTimer = setInterval(() => this.release(['6']), UPGRADE_CHECK_MS);
      } else if (text === '5' && this.upgrading) {
        this.upgrade(ws);
      } else {
        ws.close(1008, 'invalid upgrade packet');
      }
    });
    ws.on('close', () => {
      if (this.socket === ws) this.close();
      else if (this.probe === ws) {
        this.probe = null;
        this.upgrading = false;
        clearInterval(this.checkTimer);
      }
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.newsTimer);
    clearInterval(this.pingTimer);
    clearInterval(this.checkTimer);
    clearTimeout(this.expiryTimer);
    this.release(['1']);
    this.queue.length = 0;
    for (const ws of [this.probe, this.socket]) if (ws && ws.readyState === ws.OPEN) ws.close(1000);
    this.onClose(this);
  }

  private upgrade(ws: WebSocket): void {
    this.transport = 'websocket';
    this.upgrading = false;
    clearInterval(this.checkTimer);
    this.probe = null;
    this.socket = ws;
    this.release(['6']);
    for (const packet of this.queue.splice(0)) ws.send(packet);
    this.pingTimer = setInterval(() => {
      if (ws.readyState === ws.OPEN) ws.send('2');
    }, this.pingInterval);
    // News now comes at the socket's pace, not the polling one.
    clearTimeout(this.newsTimer);
    this.scheduleNews();
  }

  private enqueue(packet: string): void {
    if (this.closed) return;
    if (this.socket !== null) {
      if (this.socket.readyState === this.socket.OPEN) this.socket.send(packet);
      return;
    }
    this.queue.push(packet);
    if (this.queue.length > MAX_QUEUE) this.queue.shift();
    // During an upgrade the news waits for the socket, as Engine.IO buffers it.
    if (!this.upgrading && this.held !== null) this.release(this.queue.splice(0));
  }

  /** Answers the held poll, if any. */
  private release(packets: readonly string[]): void {
    const held = this.held;
    if (held === null) return;
    this.held = null;
    sendPayload(held.res, packets);
    held.scope.end();
  }

  private scheduleNews(): void {
    const delay =
      this.transport === 'websocket'
        ? this.push * (0.7 + 0.6 * Math.random())
        : this.pingInterval * (1 + 2 * Math.random());
    this.newsTimer = setTimeout(() => {
      this.newsCount += 1;
      const headline = HEADLINES[this.newsCount % HEADLINES.length] ?? HEADLINES[0];
      this.enqueue(`4${JSON.stringify({ type: 'news', n: this.newsCount, headline, received: this.received })}`);
      this.scheduleNews();
    }, Math.max(10, Math.round(delay)));
  }

  /** The client is alive; without news from it for pingInterval + pingTimeout the session ends. */
  private touch(): void {
    if (this.closed) return;
    clearTimeout(this.expiryTimer);
    this.expiryTimer = setTimeout(() => this.close(), this.pingInterval + PING_TIMEOUT_MS);
  }
}

/** Every Engine.IO session of one demo server, and the WebSocket server their upgrades use. */
export class EioServer {
  private readonly sessions = new Map<string, Session>();
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });

  get size(): number {
    return this.sessions.size;
  }

  handleHttp({ req, res, query, state }: RequestContext): void {
    const method = req.method ?? 'GET';
    const transport = query.get('transport');
    if (transport !== 'polling' && transport !== 'websocket') return fail(res, EIO_ERRORS.transportUnknown);
    // A WebSocket transport is only reachable through an Upgrade request (see handleUpgrade).
    if (transport === 'websocket') return fail(res, EIO_ERRORS.badRequest);
    const sid = query.get('sid');
    if (sid === null) {
      if (method !== 'GET') return fail(res, EIO_ERRORS.badHandshakeMethod);
      if (query.get('EIO') !== '4') return fail(res, EIO_ERRORS.unsupportedVersion);
      sendText(res, 200, this.open(query).handshake());
      return;
    }
    const session = this.sessions.get(sid);
    if (session === undefined) return fail(res, EIO_ERRORS.sessionUnknown);
    if (method === 'GET') {
      if (!session.poll(res, state.resources)) fail(res, EIO_ERRORS.badRequest);
      return;
    }
    if (method !== 'POST') {
      sendText(res, 405, 'Method not allowed\n', { Allow: 'GET, POST' });
      return;
    }
    readBody(req, (body) => {
      if (body === null) {
        sendText(res, 413, 'Payload too large\n');
        return;
      }
      // The session may have ended while the body was on its way.
      const current = this.sessions.get(sid);
      if (current === undefined) return fail(res, EIO_ERRORS.sessionUnknown);
      if (current.transport !== 'polling') return fail(res, EIO_ERRORS.badRequest);
      const accepted = body.split(SEPARATOR).every((packet) => current.receive(packet));
      if (accepted) send(res, 200, TEXT, 'ok');
      else fail(res, EIO_ERRORS.badRequest);
    });
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A reset on the raw socket must not become an unhandled 'error' that kills the process.
    socket.on('error', () => socket.destroy());
    const query = parseRequestUrl(req.url)?.searchParams ?? new URLSearchParams();
    const session = this.sessions.get(query.get('sid') ?? '');
    const problem =
      query.get('transport') !== 'websocket'
        ? EIO_ERRORS.transportUnknown
        : query.get('EIO') !== '4'
          ? EIO_ERRORS.unsupportedVersion
          : session === undefined
            ? EIO_ERRORS.sessionUnknown
            : session.transport !== 'polling' || session.probe !== null
              ? EIO_ERRORS.badRequest
              : null;
    if (problem !== null || session === undefined) {
      const body = JSON.stringify(problem ?? EIO_ERRORS.sessionUnknown);
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => session.attach(ws));
  }

  /** Ends every session (held polls, timers, sockets) and the WebSocket server. */
  close(): Promise<void> {
    for (const session of [...this.sessions.values()]) session.close();
    for (const client of this.wss.clients) client.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private open(query: URLSearchParams): Session {
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.values().next().value?.close();
    const session = new Session(
      // 15 random bytes → 20 base64url characters, like Engine.IO's base64id.
      randomBytes(15).toString('base64url'),
      intKnob(query, 'hold', 3000, 10, 120_000),
      intKnob(query, 'push', 1000, 10, 600_000),
      (s) => this.sessions.delete(s.id),
    );
    this.sessions.set(session.id, session);
    return session;
  }
}

function fail(res: ServerResponse, error: EioError): void {
  sendJson(res, 400, error);
}

function sendPayload(res: ServerResponse, packets: readonly string[]): void {
  send(res, 200, TEXT, packets.join(SEPARATOR));
}

/** The request body as text, or null past MAX_PAYLOAD. */
function readBody(req: IncomingMessage, done: (body: string | null) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_PAYLOAD) chunks.push(chunk);
  });
  // An aborted upload just means nobody is waiting for the answer.
  req.on('error', () => undefined);
  req.on('end', () => done(size > MAX_PAYLOAD ? null : Buffer.concat(chunks).toString('utf8')));
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** Route handler for /api/eio/ (GET and POST). */
export function handleEio(ctx: RequestContext): void {
  ctx.state.eio.handleHttp(ctx);
}

/**
 * The lifetime of one long-lived response. Its timers stop together, exactly once, when the
 * handler finishes, when the client goes away mid-stream, or when the server closes, so a
 * disconnect can never leave a timer writing into a dead socket.
 */
import type { ServerResponse } from 'node:http';
import type { OpenResources } from './open-resources';
import { sendText } from './respond';

export interface ResponseScope {
  /** False once the scope ended; handlers check it before touching the response. */
  readonly active: boolean;
  after(ms: number, fn: () => void): void;
  every(ms: number, fn: () => void): void;
  /** Writes a chunk if the response is still open; returns false when it is not. */
  write(chunk: string | Uint8Array): boolean;
  /** Stops the timers and ends the response (if it is still open). */
  end(chunk?: string): void;
}

export function openScope(res: ServerResponse, resources: OpenResources): ResponseScope {
  const timeouts = new Set<NodeJS.Timeout>();
  const intervals = new Set<NodeJS.Timeout>();
  let active = true;

  const stop = (): void => {
    if (!active) return;
    active = false;
    for (const t of timeouts) clearTimeout(t);
    for (const t of intervals) clearInterval(t);
    timeouts.clear();
    intervals.clear();
    release();
  };

  const isWritable = (): boolean => active && !res.destroyed && !res.writableEnded;

  const scope: ResponseScope = {
    get active() {
      return active;
    },
    after(ms, fn) {
      if (!active) return;
      const t = setTimeout(() => {
        timeouts.delete(t);
        if (active) fn();
      }, ms);
      timeouts.add(t);
    },
    every(ms, fn) {
      if (!active) return;
      const t = setInterval(() => {
        if (active) fn();
      }, ms);
      intervals.add(t);
    },
    write(chunk) {
      if (!isWritable()) return false;
      res.write(chunk);
      return true;
    },
    end(chunk) {
      const writable = isWritable();
      stop();
      if (!writable) return;
      if (chunk === undefined) res.end();
      else res.end(chunk);
    },
  };

  // Server shutdown: a started stream ends cleanly (the client sees it finish); a response
  // still being held (long-poll, delayed echo) gets an honest 503 rather than an empty 200.
  const release = resources.add(() => {
    if (res.headersSent) scope.end();
    else {
      stop();
      sendText(res, 503, 'Server shutting down\n');
    }
  });
  // 'close' fires both after a normal end and when the client disconnects mid-stream.
  res.on('close', stop);
  // A write racing a disconnect may surface as an error event; without a listener Node would
  // treat it as unhandled and crash the whole demo server over one closed tab.
  res.on('error', stop);
  return scope;
}

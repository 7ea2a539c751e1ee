/**
 * What every handler receives. State lives per server instance (not in module globals) so two
 * servers in one process, e.g. parallel tests, never share poll versions or open streams.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EioServer } from './api/eio';
import { OpenResources } from './lib/open-resources';

export interface ServerState {
  /** The port actually bound (differs from the requested one when it was 0). */
  port: number;
  /** Per poller-name version counters for /api/poll. */
  readonly pollVersions: Map<string, number>;
  /** Monotonic counter for /api/long-poll news items. */
  newsCounter: number;
  readonly resources: OpenResources;
  /** Engine.IO sessions behind /api/eio/ (polling and their upgraded WebSockets). */
  readonly eio: EioServer;
}

export function createState(): ServerState {
  return { port: 0, pollVersions: new Map(), newsCounter: 0, resources: new OpenResources(), eio: new EioServer() };
}

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly query: URLSearchParams;
  readonly state: ServerState;
}

export type Handler = (ctx: RequestContext) => void;

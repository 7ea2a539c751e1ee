/** /all — every pattern at once, each with its own log, all fed the same knobs. */
import { LONG_POLLING_CLIENT, LONG_POLLING_KNOBS } from './clients/long-polling';
import { POLLING_CLIENT, POLLING_KNOBS } from './clients/polling';
import { SSE_CLIENT, SSE_KNOBS } from './clients/sse';
import { SSE_FETCH_CLIENT } from './clients/sse-fetch';
import { STREAMING_CLIENT, STREAMING_KNOBS } from './clients/streaming';
import { UPGRADE_CLIENT, UPGRADE_KNOBS } from './clients/upgrade';
import { WEBSOCKET_CLIENT, WEBSOCKET_KNOBS } from './clients/websocket';
import type { KnobDoc } from './layout';
import { logList, renderPage } from './layout';

const SECTIONS = [
  { id: 'polling', title: 'Polling', client: POLLING_CLIENT, start: 'startPolling' },
  { id: 'long-polling', title: 'Long polling', client: LONG_POLLING_CLIENT, start: 'startLongPolling' },
  { id: 'sse', title: 'SSE (EventSource)', client: SSE_CLIENT, start: 'startSse' },
  { id: 'sse-fetch', title: 'SSE (fetch)', client: SSE_FETCH_CLIENT, start: 'startSseFetch' },
  { id: 'streaming', title: 'NDJSON streaming', client: STREAMING_CLIENT, start: 'startStreaming' },
  { id: 'websocket', title: 'WebSocket', client: WEBSOCKET_CLIENT, start: 'startWebSocket' },
  { id: 'upgrade', title: 'Polling upgraded to WebSocket', client: UPGRADE_CLIENT, start: 'startUpgrade' },
] as const;

/** Knobs of every section, first definition wins (e.g. `rate` is shared by SSE and NDJSON). */
function allKnobs(): KnobDoc[] {
  const seen = new Map<string, KnobDoc>();
  for (const k of [...POLLING_KNOBS, ...LONG_POLLING_KNOBS, ...SSE_KNOBS, ...STREAMING_KNOBS, ...WEBSOCKET_KNOBS, ...UPGRADE_KNOBS]) {
    if (!seen.has(k.name)) seen.set(k.name, k);
  }
  return [...seen.values()];
}

export function allPage(query: URLSearchParams): string {
  const body = `<div class="grid">${SECTIONS.map(
    (s) => `<section><h2>${s.title}</h2>${logList(`log-${s.id}`)}</section>`,
  ).join('\n')}</div>`;
  const script = [
    ...SECTIONS.map((s) => s.client),
    ...SECTIONS.map((s) => `${s.start}(makeLog('log-${s.id}'));`),
  ].join('\n');
  return renderPage(
    {
      title: 'Everything at once',
      explanation: `<p>Every pattern on one page, as a busy real app might run them: fetch polling, long polling,
SSE through EventSource and through fetch, NDJSON streaming, a WebSocket and an Engine.IO-style session upgraded
from long-polling to a WebSocket. The page's knobs are forwarded to
every API call (so <code>rate</code> shapes both SSE and NDJSON).</p>`,
      knobs: allKnobs(),
      body,
      script,
    },
    query,
  );
}

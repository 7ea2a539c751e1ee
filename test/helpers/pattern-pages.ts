/**
 * One demo page per pattern and the endpoint on it that must be labelled with that pattern: the
 * live-panel test (patterns.test.ts) and the command line's test (cli.test.ts) check the same table.
 */
export interface PatternPage {
  readonly page: string;
  /** Path of the endpoint's URL. */
  readonly path: string;
  readonly transport: string;
  readonly pattern: string;
}

export const PATTERN_PAGES: readonly PatternPage[] = [
  { page: '/polling?interval=400', path: '/api/poll', transport: 'fetch', pattern: 'polling' },
  { page: '/xhr-polling?interval=400', path: '/api/poll', transport: 'xhr', pattern: 'polling' },
  { page: '/long-polling?hold=1500&news=0', path: '/api/long-poll', transport: 'fetch', pattern: 'long-polling' },
  { page: '/sse?rate=200', path: '/api/sse', transport: 'eventsource', pattern: 'sse' },
  { page: '/sse-fetch?rate=200', path: '/api/sse', transport: 'fetch', pattern: 'sse' },
  { page: '/streaming?rate=200', path: '/api/stream', transport: 'fetch', pattern: 'streaming' },
  { page: '/websocket?sendEvery=300', path: '/ws', transport: 'websocket', pattern: 'websocket' },
];

import { describe, expect, it } from 'vitest';
import { analyze } from '../report/report';
import { fromHar } from './import';
import { CHROME_PAGE, chromeEntry, harOf, PAGE_START } from './test-entries';

/**
 * Chrome DevTools' entry for a WebSocket whose handshake failed: status 0, no 101, and one frame
 * of type 'error' (opcode -1) carrying the reason.
 */
function failedConnect(at: number): Record<string, unknown> {
  return chromeEntry({
    type: 'websocket',
    url: 'wss://api.example/api/live',
    at,
    time: 25,
    status: 0,
    mime: 'x-unknown',
    extra: {
      _webSocketMessages: [{ type: 'error', time: (PAGE_START + at + 25) / 1000, opcode: -1, data: 'Error during WebSocket handshake: Unexpected response code: 502' }],
    },
  });
}

describe('fromHar: WebSocket connects that failed', () => {
  // Seven failed connects, one a second (no backoff), while the app polls an unrelated endpoint
  // under the same path segment as always.
  const connects = Array.from({ length: 7 }, (_, i) => failedConnect(1000 + i * 1000));
  const polls = Array.from({ length: 10 }, (_, i) => chromeEntry({ type: 'fetch', url: 'https://api.example/api/notifications', at: 1300 + i * 2000, text: '[]' }));
  const report = analyze(fromHar(harOf([...connects, ...polls].sort((a, b) => String(a['startedDateTime']).localeCompare(String(b['startedDateTime']))), CHROME_PAGE)).sources);
  const socket = report.channels.find((c) => c.transport === 'websocket')!;

  it('are failures: every connect counts as an error and none as a message', () => {
    expect(socket).toMatchObject({ connections: 7, errors: 7, messages: 0 });
  });

  it('are diagnosed as the reconnect storm they are', () => {
    const storm = report.findings.find((f) => f.rule === 'reconnect-storm');
    expect(storm).toMatchObject({ channel: socket.key, failingStreak: 7 });
    expect(storm!.message).toContain('failed 7× in a row');
  });

  it('are not joined to the polling that ran beside them as a "fallback"', () => {
    expect(report.streams).toBeUndefined();
  });

  it('still link to the poller that takes over once the page stops trying the socket', () => {
    const takeover = Array.from({ length: 6 }, (_, i) => chromeEntry({ type: 'fetch', url: 'https://api.example/api/live-poll', at: 7500 + i * 2000, text: '[]' }));
    const r = analyze(fromHar(harOf([...connects, ...takeover], CHROME_PAGE)).sources);
    expect(r.streams).toHaveLength(1);
    expect(r.streams![0]).toMatchObject({ link: 'fallback' });
    expect(r.streams![0]!.steps.map((s) => s.transport)).toEqual(['websocket', 'fetch']);
  });
});

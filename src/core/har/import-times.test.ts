import { describe, expect, it } from 'vitest';
import { analyze } from '../report/report';
import { fromHar } from './import';
import { timeFence } from './time-fence';
import { CHROME_PAGE, chromeEntry, harOf, PAGE_START } from './test-entries';

const CHROME_1969 = '1969-12-31T23:59:59.000Z';

/** A failed connect as Chrome writes it; `frameAt` null for one without its error frame. */
function failedSocket(at: number, frameAt: number | null): Record<string, unknown> {
  return chromeEntry({
    type: 'websocket',
    url: 'wss://api.example/live',
    at,
    time: 30,
    status: 0,
    mime: 'x-unknown',
    extra: { _webSocketMessages: frameAt === null ? [] : [{ type: 'error', time: (PAGE_START + frameAt) / 1000, opcode: -1, data: 'net::ERR_CONNECTION_RESET' }] },
  });
}

const stamped1969 = (e: Record<string, unknown>): Record<string, unknown> => ({ ...e, startedDateTime: CHROME_1969 });

describe('fromHar: times off the file\'s clock', () => {
  const polls = Array.from({ length: 15 }, (_, i) => chromeEntry({ type: 'fetch', url: 'https://api.example/feed', at: 1000 + i * 2000, text: `{"n":${i}}` }));
  const sockets = [
    failedSocket(2000, 2030),
    stamped1969(failedSocket(3000, 3030)), // its error frame still has the right time
    failedSocket(4000, 4030),
    stamped1969(failedSocket(5000, null)), // nothing else to go by: placed after the entry before it
    failedSocket(6000, 6030),
  ];
  const file = harOf([...polls.slice(0, 3), ...sockets, ...polls.slice(3)], CHROME_PAGE);
  const { sources, warnings } = fromHar(file);
  const report = analyze(sources);

  it('places an entry stamped in 1969 among the others and names it in a warning', () => {
    expect(warnings).toContain(`entry 4: startedDateTime "${CHROME_1969}" is 56.0 years before the file's other entries; placed at its first WebSocket message`);
    expect(warnings).toContain(`entry 6: startedDateTime "${CHROME_1969}" is 56.0 years before the file's other entries; placed with entry 5, the one before it in the file`);
    const socketStarts = sources[0]!.events.filter((e) => e.kind === 'ws-create').map((e) => e.t - PAGE_START);
    expect(socketStarts).toEqual([2000, 3030, 4000, 4000, 6000]);
  });

  it('keeps every span, gap and in-flight count to the capture it came from', () => {
    for (const c of report.channels) {
      expect(c.spanMs).toBeLessThan(40_000);
      expect(c.maxInFlight).toBeLessThanOrEqual(2);
      if (c.medianGapMs !== null) expect(Math.abs(c.medianGapMs)).toBeLessThan(40_000);
    }
    expect(report.channels.find((c) => c.transport === 'websocket')).toMatchObject({ connections: 5, errors: 5 });
    for (const s of report.streams ?? []) for (const step of s.steps) expect(step.from).toBeGreaterThan(PAGE_START);
  });

  it('places message times that are not on the clock (a 0 among epoch seconds) at the message before', () => {
    const frames = [0.5, 0, 1.5, 2.5].map((s, k) => ({ type: 'receive', time: s === 0 ? 0 : (PAGE_START + 1000 + s * 1000) / 1000, opcode: 1, data: `m${k}` }));
    const ws = chromeEntry({ type: 'websocket', url: 'wss://api.example/ticks', at: 1000, status: 101, mime: 'x-unknown', extra: { _webSocketMessages: frames } });
    const { sources: s, warnings: w } = fromHar(harOf([ws, ...polls], CHROME_PAGE));
    expect(w).toContain("entry 0: 1 _webSocketMessages time is off the file's clock; placed at the message before");
    const times = s[0]!.events.filter((e) => e.kind === 'ws-message').map((e) => e.t - PAGE_START);
    expect(times).toEqual([1500, 1500, 2500, 3500]);
    expect(analyze(s).channels.find((c) => c.transport === 'websocket')!.spanMs).toBeLessThan(5000);
  });

  it('reads message times written in epoch milliseconds as such', () => {
    const frames = [1, 2, 3, 4].map((k) => ({ type: 'receive', time: PAGE_START + 1000 + k * 500, opcode: 1, data: 'x' }));
    const ws = chromeEntry({ type: 'websocket', url: 'wss://api.example/ticks', at: 1000, status: 101, mime: 'x-unknown', extra: { _webSocketMessages: frames } });
    const { sources: s, warnings: w } = fromHar(harOf([ws], CHROME_PAGE));
    expect(w).toContain('entry 0: _webSocketMessages times are milliseconds, not seconds, since the epoch; read as milliseconds');
    expect(s[0]!.events.filter((e) => e.kind === 'ws-message').map((e) => e.t - PAGE_START)).toEqual([1500, 2000, 2500, 3000]);
  });

  it('the fence is robust: a days-long capture stays inside it, a 1969 stamp does not', () => {
    const days = Array.from({ length: 100 }, (_, i) => PAGE_START + i * 3_600_000);
    const f = timeFence([...days, Date.parse(CHROME_1969)])!;
    expect(days.every((t) => t >= f.lo && t <= f.hi)).toBe(true);
    expect(Date.parse(CHROME_1969)).toBeLessThan(f.lo);
  });
});

import { describe, expect, it } from 'vitest';
import type { SourceInfo } from '../protocol';
import { analyze, formatReport, worstSeverity, type Report, type ReportFinding } from './report';
import { CaptureBuilder, T0 } from '../har/test-capture';

/** The `--json` contract (docs/product.md "Command line"): these keys, in every channel. */
const CHANNEL_KEYS = [
  'key',
  'url',
  'transport',
  'pattern',
  'confidence',
  'requests',
  'connections',
  'messages',
  'messagesUp',
  'messagesDown',
  'placedMessages',
  'medianIntervalMs',
  'intervalDispersion',
  'regularShare',
  'medianHoldMs',
  'medianGapMs',
  'maxInFlight',
  'requestsPerMin',
  'messagesPerMinUp',
  'messagesPerMinDown',
  'bytesUp',
  'bytesDown',
  'identicalShare',
  'errors',
  'spanMs',
  'template',
  'method',
  'origin',
  'reason',
];

function pollingPage(): CaptureBuilder {
  const c = new CaptureBuilder().page(0, 'visible', 'install');
  c.poll('https://api.example/status?_=1', 12, 1000);
  c.fetch('https://api.example/config', 50, 20);
  c.webSocket('wss://api.example/live', 100, [
    { at: 200, dir: 'up', text: 'sub' },
    { at: 900, dir: 'down', text: 'tick' },
  ]);
  return c.sorted();
}

describe('analyze', () => {
  it('gives the documented JSON shape', () => {
    const r = analyze(pollingPage().sources);
    expect(r.version).toBe(1);
    expect(Object.keys(r)).toEqual(['version', 'channels', 'findings']);
    for (const ch of r.channels) expect(Object.keys(ch).sort()).toEqual([...CHANNEL_KEYS].sort());
    const poll = r.channels.find((c) => c.template === '/status')!;
    expect(poll).toMatchObject({
      key: 'fetch GET https://api.example/status',
      transport: 'fetch',
      pattern: 'polling',
      method: 'GET',
      origin: 'https://api.example',
      requests: 12,
      connections: 12,
    });
    expect(poll.medianIntervalMs).toBeCloseTo(1000, -2);
    expect(r.findings.length).toBeGreaterThan(0);
    for (const f of r.findings) {
      expect(typeof f.rule).toBe('string');
      expect(['error', 'warning', 'info']).toContain(f.severity);
      expect(r.channels.map((c) => c.key)).toContain(f.channel);
      expect(f.message).not.toBe('');
      expect(f.suggestion).not.toBe('');
    }
    // Round-trips through JSON unchanged: plain numbers, strings and nulls only.
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('flattens the finding numbers into the finding', () => {
    const r = analyze(pollingPage().sources);
    const chatty = r.findings.find((f) => f.rule === 'chatty-polling');
    expect(chatty).toBeDefined();
    expect(chatty!['requestsPerMin']).toBeCloseTo(60, 0);
    expect(chatty!['identicalPct']).toBe(100);
  });

  it('lists recurring channels before one-off ones, busiest first', () => {
    // The socket's two messages are no rate (too few): the poller, 60 a minute, is the busiest.
    const r = analyze(pollingPage().sources);
    expect(r.channels.map((c) => c.pattern)).toEqual(['polling', 'websocket', 'one-off']);
  });

  it('merges sources in time order, keeping each source as captured', () => {
    const frame: SourceInfo = { sourceId: 'frame', frameId: 3, url: 'https://w.example/', top: false };
    const top = new CaptureBuilder().poll('https://api.example/a', 6, 1000).sorted();
    const inner = new CaptureBuilder(frame).poll('https://api.example/a', 6, 1000, 500).sorted();
    const together = analyze([...top.sources, ...inner.sources]);
    const ch = together.channels.find((c) => c.template === '/a')!;
    expect(ch.requests).toBe(12);
    expect(ch.medianIntervalMs).toBeCloseTo(500, -1);
    expect(analyze([...inner.sources, ...top.sources]).channels[0]!.requests).toBe(12);
  });

  it('says when some channels form a logical stream', () => {
    const c = new CaptureBuilder();
    for (let i = 0; i < 4; i++) c.fetch(`https://io.example/socket.io/?EIO=4&transport=polling&sid=abc123`, i * 300, 250);
    c.webSocket('wss://io.example/socket.io/?EIO=4&transport=websocket&sid=abc123', 1400, [{ at: 1500, dir: 'down', text: '3' }]);
    const r = analyze(c.sorted().sources);
    expect(r.streams?.[0]?.steps.map((s) => s.transport)).toEqual(['fetch', 'websocket']);
  });
});

describe('worstSeverity', () => {
  const finding = (severity: ReportFinding['severity']): ReportFinding =>
    ({ rule: 'chatty-polling', severity, channel: 'c', message: 'm', suggestion: 's' }) as ReportFinding;
  const report = (...s: ReportFinding['severity'][]): Report => ({ version: 1, channels: [], findings: s.map(finding) });

  it('is the most severe finding, null without findings', () => {
    expect(worstSeverity(report())).toBeNull();
    expect(worstSeverity(report('info'))).toBe('info');
    expect(worstSeverity(report('info', 'warning', 'info'))).toBe('warning');
    expect(worstSeverity(report('warning', 'error', 'info'))).toBe('error');
  });
});

describe('formatReport', () => {
  it('shows a polling channel with its pattern, rate and rhythm', () => {
    const text = formatReport(analyze(pollingPage().sources));
    const row = text.split('\n').find((l) => l.includes('/status'))!;
    expect(row).toMatch(/^polling\s+fetch\s+60 req\/min\s+0\s+\S+ \S+ \/ 0 B\s+GET api\.example\/status$/);
    expect(text).toContain('every 1.01 s ±');
    expect(text).toMatch(/^3 channels \(2 recurring, 1 one-off\), 3 findings \(1 warning, 2 info\)\n/);
    expect(text).toContain('FINDINGS');
    expect(text).toMatch(/\n {2}WARNING {2}chatty-polling {2}GET api\.example\/status\n {11}polled every 1\.01 s \(60\/min\)/);
    expect(text).toContain('fix: ');
  });

  it('fits the width and stays plain ASCII', () => {
    const c = new CaptureBuilder();
    c.poll(`https://api.example/${'very-long-segment/'.repeat(10)}poll`, 5, 1000);
    const text = formatReport(analyze(c.sorted().sources), { width: 80 });
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(text.includes('\u001b')).toBe(false);
  });

  it('says so when there is nothing to show', () => {
    expect(formatReport({ version: 1, channels: [], findings: [] })).toBe(
      '0 channels (0 recurring, 0 one-off), 0 findings\n\nNo fetch, XHR, EventSource or WebSocket traffic in this capture.\n\nNo findings.\n',
    );
  });

  it('describes each pattern by the numbers that earned it', () => {
    const c = new CaptureBuilder();
    for (let i = 0; i < 5; i++) c.fetch('https://api.example/lp', i * 20_050, 20_000);
    c.eventSource('https://api.example/es', 0, [{ at: 100, data: 'a' }, { at: 200, data: 'b' }]);
    const text = formatReport(analyze(c.sorted().sources), { width: 120 });
    expect(text).toMatch(/long-polling .*GET api\.example\/lp\n\s+held 20\.00 s, next after \d+ ms/);
    expect(text).toMatch(/sse .*https:\/\/api\.example\/es\n\s+2 events/);
    expect(T0).toBeGreaterThan(0);
  });
});

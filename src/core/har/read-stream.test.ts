import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../protocol';
import type { CaptureSource } from '../store/capture-source';
import { toHar } from './export';
import { fromHar, type HarImport } from './import';
import { ReadWhole, type HarReadResult } from './reader';
import { readHarBytes } from './read-stream';
import { ScanError } from './json-scan';
import { CaptureBuilder } from './test-capture';
import { CHROME_PAGE, chromeEntry, harOf, PAGE_START } from './test-entries';

const HARS = new URL('../../../test/fixtures/har/', import.meta.url);
const CAPTURES = new URL('../../../test/fixtures/captures/', import.meta.url);

/** A streamed read, assembled as fromHar assembles its sources. */
function streamed(text: string, chunkSize: number, window?: number): HarImport {
  const bySource = new Map<string, CaptureSource>();
  const result: HarReadResult = readHarBytes(
    new TextEncoder().encode(text),
    (source, events) => {
      let s = bySource.get(source.sourceId);
      if (!s) bySource.set(source.sourceId, (s = { source, events: [] }));
      (s.events as CaptureEvent[]).push(...events);
    },
    chunkSize,
    window,
  );
  for (const c of result.collected) bySource.set(c.source.sourceId, c);
  return { sources: result.order.map((id) => bySource.get(id)!), warnings: result.warnings };
}

/** Files of every shape the whole-file path reads: real exports, ours, and synthesized edge cases. */
function files(): [string, string][] {
  const out: [string, string][] = readdirSync(HARS)
    .filter((f) => f.endsWith('.har'))
    .map((f) => [f, readFileSync(new URL(f, HARS), 'utf8')]);
  for (const f of readdirSync(CAPTURES).filter((x) => x.endsWith('.json'))) {
    const capture = JSON.parse(readFileSync(new URL(f, CAPTURES), 'utf8')) as { sources: CaptureSource[] };
    out.push([`ours: ${f}`, JSON.stringify(toHar({ sources: capture.sources, creatorVersion: '0.1.0' }))]);
  }
  const polls = Array.from({ length: 8 }, (_, i) => chromeEntry({ type: 'xhr', url: `https://api.example/s?q="a\\\\b"&i=${i}`, at: i * 1500, text: `{"v":"\\"${i}\\\\"}` }));
  const ws = chromeEntry({
    type: 'websocket',
    url: 'wss://api.example/live',
    at: 300,
    status: 101,
    mime: 'x-unknown',
    extra: { _webSocketMessages: [{ type: 'receive', time: (PAGE_START + 400) / 1000, opcode: 1, data: '{"é":"\u2028☃"}' }] },
  });
  const unpaged = { ...chromeEntry({ type: 'fetch', url: 'https://api.example/x', at: 700 }), pageref: undefined };
  const late = { ...chromeEntry({ type: 'fetch', url: 'https://api.example/y', at: 900 }), startedDateTime: '1969-12-31T23:59:59.000Z' };
  out.push(['chrome-shaped, with escapes, unicode, an unpaged and a 1969 entry', harOf([...polls.slice(0, 2), ws, unpaged, late, ...polls.slice(2)], CHROME_PAGE)]);
  out.push(['a BOM and whitespace', '\ufeff \n' + JSON.stringify(JSON.parse(harOf(polls, CHROME_PAGE)), null, 2)]);
  out.push(['members in another order', JSON.stringify({ extra: [1, { a: '}' }], log: { entries: [polls[0]], creator: { name: '{[' }, version: '1.2' } })]);
  out.push(['no entries', '{"log":{"version":"1.1","entries":[]}}']);
  return out;
}

describe('readHarBytes: the streamed read gives what the whole-file read gives', () => {
  for (const [name, text] of files()) {
    it(name, () => {
      const whole = fromHar(text);
      for (const size of [1, 7, 4096, 1 << 20]) expect(streamed(text, size), `chunks of ${size}`).toEqual(whole);
    });
  }

  it('hands events on a window behind the entries, in the order of the whole-file merge', () => {
    const c = new CaptureBuilder();
    for (let i = 0; i < 40; i++) c.fetch(`https://api.example/p${i % 3}`, i * 10_000, 30_000);
    const text = JSON.stringify(toHar({ sources: c.sorted().sources, creatorVersion: '0' }).log.entries.map((e) => ({ ...e, _polltergeist: undefined })));
    const file = `{"log":{"version":"1.2","entries":${text}}}`;
    let runs = 0;
    let seen = 0;
    readHarBytes(new TextEncoder().encode(file), (_s, events) => {
      runs++;
      seen += events.length;
    }, 512, 60_000);
    expect(runs).toBeGreaterThan(1);
    expect(streamed(file, 512, 60_000)).toEqual(fromHar(file));
    expect(seen).toBe(fromHar(file).sources[0]!.events.length);
  });
});

describe('readHarBytes: what it leaves to the whole-file read', () => {
  it.each([
    ['not an object', '[1,2]'],
    ['log not an object', '{"log":"x"}'],
    ['entries not an array', '{"log":{"version":"1.2","entries":{}}}'],
    ['no log', '{"other":1}'],
    ['pages after entries', harOf([chromeEntry({ type: 'fetch', url: 'https://a.example/', at: 0 })]).replace('"pages":undefined', '').replace(/}}$/, ',"pages":[]}}')],
  ])('%s: ReadWhole', (_name, text) => {
    expect(() => streamed(text, 5)).toThrow(ReadWhole);
  });

  it('entries out of time order beyond the window: ReadWhole (the whole-file read sorts them)', () => {
    const entries = [chromeEntry({ type: 'fetch', url: 'https://a.example/1', at: 200_000 }), chromeEntry({ type: 'fetch', url: 'https://a.example/2', at: 0 })];
    const many = [...Array.from({ length: 120 }, (_, i) => chromeEntry({ type: 'fetch', url: 'https://a.example/0', at: 100_000 + i * 1000 })), ...entries];
    expect(() => streamed(harOf(many, CHROME_PAGE), 64, 60_000)).toThrow(ReadWhole);
    expect(streamed(harOf(many, CHROME_PAGE), 64, Infinity)).toEqual(fromHar(harOf(many, CHROME_PAGE)));
  });

  it.each([
    ['cut short', '{"log":{"version":"1.2","entries":[{"a":1}'],
    ['garbage between entries', '{"log":{"version":"1.2","entries":[{"a":1} x {"b":2}]}}'],
    ['a broken entry', '{"log":{"version":"1.2","entries":[{"a":tru}]}}'],
    ['data after the end', '{"log":{"version":"1.2","entries":[]}} {}'],
  ])('%s: ScanError naming the byte', (_name, text) => {
    expect(() => streamed(text, 3)).toThrow(ScanError);
    expect(() => streamed(text, 3)).toThrow(/byte \d+/);
  });
});

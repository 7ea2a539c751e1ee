import { describe, expect, it } from 'vitest';
import { CaptureLog } from './capture-log';
import type { CaptureEvent, SourceInfo } from './protocol';

const src = (id: string): SourceInfo => ({ sourceId: id, frameId: 0, url: `https://a.example/${id}`, top: true });
const ev = (id: string, t: number): CaptureEvent => ({ kind: 'ws-error', id, t });

describe('CaptureLog', () => {
  it('keeps events per source in arrival order', () => {
    const log = new CaptureLog(10);
    log.append(src('a'), [ev('1', 1), ev('1', 2)]);
    log.append(src('b'), [ev('2', 3)]);
    log.append(src('a'), [ev('1', 4)]);
    expect(log.sources().map((s) => [s.source.sourceId, s.events.map((e) => e.t)])).toEqual([
      ['a', [1, 2, 4]],
      ['b', [3]],
    ]);
    expect(log.length).toBe(4);
  });

  it('evicts the globally oldest events first and counts them', () => {
    const log = new CaptureLog(3);
    log.append(src('a'), [ev('1', 1), ev('1', 2)]);
    log.append(src('b'), [ev('2', 3), ev('2', 4)]);
    log.append(src('a'), [ev('1', 5)]);
    expect(log.dropped).toBe(2);
    expect(log.sources().map((s) => [s.source.sourceId, s.events.map((e) => e.t)])).toEqual([
      ['a', [5]],
      ['b', [3, 4]],
    ]);
  });

  it('stays bounded over a long session', () => {
    const log = new CaptureLog(1000);
    for (let i = 0; i < 100_000; i++) log.append(src(String(i % 3)), [ev('x', i)]);
    expect(log.length).toBe(1000);
    expect(log.dropped).toBe(99_000);
    const all = log.sources().flatMap((s) => s.events.map((e) => e.t)).sort((a, b) => a - b);
    expect(all[0]).toBe(99_000);
    expect(all.length).toBe(1000);
  });
});

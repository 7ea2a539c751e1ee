import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('parses named events, ids, retry and multi-line data', () => {
    const p = new SseParser();
    const events = p.push('retry: 1500\nid: 7\nevent: tick\ndata: a\ndata: b\n\ndata: plain\n\n');
    expect(events).toEqual([
      { event: 'tick', data: 'a\nb', lastEventId: '7', retry: 1500 },
      { event: 'message', data: 'plain', lastEventId: '7', retry: null },
    ]);
  });

  it('handles events split across chunks at every position, with CRLF and CR line ends', () => {
    const text = 'id: 1\r\ndata: hello\r\n\r\n: comment\rdata:x\r\rdata: z\n\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const p = new SseParser();
      const events = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))];
      expect(events.map((e) => e.data), `cut at ${cut}`).toEqual(['hello', 'x', 'z']);
      expect(events.map((e) => e.lastEventId)).toEqual(['1', '1', '1']);
    }
  });

  it('does not dispatch events without data and ignores unknown fields and bad retry', () => {
    const p = new SseParser();
    expect(p.push('event: ping\n\nfoo: bar\nretry: soon\n\n')).toEqual([]);
    expect(p.push('data\n\n')).toEqual([{ event: 'message', data: '', lastEventId: '', retry: null }]);
  });

  it('keeps an incomplete trailing event until its blank line arrives', () => {
    const p = new SseParser();
    expect(p.push('data: partial')).toEqual([]);
    expect(p.push('\n')).toEqual([]);
    expect(p.push('\n')).toHaveLength(1);
  });
});

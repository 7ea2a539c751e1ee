import { describe, expect, it } from 'vitest';
import { parseEndpoint } from './endpoint';

describe('parseEndpoint', () => {
  it('templates ids in the path: numbers, UUIDs, long hex, random tokens', () => {
    expect(parseEndpoint('https://a.example/api/items/42').template).toBe('/api/items/:id');
    expect(parseEndpoint('https://a.example/u/0f3a9c1e-1b2c-4d5e-8f90-123456789abc/feed').template).toBe('/u/:id/feed');
    expect(parseEndpoint('https://a.example/blob/deadbeef1234').template).toBe('/blob/:id');
    expect(parseEndpoint('https://a.example/s/aZ93kq7Lm2/websocket').template).toBe('/s/:id/websocket');
  });

  it('keeps words in the path, even ones with a digit', () => {
    expect(parseEndpoint('https://a.example/api/v2/oauth2callback').template).toBe('/api/v2/oauth2callback');
    expect(parseEndpoint('https://a.example/feed').template).toBe('/feed');
  });

  it('drops volatile query values and sorts the stable ones', () => {
    const a = parseEndpoint('https://a.example/api/poll?room=lobby&_=1732262400123&t=5');
    const b = parseEndpoint('https://a.example/api/poll?t=6&_=1732262401123&room=lobby');
    expect(a.template).toBe('/api/poll?room=lobby');
    expect(b.template).toBe(a.template);
    expect(a.volatileKeys).toEqual(['_', 't']);
    expect(parseEndpoint('https://a.example/api/poll?room=other').template).not.toBe(a.template);
  });

  it('treats random cache busters and cursors as volatile whatever their name', () => {
    expect(parseEndpoint('https://a.example/x?x=k3j4h5q9zz&lang=en').template).toBe('/x?lang=en');
    expect(parseEndpoint('https://a.example/x?cursor=abc&lang=en').template).toBe('/x?lang=en');
    expect(parseEndpoint('https://a.example/x?since=2026-11-22T10:00:00Z').template).toBe('/x');
  });

  it('finds session tokens that can tie transports together', () => {
    const poll = parseEndpoint('https://a.example/socket.io/?EIO=4&transport=polling&t=Pq1x9&sid=Zk3Lq0aB9xYwAAAB');
    const ws = parseEndpoint('wss://a.example/socket.io/?EIO=4&transport=websocket&sid=Zk3Lq0aB9xYwAAAB');
    expect(poll.sessionTokens).toEqual(['Zk3Lq0aB9xYwAAAB']);
    expect(ws.sessionTokens).toEqual(poll.sessionTokens);
    expect(poll.host).toBe(ws.host);
    expect(poll.template).toBe('/socket.io/?transport=polling');
  });

  it('lower-cases the origin, keeps the port and ignores the fragment', () => {
    const e = parseEndpoint('HTTP://Example.COM:8080/a?b=c#frag');
    expect(e.origin).toBe('http://example.com:8080');
    expect(e.host).toBe('example.com:8080');
    expect(e.template).toBe('/a?b=c');
  });

  it('copes with relative and odd URLs', () => {
    expect(parseEndpoint('/api/poll?x=1').origin).toBe('');
    expect(parseEndpoint('/api/poll?x=1').template).toBe('/api/poll');
    expect(parseEndpoint('https://a.example').template).toBe('/');
    expect(parseEndpoint('https://a.example?q=a').template).toBe('/?q=a');
    expect(parseEndpoint('').template).toBe('/');
  });
});

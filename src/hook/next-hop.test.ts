import { describe, expect, it } from 'vitest';
import { MAX_ORIGINS, ProtocolTable, onOrigin, originOf } from './next-hop';

describe('originOf', () => {
  it('slices scheme and authority of absolute http(s) URLs', () => {
    expect(originOf('http://127.0.0.1:5175/api/poll?x=1')).toBe('http://127.0.0.1:5175');
    expect(originOf('https://example.test/')).toBe('https://example.test');
    expect(originOf('https://[::1]:8443/a/b')).toBe('https://[::1]:8443');
  });

  it('agrees with URL.origin on serialized URLs, including the edge cases', () => {
    for (const raw of [
      'https://example.test',
      'https://example.test?q=1',
      'https://example.test#frag',
      'https://user:pa@ss@example.test:444/p?a=@b',
      'https://example.test/path/with@at',
      'http://EXAMPLE.test:80/x',
      'https://xn--bcher-kva.example/',
    ]) {
      const href = new URL(raw).href;
      expect(originOf(href), href).toBe(new URL(href).origin);
    }
  });

  it('gives nothing for other schemes and for relative or empty input', () => {
    for (const url of ['', '/api/poll', 'ws://example.test/', 'data:text/plain,x', 'blob:https://example.test/uuid', 'about:blank', 'http://', 'https:///x']) {
      expect(originOf(url), url).toBe('');
    }
  });
});

describe('ProtocolTable', () => {
  it('remembers the last protocol per origin and looks it up by any URL of that origin', () => {
    const t = new ProtocolTable();
    t.learn('https://a.test/index.html', 'h2');
    t.learn('https://a.test/app.js', 'h2');
    t.learn('http://b.test/x', 'http/1.1');
    expect(t.lookup('https://a.test/api/stream?x=1')).toBe('h2');
    expect(t.lookup('http://b.test/')).toBe('http/1.1');
    expect(t.lookup('https://b.test/')).toBe('');
    t.learn('https://a.test/later', 'h3');
    expect(t.lookup('https://a.test/')).toBe('h3');
    expect(t.size).toBe(2);
  });

  it('falls back to a second URL (the request URL when the response URL is unknown or empty)', () => {
    const t = new ProtocolTable();
    t.learn('https://a.test/', 'h2');
    expect(t.lookup('', 'https://a.test/x')).toBe('h2');
    expect(t.lookup('https://elsewhere.test/', 'https://a.test/x')).toBe('h2');
    expect(t.lookup('https://elsewhere.test/')).toBe('');
  });

  it('ignores empty protocols (cross-origin without Timing-Allow-Origin) and junk', () => {
    const t = new ProtocolTable();
    t.learn('https://a.test/', 'h2');
    t.learn('https://a.test/opaque', '');
    t.learn('https://c.test/', '');
    t.learn('https://d.test/', undefined);
    t.learn(undefined, 'h2');
    t.learn('not a url', 'h2');
    expect(t.lookup('https://a.test/')).toBe('h2');
    expect(t.size).toBe(1);
  });

  it('is bounded, forgetting the origin learned least recently', () => {
    const t = new ProtocolTable(3);
    t.learn('https://1.test/', 'h2');
    t.learn('https://2.test/', 'h2');
    t.learn('https://3.test/', 'h2');
    t.learn('https://1.test/again', 'h2'); // refreshed: 2 is now the oldest
    t.learn('https://4.test/', 'http/1.1');
    expect(t.size).toBe(3);
    expect(t.lookup('https://2.test/')).toBe('');
    expect(t.lookup('https://1.test/')).toBe('h2');
    expect(t.lookup('https://3.test/')).toBe('h2');
    expect(t.lookup('https://4.test/')).toBe('http/1.1');
  });

  it('holds at most MAX_ORIGINS by default', () => {
    const t = new ProtocolTable();
    for (let i = 0; i < MAX_ORIGINS * 3; i++) t.learn(`https://o${i}.test/`, 'h2');
    expect(t.size).toBe(MAX_ORIGINS);
    expect(t.lookup(`https://o${MAX_ORIGINS * 3 - 1}.test/`)).toBe('h2');
    expect(t.lookup('https://o0.test/')).toBe('');
  });
});

describe('onOrigin', () => {
  it('says yes only for URLs of that origin (a shortcut: userinfo URLs take the long way)', () => {
    const origin = 'http://a.test';
    for (const url of ['http://a.test', 'http://a.test/', 'http://a.test?x', 'http://a.test#f', 'http://a.test/p?q#f']) {
      expect(onOrigin(url, origin), url).toBe(true);
    }
    for (const url of ['http://a.test:8080/', 'http://a.test.evil/', 'http://a.testing/', 'https://a.test/', 'http://b.test/', 'http://user@a.test/']) {
      expect(onOrigin(url, origin), url).toBe(false);
    }
    expect(onOrigin('http://a.test/', '')).toBe(false);
  });
});

describe('ProtocolTable, remembered answers', () => {
  it('a lookup remembered for an origin follows a change of its protocol and its eviction', () => {
    const t = new ProtocolTable(2);
    t.learn('http://a.test/x', 'http/1.1');
    expect(t.lookup('http://a.test/poll?1')).toBe('http/1.1');
    expect(t.lookup('http://a.test/poll?2')).toBe('http/1.1');
    t.learn('http://a.test/y', 'h2');
    expect(t.lookup('http://a.test/poll?3')).toBe('h2');
    t.learn('http://b.test/', 'h3');
    t.learn('http://c.test/', 'h3');
    // a.test was learned least recently: evicted, and no longer answered from memory.
    expect(t.lookup('http://a.test/poll?4')).toBe('');
    expect(t.lookup('http://a.test/poll?5', 'http://c.test/')).toBe('h3');
  });

  it('learning an origin again, even with the same protocol, makes it the most recent', () => {
    const t = new ProtocolTable(2);
    t.learn('http://a.test/', 'h2');
    t.learn('http://b.test/', 'h2');
    t.learn('http://a.test/again', 'h2');
    t.learn('http://c.test/', 'h2');
    expect([t.lookup('http://a.test/'), t.lookup('http://b.test/'), t.lookup('http://c.test/')]).toEqual(['h2', '', 'h2']);
  });
});

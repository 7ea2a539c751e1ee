import { expect, it } from 'vitest';
import { Countdown, countdownLine } from './countdown';

it('says the time left (m:ss, rounded up) and the events so far', () => {
  expect(countdownLine({ elapsedMs: 2_500, durationMs: 15_000, events: 347 })).toBe('Recording: 0:13 left · 347 events so far · Ctrl-C ends it early');
  expect(countdownLine({ elapsedMs: 0, durationMs: 90_000, events: 1 })).toBe('Recording: 1:30 left · 1 event so far · Ctrl-C ends it early');
  expect(countdownLine({ elapsedMs: 20_000, durationMs: 15_000, events: NaN })).toBe('Recording: 0:00 left · counting events · Ctrl-C ends it early');
});

it('rewrites one line in place and erases it before other output', () => {
  let out = '';
  const c = new Countdown((t) => (out += t));
  c.clear();
  expect(out).toBe('');
  c.update({ elapsedMs: 1000, durationMs: 3000, events: 2 });
  c.update({ elapsedMs: 2000, durationMs: 3000, events: 5 });
  c.clear();
  c.clear();
  expect(out).toBe('\r\x1b[2KRecording: 0:02 left · 2 events so far · Ctrl-C ends it early\r\x1b[2KRecording: 0:01 left · 5 events so far · Ctrl-C ends it early\r\x1b[2K');
});

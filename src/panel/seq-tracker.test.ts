import { expect, it } from 'vitest';
import { SeqTracker } from './seq-tracker';

it('accepts each seq once, in any order, and resumes after the contiguous prefix', () => {
  const t = new SeqTracker();
  expect([5, 6, 1, 2, 5, 3, 1].map((s) => t.accept(s))).toEqual([true, true, true, true, false, true, false]);
  expect(t.resumeAfter).toBe(3);
  expect(t.accept(4)).toBe(true);
  expect(t.resumeAfter).toBe(6);
});

it('does not grow without bound when the source evicted a range', () => {
  const t = new SeqTracker();
  for (let s = 10_000; s < 20_000; s++) t.accept(s);
  expect(t.resumeAfter).toBeGreaterThan(10_000);
  expect(t.accept(10_001)).toBe(false);
});

it('skipThrough marks an unfillable range as seen', () => {
  const t = new SeqTracker();
  t.accept(1);
  t.accept(12);
  t.skipThrough(10);
  expect(t.resumeAfter).toBe(10);
  expect(t.accept(11)).toBe(true);
  expect(t.resumeAfter).toBe(12);
  expect(t.accept(5)).toBe(false);
});

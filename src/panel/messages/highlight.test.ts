import { expect, it } from 'vitest';
import { compileFilter, matchRanges } from '../../core/store/filter-index';
import { highlightSegments } from './highlight';

it('splits text into plain and marked segments', () => {
  expect(highlightSegments('hello world', [0, 5])).toEqual([
    { text: 'hello', mark: true },
    { text: ' world', mark: false },
  ]);
  expect(highlightSegments('abcabc', [1, 2, 4, 5])).toEqual([
    { text: 'a', mark: false },
    { text: 'b', mark: true },
    { text: 'ca', mark: false },
    { text: 'b', mark: true },
    { text: 'c', mark: false },
  ]);
  expect(highlightSegments('abc', [])).toEqual([{ text: 'abc', mark: false }]);
  expect(highlightSegments('', [])).toEqual([{ text: '', mark: false }]);
  expect(highlightSegments('abc', [0, 3])).toEqual([{ text: 'abc', mark: true }]);
});

it('tolerates overlapping, empty and out-of-bounds ranges', () => {
  expect(highlightSegments('abcdef', [1, 4, 2, 5])).toEqual([
    { text: 'a', mark: false },
    { text: 'bcd', mark: true },
    { text: 'e', mark: true },
    { text: 'f', mark: false },
  ]);
  expect(highlightSegments('abc', [2, 2, 5, 9])).toEqual([{ text: 'abc', mark: false }]);
  expect(highlightSegments('abc', [-3, 1])).toEqual([
    { text: 'a', mark: true },
    { text: 'bc', mark: false },
  ]);
  expect(highlightSegments('abc', [1, 99])).toEqual([
    { text: 'a', mark: false },
    { text: 'bc', mark: true },
  ]);
});

it('highlights what the store filter matches, markup included as plain text', () => {
  const r = compileFilter({ text: '<img', caseSensitive: false });
  if (!r.ok) throw new Error(r.error);
  const text = 'x <IMG src=x onerror=alert(1)> <img>';
  const segs = highlightSegments(text, matchRanges(text, r.filter));
  expect(segs.filter((s) => s.mark).map((s) => s.text)).toEqual(['<IMG', '<img']);
  expect(segs.map((s) => s.text).join('')).toBe(text);
  const re = compileFilter({ text: 'a+', regex: true, caseSensitive: true });
  if (!re.ok) throw new Error(re.error);
  expect(highlightSegments('baaab', matchRanges('baaab', re.filter))).toEqual([
    { text: 'b', mark: false },
    { text: 'aaa', mark: true },
    { text: 'b', mark: false },
  ]);
});

import { expect, it } from 'vitest';
import { oneLine } from './one-line';

it('puts captured text on one line, cut with an ellipsis at max', () => {
  expect(oneLine('a\nb', 10)).toBe('a b');
  expect(oneLine('x'.repeat(20), 5)).toBe('xxxxx…');
  expect(oneLine('{\n  "a": 1,\r\n\t"b": "x"\n}')).toBe('{ "a": 1, "b": "x" }');
  const plain = 'no control here';
  expect(oneLine(plain)).toBe(plain);
});

import { expect, it } from 'vitest';
import { fnv1a } from './hash';

it('fnv1a matches the reference vectors and tells different bodies apart', () => {
  expect(fnv1a('')).toBe('811c9dc5');
  expect(fnv1a('a')).toBe('e40c292c');
  expect(fnv1a('foobar')).toBe('bf9cf968');
  expect(fnv1a('{"v":1}')).not.toBe(fnv1a('{"v":2}'));
});

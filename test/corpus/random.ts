/**
 * A small seeded PRNG for the synthetic corpus: mulberry32 (32-bit state, good enough for test
 * data, fast, and identical on every platform), plus the few distributions the generators need.
 */

/** mulberry32: returns a function producing floats in [0, 1). One copy, kept beside the store's test events (src/core may not import from test/). */
import { rng as mulberry32 } from '../../src/core/store/test-events';

export { mulberry32 };

/** Mixes a string into a 32-bit seed (FNV-1a then a murmur-style finaliser). */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private readonly next: () => number;

  constructor(readonly seed: number) {
    this.next = mulberry32(seed);
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next();
  }

  /** A float in [a, b). */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.next();
  }

  /** Log-uniform in [a, b): every order of magnitude equally likely (intervals, sizes). */
  logUniform(a: number, b: number): number {
    return Math.exp(this.uniform(Math.log(a), Math.log(b)));
  }

  /** An integer in [a, b], both included. */
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }

  /** base × (1 ± frac), uniform: a timer or a server that does not keep perfect time. */
  jitter(base: number, frac = 0.3): number {
    return base * (1 + this.uniform(-frac, frac));
  }

  /** Exponential with the given mean (memoryless gaps: user clicks, news arrivals). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** n lowercase hex digits. */
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }

  /** n characters of base-36 (ids, session tokens). */
  token(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 36).toString(36);
    return s;
  }

  /** A child generator whose stream depends on this one's state and a label. */
  fork(label: string): Rng {
    return new Rng(seedOf(`${label}:${Math.floor(this.next() * 4294967296)}`));
  }
}

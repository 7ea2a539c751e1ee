import { describe, expect, it } from 'vitest';
import { meanInterval, median, ratioInterval } from './stats';

describe('ratioInterval', () => {
  it('brackets the ratio of the means and widens with the spread', () => {
    const hooked = [1.03, 1.05, 1.04, 1.06, 1.02];
    const plain = [1.0, 0.99, 1.01, 1.0, 1.0];
    const [lo, hi] = ratioInterval(hooked, plain)!;
    expect(lo).toBeLessThan(1.04);
    expect(hi).toBeGreaterThan(1.04);
    expect(lo).toBeGreaterThan(1);
    const noisy = hooked.map((v, i) => v * (i % 2 ? 1.1 : 0.9));
    const [nlo, nhi] = ratioInterval(noisy, plain)!;
    expect(nhi - nlo).toBeGreaterThan(hi - lo);
    expect(nlo).toBeLessThan(1);
  });

  it('matches a hand computation (t with 2 degrees of freedom)', () => {
    // log-scale: x = ln 2 ± 0, y = {0, ln 4}: mean difference ln2 - ln2 = 0; se = sqrt(var(y)/3).
    const y = [1, 1, 4];
    const ly = y.map(Math.log);
    const my = ly.reduce((a, b) => a + b) / 3;
    const vy = ly.reduce((a, b) => a + (b - my) ** 2, 0) / 2;
    const half = 4.303 * Math.sqrt(vy / 3);
    const [lo, hi] = ratioInterval([2, 2, 2], y)!;
    const centre = Math.exp(Math.log(2) - my);
    expect(lo).toBeCloseTo(centre * Math.exp(-half), 10);
    expect(hi).toBeCloseTo(centre * Math.exp(half), 10);
  });

  it('needs two values a side', () => {
    expect(ratioInterval([1.1], [1, 1])).toBeNull();
    expect(ratioInterval([1.1, 1.2], [])).toBeNull();
  });
});

describe('median', () => {
  it('is the middle value, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
  });
});

describe('meanInterval', () => {
  it('brackets the geometric mean, and is the ratio interval against a constant', () => {
    const xs = [1.03, 1.05, 1.04, 1.06, 1.02];
    const [lo, hi] = meanInterval(xs)!;
    const g = Math.exp(xs.map(Math.log).reduce((a, b) => a + b) / xs.length);
    expect(lo).toBeLessThan(g);
    expect(hi).toBeGreaterThan(g);
    expect(Math.sqrt(lo * hi)).toBeCloseTo(g, 10);
    expect(meanInterval([1.1])).toBeNull();
  });
});

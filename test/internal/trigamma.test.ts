import { describe, expect, it } from 'vitest';
import { digamma, trigamma } from '../../src/internal/specialFunctions.js';

// Reference: scipy.special.polygamma(1, x), SciPy 1.x (numpy's Cephes-based zeta), run 2026-11-30.
const SCIPY_TRIGAMMA: readonly (readonly [number, number])[] = [
  [1e-6, 1000000000001.645],
  [0.01, 10001.621213528311],
  [0.243, 18.14177978709583],
  [0.5, 4.93480220054468],
  [1, 1.6449340668482266],
  [1.5, 0.9348022005446793],
  [2.426, 0.508471848480258],
  [5.9, 0.18466215140534098],
  [6, 0.18132295573711532],
  [10, 0.10516633568168576],
  [33.3, 0.03048544409533889],
  [1000, 0.001000500166666633],
  [1e6, 1.0000005000001667e-6],
];

describe('trigamma', () => {
  it.each(SCIPY_TRIGAMMA)('ψ₁(%s) equals scipy to 1e-14 relative', (x, expected) => {
    expect(Math.abs(trigamma(x) - expected) / expected).toBeLessThan(1e-14);
  });

  it('is the derivative of digamma (central differences) and ψ₁(1) = π²/6', () => {
    expect(trigamma(1)).toBeCloseTo(Math.PI ** 2 / 6, 15);
    for (const x of [0.3, 2, 7.5, 40]) {
      const h = 1e-5 * x;
      expect(Math.abs((digamma(x + h) - digamma(x - h)) / (2 * h) - trigamma(x)) / trigamma(x)).toBeLessThan(1e-8);
    }
  });
});

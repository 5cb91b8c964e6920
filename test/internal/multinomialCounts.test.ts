import { describe, expect, it } from 'vitest';
import { binomialDraw, multinomialCounts } from '../../src/internal/multinomialCounts.js';
import { seededRandom } from '../../src/internal/random.js';
import { readFixtureJson } from '../helpers/fixtures.js';

// Witness: scipy.stats.binom probabilities over bins of consecutive counts and chi2.ppf(0.999)
// (test/fixtures/internal/make_binomial_reference.py).
interface BinnedCase {
  n: number;
  p: number;
  draws: number;
  mean: number;
  variance: number;
  /** Inclusive upper count of each bin. */
  upper: number[];
  probabilities: number[];
  chi2_999: number;
}
const reference = readFixtureJson<{ binomial: BinnedCase[]; multinomial: { n: number; weights: number[]; draws: number; cells: (BinnedCase | null)[] } }>(
  'internal/binomial_reference.json',
);

/** Pearson's chi-square of `values` against the case's binned probabilities, and the values' mean and variance. */
function binnedChiSquare(c: BinnedCase, values: Float64Array) {
  const observed = new Float64Array(c.upper.length);
  let sum = 0;
  for (const v of values) {
    let bin = 0;
    while (v > c.upper[bin]) bin++;
    observed[bin]++;
    sum += v;
  }
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  let chi = 0;
  c.probabilities.forEach((p, bin) => (chi += (observed[bin] - values.length * p) ** 2 / (values.length * p)));
  return { chi, mean, variance: squares / (values.length - 1) };
}

describe('binomialDraw (BTRS above n·min(p, 1 − p) = 10, waiting times below)', () => {
  it.each(reference.binomial.map((c) => [c.n, c.p, c] as const))(
    'Binomial(%d, %d): chi-square against scipy below its 0.999 quantile; mean within 4 standard errors, variance within 4 of its own',
    (n, p, c) => {
      const random = seededRandom(20261130 + n);
      const values = Float64Array.from({ length: c.draws }, () => binomialDraw(random, n, p));
      expect(values.every((k) => Number.isInteger(k) && k >= 0 && k <= n)).toBe(true);
      const { chi, mean, variance } = binnedChiSquare(c, values);
      expect(chi).toBeLessThan(c.chi2_999);
      expect(Math.abs(mean - c.mean)).toBeLessThan(4 * Math.sqrt(c.variance / c.draws));
      // the sample variance's standard error is about σ²·√(2/N) (near-normal counts; generous for the skewed small ones)
      expect(Math.abs(variance - c.variance)).toBeLessThan(4 * c.variance * Math.sqrt(3 / c.draws));
    },
  );

  it('is seeded: the same stream gives the same variates; p = 0, 1 and n = 0 are exact', () => {
    const a = seededRandom(9);
    const b = seededRandom(9);
    for (const [n, p] of [
      [5_000_000, 0.37],
      [50, 0.1],
      [80, 0.9],
    ])
      for (let i = 0; i < 100; i++) expect(binomialDraw(a, n, p)).toBe(binomialDraw(b, n, p));
    expect([binomialDraw(a, 10, 0), binomialDraw(a, 10, 1), binomialDraw(a, 0, 0.5)]).toEqual([0, 10, 0]);
  });
});

describe('multinomialCounts (the binomial chain)', () => {
  it('each cell of Multinomial(10,000; w) is Binomial(10,000, wᵢ/Σw): chi-square against scipy; counts sum to n; a weight 0 gets 0', () => {
    const { n, weights, draws, cells } = reference.multinomial;
    const random = seededRandom(77);
    const out = new Float64Array(weights.length);
    const columns = weights.map(() => new Float64Array(draws));
    for (let d = 0; d < draws; d++) {
      multinomialCounts(random, n, weights, out);
      expect(out.reduce((s, v) => s + v)).toBe(n);
      out.forEach((v, i) => (columns[i][d] = v));
    }
    cells.forEach((c, i) => {
      if (c === null) expect(columns[i].every((v) => v === 0)).toBe(true);
      else expect(binnedChiSquare(c, columns[i]).chi, `cell ${i}`).toBeLessThan(c.chi2_999);
    });
    // Cov(Nᵢ, Nⱼ) = −n·pᵢ·pⱼ: cells 0 and 5 (the first and the last of the chain), within 5 standard errors
    const total = weights.reduce((s, v) => s + v);
    const [p0, p5] = [weights[0] / total, weights[5] / total];
    let cov = 0;
    for (let d = 0; d < draws; d++) cov += (columns[0][d] - n * p0) * (columns[5][d] - n * p5);
    cov /= draws;
    const sd0 = Math.sqrt(n * p0 * (1 - p0));
    const sd5 = Math.sqrt(n * p5 * (1 - p5));
    expect(Math.abs(cov + n * p0 * p5)).toBeLessThan((5 * sd0 * sd5) / Math.sqrt(draws));
  });

  it('redraws exactly n customers at 10M over a long, skewed histogram', () => {
    const weights = Float64Array.from({ length: 16_000 }, (_, i) => Math.floor(1e6 / (1 + i) ** 1.3) + (i % 7));
    const n = 10_000_000;
    const out = new Float64Array(weights.length);
    multinomialCounts(seededRandom(3), n, weights, out);
    expect(out.reduce((s, v) => s + v)).toBe(n);
    expect(out.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
  });
});

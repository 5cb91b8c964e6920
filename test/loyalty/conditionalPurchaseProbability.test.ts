import { describe, expect, it } from 'vitest';
import {
  conditionalExpectedPurchases,
  conditionalPurchaseProbability,
  fitBetaGeoBetaBinomial,
  paretoNbdConditionalExpectedPurchases,
  purchaseCountPredictionIntervals,
} from '../../src/clv.js';
import type { BetaGeoModel, ModifiedBetaGeoModel, ParetoNbdModel } from '../../src/clv.js';
import { countDistributions, type CountModel } from '../../src/loyalty/clv/conditionalCountMath.js';
import { repeatBuyingOf } from '../../src/loyalty/clv/repeatBuyingOf.js';
import { seededRandom } from '../../src/internal/random.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// Witnesses: test/fixtures/loyalty/conditional_pmf_reference.json, written by
// make_conditional_pmf_reference.py: P(X(T, T+t) = n | x, t_x, T) by Bayes' rule over the latent
// rates of the individual-level BG/NBD, MBG/NBD, Pareto/NBD and BG/BB models, integrated
// numerically (scipy quad; a tensor Gauss–Legendre rule for Pareto/NBD's (λ, μ)), with no
// posterior updating and no conditional closed form. Invariants: the PMF sums to 1 and its mean is
// the library's conditional expected purchases (FHL 2005 eq. 10, Fader & Hardie 2005 eq. 24,
// their MBG/NBD and BG/BB counterparts), computed by other code; and a Monte Carlo population.

interface Reference {
  cases: { kind: CountModel['kind']; params: number[]; history: [number, number, number]; t: number; pmf: number[] }[];
}
const reference = readFixtureJson<Reference>('loyalty/conditional_pmf_reference.json');

const weekColumns = { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' };
const diagnostics = { logLikelihood: -1, groups: 1, iterations: 0 };
const certified = { ...diagnostics, aic: 10, bic: 10, gradientNorm: 0, hessianPositiveDefinite: true, newtonSteps: 0 };

const donations = readFixtureCsv('../../examples/data/bgbb_donations_summary.csv').columns as Record<string, Float64Array>;
const bgbbFitted = fitBetaGeoBetaBinomial(donations, { periodUnit: 'year', columns: { count: 'weights' } });

function modelOf(kind: CountModel['kind'], p: readonly number[]): CountModel {
  switch (kind) {
    case 'betaGeo':
      return {
        kind,
        version: 2,
        spec: { timeUnit: 'week', columns: weekColumns, missing: 'error', maxIterations: 1000 },
        params: { r: p[0], alpha: p[1], a: p[2], b: p[3] },
        standardErrors: null,
        fitted: { n: 1, skipped: 0, warnings: [], diagnostics },
      } satisfies BetaGeoModel;
    case 'modifiedBetaGeo':
      return {
        kind,
        version: 2,
        spec: { timeUnit: 'week', columns: weekColumns, missing: 'error', maxIterations: 1000 },
        params: { r: p[0], alpha: p[1], a: p[2], b: p[3] },
        standardErrors: null,
        fitted: { n: 1, skipped: 0, warnings: [], diagnostics: certified },
      } satisfies ModifiedBetaGeoModel;
    case 'paretoNbd':
      return {
        kind,
        version: 2,
        spec: { timeUnit: 'week', columns: weekColumns, missing: 'error', maxIterations: 1000 },
        params: { r: p[0], alpha: p[1], s: p[2], beta: p[3] },
        standardErrors: null,
        fitted: { n: 1, skipped: 0, warnings: [], diagnostics: certified },
      } satisfies ParetoNbdModel;
    case 'betaGeoBetaBinomial':
      return {
        ...bgbbFitted,
        spec: { ...bgbbFitted.spec, columns: { frequency: 'frequency', recency: 'recency', periods: 'periods' } },
        params: { alpha: p[0], beta: p[1], gamma: p[2], delta: p[3] },
      };
  }
}

const rowsOf = (kind: CountModel['kind'], [x, tx, T]: readonly number[]) =>
  kind === 'betaGeoBetaBinomial' ? [{ frequency: x, recency: tx, periods: T }] : [{ frequency: x, recency: tx, T }];
const relative = (a: number, b: number) => (a === b ? 0 : Math.abs(a / b - 1));

describe('conditionalPurchaseProbability against numerical integration of the individual-level models', () => {
  it.each(reference.cases.map((c) => [`${c.kind} (x, t_x, T) = (${c.history.join(', ')}), t = ${c.t}`, c] as const))('%s', (_, c) => {
    const model = modelOf(c.kind, c.params);
    const d = countDistributions(model).distribution(c.history[0], c.history[1], c.history[2], c.t)!;
    let worst = 0;
    for (let n = 0; n < c.pmf.length; n++) {
      const value = conditionalPurchaseProbability(model, rowsOf(c.kind, c.history), n, c.t).values[0];
      const fromPmf = (n === 0 ? 1 - d.alive : 0) + d.alive * d.pmf[n];
      worst = Math.max(worst, relative(value, c.pmf[n]), relative(fromPmf, c.pmf[n]));
    }
    // measured (2026-11-30): at most 5.3e-13 relative over all 24 cases, most below 1e-14
    expect(worst).toBeLessThan(1e-11);
  });
});

/** Expected purchases by the library's closed forms, one kind at a time. */
function closedFormMean(model: CountModel, x: number, tx: number, T: number, t: number): number {
  if (model.kind === 'betaGeo') return conditionalExpectedPurchases(model, [{ frequency: x, recency: tx, T }], t).values[0];
  if (model.kind === 'paretoNbd') return paretoNbdConditionalExpectedPurchases(model, [{ frequency: x, recency: tx, T }], t).values[0];
  return repeatBuyingOf(model, 'test', true).conditional(x, tx, T, t);
}

describe('the count distribution sums to 1 and its mean is the conditional expectation', () => {
  const kinds: [CountModel['kind'], number[]][] = [
    ['betaGeo', [0.243, 4.414, 0.793, 2.426]],
    ['modifiedBetaGeo', [0.525, 6.183, 0.891, 1.614]],
    ['paretoNbd', [0.5534, 10.5802, 0.6061, 11.6562]],
  ];
  const histories = [
    [0, 0, 38.86, 39],
    [2, 30.43, 38.86, 39],
    [5, 10, 38.86, 520], // a long horizon: t ≫ α + T
    [300, 38.5, 38.86, 39], // a heavy buyer
    [1000, 38, 38.86, 39], // almost surely gone (t_x far from T for its rate)
  ];
  it.each(kinds.flatMap(([kind, p]) => histories.map((h) => [`${kind} ${h.join(', ')}`, kind, p, h] as const)))('%s', (_, kind, p, [x, tx, T, t]) => {
    const model = modelOf(kind, p);
    const d = countDistributions(model).distribution(x, tx, T, t)!;
    let sum = 0;
    for (let n = d.pmf.length - 1; n >= 0; n--) sum += d.pmf[n];
    // the Pareto/NBD dropout integral is accepted piece by piece at 1e-13 of its mass: ~1e-12 over 1,000 components
    expect(Math.abs(sum - 1)).toBeLessThan(kind === 'paretoNbd' ? 5e-12 : 1e-12);
    const intervals = purchaseCountPredictionIntervals(model, [{ frequency: x, recency: tx, T }], t);
    const mean = closedFormMean(model, x, tx, T, t);
    expect(relative(intervals.mean[0], mean)).toBeLessThan(1e-10);
    expect(intervals.probabilityZero[0] + intervals.probabilityAtLeast[0]).toBeCloseTo(1, 12);
  });

  it('BG/BB: over n* = 0 … 20 opportunities', () => {
    const model = modelOf('betaGeoBetaBinomial', [1.204, 0.75, 0.657, 2.783]);
    for (const [x, tx, n] of [
      [0, 0, 6],
      [3, 4, 6],
      [6, 6, 6],
      [40, 50, 60],
    ])
      for (const nStar of [0, 1, 5, 20]) {
        const d = countDistributions(model).distribution(x, tx, n, nStar)!;
        expect(d.pmf.length).toBe(nStar + 1);
        expect(Math.abs(d.pmf.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-12);
        const intervals = purchaseCountPredictionIntervals(model, [{ frequency: x, recency: tx, periods: n }], nStar);
        const mean = closedFormMean(model, x, tx, n, nStar);
        expect(Math.abs(intervals.mean[0] - mean)).toBeLessThan(1e-10 * Math.max(mean, 1e-300) + 1e-300);
      }
  });
});

/** Simulate BG/NBD customers acquired at 0 and observed to T, then counted over (T, T + t]: [x, t_x, T, holdout]. */
function simulateBetaGeo(p: { r: number; alpha: number; a: number; b: number }, customers: number, t: number, seed: number) {
  const rng = seededRandom(seed);
  const rows = { frequency: new Float64Array(customers), recency: new Float64Array(customers), T: new Float64Array(customers) };
  const holdout = new Int32Array(customers);
  for (let i = 0; i < customers; i++) {
    const lambda = rng.gamma(p.r) / p.alpha;
    const ga = rng.gamma(p.a);
    const dropout = ga / (ga + rng.gamma(p.b));
    const T = [26, 39, 52][i % 3];
    let now = 0;
    let x = 0;
    let tx = 0;
    let future = 0;
    for (;;) {
      now += -Math.log(1 - rng.uniform()) / lambda;
      if (now > T + t) break;
      if (now <= T) {
        x++;
        tx = now;
      } else future++;
      if (rng.uniform() < dropout) break;
    }
    rows.frequency[i] = x;
    rows.recency[i] = tx;
    rows.T[i] = T;
    holdout[i] = future;
  }
  return { rows, holdout };
}

describe('Monte Carlo: a simulated BG/NBD population', () => {
  // true parameters (CDNOW's), no fit: the prediction distribution must match the simulated holdout counts
  const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const model = modelOf('betaGeo', [params.r, params.alpha, params.a, params.b]);
  const t = 26;
  const { rows, holdout } = simulateBetaGeo(params, 20_000, t, 19);
  const p = purchaseCountPredictionIntervals(model, rows, t, { levels: [0.05, 0.5, 0.9, 0.95] });

  it('the histogram of holdout counts is the sum of the customers’ PMFs (within 4 standard errors)', () => {
    for (let k = 0; k <= 4; k++) {
      let expected = 0;
      let variance = 0;
      let actual = 0;
      const probability = conditionalPurchaseProbability(model, rows, k, t).values;
      for (let i = 0; i < holdout.length; i++) {
        expected += probability[i];
        variance += probability[i] * (1 - probability[i]);
        if (holdout[i] === k) actual++;
      }
      expect(Math.abs(actual - expected)).toBeLessThan(4 * Math.sqrt(variance));
    }
  });

  it('coverage of the 90 % upper bound, P(X ≤ q90) summed, and of the total', () => {
    let covered = 0;
    let nominal = 0;
    for (let i = 0; i < holdout.length; i++) {
      if (holdout[i] <= p.quantiles[2][i]) covered++;
      // P(X ≤ q90 | history) ≥ 0.9 (discrete): the expected coverage is its sum
      nominal += 1 - conditionalPurchaseProbabilityAbove(i);
    }
    function conditionalPurchaseProbabilityAbove(i: number) {
      let above = p.probabilityAtLeast[i]; // P(X ≥ 1)
      for (let k = 1; k <= p.quantiles[2][i]; k++) above -= single(i, k);
      return above;
    }
    expect(Math.abs(covered - nominal)).toBeLessThan(4 * Math.sqrt(holdout.length * 0.1));
    expect(covered / holdout.length).toBeGreaterThan(0.9);
    let total = 0;
    for (const h of holdout) total += h;
    expect(Math.abs(total - p.total.mean)).toBeLessThan(4 * Math.sqrt(p.total.variance));
  });

  const cache = new Map<number, Float64Array>();
  function single(i: number, k: number): number {
    let column = cache.get(k);
    if (column === undefined) cache.set(k, (column = conditionalPurchaseProbability(model, rows, k, t).values));
    return column[i];
  }
});

describe('Monte Carlo: a simulated Pareto/NBD population', () => {
  it('the histogram of holdout counts is the sum of the customers’ PMFs, and the total is inside mean ± 4 sd', () => {
    // true parameters (Fader & Hardie's CDNOW estimates): λ ~ Gamma(r, α), lifetime ~ Exponential(μ), μ ~ Gamma(s, β)
    const [r, alpha, s, beta] = [0.5534, 10.5802, 0.6061, 11.6562];
    const model = modelOf('paretoNbd', [r, alpha, s, beta]);
    const rng = seededRandom(2006);
    const customers = 5000;
    const t = 39;
    const rows = { frequency: new Float64Array(customers), recency: new Float64Array(customers), T: new Float64Array(customers) };
    const holdout = new Int32Array(customers);
    for (let i = 0; i < customers; i++) {
      const lambda = rng.gamma(r) / alpha;
      const death = -Math.log(1 - rng.uniform()) / (rng.gamma(s) / beta);
      const T = [26, 39, 52][i % 3];
      let now = 0;
      for (;;) {
        now += -Math.log(1 - rng.uniform()) / lambda;
        if (now > Math.min(death, T + t)) break;
        if (now <= T) {
          rows.frequency[i]++;
          rows.recency[i] = now;
        } else holdout[i]++;
      }
      rows.T[i] = T;
    }
    for (let k = 0; k <= 3; k++) {
      const probability = conditionalPurchaseProbability(model, rows, k, t).values;
      let expected = 0;
      let variance = 0;
      let actual = 0;
      for (let i = 0; i < customers; i++) {
        expected += probability[i];
        variance += probability[i] * (1 - probability[i]);
        if (holdout[i] === k) actual++;
      }
      expect(Math.abs(actual - expected)).toBeLessThan(4 * Math.sqrt(variance));
    }
    const p = purchaseCountPredictionIntervals(model, rows, t);
    const total = holdout.reduce((sum, h) => sum + h, 0);
    expect(Math.abs(total - p.total.mean)).toBeLessThan(4 * Math.sqrt(p.total.variance));
  });
});

describe('purchaseCountPredictionIntervals', () => {
  const model = modelOf('betaGeo', [0.243, 4.414, 0.793, 2.426]);

  it('grouped input: the total weighs each row by its count and equals the ungrouped total', () => {
    const grouped = { frequency: [0, 2, 7], recency: [0, 30.43, 25], T: [38.86, 38.86, 30], n: [1200, 30, 4] };
    const expanded = { frequency: [] as number[], recency: [] as number[], T: [] as number[] };
    grouped.n.forEach((c, i) => {
      for (let k = 0; k < c; k++) {
        expanded.frequency.push(grouped.frequency[i]);
        expanded.recency.push(grouped.recency[i]);
        expanded.T.push(grouped.T[i]);
      }
    });
    const a = purchaseCountPredictionIntervals(model, grouped, 39, { count: 'n' });
    const b = purchaseCountPredictionIntervals(model, expanded, 39);
    expect(a.total.customers).toBe(1234);
    expect(b.histories).toBe(3);
    expect(relative(a.total.mean, b.total.mean)).toBeLessThan(1e-12);
    expect(relative(a.total.variance, b.total.variance)).toBeLessThan(1e-12);
    // the normal interval is far narrower than the sum of per-customer 95 % quantiles
    let summed = 0;
    for (const q of b.quantiles[2]) summed += q;
    expect(b.total.quantiles[2]).toBeLessThan(summed / 2);
  });

  it('reads a count column only when asked: a model fitted on a grouped histogram scores per-customer rows by default', () => {
    const spec = { ...model.spec, columns: { ...model.spec.columns, count: 'n' } };
    const histogramModel = { ...model, spec };
    const grouped = { frequency: [0, 2, 7], recency: [0, 30.43, 25], T: [38.86, 38.86, 30], n: [1200, 30, 4] };
    const perCustomer = { frequency: [0, 2, 7], recency: [0, 30.43, 25], T: [38.86, 38.86, 30] };
    // per-customer rows (no 'n'): each row is one customer
    const rows = purchaseCountPredictionIntervals(histogramModel, perCustomer, 39);
    expect(rows.total.customers).toBe(3);
    expect(Array.from(rows.mean)).toEqual(Array.from(purchaseCountPredictionIntervals(model, perCustomer, 39).mean));
    // the histogram, opted in by `true` (the model's column) or by name: the same weights
    const byModel = purchaseCountPredictionIntervals(histogramModel, grouped, 39, { count: true });
    expect(byModel.total).toEqual(purchaseCountPredictionIntervals(histogramModel, grouped, 39, { count: 'n' }).total);
    expect(byModel.total.customers).toBe(1234);
    // asking for the model's column on rows without it names the column
    expect(caught(() => purchaseCountPredictionIntervals(histogramModel, perCustomer, 39, { count: true })).code).toBe('missing_column');
  });

  it('quantiles are the smallest counts whose cumulative probability reaches the level', () => {
    const rows = [{ frequency: 2, recency: 30.43, T: 38.86 }];
    const p = purchaseCountPredictionIntervals(model, rows, 39, { levels: [0.2, 0.6, 0.99] });
    p.levels.forEach((level, j) => {
      const q = p.quantiles[j][0];
      let below = 0;
      for (let k = 0; k < q; k++) below += conditionalPurchaseProbability(model, rows, k, 39).values[0];
      const through = below + conditionalPurchaseProbability(model, rows, q, 39).values[0];
      expect(below).toBeLessThan(level);
      expect(through).toBeGreaterThanOrEqual(level);
    });
  });

  it('a skipped row gets −1 and NaN, and is counted', () => {
    const p = purchaseCountPredictionIntervals(model, { frequency: [1, null], recency: [3, 2], T: [10, 10] }, 5, { missing: 'skip' });
    expect(p.skipped).toBe(1);
    expect(p.quantiles[1][1]).toBe(-1);
    expect(p.mean[1]).toBeNaN();
    expect(p.total.customers).toBe(1);
  });

  it('t = 0: no purchase for sure', () => {
    const p = purchaseCountPredictionIntervals(model, [{ frequency: 3, recency: 5, T: 10 }], 0);
    expect([p.probabilityZero[0], p.mean[0], p.variance[0], p.quantiles[2][0]]).toEqual([1, 0, 0, 0]);
  });

  it('refuses bad input, naming the field and the value', () => {
    const rows = [{ frequency: 2, recency: 3, T: 10 }];
    expect(caught(() => purchaseCountPredictionIntervals(model, rows, -1)).issues[0]).toMatchObject({ path: 't', received: '-1' });
    expect(caught(() => purchaseCountPredictionIntervals(model, rows, 5, { levels: [0.5, 1] })).code).toBe('invalid_spec');
    expect(caught(() => purchaseCountPredictionIntervals(model, rows, 5, { atLeast: 0 })).code).toBe('invalid_spec');
    expect(caught(() => purchaseCountPredictionIntervals(model, rows, 5, { count: 'n' })).code).toBe('missing_column');
    expect(caught(() => conditionalPurchaseProbability(model, rows, 1.5, 5)).issues[0]).toMatchObject({ path: 'n', received: '1.5' });
    expect(caught(() => conditionalPurchaseProbability({ kind: 'gammaGamma' }, rows, 1, 5)).code).toBe('invalid_model');
    const bad = caught(() => conditionalPurchaseProbability(model, [{ frequency: 2, recency: 12, T: 10 }], 1, 5));
    expect(bad.code).toBe('invalid_value');
    expect(bad.issues[0]).toMatchObject({ row: 0 });
    const bgbb = modelOf('betaGeoBetaBinomial', [1.204, 0.75, 0.657, 2.783]);
    expect(caught(() => purchaseCountPredictionIntervals(bgbb, [{ frequency: 1, recency: 1, periods: 6 }], 2.5)).issues[0]).toMatchObject({
      path: 't',
      received: '2.5',
    });
  });
});

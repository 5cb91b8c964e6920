import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as root from '../helpers/library.js';
import { MODEL_KIND_NAMES, type ModelKind } from '../../src/model/kinds.js';
import { readFixtureCsv } from '../helpers/fixtures.js';

// Degenerate but legal data — uncorrelated items, binary items, tiny samples, all ties,
// refunds — fitted for every model kind (enumerated from the registry, src/model/kinds.ts, so a
// new kind without cases fails here). Each fit must give a model with no NaN or ±Infinity anywhere that
// round-trips through JSON.stringify → parseModel and scores identically after loading.

type Case = { readonly fit: () => unknown; readonly score: (model: never) => unknown };

/** Paths of every non-finite number in a JSON-like value. */
function nonFinite(value: unknown, path = 'model'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return Array.from(value as ArrayLike<unknown>).flatMap((v, i) => nonFinite(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`));
  return [];
}

// Uncorrelated items: an orthogonal 2-level design (every pairwise correlation exactly 0).
const orthogonal = { a: [1, 1, 2, 2, 1, 1, 2, 2], b: [1, 2, 1, 2, 1, 2, 1, 2], c: [1, 2, 2, 1, 1, 2, 2, 1], d: [1, 1, 1, 1, 2, 2, 2, 2] };
// Binary items; the second set is also uncorrelated within each construct.
const binary = {
  a: [0, 1, 1, 0, 1, 0, 1, 1, 0, 0],
  b: [0, 1, 1, 0, 1, 0, 1, 1, 0, 1],
  c: [1, 0, 0, 1, 0, 1, 0, 0, 1, 1],
  d: [0, 1, 0, 0, 1, 0, 1, 1, 0, 0],
  e: [1, 1, 0, 0, 1, 0, 0, 1, 1, 0],
};
const binaryUncorrelated = { a: [0, 1, 0, 1], b: [0, 1, 1, 0], d: [1, 0, 0, 1], e: [0, 0, 1, 1] };
// Tiny samples: three respondents (the items of the first cancel pairwise).
const tiny = { a: [1, 2, 3], b: [3, 2, 1], c: [1, 3, 2] };
const tinyPls = { a: [1, 2, 3, 4], b: [1, 3, 2, 4], c: [2, 1, 4, 3], d: [1, 2, 4, 3] };
// Three respondents, two predecessors: no residual degrees of freedom for adjusted R².
const noResidual = { a: [1, 2, 3], b: [1, 3, 2], c: [2, 1, 3], d: [3, 1, 2], e: [2, 3, 1] };
// All ties: customers that mostly share every value.
const ties = {
  recency: [4, 4, 4, 4, 4, 4, 4, 5],
  frequency: [2, 2, 2, 2, 2, 2, 2, 3],
  monetary: [10, 10, 10, 10, 10, 10, 10, 12],
  revenue: [30, 30, 30, 30, 30, 30, 30, 40],
  T: [9, 9, 9, 9, 9, 9, 9, 9],
};
// Refunds: the CDNOW sample with a refund larger than any spend for every fifth customer, and
// same-day purchase-and-refund pairs for every seventh.
const cdnow = readFixtureCsv('value/cdnow_sample.csv').columns as Record<string, Float64Array>;
const refundLog = (() => {
  const id: number[] = Array.from(cdnow.sample_id);
  const date: number[] = Array.from(cdnow.date);
  const amount: number[] = Array.from(cdnow.dollar_value);
  Array.from(new Set(cdnow.sample_id)).forEach((customer, k) => {
    if (k % 5 === 0) {
      id.push(customer);
      date.push(19970915);
      amount.push(-10_000);
    }
    if (k % 7 === 0) {
      id.push(customer, customer);
      date.push(19970301, 19970301);
      amount.push(25, -25);
    }
  });
  return { id, date, amount };
})();
const refunds = root.summarizeTransactions(refundLog, { customer: 'id', date: 'date', amount: 'amount', observationEnd: '1997-09-30', timeUnit: 'week' });
const repeatSpend = refunds.monetary.filter((m) => m > 0);
const refundColumns = { frequency: refunds.frequency, recency: refunds.recency, T: refunds.T, monetary: refunds.monetary, revenue: refunds.revenue };
// the refund customers with a two-level covariate that carries no information (every other customer)
const refundTiers = { ...refundColumns, tier: Array.from(refunds.frequency, (_, i) => (i % 2 === 0 ? 'even' : 'odd')) };
const tierCovariate = { columns: [{ column: 'tier', categorical: true }] };

const rfmSpec = { recency: { column: 'recency', better: 'higher' as const }, frequency: { column: 'frequency' }, monetary: { column: 'revenue' } };
const plsOn = (items: string[][], scale: [number, number]) => ({
  constructs: { X: { items: items[0] }, Y: { items: items[1] } },
  paths: [['X', 'Y']] as [string, string][],
  scale,
});

const cases: Record<ModelKind, Record<string, Case>> = {
  rfm: {
    'all ties': { fit: () => root.fitRfm(ties, rfmSpec), score: (m) => root.scoreRfm(m, ties) },
    refunds: { fit: () => root.fitRfm(refundColumns, rfmSpec), score: (m) => root.scoreRfm(m, refundColumns) },
    'tiny sample': {
      fit: () => root.fitRfm({ recency: [1, 2, 3, 4, 5], frequency: [0, 0, 0, 0, 1], revenue: [5, 5, 5, 5, 5] }, rfmSpec),
      score: (m) => root.scoreRfm(m, ties),
    },
  },
  valuePyramid: {
    'all ties': {
      fit: () => root.fitValuePyramid(ties, { dimensions: [{ column: 'revenue' }, { column: 'frequency' }] }),
      score: (m) => root.scoreValuePyramid(m, ties),
    },
    refunds: {
      fit: () => root.fitValuePyramid(refundColumns, { dimensions: [{ column: 'revenue' }, { column: 'frequency' }] }),
      score: (m) => root.scoreValuePyramid(m, refundColumns),
    },
    'tiny sample': {
      fit: () => root.fitValuePyramid({ v: [1, 2, 3] }, { dimensions: [{ column: 'v' }] }),
      score: (m) => root.scoreValuePyramid(m, { v: [0, 2, 9] }),
    },
  },
  satisfactionIndex: {
    'uncorrelated items': {
      fit: () => root.fitSatisfactionIndex(orthogonal, { items: ['a', 'b', 'c', 'd'], scale: [1, 2] }),
      score: (m) => root.scoreSatisfactionIndex(m, orthogonal),
    },
    'binary items': {
      fit: () => root.fitSatisfactionIndex(binary, { items: ['a', 'b', 'c', 'd', 'e'], scale: [0, 1] }),
      score: (m) => root.scoreSatisfactionIndex(m, binary),
    },
    'tiny sample': {
      fit: () => root.fitSatisfactionIndex(tiny, { items: ['a', 'b', 'c'], scale: [1, 3] }),
      score: (m) => root.scoreSatisfactionIndex(m, tiny),
    },
  },
  plsPathModel: {
    'binary, uncorrelated items': {
      fit: () =>
        root.fitPlsPathModel(
          binaryUncorrelated,
          plsOn(
            [
              ['a', 'b'],
              ['d', 'e'],
            ],
            [0, 1],
          ),
        ),
      score: (m) => root.scorePlsPathModel(m, binaryUncorrelated),
    },
    'binary items': {
      fit: () =>
        root.fitPlsPathModel(
          binary,
          plsOn(
            [
              ['a', 'b', 'c'],
              ['d', 'e'],
            ],
            [0, 1],
          ),
        ),
      score: (m) => root.scorePlsPathModel(m, binary),
    },
    'tiny sample': {
      fit: () =>
        root.fitPlsPathModel(
          tinyPls,
          plsOn(
            [
              ['a', 'b'],
              ['c', 'd'],
            ],
            [1, 4],
          ),
        ),
      score: (m) => root.scorePlsPathModel(m, tinyPls),
    },
    'tiny sample, no residual degrees of freedom': {
      fit: () =>
        root.fitPlsPathModel(noResidual, {
          constructs: { X: { items: ['a', 'b'] }, Z: { items: ['e'] }, Y: { items: ['c', 'd'] } },
          paths: [
            ['X', 'Y'],
            ['Z', 'Y'],
          ],
          scale: [1, 3],
        }),
      score: (m) => root.scorePlsPathModel(m, noResidual),
    },
  },
  segments: {
    'all ties': {
      fit: () => root.fitSegments(ties, { features: ['recency', 'frequency', 'revenue'], k: 2, seed: 1 }),
      score: (m) => root.scoreSegments(m, ties),
    },
    'tiny sample': {
      fit: () => root.fitSegments({ x: [1, 2, 3], y: [3, 1, 2] }, { features: ['x', 'y'], k: 3, seed: 1 }),
      score: (m) => root.scoreSegments(m, { x: [1, 2, 3], y: [3, 1, 2] }),
    },
    'binary features': { fit: () => root.fitSegments(binary, { features: ['a', 'b', 'c'], k: 2, seed: 1 }), score: (m) => root.scoreSegments(m, binary) },
  },
  betaGeo: {
    refunds: { fit: () => root.fitBetaGeo(refunds, { timeUnit: 'week' }), score: (m) => root.probabilityAlive(m, refundColumns) },
  },
  gammaGamma: {
    refunds: { fit: () => root.fitGammaGamma(refunds, { nonPositiveSpend: 'exclude' }), score: (m) => root.conditionalExpectedSpend(m, refundColumns) },
    'tiny sample': {
      fit: () => root.fitGammaGamma({ frequency: [1, 2, 3], monetary: [10, 20, 30] }),
      score: (m) => root.conditionalExpectedSpend(m, { frequency: [0, 1, 5], monetary: [0, 12, 40] }),
    },
    'one frequency (ties)': {
      fit: () => root.fitGammaGamma({ frequency: repeatSpend.map(() => 3), monetary: repeatSpend }),
      score: (m) => root.conditionalExpectedSpend(m, refundColumns),
    },
  },
  shiftedBetaGeometric: {
    // (a cohort whose retention falls, 100, 40, 15, 4, 1, 0, has its optimum at β → ∞ and is refused as not_converged)
    'a cohort lost entirely by period 7': {
      fit: () => root.fitShiftedBetaGeometric({ period: [0, 1, 2, 3, 4, 5, 6, 7], survivors: [100, 40, 25, 18, 14, 11, 9, 0] }, { periodUnit: 'month' }),
      score: (m) => root.retentionCurve(m, { periods: 12 }),
    },
    'tiny cohort, no loss in some periods': {
      fit: () => root.fitShiftedBetaGeometric({ period: [0, 1, 2, 3, 4], survivors: [3, 2, 1, 1, 1] }, { periodUnit: 'quarter' }),
      score: (m) => root.discountedExpectedResidualLifetime(m, { discountRate: 0.1, discountRateUnit: 'year', renewals: 3 }),
    },
    'cohorts of different ages, one of period 0 only': {
      fit: () =>
        root.fitShiftedBetaGeometric(
          {
            c: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'd'],
            period: [0, 1, 2, 3, 0, 1, 2, 0, 1, 0],
            survivors: [50, 30, 22, 18, 40, 25, 19, 60, 33, 70],
          },
          { periodUnit: 'year', columns: { cohort: 'c' } },
        ),
      score: (m) => root.retentionElasticity(m, { discountRate: 0.05, discountRateUnit: 'year' }),
    },
  },
  betaDiscreteWeibull: {
    // (a cohort lost entirely, 100, 40, 25, 18, 14, 11, 9, 0, has its BdW optimum on the boundary and is refused as not_converged)
    'cohorts of different ages, one of period 0 only': {
      fit: () =>
        root.fitBetaDiscreteWeibull(
          {
            c: ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'd'],
            period: [0, 1, 2, 3, 4, 0, 1, 2, 0, 1, 0],
            survivors: [50, 30, 22, 18, 16, 40, 25, 19, 60, 33, 70],
          },
          { periodUnit: 'year', columns: { cohort: 'c' } },
        ),
      score: (m) => root.retentionCurve(m, { periods: 12 }),
    },
    'c fixed on a tiny cohort': {
      fit: () => root.fitBetaDiscreteWeibull({ period: [0, 1, 2, 3, 4], survivors: [3, 2, 1, 1, 1] }, { periodUnit: 'quarter', c: 1 }),
      score: (m) => root.discountedExpectedResidualLifetime(m, { discountRate: 0.1, discountRateUnit: 'year', renewals: 3 }),
    },
  },
  betaGeoBetaBinomial: {
    // (19 customers in 6 histories, counts 9, 3, 2, 2, 2, 1, have their optimum on the boundary and are refused as not_converged)
    'small sample, grouped': {
      fit: () =>
        root.fitBetaGeoBetaBinomial(
          { frequency: [0, 1, 1, 2, 2, 3, 5, 6], recency: [0, 1, 5, 2, 6, 6, 6, 6], periods: [6, 6, 6, 6, 6, 6, 6, 6], n: [40, 12, 5, 6, 4, 5, 3, 6] },
          { periodUnit: 'year', columns: { count: 'n' } },
        ),
      score: (m) =>
        root.betaGeoBetaBinomialPredictions(
          m,
          { frequency: [0, 6], recency: [0, 6], periods: [6, 6] },
          { periods: 5, discountRate: 0.1, discountRateUnit: 'year' },
        ),
    },
    'a very long history': {
      fit: () =>
        root.fitBetaGeoBetaBinomial(
          {
            frequency: [0, 1, 5, 20, 100, 400, 0],
            recency: [0, 3, 50, 200, 300, 500, 0],
            periods: [500, 500, 500, 500, 500, 500, 20],
            n: [50, 20, 10, 5, 3, 2, 40],
          },
          { periodUnit: 'week', columns: { count: 'n' } },
        ),
      score: (m) =>
        root.betaGeoBetaBinomialPredictions(
          m,
          { frequency: [0, 500], recency: [0, 500], periods: [500, 500] },
          { periods: 52, discountRate: 0.1, discountRateUnit: 'year' },
        ),
    },
  },
  paretoNbd: {
    refunds: { fit: () => root.fitParetoNbd(refunds, { timeUnit: 'week' }), score: (m) => root.paretoNbdProbabilityAlive(m, refundColumns) },
  },
  modifiedBetaGeo: {
    refunds: {
      fit: () => root.fitModifiedBetaGeo(refunds, { timeUnit: 'week' }),
      score: (m) => root.modifiedBetaGeoConditionalExpectedPurchases(m, refundColumns, 10),
    },
  },
  betaGeoCovariates: {
    'refunds, an uninformative covariate': {
      fit: () => root.fitBetaGeoWithCovariates(refundTiers, { timeUnit: 'week', covariates: tierCovariate }),
      score: (m) => root.betaGeoCovariatePredictions(m, refundTiers, { horizon: 10 }),
    },
  },
  gammaGammaCovariates: {
    'refunds, an uninformative covariate': {
      fit: () => root.fitGammaGammaWithCovariates(refundTiers, { nonPositiveSpend: 'exclude', covariates: tierCovariate }),
      score: (m) => root.conditionalExpectedSpendWithCovariates(m, refundTiers, {}),
    },
  },
  paretoNbdCovariates: {
    'refunds, an uninformative covariate': {
      fit: () => root.fitParetoNbdWithCovariates(refundTiers, { timeUnit: 'week', covariates: tierCovariate }),
      score: (m) => root.paretoNbdCovariatePredictions(m, refundTiers, { horizon: 10 }),
    },
  },
  betaGeoBetaBinomialCovariates: {
    'small sample, grouped, an uninformative covariate': {
      fit: () =>
        root.fitBetaGeoBetaBinomialWithCovariates(
          {
            frequency: [0, 1, 1, 2, 2, 3, 5, 6, 0, 1, 1, 2, 2, 3, 5, 6],
            recency: [0, 1, 5, 2, 6, 6, 6, 6, 0, 1, 5, 2, 6, 6, 6, 6],
            periods: Array.from({ length: 16 }, () => 6),
            n: [40, 12, 5, 6, 4, 5, 3, 6, 40, 12, 5, 6, 4, 5, 3, 6],
            tier: Array.from({ length: 16 }, (_, i) => (i < 8 ? 'even' : 'odd')),
          },
          { periodUnit: 'year', columns: { count: 'n' }, covariates: tierCovariate },
        ),
      score: (m) =>
        root.betaGeoBetaBinomialCovariatePredictions(m, { frequency: [0, 6], recency: [0, 6], periods: [6, 6], tier: ['even', 'odd'] }, { periods: 5 }),
    },
  },
};

describe('degenerate fits contract', () => {
  it('has degenerate cases for every model kind', () => {
    expect(Object.keys(cases).sort()).toEqual([...MODEL_KIND_NAMES].sort());
  });

  describe.each(Object.entries(cases).flatMap(([kind, list]) => Object.entries(list).map(([label, c]) => [`${kind} on ${label}`, c] as const)))(
    '%s',
    (_label, c) => {
      it('holds no NaN or ±Infinity, round-trips through JSON and parseModel, and scores identically', () => {
        const model = c.fit();
        expect(nonFinite(model)).toEqual([]);
        const text = JSON.stringify(model);
        const loaded = root.parseModel(text);
        expect(loaded).toEqual(JSON.parse(text));
        expect(c.score(loaded as never)).toEqual(c.score(model as never));
      });
    },
  );

  it('the refund log summarizes as documented (refund days counted, net spend ≤ 0 counted, monetary ≥ 0)', () => {
    expect(refunds.counts.refundDays).toBeGreaterThan(0);
    expect(refunds.counts.nonPositiveNet).toBe(refunds.revenue.filter((v) => v <= 0).length);
    expect(Math.min(...refunds.monetary)).toBeGreaterThanOrEqual(0);
  });
});

describe('ties property: equal inputs give equal scores (summary → RFM)', () => {
  // Pairs of customers make the same repeat purchases (same days, amounts permuted) after first
  // purchases of different values; each pair must share all three RFM scores.
  it('customers with the same purchases in any order share every RFM score', () => {
    const cents = fc.integer({ min: 1, max: 99_999 }).map((c) => c / 100);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(cents, { minLength: 1, maxLength: 8 }), cents, cents, fc.nat()), { minLength: 3, maxLength: 12 }), (pairs) => {
        const c: number[] = [];
        const d: number[] = [];
        const a: number[] = [];
        pairs.forEach(([repeat, firstA, firstB, shift], k) => {
          const permuted = repeat.map((_, j) => repeat[(j + shift) % repeat.length]).reverse();
          for (const [who, first, values] of [
            [2 * k, firstA, repeat],
            [2 * k + 1, firstB, permuted],
          ] as const) {
            c.push(who);
            d.push(20200101);
            a.push(first);
            // the repeat amounts spread over days 2..: the same days for both, values per day permuted
            values.forEach((value, j) => {
              c.push(who);
              d.push(20200102 + (j % 3));
              a.push(value);
            });
          }
        });
        const s = root.summarizeTransactions({ c, d, a }, { customer: 'c', date: 'd', amount: 'a', observationEnd: '2020-01-31', timeUnit: 'day' });
        const data = { recency: s.recency, frequency: s.frequency, revenue: s.monetary };
        const model = root.fitRfm(data, { ...rfmSpec, bins: 3 });
        const scores = root.scoreRfm(model, data);
        for (let k = 0; k < pairs.length; k++) {
          expect(s.monetary[2 * k + 1]).toBe(s.monetary[2 * k]);
          expect(scores.cell[2 * k + 1]).toBe(scores.cell[2 * k]);
        }
      }),
      { numRuns: 100, seed: 20261129 },
    );
  });
});

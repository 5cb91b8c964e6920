import { describe, expect, it } from 'vitest';
import { clvConfidenceIntervals, clvParameterDraws, customerLifetimeValue, fitBetaGeo, fitGammaGamma, fitParetoNbd } from '../../src/clv.js';
import { quantileOfSorted } from '../../src/internal/percentiles.js';
import { readFixtureCsv } from '../helpers/fixtures.js';

// The base total over horizons 1..H (`totalsOverTime`), witnessed by another door:
// customerLifetimeValue at each horizon h and each draw's parameters, summed over the customers.
const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const customers = { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal, monetary: cbs.m_x };
const purchaseModel = fitBetaGeo(customers, { timeUnit: 'week' });
const spendModel = fitGammaGamma(customers, {});
const purchaseDraws = clvParameterDraws(purchaseModel, customers, { method: 'delta', draws: 40, seed: 11 });
const spendDraws = clvParameterDraws(spendModel, customers, { method: 'delta', draws: 40, seed: 12 });
const valuation = { purchaseModel, spendModel, customers, horizon: 6, timeUnit: 'month' as const, discountRate: 0.02, margin: 0.3 };
const ci = clvConfidenceIntervals({ ...valuation, purchaseDraws, spendDraws, totalsOverTime: true });

describe('clvConfidenceIntervals(args) with totalsOverTime', () => {
  it('gives at each horizon h the percentiles of the per-draw base totals customerLifetimeValue gives at h', () => {
    const over = ci.totalsOverTime!;
    expect(Array.from(over.horizon)).toEqual([1, 2, 3, 4, 5, 6]);
    const D = ci.draws;
    for (let h = 1; h <= 6; h++) {
      const perDraw = purchaseDraws.draws.slice(0, D).map((draw, d) =>
        customerLifetimeValue({
          ...valuation,
          horizon: h,
          purchaseModel: { ...purchaseModel, params: draw as unknown as typeof purchaseModel.params },
          spendModel: { ...spendModel, params: spendDraws.draws[d] as unknown as typeof spendModel.params },
        }),
      );
      const value = perDraw.map((r) => r.clv.reduce((a, b) => a + b));
      const purchases = perDraw.map((r) => r.expectedPurchases.reduce((a, b) => a + b));
      for (let d = 0; d < D; d++) {
        expect(over.value!.draws[(h - 1) * D + d] / value[d]).toBeCloseTo(1, 11);
        expect(over.expectedPurchases.draws[(h - 1) * D + d] / purchases[d]).toBeCloseTo(1, 11);
      }
      const sorted = Float64Array.from(value).sort();
      for (const [name, level] of [
        ['p05', 0.05],
        ['p50', 0.5],
        ['p95', 0.95],
      ] as const)
        expect(over.value!.percentiles[name][h - 1] / quantileOfSorted(sorted, level)).toBeCloseTo(1, 11);
      const atEstimate = customerLifetimeValue({ ...valuation, horizon: h });
      expect(over.value!.estimate[h - 1] / atEstimate.clv.reduce((a, b) => a + b)).toBeCloseTo(1, 11);
    }
  });

  it('ends at the totals of the horizon H, and each draw’s total grows with the horizon', () => {
    const over = ci.totalsOverTime!;
    for (const [series, total] of [
      [over.expectedPurchases, ci.totals.expectedPurchases],
      [over.value!, ci.totals.value!],
    ] as const) {
      expect(series.estimate[5] / total.estimate).toBeCloseTo(1, 12);
      expect(series.mean[5] / total.mean).toBeCloseTo(1, 12);
      for (const name of ['p05', 'p50', 'p95']) expect(series.percentiles[name][5] / total.percentiles[name]).toBeCloseTo(1, 12);
      for (let d = 0; d < ci.draws; d++)
        for (let h = 1; h < 6; h++) expect(series.draws[h * ci.draws + d]).toBeGreaterThan(series.draws[(h - 1) * ci.draws + d]);
    }
  });

  it('does the same for a Pareto/NBD model without spend, and is absent unless asked', () => {
    const pareto = fitParetoNbd(customers, { timeUnit: 'week' });
    const draws = clvParameterDraws(pareto, customers, { method: 'delta', draws: 20, seed: 3 });
    const result = clvConfidenceIntervals({ purchaseModel: pareto, purchaseDraws: draws, customers, horizon: 4, timeUnit: 'month', totalsOverTime: true });
    const over = result.totalsOverTime!;
    expect(over.value).toBeUndefined();
    expect(over.expectedPurchases.percentiles.p95[3] / result.totals.expectedPurchases.percentiles.p95).toBeCloseTo(1, 12);
    const month2 = customerLifetimeValue({ purchaseModel: pareto, spendModel, customers, horizon: 2, timeUnit: 'month', discountRate: 0, margin: 1 });
    expect(over.expectedPurchases.estimate[1] / month2.expectedPurchases.reduce((a, b) => a + b)).toBeCloseTo(1, 11);
    expect(clvConfidenceIntervals({ purchaseModel: pareto, purchaseDraws: draws, customers, horizon: 4, timeUnit: 'month' }).totalsOverTime).toBeUndefined();
  });
});

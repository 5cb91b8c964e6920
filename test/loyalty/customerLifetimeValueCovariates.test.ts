import { describe, expect, it } from 'vitest';
import { fitValuePyramid, scoreValuePyramid, tierSummary } from '../../src/index.js';
import { customerLifetimeValue, fitBetaGeo, fitGammaGamma } from '../../src/clv.js';
import { betaGeoCovariatePredictions } from '../../src/loyalty/clv/betaGeoCovariatePredictions.js';
import { conditionalExpectedSpendWithCovariates } from '../../src/loyalty/clv/conditionalExpectedSpendWithCovariates.js';
import { fitBetaGeoWithCovariates } from '../../src/loyalty/clv/fitBetaGeoWithCovariates.js';
import { fitGammaGammaWithCovariates } from '../../src/loyalty/clv/fitGammaGammaWithCovariates.js';
import { cdnowWithFirstSpend } from '../helpers/cdnowFirstSpend.js';
import { expectCovariateRefusals, expectMonthlyClvFromPredictions, expectSameValuation } from '../helpers/monthlyClv.js';

// customerLifetimeValue with the covariate models (issue 19), witnessed by other doors: the
// covariate-free customerLifetimeValue (coefficients of 0), and the product of the two covariate
// predictions computed separately (betaGeoCovariatePredictions at each period's end,
// conditionalExpectedSpendWithCovariates), discounted period by period as customerLifetimeValue does.

// CDNOW, calibration to 1997-09-30, the first purchase day's spend above or below its median ($23.97,
// make_bgnbd_covariates_reference.py): the known-informative split of the covariate witnesses.
const { split, firstSpend: spend } = cdnowWithFirstSpend();
const firstSpend = spend.map((v) => (v > 23.97 ? 'high' : 'low'));
const customers = { frequency: split.frequency, recency: split.recency, T: split.T, monetary: split.monetary!, firstSpend };
const covariates = { columns: [{ column: 'firstSpend', categorical: true, reference: 'low' }] };
const purchaseCovariates = fitBetaGeoWithCovariates(customers, { timeUnit: 'week', covariates });
const spendCovariates = fitGammaGammaWithCovariates(customers, { nonPositiveSpend: 'exclude', covariates });
const valuation = { customers, horizon: 12, timeUnit: 'month' as const, discountRate: 0.01, margin: 0.3 };

describe('customerLifetimeValue with covariate models', () => {
  it('with every coefficient at 0 gives the covariate-free models’ CLV (the parameters pass through their logarithms)', () => {
    const purchaseModel = { ...purchaseCovariates, coefficients: { purchase: [0], dropout: [0] } };
    const spendModel = { ...spendCovariates, coefficients: [0] };
    const plainPurchase = { ...fitBetaGeo(customers, { timeUnit: 'week' }), params: purchaseCovariates.params };
    const plainSpend = { ...fitGammaGamma(customers, { nonPositiveSpend: 'exclude' }), params: spendCovariates.params };
    const plain = { purchaseModel: plainPurchase, spendModel: plainSpend };
    expectSameValuation(valuation, { purchaseModel, spendModel }, plain);
    // one covariate model with the other plain
    expectSameValuation(valuation, { purchaseModel, spendModel: plainSpend }, plain);
    expectSameValuation(valuation, { purchaseModel: plainPurchase, spendModel }, plain);
  });

  it('gives each customer margin · E[spend | z] · Σ (E[Y(t_i) | z] − E[Y(t_{i−1}) | z]) / (1 + d)^i, from the two covariate predictions', () => {
    const result = customerLifetimeValue({ ...valuation, purchaseModel: purchaseCovariates, spendModel: spendCovariates });
    const spendPrediction = conditionalExpectedSpendWithCovariates(spendCovariates, customers).values;
    expectMonthlyClvFromPredictions(result, (horizon) => betaGeoCovariatePredictions(purchaseCovariates, customers, { horizon }), spendPrediction);
    expect(result.expectedSpend).toEqual(spendPrediction);
    // the covariate matters: the high first spenders' CLV is larger than the same history's in the low segment
    const lowOf = customerLifetimeValue({
      ...valuation,
      customers: { ...customers, firstSpend: firstSpend.map(() => 'low') },
      purchaseModel: purchaseCovariates,
      spendModel: spendCovariates,
    });
    const high = firstSpend.indexOf('high');
    expect(result.clv[high]).toBeGreaterThan(lowOf.clv[high] * 1.2);
  });

  it('counts the rows either model skipped, and refuses an unknown level naming the row', () => {
    const withGap = { ...customers, firstSpend: firstSpend.map((v, i) => (i === 3 ? null : v)) };
    const skipped = customerLifetimeValue({
      ...valuation,
      customers: withGap,
      purchaseModel: purchaseCovariates,
      spendModel: spendCovariates,
      missing: 'skip',
    });
    expect(skipped.skipped).toBe(1);
    expect([skipped.clv[3], skipped.expectedSpend[3]]).toEqual([Number.NaN, Number.NaN]);
    expect(Number.isFinite(skipped.clv[4])).toBe(true);
    expectCovariateRefusals(valuation, { purchaseModel: purchaseCovariates, spendModel: spendCovariates }, 'firstSpend', 'medium');
  });

  it('feeds the value pyramid’s potential value, and the tiers are read by segment', () => {
    const { clv } = customerLifetimeValue({ ...valuation, purchaseModel: purchaseCovariates, spendModel: spendCovariates });
    const revenue = Float64Array.from(split.frequency, (x, i) => (x + 1) * Math.max(0, split.monetary![i]));
    const table = { revenue, clv, firstSpend };
    const pyramid = fitValuePyramid(table, {
      dimensions: [
        { column: 'revenue', transform: 'log1p' },
        { column: 'clv', transform: 'log1p' },
      ],
    });
    const whole = tierSummary(pyramid, table, { revenue: 'revenue', profit: 'clv' });
    const bySegment = Object.fromEntries(
      ['low', 'high'].map((segment) => {
        const rows = firstSpend.flatMap((v, i) => (v === segment ? [i] : []));
        const subset = { revenue: rows.map((i) => revenue[i]), clv: rows.map((i) => clv[i]), firstSpend: rows.map(() => segment) };
        return [segment, tierSummary(pyramid, subset, { revenue: 'revenue', profit: 'clv' })];
      }),
    );
    // the segments' tiers add up to the whole base's, tier by tier
    whole.tiers.forEach((tier, t) => expect(bySegment.low.tiers[t].customers + bySegment.high.tiers[t].customers).toBe(tier.customers));
    // the same tiers as scoring each customer
    const tiers = scoreValuePyramid(pyramid, table).tier;
    expect(Array.from(tiers).filter((t, i) => t === 0 && firstSpend[i] === 'high').length).toBe(bySegment.high.tiers[0].customers);
    // the known-informative split: high first spenders fill the top two tiers more than twice as often
    const topShare = (s: typeof whole) => s.tiers[0].customerShare + s.tiers[1].customerShare;
    expect(topShare(bySegment.high)).toBeGreaterThan(2 * topShare(bySegment.low));
  });
});

import { describe, expect, it } from 'vitest';
import {
  customerLifetimeValue,
  fitGammaGamma,
  fitGammaGammaWithCovariates,
  fitParetoNbd,
  fitParetoNbdWithCovariates,
  paretoNbdCovariatePredictions,
} from '../../src/clv.js';
import { conditionalExpectedSpendWithCovariates } from '../../src/loyalty/clv/conditionalExpectedSpendWithCovariates.js';
import { readFixtureCsv } from '../helpers/fixtures.js';
import { expectCovariateRefusals, expectMonthlyClvFromPredictions, expectSameValuation, relative } from '../helpers/monthlyClv.js';

// customerLifetimeValue with a Pareto/NBD with covariates as the purchase model (issue 19),
// witnessed as the BG/NBD with covariates is (customerLifetimeValueCovariates.test.ts): by the
// covariate-free customerLifetimeValue (coefficients of 0), and by the product of the covariate
// predictions computed separately (paretoNbdCovariatePredictions at each period's end,
// conditionalExpectedSpendWithCovariates), discounted period by period.

// CDNOW 1/10 sample (BTYD's cdnowSummary$cbs) with a 0/1 covariate: early = T_cal ≥ 32.5 weeks.
const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const early = Array.from(cbs.T_cal, (T) => (T >= 32.5 ? 'early' : 'late'));
const customers = { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal, monetary: cbs.m_x, early };
const covariates = { columns: [{ column: 'early', categorical: true, reference: 'late' }] };
const purchaseCovariates = fitParetoNbdWithCovariates(customers, { timeUnit: 'week', covariates });
const spendCovariates = fitGammaGammaWithCovariates(customers, { covariates });
const valuation = { customers, horizon: 12, timeUnit: 'month' as const, discountRate: 0.01, margin: 0.3 };

describe('customerLifetimeValue with a Pareto/NBD with covariates', () => {
  it('with every coefficient at 0 gives the covariate-free Pareto/NBD’s CLV (the parameters pass through their logarithms)', () => {
    const purchaseModel = { ...purchaseCovariates, coefficients: { purchase: [0], dropout: [0] } };
    const plainPurchase = { ...fitParetoNbd(customers, { timeUnit: 'week' }), params: purchaseCovariates.params };
    const plainSpend = fitGammaGamma(customers, {});
    const plain = { purchaseModel: plainPurchase, spendModel: plainSpend };
    expectSameValuation(valuation, { purchaseModel, spendModel: plainSpend }, plain);
    // an interval of the horizon too
    expectSameValuation({ ...valuation, horizon: { from: 12, to: 24 } }, { purchaseModel, spendModel: plainSpend }, plain);
  });

  it('gives each customer margin · E[spend | z] · Σ (E[Y(t_i) | z] − E[Y(t_{i−1}) | z]) / (1 + d)^i, from the two covariate predictions', () => {
    const result = customerLifetimeValue({ ...valuation, purchaseModel: purchaseCovariates, spendModel: spendCovariates });
    const spendPrediction = conditionalExpectedSpendWithCovariates(spendCovariates, customers).values;
    expectMonthlyClvFromPredictions(result, (horizon) => paretoNbdCovariatePredictions(purchaseCovariates, customers, { horizon }), spendPrediction);
    expect(result.expectedSpend).toEqual(spendPrediction);
    // the covariate moves the value: the same histories valued as the other segment
    const swapped = customerLifetimeValue({
      ...valuation,
      customers: { ...customers, early: early.map((v) => (v === 'early' ? 'late' : 'early')) },
      purchaseModel: purchaseCovariates,
      spendModel: spendCovariates,
    });
    expect(relative(swapped.clv, result.clv)).toBeGreaterThan(0.01);
  });

  it('counts the rows either model skipped, and refuses an unknown level naming the row', () => {
    const withGap = { ...customers, early: early.map((v, i) => (i === 3 ? null : v)) };
    const skipped = customerLifetimeValue({
      ...valuation,
      customers: withGap,
      purchaseModel: purchaseCovariates,
      spendModel: fitGammaGamma(customers, {}),
      missing: 'skip',
    });
    expect(skipped.skipped).toBe(1);
    expect([skipped.clv[3], skipped.expectedSpend[3], skipped.probabilityAlive[3]]).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(Number.isFinite(skipped.clv[4])).toBe(true);
    // a plain purchase model with the covariate spend model: the row the spend model skipped is skipped whole, and counted
    const spendSkipped = customerLifetimeValue({
      ...valuation,
      customers: withGap,
      purchaseModel: fitParetoNbd(customers, { timeUnit: 'week' }),
      spendModel: spendCovariates,
      missing: 'skip',
    });
    expect(spendSkipped.skipped).toBe(1);
    expect([spendSkipped.clv[3], spendSkipped.expectedPurchases[3], spendSkipped.probabilityAlive[3]]).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expectCovariateRefusals(valuation, { purchaseModel: purchaseCovariates, spendModel: spendCovariates }, 'early', 'never');
  });
});

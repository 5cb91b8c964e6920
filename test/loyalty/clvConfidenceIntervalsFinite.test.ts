import { describe, expect, it } from 'vitest';
import {
  clvConfidenceIntervals,
  clvModelAtDraw,
  clvParameterDraws,
  conditionalExpectedSpend,
  customerLifetimeValue,
  fitBetaGeo,
  fitGammaGamma,
} from '../../src/clv.js';
import { caught, readFixtureCsv } from '../helpers/fixtures.js';

// clvConfidenceIntervals never lets a value that cannot be computed at a draw into its output (it
// used to: a spend draw whose expected spend overflows gave 2,357 NaN CLV percentiles and a NaN
// mean total). Each case plants one extreme draw among ordinary delta-method draws of fits on the
// CDNOW 1/10 sample (BTYD's cdnowSummary$cbs) and expects invalid_value naming the quantity, the
// customer's row and the draw. Witness that the named quantity really is not finite there: the
// public one-customer functions (conditionalExpectedSpend, customerLifetimeValue) at
// clvModelAtDraw(model, that draw) for that row.

const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const columns = { frequency: 'x', recency: 't_x', T: 'T_cal', monetary: 'm_x' };
const purchaseModel = fitBetaGeo(cbs, { timeUnit: 'week', columns });
const spendModel = fitGammaGamma(cbs, { columns });
const purchaseDraws = clvParameterDraws(purchaseModel, cbs, { method: 'delta', draws: 20, seed: 1 });
const spendDraws = clvParameterDraws(spendModel, cbs, { method: 'delta', draws: 20, seed: 2 });
const args = { purchaseModel, purchaseDraws, spendModel, customers: cbs, horizon: 12, timeUnit: 'month' as const };
const planted = (draw: Record<string, number>) => ({ ...spendDraws, draws: spendDraws.draws.map((d, i) => (i === 3 ? { ...d, ...draw } : d)) });
const row = (columns: Record<string, Float64Array>, i: number) => Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, v.subarray(i, i + 1)]));

describe('clvConfidenceIntervals: a value not computed at a draw is refused, never NaN', () => {
  it('an expected spend that overflows at a draw: invalid_value naming the expected spend, the row and the draw', () => {
    const spend = planted({ p: 1e300, gamma: 1e300 });
    const error = caught(() => clvConfidenceIntervals({ ...args, spendDraws: spend }));
    expect(error).toMatchObject({ name: 'CustomerValueError', code: 'invalid_value' });
    expect(error.message).toMatch(/the expected spend of the customer in row \d+ is not a finite number at spendDraws\.draws\[3\]/);
    const issue = error.issues[0];
    expect(issue).toMatchObject({ function: 'clvConfidenceIntervals', path: 'spendDraws.draws.3' });
    const atDraw = clvModelAtDraw(spendModel, spend.draws[3]);
    expect(Number.isFinite(conditionalExpectedSpend(atDraw, row(cbs, issue.row as number)).values[0])).toBe(false);
    // the draws without it give finite intervals everywhere
    const fine = clvConfidenceIntervals({ ...args, spendDraws });
    for (const column of [fine.clv!.estimate, ...Object.values(fine.clv!.percentiles)]) expect(column.every(Number.isFinite)).toBe(true);
  });

  it('a total that overflows though every customer’s CLV is finite: invalid_value naming the total and the draw', () => {
    // γ near the largest double: every expected spend and CLV is finite at that draw, their sum over the base is not
    const spend = planted({ p: 1, q: 2, gamma: 1.7e308 });
    const error = caught(() => clvConfidenceIntervals({ ...args, spendDraws: spend }));
    expect(error).toMatchObject({ name: 'CustomerValueError', code: 'invalid_value' });
    expect(error.message).toMatch(/a total over the customer base is not a finite number at draw 3/);
    const clv = customerLifetimeValue({
      purchaseModel,
      spendModel: clvModelAtDraw(spendModel, spend.draws[3]),
      customers: cbs,
      horizon: 12,
      timeUnit: 'month',
      discountRate: 0,
      margin: 1,
    }).clv;
    expect(clv.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(clv.reduce((sum, v) => sum + v, 0))).toBe(false);
  });
});

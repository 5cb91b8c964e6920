import { describe, expect, it } from 'vitest';
import { clvConfidenceIntervals, clvParameterDraws, fitBetaGeo, purchaseCountPredictionIntervals } from '../../src/clv.js';
import { caught, readFixtureCsv } from '../helpers/fixtures.js';

// The `count` option's one rule (issue 19): `count: true` reads the model's spec.columns.count, and
// a model fitted without one is refused (invalid_spec naming the option), never read as `false`.
// purchaseCountPredictionIntervals' other behaviour is tested in conditionalPurchaseProbability.test.ts.

const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const customers = { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal };
const model = fitBetaGeo(customers, { timeUnit: 'week' });

describe('count: true without the model’s columns.count', () => {
  it('purchaseCountPredictionIntervals refuses it (it used to score the rows as one customer each), naming options.count', () => {
    expect(model.spec.columns.count).toBeUndefined();
    const refused = caught(() => purchaseCountPredictionIntervals(model, customers, 39, { count: true }));
    expect(refused.code).toBe('invalid_spec');
    expect(refused.message).toContain('options.count: true');
    expect(refused.issues[0]).toMatchObject({ function: 'purchaseCountPredictionIntervals', path: 'options.count', received: 'true' });
    // a model with one is read as before, and count: false or a name as before
    const grouped = { ...model, spec: { ...model.spec, columns: { ...model.spec.columns, count: 'n' } } };
    const histogram = { frequency: [0, 2], recency: [0, 30.43], T: [38.86, 38.86], n: [10, 3] };
    expect(purchaseCountPredictionIntervals(grouped, histogram, 39, { count: true }).total.customers).toBe(13);
    expect(purchaseCountPredictionIntervals(model, histogram, 39, { count: 'n' }).total.customers).toBe(13);
    expect(purchaseCountPredictionIntervals(model, histogram, 39, { count: false }).total.customers).toBe(2);
    // a bad model is refused as such first
    expect(caught(() => purchaseCountPredictionIntervals({ kind: 'nope' }, customers, 39, { count: true })).code).toBe('invalid_model');
  });

  it('clvConfidenceIntervals refuses it by the same rule, naming count', () => {
    const purchaseDraws = clvParameterDraws(model, customers, { method: 'delta', draws: 5 });
    const refused = caught(() => clvConfidenceIntervals({ purchaseModel: model, purchaseDraws, customers, horizon: 12, timeUnit: 'month', count: true }));
    expect(refused.code).toBe('invalid_spec');
    expect(refused.message).toContain('count: true');
    expect(refused.issues[0]).toMatchObject({ function: 'clvConfidenceIntervals', path: 'count', received: 'true' });
  });
});

import { describe, expect, it } from 'vitest';
import {
  conditionalExpectedSpend,
  customerLifetimeValue,
  fitBetaGeo,
  fitGammaGamma,
  fitModifiedBetaGeo,
  fitParetoNbd,
  paretoNbdConditionalExpectedPurchases,
} from '../../src/clv.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';
import { repeatBuyingOf } from '../../src/loyalty/clv/repeatBuyingOf.js';

const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const all = { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal, monetary: cbs.m_x };
const first = (k: number) => Object.fromEntries(Object.entries(all).map(([name, v]) => [name, Array.from(v.subarray(0, k))]));
const customers = first(400);
const betaGeo = fitBetaGeo(all, { timeUnit: 'week' });
const paretoNbd = fitParetoNbd(all, { timeUnit: 'week' });
const spendModel = fitGammaGamma(all, {});
const base = { spendModel, customers, timeUnit: 'month', discountRate: 0.01, margin: 0.3 } as const;

describe('customerLifetimeValue({ horizon: H | { from, to }, cashFlows })', () => {
  it('gives the values it gave before issue 18, bit for bit, for H and for { from: 0, to: H }', () => {
    // Written by the code at commit 1a3b856 (see the fixture's source field).
    const before = readFixtureJson<any>('loyalty/clv_pre_issue18_values.json');
    expect(betaGeo.params).toEqual(before.purchaseParams);
    expect(spendModel.params).toEqual(before.spendParams);
    for (const { call, ...values } of before.calls) {
      for (const horizon of [call.horizon, { from: 0, to: call.horizon }]) {
        const now = customerLifetimeValue({ ...call, horizon, purchaseModel: betaGeo, spendModel, customers });
        for (const key of ['clv', 'expectedPurchases', 'probabilityAlive', 'expectedSpend'] as const) expect(Array.from(now[key])).toEqual(values[key]);
        expect(now.horizon).toBe(call.horizon);
      }
    }
  });

  it('adds up over consecutive intervals, for BG/NBD and Pareto/NBD', () => {
    for (const purchaseModel of [betaGeo, paretoNbd]) {
      const whole = customerLifetimeValue({ ...base, purchaseModel, horizon: 24 });
      const parts = [
        { from: 0, to: 5 },
        { from: 5, to: 12 },
        { from: 12, to: 24 },
      ].map((horizon) => customerLifetimeValue({ ...base, purchaseModel, horizon }));
      expect(parts[1].from).toBe(5);
      expect(parts[1].horizon).toBe(7);
      for (let i = 0; i < 400; i++) {
        const clv = parts.reduce((sum, p) => sum + p.clv[i], 0);
        const purchases = parts.reduce((sum, p) => sum + p.expectedPurchases[i], 0);
        expect(Math.abs(clv - whole.clv[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, whole.clv[i]));
        expect(Math.abs(purchases - whole.expectedPurchases[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, whole.expectedPurchases[i]));
      }
    }
  });

  it('values a Pareto/NBD customer period by period from the model’s own conditional expectations', () => {
    const rows = { frequency: [0, 2, 7], recency: [0, 30.43, 29.43], T: [38.86, 38.86, 38.86], monetary: [0, 22.35, 38.3] };
    const result = customerLifetimeValue({ ...base, customers: rows, purchaseModel: paretoNbd, horizon: { from: 3, to: 9 } });
    const spend = conditionalExpectedSpend(spendModel, rows).values;
    const step = 30.4375 / 7;
    for (let c = 0; c < 3; c++) {
      const row = { frequency: [rows.frequency[c]], recency: [rows.recency[c]], T: [rows.T[c]] };
      const e = (i: number) => paretoNbdConditionalExpectedPurchases(paretoNbd, row, i * step).values[0];
      let clv = 0;
      for (let i = 4; i <= 9; i++) clv += (0.3 * spend[c] * (e(i) - e(i - 1))) / 1.01 ** i;
      expect(result.clv[c]).toBeCloseTo(clv, 10);
      expect(result.expectedPurchases[c]).toBeCloseTo(e(9) - e(3), 12);
    }
    expect(result.units).toEqual({
      modelTimeUnit: 'week',
      horizonUnit: 'month',
      discountRatePerPeriod: 0.01,
      discounting: 'end of period',
      value: 'margin × spend',
    });
  });

  it('MBG/NBD and Pareto/NBD: the period sums of E[Y | alive, x, T] per (x, T) times P(alive) equal those of the conditional per (x, t_x, T), to 1e-12', () => {
    for (const purchaseModel of [paretoNbd, fitModifiedBetaGeo(all, { timeUnit: 'week' })]) {
      const buying = repeatBuyingOf(purchaseModel, 'test');
      const result = customerLifetimeValue({ ...base, customers: all, purchaseModel, horizon: { from: 2, to: 14 } });
      const spend = conditionalExpectedSpend(spendModel, all).values;
      const step = 30.4375 / 7;
      let worst = 0;
      for (let c = 0; c < all.frequency.length; c++) {
        // the path before session 31: differences of the conditional per history
        const e = (i: number) => buying.conditional(all.frequency[c], all.recency[c], all.T[c], i * step);
        let clv = 0;
        for (let i = 3; i <= 14; i++) clv += (e(i) - e(i - 1)) * 1.01 ** -i;
        clv *= 0.3 * spend[c];
        worst = Math.max(worst, Math.abs(result.clv[c] - clv) / Math.max(clv, 1e-300), Math.abs(result.expectedPurchases[c] - (e(14) - e(2))) / (e(14) - e(2)));
        expect(result.probabilityAlive[c]).toBe(buying.alive(all.frequency[c], all.recency[c], all.T[c]));
      }
      expect(worst, purchaseModel.kind).toBeLessThan(1e-12);
    }
  });

  it('keeps per-period cash flows per customer and for the base, consistent with clv and expectedPurchases', () => {
    const withSkip = { ...customers, frequency: customers.frequency.map((v, i) => (i === 7 ? Number.NaN : v)) };
    for (const purchaseModel of [betaGeo, paretoNbd]) {
      const result = customerLifetimeValue({ ...base, customers: withSkip, purchaseModel, horizon: { from: 2, to: 14 }, cashFlows: true, missing: 'skip' });
      const flows = result.cashFlows!;
      expect(Array.from(flows.period)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
      expect(flows.discountFactor[0]).toBe(1.01 ** -3);
      expect(flows.distinctHistories).toBeLessThan(400);
      const matrix = flows.matrix();
      expect(matrix.value.length).toBe(12 * 400);
      const total = new Float64Array(12);
      for (let i = 0; i < 400; i++) {
        const one = flows.customer(i);
        if (i === 7) {
          expect(Number.isNaN(result.clv[i]) && one.value.every(Number.isNaN)).toBe(true);
          continue;
        }
        const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
        expect(Math.abs(sum(one.discountedValue) - result.clv[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, result.clv[i]));
        expect(Math.abs(sum(one.expectedPurchases) - result.expectedPurchases[i])).toBeLessThanOrEqual(1e-12);
        for (let p = 0; p < 12; p++) {
          expect(matrix.discountedValue[p * 400 + i]).toBe(one.discountedValue[p]);
          expect(one.value[p]).toBeCloseTo(0.3 * result.expectedSpend[i] * one.expectedPurchases[p], 12);
          total[p] += one.value[p];
        }
      }
      for (let p = 0; p < 12; p++) {
        expect(flows.total.value[p]).toBeCloseTo(total[p], 8);
        expect(flows.total.discountedValue[p]).toBeCloseTo(total[p] * 1.01 ** -(p + 3), 8);
      }
      expect(customerLifetimeValue({ ...base, purchaseModel, horizon: 3 }).cashFlows).toBeUndefined();
    }
  });

  it('refuses an empty or reversed interval, a fractional period and a model that is not of repeat buying', () => {
    for (const horizon of [{ from: 4, to: 4 }, { from: 5, to: 2 }, { from: 0.5, to: 2 }, { from: -1, to: 2 }, { to: 3 }]) {
      const error = caught(() => customerLifetimeValue({ ...base, purchaseModel: betaGeo, horizon: horizon as never }));
      expect(error.code).toBe('invalid_spec');
      expect(error.message).toContain('customerLifetimeValue');
    }
    expect(caught(() => customerLifetimeValue({ ...base, purchaseModel: spendModel as never, horizon: 3 })).code).toBe('invalid_model');
    const flows = customerLifetimeValue({ ...base, purchaseModel: betaGeo, horizon: 3, cashFlows: true }).cashFlows!;
    expect(caught(() => flows.customer(400)).code).toBe('invalid_spec');
  });
});

import { describe, expect, it } from 'vitest';
import { discountedExpectedResidualLifetime, fitBetaDiscreteWeibull, fitShiftedBetaGeometric, retentionCurve } from '../../../src/index.js';
import { caught } from '../../helpers/fixtures.js';

// Fader & Hardie (2007) Table 1: survivors of 1,000 customers, years 0–7
const table = { period: [0, 1, 2, 3, 4, 5, 6, 7], regular: [1000, 631, 468, 382, 326, 289, 262, 241], highEnd: [1000, 869, 743, 653, 593, 551, 517, 491] };
const models = (['regular', 'highEnd'] as const).flatMap((survivors) => [
  fitShiftedBetaGeometric(table, { periodUnit: 'year', columns: { period: 'period', survivors } }),
  fitBetaDiscreteWeibull(table, { periodUnit: 'year', columns: { period: 'period', survivors } }),
]);
const flows = { customers: 1000, valuePerPeriod: 100, discountRate: 0.1, discountRateUnit: 'year' } as const;

describe('retentionCurve(model, { periods, cashFlows })', () => {
  it('gives the cohort’s expected survivors and payments per period; sBG survivors equal the product of the rates (β + i − 1)/(α + β + i − 1)', () => {
    const sbg = models[0];
    const { cashFlows, survival } = retentionCurve(sbg, { periods: 8, cashFlows: flows });
    const { alpha, beta } = sbg.params as { alpha: number; beta: number };
    let s = 1;
    for (let t = 1; t <= 8; t++) {
      s *= (beta + t - 1) / (alpha + beta + t - 1);
      expect(cashFlows!.expectedActive[t - 1]).toBeCloseTo(1000 * s, 9);
      expect(cashFlows!.value[t - 1]).toBeCloseTo(100_000 * s, 7);
      expect(cashFlows!.discountedValue[t - 1]).toBeCloseTo((100_000 * s) / 1.1 ** t, 7);
    }
    expect(survival.length).toBe(8);
    expect(cashFlows!.discounting).toBe('end of period');
    expect(retentionCurve(sbg, { periods: 3 }).cashFlows).toBeUndefined();
  });

  it('summed over the whole future, (1 + d) Σ discountedValue = customers × valuePerPeriod × DERL of a new customer (Fader & Hardie 2010), sBG and BdW', () => {
    for (const model of models) {
      const { cashFlows } = retentionCurve(model, { periods: 3000, cashFlows: flows });
      const total = 1.1 * cashFlows!.discountedValue.reduce((a, b) => a + b, 0);
      const derl = discountedExpectedResidualLifetime(model, { discountRate: 0.1, discountRateUnit: 'year', renewals: 0 }).value;
      expect(Math.abs(total - 100_000 * derl)).toBeLessThanOrEqual(1e-11 * total);
    }
  });

  it('converts the discount rate to the model’s period: 10% a year stated per quarter gives the same flows', () => {
    const yearly = retentionCurve(models[1], { periods: 10, cashFlows: flows }).cashFlows!;
    const quarterly = retentionCurve(models[1], {
      periods: 10,
      cashFlows: { ...flows, discountRate: Math.pow(1.1, 1 / 4) - 1, discountRateUnit: 'quarter' },
    }).cashFlows!;
    expect(quarterly.discountRatePerPeriod).toBeCloseTo(0.1, 12);
    quarterly.discountedValue.forEach((v, i) => expect(v).toBeCloseTo(yearly.discountedValue[i], 8));
  });

  it('refuses a cohort of no one, a negative rate and a missing rate unit', () => {
    for (const bad of [
      { ...flows, customers: 0 },
      { ...flows, discountRate: -0.1 },
      { customers: 10, valuePerPeriod: 1, discountRate: 0.1 },
    ]) {
      const error = caught(() => retentionCurve(models[0], { periods: 3, cashFlows: bad as never }));
      expect(error.code).toBe('invalid_spec');
      expect(error.issues[0].path).toMatch(/^options\.cashFlows/);
    }
  });
});

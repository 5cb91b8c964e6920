import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/index.js';
import {
  betaGeoBetaBinomialPredictions,
  discountedExpectedTransactions,
  fitBetaGeo,
  fitModifiedBetaGeo,
  fitParetoNbd,
  paretoNbdDiscountedResidualTransactions,
  fitBetaGeoBetaBinomial,
} from '../../src/clv.js';
import { discountedExpectationIntegral } from '../../src/loyalty/clv/discountedExpectationIntegral.js';
import { repeatBuyingOf } from '../../src/loyalty/clv/repeatBuyingOf.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// scipy.integrate.quad / hyperu / hyp2f1 references: test/fixtures/loyalty/make_dert_reference.py
const R = readFixtureJson<any>('loyalty/dert_reference.json');
const spec = { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 };
const betaGeo = {
  kind: 'betaGeo',
  version: 2,
  spec,
  params: R.betaGeo,
  standardErrors: null,
  fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } },
} as any;
const paretoNbd = {
  kind: 'paretoNbd',
  version: 2,
  spec,
  params: R.paretoNbd,
  standardErrors: null,
  fitted: {
    n: 2357,
    skipped: 0,
    warnings: [],
    diagnostics: { logLikelihood: -9594.98, aic: 0, bic: 0, gradientNorm: 0, hessianPositiveDefinite: true, groups: 1016, iterations: 0, newtonSteps: 0 },
  },
} as any;
const histories = {
  frequency: R.histories.map((h: number[]) => h[0]),
  recency: R.histories.map((h: number[]) => h[1]),
  T: R.histories.map((h: number[]) => h[2]),
};
const horizons = [undefined, 1, { from: 1, to: 3 }, { from: 3 }] as const;
const rate = { discountRate: 0.15, timeUnit: 'year' } as const;
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('discountedExpectedTransactions(model, customers, { discountRate, timeUnit, horizon })', () => {
  it('equals scipy quadrature for BG/NBD at every history and interval, to 1e-9', () => {
    horizons.forEach((horizon, j) => {
      const result = discountedExpectedTransactions(betaGeo, histories, { ...rate, horizon });
      expect(result.method).toBe('quadrature');
      expect(result.tolerance).toBe(1e-10);
      R.betaGeoDert.forEach((row: number[], i: number) => expect(relative(result.values[i], row[j])).toBeLessThan(1e-9));
    });
  });

  it('equals scipy for Pareto/NBD: the closed form over (0, ∞) (same bits as paretoNbdDiscountedResidualTransactions), quadrature on intervals', () => {
    horizons.forEach((horizon, j) => {
      const result = discountedExpectedTransactions(paretoNbd, histories, { ...rate, horizon });
      expect(result.method).toBe(j === 0 ? 'closed form' : 'quadrature');
      R.paretoNbdDert.forEach((row: number[], i: number) => expect(relative(result.values[i], row[j])).toBeLessThan(1e-9));
    });
    const closed = discountedExpectedTransactions(paretoNbd, histories, rate);
    R.paretoNbdClosedForm.forEach((v: number, i: number) => expect(relative(closed.values[i], v)).toBeLessThan(1e-10));
    const delta = (Math.log(1.15) * 7) / 365.25;
    expect(closed.units.ratePerModelUnit).toBeCloseTo(delta, 15);
    const before = paretoNbdDiscountedResidualTransactions(paretoNbd, histories, { continuousRatePerTimeUnit: closed.units.ratePerModelUnit });
    expect(Array.from(closed.values)).toEqual(Array.from(before.values));
  });

  it('the numerical integral equals the Pareto/NBD closed form over (0, ∞) (the quadrature and its truncation bound checked on a model with a closed form)', () => {
    const model = repeatBuyingOf(paretoNbd, 'test');
    const delta = (Math.log(1.15) * 7) / 365.25;
    const closed = discountedExpectedTransactions(paretoNbd, histories, rate).values;
    R.histories.forEach(([x, tx, T]: number[], i: number) => {
      const numeric = discountedExpectationIntegral((t) => model.conditional(x, tx, T, t), delta, 0, Infinity);
      expect(relative(numeric, closed[i])).toBeLessThan(1e-10);
    });
  });

  it('integrates E[X | alive, x, T] once per (x, T) and scales by P(alive): the integral of the conditional per (x, t_x, T) to 1e-12, on CDNOW and at extreme histories', () => {
    const cdnow = readFixtureCsv('value/cdnow_customers_summary.csv').columns;
    const extreme = { frequency: [0, 200, 200, 1, 5000, 3, 3], recency: [0, 0.01, 999, 1e4, 1e4, 0.5, 38], T: [1e4, 1000, 1000, 1e4, 1e4, 38.86, 38.86] };
    const delta = (Math.log(1.15) * 7) / 365.25;
    const same = (a: number, b: number) => (a === b ? 0 : relative(a, b));
    for (const model of [betaGeo, fitModifiedBetaGeo(cdnow, { timeUnit: 'week' }), paretoNbd]) {
      const buying = repeatBuyingOf(model, 'test');
      for (const [data, horizon, a, b] of [
        [cdnow, model.kind === 'paretoNbd' ? { from: 0, to: 1 } : undefined, 0, model.kind === 'paretoNbd' ? 365.25 / 7 : Infinity],
        [extreme, { from: 2 }, (2 * 365.25) / 7, Infinity],
        [extreme, 1, 0, 365.25 / 7],
      ] as const) {
        const { values } = discountedExpectedTransactions(model, data, { ...rate, horizon });
        const perHistory = new Map<string, number>();
        const worst = Array.from(values).reduce((w, v, i) => {
          const [x, tx, T] = [data.frequency[i], data.recency[i], data.T[i]] as number[];
          const key = `${x},${tx},${T}`;
          if (!perHistory.has(key)) {
            // conditional is the same floating-point product P(alive) · E[X | alive]
            expect(buying.conditional(x, tx, T, 5)).toBe(buying.alive(x, tx, T) * buying.expectationIfAlive(x, T, 5));
            // the path before session 31: the integral of the conditional, per history
            perHistory.set(
              key,
              discountedExpectationIntegral((t) => buying.conditional(x, tx, T, t), delta, a, b),
            );
          }
          expect(Number.isFinite(v) && v >= 0).toBe(true);
          return Math.max(w, same(v, perHistory.get(key)!));
        }, 0);
        expect(worst).toBeLessThan(1e-12);
      }
    }
  });

  it('adds up: DERT over (0, ∞) is the sum over consecutive intervals, for every kind', () => {
    const cuts = [0, 0.25, 1, 2.5, 7];
    for (const model of [betaGeo, paretoNbd]) {
      const whole = discountedExpectedTransactions(model, histories, rate).values;
      const parts = cuts.map(
        (from, k) => discountedExpectedTransactions(model, histories, { ...rate, horizon: k + 1 < cuts.length ? { from, to: cuts[k + 1] } : { from } }).values,
      );
      whole.forEach((v, i) =>
        expect(
          relative(
            parts.reduce((sum, p) => sum + p[i], 0),
            v,
          ),
        ).toBeLessThan(1e-9),
      );
    }
    const donations = bgbb();
    const whole = discountedExpectedTransactions(donations.model, donations.rows, { discountRate: 0.1, timeUnit: 'year' }).values;
    const parts = [{ from: 0, to: 2 }, { from: 2, to: 5 }, { from: 5 }].map(
      (horizon) => discountedExpectedTransactions(donations.model, donations.rows, { discountRate: 0.1, timeUnit: 'year', horizon }).values,
    );
    whole.forEach((v, i) => expect(relative(parts[0][i] + parts[1][i] + parts[2][i], v)).toBeLessThan(1e-12));
  });

  it('does not depend on the unit the rate and horizon are stated in (a year of 12 months, a rate per month)', () => {
    const perYear = discountedExpectedTransactions(betaGeo, histories, { ...rate, horizon: { from: 1, to: 3 } }).values;
    const monthly = Math.pow(1.15, 1 / 12) - 1;
    const perMonth = discountedExpectedTransactions(betaGeo, histories, { discountRate: monthly, timeUnit: 'month', horizon: { from: 12, to: 36 } });
    expect(perMonth.units).toMatchObject({ modelTimeUnit: 'week', horizonUnit: 'month', discounting: 'continuous' });
    perYear.forEach((v, i) => expect(relative(perMonth.values[i], v)).toBeLessThan(1e-9));
  });

  it('BG/BB: equals FHS (2010) eq. 14 with scipy hyp2f1, the same bits as betaGeoBetaBinomialPredictions, and the plain sum on a finite horizon', () => {
    const { model } = bgbb();
    const rows = {
      frequency: R.betaGeoBetaBinomialHistories.map((h: number[]) => h[0]),
      recency: R.betaGeoBetaBinomialHistories.map((h: number[]) => h[1]),
      periods: R.betaGeoBetaBinomialHistories.map((h: number[]) => h[2]),
    };
    const published = { ...model, params: R.betaGeoBetaBinomial };
    const all = discountedExpectedTransactions(published, rows, { discountRate: 0.1, timeUnit: 'year' });
    expect(all.method).toBe('series');
    expect(all.units.discounting).toBe('end of opportunity');
    R.betaGeoBetaBinomialDert.forEach((v: number, i: number) => expect(relative(all.values[i], v)).toBeLessThan(1e-12));
    const old = betaGeoBetaBinomialPredictions(published, rows, { periods: 1, discountRate: 0.1, discountRateUnit: 'year' }).dert!;
    expect(Array.from(all.values)).toEqual(Array.from(old));
    const five = discountedExpectedTransactions(published, rows, { discountRate: 0.1, timeUnit: 'year', horizon: 5 });
    R.betaGeoBetaBinomialFirstFive.forEach((v: number, i: number) => expect(relative(five.values[i], v)).toBeLessThan(1e-12));
    // 60 months are 5 years, with the monthly rate equivalent to 10 % a year
    const months = discountedExpectedTransactions(published, rows, { discountRate: Math.pow(1.1, 1 / 12) - 1, timeUnit: 'month', horizon: 60 });
    five.values.forEach((v, i) => expect(relative(months.values[i], v)).toBeLessThan(1e-12));
  });

  it('BG/BB: expectationIfAlive is the conditional expectation over P(alive) (FHS 2010 eqs. 11, 13), to 1e-13, for every history of the donation data', () => {
    const { model } = bgbb();
    const buying = repeatBuyingOf(model, 'test', true);
    let worst = 0;
    for (let n = 1; n <= 11; n++)
      for (let x = 0; x <= n; x++)
        for (let tx = x === 0 ? 0 : x; tx <= (x === 0 ? 0 : n); tx++)
          for (const nStar of [1, 5, 30]) {
            const conditional = buying.conditional(x, tx, n, nStar);
            worst = Math.max(worst, relative(buying.alive(x, tx, n) * buying.expectationIfAlive(x, n, nStar), conditional));
          }
    expect(worst).toBeLessThan(1e-13);
    expect(buying.expectationIfAlive(2, 6, 0)).toBe(0);
  });

  it('a fitted model: CDNOW BG/NBD and Pareto/NBD give finite, non-negative values at extreme histories', () => {
    const cdnow = readFixtureCsv('value/cdnow_customers_summary.csv').columns;
    const extreme = { frequency: [0, 200, 200, 1, 5000], recency: [0, 0.01, 999, 1e4, 1e4], T: [1e4, 1000, 1000, 1e4, 1e4] };
    for (const model of [fitBetaGeo(cdnow, { timeUnit: 'week' }), fitParetoNbd(cdnow, { timeUnit: 'week' })]) {
      for (const horizon of [undefined, 2, { from: 2 }]) {
        const { values } = discountedExpectedTransactions(model, extreme, { ...rate, horizon });
        expect(values.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
      }
    }
  });

  it('refuses a model of another kind, a missing unit, a rate of 0 with no end, an empty interval; skips rows under missing: skip', () => {
    expect(caught(() => discountedExpectedTransactions({ kind: 'gammaGamma' } as never, histories, rate)).code).toBe('invalid_model');
    expect(caught(() => discountedExpectedTransactions(betaGeo, histories, { discountRate: 0.1 } as never)).issues[0].path).toBe('options.timeUnit');
    expect(caught(() => discountedExpectedTransactions(betaGeo, histories, { ...rate, discountRate: 0 })).issues[0].path).toBe('options.discountRate');
    expect(caught(() => discountedExpectedTransactions(betaGeo, histories, { ...rate, horizon: { from: 2, to: 2 } })).code).toBe('invalid_spec');
    expect(caught(() => discountedExpectedTransactions(betaGeo, histories, { ...rate, horizon: -1 })).code).toBe('invalid_spec');
    const undiscounted = discountedExpectedTransactions(betaGeo, histories, { ...rate, discountRate: 0, horizon: 1 });
    expect(undiscounted.values.every((v) => v > 0)).toBe(true);
    const withGap = { ...histories, frequency: histories.frequency.map((v: number, i: number) => (i === 3 ? Number.NaN : v)) };
    const skipped = discountedExpectedTransactions(betaGeo, withGap, { ...rate, missing: 'skip' });
    expect(skipped.skipped).toBe(1);
    expect(Number.isNaN(skipped.values[3])).toBe(true);
  });
});

function bgbb() {
  const text = readFileSync(join(__dirname, '../../examples/data/bgbb_donations_summary.csv'), 'utf8');
  const model = fitBetaGeoBetaBinomial(parseCsv(text).columns, { periodUnit: 'year', columns: { count: 'weights' } });
  return { model, rows: { frequency: [0, 1, 3, 6, 6], recency: [0, 1, 5, 6, 6], periods: [6, 6, 6, 6, 6] } };
}

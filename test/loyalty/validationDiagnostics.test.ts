import { describe, expect, it } from 'vitest';
import { summarizeTransactions } from '../../src/index.js';
import {
  fitBetaGeo,
  holdoutByFrequency,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchases,
  paretoNbdPurchaseProbability,
  repeatPurchaseDistribution,
  repeatPurchaseTrackingFromCounts,
} from '../../src/clv.js';
import type { ParetoNbdModel } from '../../src/clv.js';
import type { BetaGeoModel } from '../../src/clv.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// Source: test/fixtures/loyalty/make_validation_reference.py (numpy/scipy, FHL 2005 eqs. 8 and 10 on BTYD's cbs)
const reference = readFixtureJson<{
  params: BetaGeoModel['params'];
  distribution: { actual: number[]; expected: number[] };
  holdout: { customers: number[]; actual: number[]; expected: number[]; totalExpected: number };
}>('loyalty/validation_reference.json');
// Source: cran/BTYD data/cdnowSummary.RData $cbs (x, t_x, T_cal; x_star = repeat purchases in the 39-week holdout)
const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const columns = { frequency: 'x', recency: 't_x', T: 'T_cal' };
const model: BetaGeoModel = {
  kind: 'betaGeo',
  version: 2,
  spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 },
  params: reference.params,
  standardErrors: null,
  fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.43, groups: 1016, iterations: 0 } },
};
const relative = (a: number, b: number) => Math.abs(a / b - 1);

/** The same customers as a histogram of distinct rows with a count. */
function histogram(table: Record<string, ArrayLike<number>>, names: string[]): Record<string, number[]> {
  const counts = new Map<string, number>();
  for (let i = 0; i < table[names[0]].length; i++) {
    const key = names.map((n) => table[n][i]).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const out: Record<string, number[]> = Object.fromEntries([...names, 'n'].map((n) => [n, [] as number[]]));
  for (const [key, n] of [...counts].reverse()) {
    key.split(' ').forEach((v, j) => out[names[j]].push(Number(v)));
    out.n.push(n);
  }
  return out;
}

describe('repeatPurchaseDistribution(model, customers, spec)', () => {
  it('counts CDNOW customers by repeat purchases and expects eq. 8 summed over them (scipy reference, 1e-10)', () => {
    const table = repeatPurchaseDistribution(model, cbs, { columns });
    expect(table.label).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(Array.from(table.actual)).toEqual(reference.distribution.actual);
    table.expected.forEach((v, n) => expect(relative(v, reference.distribution.expected[n])).toBeLessThan(1e-10));
    // both sides sum to the customers
    expect(table.customers).toBe(2357);
    expect(Math.abs(table.expected.reduce((s, v) => s + v, 0) - 2357)).toBeLessThan(1e-8);
  });

  it('gives the same table from a histogram of histories with a count, and another censor', () => {
    const grouped = histogram(cbs, ['x', 't_x', 'T_cal']);
    const a = repeatPurchaseDistribution(model, cbs, { columns });
    const b = repeatPurchaseDistribution(model, grouped, { columns: { ...columns, count: 'n' } });
    expect(Array.from(b.actual)).toEqual(Array.from(a.actual));
    b.expected.forEach((v, n) => expect(relative(v, a.expected[n])).toBeLessThan(1e-12));
    const wide = repeatPurchaseDistribution(model, cbs, { columns, maxFrequency: 12 });
    expect(wide.label.at(-1)).toBe('12+');
    for (let n = 0; n < 7; n++) expect(relative(wide.expected[n], a.expected[n])).toBeLessThan(1e-12);
  });
});

describe('holdoutByFrequency(model, customers, spec)', () => {
  it("bins BTYD's holdout by calibration frequency, expecting eq. 10 per history (scipy reference, 1e-10)", () => {
    const table = holdoutByFrequency(model, cbs, { columns, holdout: 'x_star', duration: 39 });
    expect(Array.from(table.customers)).toEqual(reference.holdout.customers);
    table.actual.forEach((v, n) => expect(relative(v!, reference.holdout.actual[n])).toBeLessThan(1e-12));
    table.expected.forEach((v, n) => expect(relative(v!, reference.holdout.expected[n])).toBeLessThan(1e-10));
    // Σ x_star = 1,882 (the dataset's README)
    expect(table.total.actual).toBe(1882);
    expect(relative(table.total.expected, reference.holdout.totalExpected)).toBeLessThan(1e-10);
  });

  it('takes a summarizeTransactions split as it is (holdout and duration from the summary), and a histogram', () => {
    const log = readFixtureCsv('value/cdnow_sample.csv').columns;
    const split = summarizeTransactions(log, {
      customer: 'sample_id',
      date: 'date',
      amount: 'dollar_value',
      calibrationEnd: '1997-09-30',
      observationEnd: '1998-06-30',
      timeUnit: 'week',
    });
    const fromSummary = holdoutByFrequency(model, split);
    expect(fromSummary.duration).toBe(39);
    expect(fromSummary.total.actual).toBe(1882);
    expect(Array.from(fromSummary.customers)).toEqual(reference.holdout.customers);
    const grouped = histogram({ ...cbs }, ['x', 't_x', 'T_cal', 'x_star']);
    const fromCounts = holdoutByFrequency(model, grouped, { columns: { ...columns, count: 'n' }, holdout: 'x_star', duration: 39 });
    const perCustomer = holdoutByFrequency(model, cbs, { columns, holdout: 'x_star', duration: 39 });
    fromCounts.expected.forEach((v, n) => expect(relative(v!, perCustomer.expected[n]!)).toBeLessThan(1e-12));
    expect(fromCounts.actual).toEqual(perCustomer.actual);
  });

  it('leaves an empty bin null, never NaN, and works with a fitted model', () => {
    const few = { frequency: [0, 0, 2], recency: [0, 0, 5], T: [10, 12, 20], frequencyHoldout: [0, 1, 3] };
    const fitted = fitBetaGeo(readFixtureCsv('value/cdnow_customers_summary.csv').columns, { timeUnit: 'week' });
    const table = holdoutByFrequency(fitted, few, { duration: 10, maxFrequency: 3 });
    expect(table.actual).toEqual([0.5, null, 3, null]);
    expect(table.expected[1]).toBeNull();
    expect(table.expected[0]).toBeGreaterThan(0);
  });

  it('refuses what it cannot compare, naming the problem', () => {
    expect(caught(() => holdoutByFrequency(model, cbs, { columns, holdout: 'x_star' }))).toMatchObject({
      code: 'invalid_spec',
      issues: [{ path: 'spec.duration' }],
    });
    expect(
      caught(() => holdoutByFrequency(model, { ...cbs, x_star: cbs.x_star.map((v, i) => (i === 5 ? -1 : v)) }, { columns, holdout: 'x_star', duration: 39 })),
    ).toMatchObject({
      code: 'invalid_value',
      issues: [{ column: 'x_star', row: 5 }],
    });
    expect(caught(() => repeatPurchaseDistribution(model, { ...cbs, t_x: cbs.t_x.map((v, i) => (i === 3 ? 99 : v)) }, { columns }))).toMatchObject({
      code: 'invalid_value',
      issues: [{ column: 't_x', row: 3 }],
    });
    expect(caught(() => repeatPurchaseDistribution({ kind: 'gammaGamma' }, cbs, { columns }))).toMatchObject({ code: 'invalid_model' });
  });
});

describe('the diagnostics take a Pareto/NBD model', () => {
  // Fader & Hardie's published CDNOW estimates; the per-customer functions are checked against mpmath in paretoNbd tests
  const pnbd: ParetoNbdModel = {
    kind: 'paretoNbd',
    version: 2,
    spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 },
    params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 },
    standardErrors: null,
    fitted: {
      n: 2357,
      skipped: 0,
      warnings: [],
      diagnostics: {
        logLikelihood: -9594.98,
        aic: 19197.96,
        bic: 19221.02,
        gradientNorm: 0,
        hessianPositiveDefinite: true,
        groups: 1016,
        iterations: 0,
        newtonSteps: 0,
      },
    },
  };

  it('sums the per-customer predictions the Pareto/NBD functions give', () => {
    const holdout = holdoutByFrequency(pnbd, cbs, { columns, holdout: 'x_star', duration: 39 });
    const each = paretoNbdConditionalExpectedPurchases(pnbd, { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal }, 39).values;
    expect(
      relative(
        holdout.total.expected,
        each.reduce((a, v) => a + v, 0),
      ),
    ).toBeLessThan(1e-12);
    const distribution = repeatPurchaseDistribution(pnbd, cbs, { columns });
    let zero = 0;
    for (const T of cbs.T_cal) zero += paretoNbdPurchaseProbability(pnbd, 0, T);
    expect(relative(distribution.expected[0], zero)).toBeLessThan(1e-12);
    expect(Math.abs(distribution.expected.reduce((a, v) => a + v, 0) - 2357)).toBeLessThan(1e-6);
    const tracking = repeatPurchaseTrackingFromCounts(pnbd, { birth: [0, 1.5] }, { periods: 3 });
    expect(relative(tracking.expectedCumulative[2], paretoNbdExpectedPurchases(pnbd, 3) + paretoNbdExpectedPurchases(pnbd, 1.5))).toBeLessThan(1e-14);
  });
});

describe('repeatBuyingOf: alive', () => {
  it('equals each kind’s public P(alive) at every CDNOW history', async () => {
    const { repeatBuyingOf } = await import('../../src/loyalty/clv/repeatBuyingOf.js');
    const { probabilityAlive, paretoNbdProbabilityAlive, fitParetoNbd } = await import('../../src/clv.js');
    const table = { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal };
    const paretoModel = fitParetoNbd(table, { timeUnit: 'week' });
    for (const [m, publicAlive] of [
      [model, probabilityAlive(model, table).values],
      [paretoModel, paretoNbdProbabilityAlive(paretoModel, table).values],
    ] as const) {
      const alive = repeatBuyingOf(m, 'test').alive;
      for (let i = 0; i < cbs.x.length; i++) expect(alive(cbs.x[i], cbs.t_x[i], cbs.T_cal[i])).toBe(publicAlive[i]);
    }
  });
});

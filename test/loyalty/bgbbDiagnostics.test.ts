import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as root from '../helpers/library.js';
import * as charts from '../../src/charts/index.js';
import { caught, readFixtureJson } from '../helpers/fixtures.js';

interface Reference {
  params: { alpha: number; beta: number; gamma: number; delta: number };
  pmf: Record<string, number[]>;
  pmfLong: { x: number; n: number; log: number }[];
  expected: Record<string, number>;
  donations: {
    donors: number;
    periods: number;
    actual: number[];
    expected: number[];
    holdoutPeriods: number;
    holdoutExpectedByFrequency: number[];
    trackingPerYear: number[];
  };
  alive: { x: number; tx: number; n: number; value: number }[];
  conditional: { x: number; tx: number; n: number; star: number; value: number }[];
  aliveHistory: { n: number; x: number; tx: number; value: number }[];
}
// Fader, Hardie & Shang (2010) written straight with scipy's betaln at the published estimates
// (alpha 1.204, beta 0.750, gamma 0.657, delta 2.783): test/fixtures/loyalty/make_bgbb_diagnostics_reference.py
const reference = readFixtureJson<Reference>('loyalty/bgbb_diagnostics_reference.json');
// FHS (2010) donations data, grouped: lifetimes' donations.csv, copied to examples/data
const donations = root.parseCsv(readFileSync(join(__dirname, '../../examples/data/bgbb_donations_summary.csv'), 'utf8')).columns as Record<
  string,
  Float64Array
>;
const fitted = root.fitBetaGeoBetaBinomial(donations, { periodUnit: 'year', columns: { count: 'weights' } });
/** The fitted model's shape at the published parameters. */
const published = { ...fitted, params: { ...reference.params } };
const columns = { count: 'weights' };
const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('betaGeoBetaBinomialTransactionProbability: P(X(n) = x)', () => {
  it('equals scipy at the published estimates for n = 1, 2, 6, 11, 50 and every x (1e-12 relative)', () => {
    for (const [n, values] of Object.entries(reference.pmf)) {
      values.forEach((p, x) => expect(relative(root.betaGeoBetaBinomialTransactionProbability(published, x, Number(n)), p)).toBeLessThan(1e-12));
    }
  });

  it('stays finite for long horizons and large x: ln P equals scipy’s logsumexp up to n = 100,000', () => {
    for (const { x, n, log } of reference.pmfLong) {
      const p = root.betaGeoBetaBinomialTransactionProbability(published, x, n);
      expect(p).toBeGreaterThan(0);
      expect(Math.abs(Math.log(p) - log)).toBeLessThan(1e-9);
    }
  });

  it('sums to 1 over x = 0 … n and its mean is E[X(n)] (betaGeoBetaBinomialExpectedTransactions, and the paper’s closed form)', () => {
    for (const n of [1, 2, 6, 11, 50, 300]) {
      let total = 0;
      let mean = 0;
      for (let x = 0; x <= n; x++) {
        const p = root.betaGeoBetaBinomialTransactionProbability(fitted, x, n);
        total += p;
        mean += x * p;
      }
      expect(Math.abs(total - 1)).toBeLessThan(1e-12);
      expect(relative(mean, root.betaGeoBetaBinomialExpectedTransactions(fitted, n))).toBeLessThan(1e-12);
    }
    // the closed form and the sum part by rounding only (3.7e-12 at n = 2000)
    for (const [n, value] of Object.entries(reference.expected))
      expect(relative(root.betaGeoBetaBinomialExpectedTransactions(published, Number(n)), value)).toBeLessThan(1e-11);
  });

  it('is 0 for x > n and 1 for x = n = 0', () => {
    expect(root.betaGeoBetaBinomialTransactionProbability(fitted, 7, 6)).toBe(0);
    expect(root.betaGeoBetaBinomialTransactionProbability(fitted, 0, 0)).toBe(1);
  });

  it('refuses fractional opportunities and transactions, naming the field and the value', () => {
    const periods = caught(() => root.betaGeoBetaBinomialTransactionProbability(fitted, 1, 6.5));
    expect(periods.code).toBe('invalid_spec');
    expect(periods.issues[0]).toMatchObject({ path: 'periods', received: '6.5' });
    const x = caught(() => root.betaGeoBetaBinomialTransactionProbability(fitted, 1.5, 6));
    expect(x.issues[0]).toMatchObject({ path: 'x', received: '1.5' });
    expect(caught(() => root.betaGeoBetaBinomialTransactionProbability({ kind: 'betaGeo' }, 1, 6)).code).toBe('invalid_model');
  });
});

describe('repeatPurchaseDistribution takes a BG/BB model (FHS 2010, figure 2)', () => {
  it('counts the 11,104 donors by repeat donations in 1996–2001 and expects what scipy does at the published estimates', () => {
    const table = root.repeatPurchaseDistribution(published, donations, { maxFrequency: 6, columns });
    expect(Array.from(table.actual)).toEqual(reference.donations.actual);
    expect(table.customers).toBe(11104);
    expect(table.opportunities).toBe(true);
    // every x of 0 … n has its own bin here (maxFrequency = n), so the last bin is P(X(6) = 6) too
    table.expected.forEach((v, x) => expect(relative(v, reference.donations.expected[x])).toBeLessThan(1e-11));
  });

  it('is plausible on the fitted model: within 6 % of every actual count, and both add up to the donors', () => {
    const table = root.repeatPurchaseDistribution(fitted, donations, { maxFrequency: 6, columns });
    table.expected.forEach((v, x) => expect(Math.abs(v / reference.donations.actual[x] - 1)).toBeLessThan(0.06));
    expect(Math.abs(table.expected.reduce((a, v) => a + v, 0) - 11104)).toBeLessThan(1e-8);
  });

  it('bins the tail: with maxFrequency 3 the last bin is the rest of 1', () => {
    const table = root.repeatPurchaseDistribution(published, donations, { maxFrequency: 3, columns });
    expect(table.label).toEqual(['0', '1', '2', '3+']);
    const tail = reference.donations.expected.slice(3).reduce((a, v) => a + v, 0);
    expect(relative(table.expected[3], tail)).toBeLessThan(1e-11);
  });

  it('refuses a fractional history, naming the column, the row and the value; and a continuous summary’s T column', () => {
    const bad = { frequency: [1, 2], recency: [2, 3.5], periods: [6, 6] };
    const error = caught(() => root.repeatPurchaseDistribution(published, bad));
    expect(error.code).toBe('invalid_value');
    expect(error.issues[0]).toMatchObject({ column: 'recency', row: 1, received: '3.5' });
    const wrong = caught(() => root.repeatPurchaseDistribution(published, bad, { columns: { T: 'periods' } }));
    expect(wrong.code).toBe('invalid_spec');
    expect(wrong.issues[0].path).toBe('spec.columns');
  });
});

describe('holdoutByFrequency takes a BG/BB model with a holdout of whole opportunities', () => {
  const zero = { ...donations, holdout: new Float64Array(donations.frequency.length) };

  it('expects, per calibration frequency, the mean of E[X(6, 6 + 5) | x, t_x, 6] that scipy gives (FHS 2010’s 2002–2006 holdout)', () => {
    const table = root.holdoutByFrequency(published, zero, { duration: 5, maxFrequency: 6, holdout: 'holdout', columns });
    expect(table.opportunities).toBe(true);
    expect(Array.from(table.customers)).toEqual(reference.donations.actual);
    table.expected.forEach((v, x) => expect(relative(v!, reference.donations.holdoutExpectedByFrequency[x])).toBeLessThan(1e-11));
  });

  it('gives each history the number betaGeoBetaBinomialPredictions gives (same bits)', () => {
    const table = root.holdoutByFrequency(fitted, zero, { duration: 5, maxFrequency: 6, holdout: 'holdout', columns });
    const each = root.betaGeoBetaBinomialPredictions(fitted, donations, { periods: 5 }).expectedTransactions;
    let sum = 0;
    for (let i = 0; i < each.length; i++) sum += donations.weights[i] * each[i];
    expect(relative(table.total.expected, sum)).toBeLessThan(1e-13);
  });

  it('refuses a fractional or missing duration and a holdout count above it, naming the field or row and the value', () => {
    const fractional = caught(() => root.holdoutByFrequency(published, zero, { duration: 4.5, holdout: 'holdout', columns }));
    expect(fractional.code).toBe('invalid_spec');
    expect(fractional.issues[0]).toMatchObject({ path: 'spec.duration', received: '4.5' });
    expect(caught(() => root.holdoutByFrequency(published, zero, { holdout: 'holdout', columns })).issues[0].path).toBe('spec.duration');
    const over = { ...zero, holdout: Float64Array.from(zero.holdout, (_, i) => (i === 2 ? 6 : 0)) };
    const error = caught(() => root.holdoutByFrequency(published, over, { duration: 5, holdout: 'holdout', columns }));
    expect(error.code).toBe('invalid_value');
    expect(error.issues[0]).toMatchObject({ column: 'holdout', row: 2, received: '6' });
  });
});

describe('repeatPurchaseTrackingFromCounts takes a BG/BB model, in opportunities', () => {
  it('expects the 1995 cohort’s repeat donations per year 1996–2006 as scipy does (11,104 · (E[X(k)] − E[X(k − 1)]))', () => {
    const tracking = root.repeatPurchaseTrackingFromCounts(published, { birth: [0], customers: [11104] }, { periods: 11, columns: { customers: 'customers' } });
    expect(tracking.opportunities).toBe(true);
    expect(tracking.timeUnit).toBe('year');
    tracking.expected.forEach((v, k) => expect(relative(v, reference.donations.trackingPerYear[k])).toBeLessThan(1e-12));
    // six years of the calibration period: 11,104 · E[X(6)], the mean of the repeat distribution
    expect(relative(tracking.expectedCumulative[5], 11104 * root.betaGeoBetaBinomialExpectedTransactions(published, 6))).toBeLessThan(1e-14);
  });

  it('sums later births, and refuses a fractional birth (row, value) or period length (field, value)', () => {
    const tracking = root.repeatPurchaseTrackingFromCounts(fitted, { birth: [0, 2] }, { periods: 4 });
    const E = (n: number) => root.betaGeoBetaBinomialExpectedTransactions(fitted, n);
    expect(relative(tracking.expectedCumulative[3], E(4) + E(2))).toBeLessThan(1e-14);
    const birth = caught(() => root.repeatPurchaseTrackingFromCounts(fitted, { birth: [0, 1.5] }, { periods: 4 }));
    expect(birth.code).toBe('invalid_value');
    expect(birth.issues[0]).toMatchObject({ column: 'birth', row: 1, received: '1.5' });
    const length = caught(() => root.repeatPurchaseTrackingFromCounts(fitted, { birth: [0] }, { periods: 4, periodLength: 0.5 }));
    expect(length.code).toBe('invalid_spec');
    expect(length.issues[0]).toMatchObject({ path: 'spec.periodLength', received: '0.5' });
  });
});

describe('repeatPurchaseTracking refuses a BG/BB model with its reason', () => {
  it('says a log of dates does not define opportunities, and names the door that takes counts', () => {
    const log = { id: ['a', 'a'], day: ['2020-01-01', '2021-01-01'], amount: [1, 1] };
    const error = caught(() => root.repeatPurchaseTracking(fitted, log, { customer: 'id', date: 'day', amount: 'amount', observationEnd: '2022-12-31' }));
    expect(error.code).toBe('invalid_model');
    expect(error.issues[0].path).toBe('model.kind');
    expect(error.issues[0].hint).toContain('repeatPurchaseTrackingFromCounts');
  });

  it('refuses a tampered BG/BB model as it refuses a tampered model of the other kinds (invalid_model naming the parameter)', () => {
    const tampered = { ...fitted, params: { ...fitted.params, gamma: -1 } };
    for (const call of [
      () => root.repeatPurchaseDistribution(tampered, donations, { columns }),
      () => root.frequencyRecencyMatrix(tampered, { quantity: 'alive', T: 6, maxFrequency: 2 }),
      () => root.probabilityAliveHistory(tampered, [0, 1], { T: 6 }),
      () => root.repeatPurchaseTrackingFromCounts(tampered, { birth: [0] }, { periods: 2 }),
      () => root.purchaseHeterogeneity(tampered),
      () => root.compareModels({ tampered }, donations, { columns }),
    ]) {
      const error = caught(call);
      expect(error.code).toBe('invalid_model');
      expect(error.issues[0].path).toContain('gamma');
    }
  });
});

describe('frequencyRecencyMatrix takes a BG/BB model at n opportunities', () => {
  it('P(alive) at n = 6 equals scipy’s eq. 11 in every possible cell, null where x > t_x', () => {
    const m = root.frequencyRecencyMatrix(published, { quantity: 'alive', T: 6, maxFrequency: 6 });
    expect(m.opportunities).toBe(true);
    expect(m.recency).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const { x, tx, value } of reference.alive) expect(relative(m.values[x][tx]!, value)).toBeLessThan(1e-12);
    expect(m.values[3][2]).toBeNull();
    expect(m.values[1][0]).toBeNull();
    expect(m.values[0][1]).toBeNull();
  });

  it('the expected transactions in the next 5 opportunities equal scipy’s eq. 13; defaults come from discrete histories', () => {
    const m = root.frequencyRecencyMatrix(published, { quantity: 'expected', t: 5, columns }, donations);
    expect([m.T, m.frequency.length]).toEqual([6, 7]);
    for (const { x, tx, value } of reference.conditional) expect(relative(m.values[x][tx]!, value)).toBeLessThan(1e-12);
  });

  it('refuses fractional T, t, step and maxRecency, naming the field and the value', () => {
    for (const [spec, path, value] of [
      [{ quantity: 'alive', T: 5.5, maxFrequency: 2 }, 'spec.T', '5.5'],
      [{ quantity: 'expected', T: 6, t: 2.5, maxFrequency: 2 }, 'spec.t', '2.5'],
      [{ quantity: 'alive', T: 6, maxFrequency: 2, step: 1.5 }, 'spec.step', '1.5'],
      [{ quantity: 'alive', T: 6, maxFrequency: 2, maxRecency: 4.5 }, 'spec.maxRecency', '4.5'],
    ] as const) {
      const error = caught(() => root.frequencyRecencyMatrix(published, spec));
      expect(error.code).toBe('invalid_spec');
      expect(error.issues[0]).toMatchObject({ path, received: value });
    }
  });
});

describe('probabilityAliveHistory takes a BG/BB model over whole opportunities', () => {
  it('one donor who gave in 1995, 1996 and 1998, seen to 2001: P(alive at the next opportunity) as scipy’s eq. 11', () => {
    const h = root.probabilityAliveHistory(published, [0, 1, 3], { T: 6 });
    expect(h.opportunities).toBe(true);
    expect(h.time).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(h.frequency).toEqual([0, 1, 1, 2, 2, 2, 2]);
    // at the first transaction: active at the next opportunity with probability δ/(γ + δ)
    expect(relative(h.alive[0], 2.783 / (0.657 + 2.783))).toBeLessThan(1e-14);
    reference.aliveHistory.forEach(({ n, value }) => expect(relative(h.alive[n], value)).toBeLessThan(1e-12));
  });

  it('refuses a fractional or repeated opportunity (index, value) and a fractional T or step (field, value)', () => {
    const fractional = caught(() => root.probabilityAliveHistory(published, [0, 1.5], { T: 6 }));
    expect(fractional.code).toBe('invalid_value');
    expect(fractional.issues[0]).toMatchObject({ path: 'purchaseTimes.1', row: 1, received: '1.5' });
    const twice = caught(() => root.probabilityAliveHistory(published, [0, 2, 2], { T: 6 }));
    expect(twice.issues[0]).toMatchObject({ path: 'purchaseTimes.2', row: 2, received: '2' });
    expect(caught(() => root.probabilityAliveHistory(published, [0, 2], { T: 6.5 })).issues[0]).toMatchObject({ path: 'spec.T', received: '6.5' });
    expect(caught(() => root.probabilityAliveHistory(published, [0, 2], { T: 6, step: 0.5 })).issues[0]).toMatchObject({ path: 'spec.step', received: '0.5' });
  });
});

describe('the charts label a BG/BB result in opportunities', () => {
  const labels = { title: 'Donors' };

  it('tracking and P(alive) history: the x axis says "opportunities"; the continuous default is unchanged', () => {
    const tracking = root.repeatPurchaseTrackingFromCounts(fitted, { birth: [0], customers: [11104] }, { periods: 11, columns: { customers: 'customers' } });
    expect(charts.repeatPurchaseTrackingSvg(tracking, labels)).toContain('>opportunities</text>');
    expect(JSON.stringify(charts.repeatPurchaseTrackingVegaLite(tracking, labels))).toContain('"title":"opportunities"');
    expect(charts.repeatPurchaseTrackingSvg({ ...tracking, opportunities: false }, labels)).toContain('>period</text>');
    const history = root.probabilityAliveHistory(fitted, [0, 1, 3], { T: 6 });
    expect(charts.probabilityAliveHistorySvg(history, labels)).toContain('>opportunities</text>');
    expect(JSON.stringify(charts.probabilityAliveHistoryVegaLite(history, labels))).toContain('"title":"opportunities"');
  });

  it('holdout and matrix: the captions count opportunities; a timeLabel given still wins', () => {
    const zero = { ...donations, holdout: new Float64Array(donations.frequency.length) };
    const table = root.holdoutByFrequency(fitted, zero, { duration: 5, holdout: 'holdout', columns });
    expect(charts.holdoutByFrequencySvg(table, labels)).toContain('in the 5 opportunities after it');
    expect(charts.holdoutByFrequencyVegaLite(table, labels).description).toContain('in the 5 opportunities after it');
    expect(charts.holdoutByFrequencySvg(table, { ...labels, timeLabel: 'year' })).toContain('in the 5 years after it');
    const m = root.frequencyRecencyMatrix(fitted, { quantity: 'alive', T: 6, maxFrequency: 6 });
    const svg = charts.frequencyRecencyMatrixSvg(m, labels);
    expect(svg).toContain('observed for 6 opportunities');
    expect(svg).toContain('recency: opportunity of the last purchase (opportunities after the first)');
    expect(JSON.stringify(charts.frequencyRecencyMatrixVegaLite(m, labels))).toContain('recency (opportunities after the first purchase)');
  });

  it('distribution: the x axis counts opportunities with a repeat transaction', () => {
    const table = root.repeatPurchaseDistribution(fitted, donations, { maxFrequency: 6, columns });
    expect(charts.repeatPurchaseDistributionSvg(table, labels)).toContain('opportunities with a repeat transaction in the calibration period');
    expect(JSON.stringify(charts.repeatPurchaseDistributionVegaLite(table, labels))).toContain('opportunities with a repeat transaction');
  });
});

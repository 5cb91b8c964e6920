import { describe, expect, it } from 'vitest';
import { clvConfidenceIntervals, clvParameterDraws, customerLifetimeValue, fitBetaGeo, fitGammaGamma, fitParetoNbd } from '../../src/clv.js';
import { percentileName, quantileOfSorted } from '../../src/internal/percentiles.js';
import { DAYS_PER_UNIT } from '../../src/internal/timeUnits.js';
import { aliveExpectations, discountFactors } from '../../src/loyalty/clv/periodExpectations.js';
import { repeatBuyingWithParams } from '../../src/loyalty/clv/repeatBuyingOf.js';
import { caught, readFixtureCsv } from '../helpers/fixtures.js';

const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const customers = { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal, monetary: cbs.m_x };
const purchaseModel = fitBetaGeo(customers, { timeUnit: 'week' });
const spendModel = fitGammaGamma(customers, {});
const purchaseDraws = clvParameterDraws(purchaseModel, customers, { draws: 120, seed: 4 });
const spendDraws = clvParameterDraws(spendModel, customers, { draws: 120, seed: 5 });
const valuation = { purchaseModel, spendModel, customers, horizon: 12, timeUnit: 'month' as const, discountRate: 0.01, margin: 0.3 };
const args = { ...valuation, purchaseDraws, spendDraws };
const ci = clvConfidenceIntervals(args);

/** The CDNOW customers as a histogram: one row per distinct (x, t_x, T, m̄) in order of first appearance, with its `customers`. */
function cdnowHistogram() {
  const counts = new Map<string, number>();
  cbs.x.forEach((x, i) => {
    const key = [x, cbs.t_x[i], cbs.T_cal[i], cbs.m_x[i]].join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const rows = [...counts].map(([key, c]) => [...key.split(' ').map(Number), c]);
  return {
    frequency: rows.map((r) => r[0]),
    recency: rows.map((r) => r[1]),
    T: rows.map((r) => r[2]),
    monetary: rows.map((r) => r[3]),
    customers: rows.map((r) => r[4]),
  };
}

/**
 * The brute-force path: every customer's P(alive), expected purchases, spend and CLV at every draw
 * (the same arithmetic, per row rather than per distinct key), a full sort and quantileOfSorted per
 * customer and quantity, and the per-draw totals summed over the distinct histories in order of
 * first appearance, each times its customers. What clvConfidenceIntervals computed before it took
 * percentiles per key by selection, so its whole output must equal this, bit for bit.
 */
function bruteForce(levels: readonly number[]) {
  const D = ci.draws;
  const W = D + 1;
  const n = customers.frequency.length;
  const purchaseParams = [...purchaseDraws.draws.slice(0, D), purchaseModel.params] as unknown as Record<string, number>[];
  const spendParams = [...spendDraws.draws.slice(0, D), spendModel.params] as unknown as Record<string, number>[];
  const step = DAYS_PER_UNIT.month / DAYS_PER_UNIT.week;
  const discount = discountFactors(12, 0.01);
  const m = Float64Array.from(customers.monetary, (v, i) => (customers.frequency[i] > 0 ? v : 0));
  const values = { alive: new Float64Array(n * W), purchases: new Float64Array(n * W), spend: new Float64Array(n * W), clv: new Float64Array(n * W) };
  for (let d = 0; d < W; d++) {
    const model = repeatBuyingWithParams(purchaseModel, purchaseParams[d], 'test');
    const sums = aliveExpectations(model, customers.frequency, customers.T, 12, step, discount);
    const { p: shape, q, gamma } = spendParams[d];
    for (let i = 0; i < n; i++) {
      const x = customers.frequency[i];
      const alive = model.alive(x, customers.recency[i], customers.T[i]);
      const spend = (shape * (gamma + x * m[i])) / (shape * x + q - 1);
      values.alive[i * W + d] = alive;
      values.purchases[i * W + d] = alive * sums.undiscounted[i];
      values.spend[i * W + d] = spend;
      values.clv[i * W + d] = 0.3 * spend * (alive * sums.discounted[i]);
    }
  }
  const names = levels.map(percentileName);
  const column = (all: Float64Array) => {
    const estimate = new Float64Array(n);
    const percentiles = levels.map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      estimate[i] = all[i * W + D];
      const sorted = all.slice(i * W, i * W + D).sort();
      levels.forEach((level, l) => (percentiles[l][i] = quantileOfSorted(sorted, level)));
    }
    return { estimate, percentiles: Object.fromEntries(names.map((name, l) => [name, percentiles[l]])) };
  };
  const firstRows = new Map<string, { row: number; customers: number }>();
  for (let i = 0; i < n; i++) {
    const key = `${customers.frequency[i]} ${customers.recency[i]} ${customers.T[i]} ${m[i]}`;
    const seen = firstRows.get(key);
    if (seen === undefined) firstRows.set(key, { row: i, customers: 1 });
    else seen.customers++;
  }
  const total = (all: Float64Array) => {
    const perDraw = new Float64Array(W);
    for (const { row, customers: c } of firstRows.values()) for (let d = 0; d < W; d++) perDraw[d] += c * all[row * W + d];
    const sorted = perDraw.slice(0, D).sort();
    return {
      estimate: perDraw[D],
      mean: sorted.reduce((a, b) => a + b, 0) / D,
      percentiles: Object.fromEntries(levels.map((level, l) => [names[l], quantileOfSorted(sorted, level)])),
    };
  };
  return {
    probabilityAlive: column(values.alive),
    expectedPurchases: column(values.purchases),
    expectedSpend: column(values.spend),
    clv: column(values.clv),
    totals: { expectedPurchases: total(values.purchases), value: total(values.clv) },
    distinctHistories: firstRows.size,
  };
}

describe('clvConfidenceIntervals(args)', () => {
  it('gives, at the model’s parameters, what customerLifetimeValue gives (the same math, another door)', () => {
    const clv = customerLifetimeValue(valuation);
    for (let i = 0; i < clv.clv.length; i++) {
      expect(Math.abs(ci.clv!.estimate[i] / clv.clv[i] - 1)).toBeLessThan(1e-12);
      expect(Math.abs(ci.expectedPurchases.estimate[i] / clv.expectedPurchases[i] - 1)).toBeLessThan(1e-12);
      expect(Math.abs(ci.expectedSpend!.estimate[i] / clv.expectedSpend[i] - 1)).toBeLessThan(1e-12);
      expect(ci.probabilityAlive.estimate[i]).toBe(clv.probabilityAlive[i]);
    }
    expect(ci.interval).toBe('confidence');
    expect(ci.draws).toBe(Math.min(purchaseDraws.draws.length, spendDraws.draws.length));
  });

  it('gives each customer the percentiles of customerLifetimeValue over the draws, and the totals the percentiles of the per-draw base totals', () => {
    const perDraw = purchaseDraws.draws.slice(0, ci.draws).map((draw, d) =>
      customerLifetimeValue({
        ...valuation,
        purchaseModel: { ...purchaseModel, params: draw as unknown as typeof purchaseModel.params },
        spendModel: { ...spendModel, params: spendDraws.draws[d] as unknown as typeof spendModel.params },
      }),
    );
    for (const i of [0, 1, 17, 2356]) {
      const values = Float64Array.from(perDraw, (r) => r.clv[i]).sort();
      for (const [name, level] of [
        ['p05', 0.05],
        ['p50', 0.5],
        ['p95', 0.95],
      ] as const)
        expect(ci.clv!.percentiles[name][i] / quantileOfSorted(values, level)).toBeCloseTo(1, 12);
    }
    const totals = Float64Array.from(perDraw, (r) => r.clv.reduce((a, b) => a + b)).sort();
    const purchases = Float64Array.from(perDraw, (r) => r.expectedPurchases.reduce((a, b) => a + b)).sort();
    for (const [name, level] of [
      ['p05', 0.05],
      ['p95', 0.95],
    ] as const) {
      expect(ci.totals.value!.percentiles[name] / quantileOfSorted(totals, level)).toBeCloseTo(1, 10);
      expect(ci.totals.expectedPurchases.percentiles[name] / quantileOfSorted(purchases, level)).toBeCloseTo(1, 10);
    }
    // Not the sum of the customers' interval ends: those are taken at different draws for different customers.
    const sumOfEnds = ci.clv!.percentiles.p95.reduce((a, b) => a + b);
    expect(Math.abs(sumOfEnds / ci.totals.value!.percentiles.p95 - 1)).toBeGreaterThan(1e-6);
  });

  it('gives, bit for bit, what a full sort per customer and quantity gives (percentiles per distinct key, by selection)', () => {
    expect(ci.draws).toBe(120);
    expect(ci).toMatchObject(bruteForce([0.05, 0.5, 0.95]));
    const levels = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99];
    expect(clvConfidenceIntervals({ ...args, levels })).toMatchObject(bruteForce(levels));
  });

  it('orders the percentiles and gives identical histories identical intervals', () => {
    for (let i = 0; i < 2357; i++) {
      expect(ci.clv!.percentiles.p05[i]).toBeLessThanOrEqual(ci.clv!.percentiles.p50[i]);
      expect(ci.clv!.percentiles.p50[i]).toBeLessThanOrEqual(ci.clv!.percentiles.p95[i]);
    }
    expect(ci.distinctHistories).toBeLessThan(2357);
  });

  it('takes a histogram with a count column: the same intervals per history and the same totals', () => {
    const histogram = cdnowHistogram();
    const grouped = clvConfidenceIntervals({ ...args, customers: histogram, count: 'customers' });
    expect(grouped.totals.value!.percentiles.p95 / ci.totals.value!.percentiles.p95).toBeCloseTo(1, 12);
    expect(grouped.totals.expectedPurchases.estimate / ci.totals.expectedPurchases.estimate).toBeCloseTo(1, 12);
    const first = histogram.frequency.findIndex(
      (x, g) => x === cbs.x[5] && histogram.recency[g] === cbs.t_x[5] && histogram.T[g] === cbs.T_cal[5] && histogram.monetary[g] === cbs.m_x[5],
    );
    expect(grouped.clv!.percentiles.p05[first]).toBe(ci.clv!.percentiles.p05[5]);
  });

  it('reads a count column only when asked: a model fitted on a histogram scores per-customer rows as they are', () => {
    const histogram = cdnowHistogram();
    const grouped = fitBetaGeo(histogram, { timeUnit: 'week', columns: { count: 'customers' } });
    const groupedArgs = { ...args, purchaseModel: grouped, purchaseDraws: { ...purchaseDraws } };
    // per-customer rows (no customers column): the default reads none
    const perCustomer = clvConfidenceIntervals({ ...groupedArgs, customers });
    expect(perCustomer.clv!.estimate).toHaveLength(2357);
    // count: true reads the model's columns.count, and counts the customers as the rows would
    const viaModel = clvConfidenceIntervals({ ...groupedArgs, customers: histogram, count: true });
    expect(viaModel.totals.expectedPurchases.estimate / perCustomer.totals.expectedPurchases.estimate).toBeCloseTo(1, 12);
    const ignored = clvConfidenceIntervals({ ...groupedArgs, customers: histogram });
    expect(ignored.totals.expectedPurchases.estimate).toBeLessThan(0.9 * viaModel.totals.expectedPurchases.estimate);
    const none = caught(() => clvConfidenceIntervals({ ...args, count: true }));
    expect(none.code).toBe('invalid_spec');
    expect(none.issues[0]).toMatchObject({ function: 'clvConfidenceIntervals', path: 'count' });
    // a count of neither form is told what it takes, not "invalid input"
    const empty = caught(() => clvConfidenceIntervals({ ...args, count: '' }));
    expect(empty.issues[0]).toMatchObject({ path: 'arguments.count', expected: 'string to have >=1 characters' });
    for (const count of [5, null, ['customers']]) {
      const wrong = caught(() => clvConfidenceIntervals({ ...args, count: count as never }));
      expect(wrong.issues[0]).toMatchObject({
        path: 'arguments.count',
        expected: "a count column's name, true for the model's spec.columns.count, or false (each row one customer)",
      });
    }
  });

  it('takes other levels, purchase draws alone, and Pareto/NBD draws', () => {
    const pareto = fitParetoNbd(customers, { timeUnit: 'week' });
    const draws = clvParameterDraws(pareto, customers, { method: 'delta', draws: 40 });
    const alone = clvConfidenceIntervals({ purchaseModel: pareto, purchaseDraws: draws, customers, horizon: 52, timeUnit: 'week', levels: [0.025, 0.975] });
    expect(Object.keys(alone.expectedPurchases.percentiles)).toEqual(['p02.5', 'p97.5']);
    expect(alone.clv).toBeUndefined();
    expect(alone.totals.value).toBeUndefined();
    expect(alone.totals.expectedPurchases.percentiles['p02.5']).toBeLessThan(alone.totals.expectedPurchases.estimate);
  });

  it('refuses draws of another model, spend without its draws, and a negative mean spend, naming path, row and value', () => {
    const wrongKind = caught(() => clvConfidenceIntervals({ ...args, purchaseDraws: spendDraws }));
    expect(wrongKind.code).toBe('invalid_spec');
    expect(wrongKind.issues[0]).toMatchObject({ function: 'clvConfidenceIntervals', path: 'purchaseDraws.kind', received: '"gammaGamma"' });
    const alone = caught(() => clvConfidenceIntervals({ ...args, spendDraws: undefined }));
    expect(alone.issues[0]).toMatchObject({ path: 'arguments.spendDraws' });
    // a broken model is named where the arguments hold it, as its kind and its draws are
    const badPurchase = caught(() =>
      clvConfidenceIntervals({ ...args, purchaseModel: { ...args.purchaseModel, params: { ...args.purchaseModel.params, r: -1 } } }),
    );
    expect(badPurchase.code).toBe('invalid_model');
    expect(badPurchase.issues[0]).toMatchObject({ function: 'clvConfidenceIntervals', path: 'purchaseModel.params.r', received: '-1' });
    const badSpend = caught(() => clvConfidenceIntervals({ ...args, spendModel: { ...args.spendModel, extra: 1 } as never }));
    expect(badSpend.code).toBe('invalid_model');
    expect(badSpend.issues[0]).toMatchObject({ path: 'spendModel' });
    const monetary = Float64Array.from(cbs.m_x);
    monetary[1] = -3;
    const negative = caught(() => clvConfidenceIntervals({ ...args, customers: { ...customers, monetary } }));
    expect(negative.code).toBe('invalid_value');
    expect(negative.issues[0]).toMatchObject({ column: 'monetary', row: 1, received: '-3' });
    const tampered = caught(() =>
      clvConfidenceIntervals({ ...args, purchaseDraws: { ...purchaseDraws, draws: [{ ...purchaseDraws.draws[0], a: -1 }, ...purchaseDraws.draws.slice(1)] } }),
    );
    expect(tampered.issues[0]).toMatchObject({ path: 'purchaseDraws.draws.0.a', received: '-1' });
  });
});

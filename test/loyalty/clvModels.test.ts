import { describe, expect, it } from 'vitest';
import { parseModel, summarizeTransactions } from '../../src/index.js';
import {
  conditionalExpectedPurchases,
  conditionalExpectedSpend,
  customerLifetimeValue,
  expectedPurchases,
  fitBetaGeo,
  fitGammaGamma,
  probabilityAlive,
  purchaseProbability,
} from '../../src/clv.js';
import { seededRandom } from '../../src/internal/random.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// References:
// - Fader, Hardie & Lee (2005), CDNOW sample: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
// - Hardie's BG/NBD spreadsheet as checked in lifetimes' tests: E[X(t)] at t = 0.1429, 1, 3, 31.8571,
//   32, 78 = 0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576; E[Y(39) | 2, 30.43, 38.86] = 1.226.
// - Fader & Hardie (2013) Gamma-Gamma note, CDNOW: p = 6.25, q = 3.74, γ = 15.44.
// - R optim + GSL hyperg_2F1 at full precision: test/fixtures/loyalty/make_reference.R.
const R = readFixtureJson<any>('loyalty/r_clv_reference.json');
const lifetimesSummary = readFixtureCsv('value/cdnow_customers_summary.csv').columns;
const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const fullPrecision = { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal, monetary: cbs.m_x };

describe('fitBetaGeo(summary, spec)', () => {
  const published = fitBetaGeo(lifetimesSummary, { timeUnit: 'week' });
  const model = fitBetaGeo(fullPrecision, { timeUnit: 'week' });

  it('reproduces Fader, Hardie & Lee (2005) to the published precision', () => {
    const { r, alpha, a, b } = published.params;
    expect([r, alpha, a, b].map((v) => Math.round(v * 1000) / 1000)).toEqual([0.243, 4.414, 0.793, 2.426]);
    expect(Math.round(published.fitted.diagnostics.logLikelihood * 10) / 10).toBe(-9582.4);
  });

  it('matches an independent R optim fit at full precision', () => {
    for (const key of ['r', 'alpha', 'a', 'b'] as const) expect(model.params[key] / R.betaGeo.params[key]).toBeCloseTo(1, 5);
    expect(model.fitted.diagnostics.logLikelihood).toBeCloseTo(R.betaGeo.logLikelihood, 6);
    expect(model.fitted.n).toBe(2357);
    expect(model.fitted.diagnostics.groups).toBeLessThan(2357);
  });

  it('reports standard errors from the Hessian that are positive and small relative to the estimates', () => {
    const se = model.standardErrors!;
    expect(se.r / model.params.r).toBeGreaterThan(0.01);
    expect(se.r / model.params.r).toBeLessThan(0.2);
    expect(se.b / model.params.b).toBeLessThan(0.5);
  });

  it('recovers known parameters from a simulated population (within a few percent)', () => {
    const truth = { r: 0.6, alpha: 5, a: 1.2, b: 4 };
    const random = seededRandom(2005);
    const n = 40_000;
    const frequency = new Float64Array(n);
    const recency = new Float64Array(n);
    const T = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const lambda = random.gamma(truth.r) / truth.alpha;
      const ga = random.gamma(truth.a);
      const p = ga / (ga + random.gamma(truth.b));
      T[i] = 30 + 30 * random.uniform();
      let t = 0;
      for (;;) {
        t += -Math.log(1 - random.uniform()) / lambda;
        if (t > T[i]) break;
        frequency[i]++;
        recency[i] = t;
        if (random.uniform() < p) break;
      }
    }
    const fit = fitBetaGeo({ frequency, recency, T }, { timeUnit: 'week' });
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      const error = Math.abs(fit.params[key] / truth[key] - 1);
      expect(error, key).toBeLessThan(Math.max(0.05, (3 * fit.standardErrors![key]) / truth[key]));
    }
  });

  it('round-trips through JSON', () => {
    expect(parseModel(JSON.stringify(model))).toEqual(JSON.parse(JSON.stringify(model)));
  });

  it('refuses a summary in another time unit, impossible histories, and no repeat buyers', () => {
    const days = caught(() => fitBetaGeo({ frequency: [1], recency: [1], T: [2], timeUnit: 'day' }, { timeUnit: 'week' }));
    expect(days.code).toBe('invalid_spec');
    expect(days.message).toContain('in days but the spec says weeks');
    expect(caught(() => fitBetaGeo({ frequency: [1, 0] }, {} as never)).issues[0].path).toBe('spec.timeUnit');
    const impossible = caught(() => fitBetaGeo({ frequency: [1, 0, 2.5], recency: [5, 1, 2], T: [4, 3, 3] }, { timeUnit: 'week' }));
    expect(impossible.code).toBe('invalid_value');
    expect(impossible.message).toContain('row 2, column "frequency"');
    expect(caught(() => fitBetaGeo({ frequency: [1, 0], recency: [5, 0], T: [4, 3] }, { timeUnit: 'week' })).message).toContain('recency ≤ T');
    expect(caught(() => fitBetaGeo({ frequency: [0, 0], recency: [0, 1], T: [4, 3] }, { timeUnit: 'week' })).message).toContain(
      'recency 0 for a customer with no repeat purchase',
    );
    expect(caught(() => fitBetaGeo({ frequency: [0, 0], recency: [0, 0], T: [4, 3] }, { timeUnit: 'week' })).code).toBe('too_few_rows');
  });

  it('says what to try when the fit does not converge', () => {
    const error = caught(() => fitBetaGeo(fullPrecision, { timeUnit: 'week', maxIterations: 10 }));
    expect(error.code).toBe('not_converged');
    expect(error.message).toContain('check spec.timeUnit');
  });
});

describe('BG/NBD predictions', () => {
  // R's own parameters, so the predictions are compared formula against formula.
  const fitted = fitBetaGeo(fullPrecision, { timeUnit: 'week' });
  const model = { ...fitted, params: R.betaGeo.params };
  const h: { x: number; tx: number; T: number }[] = R.histories;
  const histories = { frequency: h.map((r) => r.x), recency: h.map((r) => r.tx), T: h.map((r) => r.T) };

  it('E[X(t)] matches R/GSL and Hardie’s spreadsheet', () => {
    R.times.forEach((t: number, i: number) => expect(expectedPurchases(model, t)).toBeCloseTo(R.expected[i], 10));
    const hardie = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    [0.1429, 1, 3, 31.8571, 32, 78].forEach((t, i) => expect(Math.abs(expectedPurchases(model, t) - hardie[i])).toBeLessThan(1e-3));
  });

  it('conditional expectations and P(alive) match R/GSL at several (x, t_x, T)', () => {
    const c39 = conditionalExpectedPurchases(model, histories, 39).values;
    const c52 = conditionalExpectedPurchases(model, histories, 52).values;
    const alive = probabilityAlive(model, histories).values;
    h.forEach((_, i) => {
      expect(c39[i]).toBeCloseTo(R.conditional39[i], 9);
      expect(c52[i]).toBeCloseTo(R.conditional52[i], 9);
      expect(alive[i]).toBeCloseTo(R.palive[i], 12);
    });
    expect(Math.abs(c39[2] - 1.226)).toBeLessThan(1e-3); // Hardie's spreadsheet
  });

  it('P(X(t) = n) matches R and sums to 1', () => {
    R.pmf39.forEach((p: number, n: number) => expect(purchaseProbability(model, n, 39)).toBeCloseTo(p, 12));
    let total = 0;
    for (let n = 0; n < 400; n++) total += purchaseProbability(model, n, 39);
    expect(total).toBeCloseTo(1, 6);
  });

  it('stays finite for heavy buyers (x = 1000, 10⁴) where the textbook form overflows', () => {
    const heavy = { frequency: [1000, 10_000, 1000, 10_000], recency: [38.85, 38.859, 2, 38.8], T: [38.86, 38.86, 38.86, 38.86] };
    const expected = conditionalExpectedPurchases(model, heavy, 52).values;
    const alive = probabilityAlive(model, heavy).values;
    for (const v of [...expected, ...alive, purchaseProbability(model, 1000, 52), purchaseProbability(model, 10_000, 52)]) {
      expect(Number.isFinite(v)).toBe(true);
    }
    // Seen moments ago, a customer buying ~23 times a week is almost surely alive and, with a
    // dropout chance of ~a/(a+b+x−1) per purchase, expected to buy hundreds of times more.
    expect(alive[0]).toBeGreaterThan(0.99);
    expect(expected[0]).toBeGreaterThan(500);
    expect(expected[0]).toBeLessThan(((model.params.r + 1000) / (model.params.alpha + 38.86)) * 52);
    expect(expected[1]).toBeGreaterThan(expected[0]);
    // Silent for 37 weeks after 1000 purchases: gone.
    expect(alive[2]).toBeLessThan(1e-10);
    expect(expected[2]).toBeLessThan(1e-6);
    // Silent for 0.06 weeks at ~230 purchases a week (about 14 missed): very likely gone, still finite.
    expect(alive[3]).toBeLessThan(0.05);
  });
});

describe('Gamma-Gamma and CLV', () => {
  const spendModel = fitGammaGamma(fullPrecision);

  it('reproduces Fader & Hardie (2013) and R: p, q, γ', () => {
    const { p, q, gamma } = spendModel.params;
    expect([p, q, gamma].map((v) => Math.round(v * 100) / 100)).toEqual([6.25, 3.74, 15.44]);
    expect(p / R.gammaGamma.params.p).toBeCloseTo(1, 4);
    expect(gamma / R.gammaGamma.params.gamma).toBeCloseTo(1, 4);
    expect(spendModel.fitted.diagnostics.logLikelihood).toBeCloseTo(R.gammaGamma.logLikelihood, 5);
    expect(spendModel.fitted.n).toBe(946);
    expect(spendModel.fitted.diagnostics.frequencyMonetaryCorrelation).toBeCloseTo(R.gammaGamma.correlation, 12);
    expect(spendModel.fitted.warnings).toEqual([]);
  });

  it('round-trips through JSON, and a tampered model is refused', () => {
    expect(parseModel(JSON.stringify(spendModel))).toEqual(JSON.parse(JSON.stringify(spendModel)));
    const tampered = JSON.parse(JSON.stringify(spendModel));
    tampered.params.q = -1;
    expect(caught(() => conditionalExpectedSpend(tampered, { frequency: [1], monetary: [10] })).issues[0].path).toBe('model.params.q');
  });

  it('predicts conditional spend like R', () => {
    const { values } = conditionalExpectedSpend(spendModel, { frequency: [0, 1, 2, 5, 10], monetary: [0, 15, 22.35, 40, 100] });
    values.forEach((v, i) => expect(v).toBeCloseTo(R.gammaGamma.spend[i], 3));
  });

  it('warns when frequency and spend are correlated, and refuses non-positive spend unless excluded', () => {
    // CDNOW repeat buyers with spend made to grow with frequency
    const correlated = fitGammaGamma({ frequency: cbs.x, monetary: cbs.m_x.map((m, i) => m * (1 + cbs.x[i])) });
    expect(correlated.fitted.diagnostics.frequencyMonetaryCorrelation).toBeGreaterThan(0.3);
    expect(correlated.fitted.warnings.join(' ')).toContain('correlated');
    const withZero = Float64Array.from(cbs.m_x);
    const row = cbs.x.findIndex((x) => x > 0);
    withZero[row] = 0;
    const zero = caught(() => fitGammaGamma({ frequency: cbs.x, monetary: withZero }));
    expect(zero.message).toContain(`row ${row}, column "monetary"`);
    expect(zero.message).toContain("nonPositiveSpend: 'exclude'");
    const excluded = fitGammaGamma({ frequency: cbs.x, monetary: withZero }, { nonPositiveSpend: 'exclude' });
    expect([excluded.fitted.n, excluded.fitted.diagnostics.nonPositiveExcluded]).toEqual([945, 1]);
  });

  it('never predicts a negative spend or CLV: a negative mean spend is refused with its row; refunds via the summary stay ≥ 0', () => {
    // Before: E[M | x = 3, m̄ = −40] = p(γ + 3·(−40)) / (3p + q − 1) < 0, and CLV with it.
    const refused = caught(() => conditionalExpectedSpend(spendModel, { frequency: [2, 3], monetary: [20, -40] }));
    expect(refused.code).toBe('invalid_value');
    expect(refused.message).toContain('row 1, column "monetary"');
    const purchaseModel = fitBetaGeo(fullPrecision, { timeUnit: 'week' });
    const customers = { frequency: [3], recency: [20], T: [38], monetary: [-40] };
    const clv = caught(() => customerLifetimeValue({ purchaseModel, spendModel, customers, horizon: 12, timeUnit: 'month', discountRate: 0.01, margin: 0.3 }));
    expect(clv.code).toBe('invalid_value');
    // in customerLifetimeValue's name (it computes the spend itself; it said conditionalExpectedSpend's)
    expect(clv.issues[0]).toMatchObject({ function: 'customerLifetimeValue', column: 'monetary', row: 0 });
    expect(clv.message.startsWith('customerLifetimeValue: ')).toBe(true);
    const infinite = { ...spendModel, params: { ...spendModel.params, q: 0.9 } };
    const noMean = caught(() =>
      customerLifetimeValue({
        purchaseModel,
        spendModel: infinite,
        customers: { ...customers, monetary: [40] },
        horizon: 12,
        timeUnit: 'month',
        discountRate: 0.01,
        margin: 0.3,
      }),
    );
    expect([noMean.code, noMean.issues[0].function, noMean.issues[0].path]).toEqual([
      'invalid_model',
      'customerLifetimeValue',
      'arguments.spendModel.params.q',
    ]);
    // The CDNOW sample with a $10,000 refund (more than anyone spent) for every third customer
    // on a day without purchase in early September 1997: refund days are no purchases, so the summary's frequency, recency, T and
    // monetary are unchanged, the net spends fall below 0, and every prediction stays ≥ 0.
    const log = readFixtureCsv('value/cdnow_sample.csv').columns as Record<string, Float64Array>;
    const ids = Array.from(new Set(log.sample_id)).filter((_, k) => k % 3 === 0);
    const busy = new Set(Array.from(log.sample_id, (id, i) => `${id} ${log.date[i]}`));
    const refundDay = (id: number) => [19970901, 19970902, 19970903].find((day) => !busy.has(`${id} ${day}`))!;
    const withRefunds = {
      id: [...log.sample_id, ...ids],
      date: [...log.date, ...ids.map(refundDay)],
      amount: [...log.dollar_value, ...ids.map(() => -10000)],
    };
    const spec = { customer: 'id', date: 'date', amount: 'amount', observationEnd: '1997-09-30', timeUnit: 'week' } as const;
    const plain = summarizeTransactions({ id: log.sample_id, date: log.date, amount: log.dollar_value }, spec);
    const summary = summarizeTransactions(withRefunds, spec);
    for (const column of ['frequency', 'recency', 'T', 'monetary'] as const) expect(summary[column]).toEqual(plain[column]);
    expect(summary.counts.refundDays).toBe(ids.length);
    expect(summary.counts.nonPositiveNet).toBe(summary.revenue.filter((v) => v <= 0).length);
    expect(summary.counts.nonPositiveNet).toBeGreaterThanOrEqual(ids.length);
    const spend = fitGammaGamma(summary, { nonPositiveSpend: 'exclude' });
    const predicted = conditionalExpectedSpend(spend, summary).values;
    expect(Math.min(...predicted)).toBeGreaterThan(0);
    const bg = fitBetaGeo(summary, { timeUnit: 'week' });
    const value = customerLifetimeValue({
      purchaseModel: bg,
      spendModel: spend,
      customers: summary,
      horizon: 12,
      timeUnit: 'month',
      discountRate: 0.01,
      margin: 0.3,
    }).clv;
    expect(Math.min(...value)).toBeGreaterThanOrEqual(0);
  });

  it('discounts expected profit period by period (hand-computed from the model’s own expectations)', () => {
    const purchaseModel = fitBetaGeo(fullPrecision, { timeUnit: 'week' });
    const customers = { frequency: [0, 2, 7], recency: [0, 30.43, 29.43], T: [38.86, 38.86, 38.86], monetary: [0, 22.35, 38.3] };
    const result = customerLifetimeValue({ purchaseModel, spendModel, customers, horizon: 12, timeUnit: 'month', discountRate: 0.01, margin: 0.3 });
    const spend = conditionalExpectedSpend(spendModel, customers).values;
    const step = 30.4375 / 7;
    for (let c = 0; c < 3; c++) {
      let clv = 0;
      let previous = 0;
      for (let i = 1; i <= 12; i++) {
        const row = { frequency: [customers.frequency[c]], recency: [customers.recency[c]], T: [customers.T[c]] };
        const e = conditionalExpectedPurchases(purchaseModel, row, i * step).values[0];
        clv += (0.3 * spend[c] * (e - previous)) / 1.01 ** i;
        previous = e;
      }
      expect(result.clv[c]).toBeCloseTo(clv, 8);
      expect(result.expectedPurchases[c]).toBeCloseTo(previous, 10);
    }
    // no discount and a 1-period horizon: margin × spend × E[Y(one month)]
    const flat = customerLifetimeValue({ purchaseModel, spendModel, customers, horizon: 1, timeUnit: 'month', discountRate: 0, margin: 1 });
    expect(flat.clv[1]).toBeCloseTo(
      spend[1] * conditionalExpectedPurchases(purchaseModel, { frequency: [2], recency: [30.43], T: [38.86] }, step).values[0],
      10,
    );
  });

  it('requires the time unit and margin, and keeps every row', () => {
    const purchaseModel = fitBetaGeo(fullPrecision, { timeUnit: 'week' });
    const args = { purchaseModel, spendModel, customers: fullPrecision, horizon: 52, discountRate: 0.002, margin: 0.3 };
    const noUnit = caught(() => customerLifetimeValue(args as never));
    expect(noUnit.issues[0].path).toBe('arguments.timeUnit');
    const result = customerLifetimeValue({ ...args, timeUnit: 'week' });
    expect(result.clv.length).toBe(2357);
    expect(result.clv.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  });
});

describe('fitGammaGamma: frequency that does not vary', () => {
  it('reports a correlation of 0 (no warning) when every repeat customer has the same frequency', () => {
    // Before: a running mean Σ 3/n (3/10 ten times is 2.9999999999999996) made the constant column vary.
    const monetary = cbs.m_x.filter((_, i) => cbs.x[i] > 0);
    const model = fitGammaGamma({ frequency: monetary.map(() => 3), monetary });
    expect(model.fitted.diagnostics.frequencyMonetaryCorrelation).toBe(0);
    expect(model.fitted.warnings.join(' ')).not.toContain('correlated');
  });
});

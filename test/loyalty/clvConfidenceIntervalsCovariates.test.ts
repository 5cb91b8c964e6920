import { describe, expect, it } from 'vitest';
import {
  betaGeoBetaBinomialCovariatePredictions,
  betaGeoBetaBinomialPredictions,
  clvConfidenceIntervals,
  clvModelAtDraw,
  clvParameterDraws,
  customerLifetimeValue,
  fitBetaGeo,
  fitBetaGeoBetaBinomial,
  fitBetaGeoBetaBinomialWithCovariates,
  fitBetaGeoWithCovariates,
  fitGammaGamma,
  fitGammaGammaWithCovariates,
  fitParetoNbd,
  fitParetoNbdWithCovariates,
  type ClvParameterDraws,
} from '../../src/clv.js';
import { quantileOfSorted } from '../../src/internal/percentiles.js';
import { caught, readFixtureCsv } from '../helpers/fixtures.js';

// clvConfidenceIntervals with the covariate models (betaGeoCovariates, paretoNbdCovariates,
// betaGeoBetaBinomialCovariates, gammaGammaCovariates) and with a BG/BB (issue 19). Witnesses: the covariate-free intervals (every coefficient at 0, the same
// draws mapped), and other doors evaluated at each draw — customerLifetimeValue with
// clvModelAtDraw(model, draw) for the covariate models, betaGeoBetaBinomialPredictions for the BG/BB —
// (betaGeoBetaBinomialCovariatePredictions for the BG/BB with covariates) — whose percentiles over the
// draws the intervals must be.

// CDNOW 1/10 sample (BTYD's cdnowSummary$cbs) with covariates that are not functions of the
// histories, so they split them: a 0/1 purchase covariate (odd rows) and a three-level spend
// covariate (the row number mod 3).
const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const odd = Float64Array.from(cbs.x, (_, i) => i % 2);
const region = Array.from(cbs.x, (_, i) => ['north', 'south', 'west'][i % 3]);
const customers = { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal, monetary: cbs.m_x, odd, region };
const purchaseModel = fitBetaGeoWithCovariates(customers, { timeUnit: 'week', covariates: { columns: [{ column: 'odd' }] } });
const spendModel = fitGammaGammaWithCovariates(customers, { covariates: { columns: [{ column: 'region', categorical: true, reference: 'north' }] } });
const purchaseDraws = clvParameterDraws(purchaseModel, customers, { method: 'delta', draws: 60, seed: 11 });
const spendDraws = clvParameterDraws(spendModel, customers, { method: 'delta', draws: 60, seed: 12 });
const valuation = { customers, horizon: 12, timeUnit: 'month' as const, discountRate: 0.01, margin: 0.3 };
const ci = clvConfidenceIntervals({ ...valuation, purchaseModel, purchaseDraws, spendModel, spendDraws });

const relative = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-300));
  return worst;
};

describe('clvConfidenceIntervals with covariate models', () => {
  it('with every coefficient at 0 gives the covariate-free intervals from the same draws (to 1e-12: the parameters pass through their logarithms)', () => {
    const plainPurchase = fitBetaGeo(customers, { timeUnit: 'week' });
    const plainSpend = fitGammaGamma(customers, {});
    const plainPurchaseDraws = clvParameterDraws(plainPurchase, customers, { method: 'delta', draws: 50, seed: 3 });
    const plainSpendDraws = clvParameterDraws(plainSpend, customers, { method: 'delta', draws: 50, seed: 4 });
    const plain = clvConfidenceIntervals({
      ...valuation,
      purchaseModel: plainPurchase,
      purchaseDraws: plainPurchaseDraws,
      spendModel: plainSpend,
      spendDraws: plainSpendDraws,
      totalsOverTime: true,
    });
    // the covariate models at the plain parameters with coefficients 0, and the plain draws with coefficients 0
    const zeroPurchase = clvModelAtDraw(purchaseModel, { ...plainPurchase.params, 'purchase[odd]': 0, 'dropout[odd]': 0 });
    const zeroSpend = clvModelAtDraw(spendModel, { ...plainSpend.params, 'spend[region=south]': 0, 'spend[region=west]': 0 });
    const mapped = (draws: ClvParameterDraws, kind: ClvParameterDraws['kind'], zeros: Record<string, number>): ClvParameterDraws => ({
      ...draws,
      kind,
      draws: draws.draws.map((d) => ({ ...d, ...zeros })),
    });
    const zero = clvConfidenceIntervals({
      ...valuation,
      purchaseModel: zeroPurchase,
      purchaseDraws: mapped(plainPurchaseDraws, 'betaGeoCovariates', { 'purchase[odd]': 0, 'dropout[odd]': 0 }),
      spendModel: zeroSpend,
      spendDraws: mapped(plainSpendDraws, 'gammaGammaCovariates', { 'spend[region=south]': 0, 'spend[region=west]': 0 }),
      totalsOverTime: true,
    });
    expect(zero.draws).toBe(plain.draws);
    for (const field of ['probabilityAlive', 'expectedPurchases', 'expectedSpend', 'clv'] as const) {
      expect(relative(zero[field]!.estimate, plain[field]!.estimate), field).toBeLessThan(1e-12);
      for (const name of ['p05', 'p50', 'p95'])
        expect(relative(zero[field]!.percentiles[name], plain[field]!.percentiles[name]), `${field} ${name}`).toBeLessThan(1e-12);
    }
    for (const total of ['expectedPurchases', 'value'] as const) {
      const [a, b] = [zero.totals[total]!, plain.totals[total]!];
      expect(
        relative([a.estimate, a.mean, a.percentiles.p05, a.percentiles.p95], [b.estimate, b.mean, b.percentiles.p05, b.percentiles.p95]),
        total,
      ).toBeLessThan(1e-12);
      expect(relative(zero.totalsOverTime![total]!.draws, plain.totalsOverTime![total]!.draws), total).toBeLessThan(1e-12);
    }
    // the covariates split the histories: more groups than without, each customer still one value
    expect(zero.distinctHistories).toBeGreaterThan(plain.distinctHistories);
  });

  it('gives each customer the percentiles over the draws of customerLifetimeValue at clvModelAtDraw(model, draw), and the totals those of the per-draw sums', () => {
    const perDraw = purchaseDraws.draws.slice(0, ci.draws).map((draw, d) =>
      customerLifetimeValue({
        ...valuation,
        purchaseModel: clvModelAtDraw(purchaseModel, draw),
        spendModel: clvModelAtDraw(spendModel, spendDraws.draws[d]),
      }),
    );
    const atEstimate = customerLifetimeValue({ ...valuation, purchaseModel, spendModel });
    for (const [field, of] of [
      ['probabilityAlive', 'probabilityAlive'],
      ['expectedPurchases', 'expectedPurchases'],
      ['expectedSpend', 'expectedSpend'],
      ['clv', 'clv'],
    ] as const) {
      expect(relative(ci[field]!.estimate, atEstimate[of]), field).toBeLessThan(1e-12);
      for (const i of [0, 1, 17, 500, 1200, 2356]) {
        const values = Float64Array.from(perDraw, (r) => r[of][i]).sort();
        for (const [name, level] of [
          ['p05', 0.05],
          ['p50', 0.5],
          ['p95', 0.95],
        ] as const)
          expect(Math.abs(ci[field]!.percentiles[name][i] / quantileOfSorted(values, level) - 1), `${field} ${name} row ${i}`).toBeLessThan(1e-12);
      }
    }
    const totals = Float64Array.from(perDraw, (r) => r.clv.reduce((a, b) => a + b)).sort();
    expect(Math.abs(ci.totals.value!.percentiles.p95 / quantileOfSorted(totals, 0.95) - 1)).toBeLessThan(1e-10);
    // the covariates matter: two customers with one history and different covariates get different intervals
    const [i, j] = twins();
    expect(odd[i]).not.toBe(odd[j]);
    expect(ci.expectedPurchases.percentiles.p95[i]).not.toBe(ci.expectedPurchases.percentiles.p95[j]);
  });

  it('takes one covariate model with the other plain, and counts rows skipped for a missing covariate', () => {
    const plainSpend = fitGammaGamma(customers, {});
    const plainSpendDraws = clvParameterDraws(plainSpend, customers, { method: 'delta', draws: 40, seed: 5 });
    const mixed = clvConfidenceIntervals({ ...valuation, purchaseModel, purchaseDraws, spendModel: plainSpend, spendDraws: plainSpendDraws });
    const d = 7;
    const at = customerLifetimeValue({
      ...valuation,
      purchaseModel: clvModelAtDraw(purchaseModel, purchaseDraws.draws[d]),
      spendModel: clvModelAtDraw(plainSpend, plainSpendDraws.draws[d]),
    });
    const one = clvConfidenceIntervals({
      ...valuation,
      purchaseModel,
      purchaseDraws: { ...purchaseDraws, draws: [purchaseDraws.draws[d], purchaseDraws.draws[d]] },
      spendModel: plainSpend,
      spendDraws: { ...plainSpendDraws, draws: [plainSpendDraws.draws[d], plainSpendDraws.draws[d]] },
    });
    // two copies of draw d: every percentile is that draw's value
    expect(relative(one.clv!.percentiles.p05, at.clv)).toBeLessThan(1e-12);
    expect(relative(mixed.clv!.estimate, customerLifetimeValue({ ...valuation, purchaseModel, spendModel: plainSpend }).clv)).toBeLessThan(1e-12);
    const withGap = Float64Array.from(odd);
    withGap[4] = Number.NaN;
    const gap = clvConfidenceIntervals({
      ...valuation,
      customers: { ...customers, odd: withGap },
      missing: 'skip',
      purchaseModel,
      purchaseDraws,
      spendModel,
      spendDraws,
    });
    expect(gap.skipped).toBe(1);
    expect(gap.clv!.estimate[4]).toBeNaN();
    expect(gap.clv!.estimate[5]).toBe(ci.clv!.estimate[5]);
  });

  it('refuses draws of the covariate-free model for a covariate model, and a missing coefficient, naming the path', () => {
    const plainDraws = clvParameterDraws(fitBetaGeo(customers, { timeUnit: 'week' }), customers, { method: 'delta', draws: 10 });
    const wrong = caught(() => clvConfidenceIntervals({ ...valuation, purchaseModel, purchaseDraws: plainDraws }));
    expect(wrong.code).toBe('invalid_spec');
    expect(wrong.issues[0]).toMatchObject({ path: 'purchaseDraws.kind', received: '"betaGeo"' });
    const { ['dropout[odd]']: _dropped, ...rest } = purchaseDraws.draws[2];
    const tampered = caught(() =>
      clvConfidenceIntervals({
        ...valuation,
        purchaseModel,
        purchaseDraws: { ...purchaseDraws, draws: [...purchaseDraws.draws.slice(0, 2), rest, ...purchaseDraws.draws.slice(3)] },
      }),
    );
    expect(tampered.issues[0]).toMatchObject({ path: 'purchaseDraws.draws.2.dropout[odd]', expected: 'a finite coefficient' });
    const missingColumn = caught(() =>
      clvConfidenceIntervals({
        ...valuation,
        customers: { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal, monetary: cbs.m_x, odd },
        purchaseModel,
        purchaseDraws,
        spendModel,
        spendDraws,
      }),
    );
    expect(missingColumn.code).toBe('missing_column');
  });
});

/** Two rows with the same history (x, t_x, T) and different purchase covariates. */
function twins(): [number, number] {
  const seen = new Map<string, number>();
  for (let i = 0; i < cbs.x.length; i++) {
    const key = `${cbs.x[i]} ${cbs.t_x[i]} ${cbs.T_cal[i]}`;
    const j = seen.get(key);
    if (j !== undefined && odd[j] !== odd[i]) return [j, i];
    seen.set(key, i);
  }
  throw new Error('no two customers share a history with different covariates');
}

// BG/BB (Fader, Hardie & Shang 2010 donations, 11,104 donors, 1995 cohort over 1996–2001).
const donations = readFixtureCsv('../../examples/data/bgbb_donations_summary.csv').columns as Record<string, Float64Array>;
const bgbb = fitBetaGeoBetaBinomial(donations, { periodUnit: 'year', columns: { count: 'weights' } });
const bgbbDraws = clvParameterDraws(bgbb, donations, { method: 'delta', draws: 60, seed: 2 });
const donors = { frequency: donations.frequency, recency: donations.recency, periods: donations.periods };

describe('clvConfidenceIntervals with a BG/BB (discrete time: P(alive) and expected transactions, no CLV)', () => {
  it('gives each history the percentiles over the draws of betaGeoBetaBinomialPredictions at clvModelAtDraw(model, draw), the horizon in opportunities', () => {
    const result = clvConfidenceIntervals({ purchaseModel: bgbb, purchaseDraws: bgbbDraws, customers: donors, horizon: 5 });
    expect(result.timeUnit).toBe('year');
    expect(result.clv).toBeUndefined();
    const perDraw = bgbbDraws.draws.map((draw) => betaGeoBetaBinomialPredictions(clvModelAtDraw(bgbb, draw), donors, { periods: 5 }));
    const atEstimate = betaGeoBetaBinomialPredictions(bgbb, donors, { periods: 5 });
    expect(relative(result.probabilityAlive.estimate, atEstimate.probabilityAlive)).toBeLessThan(1e-12);
    expect(relative(result.expectedPurchases.estimate, atEstimate.expectedTransactions)).toBeLessThan(1e-12);
    for (let i = 0; i < donors.frequency.length; i++) {
      const alive = Float64Array.from(perDraw, (p) => p.probabilityAlive[i]).sort();
      const expected = Float64Array.from(perDraw, (p) => p.expectedTransactions[i]).sort();
      for (const [name, level] of [
        ['p05', 0.05],
        ['p95', 0.95],
      ] as const) {
        expect(Math.abs(result.probabilityAlive.percentiles[name][i] / quantileOfSorted(alive, level) - 1)).toBeLessThan(1e-12);
        expect(Math.abs(result.expectedPurchases.percentiles[name][i] / quantileOfSorted(expected, level) - 1)).toBeLessThan(1e-12);
      }
    }
    // grouped input: the base total counts every donor of the histogram
    const grouped = clvConfidenceIntervals({
      purchaseModel: bgbb,
      purchaseDraws: bgbbDraws,
      customers: donations,
      horizon: 5,
      count: true,
      totalsOverTime: true,
    });
    const total = atEstimate.expectedTransactions.reduce((sum, v, i) => sum + v * donations.weights[i], 0);
    expect(Math.abs(grouped.totals.expectedPurchases.estimate / total - 1)).toBeLessThan(1e-12);
    expect(Math.abs(grouped.totalsOverTime!.expectedPurchases.estimate[4] / total - 1)).toBeLessThan(1e-12);
  });

  it('refuses a spend model (customerLifetimeValue defines no BG/BB CLV) and a time unit other than the model’s period', () => {
    const spend = fitGammaGamma({ frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal, monetary: cbs.m_x }, {});
    const gg = clvParameterDraws(spend, { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal, monetary: cbs.m_x }, { method: 'delta', draws: 10 });
    const withSpend = caught(() =>
      clvConfidenceIntervals({ purchaseModel: bgbb, purchaseDraws: bgbbDraws, spendModel: spend, spendDraws: gg, customers: donors, horizon: 5 }),
    );
    expect(withSpend.code).toBe('invalid_spec');
    expect(withSpend.issues[0]).toMatchObject({ function: 'clvConfidenceIntervals', path: 'spendModel' });
    const unit = caught(() => clvConfidenceIntervals({ purchaseModel: bgbb, purchaseDraws: bgbbDraws, customers: donors, horizon: 5, timeUnit: 'month' }));
    expect(unit.issues[0]).toMatchObject({ path: 'timeUnit', received: '"month"' });
    const noUnit = caught(() => clvConfidenceIntervals({ purchaseModel, purchaseDraws, customers, horizon: 5 }));
    expect(noUnit.issues[0]).toMatchObject({ path: 'timeUnit' });
  });
});

/** The intervals' fields agree with another's (estimate and percentiles) to 1e-12 relative. */
function expectSameIntervals(a: ReturnType<typeof clvConfidenceIntervals>, b: ReturnType<typeof clvConfidenceIntervals>, fields: readonly string[]): void {
  expect(a.draws).toBe(b.draws);
  for (const field of fields as readonly ('probabilityAlive' | 'expectedPurchases' | 'clv')[]) {
    expect(relative(a[field]!.estimate, b[field]!.estimate), field).toBeLessThan(1e-12);
    for (const name of ['p05', 'p50', 'p95'])
      expect(relative(a[field]!.percentiles[name], b[field]!.percentiles[name]), `${field} ${name}`).toBeLessThan(1e-12);
  }
  for (const total of ['expectedPurchases'] as const) {
    const [x, y] = [a.totals[total], b.totals[total]];
    expect(relative([x.estimate, x.percentiles.p05, x.percentiles.p95], [y.estimate, y.percentiles.p05, y.percentiles.p95]), total).toBeLessThan(1e-12);
  }
}

const zeroDraws = (draws: ClvParameterDraws, kind: ClvParameterDraws['kind']): ClvParameterDraws => ({
  ...draws,
  kind,
  draws: draws.draws.map((d) => ({ ...d, 'purchase[odd]': 0, 'dropout[odd]': 0 })),
});

// A Pareto/NBD with covariates on the first 600 CDNOW customers (small: the machine is shared).
const few = 600;
const small = Object.fromEntries(Object.entries(customers).map(([k, v]) => [k, v.slice(0, few)])) as unknown as typeof customers;
const smallValuation = { ...valuation, customers: small };
const pnbdCov = fitParetoNbdWithCovariates(small, { timeUnit: 'week', covariates: { columns: [{ column: 'odd' }] } });
const pnbdCovDraws = clvParameterDraws(pnbdCov, small, { method: 'delta', draws: 30, seed: 21 });
const smallSpend = fitGammaGamma(small, {});
const smallSpendDraws = clvParameterDraws(smallSpend, small, { method: 'delta', draws: 30, seed: 22 });

describe('clvConfidenceIntervals with a Pareto/NBD with covariates', () => {
  it('with every coefficient at 0 gives the Pareto/NBD’s intervals from the same draws (to 1e-12)', () => {
    const plain = fitParetoNbd(small, { timeUnit: 'week' });
    const plainDraws = clvParameterDraws(plain, small, { method: 'delta', draws: 30, seed: 23 });
    const spend = { spendModel: smallSpend, spendDraws: smallSpendDraws };
    const reference = clvConfidenceIntervals({ ...smallValuation, ...spend, purchaseModel: plain, purchaseDraws: plainDraws });
    const zero = clvConfidenceIntervals({
      ...smallValuation,
      ...spend,
      purchaseModel: clvModelAtDraw(pnbdCov, { ...plain.params, 'purchase[odd]': 0, 'dropout[odd]': 0 }),
      purchaseDraws: zeroDraws(plainDraws, 'paretoNbdCovariates'),
    });
    expectSameIntervals(zero, reference, ['probabilityAlive', 'expectedPurchases', 'clv']);
    expect(zero.distinctHistories).toBeGreaterThan(reference.distinctHistories);
  });

  it('gives each customer the percentiles over the draws of customerLifetimeValue at clvModelAtDraw(model, draw)', () => {
    const ci = clvConfidenceIntervals({
      ...smallValuation,
      purchaseModel: pnbdCov,
      purchaseDraws: pnbdCovDraws,
      spendModel: smallSpend,
      spendDraws: smallSpendDraws,
    });
    const perDraw = pnbdCovDraws.draws.map((draw, d) =>
      customerLifetimeValue({
        ...smallValuation,
        purchaseModel: clvModelAtDraw(pnbdCov, draw),
        spendModel: clvModelAtDraw(smallSpend, smallSpendDraws.draws[d]),
      }),
    );
    const atEstimate = customerLifetimeValue({ ...smallValuation, purchaseModel: pnbdCov, spendModel: smallSpend });
    for (const field of ['probabilityAlive', 'expectedPurchases', 'clv'] as const) {
      expect(relative(ci[field]!.estimate, atEstimate[field]), field).toBeLessThan(1e-12);
      for (const i of [0, 1, 17, 300, 599]) {
        const values = Float64Array.from(perDraw, (r) => r[field][i]).sort();
        for (const [name, level] of [
          ['p05', 0.05],
          ['p95', 0.95],
        ] as const)
          expect(Math.abs(ci[field]!.percentiles[name][i] / quantileOfSorted(values, level) - 1), `${field} ${name} row ${i}`).toBeLessThan(1e-12);
      }
    }
  });
});

// A BG/BB with covariates on the donations histogram, each history split in two rows with a 0/1
// covariate, a share of its donors depending on the row (so the covariate is informative).
const split = { frequency: [] as number[], recency: [] as number[], periods: [] as number[], weights: [] as number[], odd: [] as number[] };
donations.frequency.forEach((_, i) => {
  const one = Math.round(donations.weights[i] * (i % 2 === 0 ? 0.3 : 0.6));
  for (const [odd, weight] of [
    [0, donations.weights[i] - one],
    [1, one],
  ])
    if (weight > 0) {
      split.frequency.push(donations.frequency[i]);
      split.recency.push(donations.recency[i]);
      split.periods.push(donations.periods[i]);
      split.weights.push(weight);
      split.odd.push(odd);
    }
});
const donationsOdd = Object.fromEntries(Object.entries(split).map(([k, v]) => [k, Float64Array.from(v)])) as Record<keyof typeof split, Float64Array>;
const donorsOdd = { frequency: donationsOdd.frequency, recency: donationsOdd.recency, periods: donationsOdd.periods, odd: donationsOdd.odd };
const bgbbCov = fitBetaGeoBetaBinomialWithCovariates(donationsOdd, {
  periodUnit: 'year',
  columns: { count: 'weights' },
  covariates: { columns: [{ column: 'odd' }] },
});
const bgbbCovDraws = clvParameterDraws(bgbbCov, donationsOdd, { method: 'delta', draws: 40, seed: 31 });

describe('clvConfidenceIntervals with a BG/BB with covariates (P(alive) and expected transactions, no CLV)', () => {
  it('with every coefficient at 0 gives the BG/BB’s intervals from the same draws (to 1e-12)', () => {
    const reference = clvConfidenceIntervals({ purchaseModel: bgbb, purchaseDraws: bgbbDraws, customers: donationsOdd, horizon: 5, count: true });
    const zero = clvConfidenceIntervals({
      purchaseModel: clvModelAtDraw(bgbbCov, { ...bgbb.params, 'purchase[odd]': 0, 'dropout[odd]': 0 }),
      purchaseDraws: zeroDraws(bgbbDraws, 'betaGeoBetaBinomialCovariates'),
      customers: donationsOdd,
      horizon: 5,
      count: true,
    });
    expectSameIntervals(zero, reference, ['probabilityAlive', 'expectedPurchases']);
    expect(zero.clv).toBeUndefined();
  });

  it('gives each history the percentiles over the draws of betaGeoBetaBinomialCovariatePredictions at clvModelAtDraw(model, draw)', () => {
    const result = clvConfidenceIntervals({ purchaseModel: bgbbCov, purchaseDraws: bgbbCovDraws, customers: donorsOdd, horizon: 5 });
    expect(result.timeUnit).toBe('year');
    const perDraw = bgbbCovDraws.draws.map((draw) => betaGeoBetaBinomialCovariatePredictions(clvModelAtDraw(bgbbCov, draw), donorsOdd, { periods: 5 }));
    const atEstimate = betaGeoBetaBinomialCovariatePredictions(bgbbCov, donorsOdd, { periods: 5 });
    expect(relative(result.probabilityAlive.estimate, atEstimate.probabilityAlive)).toBeLessThan(1e-12);
    expect(relative(result.expectedPurchases.estimate, atEstimate.expectedTransactions)).toBeLessThan(1e-12);
    for (const i of [0, 1, 5, 12, 21, donorsOdd.frequency.length - 1]) {
      const alive = Float64Array.from(perDraw, (p) => p.probabilityAlive[i]).sort();
      const expected = Float64Array.from(perDraw, (p) => p.expectedTransactions[i]).sort();
      for (const [name, level] of [
        ['p05', 0.05],
        ['p95', 0.95],
      ] as const) {
        expect(Math.abs(result.probabilityAlive.percentiles[name][i] / quantileOfSorted(alive, level) - 1)).toBeLessThan(1e-12);
        expect(Math.abs(result.expectedPurchases.percentiles[name][i] / quantileOfSorted(expected, level) - 1)).toBeLessThan(1e-12);
      }
    }
    // rows 0 and 1: one history, the covariate 0 and 1, different intervals
    expect([donorsOdd.frequency[1], donorsOdd.recency[1], donorsOdd.odd[0], donorsOdd.odd[1]]).toEqual([donorsOdd.frequency[0], donorsOdd.recency[0], 0, 1]);
    expect(result.expectedPurchases.percentiles.p95[1]).not.toBeCloseTo(result.expectedPurchases.percentiles.p95[0], 3);
    const withSpend = caught(() =>
      clvConfidenceIntervals({ purchaseModel: bgbbCov, purchaseDraws: bgbbCovDraws, spendModel, spendDraws, customers: donorsOdd, horizon: 5 }),
    );
    expect(withSpend.issues[0]).toMatchObject({ path: 'spendModel' });
  });
});

import { describe, expect, it } from 'vitest';
import {
  csat,
  kaplanMeier,
  loyaltyMatrix,
  netPromoterScore,
  productHoldingChurn,
  purchaseFrequencyDistribution,
  repeatPurchaseRate,
  shareOfWallet,
} from '../../src/index.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// R survival::survfit on survival::lung — test/fixtures/loyalty/make_survival_reference.R
const S = readFixtureJson<any>('loyalty/r_survival_reference.json');

describe('kaplanMeier(durations, events, options)', () => {
  for (const [type, key] of [
    ['log', 'log'],
    ['log-log', 'loglog'],
    ['plain', 'plain'],
  ] as const) {
    it(`matches survival::survfit on the lung data (conf.type = "${type}")`, () => {
      const ref = S.lung[key];
      const curve = kaplanMeier(S.lung.time, S.lung.event, { confidenceType: type });
      expect(curve.time).toEqual(ref.time);
      expect(curve.atRisk).toEqual(ref.atRisk);
      expect(curve.events).toEqual(ref.events);
      curve.survival.forEach((s, i) => expect(s).toBeCloseTo(ref.survival[i], 12));
      curve.standardError.forEach((se, i) => ref.standardError[i] !== null && expect(se).toBeCloseTo(ref.standardError[i], 12));
      curve.lower.forEach((v, i) => ref.lower[i] !== null && expect(v).toBeCloseTo(ref.lower[i], 10));
      curve.upper.forEach((v, i) => ref.upper[i] !== null && expect(v).toBeCloseTo(ref.upper[i], 10));
      expect(curve.median).toBe(ref.median);
    });
  }

  it('takes R’s midpoint median where the curve sits exactly at 0.5', () => {
    const curve = kaplanMeier(S.flat.time, S.flat.event);
    expect(curve.median).toBe(S.flat.log.median);
    expect(curve.survival).toEqual(S.flat.log.survival.map((s: number) => expect.closeTo(s, 12)));
  });

  it('accepts boolean events and refuses bad input', () => {
    expect(kaplanMeier([1, 2], [true, false]).totalEvents).toBe(1);
    expect(caught(() => kaplanMeier([1, -2], [1, 0])).message).toContain('row 1, at "durations"');
    expect(caught(() => kaplanMeier([1, 2], [1, 2])).message).toContain('row 1, at "events"');
    expect(caught(() => kaplanMeier([1, 2], [1])).message).toContain('different lengths');
    expect(kaplanMeier([5, 6], [0, 0]).median).toBeNull();
  });
});

describe('netPromoterScore(scores) and csat(scores, options)', () => {
  it('counts promoters, passives and detractors (hand-computed), with a confidence interval', () => {
    const nps = netPromoterScore([10, 9, 9, 8, 7, 6, 5, 0, NaN, null]);
    expect([nps.promoters, nps.passives, nps.detractors, nps.n, nps.missing]).toEqual([3, 2, 3, 8, 2]);
    expect(nps.score).toBe(0);
    // var = (pP + pD − (pP − pD)²)/n = (3/8 + 3/8)/8
    expect(nps.standardError).toBeCloseTo(100 * Math.sqrt(0.75 / 8), 12);
    expect(nps.confidenceInterval[0]).toBeCloseTo(-1.959963984540054 * nps.standardError, 9);
    expect(netPromoterScore([10, 10]).confidenceInterval).toEqual([100, 100]);
    expect(caught(() => netPromoterScore([11])).code).toBe('invalid_value');
    expect(caught(() => netPromoterScore([7.5])).message).toContain('a whole number from 0 to 10');
    expect(caught(() => netPromoterScore([NaN])).code).toBe('too_few_rows');
  });

  it('gives the top-2-box share with a Wilson interval equal to R’s prop.test(correct = FALSE)', () => {
    // R: prop.test(4, 6, correct = FALSE)$conf.int * 100 → 29.9993315138392, 90.322858889422
    const result = csat([5, 4, 4, 3, 2, 5], { scale: [1, 5] });
    expect(result.confidenceInterval[0]).toBeCloseTo(29.9993315138392, 9);
    expect(result.confidenceInterval[1]).toBeCloseTo(90.322858889422, 9);
    expect(result.mean).toBeCloseTo(23 / 6, 12);
    expect(csat([7, 6, 5], { scale: [1, 7], topBox: 1 }).topBoxCount).toBe(1);
    expect(caught(() => csat([1], { scale: [1, 5], topBox: 6 })).code).toBe('invalid_spec');
    expect(caught(() => csat([1], {} as never)).issues[0].path).toBe('options.scale');
  });
});

describe('repeat purchases and share of wallet', () => {
  const summary = readFixtureCsv('value/cdnow_customers_summary.csv').columns;

  it('repeat purchase rate and the frequency distribution agree on CDNOW (946 of 2,357 repeat)', () => {
    const rate = repeatPurchaseRate(summary);
    expect([rate.repeaters, rate.customers]).toEqual([946, 2357]);
    const distribution = purchaseFrequencyDistribution(summary, { max: 7 });
    expect(distribution[0].customers).toBe(1411);
    expect(distribution.reduce((a, b) => a + b.customers, 0)).toBe(2357);
    expect(distribution.at(-1)!).toMatchObject({ frequency: 7, orMore: true, cumulativeShare: 1 });
    expect(1 - distribution[0].share).toBeCloseTo(rate.rate, 12);
  });

  it('share of wallet per customer, mean and aggregate; refuses totals below our spend', () => {
    const result = shareOfWallet([20, 50, 0], [100, 50, 10]);
    expect(Array.from(result.share)).toEqual([0.2, 1, 0]);
    expect(result.aggregateShare).toBeCloseTo(70 / 160, 12);
    const error = caught(() => shareOfWallet([20, 60], [100, 50]));
    expect(error.message).toContain('row 1, at "totalCategorySpend": expected a category total > 0 and ≥ the spend with us (60), got 50');
  });
});

describe('loyaltyMatrix and productHoldingChurn', () => {
  it('puts each customer in one quadrant; thresholds are required', () => {
    const data = { s: [9, 8, 2, 3, 7, null], r: [1, 0, 1, 0, 1, 1] };
    const result = loyaltyMatrix(data, { satisfaction: 's', repurchase: 'r', thresholds: { satisfaction: 7, repurchase: 1 }, missing: 'skip' });
    expect(result.counts).toEqual({ loyal: 2, satisfiedButLeaving: 1, trapped: 1, lost: 1 });
    expect(result.quadrant[5]).toBe(255);
    expect(result.skipped).toBe(1);
    expect(caught(() => loyaltyMatrix(data, { satisfaction: 's', repurchase: 'r' } as never)).issues[0].path).toBe('spec.thresholds');
  });

  it('tabulates churn by products held with R’s chi-square test', () => {
    // R: chisq.test(rbind(c(3, 1), c(1, 2), c(0, 3)), correct = FALSE) → X² 4.09722222222222, df 2, p 0.128913826288123
    const data = { products: [1, 1, 1, 1, 2, 2, 2, 3, 3, 3], churned: [true, 1, 1, 0, 1, 0, false, 0, 0, 0] };
    const result = productHoldingChurn(data, { products: 'products', churned: 'churned' });
    expect(result.rows.map((r) => [r.products, r.customers, r.churned])).toEqual([
      [1, 4, 3],
      [2, 3, 1],
      [3, 3, 0],
    ]);
    expect(result.chiSquare).toBeCloseTo(4.09722222222222, 12);
    expect(result.df).toBe(2);
    expect(result.p).toBeCloseTo(0.128913826288123, 12);
    expect(caught(() => productHoldingChurn({ products: [1], churned: [2] }, { products: 'products', churned: 'churned' })).message).toContain(
      '1 or true, 0 or false',
    );
  });
});

import { describe, expect, it } from 'vitest';
import * as root from '../../../src/index.js';
import { seededRandom } from '../../../src/internal/random.js';
import { readFixtureJson } from '../../helpers/fixtures.js';

interface Reference {
  sbg: Record<
    string,
    { alpha: number; beta: number; logLikelihood: number; survival: number[]; derl: Record<string, number>; elasticity: Record<string, number> }
  >;
}
// scipy fits and closed forms (betaln, hyp2f1): test/fixtures/retention/make_retention_reference.py
const reference = readFixtureJson<Reference>('retention/retention_reference.json');
// Fader & Hardie (2007), "How to project customer retention", Table 1 (years 0–7)
const TABLE1 = { regular: [1000, 631, 468, 382, 326, 289, 262, 241], highEnd: [1000, 869, 743, 653, 593, 551, 517, 491] };
const fit = (survivors: number[]) => root.fitShiftedBetaGeometric({ period: survivors.map((_, t) => t), survivors }, { periodUnit: 'year' });

/** The error a call throws (fails when none, or a raw error). */
function thrown(call: () => unknown): root.CustomerValueError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(root.CustomerValueError);
    return error as root.CustomerValueError;
  }
  throw new Error('expected the call to throw');
}

/** Customers of `cohorts` cohorts drawn from the sBG (θ ~ Beta(α, β)), cohort c observed for `ages[c]` periods. */
function simulate(alpha: number, beta: number, sizes: number[], ages: number[], seed: number) {
  const r = seededRandom(seed);
  const table = { cohort: [] as number[], period: [] as number[], survivors: [] as number[] };
  sizes.forEach((size, c) => {
    const alive = new Array<number>(ages[c] + 1).fill(0);
    for (let i = 0; i < size; i++) {
      const g = r.gamma(alpha);
      const theta = g / (g + r.gamma(beta));
      let t = 0;
      alive[0]++;
      while (t < ages[c] && r.uniform() >= theta) alive[++t]++;
    }
    alive.forEach((count, t) => {
      table.cohort.push(c);
      table.period.push(t);
      table.survivors.push(count);
    });
  });
  return table;
}

describe('fitShiftedBetaGeometric(table, spec)', () => {
  it.each(Object.entries(TABLE1))('reproduces Fader & Hardie (2007) for the %s segment at the published precision, and scipy to 1e-9', (name, survivors) => {
    const model = fit(survivors);
    // published: regular α = 0.704, β = 1.182; high end α = 0.668, β = 3.806
    const published = name === 'regular' ? [0.704, 1.182] : [0.668, 3.806];
    expect([model.params.alpha, model.params.beta].map((v) => Number(v.toFixed(3)))).toEqual(published);
    const peer = reference.sbg[name];
    expect(model.fitted.diagnostics.logLikelihood).toBeCloseTo(peer.logLikelihood, 8);
    expect(Math.abs(model.params.alpha / peer.alpha - 1)).toBeLessThan(1e-6);
    expect(Math.abs(model.params.beta / peer.beta - 1)).toBeLessThan(1e-6);
    const d = model.fitted.diagnostics;
    expect(d.aic).toBeCloseTo(4 - 2 * d.logLikelihood, 9);
    expect(d.bic).toBeCloseTo(2 * Math.log(1000) - 2 * d.logLikelihood, 9);
    expect(d.gradientNorm).toBeLessThan(1e-6);
    expect(d.hessianPositiveDefinite).toBe(true);
    expect(model.standardErrors!.alpha).toBeGreaterThan(0);
    expect(root.parseModel(JSON.stringify(model))).toEqual(model);
  });

  it('predicts survival, DERL and the retention elasticity as scipy does (closed forms with hyp2f1)', () => {
    for (const [name, survivors] of Object.entries(TABLE1)) {
      const model = fit(survivors);
      const peer = reference.sbg[name];
      const curve = root.retentionCurve(model, { periods: 12 });
      curve.survival.forEach((s, t) => expect(Math.abs(s / peer.survival[t] - 1)).toBeLessThan(1e-6));
      curve.retentionRate.forEach((r, t) => expect(r).toBeCloseTo(curve.survival[t] / (t === 0 ? 1 : curve.survival[t - 1]), 14));
      curve.churnProbability.forEach((p, t) => expect(p).toBeCloseTo((t === 0 ? 1 : curve.survival[t - 1]) - curve.survival[t], 14));
      for (const renewals of [0, 4]) {
        const options = { discountRate: 0.1, discountRateUnit: 'year', renewals } as const;
        expect(Math.abs(root.discountedExpectedResidualLifetime(model, options).value / peer.derl[renewals] - 1)).toBeLessThan(1e-6);
        expect(Math.abs(root.retentionElasticity(model, options).value / peer.elasticity[renewals] - 1)).toBeLessThan(1e-6);
      }
    }
  });

  it('predicts from the fitted parameters exactly as the closed forms do (no fit in between: 1e-11)', () => {
    // the same predictions at scipy's own parameters, so only the prediction code is compared
    const peer = reference.sbg.regular;
    const model = { ...fit(TABLE1.regular), params: { alpha: peer.alpha, beta: peer.beta } };
    expect(Math.abs(root.discountedExpectedResidualLifetime(model, { discountRate: 0.1, discountRateUnit: 'year' }).value / peer.derl[0] - 1)).toBeLessThan(
      1e-11,
    );
    expect(Math.abs(root.retentionElasticity(model, { discountRate: 0.1, discountRateUnit: 'year', renewals: 4 }).value / peer.elasticity[4] - 1)).toBeLessThan(
      1e-11,
    );
    root.retentionCurve(model, { periods: 12 }).survival.forEach((s, t) => expect(Math.abs(s / peer.survival[t] - 1)).toBeLessThan(1e-12));
  });

  it('converts the discount rate to the model period: 10% a year on a monthly model is (1.1)^(1/12) − 1 a month', () => {
    const model = root.fitShiftedBetaGeometric({ period: TABLE1.regular.map((_, t) => t), survivors: TABLE1.regular }, { periodUnit: 'month' });
    const yearly = root.discountedExpectedResidualLifetime(model, { discountRate: 0.1, discountRateUnit: 'year' });
    const monthly = root.discountedExpectedResidualLifetime(model, { discountRate: Math.pow(1.1, 1 / 12) - 1, discountRateUnit: 'month' });
    expect(yearly.discountRatePerPeriod).toBeCloseTo(Math.pow(1.1, 1 / 12) - 1, 15);
    expect(yearly.value).toBeCloseTo(monthly.value, 10);
    expect(yearly.periodUnit).toBe('month');
    // a rate too small to sum is refused, naming the option
    expect(thrown(() => root.discountedExpectedResidualLifetime(model, { discountRate: 1e-6, discountRateUnit: 'year' })).issues[0].path).toBe(
      'options.discountRate',
    );
  });

  it('recovers the parameters it simulated from (seeded; 8 cohorts of 2,000 customers, ages 3–10)', () => {
    const table = simulate(0.7, 1.2, [2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000], [3, 4, 5, 6, 7, 8, 9, 10], 18);
    const model = root.fitShiftedBetaGeometric(table, { periodUnit: 'month', columns: { cohort: 'cohort' } });
    expect(model.fitted.n).toBe(16000);
    expect(model.fitted.diagnostics.cohorts).toBe(8);
    expect(Math.abs(model.params.alpha - 0.7)).toBeLessThan(3 * model.standardErrors!.alpha);
    expect(Math.abs(model.params.beta - 1.2)).toBeLessThan(3 * model.standardErrors!.beta);
    expect(model.standardErrors!.alpha).toBeLessThan(0.1);
  });

  it('fits several cohorts in any row order to the same bits', () => {
    const table = simulate(0.5, 2, [300, 500, 400], [6, 4, 2], 3);
    const spec = { periodUnit: 'week', columns: { cohort: 'cohort' } } as const;
    const order = table.period.map((_, i) => i).reverse();
    const shuffled = { cohort: order.map((i) => table.cohort[i]), period: order.map((i) => table.period[i]), survivors: order.map((i) => table.survivors[i]) };
    expect(root.fitShiftedBetaGeometric(shuffled, spec).params).toEqual(root.fitShiftedBetaGeometric(table, spec).params);
  });

  it('refuses survivors that increase, naming the row, the period and the column', () => {
    const error = thrown(() => fit([1000, 631, 468, 482, 326]));
    expect(error.code).toBe('invalid_value');
    expect(error.issues[0]).toMatchObject({ function: 'fitShiftedBetaGeometric', column: 'survivors', row: 3, received: '482' });
    expect(error.issues[0].expected).toContain('at most 468 survivors at period 3');
  });

  it('refuses counts that are not whole, periods missing or repeated, and a cohort without period 0', () => {
    const fractional = thrown(() => fit([1000, 631.5, 468]));
    expect(fractional.issues[0]).toMatchObject({ column: 'survivors', row: 1 });
    const gap = thrown(() => root.fitShiftedBetaGeometric({ period: [0, 1, 3], survivors: [10, 8, 5] }, { periodUnit: 'year' }));
    expect(gap.issues[0]).toMatchObject({ column: 'period', row: 2, received: 'period 3 after 1' });
    const repeated = thrown(() => root.fitShiftedBetaGeometric({ period: [0, 1, 1], survivors: [10, 8, 8] }, { periodUnit: 'year' }));
    expect(repeated.issues[0].received).toBe('a repeated period 1');
    const late = thrown(() =>
      root.fitShiftedBetaGeometric(
        { c: ['a', 'a', 'b', 'b'], period: [0, 1, 1, 2], survivors: [10, 8, 9, 7] },
        { periodUnit: 'year', columns: { cohort: 'c' } },
      ),
    );
    expect(late.issues[0]).toMatchObject({ column: 'period', row: 2 });
    expect(late.issues[0].expected).toContain('cohort "b"');
  });

  it('requires the period unit and refuses data without churn as not_converged', () => {
    expect(thrown(() => root.fitShiftedBetaGeometric({ period: [0, 1], survivors: [5, 4] }, {} as never)).issues[0].path).toBe('spec.periodUnit');
    expect(thrown(() => fit([100, 100, 100, 100])).code).toBe('not_converged');
  });
});

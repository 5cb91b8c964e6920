import { describe, expect, it } from 'vitest';
import * as root from '../../../src/index.js';
import { seededRandom } from '../../../src/internal/random.js';
import { betaDiscreteWeibullLogLikelihood } from '../../../src/loyalty/retention/betaDiscreteWeibullLikelihood.js';
import { readCohortSurvivors } from '../../../src/loyalty/retention/cohortSurvivors.js';
import { readFixtureJson } from '../../helpers/fixtures.js';

interface Reference {
  bdw: Record<
    string,
    {
      alpha: number;
      beta: number;
      c: number;
      logLikelihood: number;
      likelihoodRatio: number;
      pValue: number;
      survival: number[];
      derl0: number;
      elasticity0: number;
    }
  >;
}
// scipy fits (Nelder-Mead then BFGS on betaln) and direct sums: test/fixtures/retention/make_retention_reference.py
const reference = readFixtureJson<Reference>('retention/retention_reference.json');
// Fader & Hardie (2007), Table 1 (years 0–7)
const TABLE1 = { regular: [1000, 631, 468, 382, 326, 289, 262, 241], highEnd: [1000, 869, 743, 653, 593, 551, 517, 491] };
const table = (survivors: number[]) => ({ period: survivors.map((_, t) => t), survivors });

describe('fitBetaDiscreteWeibull(table, spec)', () => {
  it.each(Object.keys(TABLE1))('fits the %s segment as scipy does, with the likelihood-ratio test against the sBG', (name) => {
    const model = root.fitBetaDiscreteWeibull(table(TABLE1[name as keyof typeof TABLE1]), { periodUnit: 'year' });
    const peer = reference.bdw[name];
    expect(model.fitted.diagnostics.logLikelihood).toBeCloseTo(peer.logLikelihood, 7);
    for (const p of ['alpha', 'beta', 'c'] as const) expect(Math.abs(model.params[p] / peer[p] - 1), p).toBeLessThan(1e-5);
    const versus = model.fitted.diagnostics.versusShiftedBetaGeometric!;
    expect(versus.likelihoodRatio).toBeCloseTo(peer.likelihoodRatio, 6);
    expect(Math.abs(versus.pValue / peer.pValue - 1)).toBeLessThan(1e-5);
    expect(model.fitted.diagnostics.hessianPositiveDefinite).toBe(true);
    expect(model.fitted.diagnostics.aic).toBeCloseTo(6 - 2 * model.fitted.diagnostics.logLikelihood, 9);
    expect(model.standardErrors!.c).toBeGreaterThan(0);
    expect(root.parseModel(JSON.stringify(model))).toEqual(model);
  });

  it('with c fixed at 1 equals the sBG fit (its own closed-form likelihood) to 1e-9', () => {
    for (const survivors of Object.values(TABLE1)) {
      const nested = root.fitBetaDiscreteWeibull(table(survivors), { periodUnit: 'year', c: 1 });
      const sbg = root.fitShiftedBetaGeometric(table(survivors), { periodUnit: 'year' });
      expect(Math.abs(nested.params.alpha / sbg.params.alpha - 1)).toBeLessThan(1e-9);
      expect(Math.abs(nested.params.beta / sbg.params.beta - 1)).toBeLessThan(1e-9);
      expect(nested.fitted.diagnostics.logLikelihood).toBeCloseTo(sbg.fitted.diagnostics.logLikelihood, 9);
      expect(Math.abs(nested.standardErrors!.alpha / sbg.standardErrors!.alpha - 1)).toBeLessThan(1e-6);
      expect(nested.standardErrors!.c).toBeNull();
      expect(nested.fitted.diagnostics.versusShiftedBetaGeometric).toBeNull();
      expect(nested.fitted.diagnostics.aic).toBeCloseTo(sbg.fitted.diagnostics.aic, 8);
      // and the free fit's sBG log-likelihood is that fit's
      const free = root.fitBetaDiscreteWeibull(table(survivors), { periodUnit: 'year' });
      expect(free.fitted.diagnostics.versusShiftedBetaGeometric!.logLikelihood).toBe(sbg.fitted.diagnostics.logLikelihood);
    }
  });

  it('predicts survival, DERL and the elasticity at scipy’s parameters as scipy’s direct sums do (1e-10)', () => {
    const peer = reference.bdw.highEnd;
    const fitted = root.fitBetaDiscreteWeibull(table(TABLE1.highEnd), { periodUnit: 'year' });
    const model = { ...fitted, params: { alpha: peer.alpha, beta: peer.beta, c: peer.c } };
    root.retentionCurve(model, { periods: 12 }).survival.forEach((s, t) => expect(Math.abs(s / peer.survival[t] - 1)).toBeLessThan(1e-12));
    const options = { discountRate: 0.1, discountRateUnit: 'year' } as const;
    expect(Math.abs(root.discountedExpectedResidualLifetime(model, options).value / peer.derl0 - 1)).toBeLessThan(1e-10);
    expect(Math.abs(root.retentionElasticity(model, options).value / peer.elasticity0 - 1)).toBeLessThan(1e-10);
  });

  it('writes the analytic gradient and Hessian the likelihood’s central differences give (1e-6 relative)', () => {
    const data = readCohortSurvivors(table(TABLE1.regular), 't', { period: 'period', survivors: 'survivors' });
    const at = [0.45, 0.8, 1.3];
    const gradient = new Float64Array(3);
    const hessian = new Float64Array(9);
    betaDiscreteWeibullLogLikelihood(at[0], at[1], at[2], data, gradient, hessian);
    const h = 1e-5;
    const shifted = (i: number, by: number) => at.map((v, j) => (j === i ? v * Math.exp(by) : v));
    for (let i = 0; i < 3; i++) {
      const up = new Float64Array(3);
      const down = new Float64Array(3);
      const [a1, b1, c1] = shifted(i, h);
      const [a0, b0, c0] = shifted(i, -h);
      const fUp = betaDiscreteWeibullLogLikelihood(a1, b1, c1, data, up, null);
      const fDown = betaDiscreteWeibullLogLikelihood(a0, b0, c0, data, down, null);
      expect(Math.abs((fUp - fDown) / (2 * h) - gradient[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(gradient[i])));
      for (let j = 0; j < 3; j++)
        expect(Math.abs((up[j] - down[j]) / (2 * h) - hessian[3 * i + j])).toBeLessThan(1e-6 * Math.max(1, Math.abs(hessian[3 * i + j])));
    }
  });

  it('recovers the parameters it simulated from, with duration dependence (seeded; c = 1.5, 10 cohorts of 3,000)', () => {
    const r = seededRandom(2018);
    const data = { cohort: [] as number[], period: [] as number[], survivors: [] as number[] };
    for (let cohort = 0; cohort < 10; cohort++) {
      const age = 3 + cohort;
      const alive = new Array<number>(age + 1).fill(0);
      for (let i = 0; i < 3000; i++) {
        const g = r.gamma(0.8);
        const theta = g / (g + r.gamma(2));
        // survives t periods with probability (1 − θ)^(t^c): its lifetime by inverting a uniform
        const u = r.uniform();
        let t = 0;
        while (t < age && Math.pow(1 - theta, Math.pow(t + 1, 1.5)) > u) t++;
        for (let k = 0; k <= t; k++) alive[k]++;
      }
      alive.forEach((count, t) => {
        data.cohort.push(cohort);
        data.period.push(t);
        data.survivors.push(count);
      });
    }
    const model = root.fitBetaDiscreteWeibull(data, { periodUnit: 'month', columns: { cohort: 'cohort' } });
    const se = model.standardErrors!;
    expect(Math.abs(model.params.alpha - 0.8)).toBeLessThan(3 * se.alpha);
    expect(Math.abs(model.params.beta - 2)).toBeLessThan(3 * se.beta);
    expect(Math.abs(model.params.c - 1.5)).toBeLessThan(3 * se.c!);
    expect(se.c!).toBeLessThan(0.1);
    expect(model.fitted.diagnostics.versusShiftedBetaGeometric!.pValue).toBeLessThan(1e-6);
  });

  it('refuses a cohort table that increases, naming the row (the same reader as the sBG)', () => {
    let caught: unknown = null;
    try {
      root.fitBetaDiscreteWeibull(table([100, 80, 90]), { periodUnit: 'year' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(root.CustomerValueError);
    expect((caught as root.CustomerValueError).issues[0]).toMatchObject({ function: 'fitBetaDiscreteWeibull', column: 'survivors', row: 2 });
  });
});

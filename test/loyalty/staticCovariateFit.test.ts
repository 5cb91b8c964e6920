import { describe, expect, it } from 'vitest';
import type { CertifiedCovariateFit } from '../../src/internal/fitCovariateLikelihood.js';
import { betaGeoCovariateLayout } from '../../src/loyalty/clv/betaGeoCovariatesLikelihood.js';
import { twoProcessCovariatesModel } from '../../src/loyalty/clv/staticCovariateFit.js';

// The shared model builder of the two-process covariate fitters (BG/NBD, Pareto/NBD, BG/BB) reads
// a fit on a cap itself, for every kind: no standard errors when the whole information is not
// positive definite there (the fit's NaN), hessianPositiveDefinite false and a warning after the
// model's own. Only the Pareto/NBD fits on a cap today (s = 1,000), and no data found so far makes
// its information indefinite there, so the builder is given such a fit directly.

const layout = betaGeoCovariateLayout(1, false, 0, 0);
const parts = {
  kind: 'betaGeoCovariates' as const,
  spec: {},
  names: ['r', 'alpha', 'a', 'b'] as ['r', 'alpha', 'a', 'b'],
  design: { covariates: [], terms: ['z'], columns: [], skip: null },
  layout,
  n: 100,
  skipped: 0,
  warnings: () => ['the model’s own warning'],
  groups: 10,
  patterns: 2,
  base: { params: { r: 1, alpha: 2, a: 3, b: 4 }, logLikelihood: -101, groups: 5, iterations: 7 },
};
const fit = (capped: CertifiedCovariateFit['capped'], standardErrors: number[]): CertifiedCovariateFit => ({
  phi: [0, Math.log(2), Math.log(3), Math.log(4), 0.5, -0.25],
  logLikelihood: -100,
  penalized: -100,
  gradientNorm: 1e-9,
  standardErrors,
  iterations: 3,
  newtonSteps: 2,
  capped,
});

describe('twoProcessCovariatesModel on a cap', () => {
  it('an information not positive definite at the cap: no standard errors, hessianPositiveDefinite false, and a warning after the model’s own', () => {
    const model = twoProcessCovariatesModel(parts, fit({ slope: 0.01, standardErrors: false }, new Array<number>(6).fill(Number.NaN)));
    expect(model.standardErrors).toBeNull();
    expect(model.fitted.diagnostics.hessianPositiveDefinite).toBe(false);
    expect(model.fitted.warnings).toEqual([
      'the model’s own warning',
      'the observed information matrix is not positive definite at the cap: standard errors are not available',
    ]);
  });

  it('a positive definite information at the cap, or no cap: the standard errors (θ·sd for the parameters), certified, the model’s warnings only', () => {
    const sd = [0.1, 0.2, 0.3, 0.4, 0.05, 0.06];
    for (const capped of [{ slope: 0.01, standardErrors: true }, null]) {
      const model = twoProcessCovariatesModel(parts, fit(capped, sd));
      const [r, alpha, a, b] = fit(capped, sd).phi.slice(0, 4).map(Math.exp);
      expect(model.standardErrors).toEqual({ r: r * 0.1, alpha: alpha * 0.2, a: a * 0.3, b: b * 0.4, coefficients: { purchase: [0.05], dropout: [0.06] } });
      expect(model.fitted.diagnostics.hessianPositiveDefinite).toBe(true);
      expect(model.fitted.warnings).toEqual(['the model’s own warning']);
    }
  });
});

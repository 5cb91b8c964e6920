import { describe, expect, it } from 'vitest';
import { cholesky } from '../../src/internal/cholesky.js';
import { betaGeoLogLikelihood, prepareBetaGeoData } from '../../src/loyalty/clv/betaGeoLikelihood.js';
import { parseModel } from '../../src/index.js';
import { fitBetaGeo, fitModifiedBetaGeo, fitParetoNbd } from '../../src/clv.js';
import { readFixtureCsv } from '../helpers/fixtures.js';

// The BG/NBD fit reports the certificate every CLV fitter reports (logLikelihood, aic, bic,
// gradientNorm, hessianPositiveDefinite), so a comparison table reads the same fields from every kind.
// Witnesses: central differences of the log-likelihood (gradient) and of its analytic gradient
// (Hessian), and the definitions of AIC and BIC. Data: BTYD's CDNOW sample (cdnowSummary$cbs).
const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const columns = { frequency: 'x', recency: 't_x', T: 'T_cal' };
const CERTIFICATE = ['logLikelihood', 'aic', 'bic', 'gradientNorm', 'hessianPositiveDefinite'] as const;

describe('fitBetaGeo: fitted.diagnostics certificate', () => {
  const model = fitBetaGeo(cbs, { timeUnit: 'week', columns });
  const d = model.fitted.diagnostics;
  const theta = [model.params.r, model.params.alpha, model.params.a, model.params.b];
  const data = prepareBetaGeoData(cbs.x, cbs.t_x, cbs.T_cal, null);

  it('reports logLikelihood, aic, bic, gradientNorm and hessianPositiveDefinite, as the other CLV fitters do', () => {
    const others = [fitParetoNbd(cbs, { timeUnit: 'week', columns }), fitModifiedBetaGeo(cbs, { timeUnit: 'week', columns })];
    for (const key of CERTIFICATE) {
      expect(typeof d[key], key).toBe(typeof others[0].fitted.diagnostics[key]);
      for (const other of others) expect(other.fitted.diagnostics[key], key).toBeDefined();
    }
    expect(d.aic).toBeCloseTo(8 - 2 * d.logLikelihood, 9);
    expect(d.bic).toBeCloseTo(4 * Math.log(2357) - 2 * d.logLikelihood, 9);
    // published CDNOW BG/NBD: LL −9582.4 (Fader, Hardie & Lee 2005)
    expect(d.logLikelihood.toFixed(1)).toBe('-9582.4');
  });

  it('gradientNorm is the norm of ∂ℓ/∂ln θ at the optimum, which central differences of ℓ confirm is ~0', () => {
    const gradient = new Float64Array(4);
    betaGeoLogLikelihood(theta, data, gradient);
    expect(d.gradientNorm).toBe(Math.hypot(...gradient));
    expect(d.gradientNorm!).toBeLessThan(1e-6 * 2357);
    const h = 1e-5;
    const differences = theta.map((_, i) => {
      const up = theta.map((v, j) => (j === i ? v * Math.exp(h) : v));
      const down = theta.map((v, j) => (j === i ? v * Math.exp(-h) : v));
      return (betaGeoLogLikelihood(up, data, null) - betaGeoLogLikelihood(down, data, null)) / (2 * h);
    });
    // central differences of a sum of 2,357 terms near −9582: rounding ~1e-12·9582/1e-5 ≈ 1e-6
    for (let i = 0; i < 4; i++) expect(Math.abs(differences[i] - gradient[i]), `∂/∂ln θ${i}`).toBeLessThan(1e-5);
  });

  it('hessianPositiveDefinite is true at the CDNOW optimum: −H is positive definite, H the analytic Hessian, equal to differences of the gradient', () => {
    expect(d.hessianPositiveDefinite).toBe(true);
    const gradient = new Float64Array(4);
    const hessian = new Float64Array(16);
    betaGeoLogLikelihood(theta, data, gradient, hessian);
    const h = 1e-5;
    const fd = new Float64Array(16);
    for (let i = 0; i < 4; i++) {
      const gu = new Float64Array(4);
      const gd = new Float64Array(4);
      betaGeoLogLikelihood(
        theta.map((v, j) => (j === i ? v * Math.exp(h) : v)),
        data,
        gu,
      );
      betaGeoLogLikelihood(
        theta.map((v, j) => (j === i ? v * Math.exp(-h) : v)),
        data,
        gd,
      );
      for (let j = 0; j < 4; j++) fd[j * 4 + i] = (gu[j] - gd[j]) / (2 * h);
    }
    for (let k = 0; k < 16; k++) expect(Math.abs(hessian[k] - fd[k]), `H[${k}]`).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd[k])));
    expect(
      cholesky(
        Float64Array.from(fd, (v) => -v),
        4,
      ),
    ).not.toBeNull();
  });

  it('old saved models without these fields still load, and a model with them round-trips', () => {
    const saved = JSON.parse(JSON.stringify(model));
    for (const key of ['aic', 'bic', 'gradientNorm', 'hessianPositiveDefinite']) delete saved.fitted.diagnostics[key];
    expect(parseModel(JSON.stringify(saved))).toEqual(saved);
    expect(parseModel(JSON.stringify(model))).toEqual(JSON.parse(JSON.stringify(model)));
  });
});

describe('fitBetaGeo at a boundary optimum (a Hessian that is not negative definite)', () => {
  // The CDNOW log (examples/data/cdnow_master.csv) summarized to 1997-01-08 with
  // summarizeTransactions (time unit week): 1,787 customers in 35 distinct histories
  // (frequency, recency days, T days, customers). Eight days show almost no dropout, so the
  // BG/NBD optimum goes to a → 0, b → ∞ (issue 18: "a clear not_converged otherwise").
  const histories = [
    [0, 0, 0, 213],
    [0, 0, 1, 208],
    [0, 0, 2, 252],
    [0, 0, 3, 245],
    [0, 0, 4, 170],
    [0, 0, 5, 224],
    [0, 0, 6, 224],
    [0, 0, 7, 195],
    [1, 1, 1, 3],
    [1, 1, 2, 2],
    [1, 1, 3, 2],
    [1, 1, 4, 1],
    [1, 1, 6, 3],
    [1, 1, 7, 3],
    [1, 2, 2, 7],
    [1, 2, 3, 1],
    [1, 2, 4, 1],
    [1, 2, 5, 1],
    [1, 2, 6, 1],
    [1, 2, 7, 2],
    [1, 3, 3, 2],
    [1, 3, 5, 1],
    [1, 3, 6, 1],
    [1, 3, 7, 2],
    [1, 4, 4, 1],
    [1, 4, 5, 1],
    [1, 4, 6, 4],
    [1, 4, 7, 1],
    [1, 5, 5, 1],
    [1, 5, 6, 5],
    [1, 5, 7, 3],
    [1, 6, 6, 3],
    [1, 7, 7, 2],
    [2, 4, 4, 1],
    [2, 7, 7, 1],
  ];
  const summary = {
    frequency: histories.map((h) => h[0]),
    recency: histories.map((h) => h[1] / 7),
    T: histories.map((h) => h[2] / 7),
    customers: histories.map((h) => h[3]),
  };
  const spec = { timeUnit: 'week', columns: { count: 'customers' } } as const;

  it('returns the fit uncertified: hessianPositiveDefinite false, null standard errors and a warning naming it; MBG/NBD and Pareto/NBD refuse it', () => {
    const model = fitBetaGeo(summary, spec);
    expect(model.fitted.n).toBe(1787);
    const d = model.fitted.diagnostics;
    expect(d.hessianPositiveDefinite).toBe(false);
    // the witness: −∇²ℓ at the returned optimum has no Cholesky factor
    const hessian = new Float64Array(16);
    const data = prepareBetaGeoData(
      Float64Array.from(summary.frequency),
      Float64Array.from(summary.recency),
      Float64Array.from(summary.T),
      null,
      Float64Array.from(summary.customers),
    );
    betaGeoLogLikelihood([model.params.r, model.params.alpha, model.params.a, model.params.b], data, new Float64Array(4), hessian);
    expect(
      cholesky(
        Float64Array.from(hessian, (v) => -v),
        4,
      ),
    ).toBeNull();
    expect(model.params.a / model.params.b).toBeLessThan(1e-6);
    expect(model.standardErrors).toBeNull();
    expect(model.fitted.warnings.some((w) => w.startsWith('the Hessian of the log-likelihood is not negative definite at the optimum'))).toBe(true);
    for (const fit of [fitModifiedBetaGeo, fitParetoNbd]) {
      let code: string | undefined;
      try {
        fit(summary, spec);
      } catch (error) {
        code = (error as { code?: string }).code;
      }
      expect(code, fit.name).toBe('not_converged');
    }
  });
});

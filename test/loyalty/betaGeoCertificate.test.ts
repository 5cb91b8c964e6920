import { describe, expect, it } from 'vitest';
import { cholesky } from '../../src/internal/cholesky.js';
import { betaGeoLogLikelihood, prepareBetaGeoData } from '../../src/loyalty/clv/betaGeoLikelihood.js';
import { fitBetaGeo, fitModifiedBetaGeo, fitParetoNbd, parseModel } from '../../src/index.js';
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

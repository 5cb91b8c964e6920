import { describe, expect, it } from 'vitest';
import { choleskyInverse, cholesky } from '../../src/internal/cholesky.js';
import { likelihoodStandardErrors } from '../../src/internal/likelihoodStandardErrors.js';
import { prepareBetaGeoData } from '../../src/loyalty/clv/betaGeoLikelihood.js';
import { modifiedBetaGeoLogLikelihood } from '../../src/loyalty/clv/modifiedBetaGeoLikelihood.js';
import { summarizeTransactions } from '../../src/index.js';
import { fitModifiedBetaGeo } from '../../src/clv.js';
import { readCsvFile } from '../../src/node/index.js';
import { readFixtureCsv } from '../helpers/fixtures.js';

// Standard errors from the log-scale Hessian (delta method: θᵢ·√((−∂²ℓ/∂u²)⁻¹)ᵢᵢ, u = ln θ).
// Witness: the textbook observed information over θ, −∂²ℓ/∂θ², from central differences of ℓ
// itself (no analytic derivative), inverted directly. Data: BTYD's CDNOW sample (cdnowSummary$cbs)
// and the CDNOW log (examples/data/cdnow_master.csv).
const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;

describe('likelihoodStandardErrors(theta, hessianLog)', () => {
  it('equals the inverse of the θ-scale information from second differences of ℓ (MBG/NBD on CDNOW, 1e-4)', () => {
    const model = fitModifiedBetaGeo(cbs, { timeUnit: 'week', columns: { frequency: 'x', recency: 't_x', T: 'T_cal' } });
    const theta = [model.params.r, model.params.alpha, model.params.a, model.params.b];
    const data = prepareBetaGeoData(cbs.x, cbs.t_x, cbs.T_cal, null);
    const ell = (p: number[]) => modifiedBetaGeoLogLikelihood(p, data, null);
    const k = 4;
    const information = new Float64Array(k * k);
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) {
        const [hi, hj] = [1e-4 * theta[i], 1e-4 * theta[j]];
        const at = (si: number, sj: number) => ell(theta.map((v, m) => v + (m === i ? si * hi : 0) + (m === j ? sj * hj : 0)));
        information[i * k + j] = -(at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * hi * hj);
      }
    const covariance = choleskyInverse(cholesky(information, k)!, k);
    const witness = theta.map((_, i) => Math.sqrt(covariance[i * k + i]));
    const se = [model.standardErrors!.r, model.standardErrors!.alpha, model.standardErrors!.a, model.standardErrors!.b];
    for (let i = 0; i < k; i++) expect(Math.abs(se[i] - witness[i]) / witness[i], `SE ${i}`).toBeLessThan(1e-4);
    const gradient = new Float64Array(k);
    const hessian = new Float64Array(k * k);
    modifiedBetaGeoLogLikelihood(theta, data, gradient, hessian);
    expect(likelihoodStandardErrors(theta, hessian)).toEqual(se);
  });

  it('is null exactly when the fit could not certify the optimum: a near-boundary MBG/NBD fit (CDNOW to 1997-01-31) certified positive definite gets standard errors, which show a and b unidentified', async () => {
    const log = (await readCsvFile('examples/data/cdnow_master.csv')).columns;
    const summary = summarizeTransactions(log, {
      customer: 'customer_id',
      date: 'date',
      amount: 'dollar_value',
      observationEnd: '1997-01-31',
      timeUnit: 'week',
    });
    const model = fitModifiedBetaGeo(summary, { timeUnit: 'week' });
    expect(model.fitted.diagnostics.hessianPositiveDefinite).toBe(true);
    // before: the θ-scale information (a ≈ 4e-5, b ≈ 7e3) failed its Cholesky to round-off and
    // the standard errors were null, with a warning, while the certificate passed
    expect(model.standardErrors).not.toBeNull();
    expect(model.fitted.warnings).toEqual([]);
    const { a, b } = model.params;
    expect(model.params.a).toBeLessThan(1e-3);
    expect(model.standardErrors!.a / a).toBeGreaterThan(100);
    expect(model.standardErrors!.b / b).toBeGreaterThan(100);
    expect(model.standardErrors!.r / model.params.r).toBeLessThan(0.5);
  });
});

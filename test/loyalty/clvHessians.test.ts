import { describe, expect, it } from 'vitest';
import { betaGeoLogLikelihood, prepareBetaGeoData, subsampleBetaGeoData } from '../../src/loyalty/clv/betaGeoLikelihood.js';
import { gammaGammaLogLikelihood, prepareGammaGammaData } from '../../src/loyalty/clv/gammaGammaLikelihood.js';
import { paretoNbdLogLikelihood } from '../../src/loyalty/clv/paretoNbdLikelihood.js';
import { readFixtureCsv } from '../helpers/fixtures.js';

// Property: the analytic Hessians over log-parameters equal the central differences of the
// analytic gradients (themselves checked against differences of the value in their own tests),
// at the CDNOW optimum and away from it, on the CDNOW calibration sample (test/fixtures/loyalty).
const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
type Likelihood = (theta: number[], gradient: Float64Array | null, hessian: Float64Array | null) => number;

function expectHessianMatchesGradient(likelihood: Likelihood, theta: number[]) {
  const k = theta.length;
  const gradient = new Float64Array(k);
  const hessian = new Float64Array(k * k);
  const value = likelihood(theta, gradient, hessian);
  expect(likelihood(theta, null, null)).toBe(value);
  const plain = new Float64Array(k);
  likelihood(theta, plain, null);
  expect(Array.from(plain)).toEqual(Array.from(gradient));
  const h = 1e-5;
  let scale = 0;
  for (const v of hessian) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < k; i++) {
    const up = new Float64Array(k);
    const down = new Float64Array(k);
    likelihood(
      theta.map((v, j) => (j === i ? v * Math.exp(h) : v)),
      up,
      null,
    );
    likelihood(
      theta.map((v, j) => (j === i ? v * Math.exp(-h) : v)),
      down,
      null,
    );
    for (let j = 0; j < k; j++) {
      const numeric = (up[j] - down[j]) / (2 * h);
      expect(Math.abs(hessian[i * k + j] - numeric) / scale, `∂²ℓ/∂u${i}∂u${j}: analytic ${hessian[i * k + j]}, numeric ${numeric}`).toBeLessThan(1e-7);
      expect(hessian[i * k + j]).toBe(hessian[j * k + i]);
    }
  }
}

describe('analytic Hessians of the CLV likelihoods', () => {
  const betaGeo = prepareBetaGeoData(cbs.x, cbs.t_x, cbs.T_cal, null);
  it.each([
    [0.243, 4.414, 0.793, 2.426],
    [1.3, 12, 0.2, 7],
    [0.05, 0.8, 5, 0.9],
  ])('BG/NBD at (r, α, a, b) = (%s, %s, %s, %s)', (...theta) => {
    expectHessianMatchesGradient((t, g, H) => betaGeoLogLikelihood(t, betaGeo, g, H), theta);
    expectHessianMatchesGradient((t, g, H) => betaGeoLogLikelihood(t, subsampleBetaGeoData(betaGeo, 3), g, H), theta);
  });

  const keep = Array.from(cbs.x.keys()).filter((i) => cbs.x[i] > 0);
  const gammaGamma = prepareGammaGammaData(
    Float64Array.from(keep, (i) => cbs.x[i]),
    Float64Array.from(keep, (i) => cbs.m_x[i]),
  );
  it.each([
    [6.25, 3.74, 15.44],
    [1, 1, 1],
    [20, 9, 80],
  ])('Gamma-Gamma at (p, q, γ) = (%s, %s, %s)', (...theta) => {
    expectHessianMatchesGradient((t, g, H) => gammaGammaLogLikelihood(t, gammaGamma, g, H), theta);
  });

  // Pareto/NBD (analytic since session 31): the CDNOW optimum, α ≥ β and α < β, α = β, and ratios
  // α/β, β/α of 1e4 where J is split into a quadrature and the series (extreme histories: paretoNbd.test.ts)
  it.each([
    [0.5534, 10.5802, 0.6061, 11.6562],
    [0.5534, 14, 0.6061, 3],
    [20, 0.01, 0.01, 100],
    [0.5, 0.01, 2, 100],
    [0.5, 100, 0.3, 0.01],
    [1.2, 7, 0.9, 7],
  ])('Pareto/NBD at (r, α, s, β) = (%s, %s, %s, %s)', (...theta) => {
    expectHessianMatchesGradient((t, g, H) => paretoNbdLogLikelihood(t, betaGeo, g, H), theta);
  });
});

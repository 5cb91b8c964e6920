import { describe, expect, it } from 'vitest';
import { betaGeoCovariatePredictions, clvConfidenceIntervals, clvModelAtDraw, clvParameterDraws, fitBetaGeoWithCovariates } from '../../src/index.js';
import { simulateBetaGeo } from '../helpers/simulateBetaGeo.js';

// Coverage of the 90% confidence intervals with a covariate (issue 19). Populations of 2,000
// customers are simulated from known BG/NBD parameters and coefficients of a 0/1 covariate z
// (CLVTools' parameterization: α_i = α·e^(−γ_p·z), a_i = a·e^(γ_d·z), b_i = b·e^(γ_d·z); half the
// customers have z = 1, each group simulated by the model's generative story, test/helpers/simulateBetaGeo.ts),
// fitted with fitBetaGeoWithCovariates, and the delta method's draws fed to clvConfidenceIntervals.
// The truth of each interval is the expectation at the true parameters and coefficients, given the
// simulated histories: the base's total expected purchases in the next 52 weeks, and one z = 0 and
// one z = 1 customer's. The measured coverage must lie in the binomial band 0.90 ± 3·√(0.9·0.1/R)
// (R = 60 populations: 0.78…1); CV_COVERAGE_REPLICATES=200 runs more and prints tighter figures.
const truth = { r: 0.6, alpha: 5, a: 1.2, b: 4 };
const coefficients = { purchase: 0.5, dropout: -0.4 };
const CUSTOMERS = 2000;
const scale = Number(process.env.CV_COVERAGE_REPLICATES ?? 0) / 60 || 1;

function population(seed: number) {
  const half = CUSTOMERS / 2;
  const zero = simulateBetaGeo(truth, half, 5000 + seed);
  const one = simulateBetaGeo(
    {
      r: truth.r,
      alpha: truth.alpha * Math.exp(-coefficients.purchase),
      a: truth.a * Math.exp(coefficients.dropout),
      b: truth.b * Math.exp(coefficients.dropout),
    },
    half,
    9000 + seed,
  );
  const join = (a: Float64Array, b: Float64Array) => Float64Array.from([...a, ...b]);
  return {
    frequency: join(zero.frequency, one.frequency),
    recency: join(zero.recency, one.recency),
    T: join(zero.T, one.T),
    z: Float64Array.from({ length: CUSTOMERS }, (_, i) => (i < half ? 0 : 1)),
  };
}

describe('coverage of the 90% confidence intervals with a covariate (BG/NBD, 2,000 simulated customers per population)', () => {
  it('delta method (200 draws): 60 populations, the base total and a customer of each covariate value', { timeout: 180_000 * scale }, () => {
    const R = Math.round(60 * scale);
    const hits = { total: 0, zero: 0, one: 0 };
    const rows = { zero: 0, one: CUSTOMERS / 2 };
    for (let seed = 1; seed <= R; seed++) {
      const customers = population(seed);
      const model = fitBetaGeoWithCovariates(customers, { timeUnit: 'week', covariates: { columns: [{ column: 'z' }] } });
      const purchaseDraws = clvParameterDraws(model, customers, { method: 'delta', draws: 200, seed });
      const atTruth = clvModelAtDraw(model, { ...truth, 'purchase[z]': coefficients.purchase, 'dropout[z]': coefficients.dropout });
      const expected = betaGeoCovariatePredictions(atTruth, customers, { horizon: 52 }).expectedPurchases;
      const ci = clvConfidenceIntervals({ purchaseModel: model, purchaseDraws, customers, horizon: 52, timeUnit: 'week' });
      const inside = (value: number, p05: number, p95: number) => (p05 <= value && value <= p95 ? 1 : 0);
      const total = ci.totals.expectedPurchases.percentiles;
      hits.total += inside(
        expected.reduce((a, b) => a + b),
        total.p05,
        total.p95,
      );
      for (const key of ['zero', 'one'] as const) {
        const i = rows[key];
        hits[key] += inside(expected[i], ci.expectedPurchases.percentiles.p05[i], ci.expectedPurchases.percentiles.p95[i]);
      }
    }
    const measured = Object.fromEntries(Object.entries(hits).map(([k, v]) => [k, v / R]));
    console.log(`covariate delta method, ${R} populations:`, measured);
    const band = 3 * Math.sqrt((0.9 * 0.1) / R);
    for (const [name, value] of Object.entries(measured)) expect(Math.abs(value - 0.9), name).toBeLessThan(band);
  });
});

import { describe, expect, it } from 'vitest';
import { clvConfidenceIntervals, clvParameterDraws, conditionalExpectedPurchases, fitBetaGeo } from '../../src/clv.js';
import { simulateBetaGeo } from '../helpers/simulateBetaGeo.js';

// Coverage of the 90% confidence intervals (issue 19). Populations of 2,000 customers are simulated
// from known BG/NBD parameters (the model's generative story, test/helpers/simulateBetaGeo.ts) and
// fitted; the 90% interval (p05, p95) of each parameter, and of an aggregate expectation — the
// base's total expected purchases in the next 52 weeks given the histories,
// Σᵢ E[Y(52) | xᵢ, t_xᵢ, Tᵢ] at the true parameters — is checked against the truth. The measured
// coverage must lie in the binomial band 0.90 ± 3·√(0.9·0.1/R) for R populations: R = 100 for the
// delta method (0.81…0.99), R = 40 for the bootstrap (0.76…1; refits cost more). A longer run
// (CV_COVERAGE_REPLICATES=200 npx vitest run test/loyalty/clvCoverage.test.ts) prints tighter
// figures; the README quotes them. The fit starts at the truth only to save time: its optimum is
// certified, so the start does not change it.
const truth = { r: 0.6, alpha: 5, a: 1.2, b: 4 };
const NAMES = ['r', 'alpha', 'a', 'b'] as const;
const CUSTOMERS = 2000;
const scale = Number(process.env.CV_COVERAGE_REPLICATES ?? 0) / 100 || 1;

function coverage(method: 'delta' | 'bootstrap', replicates: number, draws: number) {
  const hits: Record<string, number> = { r: 0, alpha: 0, a: 0, b: 0, total: 0 };
  for (let seed = 1; seed <= replicates; seed++) {
    const population = simulateBetaGeo(truth, CUSTOMERS, 1000 + seed);
    const model = fitBetaGeo(population, { timeUnit: 'week', starts: [truth] });
    const parameterDraws = clvParameterDraws(model, population, { method, draws, seed });
    for (const name of NAMES) {
      const { p05, p95 } = parameterDraws.summary[name].percentiles;
      if (p05 <= truth[name] && truth[name] <= p95) hits[name]++;
    }
    const totalTruth = conditionalExpectedPurchases({ ...model, params: truth }, population, 52).values.reduce((a, b) => a + b);
    const ci = clvConfidenceIntervals({ purchaseModel: model, purchaseDraws: parameterDraws, customers: population, horizon: 52, timeUnit: 'week' });
    const { p05, p95 } = ci.totals.expectedPurchases.percentiles;
    if (p05 <= totalTruth && totalTruth <= p95) hits.total++;
  }
  return Object.fromEntries(Object.entries(hits).map(([k, v]) => [k, v / replicates]));
}

describe('coverage of the 90% confidence intervals (BG/NBD, 2,000 simulated customers per population)', () => {
  it('delta method (200 draws): 100 populations', { timeout: 120_000 * scale }, () => {
    const R = Math.round(100 * scale);
    const measured = coverage('delta', R, 200);
    console.log(`delta method, ${R} populations:`, measured);
    const band = 3 * Math.sqrt((0.9 * 0.1) / R);
    for (const [name, value] of Object.entries(measured)) expect(Math.abs(value - 0.9), name).toBeLessThan(band);
  });

  it('bootstrap on the grouped histogram (100 refits): 40 populations', { timeout: 120_000 * scale }, () => {
    const R = Math.round(40 * scale);
    const measured = coverage('bootstrap', R, 100);
    console.log(`bootstrap, ${R} populations:`, measured);
    const band = 3 * Math.sqrt((0.9 * 0.1) / R);
    for (const [name, value] of Object.entries(measured)) expect(Math.abs(value - 0.9), name).toBeLessThan(band);
  });
});

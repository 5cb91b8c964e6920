import { describe, expect, it } from 'vitest';
import {
  clvConfidenceIntervals,
  clvParameterDraws,
  fitBetaGeo,
  fitBetaGeoBetaBinomial,
  fitGammaGamma,
  fitModifiedBetaGeo,
  fitParetoNbd,
} from '../../src/clv.js';
import { binomialDraw, multinomialCounts } from '../../src/internal/multinomialCounts.js';
import { seededRandom, streamSeed } from '../../src/internal/random.js';
import { prepareBetaGeoData } from '../../src/loyalty/clv/betaGeoLikelihood.js';
import { newtonPolish } from '../../src/internal/newtonPolish.js';
import { bootstrapReplicates, REFIT_STEP_TOLERANCE } from '../../src/loyalty/clv/parameterReplicates.js';
import { uncertaintyProblem } from '../../src/loyalty/clv/parameterUncertaintyProblems.js';
import { caught, fixturePath, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';
import { simulateBetaGeo } from '../helpers/simulateBetaGeo.js';

const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const customers = { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal, monetary: cbs.m_x };
const betaGeo = fitBetaGeo(customers, { timeUnit: 'week' });
const gammaGamma = fitGammaGamma(customers, {});
// Witness: numpy/scipy fit and central second differences of the log-likelihood over ln θ
// (test/fixtures/loyalty/make_clv_log_covariance.py), inverted.
const reference = readFixtureJson<any>('loyalty/clv_log_covariance.json');

describe('binomial and multinomial draws (the histogram bootstrap)', () => {
  it('draws Binomial(n, p) with its mean and variance, on both sides of the BTRS threshold (n·min(p, 1 − p) = 10)', () => {
    const random = seededRandom(11);
    for (const [n, p] of [
      [20, 0.3],
      [1_000_000, 0.3],
      [10_000_000, 2e-6],
      [5000, 0.999],
    ] as const) {
      const draws = 4000;
      let sum = 0;
      let squares = 0;
      for (let i = 0; i < draws; i++) {
        const k = binomialDraw(random, n, p);
        expect(Number.isInteger(k) && k >= 0 && k <= n).toBe(true);
        sum += k;
        squares += k * k;
      }
      const mean = sum / draws;
      const variance = squares / draws - mean * mean;
      // the sample mean is within 4 standard errors of n·p; the variance within 10% of n·p·(1 − p)
      expect(Math.abs(mean - n * p), `${n}, ${p}`).toBeLessThan(4 * Math.sqrt((n * p * (1 - p)) / draws));
      expect(variance / (n * p * (1 - p)), `${n}, ${p}`).toBeCloseTo(1, 0.9);
    }
  });

  it('matches the Binomial(10, 0.35) probabilities (chi-square below the 0.999 quantile, 27.9 at 9 df)', () => {
    const random = seededRandom(5);
    const counts = new Float64Array(11);
    const draws = 20_000;
    for (let i = 0; i < draws; i++) counts[binomialDraw(random, 10, 0.35)]++;
    let chi = 0;
    let choose = 1;
    for (let k = 0; k <= 10; k++) {
      const expected = draws * choose * 0.35 ** k * 0.65 ** (10 - k);
      chi += (counts[k] - expected) ** 2 / expected;
      choose = (choose * (10 - k)) / (k + 1);
    }
    expect(chi).toBeLessThan(27.9);
  });

  it('redraws exactly n customers over the histories, none where the weight is 0', () => {
    const weights = Float64Array.of(5, 0, 1000, 3, 0, 250_000);
    const out = new Float64Array(weights.length);
    multinomialCounts(seededRandom(3), 251_008, weights, out);
    expect(out.reduce((a, b) => a + b)).toBe(251_008);
    expect([out[1], out[4]]).toEqual([0, 0]);
  });
});

describe('clvParameterDraws(model, summary, options)', () => {
  it('delta method: the covariance of ln θ equals the inverse of a numpy finite-difference Hessian (BG/NBD and Gamma-Gamma, CDNOW)', () => {
    for (const [model, ref] of [
      [betaGeo, reference.betaGeo],
      [gammaGamma, reference.gammaGamma],
    ] as const) {
      const draws = clvParameterDraws(model, customers, { method: 'delta', draws: 2 });
      expect(draws.names).toEqual(ref.names);
      const k = ref.names.length;
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++) {
          const scale = Math.sqrt(ref.logCovariance[i][i] * ref.logCovariance[j][j]);
          expect(Math.abs(draws.logCovariance![i][j] - ref.logCovariance[i][j]) / scale, `${model.kind} ${i},${j}`).toBeLessThan(1e-4);
        }
    }
  });

  it('delta method: the draws are lognormal around the estimate with the model’s standard errors (to sampling error)', () => {
    const draws = clvParameterDraws(betaGeo, customers, { method: 'delta', draws: 4000, seed: 3 });
    expect(draws.draws).toHaveLength(4000);
    expect(draws.failures).toEqual({ count: 0, replicates: [] });
    for (const [i, name] of (['r', 'alpha', 'a', 'b'] as const).entries()) {
      const logs = draws.draws.map((d) => Math.log(d[name]));
      const mean = logs.reduce((a, b) => a + b) / logs.length;
      const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1));
      const expected = Math.sqrt(draws.logCovariance![i][i]);
      expect(Math.abs(mean - Math.log(betaGeo.params[name])) / expected, name).toBeLessThan(4 / Math.sqrt(4000));
      expect(sd / expected, name).toBeCloseTo(1, 1);
      // ln θ's standard deviation is the model's relative standard error (delta method)
      expect(expected / (betaGeo.standardErrors![name] / betaGeo.params[name]), name).toBeCloseTo(1, 9);
    }
  });

  it('bootstrap: every replicate is a draw or a listed failure; the spread is near the delta method’s on CDNOW (2,357 customers)', () => {
    const boot = clvParameterDraws(betaGeo, customers, { draws: 300, seed: 9 });
    expect(boot.method).toBe('bootstrap');
    expect(boot.draws.length + boot.failures.count).toBe(300);
    expect([...boot.replicates, ...boot.failures.replicates].sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, b) => b));
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      const ratio = boot.summary[name].sd / betaGeo.standardErrors![name];
      expect(ratio, name).toBeGreaterThan(0.8);
      expect(ratio, name).toBeLessThan(1.3);
    }
    expect(JSON.parse(JSON.stringify(boot))).toEqual(boot);
  });

  it('bootstrap: the same seed gives the same draws, however the replicates are split (as over threads)', () => {
    const problem = uncertaintyProblem(gammaGamma, customers, 'test');
    const whole = bootstrapReplicates(problem, 17, 0, 40, 1000);
    const first = bootstrapReplicates(problem, 17, 0, 13, 1000);
    const rest = bootstrapReplicates(problem, 17, 13, 40, 1000);
    expect(Array.from(whole.theta)).toEqual([...first.theta, ...rest.theta]);
    expect(Array.from(whole.replicates)).toEqual([...first.replicates, ...rest.replicates]);
    const again = clvParameterDraws(gammaGamma, customers, { draws: 40, seed: 17 });
    expect(again.draws.map((d) => [d.p, d.q, d.gamma]).flat()).toEqual(Array.from(whole.theta));
    expect(clvParameterDraws(gammaGamma, customers, { draws: 40, seed: 18 }).draws).not.toEqual(again.draws);
  });

  it('bootstrap: each refit is within its stated tolerance of the resample’s optimum polished to 1e-12 (fast certified Newton from the estimate)', () => {
    for (const model of [betaGeo, gammaGamma]) {
      const problem = uncertaintyProblem(model, customers, 'test');
      const k = problem.names.length;
      const n = problem.customers;
      const draws = bootstrapReplicates(problem, 5, 0, 12, 1000);
      expect(draws.failed).toEqual([]);
      draws.replicates.forEach((b, d) => {
        // the same resample, maximized by Newton to a 1e-12 step from the refit's own answer
        const counts = multinomialCounts(seededRandom(streamSeed(5, b)), n, problem.weights, new Float64Array(problem.weights.length));
        const likelihood = problem.likelihoodWith(counts);
        const fgh = (u: Float64Array, g: Float64Array, h: Float64Array) => {
          const value = likelihood(Float64Array.from(u, Math.exp), g, h);
          for (let i = 0; i < k; i++) g[i] = -g[i] / n;
          for (let i = 0; i < k * k; i++) h[i] = -h[i] / n;
          return -value / n;
        };
        const refit = Array.from(draws.theta.subarray(d * k, d * k + k));
        const polished = newtonPolish(fgh, refit.map(Math.log), { stepTolerance: 1e-12, maxSteps: 50 });
        polished.x.forEach((u, i) => expect(Math.abs(Math.log(refit[i]) - u), `${model.kind} ${b} ${i}`).toBeLessThan(10 * REFIT_STEP_TOLERANCE));
      });
    }
  });

  it('bootstrap: refits that reach no certified optimum are counted and listed, never dropped silently; fitBetaGeo fails on those resamples too (80 customers)', () => {
    const small = simulateBetaGeo({ r: 0.5, alpha: 4, a: 0.8, b: 3 }, 80, 6);
    const model = fitBetaGeo(small, { timeUnit: 'week' });
    expect(model.fitted.diagnostics.hessianPositiveDefinite).toBe(true);
    const boot = clvParameterDraws(model, small, { draws: 100, seed: 1 });
    expect(boot.failures.count).toBeGreaterThan(0);
    expect(boot.draws.length + boot.failures.count).toBe(100);
    expect(boot.failures.replicates.every((b) => !boot.replicates.includes(b))).toBe(true);
    // Witness: the resampled histogram of a failed replicate, fitted from scratch by fitBetaGeo
    // (grouped input), is refused (not_converged) or returned uncertified (a boundary optimum).
    const data = prepareBetaGeoData(small.frequency, small.recency, small.T, null);
    const problem = uncertaintyProblem(model, small, 'test');
    for (const b of boot.failures.replicates.slice(0, 4)) {
      const counts = multinomialCounts(seededRandom(streamSeed(1, b)), problem.customers, problem.weights, new Float64Array(problem.weights.length));
      const keep = Array.from(counts.keys()).filter((g) => counts[g] > 0);
      const histogram = {
        frequency: keep.map((g) => data.x[g]),
        recency: keep.map((g) => data.tx[g]),
        T: keep.map((g) => data.T[g]),
        customers: keep.map((g) => counts[g]),
      };
      let certified = false;
      try {
        certified = fitBetaGeo(histogram, { timeUnit: 'week', columns: { count: 'customers' } }).fitted.diagnostics.hessianPositiveDefinite === true;
      } catch (error) {
        expect((error as { code: string }).code).toBe('not_converged');
      }
      expect(certified, `replicate ${b}`).toBe(false);
    }
  });

  it('purchase and spend estimates are uncorrelated under a paired customer bootstrap: independent draws of the two models are right (3,000 simulated customers)', () => {
    // BG/NBD purchases and Gamma-Gamma spend drawn independently of them (the Gamma-Gamma
    // assumption); each replicate resamples CUSTOMERS once and refits both models on that one
    // resample (what pairing would capture). The likelihood factors as L(θp; x, t_x, T)·L(θs; m̄ | x),
    // so the estimators are asymptotically independent: every cross correlation is near 0.
    const pop = simulateBetaGeo({ r: 0.6, alpha: 5, a: 1.2, b: 4 }, 3000, 41);
    const random = seededRandom(43);
    const monetary = Float64Array.from(pop.frequency, (x) => {
      if (x === 0) return 0;
      const nu = random.gamma(4) / 15;
      let sum = 0;
      for (let k = 0; k < x; k++) sum += random.gamma(6) / nu;
      return sum / x;
    });
    const table = { ...pop, monetary };
    const purchase = fitBetaGeo(table, { timeUnit: 'week' });
    const B = 150;
    const logs: number[][] = [];
    const ones = new Float64Array(3000).fill(1);
    const w = new Float64Array(3000);
    for (let b = 0; b < B; b++) {
      multinomialCounts(seededRandom(streamSeed(99, b)), 3000, ones, w);
      const keep = Array.from(w.keys()).filter((i) => w[i] > 0);
      const pick = (c: Float64Array) => Float64Array.from(keep, (i) => c[i]);
      const resample = { frequency: pick(pop.frequency), recency: pick(pop.recency), T: pick(pop.T), monetary: pick(monetary), n: pick(w) };
      const p = fitBetaGeo(resample, { timeUnit: 'week', columns: { count: 'n' }, starts: [purchase.params] }).params;
      const q = fitGammaGamma(resample, { columns: { count: 'n' } }).params;
      logs.push([p.r, p.alpha, p.a, p.b, q.p, q.q, q.gamma].map(Math.log));
    }
    const corr = (i: number, j: number) => {
      const mi = logs.reduce((s, v) => s + v[i], 0) / B;
      const mj = logs.reduce((s, v) => s + v[j], 0) / B;
      let sij = 0;
      let sii = 0;
      let sjj = 0;
      for (const v of logs) {
        sij += (v[i] - mi) * (v[j] - mj);
        sii += (v[i] - mi) ** 2;
        sjj += (v[j] - mj) ** 2;
      }
      return sij / Math.sqrt(sii * sjj);
    };
    // within the models, the bootstrap sees the strong correlations (so it would see a cross one)
    expect(Math.abs(corr(0, 1))).toBeGreaterThan(0.5);
    expect(Math.abs(corr(4, 6))).toBeGreaterThan(0.5);
    // across them, every correlation is within 4 standard errors (1/√B) of 0
    for (let i = 0; i < 4; i++) for (let j = 4; j < 7; j++) expect(Math.abs(corr(i, j)), `${i}, ${j}`).toBeLessThan(4 / Math.sqrt(B));
  });

  it('takes MBG/NBD and Pareto/NBD the same way (delta spread = the standard errors)', () => {
    for (const model of [fitModifiedBetaGeo(customers, { timeUnit: 'week' }), fitParetoNbd(customers, { timeUnit: 'week' })]) {
      const delta = clvParameterDraws(model, customers, { method: 'delta', draws: 2 });
      const params = model.params as unknown as Record<string, number>;
      const se = model.standardErrors as unknown as Record<string, number>;
      delta.names.forEach((name, i) => expect(Math.sqrt(delta.logCovariance![i][i]) * params[name], name).toBeCloseTo(se[name], 10));
      const boot = clvParameterDraws(model, customers, { draws: 20, seed: 2 });
      expect(boot.draws.length + boot.failures.count).toBe(20);
    }
  });

  it('refuses other models and bad options, naming the path and value', () => {
    const wrong = caught(() => clvParameterDraws({ kind: 'segments' } as never, customers));
    expect(wrong.code).toBe('invalid_model');
    expect(wrong.issues[0]).toMatchObject({ function: 'clvParameterDraws', path: 'model.kind', received: '"segments"' });
    const bad = caught(() => clvParameterDraws(betaGeo, customers, { draws: 1 }));
    expect(bad.code).toBe('invalid_spec');
    expect(bad.issues[0]).toMatchObject({ function: 'clvParameterDraws', path: 'options.draws' });
    const method = caught(() => clvParameterDraws(betaGeo, customers, { method: 'jackknife' as never }));
    expect(method.issues[0].path).toBe('options.method');
    // a model fitted on another table: its parameters are no maximum there
    const other = caught(() => clvParameterDraws({ ...betaGeo, params: { ...betaGeo.params, r: betaGeo.params.r * 1.2 } }, customers));
    expect(other.code).toBe('not_converged');
    expect(other.issues[0]).toMatchObject({ function: 'clvParameterDraws', path: 'model.params' });
    expect(other.issues[0].hint).toMatch(/the table the model was fitted on/);
  });
});

describe('clvParameterDraws on threads (customer-value/node)', () => {
  it('gives the one-thread draws exactly on 1, 2 or 3 threads, from the sources (built worker), ESM and CommonJS builds', async () => {
    const { clvBootstrapWorker } = await import('../../src/node/clvParameterDraws.js');
    const { clvParameterDraws: nodeDraws } = await import('../../src/node/index.js');
    const before = clvBootstrapWorker.file;
    clvBootstrapWorker.file = fixturePath('../../dist/clvBootstrapWorker.js');
    try {
      for (const model of [betaGeo, gammaGamma]) {
        const one = clvParameterDraws(model, customers, { draws: 300, seed: 21 });
        expect(nodeDraws(model, customers, { draws: 300, seed: 21, threads: 1 })).toEqual(one);
        expect(nodeDraws(model, customers, { draws: 300, seed: 21, threads: 3 })).toEqual(one);
        const built = await import('../../dist/node.js');
        expect(built.clvParameterDraws(model, customers, { draws: 300, seed: 21, threads: 2 })).toEqual(one);
        const { createRequire } = await import('node:module');
        const cjs = createRequire(import.meta.url)('../../dist/node.cjs');
        expect(cjs.clvParameterDraws(model, customers, { draws: 300, seed: 21, threads: 2 })).toEqual(one);
      }
      // the delta method is the root's, whatever threads
      expect(nodeDraws(betaGeo, customers, { method: 'delta', draws: 200, seed: 2, threads: 2 })).toEqual(
        clvParameterDraws(betaGeo, customers, { method: 'delta', draws: 200, seed: 2 }),
      );
      expect(caught(() => nodeDraws(betaGeo, customers, { threads: 0 }))).toMatchObject({ code: 'invalid_spec' });
    } finally {
      clvBootstrapWorker.file = before;
    }
  });
});

describe('clvParameterDraws of a BG/BB model (Fader, Hardie & Shang 2010: 11,104 donors, 22 distinct histories)', () => {
  const donations = readFixtureCsv('../../examples/data/bgbb_donations_summary.csv').columns;
  const spec = { periodUnit: 'year', columns: { count: 'weights' } } as const;
  const bgbb = fitBetaGeoBetaBinomial(donations, spec);
  const ref = reference.betaGeoBetaBinomial;

  it('delta method: the covariance of ln θ equals the inverse of a numpy finite-difference Hessian (make_clv_log_covariance.py)', () => {
    for (const name of ref.names) expect(Math.abs(bgbb.params[name as 'alpha'] / ref.params[name] - 1), name).toBeLessThan(1e-5);
    const draws = clvParameterDraws(bgbb, donations, { method: 'delta', draws: 4000, seed: 3 });
    expect(draws.kind).toBe('betaGeoBetaBinomial');
    expect(draws.names).toEqual(['alpha', 'beta', 'gamma', 'delta']);
    expect([draws.customers, draws.groups]).toEqual([11104, 22]);
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) {
        const scale = Math.sqrt(ref.logCovariance[i][i] * ref.logCovariance[j][j]);
        expect(Math.abs(draws.logCovariance![i][j] - ref.logCovariance[i][j]) / scale, `${i},${j}`).toBeLessThan(1e-4);
      }
    draws.names.forEach((name, i) => {
      // ln θ's standard deviation is the model's relative standard error, and the draws' spread is it (to sampling error)
      const expected = Math.sqrt(draws.logCovariance![i][i]);
      expect(expected * bgbb.params[name as 'alpha'], name).toBeCloseTo(bgbb.standardErrors![name as 'alpha'], 10);
      const logs = draws.draws.map((d) => Math.log(d[name]));
      const mean = logs.reduce((a, b) => a + b) / logs.length;
      const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1));
      expect(Math.abs(mean - Math.log(bgbb.params[name as 'alpha'])) / expected, name).toBeLessThan(4 / Math.sqrt(4000));
      expect(sd / expected, name).toBeCloseTo(1, 1);
    });
  });

  it('bootstrap on the grouped histogram: every replicate a draw or a listed failure, the spread near the delta method’s, the same draws from raw rows', () => {
    const boot = clvParameterDraws(bgbb, donations, { draws: 200, seed: 9 });
    expect(boot.draws.length + boot.failures.count).toBe(200);
    expect(boot.failures.count).toBe(0);
    for (const name of ['alpha', 'beta', 'gamma', 'delta'] as const) {
      const ratio = boot.summary[name].sd / bgbb.standardErrors![name];
      expect(ratio, name).toBeGreaterThan(0.8);
      expect(ratio, name).toBeLessThan(1.3);
    }
    // one row per donor instead of the histogram: the same groups, so the same draws
    const rows = { frequency: [] as number[], recency: [] as number[], periods: [] as number[] };
    Array.from(donations.weights as ArrayLike<number>).forEach((w, g) => {
      for (let c = 0; c < w; c++) {
        rows.frequency.push((donations.frequency as ArrayLike<number>)[g]);
        rows.recency.push((donations.recency as ArrayLike<number>)[g]);
        rows.periods.push((donations.periods as ArrayLike<number>)[g]);
      }
    });
    const raw = fitBetaGeoBetaBinomial(rows, { periodUnit: 'year' });
    expect(raw.params).toEqual(bgbb.params);
    expect(clvParameterDraws(raw, rows, { draws: 20, seed: 9 }).draws).toEqual(boot.draws.slice(0, 20));
  });

  it('refuses a BG/BB model on a table it was not fitted on; clvConfidenceIntervals takes BG/BB draws with the horizon in opportunities', () => {
    const other = caught(() => clvParameterDraws({ ...bgbb, params: { ...bgbb.params, alpha: bgbb.params.alpha * 1.2 } }, donations));
    expect(other.code).toBe('not_converged');
    expect(other.issues[0]).toMatchObject({ function: 'clvParameterDraws', path: 'model.params' });
    const draws = clvParameterDraws(bgbb, donations, { method: 'delta', draws: 10 });
    // a horizon in weeks is no count of a BG/BB's opportunities: refused, naming timeUnit
    const weeks = caught(() => clvConfidenceIntervals({ purchaseModel: bgbb, purchaseDraws: draws, customers: donations, horizon: 5, timeUnit: 'week' }));
    expect(weeks.code).toBe('invalid_spec');
    expect(weeks.issues[0]).toMatchObject({ function: 'clvConfidenceIntervals', path: 'timeUnit' });
    const intervals = clvConfidenceIntervals({ purchaseModel: bgbb, purchaseDraws: draws, customers: donations, horizon: 5 });
    expect(intervals.draws).toBe(10);
    expect(intervals.clv).toBeUndefined();
    expect(Number.isFinite(intervals.totals.expectedPurchases.estimate)).toBe(true);
  });
});

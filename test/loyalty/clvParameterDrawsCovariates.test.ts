import { describe, expect, it } from 'vitest';
import {
  betaGeoCovariatePredictions,
  clvModelAtDraw,
  clvParameterDraws,
  conditionalExpectedSpendWithCovariates,
  fitBetaGeo,
  fitBetaGeoWithCovariates,
  fitGammaGammaWithCovariates,
  newCustomerExpectedPurchases,
} from '../../src/clv.js';
import { parseModel } from '../../src/index.js';
import { expectBootstrapSpreadNearDelta, expectSplitInvariantBootstrap } from '../helpers/drawSpread.js';
import { caught, fixturePath, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';
import { seededRandom } from '../../src/internal/random.js';

// CDNOW 1/10 sample (BTYD's cdnowSummary$cbs) with one 0/1 covariate: early = T_cal ≥ 32.5 weeks.
const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const early = Float64Array.from(cbs.T_cal, (T) => (T >= 32.5 ? 1 : 0));
const customers = { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal, monetary: cbs.m_x, early };
const covariates = { columns: [{ column: 'early' }] };
const betaGeo = fitBetaGeoWithCovariates(customers, { timeUnit: 'week', covariates });
const gammaGamma = fitGammaGammaWithCovariates(customers, { covariates: { ...covariates, regularization: 0.05 } });
// Witness: numpy/scipy fit of the textbook likelihoods with the covariate, central second
// differences over u = (ln θ, coefficients), inverted (test/fixtures/loyalty/make_covariate_log_covariance.py).
const reference = readFixtureJson<any>('loyalty/covariate_log_covariance.json');

describe('clvParameterDraws of models with covariates', () => {
  it('delta method: the covariance of (ln θ, coefficients) equals the inverse of a numpy finite-difference Hessian (BG/NBD; Gamma-Gamma with an L2 penalty)', () => {
    for (const [model, ref] of [
      [betaGeo, reference.betaGeoCovariates],
      [gammaGamma, reference.gammaGammaCovariates],
    ] as const) {
      const delta = clvParameterDraws(model, customers, { method: 'delta', draws: 10 });
      expect(delta.names).toEqual(ref.names);
      // the same optimum (scipy's to its tolerance)
      ref.names.forEach((name: string, i: number) => {
        const u = i < (model.kind === 'betaGeoCovariates' ? 4 : 3) ? Math.log(delta.estimate[name]) : delta.estimate[name];
        expect(Math.abs(u - ref.u[i]), name).toBeLessThan(2e-4);
      });
      const k = ref.names.length;
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++) {
          const scale = Math.sqrt(ref.covariance[i][i] * ref.covariance[j][j]);
          expect(Math.abs(delta.logCovariance![i][j] - ref.covariance[i][j]) / scale, `${ref.names[i]}, ${ref.names[j]}`).toBeLessThan(2e-3);
        }
      // the draws' spread is the fit's standard errors: θ·√Σᵢᵢ for the parameters, √Σᵢᵢ for the coefficients
      const coefficients =
        model.kind === 'betaGeoCovariates'
          ? [...model.standardErrors!.coefficients.purchase, ...model.standardErrors!.coefficients.dropout]
          : model.standardErrors.coefficients;
      const positive = model.kind === 'betaGeoCovariates' ? 4 : 3;
      coefficients.forEach((se, t) => expect(Math.sqrt(delta.logCovariance![positive + t][positive + t]) / se).toBeCloseTo(1, 9));
    }
  });

  it('delta method: the coefficients are normal on their own scale (negative draws too), the parameters lognormal', () => {
    const delta = clvParameterDraws(betaGeo, customers, { method: 'delta', draws: 4000, seed: 5 });
    const purchase = delta.draws.map((d) => d['purchase[early]']);
    // γ_purchase ≈ 0.007 ± 0.105: about half the draws are negative (a log scale could give none)
    const negative = purchase.filter((v) => v < 0).length / purchase.length;
    expect(negative).toBeGreaterThan(0.4);
    expect(negative).toBeLessThan(0.55);
    expect(delta.summary['purchase[early]'].sd / betaGeo.standardErrors!.coefficients.purchase[0]).toBeCloseTo(1, 1);
    expect(delta.draws.every((d) => d.r > 0 && d.alpha > 0 && d.a > 0 && d.b > 0)).toBe(true);
    expect(JSON.parse(JSON.stringify(delta))).toEqual(delta);
  });

  it('bootstrap: the spread is near the delta method’s on simulated data with known coefficients (3,000 customers, two covariates)', () => {
    // BG/NBD with covariates simulated from known (r, α, a, b, γ): a 3-level channel and a numeric score
    const random = seededRandom(41);
    const n = 3000;
    const truth = { r: 0.8, alpha: 6, a: 0.6, b: 2.5, purchase: [0.5, -0.4, 0.3], dropout: [-0.5, 0.4, 0.2] };
    const channel: string[] = [];
    const score = new Float64Array(n);
    const frequency = new Float64Array(n);
    const recency = new Float64Array(n);
    const T = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = random.uniform() < 0.4 ? 'web' : random.uniform() < 0.5 ? 'store' : 'phone';
      channel.push(c);
      score[i] = Math.round(random.normal() * 10) / 10;
      const z = [c === 'store' ? 1 : 0, c === 'web' ? 1 : 0, score[i]];
      const eta = (g: number[]) => g.reduce((s, v, j) => s + v * z[j], 0);
      const lambda = random.gamma(truth.r) / (truth.alpha * Math.exp(-eta(truth.purchase)));
      const ga = random.gamma(truth.a * Math.exp(eta(truth.dropout)));
      const p = ga / (ga + random.gamma(truth.b * Math.exp(eta(truth.dropout))));
      T[i] = 20 + Math.floor(random.uniform() * 20);
      let t = 0;
      let x = 0;
      let last = 0;
      for (;;) {
        t += -Math.log(1 - random.uniform()) / lambda;
        if (t > T[i]) break;
        x += 1;
        last = t;
        if (random.uniform() < p) break;
      }
      frequency[i] = x;
      recency[i] = last;
    }
    const data = { frequency, recency, T, channel, score };
    const model = fitBetaGeoWithCovariates(data, {
      timeUnit: 'week',
      covariates: { columns: [{ column: 'channel', categorical: true, reference: 'phone' }, { column: 'score' }] },
    });
    expectBootstrapSpreadNearDelta(model, data, 4, 0.85, 1.25);
  });

  it('bootstrap: the Gamma-Gamma with a covariate on spend, without a penalty, has a spread near the delta method’s, and a penalized one the narrower spread the penalty predicts (2,000 simulated repeat customers)', () => {
    // Fader & Hardie's generative story with γ_i = γ·exp(β·z): ν ~ Gamma(q, rate γ_i), each of x transactions ~ Gamma(p, rate ν)
    const random = seededRandom(8);
    const n = 2000;
    const truth = { p: 6, q: 4, gamma: 15, beta: 0.4 };
    const frequency = new Float64Array(n);
    const monetary = new Float64Array(n);
    const tier = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      tier[i] = random.uniform() < 0.5 ? 1 : 0;
      frequency[i] = 1 + Math.floor(random.uniform() * 6);
      const nu = random.gamma(truth.q) / (truth.gamma * Math.exp(truth.beta * tier[i]));
      monetary[i] = random.gamma(truth.p * frequency[i]) / nu / frequency[i];
    }
    const simulated = { frequency, monetary, tier };
    const model = fitGammaGammaWithCovariates(simulated, { covariates: { columns: [{ column: 'tier' }] } });
    const { delta } = expectBootstrapSpreadNearDelta(model, simulated, 6, 0.85, 1.2);
    // With a penalty the delta method's covariance is (I + P)⁻¹ (P = 2nλ on β), the bootstrap's spread
    // that of the penalized estimate, (I + P)⁻¹·I·(I + P)⁻¹ ≤ (I + P)⁻¹: narrower, by about √(I/(I + P)) in sd for β.
    const shrunk = fitGammaGammaWithCovariates(simulated, { covariates: { columns: [{ column: 'tier' }], regularization: 0.5 } });
    const penalized = clvParameterDraws(shrunk, simulated, { draws: 200, seed: 6 });
    const penalizedDelta = clvParameterDraws(shrunk, simulated, { method: 'delta', draws: 10 });
    const information = 1 / delta.logCovariance![3][3];
    const expected = Math.sqrt(information / (information + 2 * n * 0.5));
    const ratio = penalized.summary['spend[tier]'].sd / Math.sqrt(penalizedDelta.logCovariance![3][3]);
    // λ = 0.5: expected 0.656, measured 0.646 (seed 6)
    expect(ratio).toBeLessThan(0.85);
    expect(Math.abs(ratio / expected - 1)).toBeLessThan(0.1);
  });

  it('bootstrap: the same seed gives the same draws, however the replicates are split (as over threads)', () => {
    // the coefficients are refitted too (they move between replicates)
    for (const model of [betaGeo, gammaGamma]) expectSplitInvariantBootstrap(model, customers);
  });

  it('bootstrap: the same draws from raw rows and from the grouped (covariates, history) histogram with a count column', () => {
    const key = (i: number) => `${cbs.x[i]}|${cbs.t_x[i]}|${cbs.T_cal[i]}|${early[i]}`;
    const counts = new Map<string, number>();
    const first = new Map<string, number>();
    for (let i = 0; i < cbs.x.length; i++) {
      counts.set(key(i), (counts.get(key(i)) ?? 0) + 1);
      if (!first.has(key(i))) first.set(key(i), i);
    }
    const rows = [...first.values()].reverse();
    const grouped = {
      frequency: rows.map((i) => cbs.x[i]),
      recency: rows.map((i) => cbs.t_x[i]),
      T: rows.map((i) => cbs.T_cal[i]),
      early: rows.map((i) => early[i]),
      n: rows.map((i) => counts.get(key(i))!),
    };
    const fromGroups = fitBetaGeoWithCovariates(grouped, { timeUnit: 'week', columns: { count: 'n' }, covariates });
    const a = clvParameterDraws(fromGroups, grouped, { draws: 20, seed: 3 });
    const b = clvParameterDraws(betaGeo, customers, { draws: 20, seed: 3 });
    expect(a.groups).toBe(b.groups);
    expect(a.customers).toBe(2357);
    a.draws.forEach((d, i) => a.names.forEach((name) => expect(d[name]).toBeCloseTo(b.draws[i][name], 6)));
  });

  it('refuses a covariate model on a table it was not fitted on', () => {
    const other = { ...customers, early: Float64Array.from(early, (v, i) => (i % 3 === 0 ? 1 - v : v)) };
    expect(caught(() => clvParameterDraws(betaGeo, other, { method: 'delta' }))).toMatchObject({ code: 'not_converged' });
    const { early: _early, ...withoutCovariate } = customers;
    expect(caught(() => clvParameterDraws(gammaGamma, withoutCovariate, { method: 'delta' }))).toMatchObject({ code: 'missing_column' });
  });
});

describe('clvModelAtDraw(model, draw)', () => {
  it('at the estimate, the draw-model predicts exactly what the fitted model predicts (BG/NBD and Gamma-Gamma with covariates, shared coefficients)', () => {
    const shared = fitBetaGeoWithCovariates(customers, { timeUnit: 'week', covariates: { ...covariates, shared: true } });
    for (const model of [betaGeo, shared]) {
      const draws = clvParameterDraws(model, customers, { method: 'delta', draws: 5 });
      expect(clvModelAtDraw(model, draws.estimate)).toEqual(model);
      expect(betaGeoCovariatePredictions(clvModelAtDraw(model, draws.estimate), customers, { horizon: 39 })).toEqual(
        betaGeoCovariatePredictions(model, customers, { horizon: 39 }),
      );
      const atDraw = clvModelAtDraw(model, draws.draws[0]);
      expect(atDraw.params.r).toBe(draws.draws[0].r);
      if (model === shared) expect(atDraw.coefficients.dropout).toEqual(atDraw.coefficients.purchase);
      else expect(atDraw.coefficients.dropout).toEqual([draws.draws[0]['dropout[early]']]);
      expect(newCustomerExpectedPurchases(atDraw, { early: [0, 1] }, { t: 52 })).not.toEqual(newCustomerExpectedPurchases(model, { early: [0, 1] }, { t: 52 }));
    }
    const spend = clvParameterDraws(gammaGamma, customers, { method: 'delta', draws: 5 });
    expect(clvModelAtDraw(gammaGamma, spend.estimate)).toEqual(gammaGamma);
    expect(conditionalExpectedSpendWithCovariates(clvModelAtDraw(gammaGamma, spend.estimate), customers)).toEqual(
      conditionalExpectedSpendWithCovariates(gammaGamma, customers),
    );
    const plain = fitBetaGeo(customers, { timeUnit: 'week' });
    const plainDraws = clvParameterDraws(plain, customers, { method: 'delta', draws: 5 });
    expect(clvModelAtDraw(plain, plainDraws.draws[1]).params).toEqual(plainDraws.draws[1]);
  });

  it('refuses a draw without a parameter, a non-positive parameter, and a model of another kind', () => {
    const draws = clvParameterDraws(betaGeo, customers, { method: 'delta', draws: 5 });
    const { ['dropout[early]']: _dropped, ...partial } = draws.draws[0];
    expect(caught(() => clvModelAtDraw(betaGeo, partial))).toMatchObject({ code: 'invalid_value', issues: [{ path: 'draw.dropout[early]' }] });
    expect(caught(() => clvModelAtDraw(betaGeo, { ...draws.draws[0], r: -1 }))).toMatchObject({ code: 'invalid_value', issues: [{ path: 'draw.r' }] });
    expect(caught(() => clvModelAtDraw({ kind: 'segments' } as never, draws.draws[0]))).toMatchObject({ code: 'invalid_model' });
  });

  it('reads the model as parsed, and takes a covariate model written from published parameters as the predictions do', () => {
    const draws = clvParameterDraws(betaGeo, customers, { method: 'delta', draws: 5 });
    // a saved model without its spec's missing policy: the schema's default, as parseModel reads it
    const { missing: _missing, ...spec } = betaGeo.spec;
    const saved = JSON.parse(JSON.stringify({ ...betaGeo, spec }));
    expect(clvModelAtDraw(saved, draws.draws[0])).toEqual(clvModelAtDraw(parseModel(saved) as typeof betaGeo, draws.draws[0]));
    // without standard errors and fit record (betaGeoCovariatePredictions takes it, parseModel does not)
    const { standardErrors: _se, fitted: _fitted, ...published } = betaGeo;
    const atDraw = clvModelAtDraw(published as typeof betaGeo, draws.draws[0]);
    expect(atDraw.params).toEqual({ r: draws.draws[0].r, alpha: draws.draws[0].alpha, a: draws.draws[0].a, b: draws.draws[0].b });
    expect(betaGeoCovariatePredictions(atDraw, customers, { horizon: 39 })).toEqual(
      betaGeoCovariatePredictions(clvModelAtDraw(betaGeo, draws.draws[0]), customers, { horizon: 39 }),
    );
    expect(caught(() => clvModelAtDraw({ ...published, terms: undefined } as never, draws.draws[0]))).toMatchObject({ code: 'invalid_model' });
  });
});

describe('clvParameterDraws of covariate models on threads (customer-value/node)', () => {
  it('gives the one-thread draws exactly on 2 threads (built worker)', async () => {
    const { clvBootstrapWorker } = await import('../../src/node/clvParameterDraws.js');
    const { clvParameterDraws: nodeDraws } = await import('../../src/node/index.js');
    const before = clvBootstrapWorker.file;
    clvBootstrapWorker.file = fixturePath('../../dist/clvBootstrapWorker.js');
    try {
      for (const model of [betaGeo, gammaGamma]) {
        const one = clvParameterDraws(model, customers, { draws: 200, seed: 23 });
        expect(nodeDraws(model, customers, { draws: 200, seed: 23, threads: 2 })).toEqual(one);
      }
    } finally {
      clvBootstrapWorker.file = before;
    }
  });
});

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CustomerValueError } from '../../src/errors.js';
import { fitParetoNbd } from '../../src/loyalty/clv/fitParetoNbd.js';
import { prepareBetaGeoData } from '../../src/loyalty/clv/betaGeoLikelihood.js';
import { paretoNbdLogLikelihood } from '../../src/loyalty/clv/paretoNbdLikelihood.js';
import { paretoNbdLogJ } from '../../src/loyalty/clv/paretoNbdMath.js';
import {
  paretoNbdConditionalExpectedPurchases,
  paretoNbdDiscountedResidualTransactions,
  paretoNbdExpectedPurchases,
  paretoNbdProbabilityAlive,
  paretoNbdPurchaseProbability,
} from '../../src/loyalty/clv/paretoNbdPredictions.js';
import { caught, readFixtureCsv } from '../helpers/fixtures.js';
import { seededRandom } from '../../src/internal/random.js';

// Witnesses: Fader & Hardie's published CDNOW estimates (their Pareto/NBD note and the BTYD
// walkthrough: r = 0.5534, α = 10.5802, s = 0.6061, β = 11.6562, LL = −9594.98, on BTYD's
// cdnowSummary$cbs), and test/fixtures/loyalty/pareto_nbd_reference.json written by
// make_pareto_nbd_reference.py (the textbook 2F1 likelihood in 60-digit mpmath, cross-checked
// with scipy; the CDNOW optimum by scipy.optimize).
const reference = JSON.parse(readFileSync(new URL('../fixtures/loyalty/pareto_nbd_reference.json', import.meta.url), 'utf8'));
const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const columns = { frequency: 'x', recency: 't_x', T: 'T_cal' };
const spec = { timeUnit: 'week', columns } as const;

const one = (x: number, tx: number, T: number) => prepareBetaGeoData(Float64Array.of(x), Float64Array.of(tx), Float64Array.of(T), null);

describe('fitParetoNbd(summary, spec)', () => {
  const model = fitParetoNbd(cbs, spec);

  it('reproduces the published CDNOW log-likelihood −9594.98 and estimates r = 0.5534, α = 10.5802, s = 0.6061, β = 11.6562', () => {
    const d = model.fitted.diagnostics;
    expect(d.logLikelihood.toFixed(2)).toBe('-9594.98');
    // The published estimates sit on a flat ridge: ℓ there is 2.5e-5 below the optimum (the
    // optimizer behind them stopped early); ours agree to the 3 significant digits that ridge allows.
    const published = reference.cdnow.published as number[];
    Object.values(model.params).forEach((v, i) => expect(Math.abs(v / published[i] - 1)).toBeLessThan(2e-3));
    expect(d.logLikelihood).toBeGreaterThanOrEqual(reference.cdnow.logLikelihoodAtPublished);
    expect(reference.cdnow.logLikelihoodAtPublished.toFixed(2)).toBe('-9594.98');
    // scipy.optimize on the same data finds the same optimum
    const scipy = reference.cdnow.scipyOptimum as number[];
    Object.values(model.params).forEach((v, i) => expect(Math.abs(v / scipy[i] - 1)).toBeLessThan(1e-6));
    expect(Math.abs(d.logLikelihood - reference.cdnow.scipyLogLikelihood)).toBeLessThan(1e-7);
  });

  it('certifies the optimum: gradient norm, negative-definite Hessian, AIC, BIC, standard errors', () => {
    const d = model.fitted.diagnostics;
    expect(d.gradientNorm).toBeLessThan(1e-6);
    expect(d.hessianPositiveDefinite).toBe(true);
    expect(d.aic).toBeCloseTo(8 - 2 * d.logLikelihood, 9);
    expect(d.bic).toBeCloseTo(4 * Math.log(2357) - 2 * d.logLikelihood, 9);
    expect(model.fitted.n).toBe(2357);
    expect(d.groups).toBeLessThan(2357);
    expect(model.standardErrors).not.toBeNull();
    for (const v of Object.values(model.standardErrors!)) expect(v).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });

  it('grouped input with columns.count gives the raw fit to 1e-9', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < cbs.x.length; i++) {
      const key = `${cbs.x[i]}|${cbs.t_x[i]}|${cbs.T_cal[i]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const rows = [...counts].map(([key, customers]) => {
      const [x, t_x, T_cal] = key.split('|').map(Number);
      return { x, t_x, T_cal, customers };
    });
    const grouped = fitParetoNbd(rows, { timeUnit: 'week', columns: { ...columns, count: 'customers' } });
    expect(grouped.fitted.n).toBe(2357);
    Object.values(grouped.params).forEach((v, i) => expect(Math.abs(v / Object.values(model.params)[i] - 1)).toBeLessThan(1e-9));
    Object.values(grouped.standardErrors!).forEach((v, i) => expect(Math.abs(v / Object.values(model.standardErrors!)[i] - 1)).toBeLessThan(1e-9));
    expect(Math.abs(grouped.fitted.diagnostics.logLikelihood - model.fitted.diagnostics.logLikelihood)).toBeLessThan(1e-9 * 9594.98);
  });

  it('refuses bad input naming the field and row: recency > T, negative or fractional frequency, a discrete-time summary', () => {
    const base = { frequency: [1, 2, 0], recency: [1, 2, 0], T: [5, 5, 5] };
    const cases: [Record<string, number[]>, string, number][] = [
      [{ ...base, recency: [1, 6, 0] }, 'recency', 1],
      [{ ...base, frequency: [1, -2, 0] }, 'frequency', 1],
      [{ ...base, frequency: [1, 2.5, 0] }, 'frequency', 1],
      [{ ...base, recency: [1, 2, 3] }, 'recency', 2],
    ];
    for (const [data, column, row] of cases) {
      const error = caught(() => fitParetoNbd(data, { timeUnit: 'week' }));
      expect(error).toBeInstanceOf(CustomerValueError);
      expect(error.code).toBe('invalid_value');
      expect(error.issues[0]).toMatchObject({ function: 'fitParetoNbd', column, row });
    }
    // BG/BB's donations summary: frequency, recency, periods (discrete opportunities), no T
    const discrete = caught(() => fitParetoNbd({ frequency: [1, 2], recency: [3, 6], periods: [6, 6] }, { timeUnit: 'week' }));
    expect(discrete.code).toBe('missing_column');
    expect(discrete.message).toContain('discrete-time');
  });

  it('throws not_converged with what to try when the optimizer cannot certify a maximum', () => {
    const error = caught(() => fitParetoNbd(cbs, { ...spec, maxIterations: 10, starts: [{ r: 5, alpha: 1, s: 5, beta: 1 }] }));
    expect(error).toBeInstanceOf(CustomerValueError);
    expect(error.code).toBe('not_converged');
    expect(error.issues[0].hint).toContain('spec.starts');
  });
});

describe('paretoNbdLogLikelihood(params, data, gradient)', () => {
  it('equals the textbook 2F1 likelihood (60-digit mpmath) at 65 histories, both cases α ≥ β and α < β, to 1e-11', () => {
    for (const c of reference.histories) {
      const ll = paretoNbdLogLikelihood(c.params, one(c.x, c.tx, c.T), null);
      expect(Math.abs(ll - c.logLikelihood), JSON.stringify(c)).toBeLessThan(1e-11 * Math.max(1, Math.abs(c.logLikelihood)));
    }
  });

  it('gives a finite log-likelihood and gradient (equal to central differences) at extreme histories', () => {
    const params = [
      [0.5534, 10.5802, 0.6061, 11.6562],
      [0.5534, 14, 0.6061, 3],
      [0.05, 500, 3, 0.2],
      [20, 0.01, 0.01, 100],
      [0.5, 0.01, 2, 100], // β/α = 1e4: J split (quadrature below z = 0.9)
      [0.5, 100, 0.3, 0.01], // α/β = 1e4
    ];
    const g = new Float64Array(4);
    const a = new Float64Array(4);
    const b = new Float64Array(4);
    let checked = 0;
    for (const p of params)
      for (const x of [0, 1, 10, 100, 1000, 10_000])
        for (const T of [1e-6, 0.01, 1, 100, 10_000])
          for (const tx of x === 0 ? [0] : [0, 1e-12 * T, 1e-6 * T, T / 2, T * (1 - 1e-12), T]) {
            const data = one(x, tx, T);
            const ll = paretoNbdLogLikelihood(p, data, g);
            const where = JSON.stringify({ p, x, tx, T });
            expect(Number.isFinite(ll), where).toBe(true);
            for (let i = 0; i < 4; i++) {
              expect(Number.isFinite(g[i]), where).toBe(true);
              const h = 1e-6;
              const up = p.map((v, j) => (j === i ? v * Math.exp(h) : v));
              const down = p.map((v, j) => (j === i ? v * Math.exp(-h) : v));
              const fd = (paretoNbdLogLikelihood(up, data, a) - paretoNbdLogLikelihood(down, data, b)) / (2 * h);
              expect(Math.abs(g[i] - fd), `${where} ∂/∂ln θ${i}: ${g[i]} vs ${fd}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(ll), Math.abs(g[i])));
            }
            checked++;
          }
    expect(checked).toBe(6 * 5 * (1 + 5 * 6));
  });
});

describe('the analytic Hessian of the Pareto/NBD log-likelihood (session 31)', () => {
  it('equals central differences of the analytic gradient at extreme histories, α ≥ β and α < β, J split or not', () => {
    // Richardson-extrapolated central differences (steps 1e-4 and 5e-5 in ln θ) of the analytic
    // gradient; their rounding floor is ~1e-9 of the gradient's size (x = 10⁴: 1e-10 · 2e4), so
    // each entry must agree to 1e-6 of itself plus 1e-8 of max(1, |ℓ|, |∂ℓ|)
    const params = [
      [0.5534, 10.5802, 0.6061, 11.6562],
      [0.5534, 14, 0.6061, 3],
      [0.05, 500, 3, 0.2],
      [20, 0.01, 0.01, 100],
      [0.5, 0.01, 2, 100], // β/α = 1e4: J split (quadrature below z = 0.9)
      [0.5, 100, 0.3, 0.01], // α/β = 1e4
      [1.2, 7, 0.9, 7], // α = β: z = 0
    ];
    const g = new Float64Array(4);
    const H = new Float64Array(16);
    const up = new Float64Array(4);
    const down = new Float64Array(4);
    let checked = 0;
    for (const p of params)
      for (const x of [0, 1, 100, 10_000])
        for (const T of [1e-6, 1, 10_000])
          for (const tx of x === 0 ? [0] : [0, 1e-12 * T, T / 2, T * (1 - 1e-12), T]) {
            const data = one(x, tx, T);
            const ll = paretoNbdLogLikelihood(p, data, g, H);
            const size = Math.max(1, Math.abs(ll), ...Array.from(g, Math.abs));
            const differences = (i: number, h: number) => {
              paretoNbdLogLikelihood(
                p.map((v, j) => (j === i ? v * Math.exp(h) : v)),
                data,
                up,
              );
              paretoNbdLogLikelihood(
                p.map((v, j) => (j === i ? v * Math.exp(-h) : v)),
                data,
                down,
              );
              return Array.from(up, (u, j) => (u - down[j]) / (2 * h));
            };
            for (let i = 0; i < 4; i++) {
              const [wide, narrow] = [differences(i, 1e-4), differences(i, 5e-5)];
              for (let j = 0; j < 4; j++) {
                const numeric = (4 * narrow[j] - wide[j]) / 3;
                const where = `${JSON.stringify({ p, x, tx, T })} ∂²ℓ/∂u${i}∂u${j}: ${H[i * 4 + j]} vs ${numeric}`;
                expect(Math.abs(H[i * 4 + j] - numeric), where).toBeLessThan(1e-6 * Math.abs(H[i * 4 + j]) + 1e-8 * size);
                expect(H[i * 4 + j]).toBe(H[j * 4 + i]);
              }
            }
            checked++;
          }
    expect(checked).toBe(7 * 3 * (1 + 3 * 5));
  });

  it('equals the Hessian of the textbook likelihood (30-digit mpmath, second differences) on CDNOW, α < β and α ≥ β, to 1e-6 per entry', () => {
    // test/fixtures/loyalty/make_pareto_nbd_hessian.py: Fader & Hardie's eq. 19–22 with mpmath's 2F1
    const witness = JSON.parse(readFileSync(new URL('../fixtures/loyalty/pareto_nbd_hessian.json', import.meta.url), 'utf8'));
    const data = prepareBetaGeoData(cbs.x, cbs.t_x, cbs.T_cal, null);
    const H = new Float64Array(16);
    for (const point of witness.points) {
      const ll = paretoNbdLogLikelihood(point.params, data, new Float64Array(4), H);
      expect(Math.abs(ll - point.logLikelihood)).toBeLessThan(1e-9 * Math.abs(ll));
      point.hessian.forEach((row: number[], i: number) =>
        row.forEach((v, j) =>
          expect(Math.abs(H[i * 4 + j] - v) / Math.abs(v), `${JSON.stringify(point.params)} ${i}${j}: ${H[i * 4 + j]} vs ${v}`).toBeLessThan(1e-6),
        ),
      );
    }
  });

  it('second derivatives of ln J: the split (quadrature + series) equals the series alone where both apply (z = 0.91 … 0.995)', () => {
    const split = new Float64Array(15);
    const series = new Float64Array(15);
    for (const [t, A, B, alpha, beta] of [
      [0.01, 3.5, 0.6, 100, 0.5],
      [0.5, 20, 1.6, 0.2, 30],
      [2, 1000.5, 0.3, 300, 1],
      [0.001, 1.2, 5, 1, 50],
      [1, 2.5, 0.7, 12, 1],
    ]) {
      expect(paretoNbdLogJ(t, A, B, alpha, beta, split, true, true, true)).toBe(true);
      expect(paretoNbdLogJ(t, A, B, alpha, beta, series, true, false, true)).toBe(true);
      // ∂ln J/∂A … the 10 second derivatives, each to 1e-7 of the largest
      const largest = Math.max(...Array.from(series.subarray(5), Math.abs));
      for (let k = 0; k < 15; k++)
        expect(Math.abs(split[k] - series[k]), `${k} at ${[t, A, B, alpha, beta].join(', ')}`).toBeLessThan(1e-7 * Math.max(largest, Math.abs(series[k])));
    }
  });
});

describe('Pareto/NBD predictions against the textbook formulas (60-digit mpmath, scipy hyp2f1/hyperu cross-checks)', () => {
  const base = fitParetoNbd(cbs, spec);
  const withParams = (p: number[]) => ({
    ...base,
    params: { r: p[0], alpha: p[1], s: p[2], beta: p[3] },
    spec: { ...base.spec, columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' } },
  });
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

  it('P(alive), E[Y(39) | history] and DERT (δ = 0.15/52 per week) at 65 histories, extreme ones included', () => {
    for (const c of reference.histories) {
      const model = withParams(c.params);
      const row = [{ frequency: c.x, recency: c.tx, T: c.T }];
      const where = JSON.stringify(c);
      expect(rel(paretoNbdProbabilityAlive(model, row).values[0], c.pAlive), where).toBeLessThan(1e-11);
      expect(rel(paretoNbdConditionalExpectedPurchases(model, row, 39).values[0], c.conditional39), where).toBeLessThan(1e-11);
      expect(rel(paretoNbdDiscountedResidualTransactions(model, row, { continuousRatePerTimeUnit: 0.15 / 52 }).values[0], c.dert), where).toBeLessThan(1e-9);
    }
  });

  it('E[X(t)] and P(X(t) = n) for n = 0, 1, 2, 5, 10 at t = 0.5 … 1000 (the 2006 note in 60 digits, checked by quadrature there)', () => {
    for (const c of reference.unconditional) {
      const model = withParams(c.params);
      expect(rel(paretoNbdExpectedPurchases(model, c.t), c.expected)).toBeLessThan(1e-12);
      for (const { n, p } of c.probabilities)
        expect(Math.abs(paretoNbdPurchaseProbability(model, n, c.t) - p), JSON.stringify({ ...c, n })).toBeLessThan(1e-12);
    }
  });

  it('invariants: P(X(t) = n) sums to 1 with mean E[X(t)]; DERT grows as the discount rate falls; an annual rate is converted by the time unit', () => {
    const model = withParams([0.5534, 10.5802, 0.6061, 11.6562]);
    let total = 0;
    let mean = 0;
    for (let n = 0; n < 400; n++) {
      const p = paretoNbdPurchaseProbability(model, n, 39);
      total += p;
      mean += n * p;
    }
    expect(Math.abs(total - 1)).toBeLessThan(1e-10);
    expect(rel(mean, paretoNbdExpectedPurchases(model, 39))).toBeLessThan(1e-8);
    const row = [{ frequency: 2, recency: 30.43, T: 38.86 }];
    const at = (d: number) => paretoNbdDiscountedResidualTransactions(model, row, { continuousRatePerTimeUnit: d }).values[0];
    expect(at(0.001)).toBeGreaterThan(at(0.01));
    const annual = paretoNbdDiscountedResidualTransactions(model, row, { annualDiscountRate: 0.15 }).values[0];
    expect(rel(annual, at((Math.log1p(0.15) * 7) / 365.25))).toBeLessThan(1e-14);
    const refused = caught(() => paretoNbdDiscountedResidualTransactions(model, row, { annualDiscountRate: 0.15, continuousRatePerTimeUnit: 0.01 }));
    expect(refused.code).toBe('invalid_spec');
    expect(caught(() => paretoNbdProbabilityAlive(model, [{ frequency: 2, recency: 40, T: 38.86 }])).issues[0]).toMatchObject({ column: 'recency', row: 0 });
  });
});

describe('fitParetoNbd: simulation–recovery', () => {
  it('recovers known parameters from a simulated Pareto/NBD population (seeded), within 3 standard errors', () => {
    // Schmittlein, Morrison & Colombo (1987): purchases Poisson(λ) while alive, lifetime exponential(μ),
    // λ ~ gamma(r, α), μ ~ gamma(s, β); CDNOW-like truth, customers observed 20–60 weeks
    const truth = { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 };
    const random = seededRandom(1987);
    const n = 30_000;
    const frequency = new Float64Array(n);
    const recency = new Float64Array(n);
    const T = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const lambda = random.gamma(truth.r) / truth.alpha;
      const mu = random.gamma(truth.s) / truth.beta;
      T[i] = 20 + 40 * random.uniform();
      const end = Math.min(T[i], -Math.log(1 - random.uniform()) / mu);
      for (let t = -Math.log(1 - random.uniform()) / lambda; t <= end; t += -Math.log(1 - random.uniform()) / lambda) {
        frequency[i]++;
        recency[i] = t;
      }
    }
    const fit = fitParetoNbd({ frequency, recency, T }, { timeUnit: 'week' });
    for (const k of ['r', 'alpha', 's', 'beta'] as const) {
      expect(Math.abs(fit.params[k] - truth[k]), `${k} = ${fit.params[k]} ± ${fit.standardErrors![k]}`).toBeLessThan(3 * fit.standardErrors![k]!);
      // informative: each standard error below a quarter of its parameter, so the check can fail
      expect(fit.standardErrors![k]! / truth[k], k).toBeLessThan(0.25);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { CustomerValueError } from '../../src/errors.js';
import { parseModel } from '../../src/index.js';
import {
  fitModifiedBetaGeo,
  holdoutByFrequency,
  modifiedBetaGeoConditionalExpectedPurchases,
  modifiedBetaGeoExpectedPurchases,
  modifiedBetaGeoProbabilityAlive,
  modifiedBetaGeoPurchaseProbability,
  repeatPurchaseDistribution,
  repeatPurchaseTracking,
  repeatPurchaseTrackingFromCounts,
} from '../../src/clv.js';
import type { ModifiedBetaGeoModel } from '../../src/clv.js';
import { prepareBetaGeoData } from '../../src/loyalty/clv/betaGeoLikelihood.js';
import { modifiedBetaGeoLogLikelihood } from '../../src/loyalty/clv/modifiedBetaGeoLikelihood.js';
import { repeatBuyingOf } from '../../src/loyalty/clv/repeatBuyingOf.js';
import { seededRandom } from '../../src/internal/random.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// Witnesses: BTYDplus's MBG/NBD estimates on BTYD's CDNOW sample (cdnowSummary$cbs, calibration
// weeks 1–39): r = 0.525, α = 6.183, a = 0.891, b = 1.614; and
// test/fixtures/loyalty/mbg_nbd_reference.json written by make_mbg_nbd_reference.py: the
// individual-level MBG/NBD integrated independently (scipy quad over p, scipy nbinom; the CDNOW
// optimum by scipy.optimize with a complex-step gradient; extremes by the closed forms in 50-digit mpmath).
interface Reference {
  cdnow: { params: number[]; logLikelihood: number; gradientNorm: number };
  cases: {
    name: string;
    params: number[];
    expected: Record<string, number>;
    probability: Record<string, number[]>;
    histories: { x: number; tx: number; T: number; logLikelihood: number; alive: number; conditional: Record<string, number> }[];
  }[];
  extremes: { x: number; tx: number; T: number; t: number; alive: number; conditional: number }[];
}
const reference = readFixtureJson<Reference>('loyalty/mbg_nbd_reference.json');
const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const columns = { frequency: 'x', recency: 't_x', T: 'T_cal' };
const spec = { timeUnit: 'week', columns } as const;
const relative = (a: number, b: number) => (a === b ? 0 : Math.abs(a / b - 1));
const NAMES = ['r', 'alpha', 'a', 'b'] as const;

/** A model with the given parameters (the predictions read only params and spec). */
function modelOf(params: readonly number[]): ModifiedBetaGeoModel {
  return {
    kind: 'modifiedBetaGeo',
    version: 2,
    spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 },
    params: { r: params[0], alpha: params[1], a: params[2], b: params[3] },
    standardErrors: null,
    fitted: {
      n: 1,
      skipped: 0,
      warnings: [],
      diagnostics: { logLikelihood: -1, aic: 10, bic: 10, gradientNorm: 0, hessianPositiveDefinite: true, iterations: 0, newtonSteps: 0, groups: 1 },
    },
  };
}

describe('fitModifiedBetaGeo(summary, spec)', () => {
  const model = fitModifiedBetaGeo(cbs, spec);

  it('reproduces BTYDplus’s CDNOW estimates r = 0.525, α = 6.183, a = 0.891, b = 1.614 and scipy’s optimum to 1e-8', () => {
    expect(NAMES.map((k) => model.params[k].toFixed(3))).toEqual(['0.525', '6.183', '0.891', '1.614']);
    NAMES.forEach((k, i) => expect(relative(model.params[k], reference.cdnow.params[i]), k).toBeLessThan(1e-8));
    expect(relative(model.fitted.diagnostics.logLikelihood, reference.cdnow.logLikelihood)).toBeLessThan(1e-12);
  });

  it('certifies the optimum: gradient norm, negative-definite Hessian, AIC, BIC, standard errors', () => {
    const d = model.fitted.diagnostics;
    expect(d.gradientNorm).toBeLessThan(1e-6);
    expect(d.hessianPositiveDefinite).toBe(true);
    expect(d.aic).toBeCloseTo(8 - 2 * d.logLikelihood, 9);
    expect(d.bic).toBeCloseTo(4 * Math.log(2357) - 2 * d.logLikelihood, 9);
    expect(model.fitted.n).toBe(2357);
    expect(d.groups).toBe(1016);
    for (const v of Object.values(model.standardErrors!)) expect(v).toBeGreaterThan(0);
    expect(parseModel(JSON.stringify(model))).toEqual(JSON.parse(JSON.stringify(model)));
  });

  it('grouped input with columns.count gives the raw fit to 1e-9 (parameters, standard errors, log-likelihood)', () => {
    const counts = new Map<string, number>();
    for (let i = cbs.x.length - 1; i >= 0; i--) {
      const key = `${cbs.x[i]}|${cbs.t_x[i]}|${cbs.T_cal[i]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const rows = [...counts].map(([key, customers]) => {
      const [x, t_x, T_cal] = key.split('|').map(Number);
      return { x, t_x, T_cal, customers };
    });
    const grouped = fitModifiedBetaGeo(rows, { timeUnit: 'week', columns: { ...columns, count: 'customers' } });
    expect(grouped.fitted.n).toBe(2357);
    for (const k of NAMES) {
      expect(relative(grouped.params[k], model.params[k]), k).toBeLessThan(1e-9);
      expect(relative(grouped.standardErrors![k], model.standardErrors![k]), k).toBeLessThan(1e-9);
    }
    expect(relative(grouped.fitted.diagnostics.logLikelihood, model.fitted.diagnostics.logLikelihood)).toBeLessThan(1e-9);
  });

  it('recovers known parameters from a simulated MBG/NBD population (seeded), within 3 standard errors', () => {
    const truth = { r: 0.7, alpha: 4, a: 0.9, b: 2.5 };
    const random = seededRandom(2007);
    const n = 20_000;
    const frequency = new Float64Array(n);
    const recency = new Float64Array(n);
    const T = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const lambda = random.gamma(truth.r) / truth.alpha;
      const ga = random.gamma(truth.a);
      const p = ga / (ga + random.gamma(truth.b));
      T[i] = 20 + 40 * random.uniform();
      // dropout is tried right after the first purchase (time 0) and after every repeat purchase
      if (random.uniform() < p) continue;
      let t = 0;
      for (;;) {
        t += -Math.log(1 - random.uniform()) / lambda;
        if (t > T[i]) break;
        frequency[i]++;
        recency[i] = t;
        if (random.uniform() < p) break;
      }
    }
    const fit = fitModifiedBetaGeo({ frequency, recency, T }, { timeUnit: 'week' });
    for (const k of NAMES) expect(Math.abs(fit.params[k] - truth[k]), `${k} = ${fit.params[k]}`).toBeLessThan(3 * fit.standardErrors![k]);
  });

  it('refuses bad input naming the field and row: recency > T, negative or fractional frequency, no repeat buyers', () => {
    const base = { frequency: [1, 2, 0], recency: [1, 2, 0], T: [5, 5, 5] };
    const cases: [Record<string, number[]>, string, number][] = [
      [{ ...base, recency: [1, 6, 0] }, 'recency', 1],
      [{ ...base, frequency: [1, -2, 0] }, 'frequency', 1],
      [{ ...base, frequency: [1, 2.5, 0] }, 'frequency', 1],
      [{ ...base, recency: [1, 2, 3] }, 'recency', 2],
    ];
    for (const [data, column, row] of cases) {
      const error = caught(() => fitModifiedBetaGeo(data, { timeUnit: 'week' }));
      expect(error).toBeInstanceOf(CustomerValueError);
      expect(error.code).toBe('invalid_value');
      expect(error.issues[0]).toMatchObject({ function: 'fitModifiedBetaGeo', column, row });
    }
    expect(caught(() => fitModifiedBetaGeo({ frequency: [0, 0], recency: [0, 0], T: [5, 5] }, { timeUnit: 'week' })).code).toBe('too_few_rows');
    // BG/BB's donations summary: frequency, recency, periods (discrete opportunities), no T
    const discrete = caught(() => fitModifiedBetaGeo({ frequency: [1, 2], recency: [3, 6], periods: [6, 6] }, { timeUnit: 'week' }));
    expect(discrete).toMatchObject({ code: 'missing_column', issues: [{ function: 'fitModifiedBetaGeo', column: 'T' }] });
    expect(discrete.message).toContain('discrete-time');
    const predicted = caught(() => modifiedBetaGeoProbabilityAlive(modelOf(reference.cdnow.params), { frequency: [1, 2], recency: [1, 9], T: [5, 5] }));
    expect(predicted.issues[0]).toMatchObject({ function: 'modifiedBetaGeoProbabilityAlive', column: 'recency', row: 1 });
    const byName = modelOf(reference.cdnow.params);
    expect(caught(() => modifiedBetaGeoConditionalExpectedPurchases(byName, base, undefined as never)).issues[0].path).toBe('t');
    expect(caught(() => modifiedBetaGeoConditionalExpectedPurchases(byName, base, -1)).code).toBe('invalid_spec');
    expect(caught(() => modifiedBetaGeoPurchaseProbability(model, 1.5, 3)).code).toBe('invalid_spec');
    expect(caught(() => modifiedBetaGeoExpectedPurchases(model, Number.NaN)).code).toBe('invalid_spec');
  });

  it('throws not_converged with what to try when the optimizer cannot certify a maximum', () => {
    const error = caught(() => fitModifiedBetaGeo(cbs, { ...spec, maxIterations: 10, starts: [{ r: 50, alpha: 0.01, a: 50, b: 0.01 }] }));
    expect(error).toBeInstanceOf(CustomerValueError);
    expect(error.code).toBe('not_converged');
    expect(error.issues[0].hint).toContain('spec.starts');
  });
});

describe('modifiedBetaGeoLogLikelihood(params, data, gradient, hessian)', () => {
  it('equals the independent scipy likelihood at every reference history (1e-12) and its derivatives equal central differences', () => {
    const g = new Float64Array(4);
    const H = new Float64Array(16);
    for (const c of reference.cases)
      for (const h of c.histories) {
        const data = prepareBetaGeoData(Float64Array.of(h.x), Float64Array.of(h.tx), Float64Array.of(h.T), null);
        const ll = modifiedBetaGeoLogLikelihood(c.params, data, g, H);
        expect(Math.abs(ll - h.logLikelihood), JSON.stringify(h)).toBeLessThan(1e-12 * Math.max(1, Math.abs(h.logLikelihood)));
        for (let i = 0; i < 4; i++) {
          const step = 1e-5;
          const up = c.params.map((v, j) => (j === i ? v * Math.exp(step) : v));
          const down = c.params.map((v, j) => (j === i ? v * Math.exp(-step) : v));
          const gu = new Float64Array(4);
          const gd = new Float64Array(4);
          const fd = (modifiedBetaGeoLogLikelihood(up, data, gu) - modifiedBetaGeoLogLikelihood(down, data, gd)) / (2 * step);
          expect(Math.abs(g[i] - fd), `${c.name} ${JSON.stringify(h)} ∂/∂ln θ${i}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(g[i])));
          for (let j = 0; j < 4; j++) {
            const hd = (gu[j] - gd[j]) / (2 * step);
            expect(Math.abs(H[i * 4 + j] - hd), `${c.name} ${JSON.stringify(h)} H${i}${j}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(hd)));
          }
        }
      }
  });
});

describe('MBG/NBD predictions', () => {
  const table = (rows: { x: number; tx: number; T: number }[]) => ({
    frequency: rows.map((h) => h.x),
    recency: rows.map((h) => h.tx),
    T: rows.map((h) => h.T),
  });

  it('P(alive), E[Y(t) | history], E[X(t)] and P(X(t) = n) equal the scipy integrals at 46 histories × 4 parameter sets (a = 1 + 1e-6 too) to 1e-8', () => {
    let checked = 0;
    for (const c of reference.cases) {
      const model = modelOf(c.params);
      const customers = table(c.histories);
      const alive = modifiedBetaGeoProbabilityAlive(model, customers).values;
      c.histories.forEach((h, i) => expect(relative(alive[i], h.alive), `${c.name} alive ${JSON.stringify(h)}`).toBeLessThan(1e-8));
      for (const t of Object.keys(c.histories[0].conditional)) {
        const values = modifiedBetaGeoConditionalExpectedPurchases(model, customers, Number(t)).values;
        c.histories.forEach((h, i) => expect(relative(values[i], h.conditional[t]), `${c.name} t = ${t} ${JSON.stringify(h)}`).toBeLessThan(1e-8));
        checked += values.length;
      }
      for (const [t, v] of Object.entries(c.expected))
        expect(relative(modifiedBetaGeoExpectedPurchases(model, Number(t)), v), `${c.name} E[X(${t})]`).toBeLessThan(1e-8);
      for (const [t, list] of Object.entries(c.probability))
        list.forEach((v, n) => {
          const p = modifiedBetaGeoPurchaseProbability(model, n, Number(t));
          // relative where the probability is not negligible; 1e-15 absolute below
          expect(Math.abs(p - v), `${c.name} P(X(${t}) = ${n})`).toBeLessThan(Math.max(1e-8 * v, 1e-15));
        });
    }
    expect(checked).toBe(4 * 46 * 3);
  });

  it('P(alive) < 1 for a customer with no repeat purchase (the difference from BG/NBD), and falls as T grows', () => {
    const model = modelOf(reference.cdnow.params);
    const { values } = modifiedBetaGeoProbabilityAlive(model, { frequency: [0, 0, 0], recency: [0, 0, 0], T: [0, 10, 100] });
    const { a, b } = model.params;
    // at T = 0 only the dropout right after the first purchase counts: P(alive) = E[1 − p] = b/(a+b)
    expect(relative(values[0], b / (a + b))).toBeLessThan(1e-14);
    expect(values[1]).toBeLessThan(values[0]);
    expect(values[2]).toBeLessThan(values[1]);
  });

  it('stays finite and equals 50-digit mpmath at extreme histories (x to 1e4, T to 1e4, t_x = T)', () => {
    const model = modelOf(reference.cdnow.params);
    for (const e of reference.extremes) {
      const row = { frequency: [e.x], recency: [e.tx], T: [e.T] };
      const alive = modifiedBetaGeoProbabilityAlive(model, row).values[0];
      const conditional = modifiedBetaGeoConditionalExpectedPurchases(model, row, e.t).values[0];
      expect(relative(alive, e.alive), JSON.stringify(e)).toBeLessThan(1e-10);
      expect(relative(conditional, e.conditional), JSON.stringify(e)).toBeLessThan(1e-9);
    }
    // a grid of extreme histories: every value finite and in range
    const rows = { frequency: [] as number[], recency: [] as number[], T: [] as number[] };
    for (const x of [0, 1, 10, 1000, 10_000])
      for (const T of [1e-6, 1, 100, 10_000])
        for (const tx of x === 0 ? [0] : [0, T * 1e-9, T / 2, T]) {
          rows.frequency.push(x);
          rows.recency.push(tx);
          rows.T.push(T);
        }
    for (const params of [reference.cdnow.params, [20, 0.01, 0.01, 100], [0.05, 500, 50, 0.2], [0.5, 6, 1e4, 1e4]]) {
      const m = modelOf(params);
      for (const v of modifiedBetaGeoProbabilityAlive(m, rows).values) expect(v >= 0 && v <= 1, `${params}`).toBe(true);
      for (const t of [1, 52, 1e4])
        for (const v of modifiedBetaGeoConditionalExpectedPurchases(m, rows, t).values) expect(Number.isFinite(v) && v >= 0).toBe(true);
      for (const t of [0, 1, 1e4]) expect(Number.isFinite(modifiedBetaGeoExpectedPurchases(m, t))).toBe(true);
      expect(Number.isFinite(modifiedBetaGeoPurchaseProbability(m, 5000, 1e4))).toBe(true);
    }
  });

  it('P(X(t) = n) over n sums to 1', () => {
    const model = modelOf(reference.cdnow.params);
    let total = 0;
    for (let n = 0; n < 400; n++) total += modifiedBetaGeoPurchaseProbability(model, n, 39);
    expect(Math.abs(total - 1)).toBeLessThan(1e-12);
  });
});

describe('the diagnostics take an MBG/NBD model (repeatBuyingOf)', () => {
  const model = modelOf(reference.cdnow.params);
  const customers = { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal };

  it('sums the per-customer predictions the MBG/NBD functions give', () => {
    const holdout = holdoutByFrequency(model, cbs, { columns, holdout: 'x_star', duration: 39 });
    const each = modifiedBetaGeoConditionalExpectedPurchases(model, customers, 39).values;
    expect(
      relative(
        holdout.total.expected,
        each.reduce((a, v) => a + v, 0),
      ),
    ).toBeLessThan(1e-12);
    const distribution = repeatPurchaseDistribution(model, cbs, { columns });
    let zero = 0;
    for (const T of cbs.T_cal) zero += modifiedBetaGeoPurchaseProbability(model, 0, T);
    expect(relative(distribution.expected[0], zero)).toBeLessThan(1e-12);
    expect(Math.abs(distribution.expected.reduce((a, v) => a + v, 0) - 2357)).toBeLessThan(1e-6);
    const tracking = repeatPurchaseTrackingFromCounts(model, { birth: [0, 1.5] }, { periods: 3 });
    expect(relative(tracking.expectedCumulative[2], modifiedBetaGeoExpectedPurchases(model, 3) + modifiedBetaGeoExpectedPurchases(model, 1.5))).toBeLessThan(
      1e-14,
    );
    const alive = modifiedBetaGeoProbabilityAlive(model, customers).values;
    const buying = repeatBuyingOf(model, 'test');
    for (let i = 0; i < cbs.x.length; i++) expect(buying.alive(cbs.x[i], cbs.t_x[i], cbs.T_cal[i])).toBe(alive[i]);
    expect(typeof repeatPurchaseTracking).toBe('function');
  });

  it('names fitModifiedBetaGeo in the hint for a model of another kind', () => {
    const error = caught(() => repeatPurchaseDistribution({ kind: 'gammaGamma' }, cbs, { columns }));
    expect(error.code).toBe('invalid_model');
    expect(error.issues[0].expected).toContain('"modifiedBetaGeo"');
    expect(error.issues[0].hint).toContain('fitModifiedBetaGeo');
  });
});

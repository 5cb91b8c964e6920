import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as root from '../helpers/library.js';
import { seededRandom } from '../../src/internal/random.js';
import { betaGeoBetaBinomialLogLikelihood, groupDiscreteHistories } from '../../src/loyalty/clv/betaGeoBetaBinomialLikelihood.js';
import { readFixtureJson } from '../helpers/fixtures.js';

interface Reference {
  params: { alpha: number; beta: number; gamma: number; delta: number };
  logLikelihood: number;
  periods: number;
  discountRate: number;
  unconditional: Record<string, number>;
  histories: { x: number; tx: number; n: number; probabilityAlive: number; expectedTransactions: number; dert: number }[];
}
// scipy fit and the paper's closed forms (eqs. 8, 11, 13, 14 with hyp2f1): test/fixtures/loyalty/make_bgbb_reference.py
const reference = readFixtureJson<Reference>('loyalty/bgbb_reference.json');
// Fader, Hardie & Shang (2010) donations data, grouped: lifetimes' donations.csv, copied to examples/data
const donations = root.parseCsv(readFileSync(join(__dirname, '../../examples/data/bgbb_donations_summary.csv'), 'utf8')).columns as Record<
  string,
  Float64Array
>;
const spec = { periodUnit: 'year', columns: { count: 'weights' } } as const;

/** The error a call throws (fails when none, or a raw error). */
function thrown(call: () => unknown): root.CustomerValueError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(root.CustomerValueError);
    return error as root.CustomerValueError;
  }
  throw new Error('expected the call to throw');
}

describe('fitBetaGeoBetaBinomial(table, spec)', () => {
  const model = root.fitBetaGeoBetaBinomial(donations, spec);

  it('reproduces Fader, Hardie & Shang (2010) on the donations data at the published precision, and scipy to 1e-6', () => {
    // published: α = 1.204, β = 0.750, γ = 0.657, δ = 2.783, LL = −33,225.6
    expect(Object.values(model.params).map((v) => Number(v.toFixed(3)))).toEqual([1.204, 0.75, 0.657, 2.783]);
    expect(Number(model.fitted.diagnostics.logLikelihood.toFixed(1))).toBe(-33225.6);
    expect(model.fitted.diagnostics.logLikelihood).toBeCloseTo(reference.logLikelihood, 6);
    for (const p of ['alpha', 'beta', 'gamma', 'delta'] as const) expect(Math.abs(model.params[p] / reference.params[p] - 1), p).toBeLessThan(1e-6);
    expect(model.fitted.n).toBe(11104);
    expect(model.fitted.diagnostics.groups).toBe(22);
    expect(model.fitted.diagnostics.hessianPositiveDefinite).toBe(true);
    expect(model.fitted.diagnostics.bic).toBeCloseTo(4 * Math.log(11104) - 2 * model.fitted.diagnostics.logLikelihood, 8);
    expect(root.parseModel(JSON.stringify(model))).toEqual(model);
  });

  it('gives the same fit on one row per donor as on the grouped table (1e-9)', () => {
    const raw = { frequency: [] as number[], recency: [] as number[], periods: [] as number[] };
    donations.frequency.forEach((x, i) => {
      for (let k = 0; k < donations.weights[i]; k++) {
        raw.frequency.push(x);
        raw.recency.push(donations.recency[i]);
        raw.periods.push(donations.periods[i]);
      }
    });
    const ungrouped = root.fitBetaGeoBetaBinomial(raw, { periodUnit: 'year' });
    for (const p of ['alpha', 'beta', 'gamma', 'delta'] as const) expect(Math.abs(ungrouped.params[p] / model.params[p] - 1)).toBeLessThan(1e-9);
  });

  it(`predicts P(alive), E[X(n, n + n*)] and DERT at ${reference.histories.length} histories as scipy's closed forms do (1e-9 at scipy's parameters)`, () => {
    const at = { ...model, params: reference.params };
    const customers = {
      frequency: reference.histories.map((h) => h.x),
      recency: reference.histories.map((h) => h.tx),
      periods: reference.histories.map((h) => h.n),
    };
    const p = root.betaGeoBetaBinomialPredictions(at, customers, {
      periods: reference.periods,
      discountRate: reference.discountRate,
      discountRateUnit: 'year',
    });
    reference.histories.forEach((h, i) => {
      const where = `x ${h.x}, t_x ${h.tx}, n ${h.n}`;
      expect(Math.abs(p.probabilityAlive[i] / h.probabilityAlive - 1), where).toBeLessThan(1e-9);
      expect(Math.abs(p.expectedTransactions[i] / h.expectedTransactions - 1), where).toBeLessThan(1e-9);
      expect(Math.abs(p.dert![i] / h.dert - 1), where).toBeLessThan(1e-9);
    });
    for (const [n, value] of Object.entries(reference.unconditional))
      expect(Math.abs(root.betaGeoBetaBinomialExpectedTransactions(at, Number(n)) / value - 1)).toBeLessThan(1e-9);
    expect(p.periodUnit).toBe('year');
  });

  it('stays finite for extreme histories (10,000 opportunities, all or none with a transaction)', () => {
    const p = root.betaGeoBetaBinomialPredictions(
      model,
      { frequency: [0, 10000, 1, 5000], recency: [0, 10000, 1, 10000], periods: [10000, 10000, 10000, 10000] },
      { periods: 100, discountRate: 0.1, discountRateUnit: 'year' },
    );
    for (const column of [p.probabilityAlive, p.expectedTransactions, p.dert!]) for (const v of column) expect(Number.isFinite(v)).toBe(true);
    expect(p.probabilityAlive[1]).toBeGreaterThan(0.99);
    expect(p.probabilityAlive[0]).toBeLessThan(1e-3);
  });

  it('writes the analytic gradient and Hessian the likelihood’s central differences give (1e-6 relative)', () => {
    const data = groupDiscreteHistories(donations.frequency, donations.recency, donations.periods, donations.weights, null);
    const at = [1.1, 0.8, 0.7, 2.5];
    const gradient = new Float64Array(4);
    const hessian = new Float64Array(16);
    betaGeoBetaBinomialLogLikelihood(at, data, gradient, hessian);
    const h = 1e-5;
    for (let i = 0; i < 4; i++) {
      const up = new Float64Array(4);
      const down = new Float64Array(4);
      const fUp = betaGeoBetaBinomialLogLikelihood(
        at.map((v, j) => (j === i ? v * Math.exp(h) : v)),
        data,
        up,
        null,
      );
      const fDown = betaGeoBetaBinomialLogLikelihood(
        at.map((v, j) => (j === i ? v * Math.exp(-h) : v)),
        data,
        down,
        null,
      );
      expect(Math.abs((fUp - fDown) / (2 * h) - gradient[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(gradient[i])));
      for (let j = 0; j < 4; j++)
        expect(Math.abs((up[j] - down[j]) / (2 * h) - hessian[4 * i + j])).toBeLessThan(1e-6 * Math.max(1, Math.abs(hessian[4 * i + j])));
    }
  });

  it('recovers the parameters it simulated from (seeded; 30,000 customers, 8 opportunities)', () => {
    const r = seededRandom(2010);
    const truth = { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.8 };
    const data = { frequency: [] as number[], recency: [] as number[], periods: [] as number[] };
    for (let i = 0; i < 30000; i++) {
      const a = r.gamma(truth.alpha);
      const p = a / (a + r.gamma(truth.beta));
      const g = r.gamma(truth.gamma);
      const theta = g / (g + r.gamma(truth.delta));
      let x = 0;
      let tx = 0;
      for (let t = 1; t <= 8; t++) {
        if (r.uniform() < theta) break;
        if (r.uniform() < p) {
          x++;
          tx = t;
        }
      }
      data.frequency.push(x);
      data.recency.push(tx);
      data.periods.push(8);
    }
    const fitted = root.fitBetaGeoBetaBinomial(data, { periodUnit: 'month' });
    for (const k of ['alpha', 'beta', 'gamma', 'delta'] as const) expect(Math.abs(fitted.params[k] - truth[k]), k).toBeLessThan(3 * fitted.standardErrors![k]);
  });

  it('refuses histories a discrete-time model cannot have, naming the row and column', () => {
    const base = { frequency: [1, 2, 0], recency: [3, 4, 0], periods: [6, 6, 6] };
    const late = thrown(() => root.fitBetaGeoBetaBinomial({ ...base, recency: [3, 7, 0] }, { periodUnit: 'year' }));
    expect(late.issues[0]).toMatchObject({ function: 'fitBetaGeoBetaBinomial', column: 'recency', row: 1, received: '7' });
    const many = thrown(() => root.fitBetaGeoBetaBinomial({ ...base, frequency: [4, 2, 0] }, { periodUnit: 'year' }));
    expect(many.issues[0]).toMatchObject({ column: 'frequency', row: 0 });
    expect(many.issues[0].hint).toContain('fitBetaGeo');
    const fractional = thrown(() => root.fitBetaGeoBetaBinomial({ ...base, recency: [2.5, 4, 0] }, { periodUnit: 'year' }));
    expect(fractional.issues[0]).toMatchObject({ column: 'recency', row: 0 });
    expect(thrown(() => root.fitBetaGeoBetaBinomial(base, {} as never)).issues[0].path).toBe('spec.periodUnit');
    const rate = thrown(() => root.betaGeoBetaBinomialPredictions(model, base, { periods: 3, discountRate: 0.1 }));
    expect(rate.issues[0].path).toBe('options.discountRateUnit');
  });
});

describe('BG/BB fit internals: dense grouping and kept beta ratios', () => {
  it('groups histories as the shared canonical grouping does (dense table up to n = 127, canonical beyond), skip marks and counts included', async () => {
    const { canonicalGroups } = await import('../../src/internal/canonicalGroups.js');
    for (const maxN of [1, 6, 20, 200]) {
      const random = seededRandom(maxN).uniform;
      const rows = 3000;
      const n = Float64Array.from({ length: rows }, () => 1 + Math.floor(random() * maxN));
      const tx = Float64Array.from(n, (v) => Math.floor(random() * (v + 1)));
      const x = Float64Array.from(tx, (v) => (v === 0 ? 0 : 1 + Math.floor(random() * v)));
      const count = Float64Array.from({ length: rows }, () => 1 + Math.floor(random() * 5));
      const skip = Uint8Array.from({ length: rows }, () => (random() < 0.1 ? 1 : 0));
      const got = groupDiscreteHistories(x, tx, n, count, skip);
      const expected = canonicalGroups([n, tx, x], rows, skip, count);
      expect([got.n, got.tx, got.x, got.weight]).toEqual([...expected.columns, expected.weights]);
    }
  });

  it('BetaRatios gives logBetaRatio and its derivatives bit for bit, kept or not', async () => {
    const { BetaRatios } = await import('../../src/loyalty/clv/betaGeoBetaBinomialLikelihood.js');
    const { logBetaRatio, logBetaRatioDerivatives } = await import('../../src/internal/logBetaRatio.js');
    const out = new Float64Array(5);
    for (const side of [-1, 12, 500]) {
      const kept = new BetaRatios(1.204, 0.75, side);
      for (let round = 0; round < 2; round++)
        for (let i = 0; i < 12; i++)
          for (let j = 0; j < 12; j++) {
            expect(kept.value(i, j)).toBe(logBetaRatio(1.204, 0.75, i, j));
            for (const second of [false, true]) {
              logBetaRatioDerivatives(1.204, 0.75, i, j, out, second);
              expect(Array.from(kept.derivatives(i, j, second).subarray(0, second ? 5 : 2))).toEqual(Array.from(out.subarray(0, second ? 5 : 2)));
            }
          }
    }
  });
});

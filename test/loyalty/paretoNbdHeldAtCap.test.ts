import { describe, expect, it } from 'vitest';
import { CustomerValueError } from '../../src/errors.js';
import { minimizeBfgs } from '../../src/internal/minimizeBfgs.js';
import { clvParameterDraws } from '../../src/loyalty/clv/clvParameterDraws.js';
import { fitParetoNbd, type ParetoNbdModel } from '../../src/loyalty/clv/fitParetoNbd.js';
import { PARETO_NBD_SHAPE_CAP } from '../../src/loyalty/clv/paretoNbdOptimum.js';
import { paretoNbdConditionalExpectedPurchases, paretoNbdProbabilityAlive } from '../../src/loyalty/clv/paretoNbdPredictions.js';
import { parseModel } from '../../src/model/parseModel.js';
import { caught, readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// Witness: test/fixtures/loyalty/pnbd_held_at_cap_reference.json, written by
// make_pnbd_held_at_cap_reference.py: scipy.optimize on the Pareto/NBD likelihood computed by
// numerical integration over the lifetime (Gauss-Legendre, checked against scipy.integrate.quad),
// s fixed at 1,000 and the rest maximized; and the profile of ℓ in s rising to the s → ∞ limit.
// Data: the library's simulators (see the script), stored as CSV beside it.
interface HeldReference {
  readonly held: { readonly params: Record<'r' | 'alpha' | 's' | 'beta', number>; readonly logLikelihood: number; readonly slope: number };
  /** ℓ with the held shape (s, or r for commonPurchase) fixed at 100, 1,000, 10,000 and in the limit. */
  readonly profile: readonly (({ readonly s: number | 'limit' } | { readonly r: number | 'limit' }) & { readonly logLikelihood: number })[];
}
const reference = readFixtureJson<Record<'commonDropout' | 'betaGeo' | 'commonPurchase', HeldReference>>('loyalty/pnbd_held_at_cap_reference.json');
const spec = { timeUnit: 'week' } as const;
const PARAMS = ['r', 'alpha', 's', 'beta'] as const;

const cases = [
  // simulateParetoNbd({ r: 0.5, alpha: 10, s: 1e4, beta: 1e6 }, 200, 1): everyone drops out at nearly the same rate
  { name: 'a common-dropout Pareto/NBD (s = 1e4, 200 customers)', file: 'loyalty/pnbd_common_dropout.csv', ref: reference.commonDropout },
  // simulateBetaGeo({ r: 1, alpha: 3, a: 3, b: 1 }, 300, 2): BG/NBD data
  { name: 'BG/NBD data (300 customers)', file: 'loyalty/pnbd_betageo_data.csv', ref: reference.betaGeo },
  // simulateParetoNbd({ r: 1e4, alpha: 2e4, s: 0.5, beta: 10 }, 200, 5): everyone purchases at nearly the same rate
  {
    name: 'a common-purchase-rate Pareto/NBD (r = 1e4, 200 customers)',
    file: 'loyalty/pnbd_common_purchase.csv',
    ref: reference.commonPurchase,
    held: 'r' as const,
  },
];

describe('fitParetoNbd: a shape held at its cap of 1,000 (issue 19)', () => {
  const fits = new Map<string, ParetoNbdModel>();
  const fitOf = (file: string) => {
    if (!fits.has(file)) fits.set(file, fitParetoNbd(readFixtureCsv(file).columns, spec));
    return fits.get(file)!;
  };

  for (const { name, file, ref, held = 's' } of cases) {
    const [scale, free, freeScale] = held === 's' ? (['beta', 'r', 'alpha'] as const) : (['alpha', 's', 'beta'] as const);
    it(`${name}: converges with ${held} held at the cap, as scipy's profile fit (1e-7 parameters, 1e-9 ℓ)`, () => {
      const model = fitOf(file);
      const d = model.fitted.diagnostics;
      expect(PARETO_NBD_SHAPE_CAP).toBe(1000);
      expect(model.params[held]).toBe(PARETO_NBD_SHAPE_CAP);
      expect(d.heldAtCap).toHaveLength(1);
      expect(d.heldAtCap![0].parameter).toBe(held);
      // ℓ still rises towards the cap: the slope along the held shape with its mean rate fixed, as scipy's central difference
      expect(d.heldAtCap![0].slope).toBeGreaterThan(0);
      expect(Math.abs(d.heldAtCap![0].slope / ref.held.slope - 1)).toBeLessThan(1e-3);
      for (const p of PARAMS) expect(Math.abs(model.params[p] / ref.held.params[p] - 1), p).toBeLessThan(1e-7);
      expect(Math.abs(d.logLikelihood / ref.held.logLikelihood - 1)).toBeLessThan(1e-9);
      // the profile: ℓ rises in s up to the limit, so no interior maximum was missed
      expect(ref.profile.map((p) => (held === 's' ? 's' in p && p.s : 'r' in p && p.r))).toEqual([100, 1000, 10000, 'limit']);
      expect(ref.profile[0].logLikelihood).toBeLessThan(d.logLikelihood);
      expect(d.gradientNorm).toBeLessThan(1e-6 * model.fitted.n);
      expect(d.hessianPositiveDefinite).toBe(true);
      expect(model.fitted.warnings[0]).toMatch(
        held === 's'
          ? /^s held at its cap of 1,000 .*almost no heterogeneity in dropout rates.*BG\/NBD-like/
          : /^r held at its cap of 1,000 .*almost no heterogeneity in purchase rates.*common-purchase-rate model; r and α .*only their mean r\/α/,
      );
      // the held pair has no standard errors, the others do
      expect(model.standardErrors).not.toBeNull();
      expect(model.standardErrors![held]).toBeNull();
      expect(model.standardErrors![scale]).toBeNull();
      expect(model.standardErrors![free]).toBeGreaterThan(0);
      expect(model.standardErrors![freeScale]).toBeGreaterThan(0);
    });
  }

  it('a held model round-trips through JSON and parseModel, and scores the same', () => {
    const model = fitOf(cases[0].file);
    const loaded = parseModel(JSON.stringify(model)) as ParetoNbdModel;
    expect(loaded).toEqual(JSON.parse(JSON.stringify(model)));
    expect(loaded.fitted.diagnostics.heldAtCap).toEqual(model.fitted.diagnostics.heldAtCap);
    const rows = [
      { frequency: 0, recency: 0, T: 39 },
      { frequency: 3, recency: 20, T: 39 },
      { frequency: 10, recency: 38, T: 52 },
    ];
    const alive = paretoNbdProbabilityAlive(model, rows).values;
    expect(paretoNbdProbabilityAlive(loaded, rows).values).toEqual(alive);
    for (const p of alive) expect(p > 0 && p <= 1).toBe(true);
    const expected = paretoNbdConditionalExpectedPurchases(loaded, rows, 52).values;
    expect(paretoNbdConditionalExpectedPurchases(model, rows, 52).values).toEqual(expected);
    for (const e of expected) expect(Number.isFinite(e) && e >= 0).toBe(true);
    // a model written before heldAtCap was recorded still loads
    const old = JSON.parse(JSON.stringify(model));
    delete old.fitted.diagnostics.heldAtCap;
    old.fitted.warnings = [];
    old.standardErrors = { r: 0.1, alpha: 1, s: 2, beta: 3 };
    expect((parseModel(old) as ParetoNbdModel).fitted.diagnostics.heldAtCap).toBeUndefined();
  });

  it('parameter draws refuse a held model, naming the held parameter', () => {
    const model = fitOf(cases[0].file);
    const error = caught(() => clvParameterDraws(model, readFixtureCsv(cases[0].file).columns, { method: 'delta', draws: 10 }));
    expect(error).toBeInstanceOf(CustomerValueError);
    expect(error.code).toBe('invalid_model');
    expect(error.message).toContain('s is held at its cap of 1,000');
    expect(error.issues[0].path).toBe('model.fitted.diagnostics.heldAtCap');
    const purchase = caught(() => clvParameterDraws(fitOf(cases[2].file), readFixtureCsv(cases[2].file).columns, { method: 'bootstrap', draws: 10 }));
    expect(purchase.code).toBe('invalid_model');
    expect(purchase.message).toContain('r is held at its cap of 1,000');
  });
});

describe('minimizeBfgs: stopAt', () => {
  // f = (x0 − 3)² + (x1 + 1)²: its minimum (3, −1) lies beyond the edge x0 ≤ 1
  const fg = (x: Float64Array, g: Float64Array) => {
    g[0] = 2 * (x[0] - 3);
    g[1] = 2 * (x[1] + 1);
    return (x[0] - 3) ** 2 + (x[1] + 1) ** 2;
  };
  it('does not evaluate beyond the edge and stops there, reporting the point; absent, the search is the plain one', () => {
    const seen: number[] = [];
    const stopped = minimizeBfgs(
      (x, g) => {
        seen.push(x[0]);
        return fg(x, g);
      },
      [0, 0],
      { maxIterations: 100, gradientTolerance: 1e-10, stopAt: (x) => x[0] > 1 },
    );
    expect(seen.every((v) => v <= 1)).toBe(true);
    expect(stopped.converged).toBe(false);
    expect(stopped.stoppedAt![0]).toBeGreaterThan(1);
    expect(stopped.x[0]).toBeLessThanOrEqual(1);
    const plain = minimizeBfgs(fg, [0, 0], { maxIterations: 100, gradientTolerance: 1e-10 });
    expect(plain.stoppedAt).toBeUndefined();
    expect(plain.converged).toBe(true);
    expect(Array.from(plain.x)).toEqual([3, -1]);
  });
});

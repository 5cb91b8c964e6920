import { describe, expect, it } from 'vitest';
import { purchaseHeterogeneity } from '../../src/clv.js';
import { betaDensity, gammaDensity } from '../../src/internal/mixingDensities.js';
import { logGamma } from '../../src/internal/specialFunctions.js';
import { caught, readFixtureJson } from '../helpers/fixtures.js';

interface Reference {
  family: 'gamma' | 'beta';
  parameters: [number, number];
  mean: number;
  variance: number;
  quantiles: number[];
  x: number[];
  density: number[];
}
// Source: test/fixtures/loyalty/make_heterogeneity_reference.py (scipy.stats gamma/beta: mean, var, ppf, pdf)
const reference = readFixtureJson<{
  probabilities: number[];
  points: number;
  [name: string]: unknown;
}>('loyalty/heterogeneity_reference.json');
const cases = reference as unknown as Record<string, { params: Record<string, number>; rate?: Reference; dropout: Reference }>;
const spec = { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 };
const fitted = { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9594.98, groups: 1016, iterations: 0 } };
const betaGeoOf = (params: Record<string, number>) => ({ kind: 'betaGeo', version: 2, spec, params, standardErrors: null, fitted });
const paretoNbdOf = (params: Record<string, number>) => ({
  kind: 'paretoNbd',
  version: 2,
  spec,
  params,
  standardErrors: null,
  fitted: { ...fitted, diagnostics: { ...fitted.diagnostics, aic: 0, bic: 0, gradientNorm: 0, hessianPositiveDefinite: true, newtonSteps: 0 } },
});
// Fader, Hardie & Shang (2010), the donation data's published estimates
const bgbbOf = (params: Record<string, number>) => ({
  kind: 'betaGeoBetaBinomial',
  version: 2,
  spec: { periodUnit: 'year', columns: { frequency: 'frequency', recency: 'recency', periods: 'periods' }, missing: 'error', maxIterations: 500 },
  params,
  standardErrors: null,
  fitted: {
    n: 11104,
    skipped: 0,
    warnings: [],
    diagnostics: { logLikelihood: -33225.6, aic: 0, bic: 0, gradientNorm: 0, hessianPositiveDefinite: true, iterations: 0, newtonSteps: 0, groups: 22 },
  },
});
const models: [string, unknown][] = [
  ['betaGeoBetaBinomial', bgbbOf(cases.betaGeoBetaBinomial.params)],
  ['betaGeo', betaGeoOf(cases.betaGeo.params)],
  ['paretoNbd', paretoNbdOf(cases.paretoNbd.params)],
  ['extremeBetaGeo', betaGeoOf(cases.extremeBetaGeo.params)],
  ['extremeParetoNbd', paretoNbdOf(cases.extremeParetoNbd.params)],
  ['extremeBeta', betaGeoOf({ r: 1, alpha: 1, ...cases.extremeBeta.params })],
];
const relative = (a: number, b: number) => Math.abs(a / b - 1);

/** Simpson's rule of f on [0, 1] with n (even) intervals. */
function simpson(f: (u: number) => number, n: number): number {
  let sum = f(0) + f(1);
  for (let k = 1; k < n; k++) sum += (k % 2 === 1 ? 4 : 2) * f(k / n);
  return sum / (3 * n);
}

describe('purchaseHeterogeneity(model, options)', () => {
  it.each(models)('%s: moments, quantiles and the density curve as scipy.stats gives them', (name, model) => {
    const h = purchaseHeterogeneity(model, { points: reference.points, probabilities: reference.probabilities });
    for (const which of ['rate', 'dropout'] as const) {
      const want = cases[name][which];
      if (want === undefined) continue;
      const got = h[which];
      expect(got.family).toBe(want.family);
      expect(Object.values(got.parameters)).toEqual(want.parameters);
      expect(relative(got.mean, want.mean)).toBeLessThan(1e-14);
      expect(relative(got.variance, want.variance)).toBeLessThan(1e-13);
      got.quantiles.value.forEach((q, k) => expect(relative(q, want.quantiles[k]), `${which} q${reference.probabilities[k]}`).toBeLessThan(1e-10));
      // the grid depends on the 0.99 (gamma) or 0.999 (beta) quantile, so x and the density agree to its precision
      got.x.forEach((x, k) => expect(relative(x, want.x[k])).toBeLessThan(1e-10));
      // (far in a tail both underflow to 0)
      got.density.forEach((d, k) => expect(Math.abs(d - want.density[k]), `${which} density at ${got.x[k]}`).toBeLessThanOrEqual(1e-8 * want.density[k]));
      expect(got.coverage).toBe(want.family === 'gamma' ? 0.99 : 0.999);
    }
  });

  it('gives densities that integrate to 1 (Simpson after the substitution that removes the singularity at 0 and 1)', () => {
    for (const [name] of models) {
      for (const which of ['rate', 'dropout'] as const) {
        const want = cases[name][which];
        if (want === undefined) continue;
        const [p, q] = want.parameters;
        let total: number;
        if (want.family === 'gamma') {
          // x = (u / (1 − u))^(1/shape) · scale: the integrand is smooth on [0, 1) and 0 at 1
          const scale = p / q;
          // shape ≥ 1: no singularity, x = scale · u / (1 − u)
          if (p >= 1) total = simpson((u) => (u === 0 || u >= 1 ? 0 : (gammaDensity(p, q, (scale * u) / (1 - u)) * scale) / (1 - u) ** 2), 200_000);
          else
            total = simpson((u) => {
              if (u >= 1) return 0;
              const t = u / (1 - u);
              const x = t ** (1 / p) * scale;
              const dxdu = (scale / p) * t ** (1 / p - 1) * (1 / (1 - u) ** 2);
              // at u = 0 the limit: x^(shape−1) dx/du → scale^shape / shape
              return u === 0 ? Math.exp(p * Math.log(q * scale) - logGamma(p)) / p : gammaDensity(p, q, x) * dxdu;
            }, 200_000);
        } else {
          // ∫ over [0, 1/2] of beta(a, b) with p = (u / 2^a)^(1/a): p^(a−1) dp = du / (a 2^a), no singularity;
          // (a ≥ 1: no singularity, plain p = u / 2); [1/2, 1] is the same integral of beta(b, a) (the density at 1 − y is beta(b, a)'s at y)
          const inverseBeta = Math.exp(logGamma(p + q) - logGamma(p) - logGamma(q));
          const half = (a: number, b: number) =>
            a >= 1
              ? simpson((u) => (u === 0 ? 0 : betaDensity(a, b, u / 2) / 2), 200_000)
              : simpson((u) => {
                  const scaled = u * 0.5 ** a;
                  // at u = 0 the limit 2^−a / (a B(a, b))
                  return u === 0 ? (inverseBeta * 0.5 ** a) / a : (betaDensity(a, b, scaled ** (1 / a)) * scaled ** (1 / a - 1) * 0.5 ** a) / a;
                }, 200_000);
          const left = half(p, q);
          const right = half(q, p);
          total = left + right;
        }
        expect(Math.abs(total - 1), `${name} ${which}: ∫ = ${total}`).toBeLessThan(1e-6);
      }
    }
  });

  it('refuses bad options and models, naming them', () => {
    const model = models[0][1];
    expect(caught(() => purchaseHeterogeneity(model, { points: 3 })).issues[0].path).toBe('options.points');
    expect(caught(() => purchaseHeterogeneity(model, { probabilities: [0.5, 1] })).issues[0].path).toBe('options.probabilities.1');
    expect(caught(() => purchaseHeterogeneity({ kind: 'gammaGamma' })).code).toBe('invalid_model');
  });
});

describe('purchaseHeterogeneity of a BG/BB model', () => {
  const model = bgbbOf(cases.betaGeoBetaBinomial.params);
  const h = purchaseHeterogeneity(model, { points: 400 });

  it('is beta(α, β) of the transaction probability p and beta(γ, δ) of the dropout probability θ, per opportunity (FHS 2010)', () => {
    expect([h.kind, h.timeUnit, h.opportunities]).toEqual(['betaGeoBetaBinomial', 'year', true]);
    expect([h.rate.trait, h.rate.family, h.rate.parameters]).toEqual(['p', 'beta', { a: 1.204, b: 0.75 }]);
    expect([h.dropout.trait, h.dropout.family, h.dropout.parameters]).toEqual(['theta', 'beta', { a: 0.657, b: 2.783 }]);
    expect(h.rate.description).toMatch(/transaction at each opportunity \(one per year\).*beta\(α, β\)/);
    expect(h.dropout.description).toMatch(/inactive at each opportunity: beta\(γ, δ\)/);
    // the means α/(α + β) and γ/(γ + δ), variances ab/((a + b)²(a + b + 1))
    expect(h.rate.mean).toBeCloseTo(1.204 / 1.954, 15);
    expect(h.dropout.mean).toBeCloseTo(0.657 / 3.44, 15);
    expect(h.dropout.variance).toBeCloseTo((0.657 * 2.783) / (3.44 * 3.44 * 4.44), 15);
    // a continuous-time model says it is not in opportunities
    expect(purchaseHeterogeneity(models[1][1]).opportunities).toBe(false);
  });

  it('its curves are densities: the midpoint sum over [0, the 0.999 quantile] holds 0.999 of the mass, and the curve’s mean is the mean', () => {
    for (const curve of [h.rate, h.dropout]) {
      const width = 2 * curve.x[0];
      // θ's shape γ < 1 makes its density infinite at 0, so the midpoint rule misses some mass there (0.992 of 0.999 at 400 points); the first moment also lacks the tail beyond the 0.999 quantile
      let mass = 0;
      let first = 0;
      curve.density.forEach((d, k) => {
        mass += d * width;
        first += d * curve.x[k] * width;
      });
      expect(Math.abs(mass - curve.coverage), `${curve.trait}: ${mass}`).toBeLessThan(0.01);
      expect(Math.abs(first - curve.mean), `${curve.trait}: ${first}`).toBeLessThan(0.005);
    }
  });

  it('the chart draws both betas with its axes in probability per opportunity; the continuous axes are unchanged', async () => {
    const charts = await import('../../src/charts/index.js');
    const labels = { title: 'Donors' };
    const svg = charts.purchaseHeterogeneitySvg(h, labels);
    expect(svg.match(/>probability per opportunity<\/text>/g)).toHaveLength(2);
    expect(svg).toContain('beta(γ, δ)');
    expect(JSON.stringify(charts.purchaseHeterogeneityVegaLite(h, labels))).toContain('"title":"probability per opportunity"');
    const continuous = charts.purchaseHeterogeneitySvg(purchaseHeterogeneity(models[1][1]), labels);
    expect(continuous).not.toContain('per opportunity');
    expect(continuous).toContain('>rate</text>');
  });

  it('refuses a tampered BG/BB model as it refuses the other kinds', () => {
    expect(caught(() => purchaseHeterogeneity({ ...model, params: { ...model.params, gamma: -1 } })).code).toBe('invalid_model');
  });
});

describe('purchaseHeterogeneity of an MBG/NBD model', () => {
  it('has BG/NBD’s mixing distributions at the same parameters: gamma(r, α) and beta(a, b), the dropout described as at every purchase', async () => {
    const { fitModifiedBetaGeo } = await import('../../src/clv.js');
    const { readFixtureCsv } = await import('../helpers/fixtures.js');
    const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
    const mbg = fitModifiedBetaGeo({ frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal }, { timeUnit: 'week' });
    const asBetaGeo = betaGeoOf({ ...mbg.params });
    const got = purchaseHeterogeneity(mbg, { points: 50 });
    const same = purchaseHeterogeneity(asBetaGeo, { points: 50 });
    expect(got.rate).toEqual(same.rate);
    expect({ ...got.dropout, description: '' }).toEqual({ ...same.dropout, description: '' });
    expect(got.dropout.description).toContain('the first included');
  });
});

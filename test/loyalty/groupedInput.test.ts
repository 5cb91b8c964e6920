import { describe, expect, it } from 'vitest';
import { fitBetaGeo, fitGammaGamma, type BetaGeoModel, type GammaGammaModel } from '../../src/clv.js';
import { betaGeoLogLikelihood, prepareBetaGeoData } from '../../src/loyalty/clv/betaGeoLikelihood.js';
import { seededRandom } from '../../src/internal/random.js';
import { caught, readFixtureCsv } from '../helpers/fixtures.js';

// Witnesses: the same customers fitted three ways — raw rows, the rows shuffled, and a histogram
// of distinct histories with a count column built here with a plain Map (an independent path
// from the library's grouping) — must give the same optimum to 1e-9 relative (grouping identical
// histories is exact, and the optimum must not depend on row order). Published values:
// Fader, Hardie & Lee (2005) r = 0.243, α = 4.414, a = 0.793, b = 2.426 (CDNOW, 2-decimal
// summary as lifetimes ships it); Fader & Hardie (2013) p = 6.25, q = 3.74, γ = 15.44 (BTYD's
// full-precision CDNOW CBS).
const lifetimesSummary = readFixtureCsv('value/cdnow_customers_summary.csv').columns as Record<string, Float64Array>;
const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;

type Columns = Record<string, Float64Array>;

function shuffled(columns: Columns, seed: number): Columns {
  const n = Object.values(columns)[0].length;
  const order = Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, Float64Array.from(order, (i) => values[i])]));
}

/** GROUP BY every column, COUNT(*) AS customers — with a Map, in first-appearance order. */
function groupedWithMap(columns: Columns): Record<string, number[]> {
  const names = Object.keys(columns);
  const groups = new Map<string, { values: number[]; customers: number }>();
  for (let i = 0; i < columns[names[0]].length; i++) {
    const values = names.map((name) => columns[name][i]);
    const key = values.join('|');
    const group = groups.get(key);
    if (group) group.customers++;
    else groups.set(key, { values, customers: 1 });
  }
  const out: Record<string, number[]> = Object.fromEntries([...names, 'customers'].map((name) => [name, [] as number[]]));
  for (const { values, customers } of groups.values()) {
    names.forEach((name, k) => out[name].push(values[k]));
    out.customers.push(customers);
  }
  return out;
}

function expectSameFit(fits: (BetaGeoModel | GammaGammaModel)[]): void {
  const [first, ...rest] = fits;
  const numbers = (record: object | null) => record as unknown as Record<string, number>;
  for (const other of rest) {
    for (const [key, value] of Object.entries(first.params)) {
      expect(Math.abs(numbers(other.params)[key] / value - 1), key).toBeLessThan(1e-9);
      const se = numbers(first.standardErrors)[key];
      expect(Math.abs(numbers(other.standardErrors)[key] / se - 1), `standard error of ${key}`).toBeLessThan(1e-9);
    }
    expect(Math.abs(other.fitted.diagnostics.logLikelihood / first.fitted.diagnostics.logLikelihood - 1)).toBeLessThan(1e-12);
    expect(other.fitted.n).toBe(first.fitted.n);
    expect(other.fitted.diagnostics.groups).toBe(first.fitted.diagnostics.groups);
  }
}

describe('fitBetaGeo(summary, { columns: { count } }): grouped input is exact and the optimum order-independent', () => {
  const raw = { frequency: lifetimesSummary.frequency, recency: lifetimesSummary.recency, T: lifetimesSummary.T };
  const grouped = groupedWithMap(raw);
  const spec = { timeUnit: 'week' as const };
  const fromRaw = fitBetaGeo(raw, spec);
  const fromShuffled = fitBetaGeo(shuffled(raw, 16), spec);
  const fromGrouped = fitBetaGeo(grouped, { ...spec, columns: { count: 'customers' } });

  it('CDNOW: raw, shuffled and grouped rows give the same parameters, standard errors and log-likelihood to 1e-9', () => {
    expect(grouped.customers.length).toBeLessThan(raw.frequency.length);
    expectSameFit([fromRaw, fromShuffled, fromGrouped]);
    expect(fromGrouped.fitted.n).toBe(2357);
    expect(fromGrouped.fitted.diagnostics.groups).toBe(grouped.customers.length);
  });

  it('the grouped fit still reproduces Fader, Hardie & Lee (2005)', () => {
    const { r, alpha, a, b } = fromGrouped.params;
    expect([r, alpha, a, b].map((v) => Math.round(v * 1000) / 1000)).toEqual([0.243, 4.414, 0.793, 2.426]);
    expect(Math.round(fromGrouped.fitted.diagnostics.logLikelihood * 10) / 10).toBe(-9582.4);
  });

  it('finishes at a stationary point: Newton steps leave the gradient at rounding level', () => {
    const data = prepareBetaGeoData(raw.frequency, raw.recency, raw.T, null);
    const gradient = new Float64Array(4);
    const { r, alpha, a, b } = fromRaw.params;
    betaGeoLogLikelihood([r, alpha, a, b], data, gradient);
    // per customer, in log-parameters (BFGS alone stops at 1e-9)
    for (const g of gradient) expect(Math.abs(g / 2357)).toBeLessThan(1e-12);
    expect(fromRaw.fitted.diagnostics.newtonSteps).toBeGreaterThan(0);
  });

  it('a generated population with many ties (whole weeks, five cohorts): raw, shuffled, grouped agree', () => {
    const random = seededRandom(1616);
    const n = 20_000;
    const frequency = new Float64Array(n);
    const recency = new Float64Array(n);
    const T = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      T[i] = [26, 30, 39, 45, 52][i % 5];
      const lambda = random.gamma(0.5) / 4;
      const dropout = 0.15 + 0.3 * random.uniform();
      let t = 0;
      for (;;) {
        t += -Math.log(1 - random.uniform()) / lambda;
        if (t > T[i]) break;
        frequency[i]++;
        recency[i] = Math.min(T[i], Math.ceil(t));
        if (random.uniform() < dropout) break;
      }
    }
    const data = { frequency, recency, T };
    const ties = groupedWithMap(data);
    expect(ties.customers.length).toBeLessThan(n / 5);
    expectSameFit([
      fitBetaGeo(data, spec),
      fitBetaGeo(shuffled(data, 7), spec),
      fitBetaGeo(ties, { ...spec, columns: { count: 'customers' } }),
      fitBetaGeo(shuffled(ties as unknown as Columns, 3), { ...spec, columns: { count: 'customers' } }),
    ]);
  });

  it('refuses a count that is not a whole number ≥ 1, naming the column and row', () => {
    for (const bad of [0, -2, 1.5, Number.NaN, Infinity]) {
      const error = caught(() => fitBetaGeo({ frequency: [1, 2, 0], recency: [3, 4, 0], T: [5, 6, 7], n: [4, bad, 1] }, { ...spec, columns: { count: 'n' } }));
      expect(error.name, String(bad)).toBe('CustomerValueError');
      expect(error.issues[0].column).toBe('n');
      expect(error.issues[0].row).toBe(1);
    }
    expect(caught(() => fitBetaGeo(raw, { ...spec, columns: { count: 'customers' } })).code).toBe('missing_column');
  });
});

describe('fitGammaGamma(summary, { columns: { count } }): grouped input is exact and the optimum order-independent', () => {
  const raw = { frequency: cbs.x, monetary: cbs.m_x };
  const grouped = groupedWithMap(raw);
  const fromRaw = fitGammaGamma(raw);
  const fromShuffled = fitGammaGamma(shuffled(raw, 16));
  const fromGrouped = fitGammaGamma(grouped, { columns: { count: 'customers' } });

  it('CDNOW: raw, shuffled and grouped rows give the same parameters, standard errors and log-likelihood to 1e-9', () => {
    expectSameFit([fromRaw, fromShuffled, fromGrouped]);
    expect([fromGrouped.fitted.n, fromGrouped.fitted.diagnostics.withoutRepeat]).toEqual([946, 1411]);
    expect(fromGrouped.fitted.diagnostics.frequencyMonetaryCorrelation).toBeCloseTo(fromRaw.fitted.diagnostics.frequencyMonetaryCorrelation, 12);
  });

  it('the grouped fit still reproduces Fader & Hardie (2013)', () => {
    const { p, q, gamma } = fromGrouped.params;
    expect([p, q, gamma].map((v) => Math.round(v * 100) / 100)).toEqual([6.25, 3.74, 15.44]);
  });

  it('a generated population with many ties (whole-dollar spends): raw, shuffled, grouped agree', () => {
    const random = seededRandom(2013);
    const n = 20_000;
    const frequency = Float64Array.from({ length: n }, () => 1 + Math.floor(random.gamma(1.5)));
    const monetary = Float64Array.from({ length: n }, () => Math.max(1, Math.round((random.gamma(6) / random.gamma(4)) * 30)));
    const data = { frequency, monetary };
    const ties = groupedWithMap(data);
    expect(ties.customers.length).toBeLessThan(n / 5);
    expectSameFit([
      fitGammaGamma(data),
      fitGammaGamma(shuffled(data, 7)),
      fitGammaGamma(ties, { columns: { count: 'customers' } }),
      fitGammaGamma(shuffled(ties as unknown as Columns, 3), { columns: { count: 'customers' } }),
    ]);
  });

  it('counts excluded customers by their counts, and refuses a bad count with its column and row', () => {
    const model = fitGammaGamma(
      { frequency: [0, 1, 2, 3, 1], monetary: [0, 10, 20, -1, 12], n: [7, 2, 3, 4, 1] },
      { columns: { count: 'n' }, nonPositiveSpend: 'exclude' },
    );
    expect([model.fitted.n, model.fitted.diagnostics.withoutRepeat, model.fitted.diagnostics.nonPositiveExcluded]).toEqual([6, 7, 4]);
    const error = caught(() => fitGammaGamma({ frequency: [1, 2, 3], monetary: [10, 20, 30], n: [1, 2, 0] }, { columns: { count: 'n' } }));
    expect(error.code).toBe('invalid_value');
    expect([error.issues[0].column, error.issues[0].row]).toEqual(['n', 2]);
  });
});

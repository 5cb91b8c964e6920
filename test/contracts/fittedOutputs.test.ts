import { describe, expect, it } from 'vitest';
import * as root from '../helpers/library.js';
import { seededRandom } from '../../src/internal/random.js';
import { MODEL_KIND_NAMES, SCORABLE_KINDS, type ModelKind } from '../../src/model/kinds.js';

// Contracts on outputs (issue 15): every fitted model of every kind — the kinds enumerated from
// the registry (src/model/kinds.ts), so a new kind without a case fails here — fitted on seeded random data
// and on degenerate data (duplicated rows, n close to the fewest rows the fit needs, each
// column constant in turn) either passes parseModel and scores (its own score functions, and
// compileScorer + scoreColumns for the kinds the compiled scorer takes) to finite values, or the
// fit refuses with a clear CustomerValueError (a code, a message naming the function, issues).

type Columns = Record<string, number[]>;
type Random = ReturnType<typeof seededRandom>;

/** Paths of every non-finite number in a result (typed arrays, arrays and objects walked). */
function nonFinite(value: unknown, path: string): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return Array.from(value as ArrayLike<unknown>).flatMap((v, i) => nonFinite(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`));
  return [];
}

/**
 * Customers drawn from the BG/NBD and Gamma-Gamma models themselves (r 0.25, α 4, a 0.8, b 2.5;
 * p 6, q 4, γ 15 — values of the order Fader et al. 2005 fit on CDNOW), so random data is data
 * the models can fit: frequency and recency (≤ T) in weeks, mean spend of repeat purchases.
 */
function customers(n: number, r: Random, repeatOnly = false): Columns {
  const c: Columns = { frequency: [], recency: [], T: [], monetary: [], revenue: [] };
  while (c.frequency.length < n) {
    const T = 20 + Math.round(r.uniform() * 300) / 10;
    const lambda = r.gamma(0.25) / 4;
    const g = r.gamma(0.8);
    const dropout = g / (g + r.gamma(2.5));
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += -Math.log(1 - r.uniform()) / lambda;
      if (!(t <= T)) break;
      x++;
      tx = t;
      if (r.uniform() < dropout) break;
    }
    if (repeatOnly && x === 0) continue;
    const nu = r.gamma(4) / 15;
    let spend = 0;
    for (let i = 0; i < x; i++) spend += r.gamma(6) / nu;
    const monetary = x > 0 ? Math.round((spend / x) * 100) / 100 : 0;
    c.frequency.push(x);
    c.T.push(T);
    c.recency.push(Math.round(tx * 100) / 100);
    c.monetary.push(monetary);
    c.revenue.push(Math.round((monetary * x + r.gamma(6) / nu) * 100) / 100);
  }
  return c;
}

/**
 * Cohort survivor tables drawn from the sBG itself (churn probability θ ~ Beta(0.7, 1.2), the order
 * Fader & Hardie 2007 fit): cohorts of 20–219 customers observed 1–12 periods, n rows in all
 * (the last cohort may hold period 0 alone).
 */
function cohortSurvivors(n: number, r: Random): Columns {
  const c: Columns = { cohort: [], period: [], survivors: [] };
  for (let cohort = 0; c.period.length < n; cohort++) {
    const age = Math.min(1 + (cohort % 12), n - c.period.length - 1);
    const lifetimes = Array.from({ length: 20 + Math.floor(r.uniform() * 200) }, () => {
      const a = r.gamma(0.7);
      const theta = a / (a + r.gamma(1.2));
      let t = 1;
      while (t <= age && r.uniform() >= theta) t++;
      return t;
    });
    for (let t = 0; t <= age; t++) {
      c.cohort.push(cohort);
      c.period.push(t);
      c.survivors.push(lifetimes.filter((l) => l > t).length);
    }
  }
  return c;
}

/**
 * Discrete-time histories drawn from the BG/BB itself (p ~ Beta(1.2, 0.75), θ ~ Beta(0.66, 2.8),
 * the order Fader, Hardie & Shang 2010 fit on donations): 4–10 opportunities each.
 */
function discreteHistories(n: number, r: Random): Columns {
  const c: Columns = { frequency: [], recency: [], periods: [] };
  for (let i = 0; i < n; i++) {
    const a = r.gamma(1.2);
    const p = a / (a + r.gamma(0.75));
    const g = r.gamma(0.66);
    const theta = g / (g + r.gamma(2.8));
    const periods = 4 + Math.floor(r.uniform() * 7);
    let x = 0;
    let tx = 0;
    for (let t = 1; t <= periods; t++) {
      if (r.uniform() < theta) break;
      if (r.uniform() < p) {
        x++;
        tx = t;
      }
    }
    c.frequency.push(x);
    c.recency.push(tx);
    c.periods.push(periods);
  }
  return c;
}

/** Pareto/NBD-shaped summaries: Poisson purchases at rate λ ~ Gamma(0.5, 10) while alive, lifetime ~ Exponential(μ), μ ~ Gamma(0.6, 12) (weeks). */
function paretoNbdCustomers(n: number, r: Random): Columns {
  const c: Columns = { frequency: [], recency: [], T: [] };
  while (c.frequency.length < n) {
    const T = 20 + Math.round(r.uniform() * 300) / 10;
    const lambda = r.gamma(0.5) / 10;
    const mu = r.gamma(0.6) / 12;
    const death = -Math.log(1 - r.uniform()) / mu;
    const end = Math.min(T, death);
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += -Math.log(1 - r.uniform()) / lambda;
      if (!(t <= end)) break;
      x++;
      tx = t;
    }
    c.frequency.push(x);
    c.T.push(T);
    c.recency.push(Math.min(T, Math.round(tx * 100) / 100));
  }
  return c;
}

/** Survey answers on 1–10: one latent attitude plus noise per item. */
function survey(n: number, r: Random): Columns {
  const c: Columns = { q1: [], q2: [], q3: [], q4: [], q5: [] };
  for (let i = 0; i < n; i++) {
    const latent = r.uniform() * 9;
    for (const k of Object.keys(c)) c[k].push(Math.min(10, Math.max(1, Math.round(1 + latent + (r.uniform() - 0.5) * 4))));
  }
  return c;
}

interface KindCase {
  /** Random data of n rows. */
  readonly data: (n: number, r: Random) => Columns;
  /** The fewest rows the fit needs (n close to it is a degenerate case). */
  readonly fewest: number;
  readonly fit: (data: Columns) => unknown;
  /** Its own score functions, on the loaded model. */
  readonly score: (model: never, data: Columns) => unknown;
  /** What else a fitted model of the kind must hold (problems found, as text). */
  readonly invariant?: (model: never) => string[];
}

const rfmSpec = { recency: { column: 'recency', better: 'higher' as const }, frequency: { column: 'frequency' }, monetary: { column: 'revenue' } };
const plsSpec = {
  constructs: { Value: { items: ['q1', 'q2'] }, Satisfaction: { items: ['q3', 'q4', 'q5'] } },
  paths: [['Value', 'Satisfaction']] as [string, string][],
  scale: [1, 10] as [number, number],
};

/** Customers with a numeric covariate drawn independently of them (its coefficients near 0). */
const withScore = (c: Columns, r: Random): Columns => ({ ...c, score: c.frequency.map(() => Math.round(r.uniform() * 1000) / 100) });

const KINDS: Record<ModelKind, KindCase> = {
  rfm: { data: customers, fewest: 2, fit: (d) => root.fitRfm(d, rfmSpec), score: (m, d) => root.scoreRfm(m, d) },
  valuePyramid: {
    data: customers,
    fewest: 2,
    fit: (d) => root.fitValuePyramid(d, { dimensions: [{ column: 'revenue' }, { column: 'frequency' }] }),
    score: (m, d) => root.scoreValuePyramid(m, d),
  },
  satisfactionIndex: {
    data: survey,
    fewest: 3,
    fit: (d) => root.fitSatisfactionIndex(d, { items: ['q1', 'q2', 'q3', 'q4'], scale: [1, 10] }),
    score: (m, d) => root.scoreSatisfactionIndex(m, d),
  },
  segments: {
    data: customers,
    fewest: 3,
    fit: (d) => root.fitSegments(d, { features: ['recency', 'frequency', 'revenue'], k: 3, seed: 1 }),
    score: (m, d) => root.scoreSegments(m, d),
    // k segments, none empty and no two at the same center (before: fewer distinct rows than k
    // gave an empty segment, or identical rows split between two segments at one center)
    invariant: (m: root.SegmentsModel) => [
      ...m.profiles.filter((p) => !(p.size > 0)).map((p) => `segment ${p.segment} is empty`),
      ...m.centers.flatMap((c, i) => m.centers.slice(0, i).flatMap((d, j) => (c.every((v, f) => v === d[f]) ? [`segments ${j} and ${i} share a center`] : []))),
    ],
  },
  betaGeo: {
    data: customers,
    fewest: 2,
    fit: (d) => root.fitBetaGeo(d, { timeUnit: 'week' }),
    score: (m, d) => [root.probabilityAlive(m, d), root.conditionalExpectedPurchases(m, d, 10), root.expectedPurchases(m, 10)],
  },
  gammaGamma: { data: (n, r) => customers(n, r, true), fewest: 2, fit: (d) => root.fitGammaGamma(d, {}), score: (m, d) => root.conditionalExpectedSpend(m, d) },
  plsPathModel: { data: survey, fewest: 3, fit: (d) => root.fitPlsPathModel(d, plsSpec), score: (m, d) => root.scorePlsPathModel(m, d) },
  shiftedBetaGeometric: {
    data: cohortSurvivors,
    fewest: 2,
    fit: (d) => root.fitShiftedBetaGeometric(d, { periodUnit: 'month', columns: { cohort: 'cohort' } }),
    score: (m) => [root.retentionCurve(m, { periods: 24 }), root.discountedExpectedResidualLifetime(m, { discountRate: 0.1, discountRateUnit: 'year' })],
  },
  betaDiscreteWeibull: {
    data: cohortSurvivors,
    fewest: 2,
    fit: (d) => root.fitBetaDiscreteWeibull(d, { periodUnit: 'month', columns: { cohort: 'cohort' } }),
    score: (m) => [root.retentionCurve(m, { periods: 24 }), root.retentionElasticity(m, { discountRate: 0.1, discountRateUnit: 'year' })],
  },
  betaGeoBetaBinomial: {
    data: discreteHistories,
    fewest: 2,
    fit: (d) => root.fitBetaGeoBetaBinomial(d, { periodUnit: 'year' }),
    score: (m, d) => [
      root.betaGeoBetaBinomialPredictions(m, d, { periods: 10, discountRate: 0.1, discountRateUnit: 'year' }),
      root.betaGeoBetaBinomialExpectedTransactions(m, 10),
    ],
  },
  paretoNbd: {
    data: paretoNbdCustomers,
    fewest: 2,
    fit: (d) => root.fitParetoNbd(d, { timeUnit: 'week' }),
    score: (m, d) => [
      root.paretoNbdProbabilityAlive(m, d),
      root.paretoNbdConditionalExpectedPurchases(m, d, 10),
      root.paretoNbdDiscountedResidualTransactions(m, d, { annualDiscountRate: 0.1 }),
      root.paretoNbdExpectedPurchases(m, 10),
    ],
  },
  modifiedBetaGeo: {
    data: customers,
    fewest: 2,
    fit: (d) => root.fitModifiedBetaGeo(d, { timeUnit: 'week' }),
    score: (m, d) => [
      root.modifiedBetaGeoProbabilityAlive(m, d),
      root.modifiedBetaGeoConditionalExpectedPurchases(m, d, 10),
      root.modifiedBetaGeoExpectedPurchases(m, 10),
      root.modifiedBetaGeoPurchaseProbability(m, 2, 10),
    ],
  },
  betaGeoCovariates: {
    data: (n, r) => withScore(customers(n, r), r),
    fewest: 2,
    fit: (d) => root.fitBetaGeoWithCovariates(d, { timeUnit: 'week', covariates: { columns: [{ column: 'score' }] } }),
    score: (m, d) => [root.betaGeoCovariatePredictions(m, d, { horizon: 10 }), root.newCustomerExpectedPurchases(m, d, { t: 10 })],
  },
  gammaGammaCovariates: {
    data: (n, r) => withScore(customers(n, r, true), r),
    fewest: 2,
    fit: (d) => root.fitGammaGammaWithCovariates(d, { covariates: { columns: [{ column: 'score' }] } }),
    score: (m, d) => [root.conditionalExpectedSpendWithCovariates(m, d, {}), root.newCustomerExpectedSpend(m, d)],
  },
  paretoNbdCovariates: {
    // a five-valued numeric covariate drawn independently of the customers
    data: (n, r) => ({ ...paretoNbdCustomers(n, r), score: Array.from({ length: n }, () => Math.floor(r.uniform() * 5)) }),
    fewest: 2,
    fit: (d) => root.fitParetoNbdWithCovariates(d, { timeUnit: 'week', covariates: { columns: [{ column: 'score' }] } }),
    score: (m, d) => [root.paretoNbdCovariatePredictions(m, d, { horizon: 10 }), root.newCustomerExpectedPurchases(m, d, { t: 10 })],
  },
  betaGeoBetaBinomialCovariates: {
    data: (n, r) => withScore(discreteHistories(n, r), r),
    fewest: 2,
    fit: (d) => root.fitBetaGeoBetaBinomialWithCovariates(d, { periodUnit: 'year', covariates: { columns: [{ column: 'score' }] } }),
    score: (m, d) => [root.betaGeoBetaBinomialCovariatePredictions(m, d, { periods: 10 }), root.newCustomerExpectedPurchases(m, d, { t: 10 })],
  },
};

/** The data variants of a kind: seeded random, duplicated rows, few rows, each column constant. */
function variants(kind: KindCase): [string, Columns][] {
  const out: [string, Columns][] = [];
  for (const seed of [1, 2, 3]) out.push([`random (seed ${seed}, 400 rows)`, kind.data(400, seededRandom(seed))]);
  // rows differing in every column from each other (so no column is constant): duplicating them
  // tests duplicates alone, not a constant column
  const pool = kind.data(200, seededRandom(7));
  const names = Object.keys(pool);
  const picked: number[] = [];
  for (let i = 0; i < 200 && picked.length < 3; i++) if (picked.every((j) => names.every((k) => pool[k][i] !== pool[k][j]))) picked.push(i);
  expect(picked).toHaveLength(3);
  const repeat = (rows: number[], times: number): Columns =>
    Object.fromEntries(names.map((k) => [k, Array.from({ length: rows.length * times }, (_, i) => pool[k][rows[i % rows.length]])]));
  out.push(['2 distinct rows, each 10 times', repeat(picked.slice(0, 2), 10)]);
  out.push(['3 distinct rows, each 10 times', repeat(picked, 10)]);
  out.push(['one row 20 times', repeat(picked.slice(0, 1), 20)]);
  for (const n of [kind.fewest, kind.fewest + 1]) out.push([`${n} rows (close to the fewest)`, kind.data(n, seededRandom(11 + n))]);
  const base = kind.data(50, seededRandom(5));
  for (const column of Object.keys(base)) out.push([`column ${column} constant`, { ...base, [column]: base[column].map(() => base[column][0]) }]);
  return out;
}

type Outcome = { refused: root.CustomerValueError } | { model: unknown };
function fitOrRefuse(kind: ModelKind, data: Columns): Outcome {
  try {
    return { model: KINDS[kind].fit(data) };
  } catch (error) {
    // a refusal must be a clear CustomerValueError, never a raw error
    expect(error, `${kind}: ${String(error)}`).toBeInstanceOf(root.CustomerValueError);
    return { refused: error as root.CustomerValueError };
  }
}

describe('contract: every fitted model parses and scores to finite values, or the fit refuses clearly', () => {
  it('covers every model kind parseModel loads', () => {
    expect(Object.keys(KINDS).sort()).toEqual([...MODEL_KIND_NAMES].sort());
  });

  describe.each(MODEL_KIND_NAMES)('%s', (kind) => {
    const cases = variants(KINDS[kind]);
    it.each(cases.map(([label]) => label))('on %s', (label) => {
      const data = cases.find(([l]) => l === label)![1];
      const outcome = fitOrRefuse(kind, data);
      // ordinary data is never refused
      if (label.startsWith('random')) expect('refused' in outcome ? outcome.refused.message : null).toBeNull();
      if ('refused' in outcome) {
        const error = outcome.refused;
        expect(error.message).toMatch(/^\w+: \S/);
        expect(error.issues.length).toBeGreaterThan(0);
        expect(error.issues.every((issue) => typeof issue.function === 'string' && issue.expected.length > 0)).toBe(true);
      } else {
        const loaded = root.parseModel(JSON.stringify(outcome.model));
        expect(nonFinite(outcome.model, 'model')).toEqual([]);
        expect(KINDS[kind].invariant?.(outcome.model as never) ?? []).toEqual([]);
        expect(nonFinite(KINDS[kind].score(loaded as never, data), 'scores')).toEqual([]);
        if ((SCORABLE_KINDS as readonly string[]).includes(kind)) {
          const scored = root.scoreColumns(root.compileScorer({ m: loaded }), data);
          expect(scored.rows).toBe(data[Object.keys(data)[0]].length);
          expect(nonFinite(scored.outputs, 'compiled')).toEqual([]);
        }
      }
    });
  });
});

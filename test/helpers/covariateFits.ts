import { expect } from 'vitest';
import { seededRandom } from '../../src/internal/random.js';

// The setup and checks the covariate fitters' tests share (BG/NBD, Pareto/NBD, BG/BB; the histogram
// also Gamma-Gamma's; test/loyalty/*Covariates.test.ts), against their scipy peers' fixtures
// (test/fixtures/loyalty/make_*_covariates_reference.py, whose shared part is covariate_reference.py).

/** A fit as a scipy peer stores it: parameters, coefficients, standard errors and ℓ. */
export interface CovariateFitReference<P extends string> {
  params: Record<P, number>;
  coefficients: { purchase: number[]; dropout: number[] };
  standardErrors: Record<P, number> & { purchase: number[]; dropout: number[] };
  logLikelihood: number;
}

/** The part of a two-process covariate model the checks read. */
interface TwoProcessModel<P extends string> {
  readonly params: Readonly<Record<P, number>>;
  readonly coefficients: { readonly purchase: readonly number[]; readonly dropout: readonly number[] };
  readonly standardErrors:
    (Readonly<Record<P, number | null>> & { readonly coefficients: { readonly purchase: readonly number[]; readonly dropout: readonly number[] } }) | null;
  readonly fitted: {
    readonly diagnostics: {
      readonly logLikelihood: number;
      readonly withoutCovariates: { readonly params: Readonly<Record<P, number>>; readonly logLikelihood: number };
      readonly likelihoodRatio: { readonly statistic: number; readonly degreesOfFreedom: number } | null;
    };
  };
}

const PROCESSES = ['purchase', 'dropout'] as const;

/** Parameters and coefficients to `tolerance`, standard errors to `seTolerance` (relative), ℓ to 1e-10 (relative). */
export function expectCovariateFit<P extends string>(
  params: readonly P[],
  model: TwoProcessModel<P>,
  expected: CovariateFitReference<P>,
  tolerance: number,
  seTolerance: number,
): void {
  for (const p of params) {
    expect(Math.abs(model.params[p] / expected.params[p] - 1)).toBeLessThan(tolerance);
    expect(Math.abs(model.standardErrors![p]! / expected.standardErrors[p] - 1)).toBeLessThan(seTolerance);
  }
  for (const process of PROCESSES) {
    model.coefficients[process].forEach((v, j) => {
      expect(Math.abs(v - expected.coefficients[process][j])).toBeLessThan(tolerance);
      expect(Math.abs(model.standardErrors!.coefficients[process][j] / expected.standardErrors[process][j] - 1)).toBeLessThan(seTolerance);
    });
  }
  expect(Math.abs(model.fitted.diagnostics.logLikelihood / expected.logLikelihood - 1)).toBeLessThan(1e-10);
}

/** The covariate-free start equals the peer's covariate-free fit (1e-6, ℓ 1e-10) and the likelihood-ratio test is 2(ℓ − ℓ₀) on 6 degrees of freedom (1e-5). */
export function expectAgainstCovariateFree<P extends string>(
  params: readonly P[],
  model: TwoProcessModel<P>,
  ref: { withoutCovariates: CovariateFitReference<P>; separate: CovariateFitReference<P> },
): void {
  const base = model.fitted.diagnostics.withoutCovariates;
  for (const p of params) expect(Math.abs(base.params[p] / ref.withoutCovariates.params[p] - 1)).toBeLessThan(1e-6);
  expect(Math.abs(base.logLikelihood / ref.withoutCovariates.logLikelihood - 1)).toBeLessThan(1e-10);
  const lr = model.fitted.diagnostics.likelihoodRatio!;
  expect(lr.degreesOfFreedom).toBe(6);
  expect(Math.abs(lr.statistic - 2 * (ref.separate.logLikelihood - ref.withoutCovariates.logLikelihood))).toBeLessThan(1e-5);
}

/** Every simulated parameter and coefficient lies within 3 standard errors of the fit. */
export function expectRecoversTruth<P extends string>(
  params: readonly P[],
  model: TwoProcessModel<P>,
  truth: Record<P, number> & { purchase: number[]; dropout: number[] },
): void {
  const se = model.standardErrors!;
  for (const p of params) expect(Math.abs(model.params[p] - truth[p])).toBeLessThan(3 * se[p]!);
  for (const process of PROCESSES)
    truth[process].forEach((value, j) => expect(Math.abs(model.coefficients[process][j] - value)).toBeLessThan(3 * se.coefficients[process][j]));
}

/** Two fits of the same customers (one per row, or a histogram with counts): parameters (relative) and coefficients to 1e-9. */
export function expectSameOptimum<P extends string>(params: readonly P[], grouped: TwoProcessModel<P>, raw: TwoProcessModel<P>): void {
  for (const p of params) expect(Math.abs(grouped.params[p] / raw.params[p] - 1)).toBeLessThan(1e-9);
  grouped.coefficients.purchase.forEach((v, j) => expect(Math.abs(v - raw.coefficients.purchase[j])).toBeLessThan(1e-9));
  grouped.coefficients.dropout.forEach((v, j) => expect(Math.abs(v - raw.coefficients.dropout[j])).toBeLessThan(1e-9));
}

/** The table's rows in a seeded random order (Fisher-Yates). */
export function shuffledTable(table: Record<string, readonly unknown[]>, rows: number, seed: number): Record<string, unknown[]> {
  const random = seededRandom(seed);
  const order = Array.from({ length: rows }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return Object.fromEntries(Object.entries(table).map(([name, values]) => [name, order.map((i) => values[i])]));
}

/** GROUP BY `columns` with a plain Map (an independent path from the library's grouping): one row per distinct key with its `customers`. */
export function countHistogram(table: Record<string, readonly unknown[]>, columns: readonly string[]): Record<string, unknown>[] {
  const counts = new Map<string, number>();
  table[columns[0]].forEach((_, i) => {
    const key = JSON.stringify(columns.map((c) => table[c][i]));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  return [...counts].map(([key, customers]) => {
    const values = JSON.parse(key) as unknown[];
    return { ...Object.fromEntries(columns.map((c, j) => [c, values[j]])), customers };
  });
}

/** The given rows of a column table, as row objects with `columns`. */
export const rowsOf = (table: Record<string, readonly unknown[]>, rows: readonly number[], columns: readonly string[]) =>
  rows.map((row) => Object.fromEntries(columns.map((c) => [c, table[c][row]])));

/**
 * The analytic gradient and Hessian of a penalized log-likelihood at φ equal central differences
 * (h = 1e-5): the gradient to 1e-5 and the Hessian to 1e-4, relative above 1.
 */
export function expectDerivativesMatch(
  likelihood: (phi: number[], gradient: Float64Array | null, hessian: Float64Array | null) => { readonly penalized: number },
  phi: number[],
): void {
  const m = phi.length;
  const gradient = new Float64Array(m);
  const hessian = new Float64Array(m * m);
  likelihood(phi, gradient, hessian);
  const h = 1e-5;
  const g1 = new Float64Array(m);
  const g2 = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const up = phi.slice();
    const down = phi.slice();
    up[j] += h;
    down[j] -= h;
    const numeric = (likelihood(up, g1, null).penalized - likelihood(down, g2, null).penalized) / (2 * h);
    expect(Math.abs(gradient[j] - numeric)).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
    for (let i = 0; i < m; i++) {
      const second = (g1[i] - g2[i]) / (2 * h);
      expect(Math.abs(hessian[i * m + j] - second)).toBeLessThan(1e-4 * Math.max(1, Math.abs(second)));
    }
  }
}

/** Per-customer MAE and RMSE of a holdout prediction, and its total. */
export function holdoutErrors(predicted: Float64Array, actual: ArrayLike<number>): { mae: number; rmse: number; predictedTotal: number } {
  let abs = 0;
  let sq = 0;
  let total = 0;
  predicted.forEach((v, i) => {
    abs += Math.abs(v - actual[i]);
    sq += (v - actual[i]) ** 2;
    total += v;
  });
  return { mae: abs / predicted.length, rmse: Math.sqrt(sq / predicted.length), predictedTotal: total };
}

import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../../errors.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { logGamma } from '../../internal/specialFunctions.js';
import { DAYS_PER_UNIT } from '../../internal/timeUnits.js';
import type { TableInput } from '../../io/tableInput.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { paretoNbdModelSchema } from '../../model/paretoNbdModelSchema.js';
import type { CustomerPredictions } from './betaGeoPredictions.js';
import type { ParetoNbdModel } from './fitParetoNbd.js';
import { paretoNbdAlive, paretoNbdDertOf, paretoNbdExpectationIfAlive, paretoNbdPurchaseProbabilityOf, powerIntegral } from './paretoNbdMath.js';
import { checkPredictionTime, predictPerHistory } from './predictPerHistory.js';

// Predictions of a fitted Pareto/NBD model (Fader & Hardie 2005 note; Fader, Hardie & Lee 2005
// "RFM and CLV"). Every time (t, recency, T) is in the model's spec.timeUnit.

const optionsSchema = z.strictObject({ missing: z.optional(missingValuesMiniSchema) });
const discountSchema = z
  .strictObject({
    annualDiscountRate: z.optional(z.number().check(z.gt(0), z.lt(100))),
    continuousRatePerTimeUnit: z.optional(z.number().check(z.gt(0), z.refine(Number.isFinite))),
    missing: z.optional(missingValuesMiniSchema),
  })
  .check(
    z.refine((o) => (o.annualDiscountRate === undefined) !== (o.continuousRatePerTimeUnit === undefined), {
      message: 'exactly one of annualDiscountRate and continuousRatePerTimeUnit',
    }),
  );

/** `assertModelKind(model, 'paretoNbd', fn)` without the registry (test/model/kinds.test.ts checks they agree). */
const assertParetoNbd = <M>(model: M, fn: string): M => assertModelOf(model, 'paretoNbd', 'fitParetoNbd', paretoNbdModelSchema, null, fn);

const MODEL = (model: ParetoNbdModel) => model.params;

function notConverged(fn: string, model: ParetoNbdModel, what: string, row?: number): never {
  const p = MODEL(model);
  throw new CustomerValueError('not_converged', `${fn}: the Pareto/NBD ${what} could not be computed`, [
    {
      function: fn,
      ...(row === undefined ? {} : { row }),
      expected: 'a finite value',
      received: `no converged value for (r, α, s, β) = (${[p.r, p.alpha, p.s, p.beta].map((v) => v.toPrecision(6)).join(', ')}), ${what}`,
      hint: 'a hypergeometric series needed more than 1e6 terms (α/β or β/α beyond ~1e5) or a quadrature did not reach its tolerance: check the model was fitted in this time unit',
    },
  ]);
}

/**
 * Expected purchases in (0, t] of a customer just acquired, E[X(t)] = (r β / (α (s−1)))·(1 −
 * (β/(β+t))^(s−1)) (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005 note, eq. 17;
 * the s = 1 limit (rβ/α)·ln(1 + t/β) without cancellation near s = 1). `t` in the model's time unit.
 *
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` for a negative or non-finite t.
 * @example
 * // CDNOW, Fader & Hardie's published estimates (weeks): E[X(39)] = 1.2131 repeat purchases (mpmath)
 * const model = { kind: 'paretoNbd', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9594.98, aic: 19197.96, bic: 19221.02, gradientNorm: 0, hessianPositiveDefinite: true, groups: 1016, iterations: 0, newtonSteps: 0 } } };
 * Math.round(paretoNbdExpectedPurchases(model, 39) * 100) / 100; // => 1.21
 */
export function paretoNbdExpectedPurchases(model: ParetoNbdModel, t: number): number {
  const fn = 'paretoNbdExpectedPurchases';
  model = assertParetoNbd(model, fn);
  const horizon = checkPredictionTime(fn, t);
  const { r, alpha, s, beta } = model.params;
  return (r / alpha) * beta * powerIntegral(s, horizon / beta);
}

/**
 * Probability that a new customer makes exactly `n` purchases in (0, t], P(X(t) = n) (Fader &
 * Hardie 2006, "Deriving an Expression for P(X(t) = x) Under the Pareto/NBD Model"): the
 * negative-binomial term of a customer alive through t plus the integral over the death time
 * τ ∈ (0, t), evaluated by adaptive Gauss–Kronrod quadrature to 1e-14 absolute (the note's
 * closed form subtracts n + 2 hypergeometric terms and loses every digit for large n). Checked
 * against the note's formula in 60-digit arithmetic. `t` in the model's time unit.
 *
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` for a bad n or t; `not_converged`.
 * @example
 * const model = { kind: 'paretoNbd', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9594.98, aic: 19197.96, bic: 19221.02, gradientNorm: 0, hessianPositiveDefinite: true, groups: 1016, iterations: 0, newtonSteps: 0 } } };
 * const p = [0, 1, 2].map((n) => paretoNbdPurchaseProbability(model, n, 39));
 * p[0] > p[1] && p[1] > p[2]; // => true
 * // the 2006 note's eq. 20 in 60-digit mpmath: 0.59358
 * Math.round(p[0] * 1000) / 1000; // => 0.594
 */
export function paretoNbdPurchaseProbability(model: ParetoNbdModel, n: number, t: number): number {
  const fn = 'paretoNbdPurchaseProbability';
  model = assertParetoNbd(model, fn);
  if (!Number.isInteger(n) || n < 0) {
    throw new CustomerValueError('invalid_spec', `${fn}: n must be a whole number ≥ 0`, [
      { function: fn, path: 'n', expected: 'a whole number of purchases ≥ 0', received: describeValue(n) },
    ]);
  }
  const horizon = checkPredictionTime(fn, t);
  const { r, alpha, s, beta } = model.params;
  const value = paretoNbdPurchaseProbabilityOf(r, alpha, s, beta, n, horizon, logGamma(r + n) - logGamma(r) - logGamma(n + 1));
  if (!Number.isFinite(value)) notConverged(fn, model, `P(X(${horizon}) = ${n})`);
  return Math.min(1, Math.max(0, value));
}

/**
 * Probability that each customer is still alive given their history (x, t_x, T): the
 * likelihood's "alive at T" term over the whole likelihood (Fader & Hardie 2005 note, eq. 18),
 * in logs with the same Euler-transformed hypergeometric terms as the fit, so heavy buyers,
 * recency near 0 or T and long T give finite values.
 *
 * @param customers Rows, columns or a table with the model's frequency, recency and T columns (in the model's time unit).
 * @throws {CustomerValueError} `invalid_model`, `missing_column`, `invalid_value` (recency > T, negative or fractional frequency...), `not_converged`.
 * @example
 * const model = { kind: 'paretoNbd', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9594.98, aic: 19197.96, bic: 19221.02, gradientNorm: 0, hessianPositiveDefinite: true, groups: 1016, iterations: 0, newtonSteps: 0 } } };
 * const { values } = paretoNbdProbabilityAlive(model, { frequency: [0, 2, 2], recency: [0, 38, 5], T: [38.86, 38.86, 38.86] });
 * values[1] > values[0] && values[0] > values[2]; // => true
 */
export function paretoNbdProbabilityAlive(model: ParetoNbdModel, customers: TableInput, options: { missing?: MissingValues } = {}): CustomerPredictions {
  const fn = 'paretoNbdProbabilityAlive';
  model = assertParetoNbd(model, fn);
  const o = parseSpec(optionsSchema, options, fn, 'options');
  const { r, alpha, s, beta } = model.params;
  return perHistory(model, customers, fn, o.missing, 'P(alive)', (x, tx, T) => paretoNbdAlive(r, alpha, s, beta, x, tx, T));
}

/**
 * Expected purchases of each customer in (T, T + t] given their history (Fader & Hardie 2005
 * note, eq. 24): P(alive) · (r+x)(β+T)/((α+T)(s−1)) · (1 − ((β+T)/(β+T+t))^(s−1)), with the
 * s = 1 limit taken without cancellation. `t` in the model's time unit.
 *
 * @throws {CustomerValueError} `invalid_model`, `missing_column`, `invalid_value`, `invalid_spec`, `not_converged`.
 * @example
 * const model = { kind: 'paretoNbd', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9594.98, aic: 19197.96, bic: 19221.02, gradientNorm: 0, hessianPositiveDefinite: true, groups: 1016, iterations: 0, newtonSteps: 0 } } };
 * const { values } = paretoNbdConditionalExpectedPurchases(model, [{ frequency: 2, recency: 30.43, T: 38.86 }], 39);
 * // eq. 24 in 60-digit mpmath: 1.45509
 * Math.round(values[0] * 100) / 100; // => 1.46
 */
export function paretoNbdConditionalExpectedPurchases(
  model: ParetoNbdModel,
  customers: TableInput,
  t: number,
  options: { missing?: MissingValues } = {},
): CustomerPredictions {
  const fn = 'paretoNbdConditionalExpectedPurchases';
  model = assertParetoNbd(model, fn);
  const o = parseSpec(optionsSchema, options, fn, 'options');
  const horizon = checkPredictionTime(fn, t);
  const { r, alpha, s, beta } = model.params;
  return perHistory(model, customers, fn, o.missing, `expected purchases in the next ${horizon}`, (x, tx, T) =>
    horizon === 0 ? 0 : paretoNbdAlive(r, alpha, s, beta, x, tx, T) * paretoNbdExpectationIfAlive(r, alpha, s, beta, x, T, horizon),
  );
}

/** Options of `paretoNbdDiscountedResidualTransactions`: exactly one discount rate, its unit explicit. */
export interface ParetoNbdDiscountOptions {
  /** Discount rate per year, compounded yearly (0.15 for 15 %): converted to δ = ln(1 + d)·(days per time unit)/365.25 per the model's time unit. */
  readonly annualDiscountRate?: number;
  /** δ, the continuously compounded rate per the model's time unit (a week model: per week). */
  readonly continuousRatePerTimeUnit?: number;
  /** Rows with a missing value: `'error'` or `'skip'` (default: the model's spec). */
  readonly missing?: MissingValues;
}

/**
 * Discounted expected residual transactions (DERT) of each customer given their history, over an
 * infinite horizon with continuous discounting (Fader, Hardie & Lee 2005, "RFM and CLV: Using
 * Iso-Value Curves for Customer Base Analysis", eq. 2):
 *   DERT = α^r β^s δ^(s−1) Γ(r+x+1) U(s, s; δ(β+T)) / (Γ(r) (α+T)^(r+x+1) L(r, α, s, β | x, t_x, T)),
 * U the confluent hypergeometric function of the second kind, in the equal form
 * P(alive)·(r+x)/(α+T)·(β+T)·∫_0^∞ e^(−δ(β+T)u)(1+u)^(−s) du (the integral by adaptive
 * Gauss–Kronrod to 1e-12 relative). The result counts transactions (present value in units of
 * one transaction): multiply by margin × expected spend per transaction for a monetary CLV.
 * Units are explicit: give the annual rate (compounded yearly) or δ per the model's time unit.
 *
 * @throws {CustomerValueError} `invalid_model`, `invalid_spec` (no rate, two rates, rate ≤ 0), `missing_column`, `invalid_value`, `not_converged`.
 * @example
 * // Fader, Hardie & Lee (2005) use 15 % a year, δ = 0.15/52 per week (continuous)
 * const model = { kind: 'paretoNbd', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9594.98, aic: 19197.96, bic: 19221.02, gradientNorm: 0, hessianPositiveDefinite: true, groups: 1016, iterations: 0, newtonSteps: 0 } } };
 * const { values } = paretoNbdDiscountedResidualTransactions(model, [{ frequency: 2, recency: 30.43, T: 38.86 }], { continuousRatePerTimeUnit: 0.15 / 52 });
 * // eq. 2 with mpmath's hyperu: 6.22630
 * Math.round(values[0] * 100) / 100; // => 6.23
 */
export function paretoNbdDiscountedResidualTransactions(model: ParetoNbdModel, customers: TableInput, options: ParetoNbdDiscountOptions): CustomerPredictions {
  const fn = 'paretoNbdDiscountedResidualTransactions';
  model = assertParetoNbd(model, fn);
  const o = parseSpec(discountSchema, options, fn, 'options');
  const delta = o.continuousRatePerTimeUnit ?? (Math.log1p(o.annualDiscountRate!) * DAYS_PER_UNIT[model.spec.timeUnit]) / 365.25;
  const { r, alpha, s, beta } = model.params;
  return perHistory(model, customers, fn, o.missing, `DERT at δ = ${delta} per ${model.spec.timeUnit}`, (x, tx, T) =>
    paretoNbdDertOf(r, alpha, s, beta, x, tx, T, delta),
  );
}

/** Evaluate `f` once per distinct (x, t_x, T) and scatter the values to rows. */
function perHistory(
  model: ParetoNbdModel,
  customers: TableInput,
  fn: string,
  missing: MissingValues | undefined,
  what: string,
  f: (x: number, tx: number, T: number) => number,
): CustomerPredictions {
  return predictPerHistory(model, customers, fn, missing, f, (history, row) => notConverged(fn, model, `${what} for ${history}`, row));
}

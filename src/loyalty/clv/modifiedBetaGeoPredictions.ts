import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../../errors.js';
import { parseSpec } from '../../internal/parseSpec.js';
import type { TableInput } from '../../io/tableInput.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { modifiedBetaGeoModelSchema } from '../../model/modifiedBetaGeoModelSchema.js';
import type { CustomerPredictions } from './betaGeoPredictions.js';
import type { ModifiedBetaGeoModel } from './fitModifiedBetaGeo.js';
import { modifiedBetaGeoAlive, modifiedBetaGeoConditional, modifiedBetaGeoExpected, modifiedBetaGeoProbability } from './modifiedBetaGeoMath.js';
import { checkPredictionTime, predictPerHistory } from './predictPerHistory.js';

// Predictions of a fitted MBG/NBD model (Batislam, Denizel & Filiztekin 2007). Every time (t,
// recency, T) is in the model's spec.timeUnit.

const aliveOptionsSchema = z.strictObject({ missing: z.optional(missingValuesMiniSchema) });
const conditionalOptionsSchema = z.strictObject({ missing: z.optional(missingValuesMiniSchema) });

/** `assertModelKind(model, 'modifiedBetaGeo', fn)` without the registry (test/model/kinds.test.ts checks they agree). */
const assertModifiedBetaGeo = <M>(model: M, fn: string): M =>
  assertModelOf(model, 'modifiedBetaGeo', 'fitModifiedBetaGeo', modifiedBetaGeoModelSchema, null, fn);

function notConverged(fn: string, model: ModifiedBetaGeoModel, what: string, row?: number): never {
  const p = model.params;
  throw new CustomerValueError('not_converged', `${fn}: the MBG/NBD ${what} could not be computed`, [
    {
      function: fn,
      ...(row === undefined ? {} : { row }),
      expected: 'a finite value',
      received: `no converged value for (r, α, a, b) = (${[p.r, p.alpha, p.a, p.b].map((v) => v.toPrecision(6)).join(', ')}), ${what}`,
      hint: 'a hypergeometric series needed more than 1e6 terms: a and b this large mean dropout is barely identified, and the history is extreme for the horizon; shorten t, or refit with spec.starts giving moderate a and b',
    },
  ]);
}

/**
 * Expected repeat purchases in (0, t] of a customer just acquired, E[X(t)] = b/(a−1)·[1 −
 * (α/(α+t))^r·2F1(r, b+1; a+b; t/(α+t))] (Batislam, Denizel & Filiztekin 2007): the BG/NBD's
 * expectation at b + 1, times b/(a+b), the chance of not leaving right after the first purchase.
 * Summed with Euler's transformation and rescaling (finite for any a, b; a = 1 without 0/0).
 * `t` in the model's time unit.
 *
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` for a negative or non-finite t; `not_converged`.
 * @example
 * // CDNOW, the BTYDplus estimates (weeks); E[X(39)] = 1.18295 by direct integration over p (scipy quad)
 * const model = { kind: 'modifiedBetaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.14, aic: 19172.27, bic: 19195.33, gradientNorm: 0, hessianPositiveDefinite: true, groups: 1016, iterations: 0, newtonSteps: 0 } } };
 * Math.round(modifiedBetaGeoExpectedPurchases(model, 39) * 1000) / 1000; // => 1.183
 */
export function modifiedBetaGeoExpectedPurchases(model: ModifiedBetaGeoModel, t: number): number {
  const fn = 'modifiedBetaGeoExpectedPurchases';
  model = assertModifiedBetaGeo(model, fn);
  const time = checkPredictionTime(fn, t);
  const value = modifiedBetaGeoExpected(model.params, time);
  if (!Number.isFinite(value)) notConverged(fn, model, `E[X(${time})]`);
  return value;
}

/**
 * Probability that a customer just acquired makes exactly `n` repeat purchases in (0, t],
 * P(X(t) = n) = δ(n=0)·a/(a+b) + b/(a+b)·P_BG/NBD(X(t) = n | r, α, a, b+1): gone right after the
 * first purchase, or else a BG/NBD customer whose dropout chance has the Beta(a, b+1)
 * distribution. In logs, the negative-binomial tail as an incomplete beta function, so it stays
 * finite for large n. `t` in the model's time unit.
 *
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` for a bad n or t.
 * @example
 * const model = { kind: 'modifiedBetaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.14, aic: 19172.27, bic: 19195.33, gradientNorm: 0, hessianPositiveDefinite: true, groups: 1016, iterations: 0, newtonSteps: 0 } } };
 * const p = [0, 1, 2].map((n) => modifiedBetaGeoPurchaseProbability(model, n, 39));
 * p[0] > p[1] && p[1] > p[2]; // => true
 * // no purchase at all in (0, 0]: certain
 * modifiedBetaGeoPurchaseProbability(model, 0, 0); // => 1
 */
export function modifiedBetaGeoPurchaseProbability(model: ModifiedBetaGeoModel, n: number, t: number): number {
  const fn = 'modifiedBetaGeoPurchaseProbability';
  model = assertModifiedBetaGeo(model, fn);
  if (!Number.isInteger(n) || n < 0) {
    throw new CustomerValueError('invalid_spec', `${fn}: n must be a whole number ≥ 0`, [
      { function: fn, path: 'n', expected: 'a whole number of purchases ≥ 0', received: describeValue(n) },
    ]);
  }
  const time = checkPredictionTime(fn, t);
  const value = modifiedBetaGeoProbability(model.params, n, time);
  if (!Number.isFinite(value)) notConverged(fn, model, `P(X(${time}) = ${n})`);
  return value;
}

/**
 * Probability that each customer is still alive at T given their history (x, t_x, T),
 * 1 / (1 + a/(b+x)·((α+T)/(α+t_x))^(r+x)) (Batislam, Denizel & Filiztekin 2007; BTYDplus
 * `mbgcnbd.PAlive` with k = 1). Unlike the BG/NBD it is below 1 for a customer with no repeat
 * purchase (x = 0): they may have left right after the first. A logistic of the log odds, so
 * heavy buyers and long T give finite values.
 *
 * @param customers Rows, columns or a table with the model's frequency, recency and T columns (in the model's time unit).
 * @throws {CustomerValueError} `invalid_model`, `missing_column`, `invalid_value` (recency > T, negative or fractional frequency, naming the row).
 * @example
 * const model = { kind: 'modifiedBetaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.14, aic: 19172.27, bic: 19195.33, gradientNorm: 0, hessianPositiveDefinite: true, groups: 1016, iterations: 0, newtonSteps: 0 } } };
 * const { values } = modifiedBetaGeoProbabilityAlive(model, { frequency: [0, 2, 2], recency: [0, 38, 5], T: [38.86, 38.86, 38.86] });
 * values[0] < 1; // => true
 * values[1] > values[2]; // => true
 */
export function modifiedBetaGeoProbabilityAlive(
  model: ModifiedBetaGeoModel,
  customers: TableInput,
  options: { missing?: MissingValues } = {},
): CustomerPredictions {
  const fn = 'modifiedBetaGeoProbabilityAlive';
  model = assertModifiedBetaGeo(model, fn);
  const o = parseSpec(aliveOptionsSchema, options, fn, 'options');
  return perHistory(model, customers, fn, o.missing, 'P(alive)', (x, tx, T) => modifiedBetaGeoAlive(model.params, x, tx, T));
}

/**
 * Expected purchases of each customer in (T, T + t] given their history (x, t_x, T):
 * P(alive)·(a+b+x)/(a−1)·[1 − ((α+T)/(α+T+t))^(r+x)·2F1(r+x, b+x+1; a+b+x; t/(α+T+t))]
 * (Batislam, Denizel & Filiztekin 2007; BTYDplus `mbgcnbd.ConditionalExpectedTransactions`
 * with k = 1): the BG/NBD's expectation for a customer alive at T, at b + 1. Summed with Euler's
 * transformation and rescaling (as `conditionalExpectedPurchases`), so heavy buyers (x in the
 * thousands) and long T give finite values. Identical histories are computed once.
 *
 * @param customers Rows, columns or a table with the model's frequency, recency and T columns (in the model's time unit).
 * @param t The horizon: purchases in (T, T + t], t ≥ 0 in the model's time unit (as `conditionalExpectedPurchases` and `paretoNbdConditionalExpectedPurchases` take it).
 * @throws {CustomerValueError} `invalid_model`, `missing_column`, `invalid_value`, `invalid_spec` (t not a time ≥ 0), `not_converged`.
 * @example
 * const model = { kind: 'modifiedBetaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.14, aic: 19172.27, bic: 19195.33, gradientNorm: 0, hessianPositiveDefinite: true, groups: 1016, iterations: 0, newtonSteps: 0 } } };
 * const { values } = modifiedBetaGeoConditionalExpectedPurchases(model, [{ frequency: 2, recency: 30.43, T: 38.86 }], 39);
 * // by direct integration over p (scipy quad): 1.26296
 * Math.round(values[0] * 1000) / 1000; // => 1.263
 */
export function modifiedBetaGeoConditionalExpectedPurchases(
  model: ModifiedBetaGeoModel,
  customers: TableInput,
  t: number,
  options: { missing?: MissingValues } = {},
): CustomerPredictions {
  const fn = 'modifiedBetaGeoConditionalExpectedPurchases';
  model = assertModifiedBetaGeo(model, fn);
  const o = parseSpec(conditionalOptionsSchema, options, fn, 'options');
  const horizon = checkPredictionTime(fn, t);
  return perHistory(model, customers, fn, o.missing, `expected purchases in the next ${horizon}`, (x, tx, T) =>
    modifiedBetaGeoConditional(model.params, x, tx, T, horizon),
  );
}

/** Evaluate `f` once per distinct (x, t_x, T) and scatter the values to rows. */
function perHistory(
  model: ModifiedBetaGeoModel,
  customers: TableInput,
  fn: string,
  missing: MissingValues | undefined,
  what: string,
  f: (x: number, tx: number, T: number) => number,
): CustomerPredictions {
  return predictPerHistory(model, customers, fn, missing, f, (history, row) => notConverged(fn, model, `${what} for ${history}`, row));
}

import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../../errors.js';
import { groupRows } from '../../internal/groupRows.js';
import { parseSpec } from '../../internal/parseSpec.js';
import type { TableInput } from '../../io/tableInput.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { betaGeoModelValues } from '../../model/modelValueChecks.js';
import { betaGeoModelSchema } from '../../model/betaGeoModelSchema.js';
import { conditionalExpectation, probabilityAliveOf, purchaseProbabilityOf, throwIfNotFinite } from './betaGeoMath.js';
import type { BetaGeoModel } from './fitBetaGeo.js';
import { readPurchaseSummary } from './purchaseSummary.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';

// In zod/mini, and the model checked against its own kind's schema only, not through the
// registry (every kind's schema): issue 21, a browser bundle of fitBetaGeo and a scorer.
const optionsSchema = z.strictObject({ missing: z.optional(missingValuesMiniSchema) });

/** `assertModelKind(model, 'betaGeo', fn)` without the registry (test/model/kinds.test.ts checks they agree). */
const assertBetaGeo = <M>(model: M, fn: string): M => assertModelOf(model, 'betaGeo', 'fitBetaGeo', betaGeoModelSchema, betaGeoModelValues, fn);

/** One value per customer row, in input order; NaN only for rows skipped under `missing: 'skip'`. */
export interface CustomerPredictions {
  readonly values: Float64Array;
  readonly skipped: number;
}

function checkHorizon(fn: string, t: unknown, name = 't'): number {
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    throw new CustomerValueError('invalid_spec', `${fn}: ${name} must be a time ≥ 0`, [
      { function: fn, path: name, expected: "a finite time ≥ 0 in the model's time unit", received: describeValue(t) },
    ]);
  }
  return t;
}

/**
 * Expected number of purchases in (0, t] by a customer just acquired, E[X(t)] (Fader, Hardie &
 * Lee 2005, eq. 9), with `t` in the model's time unit.
 *
 * Finite for any a, b (also the huge a, b of a fit warning that dropout is barely identified);
 * see `conditionalExpectedPurchases`.
 *
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` for a negative or non-finite t;
 *   `not_converged` if the series does not converge (see `conditionalExpectedPurchases`).
 * @example
 * // Hardie's BG/NBD spreadsheet (CDNOW, r = 0.243, α = 4.414, a = 0.793, b = 2.426): E[X(78)] = 1.8576
 * const model = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.2425929, alpha: 4.4135316, a: 0.7928861, b: 2.4257534 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.43, groups: 1016, iterations: 0 } } };
 * Math.round(expectedPurchases(model, 78) * 1000) / 1000; // => 1.858
 */
export function expectedPurchases(model: BetaGeoModel, t: number): number {
  model = assertBetaGeo(model, 'expectedPurchases');
  const horizon = checkHorizon('expectedPurchases', t);
  const value = conditionalExpectation(model.params, 0, 0, 0, horizon);
  throwIfNotFinite(value, 'expectedPurchases', model.params, 0, 0, 0, horizon);
  return value;
}

/**
 * Probability that a new customer makes exactly `n` purchases in (0, t], P(X(t) = n)
 * (Fader, Hardie & Lee 2005, eq. 8), computed in logs with the negative-binomial tail as an
 * incomplete beta function, so it stays finite for large n. The beta-function ratios are formed
 * as Γ(·+n)/Γ(·) ratios, accurate for huge a and b (≤ 1e-12 relative vs 80-digit eq. 8 at
 * a = b = 1e10).
 *
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` for a bad n or t.
 * @example
 * const model = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const p = [0, 1, 2, 3].map((n) => purchaseProbability(model, n, 39));
 * p[0] > p[1] && p[1] > p[2]; // => true
 */
export function purchaseProbability(model: BetaGeoModel, n: number, t: number): number {
  model = assertBetaGeo(model, 'purchaseProbability');
  if (!Number.isInteger(n) || n < 0) {
    throw new CustomerValueError('invalid_spec', 'purchaseProbability: n must be a whole number ≥ 0', [
      { function: 'purchaseProbability', path: 'n', expected: 'a whole number of purchases ≥ 0', received: describeValue(n) },
    ]);
  }
  return purchaseProbabilityOf(model.params, n, checkHorizon('purchaseProbability', t));
}

/**
 * Expected purchases of each customer in the next `t` time units given their history
 * (x, t_x, T) (Fader, Hardie & Lee 2005, eq. 10). Written with Euler's transformation of the
 * hypergeometric function so heavy buyers (x = 1000 and more) give finite, exact values where
 * the textbook form overflows; when a − 1 > r + x (very large a and b, a nearly fixed dropout
 * probability a/(a+b)) the textbook form is the well-behaved one and is used instead. Both are
 * summed with rescaling, so no value overflows: checked against eq. 10 in 80-digit arithmetic to
 * 1e-10 relative for a, b up to 1e10 and x up to 1e4. Identical histories are computed once.
 * Note: large a and b with a/(a+b) fixed do not make P(alive) → 1: dropout becomes a fixed
 * probability a/(a+b) per purchase; only a/(a+b) → 0 gives the no-dropout (plain NBD) limit.
 *
 * @param customers Rows, columns or a table with the model's frequency, recency and T columns.
 * @throws {CustomerValueError} `invalid_model`, `missing_column`, `invalid_value`, `invalid_spec`;
 *   `not_converged` naming the parameters, the history and its first row when neither series
 *   converges within 1e6 terms (a ≳ 1e6 together with a heavy buyer and t ≫ α + T), never NaN.
 * @example
 * // Hardie's BG/NBD spreadsheet: E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226
 * const model = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const { values } = conditionalExpectedPurchases(model, [{ frequency: 2, recency: 30.43, T: 38.86 }], 39);
 * Math.round(values[0] * 1000) / 1000; // => 1.226
 */
export function conditionalExpectedPurchases(
  model: BetaGeoModel,
  customers: TableInput,
  t: number,
  options: { missing?: MissingValues } = {},
): CustomerPredictions {
  const fn = 'conditionalExpectedPurchases';
  model = assertBetaGeo(model, fn);
  const o = parseSpec(optionsSchema, options, fn, 'options');
  const horizon = checkHorizon(fn, t);
  return perHistory(model, customers, fn, o.missing, (x, tx, T) => conditionalExpectation(model.params, x, tx, T, horizon), horizon);
}

/**
 * Probability that each customer is still active ("alive") given their history,
 * `1 / (1 + δ(x>0)·a/(b+x−1)·((α+T)/(α+t_x))^(r+x))` (Fader, Hardie & Lee 2005, eq. 13 / their
 * 2008 note), computed as a logistic of the log odds: no overflow for heavy buyers.
 *
 * @throws {CustomerValueError} `invalid_model`, `missing_column`, `invalid_value`.
 * @example
 * const model = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const { values } = probabilityAlive(model, { frequency: [0, 2, 2], recency: [0, 38, 5], T: [38.86, 38.86, 38.86] });
 * values[0]; // => 1
 * values[1] > values[2]; // => true
 */
export function probabilityAlive(model: BetaGeoModel, customers: TableInput, options: { missing?: MissingValues } = {}): CustomerPredictions {
  const fn = 'probabilityAlive';
  model = assertBetaGeo(model, fn);
  const o = parseSpec(optionsSchema, options, fn, 'options');
  return perHistory(model, customers, fn, o.missing, (x, tx, T) => probabilityAliveOf(model.params, x, tx, T));
}

/** Evaluate `f` once per distinct (x, t_x, T) and scatter the values to rows. */
function perHistory(
  model: BetaGeoModel,
  customers: TableInput,
  fn: string,
  missing: MissingValues | undefined,
  f: (x: number, tx: number, T: number) => number,
  horizon?: number,
): CustomerPredictions {
  const read = readPurchaseSummary(customers, fn, model.spec.columns, model.spec.timeUnit, missing ?? model.spec.missing, { minimumRows: 0 });
  const grouped = groupRows([read.x, read.tx, read.T], read.rowCount, read.skip);
  const [gx, gtx, gT] = grouped.columns;
  const perGroup = new Float64Array(gx.length);
  for (let g = 0; g < gx.length; g++) perGroup[g] = f(gx[g], gtx[g], gT[g]);
  const values = new Float64Array(read.rowCount);
  for (let g = 0; g < gx.length; g++) {
    if (!Number.isFinite(perGroup[g])) throwIfNotFinite(perGroup[g], fn, model.params, gx[g], gtx[g], gT[g], horizon ?? 0, grouped.groupOf.indexOf(g));
  }
  for (let i = 0; i < values.length; i++) {
    const g = grouped.groupOf[i];
    values[i] = g < 0 ? Number.NaN : perGroup[g];
  }
  return { values, skipped: read.skipped };
}

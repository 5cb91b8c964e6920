import * as z from 'zod/mini';
import { describeValue } from '../../errors.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { numericCovariateReach } from '../../internal/covariatePredictor.js';
import { evaluateCovariateRow } from '../../internal/covariateExtrapolation.js';
import { IssueList } from '../../internal/issueList.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { betaGeoCovariatesModelValues } from '../../model/modelValueChecks.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import { betaGeoCovariateLayout, customerParameters } from './betaGeoCovariatesLikelihood.js';
import { betaGeoCovariatesModelSchema } from './betaGeoCovariatesSpec.js';
import { covariateHistoryPredictions, type CovariatePurchasePredictions } from './covariateHistoryPredictions.js';
import { conditionalExpectation, probabilityAliveOf, throwIfNotFinite } from './betaGeoMath.js';
import type { BetaGeoParams } from './betaGeoSpec.js';
import type { BetaGeoCovariatesModel } from './fitBetaGeoWithCovariates.js';

const FN = 'betaGeoCovariatePredictions';

const optionsSchema = z.strictObject({
  horizon: z.number().check(z.gte(0), z.refine(Number.isFinite)),
  missing: z.optional(missingValuesMiniSchema),
});

/** The quantities of a BG/NBD customer with covariates, named in an error (`evaluateCovariateRow`): parameters, then P(alive) and the expected purchases. */
export const BETA_GEO_QUANTITIES = ['r', 'α_i', 'a_i', 'b_i', 'P(alive)', 'expected purchases'] as const;

/** Per-customer predictions of a BG/NBD model with covariates, in input order (NaN for skipped rows). */
export type BetaGeoCovariatePredictions = CovariatePurchasePredictions;

/** The (r, α, a, b) of each row's design row, given the model (`customerParameters`). */
export function rowParameters(model: BetaGeoCovariatesModel, columns: readonly Float64Array[], i: number): BetaGeoParams {
  const k = columns.length;
  const shared = model.spec.covariates.shared;
  const phi = [Math.log(model.params.r), Math.log(model.params.alpha), Math.log(model.params.a), Math.log(model.params.b), ...model.coefficients.purchase];
  if (!shared) phi.push(...model.coefficients.dropout);
  const z = columns.map((column) => column[i]);
  const [r, alpha, a, b] = customerParameters(phi, betaGeoCovariateLayout(k, shared, 0, 0), z);
  return { r, alpha, a, b };
}

/**
 * Numeric covariates beyond the model's input domain (the check of `betaGeoCovariatePredictions` and `newCustomerExpectedPurchases`, errors naming `fn`) (`numericCovariateReach`: |γ·z| ≤ 400 / terms
 * for each process) are refused, as `compileScorer` and `toSql` refuse them: beyond, a customer's
 * α_i, a_i or b_i leaves the normal doubles.
 */
export function refuseBeyondReach(model: BetaGeoCovariatesModel, columns: readonly Float64Array[], skip: Uint8Array | null, fn: string): void {
  const reach = numericCovariateReach(model.covariates, [model.coefficients.purchase, model.coefficients.dropout], model.terms.length);
  const issues = new IssueList();
  let t = 0;
  model.covariates.forEach((c, j) => {
    if (c.type === 'categorical') {
      t += c.levels.length - 1;
      return;
    }
    const z = columns[t++];
    for (let i = 0; i < z.length; i++) {
      if ((skip === null || skip[i] === 0) && !(Math.abs(z[i]) <= reach[j]))
        issues.add({
          function: fn,
          column: c.column,
          row: i,
          expected: `a value within ±${reach[j].toPrecision(6)} (|coefficient × value| ≤ 400 / terms: finite customer parameters)`,
          received: describeValue(z[i]),
          hint: 'extrapolating beyond the fitting data is allowed, but not this far: check the column’s units (the model takes the values as they were at the fit, neither centred nor scaled), or clip the value to the range of the fitting data',
        });
    }
  });
  issues.throwIfAny('invalid_value', fn, columns[0]?.length ?? 0);
}

/** Check a `betaGeoCovariates` model at a public door. */
export function checkCovariatesModel(model: unknown, fn: string, at = 'model'): BetaGeoCovariatesModel {
  // as assertModelOf checks a kind's model, with the door schema: the standard errors and the fit
  // record taken as given (a model written from published parameters has none), then the values
  // compileScorer and toSql refuse (parameters and level coefficients that would take a
  // customer's parameters out of the doubles); the model as parsed (defaults filled)
  return assertModelOf(
    model as BetaGeoCovariatesModel,
    'betaGeoCovariates',
    'fitBetaGeoWithCovariates',
    betaGeoCovariatesModelSchema,
    betaGeoCovariatesModelValues,
    fn,
    at,
  );
}

/**
 * P(alive) and conditional expected purchases over `options.horizon` for customers with a history
 * (frequency, recency, T in the model's columns and time unit) and the model's covariate columns:
 * each customer's (r, α_i, a_i, b_i) from their covariates (α_i = α·e^(−γ_p·z), a_i = a·e^(γ_d·z),
 * b_i = b·e^(γ_d·z)), then the BG/NBD closed forms (Fader, Hardie & Lee 2005 eq. 10; P(alive) as
 * `probabilityAlive`), as CLVTools' `bgnbd_staticcov_PAlive` and `bgnbd_staticcov_CET`. Values are
 * computed once per distinct (covariates, x, t_x, T).
 *
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` (a negative or non-finite horizon);
 *   `missing_column` (a history or covariate column); `invalid_value` (a bad history, a non-finite
 *   numeric covariate, a categorical level the model was not fitted with, naming the row).
 * @example
 * const model = {
 *   kind: 'betaGeoCovariates', version: 2,
 *   spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000, covariates: { columns: [{ column: 'segment', categorical: true }], shared: false } },
 *   params: { r: 0.25, alpha: 6.5, a: 0.84, b: 2.57 },
 *   covariates: [{ column: 'segment', type: 'categorical', reference: 'low', levels: ['low', 'high'] }],
 *   terms: ['segment=high'], coefficients: { purchase: [0.47], dropout: [-0.22] },
 * };
 * const p = betaGeoCovariatePredictions(model, [{ frequency: 2, recency: 30, T: 39, segment: 'low' }, { frequency: 2, recency: 30, T: 39, segment: 'high' }], { horizon: 39 });
 * p.expectedPurchases[1] > p.expectedPurchases[0]; // => true
 * // the reference level: 1 / (1 + 0.84/(2.57 + 1)·((6.5 + 39)/(6.5 + 30))^2.25) = 0.7213
 * Math.round(p.probabilityAlive[0] * 10000) / 10000; // => 0.7213
 */
export function betaGeoCovariatePredictions(
  model: BetaGeoCovariatesModel,
  customers: TableInput,
  options: { horizon: number; missing?: MissingValues },
): BetaGeoCovariatePredictions {
  const m = checkCovariatesModel(model, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  return covariateHistoryPredictions(
    FN,
    m,
    customers,
    o.missing ?? m.spec.missing,
    (columns, i, x, tx, T) => {
      // a numeric covariate far outside the fitting data is named (`evaluateCovariateRow`), else a value that is not finite is `not_converged`
      const [alive, expected] = evaluateCovariateRow(FN, m, columns, i, { row: i, at: 'the model’s estimate' }, (z, k) => {
        const p = rowParameters(m, z, k);
        return {
          parameters: [p.r, p.alpha, p.a, p.b],
          values: [probabilityAliveOf(p, x, tx, T), conditionalExpectation(p, x, tx, T, o.horizon)],
          names: BETA_GEO_QUANTITIES,
        };
      });
      // the row's parameters were computed once, in the evaluation; again only for the error
      if (!(Number.isFinite(alive) && Number.isFinite(expected))) {
        const p = rowParameters(m, columns, i);
        throwIfNotFinite(alive, FN, p, x, tx, T, o.horizon, i, 'P(alive)');
        throwIfNotFinite(expected, FN, p, x, tx, T, o.horizon, i);
      }
      return [alive, expected];
    },
    (columns, skip) => refuseBeyondReach(m, columns, skip, FN),
  );
}

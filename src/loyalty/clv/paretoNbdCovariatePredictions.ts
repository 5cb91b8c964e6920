import * as z from 'zod/mini';
import { CustomerValueError } from '../../errors.js';
import { evaluateCovariateRow } from '../../internal/covariateExtrapolation.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import { covariateHistoryPredictions, type CovariatePurchasePredictions } from './covariateHistoryPredictions.js';
import type { ParetoNbdCovariatesModel } from './fitParetoNbdWithCovariates.js';
import { paretoNbdCovariateLayout, paretoNbdCustomerParameters } from './paretoNbdCovariatesLikelihood.js';
import { paretoNbdCovariatesModelSchema } from './paretoNbdCovariatesSpec.js';
import { paretoNbdAlive, paretoNbdExpectationIfAlive } from './paretoNbdMath.js';
import type { ParetoNbdParams } from './paretoNbdSpec.js';

const FN = 'paretoNbdCovariatePredictions';

const optionsSchema = z.strictObject({
  horizon: z.number().check(z.gte(0), z.refine(Number.isFinite)),
  missing: z.optional(missingValuesMiniSchema),
});

/** The quantities of a Pareto/NBD customer with covariates, named in an error (`evaluateCovariateRow`): parameters, then P(alive) and the expected purchases. */
export const PARETO_NBD_QUANTITIES = ['r', 'α_i', 's', 'β_i', 'P(alive)', 'expected purchases'] as const;

/** The (r, α_i, s, β_i) of row i's design row, given the model (α_i = α·e^(−γ_p·z), β_i = β·e^(−γ_d·z)). */
export function paretoNbdRowParameters(model: ParetoNbdCovariatesModel, columns: readonly Float64Array[], i: number): ParetoNbdParams {
  const k = columns.length;
  const shared = model.spec.covariates.shared;
  const phi = [Math.log(model.params.r), Math.log(model.params.alpha), Math.log(model.params.s), Math.log(model.params.beta), ...model.coefficients.purchase];
  if (!shared) phi.push(...model.coefficients.dropout);
  const z = columns.map((column) => column[i]);
  const [r, alpha, s, beta] = paretoNbdCustomerParameters(phi, paretoNbdCovariateLayout(k, shared, 0, 0), z);
  return { r, alpha, s, beta };
}

/** Check a `paretoNbdCovariates` model at a public door. */
export function checkParetoNbdCovariatesModel(model: unknown, fn: string, at = 'model'): ParetoNbdCovariatesModel {
  // as assertModelOf checks a kind's model, with the door schema (the standard errors and the fit
  // record taken as given: a model written from published parameters has none); as parsed
  return assertModelOf(model as ParetoNbdCovariatesModel, 'paretoNbdCovariates', 'fitParetoNbdWithCovariates', paretoNbdCovariatesModelSchema, null, fn, at);
}

/** `not_converged` for a customer whose Pareto/NBD value is not finite, naming the row, the parameters and the history. */
export function throwIfParetoNbdNotFinite(value: number, fn: string, p: ParetoNbdParams, history: string, row: number): void {
  if (Number.isFinite(value)) return;
  throw new CustomerValueError('not_converged', `${fn}: the Pareto/NBD prediction could not be computed for a customer`, [
    {
      function: fn,
      row,
      expected: 'a finite value',
      received: `no converged value for (r, α_i, s, β_i) = (${[p.r, p.alpha, p.s, p.beta].map((v) => v.toPrecision(6)).join(', ')}), ${history}`,
      hint: "a hypergeometric series needed more than 1e6 terms (α_i/β_i or β_i/α_i beyond ~1e5) or a quadrature did not reach its tolerance: check the covariate values are on the fit's scale and the model's time unit",
    },
  ]);
}

/**
 * P(alive) and conditional expected purchases over `options.horizon` for customers with a history
 * (frequency, recency, T in the model's columns and time unit) and the model's covariate columns:
 * each customer's (r, α_i, s, β_i) from their covariates (α_i = α·e^(−γ_p·z), β_i = β·e^(−γ_d·z)),
 * then the Pareto/NBD expressions of `paretoNbdProbabilityAlive` and
 * `paretoNbdConditionalExpectedPurchases` (Fader & Hardie 2005 note, eq. 18 and 24), as CLVTools'
 * `pnbd_staticcov_PAlive` and `pnbd_staticcov_CET`. Values are computed once per distinct
 * (covariates, x, t_x, T). The BG/NBD sibling is `betaGeoCovariatePredictions`; both share the
 * reading, skipping and per-history loop.
 *
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` (a negative or non-finite horizon);
 *   `missing_column` (a history or covariate column); `invalid_value` (a bad history, a non-finite
 *   numeric covariate, a categorical level the model was not fitted with, naming the row); `not_converged`.
 * @example
 * const model = {
 *   kind: 'paretoNbdCovariates', version: 2,
 *   spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000, covariates: { columns: [{ column: 'segment', categorical: true }], shared: false } },
 *   params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 },
 *   covariates: [{ column: 'segment', type: 'categorical', reference: 'low', levels: ['low', 'high'] }],
 *   terms: ['segment=high'], coefficients: { purchase: [0.4], dropout: [-0.3] },
 * };
 * const p = paretoNbdCovariatePredictions(model, [{ frequency: 2, recency: 30.43, T: 38.86, segment: 'low' }, { frequency: 2, recency: 30.43, T: 38.86, segment: 'high' }], { horizon: 39 });
 * p.expectedPurchases[1] > p.expectedPurchases[0]; // => true
 * // the reference level is the covariate-free model: eq. 24 in 60-digit mpmath gives 1.45509
 * Math.round(p.expectedPurchases[0] * 100) / 100; // => 1.46
 */
export function paretoNbdCovariatePredictions(
  model: ParetoNbdCovariatesModel,
  customers: TableInput,
  options: { horizon: number; missing?: MissingValues },
): CovariatePurchasePredictions {
  const m = checkParetoNbdCovariatesModel(model, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  return covariateHistoryPredictions(FN, m, customers, o.missing ?? m.spec.missing, (columns, i, x, tx, T) => {
    // a numeric covariate far outside the fitting data is named (`evaluateCovariateRow`), else a value that is not finite is `not_converged`
    const [alive, expected] = evaluateCovariateRow(FN, m, columns, i, { row: i, at: 'the model’s estimate' }, (z, k) => {
      const q = paretoNbdRowParameters(m, z, k);
      const a = paretoNbdAlive(q.r, q.alpha, q.s, q.beta, x, tx, T);
      return {
        parameters: [q.r, q.alpha, q.s, q.beta],
        values: [a, o.horizon === 0 ? 0 : a * paretoNbdExpectationIfAlive(q.r, q.alpha, q.s, q.beta, x, T, o.horizon)],
        names: PARETO_NBD_QUANTITIES,
      };
    });
    // the row's parameters were computed once, in the evaluation; again only for the error
    if (!(Number.isFinite(alive) && Number.isFinite(expected))) {
      const p = paretoNbdRowParameters(m, columns, i);
      const history = `(x, t_x, T) = (${x}, ${tx}, ${T})`;
      throwIfParetoNbdNotFinite(alive, FN, p, `P(alive) at ${history}`, i);
      throwIfParetoNbdNotFinite(expected, FN, p, `expected purchases at ${history}, horizon ${o.horizon}`, i);
    }
    return [alive, expected];
  });
}

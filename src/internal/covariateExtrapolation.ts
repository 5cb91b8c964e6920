import { CustomerValueError, describeValue } from '../errors.js';
import type { FittedCovariate } from '../loyalty/clv/staticCovariatesSpec.js';
import { coefficientsByCovariate, numericCovariateReach } from './covariatePredictor.js';

// The one check every covariate CLV model makes of a customer's numeric covariates far outside
// the values it was fitted on (issue 19): predictions, customerLifetimeValue and
// clvConfidenceIntervals, for the BG/NBD, Pareto/NBD and BG/BB with covariates and the Gamma-Gamma
// with covariates on spend. Extrapolating is allowed: a value beyond the fitting data is used as
// it is. But when a customer's parameters (θ·e^(±γ'z)) leave the positive doubles, or a prediction
// at them is not finite — at the model's estimate or at a parameter draw — and the same customer
// with the numeric covariates at 0 is computed, the covariate is the cause: the error names the
// function, the covariate, the row and the value, with the range in which the model keeps its
// customer parameters finite, and the quantity that is not (a parameter such as α_i, or a
// prediction such as P(alive)). Otherwise (a categorical level, or a history the model cannot
// compute with the covariates at 0 either) the caller's own error stands. The check costs nothing
// on rows that compute: it only runs again on a row whose result is not finite. Internal.

/** The covariate part of a covariate model (at its estimate or at a draw). */
export interface CovariatePart {
  readonly covariates: readonly FittedCovariate[];
  /** Coefficients aligned with the terms: one vector (spend) or one per process. */
  readonly coefficients: readonly number[] | { readonly purchase: readonly number[]; readonly dropout: readonly number[] };
}

/** A customer's parameters and the predictions at them. */
export interface CovariateEvaluation {
  readonly parameters: readonly number[];
  readonly values: readonly number[];
  /** The name of each parameter then of each value (`α_i`, `P(alive)`), for the error to name the quantity that is not finite. */
  readonly names: readonly string[];
}

/** The first quantity of `evaluation` that is not computed: a parameter not a positive double, or a value not finite (with its value), or null. */
export function firstNotComputed(evaluation: CovariateEvaluation): string | null {
  const { parameters, values, names } = evaluation;
  for (let j = 0; j < parameters.length; j++)
    if (!(Number.isFinite(parameters[j]) && parameters[j] > 0)) return `${names[j] ?? `parameter ${j}`} = ${describeValue(parameters[j])}`;
  for (let j = 0; j < values.length; j++)
    if (!Number.isFinite(values[j])) return `${names[parameters.length + j] ?? `value ${j}`} = ${describeValue(values[j])}`;
  return null;
}

function processesOf(model: CovariatePart): readonly (readonly number[])[] {
  const c = model.coefficients;
  return 'purchase' in c ? [c.purchase, c.dropout] : [c];
}

const computed = (e: CovariateEvaluation) => e.parameters.every((v) => Number.isFinite(v) && v > 0) && e.values.every(Number.isFinite);

/** `evaluate`, with a `not_converged` error read as a value that is not finite (the caller's own error is given back). */
function attempt(evaluate: () => CovariateEvaluation): { evaluation: CovariateEvaluation | null; error: unknown } {
  try {
    return { evaluation: evaluate(), error: null };
  } catch (error) {
    if (error instanceof CustomerValueError && error.code === 'not_converged') return { evaluation: null, error };
    throw error;
  }
}

/**
 * Evaluate the customer at `index` of the encoded covariate `columns` (`evaluate(columns, index)`:
 * their parameters and predictions) and return the predictions. When they are not computed (a
 * parameter not finite or ≤ 0, a prediction not finite, or `evaluate` throwing `not_converged`),
 * evaluate again with the numeric covariates at 0: if that computes, throw `invalid_value` naming
 * `fn`, each numeric covariate of the row with its value, `place.row` and the first quantity that is
 * not computed (`evaluate`'s `names`: `α_i = Infinity`, `P(alive) = NaN`); otherwise rethrow the
 * error `evaluate` threw, or return the values for the caller to refuse as it does.
 */
export function evaluateCovariateRow(
  fn: string,
  model: CovariatePart,
  columns: readonly Float64Array[],
  index: number,
  place: { readonly row: number; readonly at: string },
  evaluate: (columns: readonly Float64Array[], index: number) => CovariateEvaluation,
): readonly number[] {
  const first = attempt(() => evaluate(columns, index));
  if (first.evaluation !== null && computed(first.evaluation)) return first.evaluation.values;
  const processes = processesOf(model);
  const byProcess = processes.map((gamma) => coefficientsByCovariate(model.covariates, gamma));
  // the numeric covariates of this row that move its parameters: their term, value and coefficients
  const blamed: { covariate: number; term: number; value: number; effects: number[] }[] = [];
  let term = 0;
  model.covariates.forEach((c, j) => {
    if (c.type === 'categorical') {
      term += c.levels.length - 1;
      return;
    }
    const value = columns[term][index];
    const effects = byProcess.map((g) => g[j][0] * value);
    if (effects.some((e) => e !== 0)) blamed.push({ covariate: j, term, value, effects });
    term += 1;
  });
  if (blamed.length > 0) {
    const zeroed = columns.map((column, t) => Float64Array.of(blamed.some((b) => b.term === t) ? 0 : column[index]));
    const without = attempt(() => evaluate(zeroed, 0));
    if (without.evaluation !== null && computed(without.evaluation)) throwExtrapolation(fn, model, processes, blamed, place, first.evaluation);
  }
  if (first.evaluation === null) throw first.error;
  return first.evaluation.values;
}

function throwExtrapolation(
  fn: string,
  model: CovariatePart,
  processes: readonly (readonly number[])[],
  blamed: readonly { covariate: number; value: number; effects: number[] }[],
  place: { readonly row: number; readonly at: string },
  evaluation: CovariateEvaluation | null,
): never {
  const terms = model.covariates.reduce((n, c) => n + (c.type === 'numeric' ? 1 : c.levels.length - 1), 0);
  const reach = numericCovariateReach(model.covariates, processes, terms);
  const quantity = evaluation === null ? null : firstNotComputed(evaluation);
  const what =
    evaluation === null
      ? 'prediction does not converge'
      : !evaluation.parameters.every((v) => Number.isFinite(v) && v > 0)
        ? `parameters leave the positive doubles (e^(coefficient × value) overflows: ${quantity})`
        : `predictions are not finite (${quantity})`;
  const names = blamed.map((b) => JSON.stringify(model.covariates[b.covariate].column)).join(', ');
  throw new CustomerValueError(
    'invalid_value',
    `${fn}: numeric covariate ${names} of row ${place.row} is so far outside the values the model was fitted on that the customer's ${what} at ${place.at}`,
    blamed.map((b) => {
      const column = model.covariates[b.covariate].column;
      const limit = reach[b.covariate];
      return {
        function: fn,
        column,
        row: place.row,
        expected: `a value at which the customer's parameters and predictions are finite at ${place.at} (with ${column} = 0 they are)`,
        received: `${describeValue(b.value)} (coefficient × value = ${b.effects.map((e) => e.toPrecision(4)).join(processes.length > 1 ? ' purchase, ' : '')}${processes.length > 1 ? ' dropout' : ''}${quantity === null ? '' : `, giving ${quantity}`})`,
        hint: `extrapolating beyond the fitting data is allowed, but not this far: the model keeps every customer's parameters finite for |${column}| ≤ ${limit.toPrecision(4)}; check the column's units (the model takes the values as they were at the fit, neither centred nor scaled), clip the value to the range of the fitting data, or refit with customers like this one`,
      };
    }),
  );
}

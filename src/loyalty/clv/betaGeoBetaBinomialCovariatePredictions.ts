import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../../errors.js';
import { evaluateCovariateRow } from '../../internal/covariateExtrapolation.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { readCovariatesForModel } from '../../internal/staticCovariateDesign.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import { betaGeoBetaBinomialCovariateLayout, betaGeoBetaBinomialCustomerParameters } from './betaGeoBetaBinomialCovariatesLikelihood.js';
import { betaGeoBetaBinomialCovariatesModelSchema } from './betaGeoBetaBinomialCovariatesSpec.js';
import { betaGeoBetaBinomialAlive, betaGeoBetaBinomialConditional, betaGeoBetaBinomialLogLikelihoodOf } from './betaGeoBetaBinomialMath.js';
import { readDiscreteHistories } from './discreteHistories.js';
import type { BetaGeoBetaBinomialParams } from './fitBetaGeoBetaBinomial.js';
import type { BetaGeoBetaBinomialCovariatesModel } from './fitBetaGeoBetaBinomialWithCovariates.js';

const FN = 'betaGeoBetaBinomialCovariatePredictions';

const optionsSchema = z.strictObject({
  periods: z.number().check(z.int(), z.gte(1), z.lte(1_000_000)),
  missing: z.optional(missingValuesMiniSchema),
});

/** The quantities of a BG/BB customer with covariates, named in an error (`evaluateCovariateRow`): parameters, then P(alive) and the expected transactions. */
export const BETA_GEO_BETA_BINOMIAL_QUANTITIES = ['α_i', 'β', 'γ_i', 'δ', 'P(alive)', 'expected transactions'] as const;

/** Per-customer predictions of a BG/BB model with covariates, in input order (NaN for skipped rows). */
export interface BetaGeoBetaBinomialCovariatePredictions {
  /** P(alive at opportunity n + 1 | x, t_x, n, z) (FHS 2010 eq. 11 at the customer's parameters). */
  readonly probabilityAlive: Float64Array;
  /** E[transactions in opportunities n + 1 … n + periods | x, t_x, n, z] (FHS 2010 eq. 13). */
  readonly expectedTransactions: Float64Array;
  /** Rows skipped for a missing value under `missing: 'skip'`. */
  readonly skipped: number;
}

/** The (α_i, β, γ_i, δ) of each row's design row, given the model. */
export function betaGeoBetaBinomialRowParameters(
  model: BetaGeoBetaBinomialCovariatesModel,
  columns: readonly Float64Array[],
  i: number,
): BetaGeoBetaBinomialParams {
  const k = columns.length;
  const shared = model.spec.covariates.shared;
  const { alpha, beta, gamma, delta } = model.params;
  const phi = [Math.log(alpha), Math.log(beta), Math.log(gamma), Math.log(delta), ...model.coefficients.purchase];
  if (!shared) phi.push(...model.coefficients.dropout);
  const z = columns.map((column) => column[i]);
  const [a, b, g, d] = betaGeoBetaBinomialCustomerParameters(phi, betaGeoBetaBinomialCovariateLayout(k, shared, 0, 0), z);
  return { alpha: a, beta: b, gamma: g, delta: d };
}

/** Refuse a prediction that is not finite (a covariate so extreme that e^(γ·z) overflows), naming the quantity (`names[j]` of `values[j]`), the row and the customer's parameters. */
export function throwIfNotFiniteFor(values: readonly number[], fn: string, p: BetaGeoBetaBinomialParams, row: number, names: readonly string[]): void {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad < 0) return;
  const params = `(α, β, γ, δ) = (${[p.alpha, p.beta, p.gamma, p.delta].map((v) => v.toPrecision(6)).join(', ')})`;
  throw new CustomerValueError('invalid_value', `${fn}: the BG/BB ${names[bad]} is not finite for a customer's covariates`, [
    {
      function: fn,
      row,
      expected: 'covariates giving finite customer parameters (α·e^(γ_p·z), γ·e^(γ_d·z))',
      received: `${names[bad]} = ${describeValue(values[bad])} at the customer's parameters ${params}`,
      hint: 'a numeric covariate far outside the range the model was fitted on: check its units, or centre and scale it before fitting',
    },
  ]);
}

/** Check a `betaGeoBetaBinomialCovariates` model at a public door. */
export function checkBetaGeoBetaBinomialCovariatesModel(model: unknown, fn: string, at = 'model'): BetaGeoBetaBinomialCovariatesModel {
  // as assertModelOf checks a kind's model, with the door schema (the standard errors and the fit
  // record taken as given: a model written from published parameters has none); as parsed
  return assertModelOf(
    model as BetaGeoBetaBinomialCovariatesModel,
    'betaGeoBetaBinomialCovariates',
    'fitBetaGeoBetaBinomialWithCovariates',
    betaGeoBetaBinomialCovariatesModelSchema,
    null,
    fn,
    at,
  );
}

/**
 * P(alive) and the conditional expected transactions over the next `options.periods`
 * opportunities for customers with a discrete history (frequency, recency, periods in the model's
 * columns) and the model's covariate columns: each customer's (α_i, β, γ_i, δ) from their
 * covariates (α_i = α·e^(γ_p·z), γ_i = γ·e^(γ_d·z)), then the BG/BB predictions of Fader, Hardie &
 * Shang (2010, eqs. 11 and 13) as `betaGeoBetaBinomialPredictions` computes them (log
 * beta-function ratios). Values are computed once per distinct (covariates, x, t_x, n).
 *
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` (periods not a whole number ≥ 1);
 *   `missing_column` (a history or covariate column); `invalid_value` (a bad history, a
 *   non-finite numeric covariate, a categorical level the model was not fitted with, naming the row).
 * @example
 * const model = {
 *   kind: 'betaGeoBetaBinomialCovariates', version: 2,
 *   spec: { periodUnit: 'year', columns: { frequency: 'frequency', recency: 'recency', periods: 'periods' }, missing: 'error', maxIterations: 500, covariates: { columns: [{ column: 'channel', categorical: true }], shared: false } },
 *   params: { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.8 },
 *   covariates: [{ column: 'channel', type: 'categorical', reference: 'mail', levels: ['mail', 'web'] }],
 *   terms: ['channel=web'], coefficients: { purchase: [0.4], dropout: [-0.3] },
 * };
 * const customers = { frequency: [3, 3], recency: [5, 5], periods: [6, 6], channel: ['mail', 'web'] };
 * const p = betaGeoBetaBinomialCovariatePredictions(model, customers, { periods: 5 });
 * p.expectedTransactions[1] > p.expectedTransactions[0]; // => true
 * p.probabilityAlive[1] > p.probabilityAlive[0]; // => true
 */
export function betaGeoBetaBinomialCovariatePredictions(
  model: BetaGeoBetaBinomialCovariatesModel,
  customers: TableInput,
  options: { periods: number; missing?: MissingValues },
): BetaGeoBetaBinomialCovariatePredictions {
  const m = checkBetaGeoBetaBinomialCovariatesModel(model, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const missing = o.missing ?? m.spec.missing;
  const design = readCovariatesForModel(customers, FN, m.covariates, missing);
  const read = readDiscreteHistories(customers, FN, { ...m.spec.columns, count: undefined }, missing, false);
  const rows = read.rowCount;
  const probabilityAlive = new Float64Array(rows);
  const expectedTransactions = new Float64Array(rows);
  const memo = new Map<string, [number, number]>();
  let longest = 1;
  for (let i = 0; i < rows; i++) if (read.skip === null || read.skip[i] === 0) longest = Math.max(longest, read.n[i] - read.tx[i] + 1);
  const scratch = new Float64Array(longest);
  let skipped = 0;
  for (let i = 0; i < rows; i++) {
    if ((read.skip !== null && read.skip[i] === 1) || (design.skip !== null && design.skip[i] === 1)) {
      probabilityAlive[i] = expectedTransactions[i] = Number.NaN;
      skipped += 1;
      continue;
    }
    const [x, tx, n] = [read.x[i], read.tx[i], read.n[i]];
    const key = `${design.columns.map((c) => c[i]).join(',')};${x};${tx};${n}`;
    let values = memo.get(key);
    if (values === undefined) {
      // a numeric covariate far outside the fitting data is named (`evaluateCovariateRow`), else a value that is not finite is refused
      const [alive, expected] = evaluateCovariateRow(FN, m, design.columns, i, { row: i, at: 'the model’s estimate' }, (z, k) => {
        const q = betaGeoBetaBinomialRowParameters(m, z, k);
        const logL = betaGeoBetaBinomialLogLikelihoodOf(q, x, tx, n, scratch);
        return {
          parameters: [q.alpha, q.beta, q.gamma, q.delta],
          values: [betaGeoBetaBinomialAlive(q, x, n, logL), betaGeoBetaBinomialConditional(q, x, n, o.periods, logL)],
          names: BETA_GEO_BETA_BINOMIAL_QUANTITIES,
        };
      });
      values = [alive, expected];
      // the row's parameters were computed once, in the evaluation; again only for the error
      if (!values.every(Number.isFinite))
        throwIfNotFiniteFor(values, FN, betaGeoBetaBinomialRowParameters(m, design.columns, i), i, ['P(alive)', 'expected transactions']);
      memo.set(key, values);
    }
    [probabilityAlive[i], expectedTransactions[i]] = values;
  }
  return { probabilityAlive, expectedTransactions, skipped };
}

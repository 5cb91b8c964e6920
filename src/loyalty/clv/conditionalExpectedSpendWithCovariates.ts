import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../../errors.js';
import { evaluateCovariateRow } from '../../internal/covariateExtrapolation.js';
import { IssueList } from '../../internal/issueList.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { readCovariatesForModel } from '../../internal/staticCovariateDesign.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import type { CustomerPredictions } from './betaGeoPredictions.js';
import type { GammaGammaCovariatesModel } from './fitGammaGammaWithCovariates.js';
import { gammaGammaCovariatesModelSchema } from './gammaGammaCovariatesSpec.js';
import { readPurchaseSummary } from './purchaseSummary.js';

const FN = 'conditionalExpectedSpendWithCovariates';
const optionsSchema = z.strictObject({ missing: z.optional(missingValuesMiniSchema) });

/** The quantities of a Gamma-Gamma customer with covariates, named in an error (`evaluateCovariateRow`). */
export const SPEND_QUANTITIES = ['the spend scale γ_i', 'the expected spend'] as const;

/** Check a `gammaGammaCovariates` model at a public door (its schema, and q > 1 for a finite mean). */
export function checkGammaGammaCovariatesModel(model: unknown, fn: string, at = 'model'): GammaGammaCovariatesModel {
  // as assertModelOf checks a kind's model, with the door schema (the standard errors, population
  // mean spend and fit record taken as given: a model written from published parameters has none)
  const m = assertModelOf(
    model as GammaGammaCovariatesModel,
    'gammaGammaCovariates',
    'fitGammaGammaWithCovariates',
    gammaGammaCovariatesModelSchema,
    null,
    fn,
    at,
  );
  if (!(m.params.q > 1))
    throw new CustomerValueError('invalid_model', `${fn}: q = ${m.params.q} ≤ 1, so the expected spend is infinite`, [
      {
        function: fn,
        path: `${at}.params.q`,
        expected: 'q > 1',
        received: String(m.params.q),
        hint: 'refit on cleaner spend data (outliers inflate the tail)',
      },
    ]);
  return m;
}

/** γ_i = γ·exp(β'z_i) of row i of the encoded covariate columns. */
export function customerGamma(model: GammaGammaCovariatesModel, columns: readonly Float64Array[], i: number): number {
  let eta = 0;
  for (let j = 0; j < columns.length; j++) eta += model.coefficients[j] * columns[j][i];
  return model.params.gamma * Math.exp(eta);
}

/**
 * Expected mean transaction value of each customer given x repeat purchases with mean value m̄
 * and their covariates z: the Gamma-Gamma conditional mean (Fader & Hardie 2013, eq. 5) at the
 * customer's γ_i = γ·exp(β'z_i) (Fader & Hardie, note 045), `E[M | x, m̄, z] = p·(γ_i + x·m̄) / (p·x + q − 1)`,
 * a weighted average of the customer's population mean p·γ_i/(q − 1) and their own mean. A
 * customer with no repeat purchase gets p·γ_i/(q − 1) (`newCustomerExpectedSpend`). As
 * `conditionalExpectedSpend`, a repeat customer with a negative mean spend is refused.
 *
 * @throws {CustomerValueError} `invalid_model` (also when q ≤ 1); `missing_column` (frequency,
 *   monetary or a covariate); `invalid_value` (a negative mean spend of a repeat customer, a
 *   non-finite numeric covariate, a categorical level the model was not fitted with, naming the row).
 * @example
 * const model = {
 *   kind: 'gammaGammaCovariates', version: 2,
 *   spec: { columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', nonPositiveSpend: 'error', maxIterations: 1000, covariates: { columns: [{ column: 'tier', categorical: true, reference: 'basic' }] } },
 *   params: { p: 6.25, q: 3.74, gamma: 15.44 },
 *   covariates: [{ column: 'tier', type: 'categorical', reference: 'basic', levels: ['basic', 'gold'] }],
 *   terms: ['tier=gold'], coefficients: [0.5],
 * };
 * const { values } = conditionalExpectedSpendWithCovariates(model, { frequency: [2, 2, 0], monetary: [100, 100, 0], tier: ['basic', 'gold', 'gold'] });
 * Array.from(values, (v) => Math.round(v * 100) / 100); // => [88.35, 92.46, 58.07]
 */
export function conditionalExpectedSpendWithCovariates(
  model: GammaGammaCovariatesModel,
  customers: TableInput,
  options: { missing?: MissingValues } = {},
): CustomerPredictions {
  const m = checkGammaGammaCovariatesModel(model, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  return expectedSpendWithCovariates(m, customers, o.missing ?? m.spec.missing, FN);
}

/** The conditional expected spend of a checked model, errors naming `fn` (the door the user called). Internal. */
export function expectedSpendWithCovariates(m: GammaGammaCovariatesModel, customers: TableInput, missing: MissingValues, fn: string): CustomerPredictions {
  const design = readCovariatesForModel(customers, fn, m.covariates, missing);
  const read = readPurchaseSummary(customers, fn, m.spec.columns, null, missing, { monetary: true, history: false, minimumRows: 0 });
  const monetary = read.monetary!;
  const skip = (i: number) => (read.skip !== null && read.skip[i] === 1) || (design.skip !== null && design.skip[i] === 1);
  const issues = new IssueList();
  for (let i = 0; i < read.rowCount; i++) {
    if (!skip(i) && read.x[i] > 0 && monetary[i] < 0)
      issues.add({
        function: fn,
        column: m.spec.columns.monetary,
        row: i,
        expected: 'a mean spend ≥ 0 for a repeat customer (the model describes purchase amounts)',
        received: describeValue(monetary[i]),
        hint: 'summarizeTransactions nets refunds per day and never gives a negative mean; drop or correct these customers',
      });
  }
  issues.throwIfAny('invalid_value', fn, read.rowCount);
  const { p, q } = m.params;
  const values = new Float64Array(read.rowCount);
  let skipped = 0;
  for (let i = 0; i < values.length; i++) {
    if (skip(i)) {
      values[i] = Number.NaN;
      skipped += 1;
      continue;
    }
    const x = read.x[i];
    const gi = customerGamma(m, design.columns, i);
    values[i] = x > 0 ? (p * (gi + x * monetary[i])) / (p * x + q - 1) : (p * gi) / (q - 1);
    // γ_i = γ·e^(β'z) overflowing or 0: a numeric covariate far outside the fitting data, named
    if (!(Number.isFinite(values[i]) && gi > 0 && Number.isFinite(gi)))
      evaluateCovariateRow(fn, m, design.columns, i, { row: i, at: 'the model’s estimate' }, (z, k) => {
        const g = customerGamma(m, z, k);
        return { parameters: [g], values: [x > 0 ? (p * (g + x * monetary[i])) / (p * x + q - 1) : (p * g) / (q - 1)], names: SPEND_QUANTITIES };
      });
  }
  return { values, skipped };
}

import * as z from 'zod/mini';
import { parseSpec } from '../../internal/parseSpec.js';
import { readCovariatesForModel } from '../../internal/staticCovariateDesign.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import type { CustomerPredictions } from './betaGeoPredictions.js';
import { checkGammaGammaCovariatesModel, customerGamma, SPEND_QUANTITIES } from './conditionalExpectedSpendWithCovariates.js';
import { evaluateCovariateRow } from '../../internal/covariateExtrapolation.js';
import type { GammaGammaCovariatesModel } from './fitGammaGammaWithCovariates.js';

const FN = 'newCustomerExpectedSpend';
const optionsSchema = z.strictObject({ missing: z.optional(missingValuesMiniSchema) });

/**
 * Expected mean transaction value of a customer just acquired, given their covariates: the
 * Gamma-Gamma population mean p·γ_i/(q − 1) at γ_i = γ·exp(β'z_i) (Fader & Hardie, note 045; the
 * spend counterpart of `newCustomerExpectedPurchases`). `customers` holds the model's covariate
 * columns only (no history). One value per row (NaN for rows skipped under `missing: 'skip'`).
 *
 * @throws {CustomerValueError} `invalid_model` (also when q ≤ 1); `missing_column`; `invalid_value`
 *   (a non-finite numeric covariate, a categorical level the model was not fitted with, naming the row;
 *   a numeric covariate so far outside the fitting data that γ_i is not a positive double, naming the
 *   covariate, the row and γ_i, as `conditionalExpectedSpendWithCovariates`).
 * @example
 * const model = {
 *   kind: 'gammaGammaCovariates', version: 2,
 *   spec: { columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', nonPositiveSpend: 'error', maxIterations: 1000, covariates: { columns: [{ column: 'tier', categorical: true, reference: 'basic' }] } },
 *   params: { p: 6.25, q: 3.74, gamma: 15.44 },
 *   covariates: [{ column: 'tier', type: 'categorical', reference: 'basic', levels: ['basic', 'gold'] }],
 *   terms: ['tier=gold'], coefficients: [0.5],
 * };
 * const { values } = newCustomerExpectedSpend(model, { tier: ['basic', 'gold'] });
 * Array.from(values, (v) => Math.round(v * 100) / 100); // => [35.22, 58.07]
 */
export function newCustomerExpectedSpend(
  model: GammaGammaCovariatesModel,
  customers: TableInput,
  options: { missing?: MissingValues } = {},
): CustomerPredictions {
  const m = checkGammaGammaCovariatesModel(model, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const design = readCovariatesForModel(customers, FN, m.covariates, o.missing ?? m.spec.missing);
  const rows = design.columns[0].length;
  const { p, q } = m.params;
  const values = new Float64Array(rows);
  let skipped = 0;
  for (let i = 0; i < rows; i++) {
    if (design.skip !== null && design.skip[i] === 1) {
      values[i] = Number.NaN;
      skipped += 1;
      continue;
    }
    const gi = customerGamma(m, design.columns, i);
    values[i] = (p * gi) / (q - 1);
    // γ_i = γ·e^(β'z) overflowing or 0: a numeric covariate far outside the fitting data, named (as conditionalExpectedSpendWithCovariates)
    if (!(Number.isFinite(values[i]) && gi > 0 && Number.isFinite(gi)))
      evaluateCovariateRow(FN, m, design.columns, i, { row: i, at: 'the model’s estimate' }, (z, k) => {
        const g = customerGamma(m, z, k);
        return { parameters: [g], values: [(p * g) / (q - 1)], names: SPEND_QUANTITIES };
      });
  }
  return { values, skipped };
}

import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../../errors.js';
import { IssueList } from '../../internal/issueList.js';
import { parseSpec } from '../../internal/parseSpec.js';
import type { TableInput } from '../../io/tableInput.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { gammaGammaModelSchema } from '../../model/gammaGammaModelSchema.js';
import type { CustomerPredictions } from './betaGeoPredictions.js';
import type { GammaGammaModel } from './fitGammaGamma.js';
import { readPurchaseSummary } from './purchaseSummary.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';

const FN = 'conditionalExpectedSpend';
const optionsSchema = z.strictObject({ missing: z.optional(missingValuesMiniSchema) });

/** `assertModelKind(model, 'gammaGamma', fn)` without the registry (test/model/kinds.test.ts checks they agree). */
export const assertGammaGamma = <M>(model: M, fn: string, at = 'model'): M =>
  assertModelOf(model, 'gammaGamma', 'fitGammaGamma', gammaGammaModelSchema, null, fn, at);

/**
 * Expected mean transaction value of each customer given x repeat purchases with mean value m̄
 * (Fader & Hardie 2013, eq. 5): `E[M | x, m̄] = p·(γ + x·m̄) / (p·x + q − 1)`, a weighted
 * average of the population mean p·γ/(q − 1) and the customer's own mean. A customer with no
 * repeat purchase gets the population mean (their monetary value is not used). The result is
 * never negative: a repeat customer with a negative mean spend (refunds exceeding purchases, as
 * a lifetimes summary can carry) is refused, with its rows named; a mean of 0 is accepted and
 * gives a positive value shrunk toward the population mean.
 *
 * @throws {CustomerValueError} `invalid_model` (also when q ≤ 1: no finite mean); `missing_column`; `invalid_value` (a repeat customer with mean spend < 0, among others).
 * @example
 * // Fader & Hardie (2013), CDNOW: p = 6.25, q = 3.74, γ = 15.44
 * const model = { kind: 'gammaGamma', version: 2, spec: { columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', nonPositiveSpend: 'error', maxIterations: 1000 }, params: { p: 6.25, q: 3.74, gamma: 15.44 }, standardErrors: null, populationMeanSpend: 35.22, fitted: { n: 946, skipped: 0, warnings: [], diagnostics: { logLikelihood: -4000, withoutRepeat: 1411, nonPositiveExcluded: 0, frequencyMonetaryCorrelation: 0.11, iterations: 0 } } };
 * const { values } = conditionalExpectedSpend(model, { frequency: [0, 2, 10], monetary: [0, 100, 100] });
 * Array.from(values, (v) => Math.round(v * 100) / 100); // => [35.22, 88.35, 97.28]
 */
export function conditionalExpectedSpend(model: GammaGammaModel, customers: TableInput, options: { missing?: MissingValues } = {}): CustomerPredictions {
  model = assertGammaGamma(model, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  return gammaGammaExpectedSpend(model, customers, o.missing ?? model.spec.missing, FN, 'model');
}

/**
 * @internal `conditionalExpectedSpend` on a model already checked (`assertGammaGamma`), its issues
 * naming `fn` and the model at `at` (`customerLifetimeValue`: `arguments.spendModel`).
 */
export function gammaGammaExpectedSpend(model: GammaGammaModel, customers: TableInput, missing: MissingValues, fn: string, at: string): CustomerPredictions {
  const { p, q, gamma } = model.params;
  if (!(q > 1)) {
    throw new CustomerValueError('invalid_model', `${fn}: q = ${q} ≤ 1, so the expected spend is infinite`, [
      { function: fn, path: `${at}.params.q`, expected: 'q > 1', received: String(q), hint: 'refit on cleaner spend data (outliers inflate the tail)' },
    ]);
  }
  const read = readPurchaseSummary(customers, fn, model.spec.columns, null, missing, {
    monetary: true,
    history: false,
    minimumRows: 0,
  });
  const m = read.monetary!;
  const columns = model.spec.columns;
  const issues = new IssueList();
  for (let i = 0; i < read.rowCount; i++) {
    if ((read.skip === null || read.skip[i] === 0) && read.x[i] > 0 && m[i] < 0) {
      issues.add({
        function: fn,
        column: columns.monetary,
        row: i,
        expected: 'a mean spend ≥ 0 for a repeat customer (the model describes purchase amounts)',
        received: describeValue(m[i]),
        hint: 'summarizeTransactions nets refunds per day and never gives a negative mean; drop or correct these customers',
      });
    }
  }
  issues.throwIfAny('invalid_value', fn, read.rowCount);
  const values = new Float64Array(read.rowCount);
  for (let i = 0; i < values.length; i++) {
    if (read.skip !== null && read.skip[i] === 1) {
      values[i] = Number.NaN;
      continue;
    }
    const x = read.x[i];
    values[i] = x > 0 ? (p * (gamma + x * m[i])) / (p * x + q - 1) : (p * gamma) / (q - 1);
  }
  return { values, skipped: read.skipped };
}

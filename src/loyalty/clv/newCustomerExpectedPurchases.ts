import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../../errors.js';
import { parseSpec, specError } from '../../internal/parseSpec.js';
import { readCovariatesForModel } from '../../internal/staticCovariateDesign.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import { checkCovariatesModel, refuseBeyondReach, rowParameters } from './betaGeoCovariatePredictions.js';
import { evaluateCovariateRow } from '../../internal/covariateExtrapolation.js';
import { conditionalExpectation, throwIfNotFinite } from './betaGeoMath.js';
import type { CustomerPredictions } from './betaGeoPredictions.js';
import type { BetaGeoCovariatesModel } from './fitBetaGeoWithCovariates.js';
import type { ParetoNbdCovariatesModel } from './fitParetoNbdWithCovariates.js';
import { checkParetoNbdCovariatesModel, paretoNbdRowParameters, throwIfParetoNbdNotFinite } from './paretoNbdCovariatePredictions.js';
import { powerIntegral } from './paretoNbdMath.js';
import { betaGeoBetaBinomialRowParameters, checkBetaGeoBetaBinomialCovariatesModel, throwIfNotFiniteFor } from './betaGeoBetaBinomialCovariatePredictions.js';
import { betaGeoBetaBinomialExpected } from './betaGeoBetaBinomialMath.js';
import type { BetaGeoBetaBinomialCovariatesModel } from './fitBetaGeoBetaBinomialWithCovariates.js';

const FN = 'newCustomerExpectedPurchases';

/** The quantities of a new customer of each kind, named in an error (`evaluateCovariateRow`). */
const NEW_BETA_GEO = ['r', 'α_i', 'a_i', 'b_i', 'expected purchases of a new customer'] as const;
const NEW_PARETO_NBD = ['r', 'α_i', 's', 'β_i', 'expected purchases of a new customer'] as const;
const NEW_BETA_GEO_BETA_BINOMIAL = ['α_i', 'β', 'γ_i', 'δ', 'expected transactions of a new customer'] as const;

const optionsSchema = z.strictObject({
  t: z.number().check(z.gte(0), z.refine(Number.isFinite)),
  missing: z.optional(missingValuesMiniSchema),
});

/**
 * Expected repeat purchases in (0, t] of a customer just acquired, given their covariates
 * (CLVTools `predict(..., newdata = newcustomer.static(...))`). For a `betaGeoCovariates` model,
 * E[X(t)] of BG/NBD (Fader, Hardie & Lee 2005, eq. 9) at the customer's (r, α_i, a_i, b_i) —
 * α_i = α·e^(−γ_p·z), a_i = a·e^(γ_d·z), b_i = b·e^(γ_d·z) — with `t` in the model's time unit;
 * for a `paretoNbdCovariates` model, E[X(t)] of Pareto/NBD (Fader & Hardie 2005 note, eq. 17, as
 * `paretoNbdExpectedPurchases`) at (r, α_i, s, β_i) — α_i = α·e^(−γ_p·z), β_i = β·e^(−γ_d·z) —
 * with `t` in the model's time unit; for a `betaGeoBetaBinomialCovariates` model, E[X(t)] of
 * BG/BB (Fader, Hardie & Shang 2010, eq. 8, summed as `betaGeoBetaBinomialExpectedTransactions`)
 * at the customer's (α_i, β, γ_i, δ) — α_i = α·e^(γ_p·z), γ_i = γ·e^(γ_d·z) — with `t` a whole
 * number of transaction opportunities. `customers` holds the model's covariate columns only (no
 * history). One value per row (NaN for rows skipped under `missing: 'skip'`).
 *
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` (a negative or non-finite t; for
 *   BG/BB, a t that is not a whole number);
 *   `missing_column`; `invalid_value` (a non-finite numeric covariate, an unknown level, naming the row;
 *   a numeric covariate so far outside the fitting data that the customer's parameters or value are
 *   not finite, naming the covariate, the row and the quantity — the check of the per-customer
 *   predictions, and for BG/NBD their refusal beyond |coefficient × value| > 400 / terms).
 * @example
 * const model = {
 *   kind: 'betaGeoCovariates', version: 2,
 *   spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000, covariates: { columns: [{ column: 'segment', categorical: true }], shared: false } },
 *   params: { r: 0.25, alpha: 6.5, a: 0.84, b: 2.57 },
 *   covariates: [{ column: 'segment', type: 'categorical', reference: 'low', levels: ['low', 'high'] }],
 *   terms: ['segment=high'], coefficients: { purchase: [0.47], dropout: [-0.22] },
 * };
 * const { values } = newCustomerExpectedPurchases(model, { segment: ['low', 'high'] }, { t: 52 });
 * values[1] > values[0]; // => true
 * // a Pareto/NBD model (fitParetoNbdWithCovariates) at its reference level: E[X(39)] = 1.2131 (mpmath, Fader & Hardie's CDNOW estimates)
 * const pnbd = { ...model, kind: 'paretoNbdCovariates', params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 } };
 * Math.round(newCustomerExpectedPurchases(pnbd, { segment: ['low'] }, { t: 39 }).values[0] * 100) / 100; // => 1.21
 * // a BG/BB model: t counts transaction opportunities (E[X(t)] = α_i/(α_i+β)·Σ_{s≤t} B(γ_i, δ+s)/B(γ_i, δ))
 * const donors = {
 *   kind: 'betaGeoBetaBinomialCovariates', version: 2,
 *   spec: { periodUnit: 'year', columns: { frequency: 'frequency', recency: 'recency', periods: 'periods' }, missing: 'error', maxIterations: 500, covariates: { columns: [{ column: 'channel', categorical: true }], shared: false } },
 *   params: { alpha: 1, beta: 1, gamma: 1, delta: 1 },
 *   covariates: [{ column: 'channel', type: 'categorical', reference: 'mail', levels: ['mail', 'web'] }],
 *   terms: ['channel=web'], coefficients: { purchase: [0.5], dropout: [0] },
 * };
 * // the reference level over 2 opportunities: 1/2 · (B(1, 2) + B(1, 3))/B(1, 1) = 1/2 · (1/2 + 1/3) = 5/12
 * Math.round(newCustomerExpectedPurchases(donors, { channel: ['mail'] }, { t: 2 }).values[0] * 1e12) / 1e12; // => 0.416666666667
 */
export function newCustomerExpectedPurchases(
  model: BetaGeoCovariatesModel | ParetoNbdCovariatesModel | BetaGeoBetaBinomialCovariatesModel,
  customers: TableInput,
  options: { t: number; missing?: MissingValues },
): CustomerPredictions {
  const kind = model !== null && typeof model === 'object' ? (model as { kind?: unknown }).kind : undefined;
  if (kind === 'betaGeoBetaBinomialCovariates') return discreteNewCustomers(checkBetaGeoBetaBinomialCovariatesModel(model, FN), customers, options);
  if (kind !== 'betaGeoCovariates' && kind !== 'paretoNbdCovariates')
    throw new CustomerValueError('invalid_model', `${FN}: expected a "betaGeoCovariates", "paretoNbdCovariates" or "betaGeoBetaBinomialCovariates" model`, [
      {
        function: FN,
        path: 'model.kind',
        expected: '"betaGeoCovariates", "paretoNbdCovariates" or "betaGeoBetaBinomialCovariates"',
        received: describeValue(kind),
        hint: 'fit one with fitBetaGeoWithCovariates, fitParetoNbdWithCovariates or fitBetaGeoBetaBinomialWithCovariates',
      },
    ]);
  const m = kind === 'paretoNbdCovariates' ? checkParetoNbdCovariatesModel(model, FN) : checkCovariatesModel(model, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const design = readCovariatesForModel(customers, FN, m.covariates, o.missing ?? m.spec.missing);
  // the far-from-fit-range checks of the per-customer predictions: the BG/NBD's input domain first
  // (as betaGeoCovariatePredictions, compileScorer and toSql), then for every kind a value that is
  // not finite is named by its covariate (`evaluateCovariateRow`), else refused as the siblings do
  if (m.kind === 'betaGeoCovariates') refuseBeyondReach(m, design.columns, design.skip, FN);
  const rows = design.columns[0].length;
  const values = new Float64Array(rows);
  const at = { at: 'the model’s estimate' };
  let skipped = 0;
  for (let i = 0; i < rows; i++) {
    if (design.skip !== null && design.skip[i] === 1) {
      values[i] = Number.NaN;
      skipped += 1;
      continue;
    }
    if (m.kind === 'paretoNbdCovariates') {
      [values[i]] = evaluateCovariateRow(FN, m, design.columns, i, { row: i, ...at }, (z, k) => {
        const p = paretoNbdRowParameters(m, z, k);
        return { parameters: [p.r, p.alpha, p.s, p.beta], values: [(p.r / p.alpha) * p.beta * powerIntegral(p.s, o.t / p.beta)], names: NEW_PARETO_NBD };
      });
      if (!Number.isFinite(values[i])) throwIfParetoNbdNotFinite(values[i], FN, paretoNbdRowParameters(m, design.columns, i), `a new customer, t = ${o.t}`, i);
    } else {
      [values[i]] = evaluateCovariateRow(FN, m, design.columns, i, { row: i, ...at }, (z, k) => {
        const p = rowParameters(m, z, k);
        return { parameters: [p.r, p.alpha, p.a, p.b], values: [conditionalExpectation(p, 0, 0, 0, o.t)], names: NEW_BETA_GEO };
      });
      if (!Number.isFinite(values[i])) throwIfNotFinite(values[i], FN, rowParameters(m, design.columns, i), 0, 0, 0, o.t, i);
    }
  }
  return { values, skipped };
}

/** The BG/BB case: E[X(t)] over t whole opportunities at each row's (α_i, β, γ_i, δ). */
function discreteNewCustomers(m: BetaGeoBetaBinomialCovariatesModel, customers: TableInput, options: unknown): CustomerPredictions {
  const o = parseSpec(optionsSchema, options, FN, 'options');
  if (!Number.isInteger(o.t) || o.t > 1_000_000)
    throw specError(FN, 'options.t', `a whole number of transaction opportunities (${m.spec.periodUnit}s) from 0 to 1,000,000`, String(o.t));
  const design = readCovariatesForModel(customers, FN, m.covariates, o.missing ?? m.spec.missing);
  const rows = design.columns[0].length;
  const values = new Float64Array(rows);
  let skipped = 0;
  for (let i = 0; i < rows; i++) {
    if (design.skip !== null && design.skip[i] === 1) {
      values[i] = Number.NaN;
      skipped += 1;
      continue;
    }
    [values[i]] = evaluateCovariateRow(FN, m, design.columns, i, { row: i, at: 'the model’s estimate' }, (z, k) => {
      const p = betaGeoBetaBinomialRowParameters(m, z, k);
      return { parameters: [p.alpha, p.beta, p.gamma, p.delta], values: [betaGeoBetaBinomialExpected(p, o.t)], names: NEW_BETA_GEO_BETA_BINOMIAL };
    });
    if (!Number.isFinite(values[i]))
      throwIfNotFiniteFor([values[i]], FN, betaGeoBetaBinomialRowParameters(m, design.columns, i), i, [NEW_BETA_GEO_BETA_BINOMIAL[4]]);
  }
  return { values, skipped };
}

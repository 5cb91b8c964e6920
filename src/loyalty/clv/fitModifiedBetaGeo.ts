import type * as z from 'zod';
import { CustomerValueError } from '../../errors.js';
import { fitCertificate, fitOnLogParameters } from '../../internal/fitOnLogParameters.js';
import { MODEL_VERSION } from '../../internal/modelVersion.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { refuseDiscreteSummary } from '../../internal/refuseDiscreteSummary.js';
import type { TableInput } from '../../io/tableInput.js';
import type { ModelFit } from '../../model/modelFit.js';
import type { DiscreteFitDiagnostics } from '../retention/fitShiftedBetaGeometric.js';
import { prepareBetaGeoData } from './betaGeoLikelihood.js';
import { modifiedBetaGeoLogLikelihood } from './modifiedBetaGeoLikelihood.js';
import { modifiedBetaGeoSpecSchema, type ModifiedBetaGeoParams, type ModifiedBetaGeoSpec } from './modifiedBetaGeoSpec.js';
import { readPurchaseSummary } from './purchaseSummary.js';

const FN = 'fitModifiedBetaGeo';

/**
 * A fitted MBG/NBD model. Parameters and standard errors at the top level; the record of the fit
 * in `fitted` (see `ModelFit`), with the likelihood, AIC, BIC and the certificate of the optimum
 * in `fitted.diagnostics`.
 */
export interface ModifiedBetaGeoModel {
  readonly kind: 'modifiedBetaGeo';
  readonly version: number;
  readonly spec: z.output<typeof modifiedBetaGeoSpecSchema>;
  readonly params: ModifiedBetaGeoParams;
  /** From the inverse observed information (analytic Hessian) at the optimum; null if it is not positive definite. */
  readonly standardErrors: ModifiedBetaGeoParams | null;
  readonly fitted: ModelFit<DiscreteFitDiagnostics & { /** Distinct (x, t_x, T) rows the likelihood was evaluated on. */ readonly groups: number }>;
}

/**
 * Fit the MBG/NBD model of repeat buying (Batislam, Denizel & Filiztekin 2007, "Empirical
 * validation and comparison of models for customer base analysis", IJRM 24(3)) by maximum
 * likelihood on `{frequency, recency, T}` per customer (continuous time, in `spec.timeUnit`).
 * It is the BG/NBD (Fader, Hardie & Lee 2005) with one change: a customer may also drop out right
 * after the first purchase, so a customer with no repeat purchase is not certainly alive
 * (P(alive) < 1 at x = 0), which removes the BG/NBD's overstatement of the alive share among
 * one-time buyers. Purchases are Poisson(λ) while alive, λ ~ Gamma(r, α); after the first and
 * after every repeat purchase the customer drops out with probability p ~ Beta(a, b).
 *
 * Method: the likelihood (see `modifiedBetaGeoLogLikelihood`; the form of BTYDplus's
 * `mbgcnbd.LL` with k = 1) as a log-sum-exp, maximized over log-parameters by BFGS with the
 * analytic gradient from three starts and finished by Newton steps on the analytic Hessian; the
 * optimum is certified (`fitted.diagnostics`: `logLikelihood`, `aic`, `bic`, `gradientNorm`,
 * `hessianPositiveDefinite`) or the fit throws `not_converged`. Standard errors from the inverse
 * observed information. Identical histories are grouped and summed in a canonical order, so the
 * row order does not move the optimum.
 *
 * Grouped input: with `columns.count`, each row is a history shared by that many customers (a
 * whole number ≥ 1). The fit is exact: equal to the fit on one row per customer.
 *
 * @throws {CustomerValueError} `invalid_spec`; `missing_column` (a discrete-time summary with
 *   `periods` instead of `T` is named as such); `invalid_value` (negative or
 *   fractional frequency, recency > T, recency ≠ 0 with frequency 0, naming the row);
 *   `too_few_rows`; `not_converged` with what to try.
 * @example
 * // CDNOW 1/10 sample, calibration weeks 1–39 (BTYD's cdnowSummary$cbs): BTYDplus gives
 * // r = 0.525, α = 6.183, a = 0.891, b = 1.614
 * const summary = await readCsvFile('test/fixtures/loyalty/cdnow_btyd_cbs.csv');
 * const model = fitModifiedBetaGeo(summary.columns, { timeUnit: 'week', columns: { frequency: 'x', recency: 't_x', T: 'T_cal' } });
 * Object.values(model.params).map((v) => Math.round(v * 1000) / 1000); // => [0.525, 6.183, 0.891, 1.614]
 * model.fitted.diagnostics.hessianPositiveDefinite; // => true
 */
export function fitModifiedBetaGeo(summary: TableInput, spec: ModifiedBetaGeoSpec): ModifiedBetaGeoModel {
  const s = parseSpec(modifiedBetaGeoSpecSchema, spec, FN);
  refuseDiscreteSummary(FN, 'MBG/NBD', summary, s.columns.T);
  const read = readPurchaseSummary(summary, FN, s.columns, s.timeUnit, s.missing, { minimumRows: 2, counts: true });
  const data = prepareBetaGeoData(read.x, read.tx, read.T, read.skip, read.count);
  let repeaters = 0;
  let purchases = 0;
  let exposure = 0;
  for (let g = 0; g < data.x.length; g++) {
    if (data.x[g] > 0) repeaters += data.weight[g];
    purchases += data.weight[g] * data.x[g];
    exposure += data.weight[g] * data.T[g];
  }
  if (repeaters === 0) {
    throw new CustomerValueError('too_few_rows', `${FN}: no customer made a repeat purchase, so the model cannot be fitted`, [
      {
        function: FN,
        column: s.columns.frequency,
        expected: 'some customers with frequency > 0',
        received: 'all 0',
        hint: 'observe customers for longer, or check the frequency column',
      },
    ]);
  }
  const rate = purchases / Math.max(exposure, 1e-12);
  const starts = (
    s.starts ?? [
      { r: 1, alpha: 1 / rate, a: 1, b: 3 },
      { r: 1, alpha: 3, a: 1, b: 3 },
      { r: 0.3, alpha: 0.3 / rate, a: 0.5, b: 5 },
    ]
  ).map((p) => [p.r, p.alpha, p.a, p.b]);
  // Outside 1e-6…1e6 the objective is not finite and the line searches step back: a parameter
  // there is not identified by any data (almost no dropout drives a → 0 or b → ∞).
  const inDomain = (theta: Float64Array) => theta.every((v) => v > 1e-6 && v < 1e6);
  const fit = fitOnLogParameters(
    FN,
    (theta, gradient, hessian) => (inDomain(theta) ? modifiedBetaGeoLogLikelihood(theta, data, gradient, hessian) : Number.NaN),
    starts,
    data.customers,
    {
      maxIterations: s.maxIterations,
      hint: 'check spec.timeUnit matches the summary (α scales with it); pass spec.starts near a plausible solution; raise maxIterations; with few repeat customers or almost no dropout a and b may not be identified (try fitBetaGeo or fitParetoNbd); the search stays within 1e-6…1e6',
    },
  );
  const [r, alpha, a, b] = fit.theta;
  const se = fit.standardErrors;
  const warnings: string[] = [];
  if (se === null) warnings.push('the observed information matrix is not positive definite: standard errors are not available');
  return {
    kind: 'modifiedBetaGeo',
    version: MODEL_VERSION,
    spec: s,
    params: { r, alpha, a, b },
    standardErrors: se === null ? null : { r: se[0], alpha: se[1], a: se[2], b: se[3] },
    fitted: {
      n: read.n,
      skipped: read.skipped,
      warnings,
      diagnostics: { ...fitCertificate(fit), groups: data.x.length },
    },
  };
}

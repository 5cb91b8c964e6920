import * as z from 'zod';
import { runSteps } from '../../internal/optimizationSteps.js';
import type { ModelFit } from '../../model/modelFit.js';
import { parseSpec } from '../../internal/parseSpec.js';
import type { TableInput } from '../../io/tableInput.js';
import { betaGeoLogLikelihood, prepareBetaGeoData, subsampleBetaGeoData } from './betaGeoLikelihood.js';
import { BETA_GEO_SCREEN_GROUPS, betaGeoFitSteps } from './betaGeoFitSteps.js';
import { readPurchaseSummary } from './purchaseSummary.js';
import { betaGeoSpecSchema, type BetaGeoParams, type BetaGeoSpec } from './betaGeoSpec.js';

const FN = 'fitBetaGeo';

/**
 * A fitted BG/NBD model. What scoring and interpretation read (parameters, standard errors) stays
 * at the top level; the record of the fit (customers used and skipped, warnings, log-likelihood,
 * distinct histories, iterations) is in `fitted` (see `ModelFit`).
 */
export interface BetaGeoModel {
  readonly kind: 'betaGeo';
  readonly version: number;
  readonly spec: z.output<typeof betaGeoSpecSchema>;
  readonly params: BetaGeoParams;
  /** From the inverse observed information (numerical Hessian of the log-likelihood); null if it is not positive definite. */
  readonly standardErrors: BetaGeoParams | null;
  readonly fitted: ModelFit<{
    /** Maximized log-likelihood (sum over customers). */
    readonly logLikelihood: number;
    /** Akaike information criterion, 2·4 − 2ℓ (since issue 18; absent from models saved before). */
    readonly aic?: number;
    /** Bayesian information criterion, 4·ln n − 2ℓ, n customers (since issue 18). */
    readonly bic?: number;
    /** Euclidean norm of ∂ℓ/∂(ln r, ln α, ln a, ln b) at the optimum (since issue 18). */
    readonly gradientNorm?: number;
    /** −∂²ℓ/∂(ln θ)² (the analytic Hessian) is positive definite at the optimum: a strict local maximum (since issue 18). */
    readonly hessianPositiveDefinite?: boolean;
    /** Distinct (x, t_x, T) rows the likelihood was evaluated on. */
    readonly groups: number;
    /** BFGS iterations (all starts, screening and polish). */
    readonly iterations: number;
    /** Newton steps that finished the fit (relative step below 1e-12). */
    readonly newtonSteps?: number;
  }>;
}

/**
 * Fit the BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting your customers the
 * easy way") by maximum likelihood on `{frequency, recency, T}` per customer.
 *
 * Method: the log-likelihood in log-sum-exp form (no overflow for heavy buyers), maximized over
 * log-parameters by BFGS with the analytic gradient (digamma terms), from several starting
 * points (default: (1, 1, 1, 1) and two starts scaled to the observed purchase rate); the best
 * converged fit wins. With more than 50,000 distinct histories the starts are screened on an
 * every-k-th subsample. The winner is finished on all the data by Newton steps on the analytic
 * Hessian (ψ₁ terms; BFGS on all the data first only if Newton fails from the screened point)
 * until the relative step is below 1e-12. Customers with identical (x, t_x, T) are grouped and
 * weighted, and Γ/ψ/ψ₁ terms are computed once per distinct x, so millions of customers cost
 * little more than their distinct rows. The distinct histories are summed over in a canonical
 * (sorted) order, so the same customers in any row order give the same optimum. Standard errors
 * come from the analytic Hessian at the optimum (earlier versions: central differences of the
 * gradient, which moved them by up to ~2e-8 relative). `fitted.diagnostics` reports the fit as
 * every CLV fitter does, so models of different kinds compare field by field: `logLikelihood`,
 * `aic` (8 − 2ℓ), `bic` (4·ln n − 2ℓ), `gradientNorm` (‖∂ℓ/∂ln θ‖ at the optimum) and
 * `hessianPositiveDefinite` (the analytic Hessian is negative definite there; when it is not, the
 * standard errors are null and a warning says so). Models saved before these fields existed still load.
 * Unlike `fitModifiedBetaGeo` and `fitParetoNbd`, which throw `not_converged` there, a converged
 * fit whose Hessian is not negative definite (a boundary solution: a → 0 or a, b → ∞ on a window
 * too short to show dropout) is returned, uncertified: `hessianPositiveDefinite: false`, null
 * standard errors and a warning. BG/NBD is what the report, the CLI and the warehouse fit by
 * default, and has returned such fits since 0.1.0; check the flag before trusting the parameters.
 *
 * Grouped input: with `columns.count`, each row is a history shared by that many customers (a
 * whole number ≥ 1), e.g. `SELECT frequency, recency, T, COUNT(*) AS customers FROM summary
 * GROUP BY 1, 2, 3`. The fit is exact, not an approximation: parameters, standard errors and
 * log-likelihood equal the fit on one row per customer; `fitted.n` is the sum of the counts and
 * `fitted.diagnostics.groups` the distinct histories. `fitted.skipped` counts rows.
 *
 * @throws {CustomerValueError} `invalid_spec`; `missing_column`; `invalid_value` (negative or fractional frequency, recency > T...); `too_few_rows`; `not_converged` with what to try.
 * @example
 * // The whole CDNOW log, calibration to 1997-09-30 (the 1/10 sample gives Fader, Hardie & Lee's
 * // published r = 0.243, α = 4.414, a = 0.793, b = 2.426; see the tests)
 * const log = await readCsvFile('examples/data/cdnow_master.csv');
 * const summary = summarizeTransactions(log.columns, { customer: 'customer_id', date: 'date', amount: 'dollar_value', observationEnd: '1997-09-30', timeUnit: 'week' });
 * const model = fitBetaGeo(summary, { timeUnit: 'week' });
 * Object.values(model.params).map((v) => Math.round(v * 1000) / 1000); // => [0.252, 4.789, 0.723, 2.161]
 * model.fitted.n; // => 23570
 * // The same customers as a histogram of distinct histories with a count (what a GROUP BY returns)
 * const counts = new Map();
 * summary.frequency.forEach((x, i) => {
 *   const key = [x, summary.recency[i], summary.T[i]].join(' ');
 *   counts.set(key, (counts.get(key) ?? 0) + 1);
 * });
 * const histogram = [...counts].map(([key, customers]) => {
 *   const [frequency, recency, T] = key.split(' ').map(Number);
 *   return { frequency, recency, T, customers };
 * });
 * const grouped = fitBetaGeo(histogram, { timeUnit: 'week', columns: { count: 'customers' } });
 * [grouped.fitted.n, grouped.fitted.diagnostics.groups === histogram.length]; // => [23570, true]
 * Math.abs(grouped.params.r / model.params.r - 1) < 1e-9; // => true
 */
export function fitBetaGeo(summary: TableInput, spec: BetaGeoSpec): BetaGeoModel {
  const s = parseSpec(betaGeoSpecSchema, spec, FN);
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
  const screen = data.x.length > BETA_GEO_SCREEN_GROUPS ? subsampleBetaGeoData(data, Math.ceil(data.x.length / BETA_GEO_SCREEN_GROUPS)) : data;
  const input = {
    n: read.n,
    skipped: read.skipped,
    groups: data.x.length,
    repeaters,
    purchases,
    exposure,
    customers: [screen.customers, data.customers] as const,
    screening: screen !== data,
  };
  // The fit itself (starts, screening, BFGS, Newton finish, standard errors) is written once in
  // betaGeoFitSteps, for these in-memory histories and for histories in a SQL engine.
  return runSteps(betaGeoFitSteps(FN, s, input), [
    (params, gradient, hessian) => betaGeoLogLikelihood(params, screen, gradient, hessian),
    (params, gradient, hessian) => betaGeoLogLikelihood(params, data, gradient, hessian),
  ]);
}

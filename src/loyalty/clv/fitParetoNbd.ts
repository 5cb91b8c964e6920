import type * as z from 'zod';
import { MODEL_VERSION } from '../../internal/modelVersion.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { refuseDiscreteSummary } from '../../internal/refuseDiscreteSummary.js';
import type { TableInput } from '../../io/tableInput.js';
import type { ModelFit } from '../../model/modelFit.js';
import { prepareBetaGeoData } from './betaGeoLikelihood.js';
import { fitParetoNbdOptimum, type ParetoNbdHeldShape } from './paretoNbdOptimum.js';
import { paretoNbdSpecSchema, type ParetoNbdParams, type ParetoNbdSpec } from './paretoNbdSpec.js';
import { readPurchaseSummary } from './purchaseSummary.js';

const FN = 'fitParetoNbd';

/**
 * A fitted Pareto/NBD model. Parameters and standard errors at the top level; the record of the
 * fit in `fitted` (see `ModelFit`), with the certificate of the optimum in `fitted.diagnostics`.
 */
export interface ParetoNbdModel {
  readonly kind: 'paretoNbd';
  readonly version: number;
  readonly spec: z.output<typeof paretoNbdSpecSchema>;
  readonly params: ParetoNbdParams;
  /**
   * From the inverse observed information at the optimum; null if it is not positive definite.
   * A shape held at its cap and its scale have none (null): only their mean rate is estimated.
   */
  readonly standardErrors: ParetoNbdStandardErrors | null;
  readonly fitted: ModelFit<{
    /** Maximized log-likelihood (sum over customers). */
    readonly logLikelihood: number;
    /** Akaike information criterion, 2·4 − 2ℓ. */
    readonly aic: number;
    /** Bayesian information criterion, 4·ln n − 2ℓ (n customers). */
    readonly bic: number;
    /** Euclidean norm of ∂ℓ/∂(ln r, ln α, ln s, ln β) at the optimum (with a shape held at its cap: over the free coordinates, its mean rate in place of the pair). */
    readonly gradientNorm: number;
    /** The Hessian of ℓ over log-parameters is negative definite there (a strict local maximum; with a shape held at its cap, over the free coordinates). */
    readonly hessianPositiveDefinite: boolean;
    /** Distinct (x, t_x, T) rows the likelihood was evaluated on. */
    readonly groups: number;
    /** BFGS iterations (all starts, screening and polish). */
    readonly iterations: number;
    /** Newton steps that finished the fit. */
    readonly newtonSteps: number;
    /**
     * The shapes held at `PARETO_NBD_SHAPE_CAP` (1,000) because ℓ still rises towards it, each with
     * that rise, ∂ℓ/∂ln(shape) at the cap with its mean rate fixed; `[]` for an interior optimum.
     * Absent on models fitted before it was recorded.
     */
    readonly heldAtCap?: readonly ParetoNbdHeldShape[];
  }>;
}

/** Standard errors of a Pareto/NBD's parameters: null for a shape held at its cap and its scale. */
export interface ParetoNbdStandardErrors {
  readonly r: number | null;
  readonly alpha: number | null;
  readonly s: number | null;
  readonly beta: number | null;
}

/**
 * Fit the Pareto/NBD model of repeat buying (Schmittlein, Morrison & Colombo 1987): purchases
 * Poisson(λ) while alive, an exponential(μ) lifetime, λ ~ Gamma(r, α) and μ ~ Gamma(s, β) across
 * customers, by maximum likelihood on `{frequency, recency, T}` per customer (continuous time:
 * recency and T in `spec.timeUnit`).
 *
 * Method: the likelihood of Fader & Hardie's note ("A Note on Deriving the Pareto/NBD Model and
 * Related Expressions", 2005, eq. 19) written as a log-sum-exp of two positive terms, each a
 * Gauss hypergeometric function in the α ≥ β or α < β form that keeps its argument in [0, 1),
 * Euler-transformed so every series term is positive (see `paretoNbdLogLikelihood`): finite where
 * the textbook difference of two 2F1 terms gives NaN or −Inf (heavy buyers, t_x ≈ T, long T).
 * Maximized over log-parameters by BFGS with the analytic gradient from three starts (screened on
 * a subsample above 50,000 distinct histories), finished by Newton steps on the analytic Hessian
 * (second derivatives of the hypergeometric series and of the split's quadrature, see
 * `paretoNbdLogLikelihood`; before session 31 central differences of the gradient, standard errors
 * moved by up to ~5e-7 relative). The optimum is certified: `fitted.diagnostics` holds
 * the log-likelihood, AIC, BIC, the gradient norm and whether the Hessian is negative definite;
 * otherwise the fit throws `not_converged`. Standard errors from the inverse observed information.
 *
 * A shape at its cap: where ℓ keeps rising as r and α (or s and β) grow together with their mean
 * fixed (purchase or dropout rates with almost no heterogeneity: BG/NBD-shaped data), there is no
 * interior maximum. A BFGS run that asks for a shape beyond `PARETO_NBD_SHAPE_CAP` (1,000) stops,
 * and the fit holds that shape at the cap with its mean rate free, fits the rest and certifies
 * that optimum (gradient of the free parameters, ℓ still rising towards the cap), reported in
 * `fitted.diagnostics.heldAtCap` and a warning; the held shape and its scale get null standard errors.
 *
 * Grouped input: with `columns.count`, each row is a history shared by that many customers (a
 * whole number ≥ 1). The fit is exact: equal to the fit on one row per customer.
 *
 * @throws {CustomerValueError} `invalid_spec`; `missing_column` (a discrete-time summary with
 *   `periods` instead of `T` is named as such); `invalid_value` (negative or fractional frequency,
 *   recency > T, recency ≠ 0 with frequency 0); `too_few_rows`; `not_converged` with what to try.
 * @example
 * // CDNOW 1/10 sample, calibration weeks 1–39 (BTYD's cdnowSummary$cbs): Fader & Hardie publish
 * // r = 0.5534, α = 10.5802, s = 0.6061, β = 11.6562, LL = −9594.98
 * const summary = await readCsvFile('test/fixtures/loyalty/cdnow_btyd_cbs.csv');
 * const model = fitParetoNbd(summary.columns, { timeUnit: 'week', columns: { frequency: 'x', recency: 't_x', T: 'T_cal' } });
 * Math.round(model.fitted.diagnostics.logLikelihood * 100) / 100; // => -9594.98
 * Object.values(model.params).map((v) => Math.round(v * 100) / 100); // => [0.55, 10.58, 0.61, 11.67]
 * model.fitted.diagnostics.hessianPositiveDefinite; // => true
 */
export function fitParetoNbd(summary: TableInput, spec: ParetoNbdSpec): ParetoNbdModel {
  const s = parseSpec(paretoNbdSpecSchema, spec, FN);
  refuseDiscreteSummary(FN, 'Pareto/NBD', summary, s.columns.T);
  const read = readPurchaseSummary(summary, FN, s.columns, s.timeUnit, s.missing, { minimumRows: 2, counts: true });
  const data = prepareBetaGeoData(read.x, read.tx, read.T, read.skip, read.count);
  const { params, logLikelihood, gradientNorm, iterations, newtonSteps, heldAtCap, standardErrors: se } = fitParetoNbdOptimum(FN, s, data);
  const { r, alpha, s: sShape, beta } = params;
  const hessianPositiveDefinite = true;
  const warnings = heldAtCap.map(heldWarning);
  const standardErrors = se === null ? null : { r: se[0], alpha: se[1], s: se[2], beta: se[3] };
  if (standardErrors === null) warnings.push('the observed information matrix is not positive definite: standard errors are not available');
  return {
    kind: 'paretoNbd',
    version: MODEL_VERSION,
    spec: s,
    params: { r, alpha, s: sShape, beta },
    standardErrors,
    fitted: {
      n: read.n,
      skipped: read.skipped,
      warnings,
      diagnostics: {
        logLikelihood,
        aic: 8 - 2 * logLikelihood,
        bic: 4 * Math.log(read.n) - 2 * logLikelihood,
        gradientNorm,
        hessianPositiveDefinite,
        groups: data.x.length,
        iterations,
        newtonSteps,
        heldAtCap,
      },
    },
  };
}

/** The warning in words for a shape held at its cap. */
function heldWarning({ parameter, slope }: ParetoNbdHeldShape): string {
  const [rate, pair, kind] = parameter === 's' ? ['dropout', 's/β', 'BG/NBD-like common-dropout-rate'] : ['purchase', 'r/α', 'common-purchase-rate'];
  return (
    `${parameter} held at its cap of 1,000 (the log-likelihood still rises towards it, by about ${slope.toPrecision(2)} per unit of ln ${parameter}): ` +
    `the data show almost no heterogeneity in ${rate} rates (a coefficient of variation of 3% or less), so the model is then a ${kind} model; ` +
    `${parameter} and ${parameter === 's' ? 'β' : 'α'} are not identified separately, only their mean ${pair} is, and they have no standard errors`
  );
}

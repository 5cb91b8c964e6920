import type * as z from 'zod';
import { fitCertificate, fitOnLogParameters } from '../../internal/fitOnLogParameters.js';
import { MODEL_VERSION } from '../../internal/modelVersion.js';
import { parseSpec } from '../../internal/parseSpec.js';
import type { TableInput } from '../../io/tableInput.js';
import type { ModelFit } from '../../model/modelFit.js';
import { readCohortSurvivors } from './cohortSurvivors.js';
import { shiftedBetaGeometricSpecSchema, type ShiftedBetaGeometricSpec } from './cohortSurvivorsSpec.js';
import { shiftedBetaGeometricLogLikelihood } from './shiftedBetaGeometricLikelihood.js';

const FN = 'fitShiftedBetaGeometric';

/** sBG parameters: each customer's churn probability per period θ ~ Beta(α, β). */
export interface ShiftedBetaGeometricParams {
  readonly alpha: number;
  readonly beta: number;
}

/** What every discrete-time fit records under `fitted.diagnostics`. */
export interface DiscreteFitDiagnostics {
  readonly logLikelihood: number;
  /** 2k − 2ℓ (k parameters estimated). */
  readonly aic: number;
  /** k·ln n − 2ℓ (n customers). */
  readonly bic: number;
  /** Euclidean norm of ∂ℓ/∂(ln θ) at the optimum (certified small). */
  readonly gradientNorm: number;
  /** −∂²ℓ/∂(ln θ)² is positive definite at the optimum (always true: a fit that is not refuses with `not_converged`). */
  readonly hessianPositiveDefinite: boolean;
  /** BFGS iterations (all starts). */
  readonly iterations: number;
  /** Newton steps that finished the fit. */
  readonly newtonSteps: number;
}

/**
 * A fitted shifted-beta-geometric retention model: the parameters and their standard errors at
 * the top level; `fitted.n` counts the customers acquired (period 0, all cohorts), and
 * `fitted.diagnostics` the log-likelihood, AIC, BIC, the certificate of the optimum, cohorts and periods.
 */
export interface ShiftedBetaGeometricModel {
  readonly kind: 'shiftedBetaGeometric';
  readonly version: number;
  readonly spec: z.output<typeof shiftedBetaGeometricSpecSchema>;
  readonly params: ShiftedBetaGeometricParams;
  readonly standardErrors: ShiftedBetaGeometricParams | null;
  readonly fitted: ModelFit<
    DiscreteFitDiagnostics & {
      /** Cohorts in the table. */
      readonly cohorts: number;
      /** The oldest cohort's last period. */
      readonly periods: number;
    }
  >;
}

/**
 * Fit the shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007, "How
 * to project customer retention", Journal of Interactive Marketing 21(1)) by maximum likelihood
 * on cohort survivor counts. Each customer renews at the end of every period with a constant
 * probability 1 − θ until they leave; θ varies across customers as Beta(α, β), so the cohort's
 * retention rate rises over time as the likelier churners leave first (heterogeneity, not
 * loyalty). The likelihood is summed in log space over ratios of beta functions; the fit is
 * multi-start BFGS on ln α, ln β finished by Newton steps on the analytic Hessian, and certified
 * (gradient norm and a positive-definite Hessian in `fitted.diagnostics`); standard errors from
 * that Hessian.
 *
 * Data: one row per period with the customers still active at its start (`period` 0 holds the
 * customers acquired), or several cohorts of different ages with `columns.cohort` (Fader & Hardie
 * 2007b, "Fitting the sBG model to multi-cohort data"); rows in any order. Predict with
 * `retentionCurve`, `discountedExpectedResidualLifetime` and `retentionElasticity`.
 *
 * @throws {CustomerValueError} `invalid_value` (survivors that increase, counts that are not whole, a missing or repeated period, naming the row); `too_few_rows`; `not_converged` (e.g. no customer ever lost: the likelihood has no maximum).
 * @example
 * // Fader & Hardie (2007), Table 1: survivors of 1,000 customers, years 0–7
 * const table = await readCsvFile('examples/data/fader_hardie_2007_retention.csv');
 * const regular = fitShiftedBetaGeometric(table.columns, { periodUnit: 'year', columns: { period: 'year', survivors: 'regular' } });
 * [regular.params.alpha, regular.params.beta].map((v) => Number(v.toFixed(3))); // => [0.704, 1.182]
 * const highEnd = fitShiftedBetaGeometric(table.columns, { periodUnit: 'year', columns: { period: 'year', survivors: 'highEnd' } });
 * [highEnd.params.alpha, highEnd.params.beta].map((v) => Number(v.toFixed(3))); // => [0.668, 3.806]
 * regular.fitted.n; // => 1000
 * regular.fitted.diagnostics.hessianPositiveDefinite; // => true
 */
export function fitShiftedBetaGeometric(table: TableInput, spec: ShiftedBetaGeometricSpec): ShiftedBetaGeometricModel {
  const s = parseSpec(shiftedBetaGeometricSpecSchema, spec, FN);
  const data = readCohortSurvivors(table, FN, s.columns);
  const fit = fitOnLogParameters(
    FN,
    (theta, gradient, hessian) => shiftedBetaGeometricLogLikelihood(theta[0], theta[1], data, gradient, hessian),
    [
      [1, 1],
      [0.5, 2],
      [2, 8],
    ],
    data.customers,
    {
      maxIterations: s.maxIterations,
      hint: 'the sBG likelihood has no maximum when no customer is ever lost or all are lost at once; check the survivors column holds customers still active (not those lost), or raise maxIterations',
    },
  );
  const [alpha, beta] = fit.theta;
  const se = fit.standardErrors;
  return {
    kind: 'shiftedBetaGeometric',
    version: MODEL_VERSION,
    spec: s,
    params: { alpha, beta },
    standardErrors: se === null ? null : { alpha: se[0], beta: se[1] },
    fitted: {
      n: data.customers,
      skipped: 0,
      warnings: [],
      diagnostics: {
        ...fitCertificate(fit),
        cohorts: data.cohorts,
        periods: data.periods,
      },
    },
  };
}

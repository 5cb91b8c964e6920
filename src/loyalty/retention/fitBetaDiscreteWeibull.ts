import type * as z from 'zod';
import { CustomerValueError } from '../../errors.js';
import { fitCertificate, fitOnLogParameters, type LogParameterFit } from '../../internal/fitOnLogParameters.js';
import { MODEL_VERSION } from '../../internal/modelVersion.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { chiSquareUpperTail } from '../../internal/specialFunctions.js';
import type { TableInput } from '../../io/tableInput.js';
import type { ModelFit } from '../../model/modelFit.js';
import { betaDiscreteWeibullLogLikelihood } from './betaDiscreteWeibullLikelihood.js';
import { betaDiscreteWeibullSpecSchema, type BetaDiscreteWeibullSpec } from './betaDiscreteWeibullSpec.js';
import { readCohortSurvivors, type CohortSurvivors } from './cohortSurvivors.js';
import type { DiscreteFitDiagnostics } from './fitShiftedBetaGeometric.js';
import { shiftedBetaGeometricLogLikelihood } from './shiftedBetaGeometricLikelihood.js';

const FN = 'fitBetaDiscreteWeibull';

/** BdW parameters: churn θ ~ Beta(α, β) as in the sBG, and the duration-dependence shape c (1: none). */
export interface BetaDiscreteWeibullParams {
  readonly alpha: number;
  readonly beta: number;
  readonly c: number;
}

/** The likelihood-ratio test of the BdW against the sBG it nests (c = 1). */
export interface NestedShiftedBetaGeometric {
  /** ℓ of the sBG fitted to the same table. */
  readonly logLikelihood: number;
  /** 2(ℓ_BdW − ℓ_sBG) ≥ 0. */
  readonly likelihoodRatio: number;
  /** P(χ²₁ ≥ likelihoodRatio): small values say duration dependence is real (c ≠ 1). */
  readonly pValue: number;
}

/**
 * A fitted beta-discrete-Weibull retention model: parameters and standard errors at the top level
 * (`standardErrors.c` null when the spec fixed c); the record of the fit in `fitted`, with the
 * likelihood-ratio test against the sBG under `diagnostics.versusShiftedBetaGeometric` (null when
 * c was fixed, or the sBG has no finite optimum on this table).
 */
export interface BetaDiscreteWeibullModel {
  readonly kind: 'betaDiscreteWeibull';
  readonly version: number;
  readonly spec: z.output<typeof betaDiscreteWeibullSpecSchema>;
  readonly params: BetaDiscreteWeibullParams;
  readonly standardErrors: { readonly alpha: number; readonly beta: number; readonly c: number | null } | null;
  readonly fitted: ModelFit<
    DiscreteFitDiagnostics & {
      readonly cohorts: number;
      readonly periods: number;
      readonly versusShiftedBetaGeometric: NestedShiftedBetaGeometric | null;
    }
  >;
}

/**
 * Fit the beta-discrete-Weibull (BdW) model of contractual retention (Fader, Hardie, Liu, Davin &
 * Steenburgh 2018, "How to project customer retention revisited: the role of duration
 * dependence", Journal of Interactive Marketing 43) by maximum likelihood on cohort survivor
 * counts, the same table as `fitShiftedBetaGeometric`. Each customer's probability of surviving t
 * periods is (1 − θ)^(t^c), θ ~ Beta(α, β): S(t) = B(α, β + t^c)/B(α, β). c = 1 is the sBG;
 * c > 1 makes an individual's churn rise with tenure, c < 1 fall, so the cohort's retention curve
 * can fall, rise or bend (U-shaped). Fitted as the sBG is (log-space likelihood, multi-start BFGS
 * on ln α, ln β, ln c, Newton finish, certified optimum, standard errors from the analytic
 * Hessian), and compared with the sBG it nests: `fitted.diagnostics.versusShiftedBetaGeometric`
 * holds the likelihood-ratio statistic and its χ²₁ p-value. `spec.c` fixes c (c: 1 refits the sBG).
 * Predict with `retentionCurve`, `discountedExpectedResidualLifetime`, `retentionElasticity`.
 *
 * @throws {CustomerValueError} `invalid_value` (survivors that increase, counts not whole, a missing or repeated period, naming the row); `too_few_rows`; `not_converged` (e.g. fewer periods than parameters: the likelihood is flat).
 * @example
 * const table = await readCsvFile('examples/data/fader_hardie_2007_retention.csv');
 * const spec = { periodUnit: 'year', columns: { period: 'year', survivors: 'highEnd' } };
 * const bdw = fitBetaDiscreteWeibull(table.columns, spec);
 * Number(bdw.params.c.toFixed(2)); // => 1.72
 * // duration dependence is significant for the high-end segment (LR 11.7 on 1 df)
 * bdw.fitted.diagnostics.versusShiftedBetaGeometric.pValue < 0.001; // => true
 * // c fixed at 1 is the sBG
 * Number(fitBetaDiscreteWeibull(table.columns, { ...spec, c: 1 }).params.beta.toFixed(3)); // => 3.806
 */
export function fitBetaDiscreteWeibull(table: TableInput, spec: BetaDiscreteWeibullSpec): BetaDiscreteWeibullModel {
  const s = parseSpec(betaDiscreteWeibullSpecSchema, spec, FN);
  const data = readCohortSurvivors(table, FN, s.columns);
  const sbg = nestedShiftedBetaGeometric(data, s.maxIterations);
  // fixing c is suggested only where it helps: the free fit failed but the sBG (c = 1) has an optimum
  const hint =
    s.c === undefined && sbg !== null
      ? 'the BdW needs enough periods to tell duration dependence from heterogeneity (at least 4 after period 0); fix c (c: 1 is the sBG) or check the survivors column holds customers still active'
      : 'the likelihood has no finite maximum when no customer is ever lost, or retention falls faster than a homogeneous cohort allows; check the survivors column holds customers still active';
  let fit: LogParameterFit;
  let c: number;
  if (s.c !== undefined) {
    const fixed = s.c;
    const g3 = new Float64Array(3);
    const h3 = new Float64Array(9);
    fit = fitOnLogParameters(
      FN,
      (theta, gradient, hessian) => {
        const value = betaDiscreteWeibullLogLikelihood(theta[0], theta[1], fixed, data, g3, hessian === null ? null : h3);
        gradient[0] = g3[0];
        gradient[1] = g3[1];
        if (hessian !== null) {
          hessian[0] = h3[0];
          hessian[1] = h3[1];
          hessian[2] = h3[3];
          hessian[3] = h3[4];
        }
        return value;
      },
      STARTS.map(([a, b]) => [a, b]),
      data.customers,
      { maxIterations: s.maxIterations, hint },
    );
    c = fixed;
  } else {
    const starts = [...(sbg === null ? [] : [[...sbg.theta, 1]]), ...STARTS];
    fit = fitOnLogParameters(
      FN,
      (theta, gradient, hessian) => betaDiscreteWeibullLogLikelihood(theta[0], theta[1], theta[2], data, gradient, hessian),
      starts,
      data.customers,
      { maxIterations: s.maxIterations, hint },
    );
    c = fit.theta[2];
  }
  const [alpha, beta] = fit.theta;
  const se = fit.standardErrors;
  const versus: NestedShiftedBetaGeometric | null =
    s.c !== undefined || sbg === null
      ? null
      : (() => {
          const likelihoodRatio = Math.max(0, 2 * (fit.logLikelihood - sbg.logLikelihood));
          return { logLikelihood: sbg.logLikelihood, likelihoodRatio, pValue: chiSquareUpperTail(likelihoodRatio, 1) };
        })();
  const warnings: string[] = [];
  if (s.c === undefined && sbg === null) warnings.push('the sBG (c = 1) has no finite optimum on this table: no likelihood-ratio test against it');
  return {
    kind: 'betaDiscreteWeibull',
    version: MODEL_VERSION,
    spec: s,
    params: { alpha, beta, c },
    standardErrors: se === null ? null : { alpha: se[0], beta: se[1], c: s.c === undefined ? se[2] : null },
    fitted: {
      n: data.customers,
      skipped: 0,
      warnings,
      diagnostics: {
        ...fitCertificate(fit),
        cohorts: data.cohorts,
        periods: data.periods,
        versusShiftedBetaGeometric: versus,
      },
    },
  };
}

/** Starting points (α, β, c). */
const STARTS = [
  [1, 1, 1],
  [0.5, 2, 1],
  [2, 8, 1],
  [0.3, 1.5, 1.7],
  [1, 1, 0.6],
];

/** The sBG fitted to the same table (its own closed-form likelihood), or null when it has no certified optimum. */
function nestedShiftedBetaGeometric(data: CohortSurvivors, maxIterations: number): LogParameterFit | null {
  try {
    return fitOnLogParameters(
      FN,
      (theta, gradient, hessian) => shiftedBetaGeometricLogLikelihood(theta[0], theta[1], data, gradient, hessian),
      STARTS.slice(0, 3).map(([a, b]) => [a, b]),
      data.customers,
      { maxIterations, hint: '' },
    );
  } catch (error) {
    if (error instanceof CustomerValueError && error.code === 'not_converged') return null;
    throw error;
  }
}

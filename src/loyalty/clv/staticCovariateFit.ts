import { CustomerValueError } from '../../errors.js';
import { covariateParameterCount, penaltyWeight, type CovariateLayout } from '../../internal/covariateLikelihood.js';
import { fitCovariateLikelihood, type CertifiedCovariateFit, type CovariateCap, type CovariateLikelihood } from '../../internal/fitCovariateLikelihood.js';
import { MODEL_VERSION } from '../../internal/modelVersion.js';
import { chiSquareUpperTail } from '../../internal/specialFunctions.js';
import type { CovariateDesign } from '../../internal/staticCovariateDesign.js';
import type { NumericArray } from '../../io/tableInput.js';
import type * as z from 'zod/mini';
import type { staticCovariatesSchema } from './staticCovariatesSpec.js';

// What every `fit…WithCovariates` shares around its model-specific likelihood (issue 19): the
// customers it keeps, the start from the covariate-free fit with zero coefficients, the
// likelihood-ratio test against that fit, and (for the two-process models BG/NBD, Pareto/NBD and
// BG/BB) the model object. Internal.

/** A layout maker of a two-process model (`betaGeoCovariateLayout` and its peers). */
type LayoutOf = (k: number, shared: boolean, lambdaPurchase: number, lambdaDropout: number) => CovariateLayout;

/** The layout of a two-process covariate model for the spec's covariates (`k` terms, sharing, L2 weights). */
export function twoProcessLayout(layoutOf: LayoutOf, k: number, covariates: z.output<typeof staticCovariatesSchema>): CovariateLayout {
  return layoutOf(k, covariates.shared, covariates.regularization?.purchase ?? 0, covariates.regularization?.dropout ?? 0);
}

/**
 * The rows a two-process covariate fit keeps: a row skipped for a missing covariate or a missing
 * history is skipped once. Returns the merged skip mask, the customers kept (`n`, rows weighted by
 * their count) and the rows skipped; throws `too_few_rows` below 2 customers.
 */
export function keptCustomers(
  fn: string,
  design: CovariateDesign,
  read: { readonly rowCount: number; readonly skip: Uint8Array | null; readonly count: NumericArray | null },
): { readonly skip: Uint8Array | null; readonly n: number; readonly skipped: number } {
  let skip = read.skip;
  if (design.skip !== null) {
    skip = Uint8Array.from(design.skip);
    if (read.skip !== null) for (let i = 0; i < skip.length; i++) skip[i] |= read.skip[i];
  }
  let n = 0;
  let skipped = 0;
  for (let i = 0; i < read.rowCount; i++) {
    if (skip !== null && skip[i] === 1) skipped += 1;
    else n += read.count === null ? 1 : read.count[i];
  }
  if (n < 2)
    throw new CustomerValueError('too_few_rows', `${fn}: ${n} customers left, at least 2 are needed`, [
      { function: fn, expected: 'at least 2 customers', received: String(n) },
    ]);
  return { skip, n, skipped };
}

/**
 * `fitCovariateLikelihood` from the covariate-free fit: φ starts at (ln θ₀, 0, …, 0), one zero per
 * coefficient, and each coefficient carries its L2 weight (the log-parameters none); `cap` as
 * `fitCovariateLikelihood` takes it (Pareto/NBD's s).
 */
export function fitFromCovariateFree(
  fn: string,
  likelihood: CovariateLikelihood,
  theta0: readonly number[],
  coefficientPenalties: readonly number[],
  n: number,
  maxIterations: number,
  hint: string,
  cap?: CovariateCap,
): CertifiedCovariateFit {
  return fitCovariateLikelihood(
    fn,
    likelihood,
    [...theta0.map(Math.log), ...new Array<number>(coefficientPenalties.length).fill(0)],
    [...theta0.map(() => 0), ...coefficientPenalties],
    n,
    maxIterations,
    hint,
    cap,
  );
}

/** The L2 weights of a two-process layout's coefficients, in φ order after the 4 log-parameters. */
export const coefficientPenalties = (layout: CovariateLayout) =>
  Array.from({ length: covariateParameterCount(layout) - layout.size }, (_, j) => penaltyWeight(layout, layout.size + j));

/** 2(ℓ − ℓ₀) ~ χ²(degreesOfFreedom) against the covariate-free fit; null with regularization (not a likelihood ratio). */
export function likelihoodRatioTest(
  logLikelihood: number,
  withoutCovariates: number,
  degreesOfFreedom: number,
  regularized: boolean,
): { readonly statistic: number; readonly degreesOfFreedom: number; readonly pValue: number } | null {
  const statistic = Math.max(0, 2 * (logLikelihood - withoutCovariates));
  return regularized ? null : { statistic, degreesOfFreedom, pValue: chiSquareUpperTail(statistic, degreesOfFreedom) };
}

/** What a two-process model object takes from its fitter beside the certified optimum. */
export interface TwoProcessModelParts<K extends string, S, N extends string, B> {
  readonly kind: K;
  readonly spec: S;
  /** The names of the four positive parameters, in φ order. */
  readonly names: readonly [N, N, N, N];
  readonly design: CovariateDesign;
  readonly layout: CovariateLayout;
  readonly n: number;
  readonly skipped: number;
  /** Warnings about the fitted parameters (θ in `names` order); the builder adds the one about standard errors not available. */
  readonly warnings: (theta: readonly number[]) => string[];
  readonly groups: number;
  readonly patterns: number;
  /** The covariate-free fit: its parameters, log-likelihood, groups and iterations. */
  readonly base: { readonly params: B; readonly logLikelihood: number; readonly groups: number; readonly iterations: number };
}

/**
 * The model object of a two-process covariate fit (BG/NBD, Pareto/NBD, BG/BB): θ = e^φ for the
 * four positive parameters, the purchase and dropout coefficients (the same values twice when
 * shared), the standard errors (θ·√(I⁻¹)ᵢᵢ by the delta method, the coefficients' plainly), and the
 * diagnostics with the likelihood-ratio test against the covariate-free fit. On a cap
 * (`fit.capped`) the whole information may not be positive definite: the fit's standard errors are
 * then NaN, and the model has none (null), `hessianPositiveDefinite` false and a warning saying so.
 */
export function twoProcessCovariatesModel<K extends string, S, N extends string, B>(parts: TwoProcessModelParts<K, S, N, B>, fit: CertifiedCovariateFit) {
  const { names, layout, design, base, n } = parts;
  const { phi, logLikelihood, penalized, gradientNorm, iterations } = fit;
  const k = design.terms.length;
  const m = covariateParameterCount(layout);
  const sd = fit.standardErrors;
  const theta = phi.slice(0, 4).map(Math.exp);
  const dropoutAt = 4 + (layout.shared ? 0 : k);
  const named = (values: (i: number) => number) => Object.fromEntries(names.map((name, i) => [name, values(i)])) as Record<N, number>;
  const certified = fit.capped === null || fit.capped.standardErrors;
  const warnings = [
    ...parts.warnings(theta),
    ...(certified ? [] : ['the observed information matrix is not positive definite at the cap: standard errors are not available']),
  ];
  const regularized = layout.lambdaPurchase > 0 || layout.lambdaDropout > 0;
  return {
    kind: parts.kind,
    version: MODEL_VERSION,
    spec: parts.spec,
    params: named((i) => theta[i]),
    covariates: design.covariates,
    terms: design.terms,
    coefficients: { purchase: phi.slice(4, 4 + k), dropout: phi.slice(dropoutAt, dropoutAt + k) },
    standardErrors: sd.some((v) => !Number.isFinite(v))
      ? null
      : {
          ...named((i) => theta[i] * sd[i]),
          coefficients: { purchase: sd.slice(4, 4 + k), dropout: sd.slice(dropoutAt, dropoutAt + k) },
        },
    fitted: {
      n,
      skipped: parts.skipped,
      warnings,
      diagnostics: {
        logLikelihood,
        penalizedLogLikelihood: penalized,
        aic: 2 * m - 2 * logLikelihood,
        bic: m * Math.log(n) - 2 * logLikelihood,
        gradientNorm,
        hessianPositiveDefinite: certified,
        groups: parts.groups,
        patterns: parts.patterns,
        withoutCovariates: { params: base.params, logLikelihood: base.logLikelihood, groups: base.groups },
        likelihoodRatio: likelihoodRatioTest(logLikelihood, base.logLikelihood, m - 4, regularized),
        iterations: iterations + base.iterations,
        newtonSteps: fit.newtonSteps,
      },
    },
  };
}

import { z } from 'zod';

// The static-covariate part of a CLV spec (issue 19), apart from any fitter so that scoring a
// covariate model does not load the optimizer. BG/NBD uses it first; Pareto/NBD, Gamma-Gamma and
// BG/BB are to take the same object.

const covariateColumnSchema = z.strictObject({
  column: z.string().min(1),
  categorical: z.boolean().default(false),
  reference: z.union([z.string(), z.number().refine(Number.isFinite)]).optional(),
});

export const staticCovariatesSchema = z.strictObject({
  columns: z.array(covariateColumnSchema).min(1).max(50),
  shared: z.boolean().default(false),
  regularization: z
    .strictObject({
      purchase: z.number().min(0).refine(Number.isFinite),
      dropout: z.number().min(0).refine(Number.isFinite),
    })
    .optional(),
});

/** One covariate column of a static-covariate spec. */
export interface StaticCovariateColumn {
  /** Column name in the summary (one value per customer, constant over time). */
  readonly column: string;
  /**
   * `true`: the values are levels (strings or numbers), one-hot encoded against a reference level
   * (one coefficient per other level, named `column=level`); `false` (default): a finite number
   * entering the linear predictor as it is (no centring or scaling).
   */
  readonly categorical?: boolean;
  /** The categorical reference level (coefficient 0); default the first level in sorted order (numbers before strings). */
  readonly reference?: string | number;
}

/** Static covariates of a CLV fit (CLVTools' parameterization; see `fitBetaGeoWithCovariates`). */
export interface StaticCovariates {
  /** The covariate columns, the same for the purchase and the dropout process. */
  readonly columns: readonly StaticCovariateColumn[];
  /** `true`: one coefficient per term shared by both processes (CLVTools `names.cov.constr`); default `false`: separate coefficients. */
  readonly shared?: boolean;
  /**
   * L2 penalty on the coefficients, on CLVTools' scale (`reg.lambdas`): the fit minimizes
   * −ℓ/n + λ_purchase·‖γ_purchase‖² + λ_dropout·‖γ_dropout‖², n the customers; shared coefficients
   * are penalized by (λ_purchase + λ_dropout)·‖γ‖². Default none.
   */
  readonly regularization?: { readonly purchase: number; readonly dropout: number };
}

/** A covariate as the fitted model records it: numeric, or categorical with its levels (reference first). */
export type FittedCovariate =
  | { readonly column: string; readonly type: 'numeric' }
  | { readonly column: string; readonly type: 'categorical'; readonly reference: string | number; readonly levels: readonly (string | number)[] };

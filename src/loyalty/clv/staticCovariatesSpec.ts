import * as z from 'zod/mini';
import { MODEL_VERSION } from '../../internal/modelVersion.js';

// The static-covariate part of a CLV spec (issue 19), apart from any fitter so that scoring a
// covariate model does not load the optimizer. BG/NBD uses it first; Pareto/NBD, Gamma-Gamma and
// BG/BB are to take the same object. In `zod/mini` (issue 21: zod's classic API costs about 28 KB
// gzipped in a browser bundle), with the same checks in the same order as the classic schemas it
// replaces, so parseSpec reads them with the same messages (test/loyalty/covariateDoorIssues.test.ts).

const finiteNumber = () => z.number().check(z.refine(Number.isFinite));
/** What a categorical level is, in an error's `expected` (not zod's "invalid input" of a union). */
const LEVEL_EXPECTED = 'a level: a string or a finite number';
const nonNegative = () => z.number().check(z.gte(0), z.refine(Number.isFinite));

const covariateColumnSchema = z.strictObject({
  column: z.string().check(z.minLength(1)),
  categorical: z._default(z.boolean(), false),
  reference: z.optional(z.union([z.string(), finiteNumber()], { error: LEVEL_EXPECTED })),
});

export const staticCovariatesSchema = z.strictObject({
  columns: z.array(covariateColumnSchema).check(z.minLength(1), z.maxLength(50)),
  shared: z._default(z.boolean(), false),
  regularization: z.optional(z.strictObject({ purchase: nonNegative(), dropout: nonNegative() })),
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

const level = () => z.union([z.string(), finiteNumber()], { error: LEVEL_EXPECTED });

/** The covariates a fitted model records (`FittedCovariate[]`), as the predictions check them at their door. */
export const fittedCovariatesSchema = z
  .array(
    // by its type, so that a bad field of a covariate is named (a union would say "invalid input")
    z.discriminatedUnion(
      'type',
      [
        z.strictObject({ column: z.string().check(z.minLength(1)), type: z.literal('numeric') }),
        z.strictObject({
          column: z.string().check(z.minLength(1)),
          type: z.literal('categorical'),
          reference: level(),
          levels: z.array(level()).check(z.minLength(2)),
        }),
      ],
      { error: "a covariate: { column, type: 'numeric' } or { column, type: 'categorical', reference, levels }" },
    ),
  )
  .check(z.minLength(1));

/**
 * The checks every covariate model's schema makes of its covariates, terms and coefficient
 * vectors: the terms are those the covariates encode (`column`, or `column=level` for each
 * non-reference level), each vector has one coefficient per term, and each categorical covariate
 * lists its reference level first.
 */
export function checkCovariateTerms(
  model: { readonly covariates: readonly FittedCovariate[]; readonly terms: readonly string[] },
  coefficients: readonly { readonly path: (string | number)[]; readonly values: readonly number[] }[],
  context: z.core.$RefinementCtx,
): void {
  const terms = model.covariates.flatMap((c) => (c.type === 'numeric' ? [c.column] : c.levels.slice(1).map((l) => `${c.column}=${String(l)}`)));
  if (terms.join('\u0000') !== model.terms.join('\u0000'))
    context.addIssue({ code: 'custom', path: ['terms'], message: `expected the terms the covariates encode: ${terms.join(', ')}` });
  for (const { path, values } of coefficients)
    if (values.length !== terms.length) context.addIssue({ code: 'custom', path, message: `expected ${terms.length} coefficients, one per term` });
  model.covariates.forEach((c, i) => {
    if (c.type === 'categorical' && c.levels[0] !== c.reference)
      context.addIssue({ code: 'custom', path: ['covariates', i, 'levels', 0], message: 'expected the reference level first' });
  });
}

/** The terms check of a two-process model (one purchase and one dropout coefficient per term). */
export function checkTwoProcessTerms(
  model: {
    readonly covariates: readonly FittedCovariate[];
    readonly terms: readonly string[];
    readonly coefficients: { readonly purchase: readonly number[]; readonly dropout: readonly number[] };
  },
  context: z.core.$RefinementCtx,
): void {
  checkCovariateTerms(
    model,
    (['purchase', 'dropout'] as const).map((process) => ({ path: ['coefficients', process], values: model.coefficients[process] })),
    context,
  );
}

/**
 * The fields of a saved covariate model that its predictions do not read, taken as given at their
 * door: a model written from published parameters has none, and `parseModel` checks them in a
 * saved model (the kind's schema, src/model/*CovariatesModelSchema.ts). Any other key the door
 * does not know is refused, as `assertModelOf` refuses one.
 */
export const savedOnlyFields = <N extends string>(...names: N[]) =>
  Object.fromEntries(names.map((name) => [name, z.optional(z.unknown())])) as Record<N, z.ZodMiniOptional<z.ZodMiniUnknown>>;

/**
 * The schemas of a two-process covariate model (BG/NBD, Pareto/NBD, BG/BB), in zod/mini: `spec`,
 * the fitter's spec (the covariate-free model's spec fields, `baseShape`, and
 * `staticCovariatesSchema`); `model`, what the predictions read from a model of `kind`, checked
 * at their door (`standardErrors` and `fitted` taken as given, any other key refused): the kind,
 * this release's model version, the spec, the four
 * positive parameters named `params`, the covariates with their levels, the terms and one purchase
 * and one dropout coefficient per term; `modelShape`, its fields, which the kind's schema
 * (src/model/*CovariatesModelSchema.ts) completes with the standard errors and the fit record.
 */
export function twoProcessCovariatesSchemas<K extends string, Shape extends z.core.$ZodLooseShape, N extends string>(
  kind: K,
  baseShape: Shape,
  params: readonly [N, N, N, N],
) {
  const spec = z.strictObject({ ...baseShape, covariates: staticCovariatesSchema });
  const positive = () => z.number().check(z.gt(0), z.refine(Number.isFinite));
  const modelShape = {
    kind: z.literal(kind),
    version: z.literal(MODEL_VERSION),
    spec,
    params: z.strictObject(Object.fromEntries(params.map((name) => [name, positive()])) as Record<N, ReturnType<typeof positive>>),
    covariates: fittedCovariatesSchema,
    terms: z.array(z.string()).check(z.minLength(1)),
    coefficients: z.strictObject({ purchase: z.array(finiteNumber()), dropout: z.array(finiteNumber()) }),
  };
  const model = z.strictObject({ ...modelShape, ...savedOnlyFields('standardErrors', 'fitted') }).check(z.superRefine(checkTwoProcessTerms));
  return { spec, model, modelShape };
}

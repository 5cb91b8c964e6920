import type * as z from 'zod';
import { betaGeoBetaBinomialModelSchema } from './betaGeoBetaBinomialModelSchema.js';
import { betaGeoBetaBinomialCovariatesKindSchema } from './betaGeoBetaBinomialCovariatesModelSchema.js';
import { rfmModelSchema, valuePyramidModelSchema } from './valueModelSchemas.js';
import { satisfactionIndexModelSchema } from './satisfactionIndexModelSchema.js';
import { betaGeoModelSchema } from './betaGeoModelSchema.js';
import { betaGeoCovariatesKindSchema } from './betaGeoCovariatesModelSchema.js';
import { gammaGammaModelSchema } from './gammaGammaModelSchema.js';
import { gammaGammaCovariatesKindSchema } from './gammaGammaCovariatesModelSchema.js';
import { modifiedBetaGeoModelSchema } from './modifiedBetaGeoModelSchema.js';
import { paretoNbdModelSchema } from './paretoNbdModelSchema.js';
import { paretoNbdCovariatesKindSchema } from './paretoNbdCovariatesModelSchema.js';
import { segmentsModelSchema } from './segmentsModelSchema.js';
import { plsPathModelSchema } from './plsPathModelSchema.js';
import { betaDiscreteWeibullModelSchema, shiftedBetaGeometricModelSchema } from './retentionModelSchemas.js';
import type { CustomerValueModel } from './parseModel.js';
import {
  betaGeoCovariatesModelValues,
  betaGeoModelValues,
  rfmModelValues,
  satisfactionIndexModelValues,
  segmentsModelValues,
  valuePyramidModelValues,
  type ModelValueCheck,
} from './modelValueChecks.js';

// The one registry of model kinds. Every door reads it: `parseModel` and `assertModelKind`
// (the schema, the fitter named in hints; the scorers of the kinds whose schemas are in zod/mini —
// value pyramid, RFM, satisfaction index, segments, PLS, BG/NBD, Gamma-Gamma, MBG/NBD, Pareto/NBD,
// sBG, BdW, BG/BB — pass their kind's fitter, schema and value check to `assertModelOf`
// themselves, so that their bundles hold no other kind's schema or check: test/model/kinds.test.ts
// checks they are the registry's), `compileScorer` and the input domain (`rows`),
// `toSql` (`sql`), the CLI's `fit --kind` (`cli`), and the contract tests. It holds names,
// schemas and capabilities only — the code of each door stays in the door, in a table keyed by
// the kinds the registry says it supports (`Record<ScorableKind, …>`, `Record<SqlModelKind, …>`,
// `Record<CliFitKind, …>`), so a kind added here without its emitter, SQL writer or CLI entry is
// a compile error, and a door a kind does not support refuses it with the reason given here.
// Nothing here imports a fitter or a kernel: importing a scorer stays light.

/** What one model kind is and which doors take it; a door that does not says why (a string). */
export interface ModelKindEntry {
  /** The schema `parseModel` and `assertModelKind` check a model against. */
  readonly schema: z.core.$ZodType;
  /** The function that fits one (error hints say "fit one with …"). */
  readonly fitter: string;
  /**
   * The check of the values that enter scoring arithmetic (`modelValueChecks.ts`), run after the
   * schema by `parseModel` and every scorer; null when the schema is the whole check (a kind not
   * scored row by row: positive, finite parameters give finite predictions).
   */
  readonly values: ModelValueCheck | null;
  /** Scored row by row (its input domain, `compileScorer`'s emitter): `true`, or why not. */
  readonly rows: true | string;
  /** Exported by `toSql`: `true`, or why not. */
  readonly sql: true | string;
  /** Fitted by the CLI's `fit --kind`: `true`, or why not. */
  readonly cli: true | string;
}

export const MODEL_KINDS = {
  rfm: { schema: rfmModelSchema, fitter: 'fitRfm', values: rfmModelValues, rows: true, sql: true, cli: true },
  valuePyramid: { schema: valuePyramidModelSchema, fitter: 'fitValuePyramid', values: valuePyramidModelValues, rows: true, sql: true, cli: true },
  satisfactionIndex: {
    schema: satisfactionIndexModelSchema,
    fitter: 'fitSatisfactionIndex',
    values: satisfactionIndexModelValues,
    rows: true,
    sql: true,
    cli: true,
  },
  segments: { schema: segmentsModelSchema, fitter: 'fitSegments', values: segmentsModelValues, rows: true, sql: true, cli: true },
  betaGeo: { schema: betaGeoModelSchema, fitter: 'fitBetaGeo', values: betaGeoModelValues, rows: true, sql: true, cli: true },
  gammaGamma: {
    schema: gammaGammaModelSchema,
    fitter: 'fitGammaGamma',
    values: null,
    rows: 'a Gamma-Gamma model is not compiled: score it with conditionalExpectedSpend or customerLifetimeValue (the CLI: score with a betaGeo model and --horizon)',
    sql: 'a Gamma-Gamma model is not exported to SQL: compute expected spend with conditionalExpectedSpend or customerLifetimeValue, or score CLV inside a warehouse with betaGeoScoresInWarehouse',
    cli: true,
  },
  plsPathModel: {
    schema: plsPathModelSchema,
    fitter: 'fitPlsPathModel',
    values: null,
    rows: 'a PLS path model is not compiled: score it with scorePlsPathModel',
    sql: 'a PLS path model is not exported to SQL: score it with scorePlsPathModel',
    cli: 'the CLI does not fit PLS path models: fit one with fitPlsPathModel (bootstrapPlsPathModel in customer-value/node for intervals)',
  },
  shiftedBetaGeometric: {
    schema: shiftedBetaGeometricModelSchema,
    fitter: 'fitShiftedBetaGeometric',
    values: null,
    rows: 'an sBG retention model describes a cohort, not customers row by row: predict with retentionCurve, discountedExpectedResidualLifetime or retentionElasticity',
    sql: 'an sBG retention model is not exported to SQL: predict with retentionCurve, discountedExpectedResidualLifetime or retentionElasticity',
    cli: 'the CLI does not fit retention models: fit one with fitShiftedBetaGeometric on a cohort survivor table',
  },
  betaDiscreteWeibull: {
    schema: betaDiscreteWeibullModelSchema,
    fitter: 'fitBetaDiscreteWeibull',
    values: null,
    rows: 'a beta-discrete-Weibull retention model describes a cohort, not customers row by row: predict with retentionCurve, discountedExpectedResidualLifetime or retentionElasticity',
    sql: 'a beta-discrete-Weibull retention model is not exported to SQL: predict with retentionCurve, discountedExpectedResidualLifetime or retentionElasticity',
    cli: 'the CLI does not fit retention models: fit one with fitBetaDiscreteWeibull on a cohort survivor table',
  },
  betaGeoBetaBinomial: {
    schema: betaGeoBetaBinomialModelSchema,
    fitter: 'fitBetaGeoBetaBinomial',
    values: null,
    rows: 'a BG/BB model is not compiled: score customers with betaGeoBetaBinomialPredictions (P(alive), expected transactions, DERT)',
    sql: 'a BG/BB model is not exported to SQL: score customers with betaGeoBetaBinomialPredictions',
    cli: 'the CLI does not fit BG/BB models: fit one with fitBetaGeoBetaBinomial on discrete-time histories (frequency, recency, periods)',
  },
  paretoNbd: {
    schema: paretoNbdModelSchema,
    fitter: 'fitParetoNbd',
    values: null,
    rows: 'a Pareto/NBD model is not compiled (its P(alive) sums a hypergeometric series per customer): score it with paretoNbdProbabilityAlive, paretoNbdConditionalExpectedPurchases or paretoNbdDiscountedResidualTransactions',
    sql: 'a Pareto/NBD model is not exported to SQL (its P(alive) sums a hypergeometric series per customer): score it with paretoNbdProbabilityAlive, paretoNbdConditionalExpectedPurchases or paretoNbdDiscountedResidualTransactions, or export a betaGeo model',
    cli: true,
  },
  modifiedBetaGeo: {
    schema: modifiedBetaGeoModelSchema,
    fitter: 'fitModifiedBetaGeo',
    values: null,
    rows: 'an MBG/NBD model is not compiled: score it with modifiedBetaGeoProbabilityAlive or modifiedBetaGeoConditionalExpectedPurchases',
    sql: 'an MBG/NBD model is not exported to SQL: score it with modifiedBetaGeoProbabilityAlive or modifiedBetaGeoConditionalExpectedPurchases, or export a betaGeo model',
    cli: true,
  },
  betaGeoCovariates: {
    schema: betaGeoCovariatesKindSchema,
    fitter: 'fitBetaGeoWithCovariates',
    values: betaGeoCovariatesModelValues,
    rows: true,
    sql: true,
    cli: 'the CLI does not fit covariate models: fit one with fitBetaGeoWithCovariates (then score it with compileScorer and scoreColumns, or export it with toSql)',
  },
  gammaGammaCovariates: {
    schema: gammaGammaCovariatesKindSchema,
    fitter: 'fitGammaGammaWithCovariates',
    values: null,
    rows: 'a Gamma-Gamma model with covariates is not compiled: score it with conditionalExpectedSpendWithCovariates or newCustomerExpectedSpend',
    sql: 'a Gamma-Gamma model with covariates is not exported to SQL: compute expected spend with conditionalExpectedSpendWithCovariates or newCustomerExpectedSpend',
    cli: 'the CLI does not fit covariate models: fit one with fitGammaGammaWithCovariates',
  },
  paretoNbdCovariates: {
    schema: paretoNbdCovariatesKindSchema,
    fitter: 'fitParetoNbdWithCovariates',
    values: null,
    rows: 'a Pareto/NBD model with covariates is not compiled (its P(alive) sums a hypergeometric series per customer): score it with paretoNbdCovariatePredictions or newCustomerExpectedPurchases',
    sql: 'a Pareto/NBD model with covariates is not exported to SQL (its P(alive) sums a hypergeometric series per customer): score it with paretoNbdCovariatePredictions or newCustomerExpectedPurchases, or export a betaGeoCovariates model',
    cli: 'the CLI does not fit covariate models: fit one with fitParetoNbdWithCovariates',
  },
  betaGeoBetaBinomialCovariates: {
    schema: betaGeoBetaBinomialCovariatesKindSchema,
    fitter: 'fitBetaGeoBetaBinomialWithCovariates',
    values: null,
    rows: 'a BG/BB model with covariates is not compiled: score customers with betaGeoBetaBinomialCovariatePredictions (P(alive), expected transactions) or newCustomerExpectedPurchases',
    sql: 'a BG/BB model with covariates is not exported to SQL: score customers with betaGeoBetaBinomialCovariatePredictions or newCustomerExpectedPurchases',
    cli: 'the CLI does not fit covariate models: fit one with fitBetaGeoBetaBinomialWithCovariates',
  },
} as const satisfies Record<string, ModelKindEntry>;

/** A model kind this release knows. */
export type ModelKind = keyof typeof MODEL_KINDS;
/** Every model kind, in registry order. */
export const MODEL_KIND_NAMES = /* @__PURE__ */ Object.keys(MODEL_KINDS) as ModelKind[];

type Supporting<Door extends 'rows' | 'sql' | 'cli'> = { [K in ModelKind]: (typeof MODEL_KINDS)[K][Door] extends true ? K : never }[ModelKind];
/** The model kinds scored row by row: by their `score*` function, `compileScorer` and `toSql`. */
export type ScorableKind = Supporting<'rows'>;
/** A model kind `toSql` exports. */
export type SqlModelKind = Supporting<'sql'>;
/** A model kind the CLI's `fit --kind` fits. */
export type CliFitKind = Supporting<'cli'>;
// toSql refuses rows by the kind's input domain: a kind exported to SQL must score rows (else this fails to compile)
type ScoresRows<K extends ScorableKind> = K;
export type SqlKindsScoreRows = ScoresRows<SqlModelKind>;

const supporting = <Door extends 'rows' | 'sql' | 'cli'>(door: Door) => MODEL_KIND_NAMES.filter((k) => MODEL_KINDS[k][door] === true) as Supporting<Door>[];
export const SCORABLE_KINDS: readonly ScorableKind[] = /* @__PURE__ */ supporting('rows');
export const SQL_MODEL_KINDS: readonly SqlModelKind[] = /* @__PURE__ */ supporting('sql');
export const CLI_FIT_KINDS: readonly CliFitKind[] = /* @__PURE__ */ supporting('cli');

/** True when `kind` is a model kind of the registry. */
export function isModelKind(kind: unknown): kind is ModelKind {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(MODEL_KINDS, kind);
}

/** Why a door does not take a kind (undefined when it does, or the kind is unknown). */
export function refusalReason(kind: unknown, door: 'rows' | 'sql' | 'cli'): string | undefined {
  if (!isModelKind(kind)) return undefined;
  const answer: true | string = MODEL_KINDS[kind][door];
  return answer === true ? undefined : answer;
}

/** The model interface of a kind (`ModelOf<'rfm'>` is `RfmModel`). */
export type ModelOf<K extends ModelKind> = Extract<CustomerValueModel, { kind: K }>;

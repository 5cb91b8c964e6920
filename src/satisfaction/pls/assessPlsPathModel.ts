import * as z from 'zod/mini';
import { CustomerValueError } from '../../errors.js';
import { cholesky, choleskyInverse } from '../../internal/cholesky.js';
import { finiteOrNull } from '../../internal/finiteOrNull.js';
import { parseSpec } from '../../internal/parseSpec.js';
import type { TableInput } from '../../io/tableInput.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { plsPathModelSchema } from '../../model/plsPathModelSchema.js';
import { readSurvey } from '../surveyItems.js';
import { varyingMoments } from '../varyingMoments.js';
import {
  assessPlsBootstrap,
  resampleOnOneThread,
  type AssessPlsBootstrapOptions,
  type PlsAssessmentBootstrap,
  type PlsResampler,
} from './assessPlsBootstrap.js';
import { estimatePlsFromMoments } from './estimatePlsFromMoments.js';
import type { PlsPathModel } from './fitPlsPathModel.js';
import { pathMatrix } from './pathMatrix.js';
import { subMatrix } from './plsEstimate.js';
import { htmtOfPair } from './htmtOfPair.js';
import { plsStructure } from './plsStructure.js';
import { confidenceOption, resampleCount, seedOption } from '../../internal/plsOptionSchemas.js';
import { PLS_GUIDELINES, type PlsGuideline } from './plsGuidelines.js';
import { plsPredict, plsPredictShape, type CvpatTest, type PlsPredictOptions, type PlsPredictResult } from './plsPredict.js';

const FN = 'assessPlsPathModel';

/** One figure with its guideline and what the guideline says about it (never a bare pass/fail). */
export interface PlsAssessedValue {
  /** The figure; null when it is not defined on these data (the reason is in `warnings`). */
  readonly value: number | null;
  /** The guideline's reading of the value in words (e.g. `'below 0.85'`, `'small (0.02 ≤ f² < 0.15)'`); null when the value is null. */
  readonly verdict: string | null;
  readonly guideline: PlsGuideline;
}

/** Reliability and convergent validity of one construct. */
export interface PlsReliabilityAssessment {
  readonly construct: string;
  readonly mode: 'A' | 'B';
  readonly items: readonly string[];
  /** Cronbach's α from the item correlations (standardized). */
  readonly alpha: PlsAssessedValue;
  /** Cronbach's α from the item covariances (raw). */
  readonly alphaRaw: PlsAssessedValue;
  /** Dijkstra–Henseler ρA. */
  readonly rhoA: PlsAssessedValue;
  /** Composite reliability ρC. */
  readonly rhoC: PlsAssessedValue;
  /** Average variance extracted. */
  readonly ave: PlsAssessedValue;
}

/** One indicator: its outer loading and weight, and its outer VIF. */
export interface PlsIndicatorAssessment {
  readonly construct: string;
  readonly item: string;
  readonly mode: 'A' | 'B';
  /** Outer loading (correlation of the item with its construct score). */
  readonly loading: PlsAssessedValue;
  /** Outer weight on the standardized item. */
  readonly weight: number;
  /** Outer VIF: 1 / (1 − R²) of the item regressed on the other items of its block (1 for a single item). */
  readonly vif: PlsAssessedValue;
  /** Whether the outer VIF is a criterion for this block: true for mode B (formative), false for mode A (reported, not judged). */
  readonly vifApplies: boolean;
}

/** Discriminant validity of one construct pair. */
export interface PlsHtmtAssessment {
  readonly a: string;
  readonly b: string;
  /** HTMT: mean heterotrait correlation over the geometric mean of the two mean monotrait correlations. */
  readonly htmt: PlsAssessedValue;
  /** HTMT2: the same with geometric means of the correlations throughout (defined when every correlation involved is positive). */
  readonly htmt2: PlsAssessedValue;
}

/** PLSpredict of one indicator of an endogenous construct, read against its guidelines. */
export interface PlsPredictItemAssessment {
  readonly construct: string;
  readonly item: string;
  /** PLS-SEM's Q²predict, read against 0 (`PLS_GUIDELINES.q2predict`). */
  readonly q2predict: PlsAssessedValue;
  /** PLS-SEM's RMSE beside the linear-model benchmark's, and whether PLS-SEM's is lower. */
  readonly rmse: { readonly pls: number; readonly linearModel: number; readonly plsLower: boolean };
  /** The same for the MAE. */
  readonly mae: { readonly pls: number; readonly linearModel: number; readonly plsLower: boolean };
}

/** Predictive power of a set of indicators against the linear-model benchmark (Shmueli et al. 2019). */
export interface PlsPredictivePower {
  /** Indicators compared. */
  readonly indicators: number;
  /**
   * Share of the indicators whose PLS-SEM RMSE is below the linear model's — counting only those with
   * Q²predict > 0, the prerequisite of the comparison (Shmueli et al. 2019) — read as high / medium /
   * low / none (`PLS_GUIDELINES.predictLinearModel`); the verdict says how many were not counted.
   */
  readonly rmse: PlsAssessedValue;
  /** The same by MAE (for strongly skewed prediction errors). */
  readonly mae: PlsAssessedValue;
}

/** CVPAT of PLS-SEM against both benchmarks: the one-sided p of each test, read against 0.05 (`PLS_GUIDELINES.cvpat`). */
export interface PlsCvpatAssessment {
  readonly vsIndicatorAverage: PlsAssessedValue;
  readonly vsLinearModel: PlsAssessedValue;
}

/** With `options.predict`: PLSpredict and CVPAT of the model, each figure with its guideline. */
export interface PlsPredictAssessment {
  /** `plsPredict(data, model.spec, options.predict)`, unchanged: every figure, the folds and the seed. */
  readonly result: PlsPredictResult;
  /** Every indicator of every endogenous construct (as `result.items`). */
  readonly items: readonly PlsPredictItemAssessment[];
  /** Over all endogenous indicators (`overall`) and per endogenous construct. */
  readonly predictivePower: { readonly overall: PlsPredictivePower; readonly constructs: readonly (PlsPredictivePower & { readonly construct: string })[] };
  /** Over all endogenous indicators (`overall`) and per endogenous construct (as `result.cvpat`). */
  readonly cvpat: { readonly overall: PlsCvpatAssessment; readonly constructs: readonly (PlsCvpatAssessment & { readonly construct: string })[] };
}

/**
 * The standard PLS-SEM report (what SmartPLS's "PLS algorithm" report shows) for a fitted model
 * on its data: plain JSON. With options, bootstrap intervals (`bootstrap`) and PLSpredict/CVPAT
 * (`predict`); MICOM and multigroup results are separate calls (`measurementInvariance`, `comparePlsGroups`).
 */
export interface PlsAssessment {
  /** Respondents used (as in the fit). */
  readonly n: number;
  readonly scheme: 'path' | 'centroid' | 'factorial';
  readonly constructs: readonly string[];
  /** Reliability and AVE per construct (mode B constructs included; the criteria are meant for mode A). */
  readonly reliability: readonly PlsReliabilityAssessment[];
  /** Outer loadings, weights and VIFs, items in construct order. */
  readonly indicators: readonly PlsIndicatorAssessment[];
  /** √AVE on the diagonal, construct correlations off it; each row's verdict compares its √AVE with its largest absolute correlation. */
  readonly fornellLarcker: {
    readonly matrix: readonly (readonly number[])[];
    readonly rows: readonly {
      readonly construct: string;
      readonly sqrtAve: number | null;
      readonly largestCorrelation: number;
      readonly verdict: string | null;
    }[];
    readonly guideline: PlsGuideline;
  };
  /** Correlation of every item with every construct score (columns in `constructs` order) and whether its own construct is where it loads highest. */
  readonly crossLoadings: {
    readonly rows: readonly { readonly item: string; readonly construct: string; readonly values: readonly number[]; readonly verdict: string }[];
    readonly guideline: PlsGuideline;
  };
  /** HTMT and HTMT2 for every pair of constructs (null, with a warning, when a construct has a single item). */
  readonly htmt: readonly PlsHtmtAssessment[];
  /** Inner VIF of each predecessor of each endogenous construct. */
  readonly innerVif: readonly { readonly from: string; readonly to: string; readonly vif: PlsAssessedValue }[];
  /** Path coefficients with their effect size f² = (R²incl − R²excl) / (1 − R²incl), R²excl from the same construct scores without the predecessor. */
  readonly paths: readonly { readonly from: string; readonly to: string; readonly coefficient: number; readonly fSquared: PlsAssessedValue }[];
  /** R² and adjusted R² of each endogenous construct. */
  readonly rSquared: readonly { readonly construct: string; readonly rSquared: PlsAssessedValue; readonly adjusted: number | null }[];
  /**
   * SRMR of the composite model, computed as cSEM does (`calculateSRMR` on `fit()`, the composite
   * model of Schuberth, Henseler & Dijkstra 2018): model-implied item correlations are the observed
   * ones within a block and λᵢ ρᵢⱼ λⱼ′ across blocks (λ the composite loadings), with ρ the observed
   * construct correlations (`saturated`, cSEM's `.saturated = TRUE`; SmartPLS's "saturated model")
   * or those implied by the structural model (`estimated`: Φ as observed for the exogenous
   * constructs, (I − B)⁻¹(ΓΦΓ′ + Ψ)(I − B)⁻ᵀ with Ψ = diag(1 − R²) for the endogenous ones); root
   * mean square of the differences over the lower triangle with the diagonal. Not checked against
   * SmartPLS's own SRMR output (none is published for this model).
   */
  readonly srmr: { readonly saturated: PlsAssessedValue; readonly estimated: PlsAssessedValue; readonly method: string };
  /** With `options.bootstrap`: percentile and BCa intervals of the loadings, weights, HTMT and HTMT2, and the HTMT tests. */
  readonly bootstrap?: PlsAssessmentBootstrap;
  /** With `options.predict`: PLSpredict (Q²predict, RMSE and MAE against the linear-model benchmark) and CVPAT, with their guidelines. */
  readonly predict?: PlsPredictAssessment;
  /** Why a figure is null, and other notes. */
  readonly warnings: readonly string[];
}

/** Options for `assessPlsPathModel`. */
export interface AssessPlsOptions {
  /** Bootstrap the loadings, weights, HTMT and HTMT2: percentile and BCa intervals, and the HTMT tests against 0.85, 0.90 and 1 (`bootstrap` in the result). */
  readonly bootstrap?: AssessPlsBootstrapOptions;
  /** Run PLSpredict and CVPAT (`predict` in the result): `plsPredict`'s options, `folds` (10), `repetitions` (10), `seed` (1). */
  readonly predict?: PlsPredictOptions;
}

/** @internal The bootstrap options' schema fields (customer-value/node adds `threads`). */
export const assessBootstrapShape = {
  resamples: resampleCount(5000),
  seed: seedOption(),
  level: confidenceOption(),
};

const optionsSchema = z.strictObject({ bootstrap: z.optional(z.strictObject(assessBootstrapShape)), predict: z.optional(z.strictObject(plsPredictShape)) });

const fmt = (x: number) => String(x);

function assessed(value: number | null, guideline: PlsGuideline, verdict: (v: number) => string): PlsAssessedValue {
  return { value, verdict: value === null ? null : verdict(value), guideline };
}

const reliabilityVerdict = (v: number) => (v > 0.95 ? 'above 0.95' : v >= 0.7 ? 'between 0.70 and 0.95' : v >= 0.6 ? 'between 0.60 and 0.70' : 'below 0.60');
const atLeast = (limit: number) => (v: number) => (v >= limit ? `at least ${fmt(limit)}` : `below ${fmt(limit)}`);
const htmtVerdict = (v: number) => (v < 0.85 ? 'below 0.85' : v < 0.9 ? 'between 0.85 and 0.90' : 'at least 0.90');
const vifVerdict = (v: number) => (v < 3 ? 'below 3' : v < 5 ? 'between 3 and 5' : 'at least 5');
const fSquaredVerdict = (v: number) =>
  v >= 0.35 ? 'large (f² ≥ 0.35)' : v >= 0.15 ? 'medium (0.15 ≤ f² < 0.35)' : v >= 0.02 ? 'small (0.02 ≤ f² < 0.15)' : 'no effect (f² < 0.02)';
const rSquaredVerdict = (v: number) => (v >= 0.75 ? 'substantial' : v >= 0.5 ? 'moderate' : v >= 0.25 ? 'weak' : 'below 0.25');
const q2predictVerdict = (v: number) => (v > 0 ? 'above 0 (better than the training mean)' : 'not above 0 (no better than the training mean)');
const cvpatVerdict = (v: number) => (v < 0.05 ? 'significantly lower loss (one-sided p < 0.05)' : 'not significantly lower loss (one-sided p ≥ 0.05)');

/**
 * Assess a fitted PLS path model on its data — the standard PLS-SEM report (Hair, Risher,
 * Sarstedt & Ringle 2019; what SmartPLS's report shows): reliability (Cronbach's α standardized
 * and raw, ρA, ρC), AVE, outer loadings and weights, Fornell–Larcker criterion, cross-loadings,
 * HTMT (Henseler, Ringle & Sarstedt 2015) and HTMT2 (Roemer, Schuberth & Henseler 2021) for
 * every construct pair, outer VIF (judged for mode B blocks, reported for all), inner VIF, f²,
 * R² and adjusted R², and the SRMR of the composite model (saturated and estimated). Every
 * figure carries its guideline — the rule, its cut-offs and its source — and the guideline's
 * reading of the value in words, never a bare pass/fail. A figure not defined on the data is
 * null with the reason in `warnings`. The model is re-estimated on `data` and must agree with
 * `model` (the data it was fitted on).
 *
 * @param model A `plsPathModel` from `fitPlsPathModel`.
 * @param data The respondents the model was fitted on (same columns, same missing-answer policy).
 * With `options.bootstrap` (`{ resamples, seed, level }`: 5,000, 1, 0.95) the report adds `bootstrap`:
 * percentile and BCa intervals (as `bootstrapPlsPathModel`'s) of every outer loading and weight and
 * of HTMT and HTMT2, and for each HTMT the one-sided test of H0: HTMT ≥ threshold for 0.85, 0.90
 * and 1 (Henseler, Ringle & Sarstedt 2015; Franke & Sarstedt 2019): rejected when the one-sided
 * upper bound (the `level` quantile of the resamples) is below the threshold, with p the share of
 * resamples at or above it. Resamples in which HTMT2 (or HTMT) is not defined are counted
 * (`undefinedResamples`, and a warning), never dropped silently.
 *
 * With `options.predict` (`{ folds, repetitions, seed }`: 10, 10, 1, as `plsPredict`'s options) the report adds
 * `predict`: `plsPredict`'s result for the model's spec on `data` (`result`, unchanged), and read against
 * their guidelines: each endogenous indicator's Q²predict against 0 and its PLS-SEM RMSE and MAE beside the
 * linear-model benchmark's; the predictive power (Shmueli et al. 2019) from the share of indicators where
 * PLS-SEM's error is the lower, over all endogenous indicators and per construct; and the one-sided p of
 * CVPAT against the indicator-average and the linear-model benchmarks (Liengaard et al. 2021) against 0.05.
 *
 * @param options `bootstrap` and `predict` (both optional, see above).
 * @throws {CustomerValueError} `invalid_model`, `invalid_spec` (the options, named), `missing_column`, `invalid_value` (a constant item, named; data that are not the model's; more `options.predict.folds` than respondents, or a training part PLSpredict cannot fit), `too_few_rows` (no more respondents than constructs; a PLSpredict training part too small for the linear-model benchmark).
 * @example
 * const survey = (await readCsvFile('examples/data/ecsi_mobi.csv')).columns;
 * const model = fitPlsPathModel(survey, ECSI_MODEL);
 * const report = assessPlsPathModel(model, survey);
 * const pair = report.htmt.find((h) => h.a === 'Image' && h.b === 'Loyalty');
 * [Math.round(pair.htmt.value * 1000) / 1000, pair.htmt.verdict, pair.htmt.guideline.source]; // => [0.867, 'between 0.85 and 0.90', 'Henseler, Ringle & Sarstedt 2015']
 * [Math.round(report.srmr.saturated.value * 1000) / 1000, report.srmr.saturated.verdict]; // => [0.057, 'below 0.08']
 * report.paths.find((p) => p.from === 'Quality' && p.to === 'Satisfaction').fSquared.verdict; // => 'medium (0.15 ≤ f² < 0.35)'
 * const boot = assessPlsPathModel(model, survey, { bootstrap: { resamples: 200, seed: 1 } }).bootstrap;
 * const test = boot.htmt.find((h) => h.a === 'Image' && h.b === 'Loyalty').htmt.tests;
 * [test.map((t) => t.threshold), test.every((t) => t.rejected === t.upper < t.threshold)]; // => [[0.85, 0.9, 1], true]
 * const predict = assessPlsPathModel(model, survey, { predict: { folds: 10, repetitions: 2, seed: 1 } }).predict;
 * predict.items.find((i) => i.item === 'CUSA1').q2predict.verdict; // => 'above 0 (better than the training mean)'
 * predict.cvpat.overall.vsIndicatorAverage.guideline.source; // => 'Liengaard et al. 2021 (Decision Sciences 52(2)); benchmarks as Sharma et al. 2023 (European Journal of Marketing 57(6))'
 */
export function assessPlsPathModel(model: PlsPathModel, data: TableInput, options: AssessPlsOptions = {}): PlsAssessment {
  model = assertModelOf(model, 'plsPathModel', 'fitPlsPathModel', plsPathModelSchema, null, FN);
  return assessParsed(model, data, parseSpec(optionsSchema, options, FN, 'options'));
}

/** @internal The assessment with its options parsed; `resample` runs the bootstrap's resamples (on threads in customer-value/node). */
export function assessParsed(
  model: PlsPathModel,
  data: TableInput,
  o: {
    readonly bootstrap?: { resamples: number; seed: number; level: number };
    readonly predict?: { folds: number; repetitions: number; seed: number };
  },
  resample: PlsResampler = resampleOnOneThread,
): PlsAssessment {
  const s = model.spec;
  const structure = plsStructure(s);
  const names = structure.names;
  const C = names.length;
  const items = names.flatMap((name) => s.constructs[name].items);
  const p = items.length;
  const survey = readSurvey(data, FN, items, s.scale ?? null, s.missing, [], 3, null);
  const n = survey.n;
  if (n <= C) {
    throw new CustomerValueError('too_few_rows', `${FN}: ${n} respondents for ${C} constructs`, [
      {
        function: FN,
        path: 'data',
        expected: `more respondents than constructs (at least ${C + 1})`,
        received: `${n} respondents (${names.join(', ')})`,
        hint: 'collect more responses or merge constructs',
      },
    ]);
  }
  const moments = varyingMoments(FN, items, survey.items, survey.skip);
  const { estimate, coefficients } = estimatePlsFromMoments(moments, structure, FN);
  // the report is of this model on these data: the re-estimate must be the model's
  let gap = 0;
  model.constructs.forEach((c, j) => c.weights.forEach((w, a) => (gap = Math.max(gap, Math.abs(w - estimate.weights[j][a])))));
  if (!(gap <= 1e-8) || model.fitted.n !== n) {
    throw new CustomerValueError('invalid_value', `${FN}: the data are not the data the model was fitted on`, [
      {
        function: FN,
        path: 'data',
        expected: `the ${model.fitted.n} respondents the model was fitted on`,
        received: `${n} respondents whose re-estimated outer weights differ by up to ${gap}`,
        hint: 'pass the data given to fitPlsPathModel, or fit the model on these data first',
      },
    ]);
  }
  const S = moments.correlation;
  const R = estimate.constructCorrelation;
  const warnings: string[] = [...model.fitted.warnings];

  const reliability: PlsReliabilityAssessment[] = model.constructs.map((c) => ({
    construct: c.name,
    mode: c.mode,
    items: [...c.items],
    alpha: assessed(c.alpha, PLS_GUIDELINES.alpha, reliabilityVerdict),
    alphaRaw: assessed(c.alphaRaw, PLS_GUIDELINES.alpha, reliabilityVerdict),
    rhoA: assessed(c.rhoA, PLS_GUIDELINES.rhoA, reliabilityVerdict),
    rhoC: assessed(c.rhoC, PLS_GUIDELINES.rhoC, reliabilityVerdict),
    ave: assessed(c.ave, PLS_GUIDELINES.ave, atLeast(0.5)),
  }));

  const indicators: PlsIndicatorAssessment[] = [];
  model.constructs.forEach((c, j) => {
    const block = structure.blocks[j];
    const vifs = diagonalOfInverse(subMatrix(S, p, block, block), block.length);
    if (vifs === null) warnings.push(`outer VIF of construct "${c.name}" not defined: its items are perfectly collinear: stored as null`);
    c.items.forEach((item, a) => {
      indicators.push({
        construct: c.name,
        item,
        mode: c.mode,
        loading: assessed(c.loadings[a], PLS_GUIDELINES.loading, atLeast(0.708)),
        weight: c.weights[a],
        vif: assessed(vifs === null ? null : finiteOrNull(vifs[a]), PLS_GUIDELINES.vif, vifVerdict),
        vifApplies: c.mode === 'B',
      });
    });
  });

  const sqrtAve = model.constructs.map((c) => (c.ave === null ? null : Math.sqrt(c.ave)));
  const fornellLarcker = {
    matrix: names.map((_, i) => names.map((__, j) => (i === j ? (sqrtAve[i] ?? Number.NaN) : R[i * C + j]))),
    rows: names.map((construct, i) => {
      let largest = 0;
      for (let j = 0; j < C; j++) if (j !== i) largest = Math.max(largest, Math.abs(R[i * C + j]));
      const root = sqrtAve[i];
      return {
        construct,
        sqrtAve: root,
        largestCorrelation: largest,
        verdict: root === null ? null : root > largest ? '√AVE above every correlation' : '√AVE not above every correlation',
      };
    }),
    guideline: PLS_GUIDELINES.fornellLarcker,
  };
  if (sqrtAve.some((x) => x === null)) {
    // keep the matrix JSON-safe: an undefined √AVE is 0 on the diagonal, null in `rows`
    fornellLarcker.matrix = fornellLarcker.matrix.map((row) => row.map((x) => (Number.isNaN(x) ? 0 : x)));
    warnings.push('√AVE of a construct with an undefined AVE is shown as 0 on the Fornell–Larcker diagonal (null in its row)');
  }

  const owner = structure.blocks.flatMap((block, j) => block.map(() => j));
  const crossLoadings = {
    rows: items.map((item, k) => {
      const values = model.crossLoadings[k];
      const own = values[owner[k]];
      // by size: a construct scored the other way round correlates negatively with the item
      const highest = values.every((v, j) => j === owner[k] || Math.abs(own) > Math.abs(v));
      return { item, construct: names[owner[k]], values: [...values], verdict: highest ? 'highest on its own construct' : 'not highest on its own construct' };
    }),
    guideline: PLS_GUIDELINES.crossLoadings,
  };

  const htmt: PlsHtmtAssessment[] = [];
  const single = structure.blocks.map((block) => block.length < 2);
  for (let i = 0; i < C; i++) {
    for (let j = i + 1; j < C; j++) {
      const [h, h2] = single[i] || single[j] ? [null, null] : htmtOfPair(S, p, structure.blocks[i], structure.blocks[j]);
      htmt.push({ a: names[i], b: names[j], htmt: assessed(h, PLS_GUIDELINES.htmt, htmtVerdict), htmt2: assessed(h2, PLS_GUIDELINES.htmt2, htmtVerdict) });
      if (!single[i] && !single[j] && h === null)
        warnings.push(`HTMT of "${names[i]}" and "${names[j]}" not defined: a mean within-block correlation is not positive`);
      if (!single[i] && !single[j] && h2 === null)
        warnings.push(`HTMT2 of "${names[i]}" and "${names[j]}" not defined: it needs every correlation of their items to be positive`);
    }
  }
  single.forEach((one, j) => {
    if (one) warnings.push(`HTMT and HTMT2 of single-item construct "${names[j]}" not defined (no within-block correlations): stored as null`);
  });

  const innerVif: { from: string; to: string; vif: PlsAssessedValue }[] = [];
  const paths: { from: string; to: string; coefficient: number; fSquared: PlsAssessedValue }[] = [];
  const rSquared: { construct: string; rSquared: PlsAssessedValue; adjusted: number | null }[] = [];
  const B = pathMatrix(coefficients, structure.predecessors, C);
  for (let j = 0; j < C; j++) {
    const preds = structure.predecessors[j];
    if (preds.length === 0) continue;
    const r2 = explained(R, C, preds, j);
    const vifs = diagonalOfInverse(subMatrix(R, C, preds, preds), preds.length);
    preds.forEach((i, k) => {
      innerVif.push({ from: names[i], to: names[j], vif: assessed(vifs === null ? null : finiteOrNull(vifs[k]), PLS_GUIDELINES.vif, vifVerdict) });
    });
    const fit = model.rSquared[names[j]];
    rSquared.push({ construct: names[j], rSquared: assessed(r2, PLS_GUIDELINES.rSquared, rSquaredVerdict), adjusted: fit.adjusted });
    for (const i of preds) {
      const without = explained(
        R,
        C,
        preds.filter((x) => x !== i),
        j,
      );
      const f2 = finiteOrNull((r2 - without) / (1 - r2));
      if (f2 === null) warnings.push(`f² of "${names[i]}" → "${names[j]}" not defined: R² of "${names[j]}" is 1: stored as null`);
      paths.push({ from: names[i], to: names[j], coefficient: B[i * C + j], fSquared: assessed(f2, PLS_GUIDELINES.fSquared, fSquaredVerdict) });
    }
  }
  // paths in the spec's order
  const order = s.paths.map(([from, to]) => paths.find((x) => x.from === from && x.to === to)!);

  const bootstrap = o.bootstrap === undefined ? undefined : assessPlsBootstrap(model, data, o.bootstrap, structure.blocks, htmt, warnings, resample);

  const predict = o.predict === undefined ? undefined : assessPredict(data, model, o.predict, warnings);

  const loadings = itemLoadings(S, p, structure.blocks, estimate.weights);
  const saturated = compositeSrmr(S, p, structure.blocks, loadings, R, C);
  const estimated = compositeSrmr(S, p, structure.blocks, loadings, impliedConstructCorrelation(R, C, B, structure.predecessors), C);
  return {
    n,
    scheme: s.scheme,
    constructs: names,
    reliability,
    indicators,
    fornellLarcker,
    crossLoadings,
    htmt,
    innerVif,
    paths: order,
    rSquared,
    srmr: {
      saturated: assessed(saturated, PLS_GUIDELINES.srmr, (v) => (v < 0.08 ? 'below 0.08' : 'at least 0.08')),
      estimated: assessed(estimated, PLS_GUIDELINES.srmr, (v) => (v < 0.08 ? 'below 0.08' : 'at least 0.08')),
      method:
        "composite model (Schuberth, Henseler & Dijkstra 2018) as cSEM's calculateSRMR: implied item correlations observed within blocks, λi ρij λj′ across blocks; saturated: ρ observed; estimated: ρ implied by the path model with Ψ = diag(1 − R²)",
    },
    ...(bootstrap === undefined ? {} : { bootstrap }),
    ...(predict === undefined ? {} : { predict }),
    warnings,
  };
}

/** plsPredict of the model's spec on `data`, its refusals in the words of `options.predict`, and its figures read against their guidelines. */
function assessPredict(
  data: TableInput,
  model: PlsPathModel,
  options: { folds: number; repetitions: number; seed: number },
  warnings: string[],
): PlsPredictAssessment {
  let result: PlsPredictResult;
  try {
    result = plsPredict(data, model.spec, options);
  } catch (error) {
    if (!(error instanceof CustomerValueError)) throw error;
    const issues = error.issues.map((issue) => ({
      ...issue,
      function: FN,
      ...(issue.path === undefined ? {} : { path: issue.path.replace(/^options\./, 'options.predict.') }),
    }));
    throw new CustomerValueError(error.code, `${FN}: options.predict: ${error.message.split('\n')[0].replace(/^plsPredict: /, '')}`, issues, error.totalIssues);
  }
  if (result.notConverged > 0)
    warnings.push(
      `PLSpredict: ${result.notConverged} of ${result.folds * result.repetitions} training fits reached maxIter without converging (kept, as seminr does)`,
    );
  const items = result.items.map((i): PlsPredictItemAssessment => ({
    construct: i.construct,
    item: i.item,
    q2predict: assessed(i.pls.q2predict, PLS_GUIDELINES.q2predict, q2predictVerdict),
    rmse: { pls: i.pls.rmse, linearModel: i.linearModel.rmse, plsLower: i.pls.rmse < i.linearModel.rmse },
    mae: { pls: i.pls.mae, linearModel: i.linearModel.mae, plsLower: i.pls.mae < i.linearModel.mae },
  }));
  const nullQ2 = items.filter((i) => i.q2predict.value === null).map((i) => i.item);
  if (nullQ2.length > 0) warnings.push(`Q²predict of ${nullQ2.join(', ')} not defined: the training-mean benchmark's errors are all 0: stored as null`);
  const power = (subset: readonly PlsPredictItemAssessment[]): PlsPredictivePower => {
    const N = subset.length;
    // Q²predict > 0 is the prerequisite of the comparison with the linear model (Shmueli et al. 2019):
    // an indicator without it counts as not below, however its error compares, and the verdict says how many
    const aboveZero = (i: PlsPredictItemAssessment) => i.q2predict.value !== null && i.q2predict.value > 0;
    const notAbove = subset.filter((i) => !aboveZero(i)).length;
    const caveat = notAbove === 0 ? '' : `; Q²predict not above 0 for ${notAbove} of ${N}: not counted`;
    const read = (lower: (i: PlsPredictItemAssessment) => boolean) => {
      const k = subset.filter((i) => aboveZero(i) && lower(i)).length;
      const verdict =
        k === N
          ? `high (PLS-SEM's error below the linear model's for all ${N} indicators)`
          : 2 * k >= N
            ? `medium (below for ${k} of ${N} indicators: the majority or half${caveat})`
            : k > 0
              ? `low (below for ${k} of ${N} indicators: a minority${caveat})`
              : `none (below for none of ${N} indicators${caveat})`;
      return assessed(k / N, PLS_GUIDELINES.predictLinearModel, () => verdict);
    };
    return { indicators: N, rmse: read((i) => i.rmse.plsLower), mae: read((i) => i.mae.plsLower) };
  };
  const cvpat = (c: { vsIndicatorAverage: CvpatTest; vsLinearModel: CvpatTest }, where: string): PlsCvpatAssessment => {
    for (const [name, test] of [
      ['indicator average', c.vsIndicatorAverage],
      ['linear model', c.vsLinearModel],
    ] as const)
      if (test.pOneSided === null)
        warnings.push(`CVPAT of PLS-SEM against the ${name} (${where}) not defined: the respondents' loss differences do not vary: stored as null`);
    return {
      vsIndicatorAverage: assessed(c.vsIndicatorAverage.pOneSided, PLS_GUIDELINES.cvpat, cvpatVerdict),
      vsLinearModel: assessed(c.vsLinearModel.pOneSided, PLS_GUIDELINES.cvpat, cvpatVerdict),
    };
  };
  return {
    result,
    items,
    predictivePower: {
      overall: power(items),
      constructs: result.endogenous.map((construct) => ({ construct, ...power(items.filter((i) => i.construct === construct)) })),
    },
    cvpat: {
      overall: cvpat(result.cvpat.overall, 'all endogenous indicators'),
      constructs: result.cvpat.constructs.map((c) => ({ construct: c.construct, ...cvpat(c, `"${c.construct}"`) })),
    },
  };
}

/** Diagonal of the inverse of a symmetric positive-definite matrix (VIFs of a correlation matrix); null when singular. */
function diagonalOfInverse(A: Float64Array, q: number): Float64Array | null {
  if (q === 1) return new Float64Array([1]);
  const L = cholesky(A, q);
  if (L === null) return null;
  const inverse = choleskyInverse(L, q);
  const out = new Float64Array(q);
  for (let a = 0; a < q; a++) out[a] = inverse[a * q + a];
  return out;
}

/** R² of construct j regressed on `preds` from the construct correlations R: r' R⁻¹ r. */
function explained(R: Float64Array, C: number, preds: readonly number[], j: number): number {
  const q = preds.length;
  if (q === 0) return 0;
  const L = cholesky(subMatrix(R, C, preds, preds), q);
  if (L === null) return Number.NaN;
  const inverse = choleskyInverse(L, q);
  let sum = 0;
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) sum += R[preds[a] * C + j] * inverse[a * q + b] * R[preds[b] * C + j];
  return sum;
}

/** Composite loadings λ = S_jj w_j of every item on its own construct (unit-variance scores). */
function itemLoadings(S: Float64Array, p: number, blocks: readonly (readonly number[])[], weights: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(p);
  blocks.forEach((block, j) => {
    for (const k of block) {
      let sum = 0;
      block.forEach((m, a) => (sum += S[k * p + m] * weights[j][a]));
      out[k] = sum;
    }
  });
  return out;
}

/** SRMR between the observed item correlations and those implied by the composite model with construct correlations `rho`. */
function compositeSrmr(
  S: Float64Array,
  p: number,
  blocks: readonly (readonly number[])[],
  loadings: Float64Array,
  rho: Float64Array,
  C: number,
): number | null {
  const owner = new Int32Array(p);
  blocks.forEach((block, j) => block.forEach((k) => (owner[k] = j)));
  let sum = 0;
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < a; b++) {
      if (owner[a] === owner[b]) continue;
      const implied = loadings[a] * rho[owner[a] * C + owner[b]] * loadings[b];
      sum += (S[a * p + b] - implied) ** 2;
    }
  }
  return finiteOrNull(Math.sqrt(sum / ((p * (p + 1)) / 2)));
}

/**
 * Construct correlations implied by a recursive path model (cSEM's `fit(.saturated = FALSE)`):
 * η = B′η + ζ with the exogenous constructs' correlations as observed and structural errors
 * uncorrelated with each other and with the exogenous constructs, of variance 1 − R² (observed
 * R²); computed construct by construct in causal order instead of through (I − B)⁻¹.
 */
function impliedConstructCorrelation(R: Float64Array, C: number, B: Float64Array, predecessors: readonly (readonly number[])[]): Float64Array {
  // exogenous constructs first, then each endogenous one after its predecessors (the model is recursive)
  const order: number[] = [];
  const placed = new Uint8Array(C);
  for (let j = 0; j < C; j++) {
    if (predecessors[j].length === 0) {
      placed[j] = 1;
      order.push(j);
    }
  }
  while (order.length < C) {
    for (let j = 0; j < C; j++) {
      if (!placed[j] && predecessors[j].every((i) => placed[i])) {
        placed[j] = 1;
        order.push(j);
      }
    }
  }
  const Sigma = new Float64Array(C * C);
  order.forEach((j, at) => {
    const preds = predecessors[j];
    for (const k of order.slice(0, at)) {
      let value = R[j * C + k];
      if (preds.length > 0) {
        // cov(η_j, η_k) = Σ_i B[i][j] cov(η_i, η_k): ζ_j is uncorrelated with every construct placed before j
        value = 0;
        for (const i of preds) value += B[i * C + j] * Sigma[i * C + k];
      }
      Sigma[j * C + k] = value;
      Sigma[k * C + j] = value;
    }
    // var(η_j) = b′ Σ_pp b + ψ_j with ψ_j = 1 − R²_j (observed R²); it enters the covariances of later constructs
    let variance = 1;
    if (preds.length > 0) {
      variance = 0;
      for (const a of preds) {
        for (const b of preds) variance += B[a * C + j] * B[b * C + j] * Sigma[a * C + b];
      }
      let r2 = 0;
      for (const a of preds) r2 += B[a * C + j] * R[a * C + j];
      variance += 1 - r2;
    }
    Sigma[j * C + j] = variance;
  });
  // cSEM sets the implied construct variances to 1 (diag(Cor_endo) <- 1); only the covariances enter the SRMR
  for (let j = 0; j < C; j++) Sigma[j * C + j] = 1;
  return Sigma;
}

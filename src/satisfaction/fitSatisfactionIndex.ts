import type * as z from 'zod';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import type { ModelFit } from '../model/modelFit.js';
import { momentMatrix, type Moments } from '../internal/momentMatrix.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { NumericArray, TableInput } from '../io/tableInput.js';
import { bartlettFromCorrelation, type BartlettResult } from './bartlettSphericity.js';
import { componentWeights, type ComponentWeights } from './componentWeights.js';
import { alphaFromMoments, type CronbachAlphaResult } from './cronbachAlpha.js';
import { kmoFromCorrelation, type KmoResult } from './kmo.js';
import { satisfactionIndexSpecSchema, type SatisfactionIndexSpec } from './satisfactionIndexSpec.js';
import type { ItemMoments } from './itemMoments.js';
import { assertVarying } from './surveyItems.js';
import { combinationMoments, surveyMoments } from './surveyMoments.js';
import { weightedSum } from './weightedSum.js';

const FN = 'fitSatisfactionIndex';

/** One dimension of a three-level index. */
export interface SatisfactionDimension {
  readonly name: string;
  readonly items: readonly string[];
  /** Item weights within the dimension (sum to 1). */
  readonly weights: readonly number[];
  /** The dimension's own PCA (null for a one-item dimension, whose weight is 1). */
  readonly components: ComponentWeights | null;
  /** Raw Cronbach's alpha of the dimension's items (null for fewer than 2 items). */
  readonly alpha: number | null;
  /** Weight of the dimension in the index (sums to 1 over dimensions). */
  readonly weight: number;
}

/**
 * A fitted satisfaction index: what an SPSS study reports, and the weights to score with. What
 * scoring and interpretation read (weights, item moments, components) stays at the top level;
 * the record of the fit (respondents used and skipped, warnings, the mean index and the data
 * checks alpha, KMO, Bartlett) is in `fitted` (see `ModelFit`).
 */
export interface SatisfactionIndexModel {
  readonly kind: 'satisfactionIndex';
  readonly version: number;
  readonly spec: z.output<typeof satisfactionIndexSpecSchema>;
  /** All items, in spec order. */
  readonly items: readonly string[];
  /** Global item weights, aligned with `items`; they sum to 1. Negative weights are kept and warned about. */
  readonly weights: readonly number[];
  readonly itemMeans: readonly number[];
  readonly itemSds: readonly number[];
  /** The item-level PCA of a one-level index; for dimensions, the PCA of the dimension scores. */
  readonly components: ComponentWeights;
  /** The dimensions of a three-level index, or null. */
  readonly dimensions: readonly SatisfactionDimension[] | null;
  /** Respondents used and dropped listwise, warnings, and the diagnostics of the fitted answers. */
  readonly fitted: ModelFit<{
    /** Mean index of the fitted respondents on the item scale and on 0–100. */
    readonly meanIndex: number;
    readonly meanIndex100: number;
    readonly alpha: Omit<CronbachAlphaResult, 'n' | 'skipped'>;
    /** Null when the correlation matrix is singular (see warnings). */
    readonly kmo: Omit<KmoResult, 'n' | 'skipped'> | null;
    readonly bartlett: Omit<BartlettResult, 'skipped'> | null;
  }>;
}

/**
 * Fit a PCA-weighted customer satisfaction index from Likert survey answers, SPSS-style.
 *
 * Method: standardize items (sample SD); eigen-decompose their correlation matrix; retain m
 * components (eigenvalue > 1, a variance target, or a fixed k); loadings `a_jk = v_jk·√λ_k`,
 * each component's sign chosen so its loadings sum to a positive number. With varimax:
 * Kaiser-normalized varimax as R's `stats::varimax` (eps 1e-5), the same sign rule, and
 * `s_k = Σ_j a_jk²`; unrotated, `s_k = λ_k`. Item coefficients
 * `c_j = Σ_k (a_jk / √s_k) · s_k / Σ_k s_k`, weights `w_j = c_j / Σ_j c_j`. A respondent's
 * index is `Σ_j w_j·x_j` on the item scale, and `100·(index − min)/(max − min)` on 0–100.
 * With dimensions, item weights come from each dimension's own items, dimension weights from
 * the same method on the dimension scores, and an item's global weight is the product.
 *
 * The model carries the eigenvalues, SPSS's "total variance explained" table, loadings,
 * weights, and in `fitted` n, warnings and diagnostics: the mean index on both scales, Cronbach's alpha, KMO and
 * Bartlett's test (null with a warning when the correlation matrix is singular).
 *
 * Speed: one pass over the answers for the means and one for the centered cross-products, 256
 * rows at a time, multiplied in a WebAssembly SIMD kernel generated at run time (f64x2; no
 * `.wasm` file) where the runtime has one. Its sums are the JavaScript loop's, in the same order,
 * so the fit is the same to the bit with or without WebAssembly (the loop runs where it is missing).
 *
 * From item moments: `data` may be an `ItemMoments` (`itemMoments` in memory,
 * `itemMomentsInWarehouse` in a SQL engine) instead of the rows. Everything the fit reads is
 * computed from them — SDs and correlations from the covariances with the same formulas, the
 * mean index from the item means, a three-level index's dimension scores through their moments
 * (`mean_g = Σ w_j·mean_j`, `cov_gh = Σ_j Σ_k w_j·w_k·C_jk`, exact in exact arithmetic) —
 * so the model equals the fit on the rows (bit for bit from `itemMoments`, to 1e-9 from an
 * engine) and `fitted.n` is the moments' complete answers, `fitted.skipped` their `skipped`.
 * Differences, by construction: answers are checked against `scale` through the moments'
 * `min`/`max` (without them, only the means can be checked); respondents are complete on every
 * item of the moments (listwise over those, which may be more than the spec's items); moments
 * that left respondents out are refused with `missing: 'error'`, as the rows would be. The
 * moments are checked with zod (shapes, finite, symmetric, n ≥ 2, variances ≥ 0) and their
 * correlation matrix must be positive semi-definite (`invalid_value`, path `data.…`).
 * Per-respondent scores need the rows: `scoreSatisfactionIndex` refuses item moments.
 *
 * @throws {CustomerValueError} `invalid_spec`; `missing_column` (incl. an item the moments lack); `invalid_value` (answers off the scale, a constant item, coefficients summing to 0, bad item moments); `too_few_rows`.
 * @example
 * const answers = {
 *   q1: [7, 8, 6, 9, 5, 8, 7, 4],
 *   q2: [6, 8, 5, 9, 4, 7, 7, 5],
 *   q3: [7, 9, 6, 8, 5, 8, 6, 3],
 * };
 * const model = fitSatisfactionIndex(answers, { items: ['q1', 'q2', 'q3'], scale: [1, 10] });
 * model.components.components; // => 1
 * Math.round(model.weights.reduce((a, b) => a + b, 0) * 1e12) / 1e12; // => 1
 * model.fitted.diagnostics.meanIndex100 > 50; // => true
 * // the same model from the item moments alone
 * fitSatisfactionIndex(itemMoments(answers, { items: ['q1', 'q2', 'q3'] }), { items: ['q1', 'q2', 'q3'], scale: [1, 10] }).weights; // => model.weights
 */
export function fitSatisfactionIndex(data: TableInput | ItemMoments, spec: SatisfactionIndexSpec): SatisfactionIndexModel {
  const s = parseSpec(satisfactionIndexSpecSchema, spec, FN);
  const groups = s.dimensions ?? null;
  const items = groups ? groups.flatMap((d) => d.items) : (s.items as string[]);
  const fromData = surveyMoments(data, FN, items, s.scale, s.missing);
  const moments = fromData.moments;
  const survey = fromData.survey;
  const warnings: string[] = [];

  let weights: number[];
  let components: ComponentWeights;
  let dimensions: SatisfactionDimension[] | null = null;
  if (!groups) {
    components = componentWeights(moments.correlation, items, s.retention, s.rotation, FN);
    weights = [...components.weights];
  } else {
    let offset = 0;
    const within = groups.map((group) => {
      const idx = group.items.map((_, i) => offset + i);
      offset += group.items.length;
      if (group.items.length === 1) return { group, idx, components: null, weights: [1], alpha: null };
      const sub = subMatrix(moments.correlation, moments.p, idx);
      const c = componentWeights(sub, group.items, s.retention, s.rotation, FN);
      const alpha = alphaFromMoments(subMoments(moments, idx), group.items).alpha;
      return { group, idx, components: c, weights: [...c.weights], alpha };
    });
    // Dimension scores per respondent (or their moments, from the item moments), then the same method on them.
    const names = groups.map((g) => g.name);
    let dimensionMoments: Moments;
    if (survey !== null) {
      const scores: NumericArray[] = within.map(({ idx, weights: w }) => weightedSum(survey.items, idx, w, survey.rowCount));
      dimensionMoments = momentMatrix(scores, survey.skip);
    } else {
      dimensionMoments = combinationMoments(moments, within);
    }
    assertVarying(FN, names, dimensionMoments);
    components = componentWeights(dimensionMoments.correlation, names, s.retention, s.rotation, FN);
    const dimensionWeights = components.weights;
    dimensions = within.map((d, g) => ({
      name: d.group.name,
      items: d.group.items,
      weights: d.weights,
      components: d.components,
      alpha: d.alpha,
      weight: dimensionWeights[g],
    }));
    weights = within.flatMap((d, g) => d.weights.map((w) => w * dimensionWeights[g]));
  }
  weights.forEach((w, j) => {
    if (w < 0) warnings.push(`item "${items[j]}" has a negative weight (${w.toFixed(4)}): check whether it is reverse-coded`);
  });
  const kmoResult = kmoFromCorrelation(moments.correlation, items);
  const bartlettResult = bartlettFromCorrelation(moments.correlation, items.length, fromData.n);
  if (kmoResult === null) {
    warnings.push('the item correlation matrix is singular (collinear items, or fewer respondents than items): KMO and Bartlett are not defined');
  }
  const alphaResult = alphaFromMoments(moments, items);
  warnings.push(...undefinedDiagnostics(alphaResult, kmoResult, dimensions));
  const meanIndex = weights.reduce((sum, w, j) => sum + w * moments.means[j], 0);
  const [min, max] = s.scale;
  return {
    kind: 'satisfactionIndex',
    version: MODEL_VERSION,
    spec: s,
    items,
    weights,
    itemMeans: Array.from(moments.means),
    itemSds: Array.from(moments.sds),
    components,
    dimensions,
    fitted: {
      n: fromData.n,
      skipped: fromData.skipped,
      warnings,
      diagnostics: { meanIndex, meanIndex100: (100 * (meanIndex - min)) / (max - min), alpha: alphaResult, kmo: kmoResult, bartlett: bartlettResult },
    },
  };
}

/**
 * The reason for each diagnostic that is not defined on these data and is stored as null
 * (never NaN or ±Infinity, so the model round-trips through `parseModel`).
 */
function undefinedDiagnostics(
  alpha: ReturnType<typeof alphaFromMoments>,
  kmo: ReturnType<typeof kmoFromCorrelation>,
  dimensions: readonly { readonly name: string; readonly alpha: number | null; readonly items: readonly string[] }[] | null,
): string[] {
  const out: string[] = [];
  if (alpha.alpha === null || alpha.standardizedAlpha === null) {
    out.push("Cronbach's alpha is not defined on these data (the item total, or the standardized one, has no variance: the items cancel out): stored as null");
  }
  for (const d of alpha.ifItemDeleted) {
    if (d.alpha === null || d.standardizedAlpha === null || d.itemRestCorrelation === null) {
      out.push(`alpha without item "${d.item}" is not defined on these data (the other items sum to a constant): stored as null`);
    }
  }
  for (const d of dimensions ?? []) {
    if (d.alpha === null && d.items.length > 1)
      out.push(`Cronbach's alpha of dimension "${d.name}" is not defined on these data (its items cancel out): stored as null`);
  }
  if (kmo !== null && (kmo.overall === null || kmo.items.some((i) => i.msa === null))) {
    const items = kmo.items.filter((i) => i.msa === null).map((i) => `"${i.item}"`);
    out.push(
      `KMO is not defined for ${kmo.overall === null ? 'these items' : items.join(', ')}: uncorrelated with the others (every correlation and partial correlation 0): stored as null`,
    );
  }
  return out;
}

function subMatrix(matrix: Float64Array, p: number, idx: readonly number[]): Float64Array {
  const q = idx.length;
  const out = new Float64Array(q * q);
  idx.forEach((j, a) => idx.forEach((k, b) => (out[a * q + b] = matrix[j * p + k])));
  return out;
}

function subMoments(moments: Moments, idx: readonly number[]) {
  return {
    n: moments.n,
    p: idx.length,
    means: Float64Array.from(idx, (j) => moments.means[j]),
    sds: Float64Array.from(idx, (j) => moments.sds[j]),
    covariance: subMatrix(moments.covariance, moments.p, idx),
    correlation: subMatrix(moments.correlation, moments.p, idx),
  };
}

import { fillCorrelation, weightedCrossProducts } from '../../internal/weightedCrossProducts.js';
import * as z from 'zod/mini';
import { CustomerValueError } from '../../errors.js';
import type { Moments } from '../../internal/momentMatrix.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { estimateGroup, groupLevel, groupOptionShape, MAX_GROUP_LEVELS, pooledMoments, readGroupedSurveyLevels } from '../../internal/plsGroups.js';
import { indexWeights, percentileInterval } from '../../internal/plsIndexMetric.js';
import { seededRandom, streamSeed } from '../../internal/random.js';
import type { TableInput } from '../../io/tableInput.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { plsPathModelSchema } from '../../model/plsPathModelSchema.js';
import { scaleSchema } from '../surveyItems.js';
import type { PlsPathModel } from './fitPlsPathModel.js';
import type { GroupLevel } from './groupLevel.js';
import { parsePlsSpec, type PlsPathModelSpec } from './plsPathModelSpec.js';
import { plsStructure } from './plsStructure.js';
import { confidenceOption, resampleCount, seedOption } from '../../internal/plsOptionSchemas.js';

const FN = 'satisfactionIndexByGroup';

/** Options for `satisfactionIndexByGroup`. */
export interface SatisfactionIndexByGroupOptions {
  /**
   * The column holding each respondent's group: any column of strings or numbers (a value tier, an RFM segment, a k-means segment...).
   * Codes straight from `rfmSegments` (255: no rule matched) or `scoreSegments` (−1: skipped) are levels like any other, so such rows
   * would form a group of their own: pass names, e.g. `Array.from(rfm.segment, (c) => rfm.segments[c] ?? null)`, and they are missing answers (refused, or left out with `missing: 'skip'`).
   */
  readonly group: string;
  /** The levels to compare (two or more, distinct), in this order. Default: every level of the column, in order of first appearance. */
  readonly levels?: readonly GroupLevel[];
  /** Bootstrap resamples (default 1,000; at least 10), each drawn within the groups. */
  readonly samples?: number;
  /** Seed of the resampling (default 1): the same seed gives the same intervals. */
  readonly seed?: number;
  /** Level of the percentile intervals (default 0.95). */
  readonly confidence?: number;
  /** The answer scale [min, max] when the model or spec has none. */
  readonly scale?: readonly [number, number];
}

/** A bootstrap summary: the estimate, its standard error (SD over the resamples) and percentile interval. */
export interface IndexEstimate {
  readonly estimate: number;
  readonly sd: number;
  readonly lower: number;
  readonly upper: number;
}

/** The difference of one construct's index between two groups: `first` minus `second`, in index points. */
export interface IndexDifference extends IndexEstimate {
  readonly first: GroupLevel;
  readonly second: GroupLevel;
}

/** One construct's index in each group. */
export interface ConstructIndexByGroup {
  readonly construct: string;
  /** The index weights (sum 1) on the item metric, the same for every group. */
  readonly weights: readonly { readonly item: string; readonly weight: number }[];
  /** The mean 0–100 index of each group, in the order of `groups`. */
  readonly groups: readonly IndexEstimate[];
  /** Group 1 minus group 2, in index points (the first pair of `differences`). */
  readonly difference: IndexEstimate;
  /** Every pair of groups, earlier level minus later level in the order of `groups`: (1, 2), (1, 3), …, (2, 3), … */
  readonly differences: readonly IndexDifference[];
}

/** The result of `satisfactionIndexByGroup`. */
export interface SatisfactionIndexByGroupResult {
  readonly groups: readonly { readonly level: GroupLevel; readonly n: number }[];
  /** Respondents dropped for a missing answer or group (missing: 'skip'). */
  readonly skipped: number;
  /** Respondents in none of the levels compared. */
  readonly outside: number;
  /** `'model'`: the fitted model's weights, kept fixed in every resample; `'estimated'`: the spec estimated on all the groups' respondents, and again in every resample. */
  readonly weighting: 'model' | 'estimated';
  readonly scale: readonly [number, number];
  readonly samples: number;
  /** Resamples that could not be estimated (an item constant in the resample, collinear scores): left out. */
  readonly failed: number;
  readonly seed: number;
  readonly confidence: number;
  readonly constructs: readonly ConstructIndexByGroup[];
  /** A construct whose unstandardized weights do not sum to a positive number, or with a negative weight: named here. */
  readonly warnings: readonly string[];
  readonly sources: { readonly index: string; readonly bootstrap: string };
}

const optionsSchema = z.strictObject({
  group: groupOptionShape.group,
  levels: z.optional(
    z.array(groupLevel()).check(
      z.minLength(2),
      z.maxLength(MAX_GROUP_LEVELS),
      z.refine((levels) => new Set(levels).size === levels.length, 'distinct levels'),
    ),
  ),
  samples: resampleCount(1000),
  seed: seedOption(),
  confidence: confidenceOption(),
  scale: z.optional(scaleSchema),
});

/**
 * The ACSI-style 0–100 index of every construct in two or more groups of respondents — any
 * column, such as value tiers (`scoreValuePyramid`), RFM segments (`rfmSegments`) or k-means
 * segments (`scoreSegments`); by default every level of it, in order of first appearance — with a
 * bootstrap interval of each group's mean index and of every pairwise difference (`differences`,
 * earlier level minus later; `difference` is group 1 − group 2). The index is `satisfactionIndex100`'s: PLS outer weights
 * rescaled to the item metric (w / item sd), normalized to sum to 1, a weighted mean answer
 * mapped to 0–100 (Fornell et al. 1996). Every group is scored with the **same weights**, so the
 * difference is one of levels, not of weighting (compare the weighting with
 * `measurementInvariance`, the paths with `comparePlsGroups`).
 *
 * Given a fitted model, its weights are kept fixed and the interval is that of the respondents'
 * sampling; given a spec, the model is estimated on all the groups' respondents together and
 * re-estimated in every resample, so the interval carries the weights' uncertainty too. Each
 * resample draws each group's respondents with replacement within the group (a stratified
 * bootstrap: group sizes fixed), from a seeded stream keyed by the resample and by where the
 * group's first respondent sits in the data — not by its position in `levels` — so swapping the
 * groups negates every difference and its interval exactly, and a resample's result depends only
 * on the seed, never on the order in which resamples are computed.
 *
 * @param model A fitted PLS path model, or a spec (`fitPlsPathModel`'s) estimated on the groups' respondents together.
 * @param data Survey answers with the items and the group column.
 * @param options `group`, `levels`, `samples` (1,000), `seed` (1), `confidence` (0.95), `scale` (when the model or spec has none).
 * @throws {CustomerValueError} `invalid_model`, `invalid_spec` (no scale; the group column is an item), `missing_column`, `invalid_value` (fewer than two levels; an item constant within a group; fewer than 2 resamples estimable), `too_few_rows` (a group with fewer respondents than constructs).
 * @example
 * const survey = (await readCsvFile('examples/data/ecsi_mobi.csv')).columns;
 * const handled = { ...survey, handled: Array.from(survey.CUSCO, (v) => (v >= 8 ? 'well' : 'poorly')) };
 * const byGroup = satisfactionIndexByGroup({ ...ECSI_MODEL, scale: [1, 10] }, handled, { group: 'handled', samples: 200 });
 * const satisfaction = byGroup.constructs.find((c) => c.construct === 'Satisfaction');
 * satisfaction.groups.map((g) => Math.round(g.estimate * 10) / 10); // => [66.2, 80.1]
 * satisfaction.difference.upper < 0; // => true
 * const tiers = { ...survey, tier: Array.from(survey.CUSCO, (v) => (v >= 9 ? 'top' : v >= 6 ? 'middle' : 'low')) };
 * const three = satisfactionIndexByGroup({ ...ECSI_MODEL, scale: [1, 10] }, tiers, { group: 'tier', samples: 200 });
 * three.constructs[0].differences.map((d) => `${d.first}−${d.second}`); // => ['middle−top', 'middle−low', 'top−low']
 */
export function satisfactionIndexByGroup(
  model: PlsPathModel | PlsPathModelSpec,
  data: TableInput,
  options: SatisfactionIndexByGroupOptions,
): SatisfactionIndexByGroupResult {
  const given = typeof model === 'object' && model !== null && 'kind' in model ? model : null;
  const fitted = given === null ? null : assertModelOf(given, 'plsPathModel', 'fitPlsPathModel', plsPathModelSchema, null, FN); // as parsed (defaults filled)
  const s = fitted !== null ? fitted.spec : parsePlsSpec(model, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const scale = o.scale ?? s.scale;
  if (!scale) {
    throw new CustomerValueError('invalid_spec', `${FN}: the answer scale is needed for a 0–100 index`, [
      { function: FN, path: 'options.scale', expected: 'the answer scale [min, max], here or in the model spec', received: 'none' },
    ]);
  }
  const [min, max] = scale;
  // a fitted model's missing-answer policy is its own: the hint then offers no `missing` option
  const grouped = readGroupedSurveyLevels(data, FN, { ...s, scale: [min, max] }, o.group, o.levels, fitted !== null ? null : 'skip');
  const { rows, n, p, label } = grouped;
  const structure = plsStructure(s);
  const { blocks, names } = structure;
  const C = names.length;
  // point weights: the model's, or the spec estimated on both groups' respondents
  const weights = blocks.map((block) => new Float64Array(block.length));
  const totals = new Float64Array(C);
  if (fitted !== null) {
    fitted.constructs.forEach((c, j) => (totals[j] = indexWeights(c.weights, c.itemSds, weights[j])));
  } else {
    const moments = pooledMoments(rows, p, n);
    const estimate = estimateGroup(moments, structure, FN);
    if (estimate === null) {
      throw new CustomerValueError('invalid_value', `${FN}: the model cannot be estimated on the groups' respondents`, [
        {
          function: FN,
          path: 'model',
          expected: 'a model estimable on the respondents of the groups together',
          received: 'perfectly collinear items or construct scores',
          hint: 'drop a redundant item or construct',
        },
      ]);
    }
    blocks.forEach(
      (block, j) =>
        (totals[j] = indexWeights(
          estimate.weights[j],
          block.map((k) => moments.sds[k]),
          weights[j],
        )),
    );
  }
  const K = grouped.levels.length;
  const ks = Array.from({ length: K }, (_, g) => g);
  const members = ks.map((g) => Int32Array.from(Array.from(label.keys()).filter((i) => label[i] === g)));
  const sizes = grouped.sizes;
  const indexOf = (means: Float64Array, w: readonly Float64Array[], j: number) => {
    let x = 0;
    blocks[j].forEach((k, a) => (x += w[j][a] * (means[k] - min)));
    return (100 * x) / (max - min);
  };
  const groupMeans = ks.map((g) => {
    const means = new Float64Array(p);
    for (const i of members[g]) for (let k = 0; k < p; k++) means[k] += rows[i * p + k];
    for (let k = 0; k < p; k++) means[k] /= sizes[g];
    return means;
  });
  const observed = ks.map((g) => Float64Array.from({ length: C }, (_, j) => indexOf(groupMeans[g], weights, j)));
  // stratified bootstrap: each group resampled within itself, from a stream keyed by the group's first respondent
  const streams = ks.map((g) => streamSeed(o.seed ^ 0x51a7b00, members[g][0]));
  const draws = new Float64Array(o.samples * K * C);
  const counts = new Int32Array(n);
  const sums = ks.map(() => new Float64Array(p));
  const means = new Float64Array(p);
  const cross = new Float64Array(p * p);
  const centered = new Float64Array(p);
  const drawWeights = blocks.map((block) => new Float64Array(block.length));
  let ok = 0;
  for (let b = 0; b < o.samples; b++) {
    counts.fill(0);
    for (const g of ks) {
      const random = seededRandom(streamSeed(streams[g], b));
      const size = sizes[g];
      for (let r = 0; r < size; r++) counts[members[g][Math.floor(random.uniform() * size)]]++;
    }
    for (const sum of sums) sum.fill(0);
    for (let i = 0; i < n; i++) {
      const w = counts[i];
      if (w === 0) continue;
      const sum = sums[label[i]];
      for (let k = 0; k < p; k++) sum[k] += w * rows[i * p + k];
    }
    for (const g of ks) for (let k = 0; k < p; k++) sums[g][k] /= sizes[g];
    let w = weights;
    if (fitted === null) {
      const moments = weightedMoments(rows, n, p, counts, means, cross, centered);
      const estimate = moments === null ? null : estimateGroup(moments, structure, FN);
      if (moments === null || estimate === null) continue;
      blocks.forEach((block, j) =>
        indexWeights(
          estimate.weights[j],
          block.map((k) => moments.sds[k]),
          drawWeights[j],
        ),
      );
      w = drawWeights;
    }
    let finite = true;
    for (const g of ks) {
      for (let j = 0; j < C; j++) {
        const v = indexOf(sums[g], w, j);
        draws[ok * K * C + g * C + j] = v;
        if (!Number.isFinite(v)) finite = false;
      }
    }
    if (finite) ok++;
  }
  if (ok < 2) {
    throw new CustomerValueError('invalid_value', `${FN}: fewer than 2 resamples could be estimated`, [
      {
        function: FN,
        path: 'options.group',
        expected: 'at least 2 bootstrap resamples that can be estimated',
        received: `${ok} of ${o.samples}`,
        hint: 'compare larger groups, or raise options.samples',
      },
    ]);
  }
  const column = new Float64Array(ok);
  const summarize = (estimate: number, at: (b: number) => number): IndexEstimate => {
    for (let b = 0; b < ok; b++) column[b] = at(b);
    return { estimate, ...percentileInterval(column, o.confidence) };
  };
  const constructs = names.map((construct, j): ConstructIndexByGroup => {
    const groups = ks.map((g) => summarize(observed[g][j], (b) => draws[b * K * C + g * C + j]));
    const differences: IndexDifference[] = [];
    for (let g = 0; g < K; g++) {
      for (let h = g + 1; h < K; h++) {
        const d = summarize(observed[g][j] - observed[h][j], (b) => draws[b * K * C + g * C + j] - draws[b * K * C + h * C + j]);
        differences.push({ first: grouped.levels[g], second: grouped.levels[h], ...d });
      }
    }
    const { first: _first, second: _second, ...difference } = differences[0];
    return {
      construct,
      weights: s.constructs[construct].items.map((item, a) => ({ item, weight: weights[j][a] })),
      groups,
      difference,
      differences,
    };
  });
  const warnings = names
    .filter((_, j) => !(totals[j] > 0) || weights[j].some((v) => v < 0))
    .map((name) => `negative weight in ${name}: its index is not a weighted mean of answers`);
  return {
    groups: grouped.levels.map((level, g) => ({ level, n: sizes[g] })),
    skipped: grouped.skipped,
    outside: grouped.outside,
    weighting: fitted !== null ? 'model' : 'estimated',
    scale: [min, max],
    samples: o.samples,
    failed: o.samples - ok,
    seed: o.seed,
    confidence: o.confidence,
    constructs,
    warnings,
    sources: {
      index:
        'ACSI method (Fornell, Johnson, Anderson, Cha & Bryant 1996): PLS outer weights rescaled to the item metric and normalized to sum to 1; the ACSI’s own weights are proprietary',
      bootstrap: 'stratified percentile bootstrap: respondents resampled within each group (Davison & Hinkley 1997, Bootstrap Methods and their Application)',
    },
  };
}

/** Moments of the rows weighted by their resample counts (data order, so the same bits whichever group is first); null when an item is constant. */
function weightedMoments(
  rows: Float64Array,
  n: number,
  p: number,
  counts: Int32Array,
  means: Float64Array,
  cross: Float64Array,
  centered: Float64Array,
): Moments | null {
  weightedCrossProducts(rows, n, p, counts, means, cross, centered);
  const sds = new Float64Array(p);
  const correlation = new Float64Array(p * p);
  if (fillCorrelation(cross, p, n, sds, correlation)) return null;
  // the estimation reads only the correlations (covariance holds the unscaled upper triangle)
  return { n, p, means, sds, covariance: cross, correlation };
}

import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../../errors.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { quantileOfSorted } from '../../internal/percentiles.js';
import {
  estimateGroup,
  groupMoments,
  groupOptionShape,
  permutationP,
  permutedLabels,
  pooledMoments,
  readGroupedSurvey,
  type GroupEstimate,
} from '../../internal/plsGroups.js';
import type { GroupLevel } from './groupLevel.js';
import type { TableInput } from '../../io/tableInput.js';
import type { Moments } from '../../internal/momentMatrix.js';
import { parsePlsSpec, type PlsPathModelSpec } from './plsPathModelSpec.js';
import { plsStructure, type PlsIndexStructure } from './plsStructure.js';

const FN = 'measurementInvariance';

/** Where the decision rules of `measurementInvariance` come from. */
const MICOM_SOURCE =
  'Henseler, Ringle & Sarstedt (2016), Testing measurement invariance of composites using partial least squares, International Marketing Review 33(3), 405–431';

/** Options for `measurementInvariance`. */
export interface MeasurementInvarianceOptions {
  /**
   * The column holding each respondent's group: any column of strings or numbers (a value tier, an RFM segment, a k-means segment...).
   * Codes straight from `rfmSegments` (255: no rule matched) or `scoreSegments` (−1: skipped) are levels like any other, so such rows
   * would form a group of their own: pass names, e.g. `Array.from(rfm.segment, (c) => rfm.segments[c] ?? null)`, and they are missing answers (refused, or left out with `missing: 'skip'`).
   */
  readonly group: string;
  /** The two levels to compare, in this order (needed when the column has more than two levels). Default: the column's two levels in order of first appearance. */
  readonly levels?: readonly [GroupLevel, GroupLevel];
  /** Permutations of the group labels (default 1,000; at least 19). */
  readonly permutations?: number;
  /** Seed of the permutations (default 1): the same seed gives the same result. */
  readonly seed?: number;
  /** Significance level of the steps 2 and 3 tests (default 0.05). */
  readonly alpha?: number;
}

/** Step 2 of one construct: compositional invariance. */
export interface CompositionalInvariance {
  /** Correlation of the composite scores computed on the pooled data with group 1's and group 2's weights. */
  readonly c: number;
  /** The `alpha` quantile of c over the permutations: invariance is established when c ≥ this. */
  readonly quantile: number;
  /** One-sided permutation p of H0 c = 1: (1 + #{permuted c ≤ c}) / (1 + permutations used). */
  readonly p: number;
  readonly established: boolean;
}

/** Step 3 of one construct: a difference between the groups and its permutation interval. */
export interface CompositeDifference {
  /** Group 1 minus group 2 (mean of the composite score, or log of its variance). */
  readonly difference: number;
  /** The permutation distribution's `alpha/2` and `1 − alpha/2` quantiles: equality is established when the difference lies between them. */
  readonly lower: number;
  readonly upper: number;
  /** Two-sided permutation p: (1 + #{|permuted| ≥ |observed|}) / (1 + permutations). The same when the groups are swapped. */
  readonly p: number;
  readonly established: boolean;
}

/** MICOM per construct. */
export interface ConstructInvariance {
  readonly construct: string;
  readonly compositional: CompositionalInvariance;
  /** Mean of the composite (pooled weights, pooled-standardized items) in group 1 minus group 2. */
  readonly means: CompositeDifference;
  /** log(variance in group 1) − log(variance in group 2) of the same composite. */
  readonly variances: CompositeDifference;
  /** `'full'` (steps 1–3: pooling the groups is possible), `'partial'` (steps 1–2: path coefficients may be compared across groups), `'none'`. */
  readonly invariance: 'full' | 'partial' | 'none';
}

/** The result of `measurementInvariance`. */
export interface MeasurementInvarianceResult {
  /** The two groups compared: group 1 first. */
  readonly groups: readonly [{ readonly level: GroupLevel; readonly n: number }, { readonly level: GroupLevel; readonly n: number }];
  /** Respondents dropped for a missing answer or group (`missing: 'skip'`), and those in neither level. */
  readonly skipped: number;
  readonly outside: number;
  readonly permutations: number;
  /** Permutations whose groups could not both be estimated (an item constant in a permuted group); left out of step 2. */
  readonly failed: number;
  readonly seed: number;
  readonly alpha: number;
  /** Step 1: one spec (constructs, items, modes, scheme, scale, missing-answer treatment) estimated by the same algorithm in both groups; every item varies in each group (checked). */
  readonly configural: {
    readonly established: true;
    readonly constructs: readonly { readonly construct: string; readonly items: readonly string[]; readonly mode: 'A' | 'B' }[];
    readonly scheme: 'path' | 'centroid' | 'factorial';
    readonly note: string;
  };
  readonly constructs: readonly ConstructInvariance[];
  /** The decision rules applied, with their source. */
  readonly rules: { readonly compositional: string; readonly equality: string; readonly partial: string; readonly full: string; readonly source: string };
}

const optionsSchema = z.strictObject({ ...groupOptionShape, alpha: z._default(z.number().check(z.gt(0), z.lt(0.5)), 0.05) });

/**
 * Measurement invariance of composites (MICOM; Henseler, Ringle & Sarstedt 2016) between two
 * groups of respondents — the check to run before comparing path coefficients across groups
 * (`comparePlsGroups`) or pooling them. **Step 1**, configural invariance: the same constructs,
 * items, modes, scheme and data treatment in both groups — one spec estimated on both, and every
 * item varying within each group (checked; a constant item is refused). **Step 2**, compositional
 * invariance: c, the correlation of each construct's composite computed on the pooled data
 * (items standardized over the pooled respondents) with group 1's and with group 2's outer
 * weights, against the `alpha` quantile of c over random permutations of the group labels
 * (one-sided: invariance when c is not below it). **Step 3**, equal composite means and
 * variances: with the pooled model's weights, the groups' difference in composite mean and in log
 * composite variance, each against the central `1 − alpha` interval of its permutation
 * distribution. A construct has partial invariance after steps 1–2 (its paths can be compared
 * across groups) and full invariance when step 3 holds too (the groups can be pooled).
 *
 * Permutations are seeded (each its own stream), and a permutation shuffles positions without
 * reading the labels, so swapping the groups (`levels` reversed) gives c, the p values and the
 * decisions exactly unchanged and the step 3 differences negated.
 *
 * @param data Survey answers with the items and the group column.
 * @param spec A PLS path model spec, as `fitPlsPathModel` takes it.
 * @param options `group` (the column), `levels` (the pair; default the column's two levels), `permutations` (1,000), `seed` (1), `alpha` (0.05).
 * @throws {CustomerValueError} `invalid_spec`, `missing_column`, `invalid_value` (a column with other than two levels and no `levels`, a level not in the column, an item constant within a group — naming the group, construct and item), `too_few_rows` (a group with fewer respondents than constructs).
 * @example
 * const survey = (await readCsvFile('examples/data/ecsi_mobi.csv')).columns;
 * // group: did the respondent rate complaint handling (CUSCO) 8 or more?
 * const handled = { ...survey, handled: Array.from(survey.CUSCO, (v) => (v >= 8 ? 'well' : 'poorly')) };
 * const spec = { constructs: { Value: { items: ['PERV1', 'PERV2'] }, Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3'] } }, paths: [['Value', 'Satisfaction']] };
 * const micom = measurementInvariance(handled, spec, { group: 'handled', permutations: 200, seed: 3 });
 * micom.groups.map((g) => g.level); // => ['poorly', 'well']
 * micom.constructs.map((c) => c.compositional.established); // => [true, true]
 * // composites compose alike, but those unhappy with complaint handling are less satisfied on average
 * micom.constructs.map((c) => c.invariance); // => ['partial', 'partial']
 * micom.constructs[1].means.difference < micom.constructs[1].means.lower; // => true
 */
export function measurementInvariance(data: TableInput, spec: PlsPathModelSpec, options: MeasurementInvarianceOptions): MeasurementInvarianceResult {
  const s = parsePlsSpec(spec, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const grouped = readGroupedSurvey(data, FN, s, o.group, o.levels);
  const structure = plsStructure(s);
  const { rows, n, p, label } = grouped;
  const C = structure.blocks.length;
  const pooled = pooledMoments(rows, p, n);
  const pooledFit = estimateGroup(pooled, structure, FN);
  const observed = [0, 1].map((g) => estimateGroup(groupMoments(rows, p, label, g as 0 | 1), structure, FN));
  if (pooledFit === null || observed[0] === null || observed[1] === null) {
    const which = pooledFit === null ? 'the pooled data' : `group ${describeValue(grouped.levels[observed[0] === null ? 0 : 1])}`;
    throw new CustomerValueError('invalid_value', `${FN}: the model cannot be estimated on ${which}`, [
      {
        function: FN,
        path: 'spec',
        expected: `a model estimable on ${which}`,
        received: 'perfectly collinear items or construct scores',
        hint: 'drop a redundant item or construct, or compare larger groups',
      },
    ]);
  }
  // composites of the pooled-standardized items with the pooled weights (step 3)
  const scores = pooledScores(rows, n, p, pooled, structure, pooledFit.weights);
  const c = compositeCorrelations(pooled, structure, observed[0], observed[1]);
  const stats = meanAndLogVariance(scores, n, C, label);
  const B = o.permutations;
  const cDraws: Float64Array[] = Array.from({ length: C }, () => new Float64Array(B));
  const meanDraws: Float64Array[] = Array.from({ length: C }, () => new Float64Array(B));
  const varDraws: Float64Array[] = Array.from({ length: C }, () => new Float64Array(B));
  const permuted = new Uint8Array(n);
  let used = 0;
  for (let b = 0; b < B; b++) {
    permutedLabels(label, o.seed, b, permuted);
    const d = meanAndLogVariance(scores, n, C, permuted);
    for (let j = 0; j < C; j++) {
      meanDraws[j][b] = d.mean[j];
      varDraws[j][b] = d.logVariance[j];
    }
    const e0 = estimateGroup(groupMoments(rows, p, permuted, 0), structure, FN);
    const e1 = e0 === null ? null : estimateGroup(groupMoments(rows, p, permuted, 1), structure, FN);
    if (e0 === null || e1 === null) continue;
    const cb = compositeCorrelations(pooled, structure, e0, e1);
    for (let j = 0; j < C; j++) cDraws[j][used] = cb[j];
    used++;
  }
  if (used === 0) {
    throw new CustomerValueError('invalid_value', `${FN}: no permutation of the groups could be estimated`, [
      { function: FN, path: 'options.group', expected: 'groups whose permutations can be estimated', received: `0 of ${B}`, hint: 'compare larger groups' },
    ]);
  }
  const alpha = o.alpha;
  const constructs = structure.names.map((construct, j): ConstructInvariance => {
    const cj = cDraws[j].slice(0, used).sort();
    let below = 0;
    for (const v of cj) if (v <= c[j]) below++;
    const quantile = quantileOfSorted(cj, alpha);
    const compositional = { c: c[j], quantile, p: permutationP(below, used), established: c[j] >= quantile };
    const means = difference(stats.mean[j], meanDraws[j], alpha);
    const variances = difference(stats.logVariance[j], varDraws[j], alpha);
    const invariance = !compositional.established ? 'none' : means.established && variances.established ? 'full' : 'partial';
    return { construct, compositional, means, variances, invariance };
  });
  return {
    groups: [
      { level: grouped.levels[0], n: grouped.sizes[0] },
      { level: grouped.levels[1], n: grouped.sizes[1] },
    ],
    skipped: grouped.skipped,
    outside: grouped.outside,
    permutations: B,
    failed: B - used,
    seed: o.seed,
    alpha,
    configural: {
      established: true,
      constructs: structure.names.map((construct) => ({ construct, items: s.constructs[construct].items, mode: s.constructs[construct].mode })),
      scheme: s.scheme,
      note: 'one spec (constructs, items, modes, scheme, scale, missing-answer treatment) estimated by the same algorithm in both groups; every item varies within each group',
    },
    constructs,
    rules: {
      compositional: `step 2: compositional invariance when c is not below the ${alpha} quantile of its permutation distribution`,
      equality: `step 3: equal mean (variance) when the difference in composite mean (log variance) lies within the central ${1 - alpha} permutation interval`,
      partial: 'partial measurement invariance (steps 1 and 2): path coefficients may be compared across the groups',
      full: 'full measurement invariance (steps 1, 2 and 3): the groups may also be pooled',
      source: MICOM_SOURCE,
    },
  };
}

/** Difference, permutation interval, two-sided p and decision (sorts `draws`). */
function difference(observed: number, draws: Float64Array, alpha: number): CompositeDifference {
  let extreme = 0;
  const size = Math.abs(observed);
  for (const v of draws) if (Math.abs(v) >= size) extreme++;
  draws.sort();
  // type-7 quantiles at (n − 1)·α/2 from each end, interpolated with the same fraction, so that
  // swapping the groups (negated draws) gives exactly lower' = −upper and upper' = −lower
  const last = draws.length - 1;
  const at = last * (alpha / 2);
  const j = Math.floor(at);
  const fraction = at - j;
  const lower = j >= last ? draws[last] : draws[j] + fraction * (draws[j + 1] - draws[j]);
  const upper = j >= last ? draws[0] : draws[last - j] - fraction * (draws[last - j] - draws[last - j - 1]);
  return { difference: observed, lower, upper, p: permutationP(extreme, draws.length), established: observed >= lower && observed <= upper };
}

/**
 * c per construct: the correlation of Z·w0 and Z·w1 on the pooled standardized items Z, from the
 * pooled correlation matrix R: w0'R w1 / √(w0'R w0 · w1'R w1). The cross term is summed over
 * (w0[a]w1[b] + w0[b]w1[a]) / 2, the same double either way round, so c does not depend on which
 * group is first.
 */
function compositeCorrelations(pooled: Moments, structure: PlsIndexStructure, e0: GroupEstimate, e1: GroupEstimate): Float64Array {
  const R = pooled.correlation;
  const p = pooled.p;
  return Float64Array.from(structure.blocks, (block, j) => {
    const w0 = e0.weights[j];
    const w1 = e1.weights[j];
    let cross = 0;
    let v0 = 0;
    let v1 = 0;
    for (let a = 0; a < block.length; a++) {
      for (let b = 0; b < block.length; b++) {
        const r = R[block[a] * p + block[b]];
        cross += r * ((w0[a] * w1[b] + w0[b] * w1[a]) * 0.5);
        v0 += r * w0[a] * w0[b];
        v1 += r * w1[a] * w1[b];
      }
    }
    return cross / Math.sqrt(v0 * v1);
  });
}

/** Composite scores (n × C, row-major) of the pooled-standardized items with the given weights. */
function pooledScores(rows: Float64Array, n: number, p: number, pooled: Moments, structure: PlsIndexStructure, weights: readonly Float64Array[]): Float64Array {
  const C = structure.blocks.length;
  const out = new Float64Array(n * C);
  for (let r = 0; r < n; r++) {
    structure.blocks.forEach((block, j) => {
      let sum = 0;
      block.forEach((k, a) => (sum += weights[j][a] * ((rows[r * p + k] - pooled.means[k]) / pooled.sds[k])));
      out[r * C + j] = sum;
    });
  }
  return out;
}

/** Per construct: mean in group 0 − mean in group 1, and log variance in group 0 − log variance in group 1 (n − 1). */
function meanAndLogVariance(scores: Float64Array, n: number, C: number, label: Uint8Array) {
  const sum = [new Float64Array(C), new Float64Array(C)];
  const count = [0, 0];
  for (let r = 0; r < n; r++) {
    const g = label[r];
    count[g]++;
    for (let j = 0; j < C; j++) sum[g][j] += scores[r * C + j];
  }
  const mean = [0, 1].map((g) => sum[g].map((v) => v / count[g]));
  const ss = [new Float64Array(C), new Float64Array(C)];
  for (let r = 0; r < n; r++) {
    const g = label[r];
    for (let j = 0; j < C; j++) ss[g][j] += (scores[r * C + j] - mean[g][j]) ** 2;
  }
  return {
    mean: Float64Array.from({ length: C }, (_, j) => mean[0][j] - mean[1][j]),
    logVariance: Float64Array.from({ length: C }, (_, j) => Math.log(ss[0][j] / (count[0] - 1)) - Math.log(ss[1][j] / (count[1] - 1))),
  };
}

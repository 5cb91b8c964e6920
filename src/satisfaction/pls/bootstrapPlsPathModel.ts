import { fillCorrelation, weightedCrossProducts } from '../../internal/weightedCrossProducts.js';
import * as z from 'zod/mini';
import { bcaInterval } from '../../internal/bcaInterval.js';
import { quantileOfSorted } from '../../internal/percentiles.js';
import type { Moments } from '../../internal/momentMatrix.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { seededRandom, streamSeed } from '../../internal/random.js';
import { studentTTwoSided } from '../../internal/specialFunctions.js';
import type { TableInput } from '../../io/tableInput.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { plsPathModelSchema } from '../../model/plsPathModelSchema.js';
import { bootstrapDrawColumns } from './bootstrapDrawColumns.js';
import { itemConstructCovariance } from './plsEstimate.js';
import type { PlsPathModel } from './fitPlsPathModel.js';
import { estimatePlsFromMoments } from './estimatePlsFromMoments.js';
import { confidenceOption, resampleCount, seedOption } from '../../internal/plsOptionSchemas.js';
import { pathMatrix } from './pathMatrix.js';
import { htmtOfPair } from './htmtOfPair.js';
import { plsStructure, type PlsIndexStructure } from './plsStructure.js';
import { totalEffects } from './totalEffects.js';
import { readSurvey } from '../surveyItems.js';

const FN = 'bootstrapPlsPathModel';

/** Options for `bootstrapPlsPathModel`. */
export interface BootstrapPlsOptions {
  /** Resamples (default 5,000). */
  readonly samples?: number;
  /** Seed of the resampling (default 1): the same seed gives the same results. */
  readonly seed?: number;
  /** Level of the percentile intervals (default 0.95). */
  readonly confidence?: number;
}

/** Bootstrap summary of one estimate. */
export interface BootstrapEstimate {
  /** The estimate on the original data. */
  readonly estimate: number;
  /** Mean and standard deviation (the standard error) over the resamples. */
  readonly mean: number;
  readonly sd: number;
  /** estimate / sd, and its two-sided p value (Student's t, n − 1 df). */
  readonly t: number;
  readonly p: number;
  /** Percentile interval (R's default quantile, type 7). */
  readonly lower: number;
  readonly upper: number;
  /**
   * Bias-corrected and accelerated (BCa) interval at the same level (Efron 1987; the formula of
   * scipy.stats.bootstrap(method='BCa')): bias from the share of resamples below the estimate,
   * acceleration from the jackknife (`jackknife`). Null when not defined: every resample on one
   * side of the estimate, or a jackknife without spread.
   */
  readonly bcaLower: number | null;
  readonly bcaUpper: number | null;
}

/** The jackknife behind the BCa acceleration: units left out one at a time, and those whose estimate failed (left out of the acceleration). */
export interface JackknifeSummary {
  /** Leave-one-out (respondents) up to 1,000 respondents; above, a delete-a-group jackknife over 1,000 groups drawn by the seed. */
  readonly units: number;
  readonly grouped: boolean;
  readonly failed: number;
}

/** Bootstrap results for paths, total effects, weights and loadings. */
export interface BootstrapPlsResult {
  readonly samples: number;
  /** Resamples that could not be estimated (an item constant in the resample, collinear predecessors) and were left out. */
  readonly failed: number;
  /** Resamples whose iteration reached `maxIter` (kept, as seminr does). */
  readonly notConverged: number;
  readonly seed: number;
  readonly confidence: number;
  readonly jackknife: JackknifeSummary;
  readonly paths: readonly (BootstrapEstimate & { readonly from: string; readonly to: string })[];
  readonly totalEffects: readonly (BootstrapEstimate & { readonly from: string; readonly to: string })[];
  readonly weights: readonly (BootstrapEstimate & { readonly construct: string; readonly item: string })[];
  readonly loadings: readonly (BootstrapEstimate & { readonly construct: string; readonly item: string })[];
}

const optionsSchema = z.strictObject({
  samples: resampleCount(5000),
  seed: seedOption(),
  confidence: confidenceOption(),
});

/**
 * Bootstrap a fitted PLS path model: resample respondents with replacement, re-estimate, and
 * report each path coefficient's, total effect's, outer weight's and loading's standard error
 * (the SD over resamples), t value, p value, percentile confidence interval and BCa interval
 * (bias-corrected and accelerated, Efron 1987, as scipy.stats.bootstrap's; the acceleration from a
 * leave-one-out jackknife, or a seeded delete-a-group one above 1,000 respondents). Each resample
 * costs one weighted correlation matrix and an iteration on it (no copy of the data), and draws
 * from its own seeded stream, so results depend only on `seed` — not on the order or the thread
 * that computes them. In `customer-value/node` the same function takes `threads`.
 *
 * @param options `samples` (5,000), `seed` (1), `confidence` (0.95).
 * @throws {CustomerValueError} `invalid_model`, `invalid_spec`, and the data errors of `fitPlsPathModel` (answers outside the model's `scale` included, with the same error).
 * @example
 * const survey = (await readCsvFile('examples/data/ecsi_mobi.csv')).columns;
 * const model = fitPlsPathModel(survey, { constructs: { Value: { items: ['PERV1', 'PERV2'] }, Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3'] } }, paths: [['Value', 'Satisfaction']] });
 * const boot = bootstrapPlsPathModel(model, survey, { samples: 500, seed: 7 });
 * const [path] = boot.paths;
 * [path.from, path.lower < path.estimate && path.estimate < path.upper, path.sd > 0.02 && path.sd < 0.1]; // => ['Value', true, true]
 */
export function bootstrapPlsPathModel(model: PlsPathModel, data: TableInput, options: BootstrapPlsOptions = {}): BootstrapPlsResult {
  model = assertModelOf(model, 'plsPathModel', 'fitPlsPathModel', plsPathModelSchema, null, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const job = prepareBootstrap(model, data);
  const draws = runResamples(job, o.seed, 0, o.samples);
  return summarizeBootstrap(model, job, [draws], runJackknife(job, o.seed), o);
}

/** @internal The data and structure a bootstrap needs: items row-major, used rows only. */
export interface BootstrapJob {
  readonly rows: Float64Array;
  readonly n: number;
  readonly p: number;
  readonly spec: PlsPathModel['spec'];
  /** Construct pairs (indexes) whose HTMT and HTMT2 each draw also records (`assessPlsPathModel`); none for the plain bootstrap. */
  readonly htmtPairs?: readonly (readonly [number, number])[];
}

/** @internal Read and pack the items of the fitted model's respondents. */
export function prepareBootstrap(model: PlsPathModel, data: TableInput, fn: string = FN): BootstrapJob {
  const items = model.constructs.flatMap((c) => c.items);
  // The model's answer scale, checked as the fit checks it (same error).
  const survey = readSurvey(data, fn, items, model.spec.scale ?? null, model.spec.missing, [], 3, null);
  const p = items.length;
  const rows = new Float64Array(survey.n * p);
  let r = 0;
  for (let i = 0; i < survey.rowCount; i++) {
    if (survey.skip && survey.skip[i]) continue;
    for (let k = 0; k < p; k++) rows[r * p + k] = survey.items[k][i];
    r++;
  }
  return { rows, n: survey.n, p, spec: model.spec };
}

/** @internal Estimates of resamples [from, to): one row of values per resample (NaN row when it failed). */
export interface ResampleDraws {
  readonly from: number;
  readonly count: number;
  /** count × width, row-major: path coefficients, total effects, weights, loadings, item standard deviations (n − 1) of the resample, HTMT and HTMT2 of each requested pair, then the item means of the resample. */
  readonly values: Float64Array;
  readonly width: number;
  readonly notConverged: number;
}

/** @internal Leave-one-out up to this many respondents; above, a delete-a-group jackknife over this many groups. */
export const JACKKNIFE_UNITS = 1000;

/**
 * @internal Jackknife estimates for the BCa acceleration, one row per unit left out (the layout
 * of `runResamples`; a NaN row when the estimate failed). Units are the respondents (the
 * leave-one-out jackknife, as scipy's) up to `JACKKNIFE_UNITS` respondents; above, `JACKKNIFE_UNITS`
 * groups of respondents dealt by a shuffle seeded from `seed` — so the result depends on the seed
 * only, never on threads. Each left-out correlation matrix is the full one downdated (centered
 * cross-products minus the unit's), O(n p²) in all.
 */
export function runJackknife(job: BootstrapJob, seed: number): ResampleDraws {
  const structure = plsStructure(job.spec);
  const { n, p, rows } = job;
  const { units, order } = jackknifeUnits(n, seed);
  const means = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let k = 0; k < p; k++) means[k] += rows[i * p + k];
  for (let k = 0; k < p; k++) means[k] /= n;
  const centered = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let k = 0; k < p; k++) centered[i * p + k] = rows[i * p + k] - means[k];
  const total = new Float64Array(p * p);
  for (let i = 0; i < n; i++) addCross(total, centered, i, p, 1);
  const { width } = layout(structure, p, job);
  const values = new Float64Array(units * width).fill(Number.NaN);
  const cross = new Float64Array(p * p);
  const sum = new Float64Array(p);
  const correlation = new Float64Array(p * p);
  const sds = new Float64Array(p);
  const restMeans = new Float64Array(p);
  let notConverged = 0;
  for (let g = 0; g < units; g++) {
    // unit g: the respondents at positions g, g + units, g + 2·units... of the shuffled order
    cross.set(total);
    sum.fill(0);
    let left = 0;
    for (let at = g; at < n; at += units) {
      const i = order[at];
      addCross(cross, centered, i, p, -1);
      for (let k = 0; k < p; k++) sum[k] += centered[i * p + k];
      left++;
    }
    const m = n - left;
    // the rest's sum is −sum (centered data sum to 0): subtract its mean's outer product
    for (let k = 0; k < p; k++) for (let l = k; l < p; l++) cross[k * p + l] -= (sum[k] * sum[l]) / m;
    if (fillCorrelation(cross, p, m, sds, correlation)) continue;
    // the rest's item means: its centered values sum to −sum
    for (let k = 0; k < p; k++) restMeans[k] = means[k] - sum[k] / m;
    if (estimateInto(structure, p, correlation, restMeans, sds, cross, values, g * width, job)) notConverged++;
  }
  return { from: 0, count: units, values, width, notConverged };
}

/**
 * @internal The jackknife units: `units` = min(n, JACKKNIFE_UNITS), and respondent `order[at]`
 * belongs to unit `at % units` — the identity up to `JACKKNIFE_UNITS` respondents (leave-one-out),
 * above it a Fisher–Yates shuffle from the seed's own stream (`streamSeed(seed, −1)`, no resample's).
 */
export function jackknifeUnits(n: number, seed: number): { units: number; order: Int32Array } {
  const units = Math.min(n, JACKKNIFE_UNITS);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (units < n) {
    const random = seededRandom(streamSeed(seed, -1));
    for (let i = n - 1; i > 0; i--) {
      const k = Math.floor(random.uniform() * (i + 1));
      const t = order[i];
      order[i] = order[k];
      order[k] = t;
    }
  }
  return { units, order };
}

/** cross (upper triangle) += sign · c_i c_i′. */
function addCross(cross: Float64Array, centered: Float64Array, i: number, p: number, sign: number): void {
  for (let k = 0; k < p; k++) {
    const a = sign * centered[i * p + k];
    for (let l = k; l < p; l++) cross[k * p + l] += a * centered[i * p + l];
  }
}

/** Column layout of a draw (`bootstrapDrawColumns`): paths, total effects, weights, loadings, item sds, HTMT pairs, item means. */
function layout(structure: PlsIndexStructure, p: number, job: BootstrapJob) {
  const C = structure.blocks.length;
  const P = structure.paths.length;
  const columns = bootstrapDrawColumns(C, P, p, job.htmtPairs?.length ?? 0);
  return { C, columns, width: columns.width };
}

/** Estimate one correlation matrix into `values[out...]`; true when it did not converge. Leaves NaN when it fails. */
function estimateInto(
  structure: PlsIndexStructure,
  p: number,
  correlation: Float64Array,
  means: Float64Array,
  sds: Float64Array,
  cross: Float64Array,
  values: Float64Array,
  out: number,
  job: BootstrapJob,
): boolean {
  const { C, columns } = layout(structure, p, job);
  // the estimation reads only the correlations (covariance holds the unscaled upper triangle)
  const moments: Moments = { n: job.n, p, means, sds, covariance: cross, correlation };
  let fitted;
  try {
    fitted = estimatePlsFromMoments(moments, structure, FN);
  } catch {
    return false;
  }
  const B = pathMatrix(fitted.coefficients, structure.predecessors, C);
  structure.paths.forEach(([i, j], k) => (values[out + columns.paths + k] = B[i * C + j]));
  const totals = totalEffects(B, structure.paths, C).effects;
  for (let k = 0; k < C * C; k++) values[out + columns.totalEffects + k] = totals[k];
  const cov = itemConstructCovariance(correlation, p, structure.blocks, fitted.estimate.weights);
  structure.blocks.forEach((block, j) =>
    block.forEach((item, a) => {
      values[out + columns.weights + item] = fitted.estimate.weights[j][a];
      values[out + columns.loadings + item] = cov[item * C + j];
    }),
  );
  for (let k = 0; k < p; k++) values[out + columns.itemSds + k] = sds[k];
  const at = out + columns.htmt;
  (job.htmtPairs ?? []).forEach(([i, j], h) => {
    const [htmt, htmt2] = htmtOfPair(correlation, p, structure.blocks[i], structure.blocks[j]);
    values[at + 2 * h] = htmt ?? Number.NaN;
    values[at + 2 * h + 1] = htmt2 ?? Number.NaN;
  });
  for (let k = 0; k < p; k++) values[out + columns.itemMeans + k] = means[k];
  return !fitted.estimate.converged;
}

/** @internal Re-estimate resamples [from, to). */
export function runResamples(job: BootstrapJob, seed: number, from: number, to: number): ResampleDraws {
  const structure = plsStructure(job.spec);
  const { n, p, rows } = job;
  const { width } = layout(structure, p, job);
  const count = to - from;
  const values = new Float64Array(count * width).fill(Number.NaN);
  const weightsOf = new Int32Array(n);
  const means = new Float64Array(p);
  const cross = new Float64Array(p * p);
  // reused by every resample (nothing below keeps a reference past the resample)
  const sds = new Float64Array(p);
  const correlation = new Float64Array(p * p);
  const centered = new Float64Array(p);
  let notConverged = 0;
  for (let b = from; b < to; b++) {
    const random = seededRandom(streamSeed(seed, b));
    weightsOf.fill(0);
    for (let i = 0; i < n; i++) weightsOf[Math.floor(random.uniform() * n)]++;
    weightedCrossProducts(rows, n, p, weightsOf, means, cross, centered);
    if (fillCorrelation(cross, p, n, sds, correlation)) continue;
    if (estimateInto(structure, p, correlation, means, sds, cross, values, (b - from) * width, job)) notConverged++;
  }
  return { from, count, values, width, notConverged };
}

/** @internal The rows of draws that were estimated (first column not NaN), in resample order. */
export function estimatedRows(parts: readonly ResampleDraws[]): { rows: Float64Array[]; notConverged: number } {
  const ordered = [...parts].sort((a, b) => a.from - b.from);
  const rows: Float64Array[] = [];
  let notConverged = 0;
  for (const part of ordered) {
    notConverged += part.notConverged;
    for (let r = 0; r < part.count; r++) {
      const row = part.values.subarray(r * part.width, (r + 1) * part.width);
      if (!Number.isNaN(row[0])) rows.push(row);
    }
  }
  return { rows, notConverged };
}

/** @internal Sorted values of one column over rows, NaN (undefined in that draw) left out. */
export function sortedColumn(rows: readonly Float64Array[], column: number): Float64Array {
  const values: number[] = [];
  for (const row of rows) if (!Number.isNaN(row[column])) values.push(row[column]);
  return Float64Array.from(values).sort();
}

/** @internal Bootstrap summary of one column: SE, t, p, percentile and BCa intervals. */
export function summarizeColumn(
  rows: readonly Float64Array[],
  jackknife: readonly Float64Array[],
  column: number,
  estimate: number,
  confidence: number,
  n: number,
): BootstrapEstimate {
  const values = sortedColumn(rows, column);
  const alpha = (1 - confidence) / 2;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  const sd = Math.sqrt(ss / (values.length - 1));
  const t = estimate / sd;
  const bca = bcaInterval(values, estimate, sortedColumn(jackknife, column), confidence);
  return {
    estimate,
    mean,
    sd,
    t,
    p: studentTTwoSided(t, n - 1),
    lower: quantileOfSorted(values, alpha),
    upper: quantileOfSorted(values, 1 - alpha),
    bcaLower: bca === null ? null : bca.lower,
    bcaUpper: bca === null ? null : bca.upper,
  };
}

/** @internal What the jackknife was: units, grouped or not, failed units. */
export function jackknifeSummary(job: BootstrapJob, jackknife: ResampleDraws, estimated: number): JackknifeSummary {
  return { units: jackknife.count, grouped: jackknife.count < job.n, failed: jackknife.count - estimated };
}

/** @internal Summaries of all draws, in resample order. */
export function summarizeBootstrap(
  model: PlsPathModel,
  job: BootstrapJob,
  parts: readonly ResampleDraws[],
  jackknife: ResampleDraws,
  o: { samples: number; seed: number; confidence: number },
): BootstrapPlsResult {
  const { rows: ok, notConverged } = estimatedRows(parts);
  const jack = estimatedRows([jackknife]).rows;
  const names = model.constructs.map((c) => c.name);
  const C = names.length;
  const columns = bootstrapDrawColumns(C, model.paths.length, job.p, job.htmtPairs?.length ?? 0);
  const summarize = (column: number, estimate: number): BootstrapEstimate => summarizeColumn(ok, jack, column, estimate, o.confidence, job.n);
  const items = model.constructs.flatMap((c) => c.items.map((item, a) => ({ construct: c.name, item, weight: c.weights[a], loading: c.loadings[a] })));
  return {
    samples: o.samples,
    failed: o.samples - ok.length,
    notConverged,
    seed: o.seed,
    confidence: o.confidence,
    jackknife: jackknifeSummary(job, jackknife, jack.length),
    paths: model.paths.map((path, k) => ({ from: path.from, to: path.to, ...summarize(columns.paths + k, path.coefficient) })),
    totalEffects: model.totalEffects.map((e) => ({
      from: e.from,
      to: e.to,
      ...summarize(columns.totalEffects + names.indexOf(e.from) * C + names.indexOf(e.to), e.effect),
    })),
    weights: items.map((it, k) => ({ construct: it.construct, item: it.item, ...summarize(columns.weights + k, it.weight) })),
    loadings: items.map((it, k) => ({ construct: it.construct, item: it.item, ...summarize(columns.loadings + k, it.loading) })),
  };
}

import * as z from 'zod';
import { quantileOfSorted } from '../../internal/percentiles.js';
import type { Moments } from '../../internal/momentMatrix.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { seededRandom, streamSeed } from '../../internal/random.js';
import { studentTTwoSided } from '../../internal/specialFunctions.js';
import type { TableInput } from '../../io/tableInput.js';
import { assertModelKind } from '../../model/assertModelKind.js';
import { itemConstructCovariance } from './plsEstimate.js';
import type { PlsPathModel } from './fitPlsPathModel.js';
import { estimatePlsFromMoments } from './estimatePlsFromMoments.js';
import { pathMatrix } from './pathMatrix.js';
import { plsStructure } from './plsStructure.js';
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
  readonly paths: readonly (BootstrapEstimate & { readonly from: string; readonly to: string })[];
  readonly totalEffects: readonly (BootstrapEstimate & { readonly from: string; readonly to: string })[];
  readonly weights: readonly (BootstrapEstimate & { readonly construct: string; readonly item: string })[];
  readonly loadings: readonly (BootstrapEstimate & { readonly construct: string; readonly item: string })[];
}

const optionsSchema = z.strictObject({
  samples: z.int().min(10).max(1_000_000).default(5000),
  seed: z.int().default(1),
  confidence: z.number().gt(0).lt(1).default(0.95),
});

/**
 * Bootstrap a fitted PLS path model: resample respondents with replacement, re-estimate, and
 * report each path coefficient's, total effect's, outer weight's and loading's standard error
 * (the SD over resamples), t value, p value and percentile confidence interval. Each resample
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
  assertModelKind(model, 'plsPathModel', FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const job = prepareBootstrap(model, data);
  const draws = runResamples(job, o.seed, 0, o.samples);
  return summarizeBootstrap(model, job, [draws], o);
}

/** @internal The data and structure a bootstrap needs: items row-major, used rows only. */
export interface BootstrapJob {
  readonly rows: Float64Array;
  readonly n: number;
  readonly p: number;
  readonly spec: PlsPathModel['spec'];
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
  /** count × width, row-major: path coefficients, total effects, weights, loadings, item standard deviations (n − 1) of the resample. */
  readonly values: Float64Array;
  readonly width: number;
  readonly notConverged: number;
}

/** @internal Re-estimate resamples [from, to). */
export function runResamples(job: BootstrapJob, seed: number, from: number, to: number): ResampleDraws {
  const structure = plsStructure(job.spec);
  const { n, p, rows } = job;
  const C = structure.blocks.length;
  const P = structure.paths.length;
  const width = P + C * C + 3 * p;
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
    means.fill(0);
    for (let i = 0; i < n; i++) {
      const w = weightsOf[i];
      if (w === 0) continue;
      for (let k = 0; k < p; k++) means[k] += w * rows[i * p + k];
    }
    for (let k = 0; k < p; k++) means[k] /= n;
    cross.fill(0);
    for (let i = 0; i < n; i++) {
      const w = weightsOf[i];
      if (w === 0) continue;
      for (let k = 0; k < p; k++) centered[k] = rows[i * p + k] - means[k];
      for (let k = 0; k < p; k++) {
        const a = w * centered[k];
        for (let l = k; l < p; l++) cross[k * p + l] += a * centered[l];
      }
    }
    let constant = false;
    for (let k = 0; k < p; k++) {
      sds[k] = Math.sqrt(cross[k * p + k] / (n - 1));
      if (!(sds[k] > 0)) constant = true;
    }
    if (constant) continue;
    for (let k = 0; k < p; k++) {
      for (let l = k; l < p; l++) {
        const r = k === l ? 1 : cross[k * p + l] / Math.sqrt(cross[k * p + k] * cross[l * p + l]);
        correlation[k * p + l] = r;
        correlation[l * p + k] = r;
      }
    }
    // the estimation reads only the correlations (covariance holds the unscaled upper triangle)
    const moments: Moments = { n, p, means, sds, covariance: cross, correlation };
    let fitted;
    try {
      fitted = estimatePlsFromMoments(moments, structure, FN);
    } catch {
      continue;
    }
    if (!fitted.estimate.converged) notConverged++;
    const out = (b - from) * width;
    const B = pathMatrix(fitted.coefficients, structure.predecessors, C);
    structure.paths.forEach(([i, j], k) => (values[out + k] = B[i * C + j]));
    const totals = totalEffects(B, structure.paths, C).effects;
    for (let k = 0; k < C * C; k++) values[out + P + k] = totals[k];
    const cov = itemConstructCovariance(correlation, p, structure.blocks, fitted.estimate.weights);
    structure.blocks.forEach((block, j) =>
      block.forEach((item, a) => {
        values[out + P + C * C + item] = fitted.estimate.weights[j][a];
        values[out + P + C * C + p + item] = cov[item * C + j];
      }),
    );
    for (let k = 0; k < p; k++) values[out + P + C * C + 2 * p + k] = sds[k];
  }
  return { from, count, values, width, notConverged };
}

/** @internal Summaries of all draws, in resample order. */
export function summarizeBootstrap(
  model: PlsPathModel,
  job: BootstrapJob,
  parts: readonly ResampleDraws[],
  o: { samples: number; seed: number; confidence: number },
): BootstrapPlsResult {
  const ordered = [...parts].sort((a, b) => a.from - b.from);
  const width = ordered[0].width;
  const ok: Float64Array[] = [];
  let notConverged = 0;
  for (const part of ordered) {
    notConverged += part.notConverged;
    for (let r = 0; r < part.count; r++) {
      const row = part.values.subarray(r * width, (r + 1) * width);
      if (!Number.isNaN(row[0])) ok.push(row);
    }
  }
  const names = model.constructs.map((c) => c.name);
  const C = names.length;
  const P = model.paths.length;
  const p = job.p;
  const alpha = (1 - o.confidence) / 2;
  const summarize = (column: number, estimate: number): BootstrapEstimate => {
    const values = Float64Array.from(ok, (row) => row[column]).sort();
    let mean = 0;
    for (const v of values) mean += v;
    mean /= values.length;
    let ss = 0;
    for (const v of values) ss += (v - mean) ** 2;
    const sd = Math.sqrt(ss / (values.length - 1));
    const t = estimate / sd;
    return { estimate, mean, sd, t, p: studentTTwoSided(t, job.n - 1), lower: quantileOfSorted(values, alpha), upper: quantileOfSorted(values, 1 - alpha) };
  };
  const items = model.constructs.flatMap((c) => c.items.map((item, a) => ({ construct: c.name, item, weight: c.weights[a], loading: c.loadings[a] })));
  return {
    samples: o.samples,
    failed: o.samples - ok.length,
    notConverged,
    seed: o.seed,
    confidence: o.confidence,
    paths: model.paths.map((path, k) => ({ from: path.from, to: path.to, ...summarize(k, path.coefficient) })),
    totalEffects: model.totalEffects.map((e) => ({ from: e.from, to: e.to, ...summarize(P + names.indexOf(e.from) * C + names.indexOf(e.to), e.effect) })),
    weights: items.map((it, k) => ({ construct: it.construct, item: it.item, ...summarize(P + C * C + k, it.weight) })),
    loadings: items.map((it, k) => ({ construct: it.construct, item: it.item, ...summarize(P + C * C + p + k, it.loading) })),
  };
}

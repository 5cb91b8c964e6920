import * as z from 'zod/mini';
import { CustomerValueError } from '../../errors.js';
import { parseSpec } from '../../internal/parseSpec.js';
import type { TableInput } from '../../io/tableInput.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { plsPathModelSchema } from '../../model/plsPathModelSchema.js';
import { scaleSchema } from '../surveyItems.js';
import { bootstrapDrawColumns, indexScalesOfDraw, itemBlocks, modelIndexScales } from './bootstrapDrawColumns.js';
import { estimatedRows, prepareBootstrap, runJackknife, runResamples, summarizeColumn, type ResampleDraws } from './bootstrapPlsPathModel.js';
import type { PlsPathModel } from './fitPlsPathModel.js';
import { confidenceOption, resampleCount, seedOption } from '../../internal/plsOptionSchemas.js';
import { constructOf } from './satisfactionIndex100.js';
import { readSurvey } from '../surveyItems.js';

const FN = 'importancePerformanceMap';

/** One construct on the map. */
export interface ImportancePerformancePoint {
  readonly construct: string;
  /** Unstandardized total effect on the target's 0–100 index: points gained per point of this construct's index. */
  readonly importance: number;
  /** The standardized total effect the importance comes from. */
  readonly standardizedEffect: number;
  /**
   * Mean 0–100 index of the construct over the respondents the model uses (under `missing: 'skip'`,
   * those with every item of the model answered: the respondents whose importance this is and whom
   * the bootstrap resamples; `satisfactionIndex100` averages over the construct's own complete rows).
   */
  readonly performance: number;
  /** Against the mean importance and mean performance of the constructs shown. */
  readonly quadrant: 'keepUp' | 'priorityImprovement' | 'lowPriority' | 'possibleOverkill';
  /**
   * With `options.bootstrap`: the interval [lower, upper] of the importance — the percentile (or
   * BCa) interval of the unstandardized total effect re-estimated on each resample. Null when the
   * BCa interval is not defined (every resample on one side of the estimate, or a jackknife
   * without spread). `importancePerformanceSvg` draws it as a vertical bar.
   */
  readonly importanceInterval?: readonly [number, number] | null;
  /**
   * With `options.bootstrap`: the interval of the performance over the same resamples — the mean
   * 0–100 index with the weights and item means of each resample (null as `importanceInterval`).
   */
  readonly performanceInterval?: readonly [number, number] | null;
}

/** What the bootstrap behind the importance intervals was. */
export interface ImportancePerformanceBootstrap {
  readonly samples: number;
  readonly seed: number;
  readonly confidence: number;
  readonly method: 'percentile' | 'bca';
  /** Resamples that could not be estimated (an item constant in the resample, collinear predecessors), left out. */
  readonly failed: number;
}

/** The importance–performance map of a target construct. */
export interface ImportancePerformanceMapResult {
  readonly target: string;
  /** The target's own mean 0–100 index, over the same respondents as the performances. */
  readonly targetPerformance: number;
  readonly constructs: readonly ImportancePerformancePoint[];
  readonly cuts: { readonly importance: number; readonly performance: number };
  /** With `options.bootstrap`: the resamples behind each point's `importanceInterval`. */
  readonly bootstrap?: ImportancePerformanceBootstrap;
}

/** Options for `importancePerformanceMap`. */
export interface ImportancePerformanceMapOptions {
  /** The answer scale [min, max] when the model was fitted without one. */
  readonly scale?: readonly [number, number];
  /**
   * Intervals of the importances: `samples` resamples of the respondents (default 5,000; at least
   * 10) re-estimated as `bootstrapPlsPathModel` does — the same seeded resamples for the same
   * `seed` (default 1) — and the interval at `confidence` (default 0.95) by `method`:
   * `'percentile'` (default) or `'bca'`.
   */
  readonly bootstrap?: {
    readonly samples?: number;
    readonly seed?: number;
    readonly confidence?: number;
    readonly method?: 'percentile' | 'bca';
  };
}

const optionsSchema = z.strictObject({
  scale: z.optional(scaleSchema),
  bootstrap: z.optional(
    z.strictObject({
      samples: resampleCount(5000),
      seed: seedOption(),
      confidence: confidenceOption(),
      method: z._default(z.enum(['percentile', 'bca']), 'percentile'),
    }),
  ),
});

/**
 * Importance–performance map analysis of a PLS path model (IPMA; Ringle & Sarstedt 2016): for
 * every construct with a directed route to `target`, its importance — the unstandardized total
 * effect on the target's 0–100 index (standardized total effect × sd(target index) / sd(its
 * index), exact because the indices are linear in the construct scores; the sds are the model's,
 * so it equals `satisfactionImpacts`' `effectPerPoint`) — against its performance, the mean 0–100
 * index over the respondents the model was estimated on (under `missing: 'skip'`, those who answered
 * every item of the model, so that importance, performance and their bootstrap all describe the
 * same people). Constructs above the mean importance and below the mean
 * performance are the priorities: improving them moves the target most.
 *
 * With `options.bootstrap`, each point also gets `importanceInterval`: respondents are resampled
 * with replacement and the model re-estimated on each resample (the resamples of
 * `bootstrapPlsPathModel` with the same seed, each from its own seeded stream, so the result
 * depends on the seed only), the importance recomputed on it — its standardized total effect
 * times sd(target index) / sd(construct index), both sds of the resample (an index's sd is
 * 100 / ((max − min) · Σ w / sd(item)) over the construct's items, its score having unit
 * variance) — and the interval taken over the resamples: percentile (R's type 7) or BCa (the
 * acceleration from `bootstrapPlsPathModel`'s jackknife). `performanceInterval` is the interval of
 * the performance over the same resamples (the mean index with each resample's weights and means).
 *
 * @param target The construct to explain, e.g. `'Satisfaction'` or `'Loyalty'`.
 * @param options `scale` when the model was fitted without one; `bootstrap` for importance intervals.
 * @throws {CustomerValueError} `invalid_model`, `invalid_spec` (unknown target, nothing leads to it, no scale; options such as `options.bootstrap.confidence` out of range), data errors.
 * @example
 * const survey = (await readCsvFile('examples/data/ecsi_mobi.csv')).columns;
 * const model = fitPlsPathModel(survey, { ...ECSI_MODEL, scale: [1, 10] });
 * const map = importancePerformanceMap(model, survey, 'Loyalty');
 * map.constructs.map((c) => c.construct); // => ['Image', 'Expectation', 'Quality', 'Value', 'Satisfaction', 'Complaints']
 * const withIntervals = importancePerformanceMap(model, survey, 'Loyalty', { bootstrap: { samples: 200, seed: 7 } });
 * withIntervals.constructs.every(({ importance, importanceInterval: [lower, upper] }) => lower < importance && importance < upper); // => true
 */
export function importancePerformanceMap(
  model: PlsPathModel,
  data: TableInput,
  target: string,
  options: ImportancePerformanceMapOptions = {},
): ImportancePerformanceMapResult {
  model = assertModelOf(model, 'plsPathModel', 'fitPlsPathModel', plsPathModelSchema, null, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  constructOf(model, target, FN);
  const drivers = model.totalEffects.filter((e) => e.to === target);
  if (drivers.length === 0) {
    throw new CustomerValueError('invalid_spec', `${FN}: no construct has a path to "${target}"`, [
      { function: FN, path: 'target', expected: 'an endogenous construct (one with incoming paths)', received: JSON.stringify(target) },
    ]);
  }
  const scale = o.scale ?? model.spec.scale;
  if (!scale) {
    throw new CustomerValueError('invalid_spec', `${FN}: the answer scale is needed for the 0–100 performances`, [
      { function: FN, path: 'options.scale', expected: 'the answer scale [min, max], here or in the model spec', received: 'none' },
    ]);
  }
  const names = model.constructs.map((c) => c.name);
  const indexScale = modelIndexScales(model.constructs);
  const performances = meanIndices(model, data, scale);
  const to = names.indexOf(target);
  const points = drivers
    .sort((a, b) => names.indexOf(a.from) - names.indexOf(b.from))
    .map((e) => {
      const j = names.indexOf(e.from);
      return { construct: e.from, importance: (e.effect * indexScale[j]) / indexScale[to], standardizedEffect: e.effect, performance: performances[j] };
    });
  const intervals = o.bootstrap ? importanceIntervals(model, data, target, points, scale, o.bootstrap) : null;
  const cuts = {
    importance: points.reduce((a, p) => a + p.importance, 0) / points.length,
    performance: points.reduce((a, p) => a + p.performance, 0) / points.length,
  };
  return {
    target,
    targetPerformance: performances[to],
    constructs: points.map((p, k) => ({
      ...p,
      quadrant:
        p.importance >= cuts.importance
          ? p.performance >= cuts.performance
            ? 'keepUp'
            : 'priorityImprovement'
          : p.performance >= cuts.performance
            ? 'possibleOverkill'
            : 'lowPriority',
      ...(intervals ? intervals.intervals[k] : {}),
    })),
    cuts,
    ...(intervals ? { bootstrap: intervals.summary } : {}),
  };
}

/**
 * The importance of each driver on every resample (and on every jackknife unit, for BCa): its
 * total effect on `target` times Σ w / sd(item) of the driver over the same sum of the target —
 * the ratio sd(target index) / sd(driver index) of that resample — and its performance there;
 * then the interval of each.
 */
function importanceIntervals(
  model: PlsPathModel,
  data: TableInput,
  target: string,
  points: readonly { construct: string; importance: number; performance: number }[],
  scale: readonly [number, number],
  o: { samples: number; seed: number; confidence: number; method: 'percentile' | 'bca' },
): {
  intervals: { importanceInterval: readonly [number, number] | null; performanceInterval: readonly [number, number] | null }[];
  summary: ImportancePerformanceBootstrap;
} {
  const job = prepareBootstrap(model, data, FN);
  const names = model.constructs.map((c) => c.name);
  const C = names.length;
  const columns = bootstrapDrawColumns(C, model.paths.length, job.p, 0);
  const blocks = itemBlocks(model.constructs);
  const to = names.indexOf(target);
  const from = points.map((point) => names.indexOf(point.construct));
  const K = points.length;
  const [min, max] = scale;
  const scaleOf = new Float64Array(C);
  // one row per estimated draw: the K importances, then the K performances (the mean index with the
  // draw's weights Σ-normalized on the item metric and its item means); NaN where not finite (left
  // out of that driver's interval)
  const importances = (draws: ResampleDraws): Float64Array[] =>
    estimatedRows([draws]).rows.map((row) => {
      indexScalesOfDraw(row, 0, columns, blocks, scaleOf);
      const out = new Float64Array(2 * K);
      from.forEach((j, e) => {
        const importance = (row[columns.totalEffects + j * C + to] * scaleOf[j]) / scaleOf[to];
        let mean = 0;
        for (const k of blocks[j]) mean += (row[columns.weights + k] / row[columns.itemSds + k]) * row[columns.itemMeans + k];
        const performance = (100 * (mean / scaleOf[j] - min)) / (max - min);
        out[e] = Number.isFinite(importance) ? importance : Number.NaN;
        out[K + e] = Number.isFinite(performance) ? performance : Number.NaN;
      });
      return out;
    });
  const resampled = importances(runResamples(job, o.seed, 0, o.samples));
  if (resampled.length < 2) {
    throw new CustomerValueError('invalid_value', `${FN}: fewer than 2 bootstrap resamples could be estimated`, [
      {
        function: FN,
        path: 'options.bootstrap.samples',
        expected: 'at least 2 resamples where the model can be estimated',
        received: `${resampled.length} of ${o.samples}`,
        hint: 'use more respondents, or raise options.bootstrap.samples',
      },
    ]);
  }
  const jackknife = o.method === 'bca' ? importances(runJackknife(job, o.seed)) : [];
  const interval = (column: number, estimate: number): readonly [number, number] | null => {
    const s = summarizeColumn(resampled, jackknife, column, estimate, o.confidence, job.n);
    if (o.method === 'percentile') return [s.lower, s.upper];
    return s.bcaLower === null || s.bcaUpper === null ? null : [s.bcaLower, s.bcaUpper];
  };
  const intervals = points.map((point, k) => ({
    importanceInterval: interval(k, point.importance),
    performanceInterval: interval(K + k, point.performance),
  }));
  return { intervals, summary: { samples: o.samples, seed: o.seed, confidence: o.confidence, method: o.method, failed: o.samples - resampled.length } };
}

/**
 * The mean 0–100 index of every construct over the respondents the model uses in `data` (under
 * `missing: 'skip'`, those who answered every item of the model — the rows the bootstrap
 * resamples): the model's weights on the item metric (w / sd), normalized to sum to 1, applied to
 * the item means, `100 · (x̄ − min) / (max − min)`, as `satisfactionIndex100` maps each answer.
 */
function meanIndices(model: PlsPathModel, data: TableInput, scale: readonly [number, number]): number[] {
  const items = model.constructs.flatMap((c) => c.items);
  const survey = readSurvey(data, FN, items, scale, model.spec.missing, [], 1, null);
  const [min, max] = scale;
  let at = 0;
  return model.constructs.map((c) => {
    const raw = c.weights.map((w, a) => w / c.itemSds[a]);
    const total = raw.reduce((a, b) => a + b, 0);
    let x = 0;
    let full = 0;
    raw.forEach((w, a) => {
      const column = survey.items[at + a];
      let sum = 0;
      for (let i = 0; i < survey.rowCount; i++) if (!(survey.skip && survey.skip[i])) sum += column[i];
      x += (w / total) * (sum / survey.n - min);
      full += (w / total) * (max - min);
    });
    at += c.items.length;
    return 100 * (x / full);
  });
}

import type { TableInput } from '../../io/tableInput.js';
import { quantileOfSorted } from '../../internal/percentiles.js';
import {
  estimatedRows,
  jackknifeSummary,
  prepareBootstrap,
  runJackknife,
  runResamples,
  sortedColumn,
  summarizeColumn,
  type BootstrapEstimate,
  type BootstrapJob,
  type JackknifeSummary,
  type ResampleDraws,
} from './bootstrapPlsPathModel.js';
import { bootstrapDrawColumns } from './bootstrapDrawColumns.js';
import type { PlsPathModel } from './fitPlsPathModel.js';
import { PLS_GUIDELINES, type PlsGuideline } from './plsGuidelines.js';

/** The bootstrap options of `assessPlsPathModel`. */
export interface AssessPlsBootstrapOptions {
  /** Resamples (default 5,000). */
  readonly resamples?: number;
  /** Seed of the resampling and of the jackknife groups (default 1): the same seed gives the same results. */
  readonly seed?: number;
  /** Level of the two-sided intervals and of the one-sided HTMT bounds (default 0.95). */
  readonly level?: number;
}

/** One test of H0: HTMT ≥ threshold against H1: HTMT < threshold (discriminant validity). */
export interface PlsHtmtTest {
  readonly threshold: number;
  /** Bootstrap p value: the share of (defined) resamples whose value is ≥ `threshold`. */
  readonly p: number;
  /** One-sided upper bound: the `level` quantile of the resamples (type 7). */
  readonly upper: number;
  /** The decision: H0 rejected when `upper` < `threshold` (discriminant validity established at 1 − level). */
  readonly rejected: boolean;
  readonly verdict: string;
}

/** Bootstrap inference on one HTMT figure: intervals, the resamples where it was not defined, the threshold tests. */
export type PlsHtmtBootstrap = BootstrapEstimate & {
  /** Resamples in which the figure was not defined (HTMT: a mean within-block correlation ≤ 0; HTMT2: a correlation of mixed sign or ≤ 0): left out of everything here, counted. */
  readonly undefinedResamples: number;
  readonly tests: readonly PlsHtmtTest[];
};

/** The bootstrap section of `assessPlsPathModel` (with `options.bootstrap`). */
export interface PlsAssessmentBootstrap {
  readonly resamples: number;
  readonly seed: number;
  readonly level: number;
  /** Resamples that could not be estimated (an item constant in the resample, collinear predecessors), left out. */
  readonly failed: number;
  readonly notConverged: number;
  readonly jackknife: JackknifeSummary;
  /** Outer loadings: percentile and BCa intervals at `level`. */
  readonly loadings: readonly (BootstrapEstimate & { readonly construct: string; readonly item: string })[];
  /** Outer weights: percentile and BCa intervals at `level`. */
  readonly weights: readonly (BootstrapEstimate & { readonly construct: string; readonly item: string })[];
  /** HTMT and HTMT2 of every pair of multi-item constructs (null where the figure is not defined on the data). */
  readonly htmt: readonly { readonly a: string; readonly b: string; readonly htmt: PlsHtmtBootstrap | null; readonly htmt2: PlsHtmtBootstrap | null }[];
  /** How the HTMT test is decided, in words. */
  readonly method: string;
  readonly guideline: PlsGuideline;
}

/** @internal Resamples 0..samples − 1 of a bootstrap job and its jackknife: on one thread here, on several in customer-value/node (the same draws, bit for bit). */
export type PlsResampler = (job: BootstrapJob, seed: number, samples: number) => { parts: ResampleDraws[]; jackknife: ResampleDraws };

/** @internal One thread: `runResamples` and `runJackknife`. */
export const resampleOnOneThread: PlsResampler = (job, seed, samples) => ({ parts: [runResamples(job, seed, 0, samples)], jackknife: runJackknife(job, seed) });

/** @internal The bootstrap section of the assessment; `htmt` is the report's (pairs and values on the data). */
export function assessPlsBootstrap(
  model: PlsPathModel,
  data: TableInput,
  o: { resamples: number; seed: number; level: number },
  blocks: readonly (readonly number[])[],
  htmt: readonly { a: string; b: string; htmt: { value: number | null }; htmt2: { value: number | null } }[],
  warnings: string[],
  resample: PlsResampler = resampleOnOneThread,
): PlsAssessmentBootstrap {
  const names = model.constructs.map((c) => c.name);
  const pairs = htmt.map((h) => [names.indexOf(h.a), names.indexOf(h.b)] as const).filter(([i, j]) => blocks[i].length > 1 && blocks[j].length > 1);
  const job = { ...prepareBootstrap(model, data), htmtPairs: pairs };
  const columns = bootstrapDrawColumns(names.length, model.paths.length, job.p, pairs.length);
  const { parts, jackknife } = resample(job, o.seed, o.resamples);
  const { rows, notConverged } = estimatedRows(parts);
  const jack = estimatedRows([jackknife]).rows;
  const summarize = (column: number, estimate: number) => summarizeColumn(rows, jack, column, estimate, o.level, job.n);
  const items = model.constructs.flatMap((c) => c.items.map((item, a) => ({ construct: c.name, item, weight: c.weights[a], loading: c.loadings[a] })));
  const htmtColumn = (i: number, j: number) => {
    const h = pairs.findIndex(([x, y]) => x === i && y === j);
    return h < 0 ? -1 : columns.htmt + 2 * h;
  };
  const inference = (column: number, estimate: number | null, label: string, a: string, b: string): PlsHtmtBootstrap | null => {
    if (column < 0 || estimate === null) return null;
    const values = sortedColumn(rows, column);
    const undefinedResamples = rows.length - values.length;
    if (undefinedResamples > 0)
      warnings.push(
        `${label} of "${a}" and "${b}" not defined in ${undefinedResamples} of ${rows.length} resamples (${label === 'HTMT2' ? 'a correlation of their items not positive' : 'a mean within-block correlation not positive'}): its intervals and tests use the other ${values.length}`,
      );
    if (values.length < 2) return null;
    const upper = quantileOfSorted(values, o.level);
    const tests = PLS_GUIDELINES.htmtInference.limits.map((threshold) => {
      let above = 0;
      for (const v of values) if (v >= threshold) above++;
      const rejected = upper < threshold;
      const bound = `one-sided ${o.level * 100}% upper bound ${upper.toFixed(3)}`;
      return {
        threshold,
        p: above / values.length,
        upper,
        rejected,
        verdict: rejected ? `significantly below ${threshold} (${bound})` : `not significantly below ${threshold} (${bound})`,
      };
    });
    return { ...summarize(column, estimate), undefinedResamples, tests };
  };
  return {
    resamples: o.resamples,
    seed: o.seed,
    level: o.level,
    failed: o.resamples - rows.length,
    notConverged,
    jackknife: jackknifeSummary(job, jackknife, jack.length),
    loadings: items.map((it, k) => ({ construct: it.construct, item: it.item, ...summarize(columns.loadings + k, it.loading) })),
    weights: items.map((it, k) => ({ construct: it.construct, item: it.item, ...summarize(columns.weights + k, it.weight) })),
    htmt: htmt.map((h) => {
      const column = htmtColumn(names.indexOf(h.a), names.indexOf(h.b));
      return {
        a: h.a,
        b: h.b,
        htmt: inference(column, h.htmt.value, 'HTMT', h.a, h.b),
        htmt2: inference(column < 0 ? -1 : column + 1, h.htmt2.value, 'HTMT2', h.a, h.b),
      };
    }),
    method:
      'H0: HTMT ≥ threshold against H1: HTMT < threshold, for each threshold: rejected when the one-sided upper bound (the `level` quantile of the resamples, type 7) is below the threshold (Henseler, Ringle & Sarstedt 2015, HTMT_inference; Franke & Sarstedt 2019); p = share of resamples ≥ threshold. Resamples where the figure is not defined are left out and counted (`undefinedResamples`).',
    guideline: PLS_GUIDELINES.htmtInference,
  };
}

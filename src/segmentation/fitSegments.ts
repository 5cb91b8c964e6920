import type * as z from 'zod/mini';
import { CustomerValueError } from '../errors.js';
import { ColumnReader, requireRows } from '../internal/columnReader.js';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import type { ModelFit } from '../model/modelFit.js';
import { parseSpec, specError } from '../internal/parseSpec.js';
import { seededRandom } from '../internal/random.js';
import type { TableInput } from '../io/tableInput.js';
import { learnScaling, scaledMatrix, type FeatureScaling } from './featureScaling.js';
import { segmentsSpecSchema, type SegmentsSpec } from './segmentsSpec.js';
import { distinctRowCount } from './distinctRowCount.js';
import { kmeansKernelFor, kmeansPlusPlus, lloyd, type KmeansRun } from './kmeansKernel.js';

const FN = 'fitSegments';

/** A segment's profile. */
export interface SegmentProfile {
  readonly segment: number;
  readonly size: number;
  readonly share: number;
  /** Feature means in original units, aligned with `spec.features`. */
  readonly means: readonly number[];
  /** Standardized deviation of the segment mean from the overall mean, per feature. */
  readonly deviations: readonly number[];
  /** Plain-language label from the dominant deviations, e.g. "high frequency, low spend". */
  readonly label: string;
}

/**
 * A fitted segmentation. What scoring and interpretation read (scalings, centers, profiles) stays
 * at the top level; the record of the fit (rows used and skipped, warnings, inertia, iterations,
 * convergence) is in `fitted` (see `ModelFit`).
 */
export interface SegmentsModel {
  readonly kind: 'segments';
  readonly version: number;
  readonly spec: z.output<typeof segmentsSpecSchema>;
  readonly scaling: readonly FeatureScaling[];
  /** Centers in scaled units (k × features). */
  readonly centers: readonly (readonly number[])[];
  readonly profiles: readonly SegmentProfile[];
  readonly fitted: ModelFit<{
    /** Sum of squared distances to the nearest center, in scaled units. */
    readonly inertia: number;
    readonly iterations: number;
    readonly converged: boolean;
  }>;
}

/**
 * Segment customers with k-means: features scaled with parameters kept in the model, k-means++
 * seeding (Arthur & Vassilvitskii 2007) and Lloyd's algorithm, `restarts` seeded runs keeping
 * the lowest inertia, empty clusters re-seeded at the farthest point. Lloyd's iterations are
 * exact but accelerated by Hamerly's (2010) distance bounds, over one row-major `Float64Array`
 * of the scaled features (no row objects), so millions of rows cost about one copy of the
 * feature columns. The assignment passes run in a WebAssembly SIMD kernel generated at run time
 * (distances to two centers per f64x2 operation; no `.wasm` file) where the runtime has one,
 * with the JavaScript loop's arithmetic in its order: the same segments, centers and inertia to
 * the bit with or without WebAssembly. Same data, spec and seed: same segments.
 *
 * Each segment gets a profile: size, share, feature means in original units, and a label from
 * its dominant deviations from the overall mean (features at least 0.5 SD away, largest first).
 *
 * `k` must not exceed the number of distinct rows (duplicated rows count once): with fewer, a
 * segment would be empty, so the fit refuses with `invalid_spec` naming k and the distinct rows.
 *
 * @throws {CustomerValueError} `invalid_spec` (k larger than the distinct rows, a bad `init`); `missing_column`; `invalid_value` (a constant feature); `too_few_rows`.
 * @example
 * const customers = { visits: [1, 2, 1, 2, 20, 22, 21, 19], spend: [500, 520, 480, 510, 20, 25, 30, 22] };
 * const model = fitSegments(customers, { features: ['visits', 'spend'], k: 2, seed: 1 });
 * model.profiles.map((s) => s.label).sort(); // => ['high spend, low visits', 'low spend, high visits']
 */
export function fitSegments(data: TableInput, spec: SegmentsSpec): SegmentsModel {
  const s = parseSpec(segmentsSpecSchema, spec, FN);
  const reader = new ColumnReader(data, FN, s.features, s.missing);
  const raw = s.features.map((f) => reader.number(f, 'segmentation feature'));
  const { skipMask, skipped } = reader.finish();
  const n = reader.rowCount - skipped;
  requireRows(FN, n, Math.max(2, s.k), 'rows (at least k)');
  const rows = keptRows(reader.rowCount, skipMask, n);
  const scaling = s.features.map((f, j) => learnScaling(FN, f, raw[j], rows, s.standardize));
  const p = s.features.length;
  // the scaled rows go straight into the WebAssembly kernel's memory when there is one (one copy
  // of the features, shared by every restart); else into an ordinary array for the JavaScript loops
  const kernel = kmeansKernelFor(n, p, s.k);
  const matrix = scaledMatrix(raw, rows, scaling, kernel?.data);
  const distinct = distinctRowCount(matrix, n, p, s.k);
  if (distinct < s.k) throw tooFewDistinctRows(FN, s.k, distinct);
  let best: KmeansRun | null = null;
  if (s.init) {
    if (s.init.length !== s.k || s.init.some((row) => row.length !== p)) {
      throw specError(FN, 'spec.init', `${s.k} starting centers of ${p} features each`, `${s.init.length} rows`);
    }
    const initial = new Float64Array(s.k * p);
    s.init.forEach((row, c) => row.forEach((v, j) => (initial[c * p + j] = (v - scaling[j].center) / scaling[j].scale)));
    best = lloyd(matrix, n, p, initial, s.k, s.maxIterations, s.tolerance, false, kernel ?? 'js');
  } else {
    for (let r = 0; r < s.restarts; r++) {
      const random = seededRandom(s.seed * 1_000_003 + r);
      const run = lloyd(matrix, n, p, kmeansPlusPlus(matrix, n, p, s.k, random), s.k, s.maxIterations, s.tolerance, false, kernel ?? 'js');
      if (best === null || run.inertia < best.inertia) best = run;
    }
  }
  const run = best as KmeansRun;
  return {
    kind: 'segments',
    version: MODEL_VERSION,
    spec: s,
    scaling,
    centers: Array.from({ length: s.k }, (_, c) => Array.from(run.centers.subarray(c * p, (c + 1) * p))),
    profiles: profilesOf(s.features, raw, rows, run.labels, s.k),
    fitted: { n, skipped, warnings: [], diagnostics: { inertia: run.inertia, iterations: run.iterations, converged: run.converged } },
  };
}

/**
 * k segments need k distinct rows: with fewer, k-means leaves a segment empty (a duplicate or
 * NaN center) and the model could not be parsed or scored.
 */
export function tooFewDistinctRows(fn: string, k: number, distinct: number): CustomerValueError {
  return new CustomerValueError('invalid_spec', `${fn}: k = ${k} segments need at least ${k} distinct rows, but the data has ${distinct} distinct rows`, [
    {
      function: fn,
      path: 'spec.k',
      expected: `k ≤ ${distinct}, the number of distinct rows of the features`,
      received: String(k),
      hint: `choose a smaller k (k ≤ ${distinct}); duplicated rows count once`,
    },
  ]);
}

function keptRows(rowCount: number, skipMask: Uint8Array | null, n: number): Int32Array {
  const rows = new Int32Array(n);
  if (skipMask === null) for (let i = 0; i < rowCount; i++) rows[i] = i;
  else for (let i = 0, a = 0; i < rowCount; i++) if (skipMask[i] === 0) rows[a++] = i;
  return rows;
}

/** Sizes, means in original units, standardized deviations and labels. */
export function profilesOf(features: readonly string[], raw: readonly ArrayLike<number>[], rows: Int32Array, labels: Int32Array, k: number): SegmentProfile[] {
  const p = features.length;
  const n = rows.length;
  const sums = new Float64Array(k * p);
  const sizes = new Float64Array(k);
  const overall = new Float64Array(p);
  const squares = new Float64Array(p);
  for (let a = 0; a < n; a++) {
    const c = labels[a];
    sizes[c]++;
    for (let j = 0; j < p; j++) {
      const v = raw[j][rows[a]];
      sums[c * p + j] += v;
      overall[j] += v;
      squares[j] += v * v;
    }
  }
  return profilesFromSums(features, sizes, sums, overall, squares, n);
}

/**
 * The profiles from sufficient statistics: per-segment sizes and sums of the raw features
 * (`sums[c·p + j]`), and the overall sums and sums of squares per feature over the `n` rows —
 * from rows in memory (`profilesOf`) or from an engine (`fitSegmentsInWarehouse`).
 */
export function profilesFromSums(
  features: readonly string[],
  sizes: ArrayLike<number>,
  sums: ArrayLike<number>,
  overall: ArrayLike<number>,
  squares: ArrayLike<number>,
  n: number,
): SegmentProfile[] {
  const p = features.length;
  const k = sizes.length;
  const mean = Array.from(overall, (v) => v / n);
  const sd = Array.from(squares, (v, j) => Math.sqrt(Math.max(0, v / n - mean[j] * mean[j])));
  return Array.from({ length: k }, (_, c) => {
    const means = Array.from({ length: p }, (_, j) => (sizes[c] > 0 ? sums[c * p + j] / sizes[c] : mean[j]));
    const deviations = means.map((m, j) => (sd[j] > 0 ? (m - mean[j]) / sd[j] : 0));
    const dominant = deviations
      .map((d, j) => ({ d, j }))
      .filter(({ d }) => Math.abs(d) >= 0.5)
      .sort((x, y) => Math.abs(y.d) - Math.abs(x.d))
      .slice(0, 3)
      .map(({ d, j }) => `${d > 0 ? 'high' : 'low'} ${features[j]}`);
    return { segment: c, size: sizes[c], share: sizes[c] / n, means, deviations, label: dominant.length ? dominant.join(', ') : 'average on every feature' };
  });
}

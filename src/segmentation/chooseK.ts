import * as z from 'zod/mini';
import { ColumnReader, requireRows } from '../internal/columnReader.js';
import { parseSpec } from '../internal/parseSpec.js';
import { seededRandom } from '../internal/random.js';
import type { TableInput } from '../io/tableInput.js';
import { learnScaling, scaledMatrix, standardizeSchema } from './featureScaling.js';
import { CustomerValueError } from '../errors.js';
import { distinctRowCount } from './distinctRowCount.js';
import { kmeansPlusPlus, lloyd, type KmeansRun } from './kmeansKernel.js';
import { missingValuesMiniSchema, type MissingValues } from '../io/missingValues.js';

const FN = 'chooseK';

// zod/mini (issue 21): the same messages through parseSpec, without zod's classic API in the bundle
const specSchema = z
  .strictObject({
    features: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
    kRange: z._default(z.tuple([z.int().check(z.gte(1)), z.int().check(z.gte(2))]), [2, 10]),
    method: z._default(z.enum(['silhouette', 'elbow']), 'silhouette'),
    sampleSize: z._default(z.int().check(z.gte(10), z.lte(10_000)), 2000),
    standardize: z._default(standardizeSchema, 'zscore'),
    seed: z._default(z.int().check(z.gte(0)), 0),
    restarts: z._default(z.int().check(z.gte(1), z.lte(100)), 5),
    missing: z._default(missingValuesMiniSchema, 'error'),
    fitOn: z._default(z.enum(['sample', 'all']), 'all'),
  })
  .check(z.refine((s) => s.kRange[0] < s.kRange[1], { message: 'a range [from, to] with from < to', path: ['kRange'] }));

/** Spec for `chooseK`. */
export interface ChooseKSpec {
  readonly features: readonly string[];
  /** Candidate k, inclusive (default [2, 10]). */
  readonly kRange?: readonly [number, number];
  /** How to choose: mean `silhouette` (default) or the `elbow` of the inertia curve. */
  readonly method?: 'silhouette' | 'elbow';
  /** Rows sampled (seeded) for the silhouette, which is O(sample²) (default 2000, at most 10,000); up to 3,000 the sample's distances are computed once for every k (≤ 36 MB), above on the fly. */
  readonly sampleSize?: number;
  readonly standardize?: 'zscore' | 'robust' | 'none';
  readonly seed?: number;
  /** k-means++ restarts per k (default 5). */
  readonly restarts?: number;
  readonly missing?: MissingValues;
  /**
   * Rows k-means runs on for each candidate k: `'all'` (default) every row; `'sample'` only the
   * seeded sample the silhouette uses (at most `sampleSize` rows, in their input order), so the
   * cost no longer grows with n beyond reading and scaling the columns. The curve's `inertia` is
   * then the sample's.
   */
  readonly fitOn?: 'sample' | 'all';
}

/** The curve over k and the choice. */
export interface ChooseKResult {
  /** The chosen k by the spec's method. */
  readonly k: number;
  readonly method: 'silhouette' | 'elbow';
  readonly curve: readonly { readonly k: number; readonly inertia: number; readonly silhouette: number | null }[];
  /** Elbow of the inertia curve (always computed). */
  readonly elbow: number;
  /** k with the highest mean silhouette (k ≥ 2). */
  readonly bestSilhouette: number;
  readonly sampleSize: number;
  readonly n: number;
}

/**
 * Choose the number of segments. For each k in the range, k-means (as `fitSegments`) gives the
 * inertia; the mean silhouette (Rousseeuw 1987) is computed on a seeded sample of at most
 * `sampleSize` rows — never O(n²) on millions — and the elbow is the k farthest below the chord
 * joining the first and last points of the normalized inertia curve (the "kneedle" idea,
 * Satopää et al. 2011). `k` is the silhouette's best unless `method: 'elbow'`.
 * Candidates stop at the number of distinct rows (duplicated rows count once), so the chosen k
 * can always be filled by `fitSegments`; a range starting above it is refused.
 *
 * `fitOn: 'sample'` runs k-means for each k on the silhouette's sample only (scaled as the whole
 * data is; `inertia` is then the sample's, and candidates stop at the sample's distinct rows):
 * the k-means work per k is O(sampleSize) instead of O(n), which is what makes the choice cheap
 * on hundreds of thousands of customers; the final `fitSegments` with the chosen k still runs on
 * every row. With `sampleSize` ≥ n it gives the same curve as `'all'`. The sample is the same in
 * both modes (seeded by `seed`): a partial Fisher–Yates shuffle of the rows.
 *
 * @throws {CustomerValueError} `invalid_spec`, `missing_column`, `invalid_value`, `too_few_rows`.
 * @example
 * const x = [1, 1.2, 0.8, 1.1, 5, 5.2, 4.9, 5.1, 9, 9.1, 8.8, 9.2];
 * const y = [1, 0.9, 1.1, 1.2, 5, 4.8, 5.2, 5.1, 1, 1.1, 0.9, 1.2];
 * chooseK({ x, y }, { features: ['x', 'y'], kRange: [2, 6] }).k; // => 3
 * // k-means per candidate on a 10-row seeded sample only (the silhouette's sample)
 * chooseK({ x, y }, { features: ['x', 'y'], kRange: [2, 6], sampleSize: 10, fitOn: 'sample' }).k; // => 3
 */
export function chooseK(data: TableInput, spec: ChooseKSpec): ChooseKResult {
  const s = parseSpec(specSchema, spec, FN);
  const reader = new ColumnReader(data, FN, s.features, s.missing);
  const raw = s.features.map((f) => reader.number(f, 'segmentation feature'));
  const { skipMask, skipped } = reader.finish();
  const n = reader.rowCount - skipped;
  requireRows(FN, n, s.kRange[1] + 1, 'rows (more than the largest k)');
  const rows = new Int32Array(n);
  for (let i = 0, a = 0; i < reader.rowCount; i++) if (skipMask === null || skipMask[i] === 0) rows[a++] = i;
  const p = s.features.length;
  const matrix = scaledMatrix(
    raw,
    rows,
    s.features.map((f, j) => learnScaling(FN, f, raw[j], rows, s.standardize)),
  );
  // k segments need k distinct rows (else a segment is empty): candidates stop at the distinct rows
  const distinct = distinctRowCount(matrix, n, p, s.kRange[1]);
  if (distinct < s.kRange[0]) {
    throw new CustomerValueError(
      'invalid_spec',
      `${FN}: the smallest candidate k = ${s.kRange[0]} needs at least ${s.kRange[0]} distinct rows, but the data has ${distinct} distinct rows`,
      [
        {
          function: FN,
          path: 'spec.kRange',
          expected: `a range starting at k ≤ ${distinct}, the number of distinct rows of the features`,
          received: `[${s.kRange[0]}, ${s.kRange[1]}]`,
          hint: `choose a smaller kRange (k ≤ ${distinct}); duplicated rows count once`,
        },
      ],
    );
  }
  const kMax = Math.min(s.kRange[1], distinct);
  // Seeded sample without replacement (partial Fisher–Yates).
  const random = seededRandom(s.seed + 7919);
  const sampleSize = Math.min(n, s.sampleSize);
  const order = Int32Array.from({ length: n }, (_, a) => a);
  for (let a = 0; a < sampleSize; a++) {
    const b = a + Math.floor(random.uniform() * (n - a));
    const t = order[a];
    order[a] = order[b];
    order[b] = t;
  }
  const sample = order.slice(0, sampleSize);
  const sampleColumns = Array.from({ length: p }, (_, j) => Float64Array.from(sample, (a) => matrix[a * p + j]));
  // k-means on every row, or on the sample's rows in input order (so a sample of all rows is 'all')
  let fitMatrix = matrix;
  let fitRows = n;
  let fitK = kMax;
  let sampleAt: Int32Array | null = null; // position of each sampled row in fitMatrix
  if (s.fitOn === 'sample' && sampleSize < n) {
    const sorted = sample.slice().sort();
    fitMatrix = new Float64Array(sampleSize * p);
    for (let a = 0; a < sampleSize; a++) for (let j = 0; j < p; j++) fitMatrix[a * p + j] = matrix[sorted[a] * p + j];
    fitRows = sampleSize;
    const at = new Int32Array(n);
    for (let a = 0; a < sampleSize; a++) at[sorted[a]] = a;
    sampleAt = Int32Array.from(sample, (row) => at[row]);
    fitK = Math.min(kMax, distinctRowCount(fitMatrix, fitRows, p, kMax));
  }
  // the sample's pairwise distances do not depend on k: computed once when they fit in ≤ 40 MB
  const distances = s.sampleSize <= 3000 ? pairwiseDistances(sampleColumns) : null;
  const curve: { k: number; inertia: number; silhouette: number | null }[] = [];
  for (let k = s.kRange[0]; k <= fitK; k++) {
    let best: KmeansRun | null = null;
    for (let r = 0; r < s.restarts; r++) {
      const seeds = kmeansPlusPlus(fitMatrix, fitRows, p, k, seededRandom(s.seed * 1_000_003 + k * 1009 + r));
      const run = lloyd(fitMatrix, fitRows, p, seeds, k, 300, 1e-8);
      if (best === null || run.inertia < best.inertia) best = run;
    }
    const run = best as KmeansRun;
    const sampleLabels = sampleAt === null ? Int32Array.from(sample, (a) => run.labels[a]) : Int32Array.from(sampleAt, (a) => run.labels[a]);
    curve.push({ k, inertia: run.inertia, silhouette: k >= 2 ? meanSilhouette(sampleColumns, sampleLabels, k, distances) : null });
  }
  if (curve.length === 0) {
    throw new CustomerValueError('invalid_spec', `${FN}: the sample of ${sampleSize} rows has fewer than ${s.kRange[0]} distinct rows`, [
      {
        function: FN,
        path: 'spec.fitOn',
        expected: `a sample with at least ${s.kRange[0]} distinct rows, the smallest candidate k`,
        received: "'sample'",
        hint: "pass fitOn: 'all', a larger sampleSize or a smaller kRange",
      },
    ]);
  }
  const elbow = elbowOf(curve);
  const withSilhouette = curve.filter((c) => c.silhouette !== null);
  const bestSilhouette = withSilhouette.reduce((a, b) => ((b.silhouette as number) > (a.silhouette as number) ? b : a)).k;
  return { k: s.method === 'elbow' ? elbow : bestSilhouette, method: s.method, curve, elbow, bestSilhouette, sampleSize, n };
}

/** The sample's distances: a packed upper triangle with each row's offset (pair a < b at `offsets[a] + b`). */
interface PairwiseDistances {
  readonly values: Float64Array;
  readonly offsets: Float64Array;
}

/** Euclidean distance of every pair a < b of the sample, each summed over the features as `meanSilhouette` does on the fly. */
function pairwiseDistances(columns: readonly Float64Array[]): PairwiseDistances {
  const m = columns[0].length;
  const p = columns.length;
  const values = new Float64Array((m * (m - 1)) / 2);
  const offsets = new Float64Array(m);
  for (let a = 0, at = 0; a < m; a++) {
    offsets[a] = at - a - 1;
    for (let b = a + 1; b < m; b++) {
      let d = 0;
      for (let j = 0; j < p; j++) {
        const diff = columns[j][a] - columns[j][b];
        d += diff * diff;
      }
      values[at++] = Math.sqrt(d);
    }
  }
  return { values, offsets };
}

/**
 * Mean silhouette s(i) = (b − a) / max(a, b) over the sample; a point alone in its cluster
 * scores 0. Distances come from `distances` when given (the same values, in the same order of
 * summation), else are computed on the fly: memory stays O(sample).
 */
function meanSilhouette(columns: readonly Float64Array[], labels: Int32Array, k: number, distances: PairwiseDistances | null): number {
  const m = labels.length;
  const p = columns.length;
  const sums = new Float64Array(k);
  const sizes = new Float64Array(k);
  for (let a = 0; a < m; a++) sizes[labels[a]]++;
  // with the distance table: every point's sums per cluster in one pass over the pairs in row
  // order; each point still receives its terms in ascending order of the other point, as below
  let table: Float64Array | null = null;
  if (distances !== null) {
    const { values, offsets } = distances;
    table = new Float64Array(m * k);
    for (let a = 0; a < m; a++) {
      const la = labels[a];
      const row = offsets[a];
      const at = a * k;
      for (let b = a + 1; b < m; b++) {
        const d = values[row + b];
        table[at + labels[b]] += d;
        table[b * k + la] += d;
      }
    }
  }
  let total = 0;
  for (let a = 0; a < m; a++) {
    sums.fill(0);
    if (table !== null) {
      for (let c = 0; c < k; c++) sums[c] = table[a * k + c];
    } else {
      for (let b = 0; b < m; b++) {
        if (b === a) continue;
        let d = 0;
        for (let j = 0; j < p; j++) {
          const diff = columns[j][a] - columns[j][b];
          d += diff * diff;
        }
        sums[labels[b]] += Math.sqrt(d);
      }
    }
    const own = labels[a];
    if (sizes[own] <= 1) continue;
    const within = sums[own] / (sizes[own] - 1);
    let nearest = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0) nearest = Math.min(nearest, sums[c] / sizes[c]);
    if (nearest === Infinity) continue;
    total += (nearest - within) / Math.max(within, nearest);
  }
  return total / m;
}

function elbowOf(curve: readonly { k: number; inertia: number }[]): number {
  const first = curve[0];
  const last = curve[curve.length - 1];
  const spanK = last.k - first.k;
  const spanI = first.inertia - last.inertia || 1;
  let best = first.k;
  let bestGap = -Infinity;
  for (const point of curve) {
    const x = (point.k - first.k) / spanK;
    const y = (first.inertia - point.inertia) / spanI; // 0 → 1 as inertia falls
    const gap = y - x; // height above the chord
    if (gap > bestGap) {
      bestGap = gap;
      best = point.k;
    }
  }
  return best;
}

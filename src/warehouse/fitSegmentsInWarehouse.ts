import { requireSkip } from '../internal/requireSkip.js';
import * as z from 'zod';
import { CustomerValueError } from '../errors.js';
import { requireRows } from '../internal/columnReader.js';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import { parseSpec, specError } from '../internal/parseSpec.js';
import { seededRandom } from '../internal/random.js';
import { notVaryingError, type FeatureScaling } from '../segmentation/featureScaling.js';
import { profilesFromSums, tooFewDistinctRows, type SegmentsModel } from '../segmentation/fitSegments.js';
import { kmeansPlusPlus, lloyd, type KmeansRun } from '../segmentation/kmeansKernel.js';
import { segmentsSpecSchema, type SegmentsSpec } from '../segmentation/segmentsSpec.js';
import {
  distinctRowsSql,
  farthestRowsSql,
  finalAssignmentSql,
  lloydPassSql,
  quartilesSql,
  sampleSql,
  standardizationSql,
  type KmeansSqlScaling,
  type KmeansSqlTable,
} from './kmeansSql.js';
import { warehouseNumber, type WarehouseEngine, type WarehouseRow, type WarehouseStage } from './warehouseEngine.js';
import { warehouseDoor, type WarehouseTableOptions } from '../internal/warehouseDoor.js';
import { warehouseTableOptionsSchema } from './warehouseJob.js';

const FN = 'fitSegmentsInWarehouse';

const optionsSchema = warehouseTableOptionsSchema.extend({
  key: z.string().min(1).optional(),
  sampleSize: z.number().int().min(10).max(1_000_000).default(10_000),
});

/** Where the customers are, for `fitSegmentsInWarehouse`. */
export interface FitSegmentsInWarehouseOptions extends WarehouseTableOptions {
  /**
   * A column identifying rows (the customer id): the k-means++ sample is ordered by a hash of it
   * and the seed. Default: a hash of the feature values themselves (duplicated rows then sort together).
   */
  readonly key?: string;
  /** Rows drawn for the k-means++ starts (default 10,000, at most 1,000,000): the only rows that leave the engine. */
  readonly sampleSize?: number;
}

const stage = (name: string): WarehouseStage => ({ function: FN, stage: name });

/** Read the numbers of a GROUP BY cluster result into sizes and per-cluster sums (`prefix_j`); refuses a cluster index outside 0…k−1. */
function clusterSums(rows: readonly WarehouseRow[], where: WarehouseStage, k: number, p: number, prefix: string) {
  const sizes = new Float64Array(k);
  const sums = new Float64Array(k * p);
  let inertia = 0;
  let changed = 0;
  rows.forEach((row, i) => {
    const c = warehouseNumber(row.cluster, where, 'cluster', i);
    if (!(Number.isInteger(c) && c >= 0 && c < k)) {
      throw new CustomerValueError('engine_failed', `${FN}: the ${where.stage} query returned a cluster outside 0…${k - 1}`, [
        { function: FN, column: 'cluster', row: i, expected: `an integer from 0 to ${k - 1}`, received: String(c) },
      ]);
    }
    sizes[c] = warehouseNumber(row.size, where, 'size', i);
    for (let j = 0; j < p; j++) sums[c * p + j] = warehouseNumber(row[`${prefix}_${j}`], where, `${prefix}_${j}`, i);
    inertia += warehouseNumber(row.inertia, where, 'inertia', i);
    if ('changed' in row) changed += warehouseNumber(row.changed, where, 'changed', i);
  });
  return { sizes, sums, inertia, changed };
}

const rowsOfCenters = (centers: Float64Array, k: number, p: number) => Array.from({ length: k }, (_, c) => Array.from(centers.subarray(c * p, (c + 1) * p)));

/**
 * `fitSegments` inside a SQL engine: k-means on a customer table that never leaves the engine —
 * only aggregates, a seeded sample of `sampleSize` rows and the per-cluster sums of each pass
 * cross to Node. Returns the same plain `segments` model as `fitSegments` (so `parseModel`,
 * `compileScorer`, `scoreSegments` and `toSql` take it), with `fitted.n` the rows used and
 * `fitted.skipped` the rows left out for a NULL or NaN feature.
 *
 * The stages, each one query through the engine's `query` function:
 * 1. `standardization`: row counts, and per feature `AVG` and `STDDEV_SAMP` over the kept rows
 *    (the mean and sample SD of `fitSegments`' `'zscore'`; the engine's own summation order, so
 *    they agree with the in-memory values to rounding, ~1e-15 relative). A kept row with an
 *    infinite feature is refused (`invalid_value`), as `fitSegments` does.
 *    With `standardize: 'robust'`, a `quartiles` query gives the median and the interquartile
 *    range by linear interpolation between order statistics, as `fitSegments` (DuckDB
 *    `quantile_cont`, PostgreSQL and Snowflake `PERCENTILE_CONT … WITHIN GROUP`, Spark
 *    `percentile`, BigQuery `PERCENTILE_CONT … OVER ()`); `'none'` needs neither.
 * 2. `distinct rows`: k must not exceed the distinct rows (`SELECT DISTINCT … LIMIT k`).
 * 3. `sample`: at most `sampleSize` kept rows, ordered by a hash of the key (or the feature
 *    values) and the seed — DuckDB `hash`, PostgreSQL `md5` (of `float8send`, or of the key's
 *    text), Spark `xxhash64`, BigQuery `FARM_FINGERPRINT`, Snowflake `HASH` — so the same table,
 *    seed and engine version give the same sample whatever the physical row order (each
 *    dialect its own sample, and a new engine version may change its hash). In JavaScript, the
 *    `restarts` k-means++ draws of `fitSegments` (same seeded RNG, same seeds per restart) each
 *    run Lloyd's algorithm on the sample, and the lowest sample inertia gives the starting
 *    centers. Restarts are thus compared on the sample, not the full table (with `spec.init`,
 *    the given centers are used and no sample is drawn). They cost no engine query, so raise
 *    `restarts` on data with many local optima: the engine sees the rows in its own order, and
 *    k-means' result depends on the order as on the seed (on Wholesale customers, `fitSegments`
 *    with 10 restarts lands within 0.1% of its file-order inertia for only 10 of 30 shuffles of
 *    the rows, with 100 restarts for 29 of 30).
 * 4. `lloyd pass 1`, `lloyd pass 2`, …: each a `GROUP BY` query assigning every row to its
 *    nearest center (squared distances summed in feature order, `LEAST` over the k distances,
 *    the first of equally near centers as the JS kernel) and returning per-cluster counts and
 *    sums, the inertia and, from pass 2, the number of rows whose nearest center changed since
 *    the previous centers. As `fitSegments`' kernel: centers move to their members' means;
 *    stop when the centers move less than `tolerance` (squared, summed) or no row changes
 *    cluster, or after `maxIterations`. An empty cluster is re-seeded at the row farthest from
 *    its nearest center (stage `reseed`).
 * 5. `final assignment`: the inertia under the fitted centers, and per-cluster sizes and sums
 *    of the raw features for the profiles.
 *
 * Tested in DuckDB and PostgreSQL against `fitSegments` on the same data and seed (Mall
 * Customers, Wholesale customers, generated data with NULLs and NaN): inertia within 0.1%.
 * Not supported in the engine: `missing: 'error'` (say `'skip'`; plain SQL cannot stop at a
 * missing value in every engine) and choosing k (`chooseK`): run it on a sample and pass the k
 * it picks.
 *
 * @param engine The engine: its `dialect` and `query` function (see `WarehouseEngine`).
 * @param spec `fitSegments`' spec, with `missing: 'skip'`.
 * @param options The table, an optional key column, the sample size and `onProgress` (called after each stage, e.g. each Lloyd pass).
 * @throws {CustomerValueError} `invalid_spec` (a bad spec or options, an unsupported dialect, `missing` other than `'skip'`, k above the distinct rows); `invalid_value` (an infinite or constant feature); `too_few_rows`; `engine_failed` naming the stage and the engine's message (a missing table or column, an engine error at any pass): no partial model is ever returned.
 * @example
 * const queries = [];
 * const engine = { dialect: 'postgres', query: (sql) => { queries.push(sql); throw new Error('relation "customers" does not exist'); } };
 * const error = await fitSegmentsInWarehouse(engine, { features: ['visits', 'spend'], k: 3, missing: 'skip' }, { table: 'customers' }).catch((e) => e);
 * error.code; // => 'engine_failed'
 * error.message.split('\n')[0]; // => 'fitSegmentsInWarehouse: the standardization query failed in the engine: relation "customers" does not exist'
 * queries[0].includes('STDDEV_SAMP'); // => true
 */
export async function fitSegmentsInWarehouse(engine: WarehouseEngine, spec: SegmentsSpec, options: FitSegmentsInWarehouseOptions): Promise<SegmentsModel> {
  const { options: o, job } = warehouseDoor(FN, engine, options, optionsSchema);
  const s = parseSpec(segmentsSpecSchema, spec, FN);
  requireSkip(FN, s.missing, "pass missing: 'skip' (rows with a NULL or NaN feature are left out and counted in fitted.skipped)");
  const k = s.k;
  const p = s.features.length;
  if (s.init && (s.init.length !== k || s.init.some((row) => row.length !== p))) {
    throw specError(FN, 'spec.init', `${k} starting centers of ${p} features each`, `${s.init.length} rows`);
  }
  if (o.sampleSize < k) throw specError(FN, 'options.sampleSize', `at least k = ${k} rows`, String(o.sampleSize));
  const table: KmeansSqlTable = { dialect: engine.dialect, table: o.table, features: s.features, ...(o.key !== undefined ? { key: o.key } : {}), fn: FN };
  const run = (name: string, sql: string) => job.query(name, sql);

  // 1. standardization
  const where = stage('standardization');
  const [stats] = await run('standardization', standardizationSql(table));
  if (stats === undefined)
    throw new CustomerValueError('engine_failed', `${FN}: the standardization query returned no row`, [
      { function: FN, expected: 'one row', received: 'none' },
    ]);
  const total = warehouseNumber(stats.rows, where, 'rows', 0);
  const skipped = warehouseNumber(stats.skipped, where, 'skipped', 0);
  s.features.forEach((feature, j) => {
    const infinite = warehouseNumber(stats[`infinite_${j}`], where, `infinite_${j}`, 0);
    if (infinite > 0) {
      throw new CustomerValueError('invalid_value', `${FN}: ${infinite} rows have an infinite value in feature "${feature}"`, [
        { function: FN, column: feature, expected: 'a finite number (or NULL, skipped)', received: `${infinite} infinite values` },
      ]);
    }
  });
  const n = total - skipped;
  requireRows(FN, n, Math.max(2, k), 'rows (at least k)');
  const quartiles = s.standardize === 'robust' ? (await run('quartiles', quartilesSql(table)))[0] : undefined;
  const scaling: FeatureScaling[] = s.features.map((feature, j) => {
    if (s.standardize === 'none') return { feature, center: 0, scale: 1 };
    if (s.standardize === 'robust') {
      const at = stage('quartiles');
      const center = warehouseNumber(quartiles?.[`median_${j}`], at, `median_${j}`, 0);
      const scale = warehouseNumber(quartiles?.[`q3_${j}`], at, `q3_${j}`, 0) - warehouseNumber(quartiles?.[`q1_${j}`], at, `q1_${j}`, 0);
      if (!(scale > 0)) throw notVaryingError(FN, feature, s.standardize);
      return { feature, center, scale };
    }
    const center = warehouseNumber(stats[`mean_${j}`], where, `mean_${j}`, 0);
    const scale = warehouseNumber(stats[`sd_${j}`], where, `sd_${j}`, 0);
    if (!(scale > 0)) throw notVaryingError(FN, feature, s.standardize);
    return { feature, center, scale };
  });
  const sqlScaling: KmeansSqlScaling[] = scaling.map(({ center, scale }) => ({ center, inverse: 1 / scale }));

  // 2. distinct rows
  const [distinctRow] = await run('distinct rows', distinctRowsSql(table, sqlScaling, k));
  const distinct = warehouseNumber(distinctRow?.distinct_rows, stage('distinct rows'), 'distinct_rows', 0);
  if (distinct < k) throw tooFewDistinctRows(FN, k, distinct);

  // 3. starting centers: given, or k-means++ (with restarts) on a seeded sample
  let centers: Float64Array;
  if (s.init) {
    centers = new Float64Array(k * p);
    s.init.forEach((row, c) => row.forEach((v, j) => (centers[c * p + j] = (v - scaling[j].center) / scaling[j].scale)));
  } else {
    const sampleRows = await run('sample', sampleSql(table, sqlScaling, s.seed, o.sampleSize));
    const m = sampleRows.length;
    const sample = new Float64Array(m * p);
    sampleRows.forEach((row, i) => {
      for (let j = 0; j < p; j++) sample[i * p + j] = warehouseNumber(row[`x${j}`], stage('sample'), `x${j}`, i);
    });
    if (m < k)
      throw new CustomerValueError('engine_failed', `${FN}: the sample query returned ${m} rows, fewer than k = ${k}`, [
        { function: FN, expected: `at least ${k} rows`, received: String(m) },
      ]);
    let best: KmeansRun | null = null;
    for (let r = 0; r < s.restarts; r++) {
      const random = seededRandom(s.seed * 1_000_003 + r);
      const attempt = lloyd(sample, m, p, kmeansPlusPlus(sample, m, p, k, random), k, s.maxIterations, s.tolerance);
      // ties within rounding go to the earlier restart: two restarts reaching one partition
      // differ only in rounding (the engine's mean and SD), which must not pick the label order
      if (best === null || attempt.inertia < best.inertia * (1 - 1e-12)) best = attempt;
    }
    centers = Float64Array.from((best as KmeansRun).centers);
  }

  // 4. Lloyd passes, in the order of the JS kernel (`lloyd`)
  let pass = 1;
  let current = await run(`lloyd pass ${pass}`, lloydPassSql(table, sqlScaling, rowsOfCenters(centers, k, p)));
  let { sizes, sums } = clusterSums(current, stage(`lloyd pass ${pass}`), k, p, 'sum');
  let converged = false;
  let iteration: number;
  for (iteration = 1; iteration <= s.maxIterations; iteration++) {
    let reseeded = false;
    const empty = Array.from({ length: k }, (_, c) => c).filter((c) => sizes[c] === 0);
    if (empty.length > 0) {
      reseeded = true;
      const where = stage(`reseed after lloyd pass ${pass}`);
      const far = await run(where.stage, farthestRowsSql(table, sqlScaling, rowsOfCenters(centers, k, p), empty.length));
      if (far.length < empty.length) {
        throw new CustomerValueError('engine_failed', `${FN}: the ${where.stage} query returned ${far.length} rows for ${empty.length} empty clusters`, [
          { function: FN, expected: `${empty.length} rows`, received: String(far.length) },
        ]);
      }
      far.forEach((row, i) => {
        const old = warehouseNumber(row.cluster, where, 'cluster', i);
        const c = empty[i];
        sizes[old]--;
        sizes[c] = 1;
        for (let j = 0; j < p; j++) {
          const v = warehouseNumber(row[`x${j}`], where, `x${j}`, i);
          sums[old * p + j] -= v;
          sums[c * p + j] = v;
        }
      });
    }
    const previous = Float64Array.from(centers);
    let shift = 0;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < p; j++) {
        const updated = sums[c * p + j] / sizes[c];
        const diff = updated - previous[c * p + j];
        shift += diff * diff;
        centers[c * p + j] = updated;
      }
    }
    if (shift <= s.tolerance) {
      converged = true;
      break;
    }
    pass++;
    current = await run(`lloyd pass ${pass}`, lloydPassSql(table, sqlScaling, rowsOfCenters(centers, k, p), rowsOfCenters(previous, k, p)));
    const next = clusterSums(current, stage(`lloyd pass ${pass}`), k, p, 'sum');
    ({ sizes, sums } = next);
    // after a re-seed, a row's label is not its nearest previous center: changes are not counted from it
    if (next.changed === 0 && !reseeded) {
      converged = true;
      break;
    }
  }
  const finalCenters = rowsOfCenters(centers, k, p);

  // 5. the final assignment: inertia and profiles
  const finalWhere = stage('final assignment');
  const final = await run('final assignment', finalAssignmentSql(table, sqlScaling, finalCenters));
  const finalSums = clusterSums(final, finalWhere, k, p, 'raw');
  const overall = new Float64Array(p);
  const squares = new Float64Array(p);
  final.forEach((row, i) => {
    for (let j = 0; j < p; j++) {
      overall[j] += warehouseNumber(row[`raw_${j}`], finalWhere, `raw_${j}`, i);
      squares[j] += warehouseNumber(row[`square_${j}`], finalWhere, `square_${j}`, i);
    }
  });
  const assigned = finalSums.sizes.reduce((a, b) => a + b, 0);
  if (assigned !== n) {
    throw new CustomerValueError('engine_failed', `${FN}: the final assignment counted ${assigned} rows, but the standardization counted ${n}`, [
      { function: FN, expected: `${n} rows`, received: String(assigned), hint: 'the table changed while the fit ran: fit on a snapshot' },
    ]);
  }
  return {
    kind: 'segments',
    version: MODEL_VERSION,
    spec: s,
    scaling,
    centers: finalCenters,
    profiles: profilesFromSums(s.features, finalSums.sizes, finalSums.sums, overall, squares, n),
    fitted: { n, skipped, warnings: [], diagnostics: { inertia: finalSums.inertia, iterations: Math.min(iteration, s.maxIterations), converged } },
  };
}

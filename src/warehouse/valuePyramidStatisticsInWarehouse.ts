import { requireRows } from '../internal/columnReader.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { ScoreTerm, ValueColumn } from '../internal/valueTableSql.js';
import { refusedValues, STATISTICS_SKIP_HINT, warehouseDoor, type WarehouseTableOptions } from '../internal/warehouseDoor.js';
import { requireSkip } from '../internal/requireSkip.js';
import { CUMULATIVE_SLACK, cumulativeCutShares, negativeValueError, quantileCutRanks, scalingFromStatistics } from '../value/pyramidScaling.js';
import type { ValuePyramidStatistics } from '../value/valuePyramidStatistics.js';
import { valuePyramidSpecSchema, type ValuePyramidSpec } from '../value/valuePyramidSpec.js';
import { valueMomentsSql } from './valueMomentsSql.js';
import { valueCumulativeCutsSql } from './valueCumulativeCutsSql.js';
import { valueScoreRanksSql } from './valueScoreRanksSql.js';
import { valueTierTallySql } from './valueTierTallySql.js';
import { engineFailure, warehouseNumber, type WarehouseEngine, type WarehouseRow, type WarehouseStage } from './warehouseEngine.js';

const FN = 'valuePyramidStatisticsInWarehouse';

function firstRow(rows: readonly WarehouseRow[], where: WarehouseStage): WarehouseRow {
  if (rows.length !== 1) throw engineFailure(where, `the query returned ${rows.length} rows, not 1`);
  return rows[0];
}

/**
 * Compute in a SQL engine everything `fitValuePyramid` learns from the customers — the
 * dimensions' moments, the customers at the tier cuts, the tier tallies — so that no customer
 * row leaves the engine; pass the result to `fitValuePyramid` in place of the table. The model
 * equals the raw-row fit on the same rows: cut customers and tier counts exactly, `minmax`
 * scaling exactly (the range is two data values), `zscore` mean and SD, value shares and mean
 * value to the rounding of the engine's sums (≤ 1e-12 relative in the tests).
 *
 * Three queries on `options.table` (one row per customer; four under `cumulativeShare`), each
 * named as a stage in errors:
 * 1. `moments` (`valueMomentsSql`): rows, kept rows, refused values, `MIN`/`MAX` of x,
 *    `AVG`/`STDDEV_SAMP` of t(x) for `zscore` dimensions. The engine's average and sample SD
 *    add in another order than the in-memory Welford pass: they agree to rounding. log1p is
 *    computed as `LN(1 + x) · x / ((1 + x) − 1)` (no engine but Spark has log1p), within a few
 *    ulps of `Math.log1p`; the range of a log1p dimension is log1p of the engine's `MIN`/`MAX`
 *    of x, in JavaScript, so it is exact.
 * 2. `cuts` (`cumulativeShare` only, `valueCumulativeCutsSql`): the value score computed in the
 *    engine with that scaling, and the first descending rank whose running `SUM(score) OVER
 *    (ORDER BY score DESC ROWS ...)` reaches each tier's cumulative share of the total, and the
 *    lowest score: a negative one (shares of a total need non-negative values) is refused here,
 *    before the two queries below.
 * 3. `ranks` (`valueScoreRanksSql`): the score ranked with `ROW_NUMBER() OVER (ORDER BY score
 *    DESC)` in every dialect; only the customers at the cut ranks (and the last) come back. For
 *    `quantile` tiers the ranks ⌈c_j·n⌉ are computed in integers in JavaScript: the exact
 *    type-1 quantile of the score. The score is added in dimension order as the in-memory
 *    kernel does (bit-equal without log1p); the returned customers' values are scored in
 *    JavaScript, so a threshold is exactly a customer's score under the model's scaling.
 * 4. `tiers` (`valueTierTallySql`): customers and summed score per tier, the engine's scores
 *    compared with the engine's scores of the cut customers.
 *
 * Per dialect only quoting and the NaN test differ (`x = CAST('NaN' AS DOUBLE)` in DuckDB,
 * PostgreSQL and Snowflake, `isnan` in Spark, `IS_NAN` in BigQuery). Rows with a NULL or NaN in
 * a spec column are skipped and counted (`rows − n`); `missing` must be `'skip'`, said
 * explicitly. Executed in tests in DuckDB and PostgreSQL; Spark, BigQuery and Snowflake text is
 * snapshot-checked.
 *
 * @param engine A `WarehouseEngine`: its `dialect` picks the SQL, its `query` runs it.
 * @param spec The `fitValuePyramid` spec (with `missing: 'skip'`); fit with the same spec.
 * @param options `table`: the customer table, one row per customer; `onProgress`, called after each stage.
 * @throws {CustomerValueError} `invalid_spec` (engine, options, spec, `missing` other than
 * 'skip'); `invalid_value` (±Infinity or, under log1p, ≤ −1 in a column; a constant scaled
 * column); `too_few_rows`; `engine_failed` naming the stage (a missing table or column, any engine error).
 * @example
 * // a stand-in engine answering the four stages (use a real one: a DuckDB or pg client)
 * const answers = [
 *   [{ rows: 4, n: 4, refused_0: 0, min_0: 0, max_0: 90, mean_0: null, sd_0: null }],
 *   [{ cut_0: 1, cut_1: 2, n: 4, lowest: 0 }],
 *   [{ rank: 1, __cv_x0: 90, score: 90 }, { rank: 2, __cv_x0: 10, score: 10 }, { rank: 4, __cv_x0: 0, score: 0 }],
 *   [{ tier: 0, customers: 1, value: 90 }, { tier: 1, customers: 1, value: 10 }, { tier: 2, customers: 2, value: 0 }],
 * ];
 * const engine = { dialect: 'duckdb', query: () => answers.shift() };
 * const spec = { dimensions: [{ column: 'profit', scale: 'none' }], tiers: { method: 'cumulativeShare' }, missing: 'skip' };
 * const statistics = await valuePyramidStatisticsInWarehouse(engine, spec, { table: 'customers' });
 * const model = fitValuePyramid(statistics, spec);
 * model.thresholds; // => [90, 10]
 * model.fitted.diagnostics.customersPerTier; // => [1, 1, 2]
 */
export async function valuePyramidStatisticsInWarehouse(
  engine: WarehouseEngine,
  spec: ValuePyramidSpec,
  options: WarehouseTableOptions,
): Promise<ValuePyramidStatistics> {
  const {
    options: { table },
    job,
  } = warehouseDoor(FN, engine, options);
  const dialect = engine.dialect;
  const s = parseSpec(valuePyramidSpecSchema, spec, FN);
  requireSkip(FN, s.missing, STATISTICS_SKIP_HINT);
  const columns: ValueColumn[] = s.dimensions.map((d) => ({ column: d.column, log1p: d.transform === 'log1p' }));
  const log1p = columns.map((c) => c.log1p);

  const moments: WarehouseStage = { function: FN, stage: 'moments' };
  const sql1 = valueMomentsSql(
    FN,
    dialect,
    table,
    s.dimensions.map((d, i) => ({ ...columns[i], moments: d.scale === 'zscore' })),
  );
  const m = firstRow(await job.query(moments.stage, sql1), moments);
  const rows = warehouseNumber(m.rows, moments, 'rows', 0);
  const n = warehouseNumber(m.n, moments, 'n', 0);
  s.dimensions.forEach((d, i) => {
    const refused = warehouseNumber(m[`refused_${i}`], moments, `refused_${i}`, 0);
    if (refused > 0) throw refusedValues(FN, d.column, refused, log1p[i]);
  });
  requireRows(FN, n, 2, 'customers');
  const dimensions = s.dimensions.map((d, i) => {
    const zscore = d.scale === 'zscore';
    return {
      column: d.column,
      transform: d.transform,
      mean: zscore ? warehouseNumber(m[`mean_${i}`], moments, `mean_${i}`, 0) : null,
      sd: zscore ? warehouseNumber(m[`sd_${i}`], moments, `sd_${i}`, 0) : null,
      min: warehouseNumber(m[`min_${i}`], moments, `min_${i}`, 0),
      max: warehouseNumber(m[`max_${i}`], moments, `max_${i}`, 0),
    };
  });
  const scaling = scalingFromStatistics(FN, s.dimensions, dimensions);
  const terms: ScoreTerm[] = scaling.map((sc) => ({ a: sc.weight / sc.spread, c: sc.center }));

  const shares = s.tiers.cuts.map((c) => c.share);
  let cutRanks: number[];
  if (s.tiers.method === 'quantile') {
    cutRanks = quantileCutRanks(n, shares);
  } else {
    const cutsStage: WarehouseStage = { function: FN, stage: 'cuts' };
    const sql = valueCumulativeCutsSql(FN, dialect, table, columns, terms, cumulativeCutShares(shares), CUMULATIVE_SLACK);
    const row = firstRow(await job.query(cutsStage.stage, sql), cutsStage);
    const counted = warehouseNumber(row.n, cutsStage, 'n', 0);
    if (counted !== n) throw engineFailure(cutsStage, `the query counted ${counted} customers, the moments query ${n}: did the table change?`);
    // refused here, before the ranks and tiers queries (fitValuePyramid checks the cut customers' scores again)
    const lowest = warehouseNumber(row.lowest, cutsStage, 'lowest', 0);
    if (lowest < 0) throw negativeValueError(FN, lowest);
    cutRanks = shares.slice(0, -1).map((_, j) => warehouseNumber(row[`cut_${j}`], cutsStage, `cut_${j}`, 0));
  }

  const ranksStage: WarehouseStage = { function: FN, stage: 'ranks' };
  const ranked = await job.query(ranksStage.stage, valueScoreRanksSql(FN, dialect, table, columns, terms, [...cutRanks, n]));
  const byRank = new Map<number, { values: number[]; score: number }>();
  ranked.forEach((row, r) => {
    const rank = warehouseNumber(row.rank, ranksStage, 'rank', r);
    byRank.set(rank, {
      values: columns.map((_, i) => warehouseNumber(row[`__cv_x${i}`], ranksStage, `__cv_x${i}`, r)),
      score: warehouseNumber(row.score, ranksStage, 'score', r),
    });
  });
  const customerAt = (rank: number) => {
    const customer = byRank.get(rank);
    if (customer === undefined) throw engineFailure(ranksStage, `no customer came back at rank ${rank} of ${n}`);
    return customer;
  };
  const cuts = cutRanks.map((rank) => ({ rank, values: customerAt(rank).values }));
  const lowest = customerAt(n).values;
  // the tally compares the engine's scores with the engine's score of each cut customer, so a
  // log1p dimension (engine and JavaScript log1p may differ by an ulp) cannot move the cut
  // customer below its own threshold; without log1p both scores are the same double
  const engineThresholds = cutRanks.map((rank) => customerAt(rank).score);

  const tiersStage: WarehouseStage = { function: FN, stage: 'tiers' };
  const tally = await job.query(tiersStage.stage, valueTierTallySql(FN, dialect, table, columns, terms, engineThresholds));
  const customers = new Array<number>(shares.length).fill(0);
  const value = new Array<number>(shares.length).fill(0);
  tally.forEach((row, r) => {
    const tier = warehouseNumber(row.tier, tiersStage, 'tier', r);
    if (!Number.isInteger(tier) || tier < 0 || tier >= shares.length) throw engineFailure(tiersStage, `tier ${tier} is not one of 0..${shares.length - 1}`);
    customers[tier] = warehouseNumber(row.customers, tiersStage, 'customers', r);
    value[tier] = warehouseNumber(row.value, tiersStage, 'value', r);
  });
  return { summary: 'valuePyramidStatistics', rows, n, dimensions, cuts, lowest, tiers: { customers, value } };
}

import { requireRows } from '../internal/columnReader.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { ValueColumn } from '../internal/valueTableSql.js';
import { refusedValues, STATISTICS_SKIP_HINT, warehouseDoor, type WarehouseTableOptions } from '../internal/warehouseDoor.js';
import { requireSkip } from '../internal/requireSkip.js';
import type { RfmStatistics } from '../value/rfmStatistics.js';
import { RFM_DIMENSIONS, rfmSpecSchema, type RfmSpec } from '../value/rfmSpec.js';
import { rfmAtOrBelowSql, rfmQuantilesSql } from './rfmQuantilesSql.js';
import { valueMomentsSql } from './valueMomentsSql.js';
import { engineFailure, warehouseNumber, type WarehouseEngine, type WarehouseStage } from './warehouseEngine.js';

const FN = 'rfmStatisticsInWarehouse';

/**
 * Compute in a SQL engine everything `fitRfm` learns from the customers — per dimension the
 * exact type-1 quantiles at 1/k, …, (k−1)/k and how many customers are at or below each — so
 * that no customer row leaves the engine; pass the result to `fitRfm` in place of the table.
 * The model equals the raw-row fit on the same rows exactly: thresholds are data values, score
 * counts are counts.
 *
 * Three queries on `options.table` (one row per customer), each named as a stage in errors:
 * 1. `moments` (`valueMomentsSql`): rows, kept rows (no NULL or NaN in the three columns) and
 *    refused values (±Infinity, which the in-memory fit refuses too).
 * 2. `quantiles` (`rfmQuantilesSql`): the value at ascending rank ⌈b·n/k⌉, the rank computed in
 *    integers in JavaScript. Per dialect: DuckDB
 *    `quantile_disc(x, p)`; PostgreSQL and Snowflake `PERCENTILE_DISC(p) WITHIN GROUP (ORDER
 *    BY x)`, with p = (rank − ½)/n so no rounding of p·n can move the rank; Spark and BigQuery
 *    the `ROW_NUMBER() OVER (ORDER BY x)` form (BigQuery's `PERCENTILE_DISC` is analytic-only,
 *    `APPROX_QUANTILES` is not exact, and Spark's `percentile_disc` changed definition in 3.5).
 *    Ties return the tied value in every form, as the in-memory sort does.
 * 3. `counts` (`rfmAtOrBelowSql`): per threshold, the customers at or below it (score counts).
 *
 * Rows with a NULL or NaN in a spec column are skipped and counted (`rows − n`); `missing`
 * must be `'skip'`, said explicitly. Executed in tests in DuckDB and PostgreSQL (both forms);
 * Spark, BigQuery and Snowflake text is snapshot-checked.
 *
 * @param engine A `WarehouseEngine`: its `dialect` picks the SQL, its `query` runs it.
 * @param spec The `fitRfm` spec (with `missing: 'skip'`); fit with the same spec.
 * @param options `table`: the customer table, one row per customer; `onProgress`, called after each stage.
 * @throws {CustomerValueError} `invalid_spec` (engine, options, spec, `missing` other than
 * 'skip'); `invalid_value` (±Infinity in a column); `too_few_rows` (fewer customers than bins);
 * `engine_failed` naming the stage (a missing table or column, any engine error).
 * @example
 * // a stand-in engine answering the three stages (use a real one: a DuckDB or pg client)
 * const answers = [
 *   [{ rows: 5, n: 4, refused_0: 0, refused_1: 0, refused_2: 0 }],
 *   [{ q_0_1: 3, q_1_1: 1, q_2_1: 20 }],
 *   [{ c_0_1: 2, c_1_1: 3, c_2_1: 2 }],
 * ];
 * const engine = { dialect: 'postgres', query: () => answers.shift() };
 * const spec = { recency: { column: 'r', better: 'lower' }, frequency: { column: 'f' }, monetary: { column: 'm' }, bins: 2, missing: 'skip' };
 * const model = fitRfm(await rfmStatisticsInWarehouse(engine, spec, { table: 'customers' }), spec);
 * model.thresholds; // => { recency: [3], frequency: [1], monetary: [20] }
 * model.fitted.diagnostics.scoreCounts.recency; // => [2, 2]
 * model.fitted.skipped; // => 1
 */
export async function rfmStatisticsInWarehouse(engine: WarehouseEngine, spec: RfmSpec, options: WarehouseTableOptions): Promise<RfmStatistics> {
  const {
    options: { table },
    job,
  } = warehouseDoor(FN, engine, options);
  const dialect = engine.dialect;
  const s = parseSpec(rfmSpecSchema, spec, FN);
  requireSkip(FN, s.missing, STATISTICS_SKIP_HINT);
  const columns: ValueColumn[] = RFM_DIMENSIONS.map((d) => ({ column: s[d].column, log1p: false }));

  const count: WarehouseStage = { function: FN, stage: 'moments' };
  const counted = await job.query(
    count.stage,
    valueMomentsSql(
      FN,
      dialect,
      table,
      columns.map((c) => ({ ...c, moments: false })),
    ),
  );
  if (counted.length !== 1) throw engineFailure(count, `the query returned ${counted.length} rows, not 1`);
  const m = counted[0];
  const rows = warehouseNumber(m.rows, count, 'rows', 0);
  const n = warehouseNumber(m.n, count, 'n', 0);
  columns.forEach((c, i) => {
    const refused = warehouseNumber(m[`refused_${i}`], count, `refused_${i}`, 0);
    if (refused > 0) throw refusedValues(FN, c.column, refused, false);
  });
  requireRows(FN, n, s.bins, 'customers (at least one per bin)');

  const stage: WarehouseStage = { function: FN, stage: 'quantiles' };
  const result = await job.query(stage.stage, rfmQuantilesSql(FN, dialect, table, columns, n, s.bins));
  if (result.length !== 1) throw engineFailure(stage, `the query returned ${result.length} rows, not 1`);
  const q = result[0];
  const thresholds = columns.map((_, i) => Array.from({ length: s.bins - 1 }, (_b, b) => warehouseNumber(q[`q_${i}_${b + 1}`], stage, `q_${i}_${b + 1}`, 0)));

  const countStage: WarehouseStage = { function: FN, stage: 'counts' };
  const counts = await job.query(countStage.stage, rfmAtOrBelowSql(FN, dialect, table, columns, thresholds));
  if (counts.length !== 1) throw engineFailure(countStage, `the query returned ${counts.length} rows, not 1`);
  const dimension = (i: number) => ({
    column: columns[i].column,
    thresholds: thresholds[i],
    atOrBelow: thresholds[i].map((_t, b) => warehouseNumber(counts[0][`c_${i}_${b + 1}`], countStage, `c_${i}_${b + 1}`, 0)),
  });
  return { summary: 'rfmStatistics', rows, n, bins: s.bins, recency: dimension(0), frequency: dimension(1), monetary: dimension(2) };
}

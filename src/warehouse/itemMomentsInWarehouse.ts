import { CustomerValueError } from '../errors.js';
import { requireRows } from '../internal/columnReader.js';
import type { ItemMoments } from '../satisfaction/itemMoments.js';
import { itemMomentsQuery, type SurveyItemMomentsSqlSpec } from './surveyItemMomentsSql.js';
import { engineFailure, warehouseNumber, type WarehouseEngine, type WarehouseStage } from './warehouseEngine.js';
import { warehouseDoor, type WarehouseTableOptions } from '../internal/warehouseDoor.js';

const FN = 'itemMomentsInWarehouse';
const STAGE: WarehouseStage = { function: FN, stage: 'item moments' };

/**
 * The item moments of a survey table computed inside a SQL engine (`surveyItemMomentsSql`, one
 * query, one row back): the `ItemMoments` that `fitSatisfactionIndex`, `cronbachAlpha`, `kmo`
 * and `bartlettSphericity` accept in place of the rows. Only p(p + 9)/2 + 2 numbers leave
 * the engine, whatever the number of respondents. Every value is read exactly (`number`,
 * `bigint` or decimal text); `skipped` is `all_rows − n` (rows with a NULL or NaN answer).
 * The engine's sums run in its own order, so the moments equal `itemMoments` on the same rows
 * to double rounding and the fits on them equal the fits on the rows to 1e-9 (tested in DuckDB
 * and PostgreSQL on the ECSI survey and on generated answers with NULL and NaN).
 *
 * @param engine A `WarehouseEngine` (`dialect` and `query`).
 * @param spec `items` and `missing: 'skip'`.
 * @param options `table` and `onProgress` (one stage, `item moments`).
 * @throws {CustomerValueError} `invalid_spec` (a bad engine, spec or table name); `engine_failed` naming the stage `item moments` and the engine's message (a table or column that does not exist, a non-numeric column), or a result that is not one row of numbers; `invalid_value` (an infinite answer, which the rows path refuses too); `too_few_rows` (fewer than 2 complete answers).
 * @example
 * // a stand-in engine returning the one row DuckDB would; in use: customer-value/duckdb, or ten lines around your client
 * const engine = {
 *   dialect: 'duckdb',
 *   query: () => [{ all_rows: 6n, n: 5n, infinite_0: 0n, infinite_1: 0n, mean_0: 3.6, min_0: 2, max_0: 5, mean_1: 3.6, min_1: 2, max_1: 5, cov_0_0: 1.3, cov_0_1: 1.05, cov_1_1: 1.3 }],
 * };
 * const moments = await itemMomentsInWarehouse(engine, { items: ['q1', 'q2'], missing: 'skip' }, { table: 'survey' });
 * [moments.n, moments.skipped]; // => [5, 1]
 * moments.covariance; // => [[1.3, 1.05], [1.05, 1.3]]
 */
export async function itemMomentsInWarehouse(engine: WarehouseEngine, spec: SurveyItemMomentsSqlSpec, options: WarehouseTableOptions): Promise<ItemMoments> {
  const { options: o, job } = warehouseDoor(FN, engine, options);
  const { sql, items } = itemMomentsQuery(spec, { dialect: engine.dialect, table: o.table }, FN);
  const rows = await job.query(STAGE.stage, sql);
  if (rows.length !== 1) throw engineFailure(STAGE, `the query returned ${rows.length} rows, not 1`);
  const row = rows[0];
  const read = (column: string) => warehouseNumber(row[column], STAGE, column, 0);
  const p = items.length;
  const allRows = read('all_rows');
  const n = read('n');
  const infinite = items.map((_, j) => read(`infinite_${j}`));
  if (infinite.some((count) => count > 0)) {
    throw new CustomerValueError(
      'invalid_value',
      `${FN}: ${infinite.filter((count) => count > 0).length} items have infinite answers`,
      items.flatMap((item, j) =>
        infinite[j] > 0
          ? [{ function: FN, column: item, expected: 'a finite answer', received: `${infinite[j]} answers ±Infinity`, hint: 'fix or NULL them in the engine' }]
          : [],
      ),
    );
  }
  requireRows(FN, n, 2, 'respondents with complete answers');
  const covariance = items.map(() => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    for (let k = j; k < p; k++) {
      const c = read(`cov_${j}_${k}`);
      covariance[j][k] = c;
      covariance[k][j] = c;
    }
  }
  return {
    summary: 'itemMoments',
    items,
    n,
    skipped: allRows - n,
    mean: items.map((_, j) => read(`mean_${j}`)),
    covariance,
    min: items.map((_, j) => read(`min_${j}`)),
    max: items.map((_, j) => read(`max_${j}`)),
  };
}

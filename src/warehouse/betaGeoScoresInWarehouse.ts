import * as z from 'zod';
import { CustomerValueError, describeValue } from '../errors.js';
import { parseSpec, specError } from '../internal/parseSpec.js';
import { quoteIdentifier, quoteTableName, sqlTableNameSchema } from '../internal/sqlText.js';
import { timeUnitSchema } from '../internal/timeUnits.js';
import type { TimeUnit } from '../value/timeUnit.js';
import { betaGeoScoreLookup } from './betaGeoScoreLookup.js';
import { betaGeoScoresQuery, scoreWhereShape, type BetaGeoScoresModels } from './betaGeoScoresSql.js';
import type { WarehouseProgress } from './warehouseProgress.js';
import { warehouseJob } from './warehouseJob.js';
import { summaryQuery, type SummarizeTransactionsSqlSpec } from './summarizeTransactionsSql.js';
import { checkEngine, engineFailure, warehouseNumber, type WarehouseEngine, type WarehouseStage } from './warehouseEngine.js';

export type { BetaGeoScoresModels } from './betaGeoScoresSql.js';

const FN = 'betaGeoScoresInWarehouse';

const settingsSchema = z.strictObject({
  horizon: z.number().int().min(1).max(100_000),
  horizonUnit: z.optional(timeUnitSchema),
  discountRate: z.number().min(0).max(10).optional(),
});

const optionsSchema = z.strictObject({
  ...scoreWhereShape,
  into: sqlTableNameSchema,
  lookup: sqlTableNameSchema.default('cv_betageo_lookup'),
  onProgress: z.custom<(event: WarehouseProgress) => void>((v) => typeof v === 'function', 'a function').optional(),
});

/** The scoring settings, as `customerLifetimeValue`'s. */
export interface BetaGeoScoresSettings {
  /** Periods of `horizonUnit` to predict. */
  readonly horizon: number;
  /** The unit of `horizon` and of `discountRate`'s period (`customerLifetimeValue`'s `timeUnit`); default `timeUnit`, the summary's. */
  readonly horizonUnit?: TimeUnit;
  /** Discount rate per period (required for CLV). */
  readonly discountRate?: number;
  /** Profit margin on spend in (0, 1] (required for CLV). */
  readonly margin?: number;
}

/** The spec over a transaction log (`options.table`): the log's spec, as `summarizeTransactionsSql`, and the scoring settings. */
export interface BetaGeoScoresInWarehouseSpec extends SummarizeTransactionsSqlSpec, BetaGeoScoresSettings {}

/** The spec over a summary table (`options.summary`): its time unit and the scoring settings. */
export interface BetaGeoScoresFromSummarySpec extends BetaGeoScoresSettings {
  /** The unit of the summary's `recency` and `T`: must be the purchase model's. */
  readonly timeUnit: TimeUnit;
}

/** Where the customers are, where the scores go, and who hears about progress. The dialect is the engine's. */
export interface BetaGeoScoresInWarehouseOptions {
  /** The transaction log: a name or its parts. The summary is computed in the engine (twice: for the histories and for the scores). Give this or `summary`. */
  readonly table?: string | readonly string[];
  /** A table with `summarizeTransactionsSql`'s columns. Give this or `table`. */
  readonly summary?: string | readonly string[];
  /** The table to create with the scores (`CREATE TABLE ... AS`; it must not exist). */
  readonly into: string | readonly string[];
  /**
   * The lookup table loaded for the query and dropped afterwards (default `cv_betageo_lookup`;
   * replaced if it exists): a name or its parts (`['analytics', 'cv_lookup']`; BigQuery needs a
   * dataset), given to `engine.load` as it is (the `customer-value/duckdb` and
   * `customer-value/postgres` engines' `load` quote each part).
   */
  readonly lookup?: string | readonly string[];
  /** Summary columns copied to the scores (default `['customer']`). */
  readonly keep?: readonly string[];
  /** Called after each stage: `histories`, `lookup load` (its `rows` are the rows loaded in), `scores`, `counts`, `lookup drop`. */
  readonly onProgress?: (event: WarehouseProgress) => void;
}

/** What `betaGeoScoresInWarehouse` did. */
export interface BetaGeoScoresInWarehouseResult {
  /** The table written. */
  readonly into: string | readonly string[];
  /** Customers scored (those with a history). */
  readonly customers: number;
  /** Customers the summary refused (NULL history: an infinite amount): NULL scores. */
  readonly refused: number;
  /** Rows of the lookup table loaded into the engine: the distinct (frequency, T). */
  readonly lookupRows: number;
  /** Whether the lookup table was dropped after the scores were written (a failed DROP is not an error: the scores are complete). */
  readonly lookupDropped: boolean;
  /** Result rows and values (rows × columns) that left the engine: the distinct (frequency, T), the two counts (and any row a `CREATE TABLE ... AS` answers), nothing per customer. */
  readonly transferred: { readonly rows: number; readonly values: number };
}

/**
 * Score BG/NBD expected purchases and CLV for every customer inside a warehouse, writing them to
 * a new table: no customer row leaves the engine. The same shape as `fitClvInWarehouse`: the
 * spec is the log's (as `summarizeTransactionsSql`, with `options.table`) or `{ timeUnit }`
 * (with `options.summary`, a table holding that summary), plus the scoring settings `horizon`,
 * `horizonUnit`, `discountRate` and `margin` (as `customerLifetimeValue`'s); the options say
 * where. The purchase model's `spec.timeUnit` must be the spec's `timeUnit` (the unit of the
 * summary's recency and T). The dialect is `engine.dialect`.
 *
 * Stages (named in any error and in `onProgress`): `histories` (the distinct `(frequency, T)`,
 * grouped in the engine from the summary table, or from the log summarized as
 * `summarizeTransactionsSql`), then in JavaScript the lookup table over them
 * (`betaGeoScoreLookup`: the hypergeometric period sums for a customer alive now, with the same
 * code as `customerLifetimeValue`), `lookup load` (`engine.load`), `scores` (`CREATE TABLE into
 * AS` `betaGeoScoresSql`: P(alive) per customer from its recency, the products, the spend and
 * CLV), `counts` (customers scored and refused, counted on `into`: one row), `lookup drop` (best
 * effort). The scores equal `customerLifetimeValue` on the same summary to 1e-12 relative (SQL's
 * `LN`/`EXP` may differ from `Math.log`/`Math.exp` in the last bits; see `betaGeoScoresSql`),
 * tested in DuckDB and PostgreSQL.
 *
 * Never partial: every spec is checked and every SQL text built before the first query; the
 * scores are one `CREATE TABLE ... AS` statement, which either completes or leaves no table (a
 * history missing from the lookup fails it in the engine, see `betaGeoScoresSql`) in engines
 * whose DDL is atomic — DuckDB and PostgreSQL (tested), BigQuery, Snowflake; on Spark write
 * `into` in a table format with atomic CTAS (Delta, Iceberg). On any failure the lookup table
 * is dropped (best effort), so is `into` if only the `counts` query failed, and the error names
 * the stage.
 *
 * Size: what crosses out is one row of 2 values per distinct (frequency, T) and the one row of
 * counts (`transferred`), and the lookup table goes in (the same rows, 6 doubles each with CLV); customer rows never leave
 * the engine. Recency is not in the key, so the rows are bounded by (largest frequency + 1) ×
 * (days observed), not by customers: CDNOW's 23,570 customers give 979 rows (8,685 distinct
 * (frequency, recency, T) before); more in `benchmarks/README.md`.
 *
 * @throws {CustomerValueError} `invalid_spec` (an engine without `load`, neither or both of `table` and `summary`, a time unit other than the model's, CLV settings incomplete, names that cannot be quoted); `invalid_model`; `invalid_value` (a history in the engine that is not one); `engine_failed` naming the stage and the engine's message.
 * @example
 * const purchaseModel = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * // an engine: a dialect, a query function and a load function (here a stand-in recording the SQL)
 * const statements = [];
 * const engine = {
 *   dialect: 'duckdb',
 *   query(sql) {
 *     statements.push(sql);
 *     if (sql.startsWith('SELECT COUNT')) return [{ customers: 8n, scored: 8n }]; // the counts on the scores written
 *     return sql.startsWith('SELECT') ? [{ frequency: 2, T: 38.86 }, { frequency: 0, T: 38.86 }] : [];
 *   },
 *   load(name, columns) { statements.push(`load ${name}: ${columns.frequency.length} rows`); },
 * };
 * const stages = [];
 * const result = await betaGeoScoresInWarehouse(engine, { purchaseModel }, { timeUnit: 'week', horizon: 39 }, { summary: 'customer_summary', into: 'scores', onProgress: (e) => stages.push(e.stage) });
 * [result.customers, result.lookupRows, result.transferred.values]; // => [8, 2, 6]
 * stages; // => ['histories', 'lookup load', 'scores', 'counts', 'lookup drop']
 * statements[1]; // => 'load cv_betageo_lookup: 2 rows'
 * statements[2].startsWith('CREATE TABLE "scores" AS WITH'); // => true
 */
export async function betaGeoScoresInWarehouse(
  engine: WarehouseEngine,
  models: BetaGeoScoresModels,
  spec: BetaGeoScoresInWarehouseSpec,
  options: BetaGeoScoresInWarehouseOptions & { readonly table: string | readonly string[] },
): Promise<BetaGeoScoresInWarehouseResult>;
export async function betaGeoScoresInWarehouse(
  engine: WarehouseEngine,
  models: BetaGeoScoresModels,
  spec: BetaGeoScoresFromSummarySpec,
  options: BetaGeoScoresInWarehouseOptions & { readonly summary: string | readonly string[] },
): Promise<BetaGeoScoresInWarehouseResult>;
export async function betaGeoScoresInWarehouse(
  engine: WarehouseEngine,
  models: BetaGeoScoresModels,
  spec: BetaGeoScoresInWarehouseSpec | BetaGeoScoresFromSummarySpec,
  options: BetaGeoScoresInWarehouseOptions,
): Promise<BetaGeoScoresInWarehouseResult> {
  checkEngine(engine, FN);
  // checked here, not by checkEngine(…, true), whose zod message for a missing load is "expected nonoptional"
  if (typeof engine.load !== 'function') {
    throw specError(
      FN,
      'engine.load',
      'a load(name, columns) function: the lookup table computed in JavaScript is loaded into the engine and joined',
      describeValue((engine as { load?: unknown }).load),
      'add load to your engine (customer-value/duckdb and customer-value/postgres engines have one; README "Engines" shows one for Spark, BigQuery and Snowflake), or compute the lookup with betaGeoScoreLookup, load it yourself and run betaGeoScoresSql',
    );
  }
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const dialect = engine.dialect;
  // the scoring settings are split off; the rest is betaGeoScoresSql's spec (the log's, or { timeUnit })
  const { horizon, horizonUnit, discountRate, ...sqlSpec } = (spec ?? {}) as BetaGeoScoresInWarehouseSpec;
  const settings = parseSpec(
    settingsSchema,
    { horizon, ...(horizonUnit !== undefined ? { horizonUnit } : {}), ...(discountRate !== undefined ? { discountRate } : {}) },
    FN,
  );
  // every SQL text first (and so every check): a spec error never leaves a half-done job in the engine
  const scores = betaGeoScoresQuery(
    models,
    sqlSpec,
    {
      dialect,
      lookup: o.lookup,
      keep: o.keep,
      ...(o.table !== undefined ? { table: o.table } : {}),
      ...(o.summary !== undefined ? { summary: o.summary } : {}),
    },
    FN,
  );
  if (models.spendModel !== undefined && settings.discountRate === undefined) {
    throw specError(FN, 'spec.discountRate', 'a discount rate per period with a spend model (CLV)', 'undefined');
  }
  const into = quoteTableName(o.into, dialect, FN, 'options.into');
  const lookup = quoteTableName(o.lookup, dialect, FN, 'options.lookup');
  // the distinct (frequency, T): all the lookup needs (P(alive)'s recency term is SQL); the customers are counted on the scores
  let histogram: string;
  const name = (text: string) => quoteIdentifier(text, dialect, FN, 'internal name', { path: 'options' });
  const counts = `SELECT COUNT(*) AS ${name('customers')}, COUNT(${name('probability_alive')}) AS ${name('scored')} FROM ${into}`;
  if (o.table !== undefined) {
    const { margin: _margin, ...log } = sqlSpec;
    const summary = summaryQuery(log, { dialect, table: o.table }, FN);
    const keys = ['frequency', 'T'].map(summary.q).join(', ');
    histogram =
      `WITH ${[...summary.ctes, `${summary.q('__cv_summary')} AS (SELECT ${summary.columns.join(', ')} FROM ${summary.q('__cv_customers')})`].join(',\n')}\n` +
      `SELECT ${keys} FROM ${summary.q('__cv_summary')} GROUP BY ${keys}`;
  } else {
    const table = quoteTableName(o.summary!, dialect, FN, 'options.summary');
    const keys = ['frequency', 'T'].map((name) => quoteIdentifier(name, dialect, FN, 'column name', { column: name })).join(', ');
    histogram = `SELECT ${keys} FROM ${table} GROUP BY ${keys}`;
  }

  const job = warehouseJob(engine, FN, o.onProgress);
  const where = (name: string): WarehouseStage => ({ function: FN, stage: name });

  const rows = await job.query('histories', histogram);
  const n = rows.length;
  const frequency = new Float64Array(n);
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    // NULL: the customers the summary refused (left out of the lookup; their scores are NULL)
    frequency[i] = warehouseNumber(row.frequency, where('histories'), 'frequency', i, true) ?? Number.NaN;
    T[i] = warehouseNumber(row.T, where('histories'), 'T', i, true) ?? Number.NaN;
  }
  const table = historiesRefusedHere(o.summary !== undefined ? 'options.summary' : 'options.table', () =>
    betaGeoScoreLookup({
      purchaseModel: models.purchaseModel,
      histories: { frequency, T },
      horizon: settings.horizon,
      timeUnit: settings.horizonUnit ?? scores.timeUnit,
      ...(settings.discountRate !== undefined ? { discountRate: settings.discountRate } : {}),
    }),
  );
  let attempted = false;
  let written = false;
  let customers: number;
  let scored: number;
  try {
    await job.step(
      'lookup load',
      async () => {
        try {
          attempted = true;
          await engine.load!(o.lookup, table.columns as unknown as Record<string, Float64Array>);
        } catch (error) {
          if (error instanceof CustomerValueError) throw error;
          throw engineFailure(where('lookup load'), error instanceof Error ? error.message.split('\n')[0] : describeValue(error));
        }
      },
      () => table.rows,
    );
    await job.query('scores', `CREATE TABLE ${into} AS ${scores.sql}`);
    written = true;
    const [total] = await job.query('counts', counts);
    customers = warehouseNumber(total?.customers, where('counts'), 'customers', 0);
    scored = warehouseNumber(total?.scored, where('counts'), 'scored', 0);
  } catch (error) {
    if (written) await dropQuietly(engine, into); // never a table of scores the job did not vouch for
    if (attempted) await dropQuietly(engine, lookup);
    throw error;
  }
  const lookupDropped = await job.step('lookup drop', () => dropQuietly(engine, lookup));
  return {
    into: o.into,
    customers: scored,
    refused: customers - scored,
    lookupRows: table.rows,
    lookupDropped,
    transferred: job.transferred,
  };
}

async function dropQuietly(engine: WarehouseEngine, lookup: string): Promise<boolean> {
  try {
    await engine.query(`DROP TABLE IF EXISTS ${lookup}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * A history the lookup refuses (a frequency that is not a whole number ≥ 0, a negative T: a
 * summary table written by hand), refused in this function's name; `source` is the option that
 * named the table the summary is (`options.summary`) or was computed from (`options.table`). Its row is one of the summary's
 * distinct (frequency, T) pairs, not a row of the user's table, so it is left out and the hint says
 * how to find the customers.
 */
function historiesRefusedHere<T>(source: string, lookup: () => T): T {
  try {
    return lookup();
  } catch (error) {
    if (!(error instanceof CustomerValueError) || error.code !== 'invalid_value') throw error;
    const issues = error.issues.map(({ row: _row, ...issue }) => ({
      ...issue,
      function: FN,
      hint: `a customer's ${issue.column ?? 'history'} in the summary of ${source} (found among its distinct (frequency, T) pairs, so no row number): find it with a WHERE on that column, and fix or drop it${issue.hint ? `; ${issue.hint}` : ''}`,
    }));
    throw new CustomerValueError('invalid_value', `${FN}: the summary holds histories that cannot be scored`, issues, error.totalIssues);
  }
}

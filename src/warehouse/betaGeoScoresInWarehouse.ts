import { z } from 'zod';
import { CustomerValueError, describeValue } from '../errors.js';
import { parseSpec, specError } from '../internal/parseSpec.js';
import { quoteIdentifier, sqlTableNameSchema } from '../internal/sqlText.js';
import { timeUnitSchema } from '../internal/timeUnits.js';
import type { BetaGeoModel } from '../loyalty/clv/fitBetaGeo.js';
import type { GammaGammaModel } from '../loyalty/clv/fitGammaGamma.js';
import { assertModelKind } from '../model/assertModelKind.js';
import type { TimeUnit } from '../value/timeUnit.js';
import { betaGeoHistogramSql } from './betaGeoHistogramSql.js';
import { betaGeoScoreLookup } from './betaGeoScoreLookup.js';
import { betaGeoScoresSql, scoreSourceShape } from './betaGeoScoresSql.js';
import type { SummarizeTransactionsSqlSpec } from './summarizeTransactionsSql.js';
import { engineFailure, runWarehouseQuery, warehouseNumber, type WarehouseEngine, type WarehouseStage } from './warehouseEngine.js';

const FN = 'betaGeoScoresInWarehouse';

const optionsSchema = z.strictObject({
  ...scoreSourceShape,
  horizon: z.number().int().min(1).max(100_000),
  timeUnit: timeUnitSchema,
  discountRate: z.number().min(0).max(10).optional(),
  margin: z.number().gt(0).max(1).optional(),
  into: sqlTableNameSchema,
  lookup: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a name of letters, digits and _')
    .default('cv_betageo_lookup'),
  keep: z.array(z.string().min(1)).default(['customer']),
});

/** The fitted models `betaGeoScoresInWarehouse` scores with. */
export interface BetaGeoScoresModels {
  readonly purchaseModel: BetaGeoModel;
  /** With a Gamma-Gamma model (and `margin`, `discountRate`), the scores add `expected_spend` and `clv`. */
  readonly spendModel?: GammaGammaModel;
}

/** Options of `betaGeoScoresInWarehouse`. */
export interface BetaGeoScoresInWarehouseOptions {
  /** A table with `summarizeTransactionsSql`'s columns. Give this or `transactions`. */
  readonly summary?: string | readonly string[];
  /** Or the transaction log and its spec: the summary is computed in the engine (twice: for the histogram and for the scores). */
  readonly transactions?: { readonly spec: SummarizeTransactionsSqlSpec; readonly table: string | readonly string[] };
  /** Periods of `timeUnit` to predict, as `customerLifetimeValue`'s. */
  readonly horizon: number;
  readonly timeUnit: TimeUnit;
  /** Discount rate per period (required for CLV), as `customerLifetimeValue`'s. */
  readonly discountRate?: number;
  /** Profit margin on spend in (0, 1] (required for CLV). */
  readonly margin?: number;
  /** The table to create with the scores (`CREATE TABLE ... AS`; it must not exist). */
  readonly into: string | readonly string[];
  /** Name of the lookup table loaded for the query and dropped afterwards (default `cv_betageo_lookup`; replaced if it exists). */
  readonly lookup?: string;
  /** Summary columns copied to the scores (default `['customer']`). */
  readonly keep?: readonly string[];
}

/** What `betaGeoScoresInWarehouse` did. Only these counts cross from the engine, besides the histogram. */
export interface BetaGeoScoresInWarehouseResult {
  /** The table written. */
  readonly into: string | readonly string[];
  /** Customers scored (those with a history). */
  readonly customers: number;
  /** Customers the summary refused (NULL history: an infinite amount): NULL scores. */
  readonly refused: number;
  /** Rows of the lookup table (distinct histories) loaded into the engine. */
  readonly histories: number;
  /** Whether the lookup table was dropped after the scores were written (a failed DROP is not an error: the scores are complete). */
  readonly lookupDropped: boolean;
}

/**
 * Score BG/NBD expected purchases and CLV for every customer inside a warehouse, writing them to
 * a new table: no customer row leaves the engine. Stages (named in any error): `histogram` (the
 * distinct histories with counts: `betaGeoHistogramSql`, or a GROUP BY over the summary table),
 * then in JavaScript the lookup table over those histories (`betaGeoScoreLookup`: P(alive),
 * expected purchases and the discounted period sum, with the same code as
 * `customerLifetimeValue`), `lookup load` (`engine.load`), `scores` (`CREATE TABLE into AS`
 * `betaGeoScoresSql`); then the lookup table is dropped (best effort). The scores equal `customerLifetimeValue` on the same
 * summary bit for bit (see `betaGeoScoresSql`).
 *
 * Never partial: every spec is checked and every SQL text built before the first query; the
 * scores are one `CREATE TABLE ... AS` statement, which either completes or leaves no table (a
 * history missing from the lookup fails it in the engine, see `betaGeoScoresSql`) in engines
 * whose DDL is atomic — DuckDB and PostgreSQL (tested), BigQuery, Snowflake; on Spark write
 * `into` in a table format with atomic CTAS (Delta, Iceberg); on any
 * failure the lookup table is dropped (best effort) and the error names the stage.
 *
 * Size: what crosses is the histogram out (one row per distinct history with its count) and the
 * lookup table in (the same rows, 6 doubles each); customer rows never leave the engine. CDNOW's
 * 23,570 customers have 8,685 histories; 10,000,000 simulated customers 503,661 (24 MB of
 * lookup, computed in 2.7 s; see `betaGeoScoreLookup`).
 *
 * @throws {CustomerValueError} `invalid_spec` (an engine without `load`, neither or both of `summary` and `transactions`, CLV options incomplete, names that cannot be quoted); `invalid_model`; `invalid_value` (a history in the engine that is not one); `engine_failed` naming the stage and the engine's message.
 * @example
 * const purchaseModel = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * // an engine: a dialect, a query function and a load function (here a stand-in recording the SQL)
 * const statements = [];
 * const engine = {
 *   dialect: 'duckdb',
 *   query(sql) {
 *     statements.push(sql);
 *     return sql.startsWith('SELECT') ? [{ frequency: 2, recency: 30.43, T: 38.86, customers: 3n }, { frequency: 0, recency: 0, T: 38.86, customers: 5n }] : [];
 *   },
 *   load(name, columns) { statements.push(`load ${name}: ${columns.frequency.length} rows`); },
 * };
 * const result = await betaGeoScoresInWarehouse(engine, { purchaseModel }, { summary: 'customer_summary', horizon: 39, timeUnit: 'week', into: 'scores' });
 * [result.customers, result.histories]; // => [8, 2]
 * statements[1]; // => 'load cv_betageo_lookup: 2 rows'
 * statements[2].startsWith('CREATE TABLE "scores" AS WITH'); // => true
 */
export async function betaGeoScoresInWarehouse(
  engine: WarehouseEngine,
  models: BetaGeoScoresModels,
  options: BetaGeoScoresInWarehouseOptions,
): Promise<BetaGeoScoresInWarehouseResult> {
  const o = parseSpec(optionsSchema, options, FN, 'options');
  if (engine === null || typeof engine !== 'object' || typeof engine.query !== 'function') {
    throw specError(FN, 'engine', 'a WarehouseEngine: { dialect, query(sql), load(name, columns) }', describeValue(engine));
  }
  if (typeof engine.load !== 'function') {
    throw specError(
      FN,
      'engine.load',
      'a load(name, columns) function: the lookup table computed in JavaScript is loaded into the engine and joined',
      describeValue((engine as { load?: unknown }).load),
      'add load to your engine (customer-value/duckdb and customer-value/postgres engines have one), or compute the lookup with betaGeoScoreLookup, load it yourself and run betaGeoScoresSql',
    );
  }
  if (models === null || typeof models !== 'object') throw specError(FN, 'models', '{ purchaseModel, spendModel? }', describeValue(models));
  assertModelKind(models.purchaseModel, 'betaGeo', FN);
  const clv = models.spendModel !== undefined;
  if (clv && o.discountRate === undefined) throw specError(FN, 'options.discountRate', 'a discount rate per period with a spend model (CLV)', 'undefined');
  if (clv && o.margin === undefined) throw specError(FN, 'options.margin', 'a profit margin in (0, 1] with a spend model (CLV)', 'undefined');
  const dialect = engine.dialect;
  const where = (stage: string): WarehouseStage => ({ function: FN, stage });
  // every SQL text first: a spec error never leaves a half-done job in the engine
  const scores = betaGeoScoresSql({
    dialect,
    lookup: o.lookup,
    ...(o.summary !== undefined ? { summary: o.summary } : {}),
    ...(o.transactions !== undefined ? { transactions: o.transactions } : {}),
    ...(clv ? { spendModel: models.spendModel, margin: o.margin } : {}),
    keep: o.keep,
  });
  const quote = (name: string, path: string) => quoteIdentifier(name, dialect, FN, 'table name', { path });
  const into = (typeof o.into === 'string' ? [o.into] : o.into).map((part) => quote(part, 'options.into')).join('.');
  const lookup = quote(o.lookup, 'options.lookup');
  let histogram: string;
  if (o.transactions !== undefined) {
    histogram = betaGeoHistogramSql(o.transactions.spec, { dialect, table: o.transactions.table });
  } else {
    const table = (typeof o.summary === 'string' ? [o.summary] : o.summary!).map((part) => quote(part, 'options.summary')).join('.');
    const keys = ['frequency', 'recency', 'T'].map((name) => quoteIdentifier(name, dialect, FN, 'column name', { column: name })).join(', ');
    histogram = `SELECT ${keys}, COUNT(*) AS ${quoteIdentifier('customers', dialect, FN, 'internal name', { path: 'options' })} FROM ${table} GROUP BY ${keys}`;
  }

  const rows = await runWarehouseQuery(engine, where('histogram'), histogram);
  const n = rows.length;
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  let customers = 0;
  let refused = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    const f = warehouseNumber(row.frequency, where('histogram'), 'frequency', i, true);
    const r = warehouseNumber(row.recency, where('histogram'), 'recency', i, true);
    const t = warehouseNumber(row.T, where('histogram'), 'T', i, true);
    const count = warehouseNumber(row.customers, where('histogram'), 'customers', i);
    frequency[i] = f ?? Number.NaN;
    recency[i] = r ?? Number.NaN;
    T[i] = t ?? Number.NaN;
    if (f === null || r === null || t === null) refused += count;
    else customers += count;
  }
  const table = betaGeoScoreLookup({
    purchaseModel: models.purchaseModel,
    histories: { frequency, recency, T },
    horizon: o.horizon,
    timeUnit: o.timeUnit,
    ...(o.discountRate !== undefined ? { discountRate: o.discountRate } : {}),
  });
  let attempted = false;
  try {
    try {
      attempted = true;
      await engine.load(o.lookup, table.columns as unknown as Record<string, Float64Array>);
    } catch (error) {
      if (error instanceof CustomerValueError) throw error;
      throw engineFailure(where('lookup load'), error instanceof Error ? error.message.split('\n')[0] : describeValue(error));
    }
    await runWarehouseQuery(engine, where('scores'), `CREATE TABLE ${into} AS ${scores}`);
  } catch (error) {
    if (attempted) await dropQuietly(engine, lookup);
    throw error;
  }
  const lookupDropped = await dropQuietly(engine, lookup);
  return { into: o.into, customers, refused, histories: table.histories, lookupDropped };
}

async function dropQuietly(engine: WarehouseEngine, lookup: string): Promise<boolean> {
  try {
    await engine.query(`DROP TABLE IF EXISTS ${lookup}`);
    return true;
  } catch {
    return false;
  }
}

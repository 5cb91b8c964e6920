import * as z from 'zod';
import { atStage } from '../internal/stageError.js';
import { daysFromDateValue, isoDateOfDay } from '../internal/civilDays.js';
import { parseSpec } from '../internal/parseSpec.js';
import { CHOICE_RESTARTS } from '../internal/reportSegments.js';
import { quoteIdentifier, sqlDayNumber, sqlNumber, quoteTableName, sqlTableNameSchema } from '../internal/sqlText.js';
import { DAYS_PER_UNIT } from '../internal/timeUnits.js';
import type { BetaGeoModel } from '../loyalty/clv/fitBetaGeo.js';
import type { GammaGammaModel } from '../loyalty/clv/fitGammaGamma.js';
import { customerValueReportSpecSchema } from '../internal/customerValueReportSpecSchema.js';
import type { CustomerValueReportSpec } from '../report/customerValueReportSpec.js';
import { chooseK, type ChooseKResult } from '../segmentation/chooseK.js';
import type { SegmentsModel } from '../segmentation/fitSegments.js';
import { fitRfm, type RfmModel } from '../value/fitRfm.js';
import { fitValuePyramid, type ValuePyramidModel } from '../value/fitValuePyramid.js';
import type { TimeUnit } from '../value/timeUnit.js';
import { checkHoldout, type ReportModelComparison, type ReportPurchaseModel } from '../loyalty/clv/reportModelComparison.js';
import { betaGeoScoresInWarehouse } from './betaGeoScoresInWarehouse.js';
import { historyClvInWarehouse } from './historyClvInWarehouse.js';
import { modelComparisonInWarehouse } from './modelComparisonInWarehouse.js';
import { fitClvInWarehouse } from './fitClvInWarehouse.js';
import type { WarehouseProgress } from './warehouseProgress.js';
import { fitSegmentsInWarehouse } from './fitSegmentsInWarehouse.js';
import { sampleSql } from './kmeansSql.js';
import { rfmStatisticsInWarehouse } from './rfmStatisticsInWarehouse.js';
import { summarizeTransactionsSql, type SummarizeTransactionsSqlSpec } from './summarizeTransactionsSql.js';
import { valuePyramidStatisticsInWarehouse } from './valuePyramidStatisticsInWarehouse.js';
import { checkEngine, runWarehouseQuery, warehouseNumber, type WarehouseEngine, type WarehouseResult, type WarehouseRow } from './warehouseEngine.js';

const FN = 'fitInWarehouse';

/** Customers drawn (in SQL, seeded) for choosing k, as the in-memory report's silhouette sample. */
export const REPORT_SAMPLE_SIZE = 3000;

/** k-means++ restarts of the report's segments on the sample (the in-memory report runs as many). */
export const REPORT_RESTARTS = 10;

const optionsSchema = z.strictObject({
  table: sqlTableNameSchema,
  prefix: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,40}$/, 'letters, digits and _, not starting with a digit')
    .default('cv_'),
  onProgress: z.custom<(event: WarehouseProgress) => void>((v) => typeof v === 'function', 'a function').optional(),
});

/** Where the transaction log is, how the work tables are named, and who hears about progress. The dialect is the engine's. */
export interface FitInWarehouseOptions {
  /** The transaction table (one row per order): a name, or its parts (`['sales', 'orders']`). */
  readonly table: string | readonly string[];
  /**
   * Prefix of the work tables and views created in the engine's current schema (default `cv_`):
   * `<prefix>summary`, `<prefix>scores`, `<prefix>betageo_lookup` (tables) and `<prefix>customers`
   * (a view). Each is replaced if present and dropped at the end, also on failure (best effort).
   */
  readonly prefix?: string;
  /** Called after each stage with the rows it brought out of the engine and its wall time. */
  readonly onProgress?: (event: WarehouseProgress) => void;
}

/** The report's models, fitted in the engine, and what crossed out of it. */
export interface FitInWarehouseResult {
  /** BG/NBD on the summary's histogram (`fitClvInWarehouse`). */
  readonly betaGeo: BetaGeoModel;
  /**
   * The CLV's purchase model: `betaGeo`, or with `spec.holdoutEnd` the compared model with the
   * smallest holdout error (BG/NBD, MBG/NBD or Pareto/NBD fitted on the calibration histogram).
   */
  readonly purchaseModel: ReportPurchaseModel;
  /** With `spec.holdoutEnd`: the three models compared on the holdout, the pick and why, and its tracking (as `analyzeCustomerValue`'s). */
  readonly modelComparison?: ReportModelComparison;
  /** Gamma-Gamma on the repeat buyers' histogram, non-positive spends excluded. */
  readonly gammaGamma: GammaGammaModel;
  /** The value pyramid on realized (`revenue`) + potential (`clv`) value, both unscaled. */
  readonly valuePyramid: ValuePyramidModel;
  /** RFM quintiles on `periodsInactive` (lower is better), `frequency`, `revenue`. */
  readonly rfm: RfmModel;
  /** k-means on the report's three behaviour features, k chosen by silhouette on the sample. */
  readonly segments: SegmentsModel;
  /** The silhouette choice of k on the SQL sample (its curve is the sample's, not the whole table's). */
  readonly choice: ChooseKResult;
  /** Result rows and values (rows × columns) that left the engine, every query counted. */
  readonly transferred: { readonly rows: number; readonly values: number };
  /** Customers in the summary, and customers drawn for choosing k (the only customer-level rows that crossed). */
  readonly counts: { readonly customers: number; readonly sample: number };
}

/** What a job over the work tables can use once the models are fitted (internal). */
export interface CustomerValueJob {
  readonly fn: string;
  readonly engine: WarehouseEngine;
  readonly spec: z.output<typeof customerValueReportSpecSchema>;
  readonly table: string | readonly string[];
  readonly unit: TimeUnit;
  readonly perYear: number;
  readonly horizon: number;
  readonly lapseAfter: number;
  readonly observationEnd: string;
  readonly endDay: number;
  /** The work tables, quoted. */
  readonly summary: string;
  readonly customers: string;
  /** The customers view's unquoted name, for functions that quote it themselves. */
  readonly customersName: string;
  readonly features: readonly string[];
  /** Run a query at a named stage (counted, reported). */
  readonly query: (stage: string, sql: string) => Promise<readonly WarehouseRow[]>;
  /** Run work as a named stage: timed, its rows counted, a refusal of a function called in it named with this function and the stage (`stageError`). */
  readonly stage: <T>(name: string, work: () => Promise<T> | T, report?: boolean) => Promise<T>;
  readonly onProgress?: (event: WarehouseProgress) => void;
  /** Quote an identifier of the dialect. */
  readonly q: (name: string) => string;
  readonly num: (value: number) => string;
}

/** log1p(max(x, 0)) in SQL: `LN(1 + x) · x / ((1 + x) − 1)`, x itself when 1 + x rounds to 1 (as valueTableSql). */
function logRevenue(x: string, num: (v: number) => string): string {
  const one = num(1);
  return `CASE WHEN NOT (${x} > ${num(0)}) THEN ${num(0)} WHEN ${one} + ${x} = ${one} THEN ${x} ELSE LN(${one} + ${x}) * ${x} / ((${one} + ${x}) - ${one}) END`;
}

/**
 * Fit the report's models in the engine, then run `after` on the work tables before they are
 * dropped. Shared by `fitInWarehouse` and `analyzeCustomerValueInWarehouse`. Internal.
 */
export async function customerValueInWarehouse<T>(
  engine: WarehouseEngine,
  spec: CustomerValueReportSpec,
  options: FitInWarehouseOptions,
  fn: string,
  after: (job: CustomerValueJob, models: FitInWarehouseResult) => Promise<T>,
): Promise<T> {
  checkEngine(engine, fn, true);
  const s = parseSpec(customerValueReportSpecSchema, spec, fn, 'spec');
  // the holdout's dates checked before any work, as the in-memory report
  const holdoutEnd = s.holdoutEnd;
  const calibrationEnd = holdoutEnd === undefined ? undefined : checkHoldout(fn, s.observationEnd, holdoutEnd);
  const o = parseSpec(optionsSchema, options, fn, 'options');
  const d = engine.dialect;
  const q = (name: string) => quoteIdentifier(name, d, fn, 'internal name', { path: 'options.prefix' });
  const num = (v: number) => sqlNumber(v, d, fn);
  const column = (name: string) => quoteIdentifier(name, d, fn, 'column name', { column: name });
  const table = quoteTableName(o.table, d, fn, 'options.table');
  const unit = s.timeUnit;
  const perYear = 365.25 / DAYS_PER_UNIT[unit];
  const horizon = s.horizon ?? Math.round(perYear);
  const lapseAfter = s.lapseAfter ?? perYear / 2;
  const names = { summary: `${o.prefix}summary`, scores: `${o.prefix}scores`, lookup: `${o.prefix}betageo_lookup`, customers: `${o.prefix}customers` };
  const features = [`${unit}s inactive`, 'repeat purchases', 'log revenue'];

  // everything that leaves the engine passes here: counted once, whichever function asked
  let rows = 0;
  let values = 0;
  const counted: WarehouseEngine = {
    dialect: d,
    async query(sql: string): Promise<WarehouseResult> {
      const result = await engine.query(sql);
      const list = Array.isArray(result)
        ? (result as readonly WarehouseRow[])
        : result !== null && typeof result === 'object' && typeof (result as { toArray?: unknown }).toArray === 'function'
          ? (result as { toArray(): readonly unknown[] }).toArray()
          : [];
      rows += list.length;
      if (list.length > 0) {
        const first = list[0] as { toJSON?: () => object } | null;
        const fields = first !== null && typeof first === 'object' ? Object.keys(typeof first.toJSON === 'function' ? first.toJSON() : first).length : 1;
        values += list.length * fields;
      }
      return result;
    },
    load: (name, columns) => engine.load!(name, columns),
  };
  const stage = async <R>(name: string, work: () => Promise<R> | R, report = true): Promise<R> => {
    const start = performance.now();
    const before = rows;
    const result = await atStage(fn, name, work);
    if (report) o.onProgress?.({ stage: name, rows: rows - before, seconds: (performance.now() - start) / 1000 });
    return result;
  };
  const query = (name: string, sql: string) => stage(name, () => runWarehouseQuery(counted, { function: fn, stage: name }, sql));
  const quiet = async (sql: string) => {
    try {
      await engine.query(sql);
      return true;
    } catch {
      return false;
    }
  };
  const dropAll = async () => {
    await quiet(`DROP VIEW IF EXISTS ${q(names.customers)}`);
    for (const name of [names.scores, names.lookup, names.summary]) await quiet(`DROP TABLE IF EXISTS ${q(name)}`);
  };

  // the observation end: given, or the latest date in the log (as the in-memory report)
  let observationEnd = s.observationEnd;
  if (observationEnd === undefined) {
    const day = `${sqlDayNumber(`CAST(${column(s.date)} AS DATE)`, d)}`;
    const [row] = await query('observation end', `SELECT MAX(${day}) AS ${q('last_day')} FROM ${table}`);
    const last = warehouseNumber(row?.last_day, { function: fn, stage: 'observation end' }, 'last_day', 0, true);
    observationEnd = isoDateOfDay(last ?? 0);
  }
  const endDay = daysFromDateValue(observationEnd);
  const logSpec: SummarizeTransactionsSqlSpec = { customer: s.customer, date: s.date, amount: s.amount, observationEnd, timeUnit: unit, missing: 'skip' };
  // every SQL text that depends on the spec only, written before anything runs
  // (a column name the dialect cannot quote is refused here, at the summary stage)
  const summarySql = atStage(fn, 'summary', () => summarizeTransactionsSql(logSpec, { dialect: d, table: o.table }));
  const customersSql =
    `SELECT s.${column('customer')} AS ${q('customer')}, s.${column('frequency')} AS ${q('frequency')}, s.${column('recency')} AS ${q('recency')}, ` +
    `s.${column('T')} AS ${q('T')}, s.${column('revenue')} AS ${q('revenue')}, c.${column('clv')} AS ${q('clv')}, ` +
    `s.${column('T')} - s.${column('recency')} AS ${q('periodsInactive')}, ` +
    `s.${column('T')} - s.${column('recency')} AS ${q(features[0])}, s.${column('frequency')} AS ${q(features[1])}, ${logRevenue(`s.${column('revenue')}`, num)} AS ${q(features[2])} ` +
    `FROM ${q(names.summary)} s JOIN ${q(names.scores)} c ON s.${column('customer')} = c.${column('customer')}`;

  const comparisonQuery =
    holdoutEnd === undefined
      ? null
      : modelComparisonInWarehouse(
          { customer: s.customer, date: s.date, amount: s.amount, timeUnit: unit, observationEnd: calibrationEnd!, holdoutEnd },
          { dialect: d, table: o.table },
          fn,
        );

  const discountRate = Math.pow(1 + s.annualDiscountRate, 1 / perYear) - 1;
  try {
    await dropAll();
    await query('summary', `CREATE TABLE ${q(names.summary)} AS ${summarySql}`);
    // with a holdout: BG/NBD, MBG/NBD and Pareto/NBD fitted and compared on sufficient statistics; the CLV uses the pick
    const compared =
      comparisonQuery === null
        ? null
        : await stage('model comparison', async () => {
            const where = { function: fn, stage: 'model comparison' };
            return comparisonQuery.compare(await runWarehouseQuery(counted, where, comparisonQuery.sql), where);
          });
    const clv = await stage(
      'fit clv',
      () =>
        fitClvInWarehouse(
          counted,
          { timeUnit: unit, gammaGamma: { nonPositiveSpend: 'exclude' } },
          { summary: names.summary, ...(o.onProgress ? { onProgress: o.onProgress } : {}) },
        ),
      false,
    );
    const purchaseModel = compared?.model ?? clv.betaGeo;
    const scored = await stage('scores', () =>
      purchaseModel.kind === 'betaGeo'
        ? betaGeoScoresInWarehouse(
            counted,
            { purchaseModel, spendModel: clv.gammaGamma },
            { timeUnit: unit, horizon, discountRate, margin: 1 },
            { summary: names.summary, into: names.scores, lookup: names.lookup, keep: ['customer'] },
          )
        : historyClvInWarehouse(
            counted,
            { purchaseModel, spendModel: clv.gammaGamma },
            { horizon, timeUnit: unit, discountRate, margin: 1 },
            { summary: names.summary, into: names.scores, lookup: names.lookup },
            fn,
          ),
    );
    await query('customers view', `CREATE VIEW ${q(names.customers)} AS ${customersSql}`);
    const pyramidSpec = {
      dimensions: [
        { column: 'revenue', scale: 'none' },
        { column: 'clv', scale: 'none' },
      ],
      missing: 'skip',
    } as const;
    const pyramidStatistics = await stage('value pyramid statistics', () =>
      valuePyramidStatisticsInWarehouse(counted, pyramidSpec, { table: names.customers }),
    );
    const valuePyramid = fitValuePyramid(pyramidStatistics, pyramidSpec);
    const rfmSpec = {
      recency: { column: 'periodsInactive', better: 'lower' },
      frequency: { column: 'frequency' },
      monetary: { column: 'revenue' },
      missing: 'skip',
    } as const;
    const rfm = fitRfm(await stage('rfm statistics', () => rfmStatisticsInWarehouse(counted, rfmSpec, { table: names.customers })), rfmSpec);

    // k: chooseK on a seeded sample drawn in SQL (raw features: scaling by 0 and 1)
    const sampleRows = await query(
      'segment sample',
      sampleSql(
        { dialect: d, table: names.customers, features, key: 'customer', fn },
        features.map(() => ({ center: 0, inverse: 1 })),
        s.seed,
        REPORT_SAMPLE_SIZE,
      ),
    );
    const sample = Object.fromEntries(
      features.map((f, j) => [
        f,
        Float64Array.from(sampleRows, (row, i) => warehouseNumber(row[`x${j}`], { function: fn, stage: 'segment sample' }, `x${j}`, i)),
      ]),
    );
    const m = sampleRows.length;
    const choice = await stage('k choice', () =>
      chooseK(sample, {
        features: [...features],
        kRange: [2, Math.min(8, Math.max(2, m - 1))],
        sampleSize: Math.min(REPORT_SAMPLE_SIZE, m),
        restarts: CHOICE_RESTARTS,
        seed: s.seed,
      }),
    );
    const segments = await stage('segments', () =>
      fitSegmentsInWarehouse(
        counted,
        { features: [...features], k: choice.k, seed: s.seed, restarts: REPORT_RESTARTS, missing: 'skip' },
        { table: names.customers, key: 'customer', sampleSize: REPORT_SAMPLE_SIZE },
      ),
    );
    const models = {
      betaGeo: clv.betaGeo,
      purchaseModel,
      ...(compared === null ? {} : { modelComparison: compared.comparison }),
      gammaGamma: clv.gammaGamma,
      valuePyramid,
      rfm,
      segments,
      choice,
      get transferred() {
        return { rows, values };
      },
      counts: { customers: scored.customers, sample: m },
    };
    const job: CustomerValueJob = {
      fn,
      engine: counted,
      spec: s,
      table: o.table,
      unit,
      perYear,
      horizon,
      lapseAfter,
      observationEnd,
      endDay,
      summary: q(names.summary),
      customers: q(names.customers),
      customersName: names.customers,
      features,
      query,
      stage,
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
      q,
      num,
    };
    return await after(job, models);
  } finally {
    await dropAll();
  }
}

/**
 * Fit the customer-value report's models where the transactions live — the same plain JSON
 * models `analyzeCustomerValue` fits in memory (so `parseModel`, `compileScorer`, `toSql` and the
 * charts take them) — with no transaction and almost no customer row leaving the engine.
 *
 * The stages, each named in progress events and errors:
 * 1. `observation end` (only without `spec.observationEnd`): the latest date in the log.
 * 2. `summary`: `summarizeTransactionsSql` written once to the work table `<prefix>summary`
 *    (`CREATE TABLE ... AS`); everything below reads it, never the log again (but the model
 *    comparison, which reads the log to its holdout end).
 * 3. `model comparison` (only with `spec.holdoutEnd`, which needs `spec.observationEnd`: both
 *    checked before any query): one query on the log returns the calibration histogram of
 *    (frequency, recency, T) by holdout purchases (observationEnd, holdoutEnd] with counts,
 *    customers per birth day and repeat purchases per day; BG/NBD, MBG/NBD and Pareto/NBD are
 *    fitted on the grouped histories, compared (the per-customer holdout errors are exact from
 *    the groups) and tracked as `analyzeCustomerValue` does: `modelComparison`, and the pick in
 *    `purchaseModel`.
 * 4. `histograms`, `BG/NBD fit`, `Gamma-Gamma fit` (`fitClvInWarehouse` on the summary table):
 *    BG/NBD and Gamma-Gamma (non-positive spends excluded, as the report) on the grouped histories.
 * 5. `scores`: each customer's CLV over the horizon under `purchaseModel` (discounted at the
 *    annual rate per period, margin 1, as the report) written to `<prefix>scores`
 *    (`betaGeoScoresInWarehouse` for BG/NBD; for a Pareto/NBD or MBG/NBD pick the distinct
 *    (frequency, recency, T) come out and their discounted expected purchases go back in as a
 *    lookup); nothing per customer comes out.
 * 6. `customers view`: `<prefix>customers`, the summary joined with the scores, with
 *    `periodsInactive` = T − recency and the segment features.
 * 7. `value pyramid statistics` (`valuePyramidStatisticsInWarehouse`) → `fitValuePyramid` on
 *    revenue + CLV; `rfm statistics` (`rfmStatisticsInWarehouse`) → `fitRfm` on periods
 *    inactive, frequency and revenue.
 * 8. `segment sample`: at most 3,000 customers' three features, drawn in SQL ordered by a seeded
 *    hash of the customer id (`fitSegmentsInWarehouse`'s sample): **the only customer-level data
 *    that crosses**. `k choice`: `chooseK` on it (silhouette, k from 2 to 8), in JavaScript.
 * 9. `segments` (`fitSegmentsInWarehouse` with that k, the report's seed, 10 restarts and its
 *    k-means++ starts drawn from the same 3,000 customers — the same hash and seed — scaled).
 *
 * Equal to the in-memory fit to 1e-9 relative (tested in DuckDB and PostgreSQL on CDNOW and a
 * generated log with refunds, ties and one-purchase customers): BG/NBD, Gamma-Gamma, the pyramid
 * and RFM, and with a holdout the model comparison (holdout errors to 1e-12) and its pick. Not equal: the segments. Both reports choose k the same way — k-means for each
 * candidate k and the silhouette on one seeded sample of ≤ 3,000 customers (in memory `chooseK`
 * with `fitOn: 'sample'`, since issue 17) — but not on the same sample: in memory it is drawn in
 * JavaScript and scaled by all customers' z-scores, here it is drawn in SQL by a seeded hash of
 * the customer id and scaled by its own z-scores, so the curve differs and k may differ; with the same k, the in-engine k-means' inertia is
 * within 0.1% of `fitSegments` (see `fitSegmentsInWarehouse`). The `log revenue` feature is
 * computed with the engine's `LN` (a few ulps from `Math.log1p`).
 *
 * Missing values are skipped (rows with a NULL customer, date or amount, or a NaN amount), where
 * the in-memory report stops with an error. The date column must be a `DATE`, a `TIMESTAMP` or
 * ISO text (the engine casts it to `DATE`; convert `YYYYMMDD` integers first). Work tables are
 * dropped at the end, also on failure (best effort). A failing query rejects with
 * `engine_failed` naming this function and the stage, and nothing is returned.
 *
 * @throws {CustomerValueError} `invalid_spec` (spec, options, an engine without `load`);
 *   `engine_failed` naming the stage; `invalid_value` (an infinite amount); the fitters' errors.
 * @example
 * // DuckDB (customer-value/duckdb): `duckdbEngine({ file: 'orders.parquet', table: 'orders' })` reads a file in place;
 * // here CDNOW's CSV, its YYYYMMDD dates made DATEs first
 * const engine = await duckdbEngine();
 * await engine.query(`CREATE TABLE orders AS SELECT customer_id, strptime(CAST(date AS VARCHAR), '%Y%m%d')::DATE AS day, dollar_value FROM read_csv('examples/data/cdnow_master.csv')`);
 * const models = await fitInWarehouse(engine, { customer: 'customer_id', date: 'day', amount: 'dollar_value', observationEnd: '1997-09-30' }, { table: 'orders' });
 * engine.close();
 * Object.values(models.betaGeo.params).map((v) => Math.round(v * 1000) / 1000); // => [0.252, 4.789, 0.723, 2.161]
 * [models.betaGeo.fitted.n, models.valuePyramid.tierNames.length, models.counts.sample]; // => [23570, 4, 3000]
 * models.transferred.rows < 69659 / 2; // => true
 */
export async function fitInWarehouse(engine: WarehouseEngine, spec: CustomerValueReportSpec, options: FitInWarehouseOptions): Promise<FitInWarehouseResult> {
  return customerValueInWarehouse(engine, spec, options, FN, (_job, models) => Promise.resolve({ ...models, transferred: models.transferred }));
}

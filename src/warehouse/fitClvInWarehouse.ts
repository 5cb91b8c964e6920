import * as z from 'zod';
import { CustomerValueError } from '../errors.js';
import { betaGeoSpecSchema, type BetaGeoParams } from '../loyalty/clv/betaGeoSpec.js';
import { gammaGammaSpecSchema } from '../loyalty/clv/gammaGammaSpec.js';
import { fitBetaGeo, type BetaGeoModel } from '../loyalty/clv/fitBetaGeo.js';
import { fitGammaGamma, type GammaGammaModel } from '../loyalty/clv/fitGammaGamma.js';
import { clvHistogramsFromSummaryQuery, clvHistogramsParts } from './clvHistogramsSql.js';
import { clvWorkCreateSql, clvWorkDropSql, clvWorkHistogramsSql, clvWorkSizesSql, type ClvWorkTable } from './clvLikelihoodSql.js';
import { fitClvOnWorkTable, readWorkSizes } from './clvEngineLikelihood.js';
import { parseSpec, specError } from '../internal/parseSpec.js';
import type { TimeUnit } from '../value/timeUnit.js';
import type { SummarizeTransactionsSqlSpec } from './summarizeTransactionsSql.js';
import { checkEngine, warehouseNumber, type WarehouseEngine, type WarehouseRow, type WarehouseStage } from './warehouseEngine.js';
import { sqlTableNameSchema } from '../internal/sqlText.js';
import type { WarehouseProgress } from './warehouseProgress.js';
import { warehouseJob } from './warehouseJob.js';

const FN = 'fitClvInWarehouse';

// The fits' own settings, checked here so a problem is placed at spec.betaGeo… / spec.gammaGamma….
const fitSchema = z.object({
  // fitBetaGeo's spec is in zod/mini (issue 21): its fields, in a strict object as `.pick` made
  betaGeo: z.strictObject({ maxIterations: betaGeoSpecSchema.shape.maxIterations, starts: betaGeoSpecSchema.shape.starts }).optional(),
  // fitGammaGamma's spec is in zod/mini (issue 21) too
  gammaGamma: z
    .strictObject({ maxIterations: gammaGammaSpecSchema.shape.maxIterations, nonPositiveSpend: gammaGammaSpecSchema.shape.nonPositiveSpend })
    .optional(),
});
const optionsSchema = z.strictObject({
  table: sqlTableNameSchema.optional(),
  summary: sqlTableNameSchema.optional(),
  onProgress: z.custom<(event: WarehouseProgress) => void>((v) => typeof v === 'function', 'a function').optional(),
  likelihood: z.enum(['auto', 'engine', 'histograms']).default('auto'),
  work: sqlTableNameSchema.default('cv_clv_histograms'),
});

/** `likelihood: 'auto'` brings the histograms out when their fitted rows (both sets) are at most this many; above, the likelihoods are evaluated in the engine. */
export const CLV_HISTOGRAM_ROWS_OUT = 50_000;
const summarySpecSchema = fitSchema.extend({ timeUnit: betaGeoSpecSchema.shape.timeUnit }).strict();

/** The transaction log's spec (as `summarizeTransactionsSql`) and the two fits' own settings. */
export interface FitClvInWarehouseSpec extends SummarizeTransactionsSqlSpec {
  /** `fitBetaGeo` settings (its `timeUnit` is the log's, its columns the histogram's). */
  readonly betaGeo?: { readonly maxIterations?: number; readonly starts?: readonly BetaGeoParams[] };
  /** `fitGammaGamma` settings. */
  readonly gammaGamma?: { readonly maxIterations?: number; readonly nonPositiveSpend?: 'error' | 'exclude' };
}

/**
 * The spec when the summary is already a table (`options.summary`): its time unit and the fits'
 * settings (the log's rules were applied when the summary was written).
 */
export interface FitClvFromSummarySpec {
  /** The unit of the summary's `recency` and `T`. */
  readonly timeUnit: TimeUnit;
  readonly betaGeo?: FitClvInWarehouseSpec['betaGeo'];
  readonly gammaGamma?: FitClvInWarehouseSpec['gammaGamma'];
}

/** Where the data is — the log, or its summary already in a table — and who hears about progress. The dialect is the engine's. */
export interface InWarehouseOptions {
  /** The transaction table: a name, or its parts (`['sales', 'orders']`). Give this or `summary`. */
  readonly table?: string | readonly string[];
  /**
   * A table holding `summarizeTransactionsSql`'s output (e.g. `CREATE TABLE customer_summary AS
   * <that SQL>`): the histograms are then grouped from customers, one pass over the summary
   * instead of over the log, and the spec is a `FitClvFromSummarySpec`. Give this or `table`.
   */
  readonly summary?: string | readonly string[];
  /** Called after each stage (each query, each fit). */
  readonly onProgress?: (event: WarehouseProgress) => void;
}

/** `fitClvInWarehouse`'s own options: where the data is, and where the likelihoods are evaluated. */
export interface FitClvInWarehouseOptions extends InWarehouseOptions {
  /**
   * Where the likelihoods are evaluated:
   * - `'histograms'`: one query; both histograms come out and are fitted in memory. Nothing is
   *   created in the engine (for read-only users). Crosses: one row per distinct (frequency,
   *   recency, T) and one per distinct (frequency, monetary) — about one per repeat customer.
   * - `'engine'`: the histograms are written to the work table (`options.work`: needs CREATE
   *   TABLE and DROP TABLE rights) and stay there; each evaluation of a likelihood is one
   *   aggregate query returning one row of sums (parameters go in as constants). Crosses: one row
   *   of sizes, one row per distinct frequency, then one row per evaluation.
   * - `'auto'` (default): the work table is written (CREATE rights needed), and the histograms
   *   are brought out when their fitted rows number at most `CLV_HISTOGRAM_ROWS_OUT` (50,000),
   *   else the likelihoods are evaluated in the engine.
   */
  readonly likelihood?: 'auto' | 'engine' | 'histograms';
  /** The work table (`'engine'`, `'auto'`): default `cv_clv_histograms`; replaced if it exists, dropped at the end (also on failure, best effort). */
  readonly work?: string | readonly string[];
}

/** The two CLV models, fitted on the engine's histograms, and what crossed out of the engine. */
export interface ClvInWarehouse {
  readonly betaGeo: BetaGeoModel;
  readonly gammaGamma: GammaGammaModel;
  /** Result rows and values (rows × columns) that left the engine: the two histograms, or (in the engine) sizes, per-frequency statistics and one row per likelihood evaluation; nothing per customer. */
  readonly transferred: { readonly rows: number; readonly values: number };
  /** Where the likelihoods were evaluated (`'auto'` resolved), and the queries run (statements included). */
  readonly likelihood: 'engine' | 'histograms';
  readonly queries: number;
}

/** The error for customers the summary refused (NULL frequency: an infinite amount or profit). */
function refusedCustomers(refused: number): CustomerValueError {
  return new CustomerValueError('invalid_value', `${FN}: ${refused} customer(s) have an infinite amount or profit up to the observation end`, [
    {
      function: FN,
      expected: 'finite amounts and profits',
      received: `${refused} customer(s) with an infinite value`,
      hint: 'find them with a query on the log (amount = the dialect’s infinity) and correct or exclude them',
    },
  ]);
}

/** Histogram rows as columns through the exact number reader; NULL keys are the customers the summary refused. */
function readHistogram(rows: readonly WarehouseRow[], keys: readonly string[], where: WarehouseStage) {
  const columns = Object.fromEntries([...keys, 'customers'].map((k) => [k, new Float64Array(rows.length)]));
  let refused = 0;
  let kept = 0;
  rows.forEach((row, i) => {
    const count = warehouseNumber(row.customers, where, 'customers', i);
    if (row[keys[0]] === null || row[keys[0]] === undefined) {
      refused += count;
      return;
    }
    for (const k of keys) columns[k][kept] = warehouseNumber(row[k], where, k, i);
    columns.customers[kept] = count;
    kept++;
  });
  if (refused > 0) throw refusedCustomers(refused);
  return Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, v.subarray(0, kept)]));
}

/**
 * Fit BG/NBD and Gamma-Gamma where the transactions live: one query summarizes the log inside
 * the engine (as `summarizeTransactionsSql`) and groups the summary into both histograms at
 * once (`GROUPING SETS`: the distinct `(frequency, recency, T)` and `(frequency, monetary)`
 * with their customer counts, as `betaGeoHistogramSql` and `gammaGammaHistogramSql` write them),
 * and only those come out; `fitBetaGeo` and `fitGammaGamma` fit them as grouped input, which is
 * exact. The models are the same plain objects the in-memory fitters return (so `parseModel`,
 * `compileScorer`, `customerLifetimeValue` and the charts take them), equal to fitting
 * `summarizeTransactions`' summary of the same log to 1e-9 relative (tested in DuckDB and
 * PostgreSQL on CDNOW; the engine's double sums make `monetary` differ from the in-memory one in
 * the last bits, which moves Gamma-Gamma by far less). With `calibrationEnd`, both fit the
 * calibration period.
 *
 * Where the likelihoods are evaluated (`options.likelihood`; what crosses, queries per fit):
 * - `'histograms'`: the one query above; both histograms cross (about one row per distinct
 *   history plus one per repeat customer). Nothing is created in the engine: for read-only users.
 * - `'engine'`: the same GROUPING SETS written to a work table (`options.work`, default
 *   `cv_clv_histograms`, replaced if it exists and dropped at the end, also on failure — best
 *   effort; needs CREATE TABLE and DROP TABLE rights), one row of its sizes, one row per distinct
 *   frequency (customers, the screening subsample's customers, Σn·T, Σn·ln m̄ and the centred
 *   spend sums for the correlation). Above 10,000 fitted rows per model
 *   (`WAREHOUSE_SCREEN_ROWS`), every k-th row in the fitters' canonical order (≤ 10,000, with
 *   counts) is brought out once and the starting points are screened on it in JavaScript (BFGS,
 *   as the in-memory fitters screen theirs). Then each evaluation on all the data is ONE
 *   aggregate query at the parameters (sent as constants) returning one row of sums — the
 *   per-row parts of ℓ, its gradient and its Hessian without their Γ/ψ/ψ₁ terms: for
 *   Gamma-Gamma (with D = γ+x·m̄) Σn·((px−1)·ln m̄ − (px+q)·ln D), Σn·x·(ln m̄ − ln D),
 *   Σn·(ln γ − ln D), Σn·(q/γ − (px+q)/D), Σn·x/D, Σn/D, Σn·(px+q)/D²; for BG/NBD
 *   Σn·ln(e^l3+e^l4) and 18 derivative sums (log-sum-exp form, the exponential of a difference
 *   below −700 read as 0: PostgreSQL raises on underflow). The Γ, ψ and ψ₁ terms (PostgreSQL has
 *   no lgamma) are computed in JavaScript per distinct frequency. The optimizer is the in-memory
 *   fitters' own: from the screened point, Newton steps on the analytic Hessian until the
 *   relative step is below 1e-12 (one query each; BFGS on all the data first only if Newton
 *   fails there), then one query for ℓ and the standard errors — ~10 to 30 likelihood queries
 *   per fit, and the optimum is the in-memory one. DuckDB sums with `FSUM` (compensated: its
 *   parallel `SUM` order varies); other engines with `SUM` in their order. Parameters,
 *   log-likelihoods and standard errors (from the analytic Hessian, in memory too) agree with
 *   the in-memory fit to 1e-9.
 *   PostgreSQL gets `OFFSET 0` fences so it does not expand the nested selects.
 * - `'auto'` (default): the work table is written (CREATE rights needed), then the histograms
 *   are brought out when their fitted rows number at most `CLV_HISTOGRAM_ROWS_OUT` (50,000),
 *   else it goes on as `'engine'`. `result.likelihood` says which ran.
 * `transferred` counts every row and value that left the engine in either mode (statements'
 * status rows included); `queries` the statements run.
 *
 * The dialect is `engine.dialect`. Every query runs through `engine.query`; a failing query
 * rejects with `engine_failed` naming the stage (`"histograms"`, `"work table"`, `"sizes"`,
 * `"statistics"`, `"screening sample"`, `"likelihood"`) and the engine's message, and nothing is
 * returned (the work table is dropped; dropping it after a fit is best effort, stage
 * `"work table drop"`). Progress: one event per stage (a `"screening sample"` event per model
 * when it is screened on a sample); the likelihood queries are reported in their fit's event
 * (`rows` = their rows, the screening sample's included). Customers the summary refuses (an infinite amount) are an
 * `invalid_value` error, never dropped; with `'engine'` and `nonPositiveSpend: 'error'`, repeat
 * customers with a mean spend ≤ 0 are an `invalid_value` error with their count.
 *
 * @throws {CustomerValueError} `invalid_spec` (as `summarizeTransactionsSql`, or the fit settings);
 *   `engine_failed`; `invalid_value`; the fitters' `too_few_rows` / `not_converged`.
 * @example
 * // A stand-in engine answering the histograms query from the CDNOW summary in memory (a
 * // real one runs them: `duckdbEngine` from customer-value/duckdb, or ten lines around your client)
 * const log = await readCsvFile('examples/data/cdnow_master.csv');
 * const summary = summarizeTransactions(log.columns, { customer: 'customer_id', date: 'date', amount: 'dollar_value', observationEnd: '1997-09-30', timeUnit: 'week' });
 * const histogram = (keys, keep) => {
 *   const counts = new Map();
 *   summary.frequency.forEach((x, i) => {
 *     const key = keys.map((k) => summary[k][i]).join(' ');
 *     if (keep(i)) counts.set(key, (counts.get(key) ?? 0) + 1);
 *   });
 *   return [...counts].map(([key, n]) => ({ ...Object.fromEntries(key.split(' ').map((v, j) => [keys[j], Number(v)])), customers: BigInt(n) }));
 * };
 * // rows of both grouping sets, marked by GROUPING("monetary") as the engine does
 * const rows = [
 *   ...histogram(['frequency', 'recency', 'T'], () => true).map((row) => ({ ...row, monetary: null, betageo: 1 })),
 *   ...histogram(['frequency', 'monetary'], (i) => summary.frequency[i] > 0).map((row) => ({ ...row, recency: null, T: null, betageo: 0 })),
 * ];
 * const engine = { dialect: 'duckdb', query: () => rows };
 * const spec = { customer: 'customer_id', date: 'date', amount: 'dollar_value', observationEnd: '1997-09-30', timeUnit: 'week', missing: 'skip', gammaGamma: { nonPositiveSpend: 'exclude' } };
 * // likelihood: 'histograms': the one query above, nothing created in the engine
 * const { betaGeo, gammaGamma, transferred } = await fitClvInWarehouse(engine, spec, { table: 'orders', likelihood: 'histograms' });
 * Object.values(betaGeo.params).map((v) => Math.round(v * 1000) / 1000); // => [0.252, 4.789, 0.723, 2.161]
 * [betaGeo.fitted.n, gammaGamma.fitted.n]; // => [23570, 9450]
 * transferred.rows < betaGeo.fitted.n; // => true
 */
export async function fitClvInWarehouse(
  engine: WarehouseEngine,
  spec: FitClvInWarehouseSpec,
  options: FitClvInWarehouseOptions & { readonly table: string | readonly string[] },
): Promise<ClvInWarehouse>;
export async function fitClvInWarehouse(
  engine: WarehouseEngine,
  spec: FitClvFromSummarySpec,
  options: FitClvInWarehouseOptions & { readonly summary: string | readonly string[] },
): Promise<ClvInWarehouse>;
export async function fitClvInWarehouse(
  engine: WarehouseEngine,
  spec: FitClvInWarehouseSpec | FitClvFromSummarySpec,
  options: FitClvInWarehouseOptions,
): Promise<ClvInWarehouse> {
  checkEngine(engine, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  if ((o.table === undefined) === (o.summary === undefined)) {
    throw specError(
      FN,
      'options',
      'exactly one of options.table (the transaction log) and options.summary (a table holding its summary)',
      o.table === undefined ? 'neither' : 'both',
    );
  }
  let parts: { readonly ctes: readonly string[]; readonly select: string };
  let fit: z.output<typeof fitSchema>;
  let timeUnit: TimeUnit;
  // The queries are written (and the whole spec checked) before anything runs in the engine.
  if (o.summary !== undefined) {
    const s = parseSpec(summarySpecSchema, spec, FN);
    fit = s;
    timeUnit = s.timeUnit;
    parts = { ctes: [], select: clvHistogramsFromSummaryQuery(o.summary, engine.dialect, FN) };
  } else {
    const { betaGeo: betaGeoSettings, gammaGamma: gammaGammaSettings, ...log } = (spec ?? {}) as FitClvInWarehouseSpec;
    fit = parseSpec(fitSchema, { betaGeo: betaGeoSettings, gammaGamma: gammaGammaSettings }, FN);
    timeUnit = log.timeUnit;
    parts = clvHistogramsParts(log, { dialect: engine.dialect, table: o.table! }, FN);
  }
  const sql = parts.ctes.length === 0 ? parts.select : `WITH ${parts.ctes.join(',\n')}\n${parts.select}`;
  const betaGeoSpec = { ...fit.betaGeo, timeUnit, columns: { count: 'customers' } };
  const gammaGammaSpec = { ...fit.gammaGamma, columns: { count: 'customers' } };
  const workTable: ClvWorkTable = { dialect: engine.dialect, table: o.work, fn: FN };
  const statements = o.likelihood === 'histograms' ? null : { drop: clvWorkDropSql(workTable), create: clvWorkCreateSql(workTable, parts.ctes, parts.select) };
  const job = warehouseJob(engine, FN, o.onProgress);
  // one event per likelihood evaluation would be hundreds: the fit's event counts their rows
  const query = (name: string, sql: string) => job.query(name, sql, name !== 'likelihood');
  const done = (result: Pick<ClvInWarehouse, 'betaGeo' | 'gammaGamma'>, likelihood: ClvInWarehouse['likelihood']): ClvInWarehouse => ({
    ...result,
    transferred: job.transferred,
    likelihood,
    queries: job.queries,
  });
  /** Both histograms out of the engine, fitted in memory (grouped input: exact). */
  const fitHistograms = async (histograms: readonly WarehouseRow[], stageName: string) => {
    const where = { function: FN, stage: stageName };
    const betaGeoRows: WarehouseRow[] = [];
    const gammaGammaRows: WarehouseRow[] = [];
    histograms.forEach((row, i) => {
      if (warehouseNumber(row.betageo, where, 'betageo', i) === 1) betaGeoRows.push(row);
      else gammaGammaRows.push(row); // frequency 0 (counted in withoutRepeat by the fitter) and NULL (refused) rows too
    });
    const betaGeoData = readHistogram(betaGeoRows, ['frequency', 'recency', 'T'], where);
    const gammaGammaData = readHistogram(gammaGammaRows, ['frequency', 'monetary'], where);
    const betaGeo = await job.step('BG/NBD fit', () => fitBetaGeo(betaGeoData, betaGeoSpec));
    const gammaGamma = await job.step('Gamma-Gamma fit', () => fitGammaGamma(gammaGammaData, gammaGammaSpec));
    return { betaGeo, gammaGamma };
  };
  if (statements === null) {
    return done(await fitHistograms(await query('histograms', sql), 'histograms'), 'histograms');
  }
  let failed = true;
  try {
    await query('work table', statements.drop);
    await query('work table', statements.create);
    const sizes = readWorkSizes((await query('sizes', clvWorkSizesSql(workTable)))[0], FN, 'sizes');
    if (sizes.refused > 0) throw refusedCustomers(sizes.refused);
    let result: ClvInWarehouse;
    if (o.likelihood === 'auto' && sizes.betaGeoRows + sizes.gammaGammaRows <= CLV_HISTOGRAM_ROWS_OUT) {
      result = done(await fitHistograms(await query('histograms', clvWorkHistogramsSql(workTable)), 'histograms'), 'histograms');
    } else {
      const models = await fitClvOnWorkTable(
        workTable,
        sizes,
        { betaGeo: parseSpec(betaGeoSpecSchema, betaGeoSpec, FN), gammaGamma: parseSpec(gammaGammaSpecSchema, gammaGammaSpec, FN) },
        query,
        (name, fitting) => job.step(name, fitting),
      );
      result = done(models, 'engine');
    }
    failed = false;
    // best effort: the models stand if only the clean-up fails
    await query('work table drop', statements.drop).catch(() => undefined);
    return done(result, result.likelihood);
  } finally {
    // best effort on failure: the error that stopped the fit is the one reported
    if (failed) await Promise.resolve(engine.query(statements.drop)).catch(() => undefined);
  }
}

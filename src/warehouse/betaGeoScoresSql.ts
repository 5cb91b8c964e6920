import * as z from 'zod';
import { CustomerValueError, describeValue } from '../errors.js';
import { parseSpec, specError } from '../internal/parseSpec.js';
import { quoteIdentifier, SQL_DOUBLE, sqlNumber, sqlStringLiteral, sqlTableNameSchema, quoteTableName } from '../internal/sqlText.js';
import { timeUnitSchema } from '../internal/timeUnits.js';
import type { BetaGeoModel } from '../loyalty/clv/fitBetaGeo.js';
import type { TimeUnit } from '../value/timeUnit.js';
import type { GammaGammaModel } from '../loyalty/clv/fitGammaGamma.js';
import { assertModelKind } from '../model/assertModelKind.js';
import { SQL_DIALECTS, type SqlDialect } from '../scoring/toSql.js';
import { summaryQuery, type SummarizeTransactionsSqlSpec } from './summarizeTransactionsSql.js';

const FN = 'betaGeoScoresSql';

/**
 * Log odds of death above this give P(alive) = 0 (and expected purchases and CLV 0): P(alive) is
 * below e^−690 ≈ 3e-300 there, and PostgreSQL raises when EXP or a product of non-zero doubles
 * underflows to 0.
 */
const TINY_LOG_ODDS = 690;

/** Where the customers are and what to name (shared with `betaGeoScoresInWarehouse`). Internal. */
export const scoreWhereShape = {
  table: sqlTableNameSchema.optional(),
  summary: sqlTableNameSchema.optional(),
  keep: z.array(z.string().min(1)).default(['customer']),
};

const optionsSchema = z.strictObject({
  dialect: z.enum(SQL_DIALECTS),
  lookup: sqlTableNameSchema,
  ...scoreWhereShape,
});

const marginSchema = z.strictObject({ margin: z.number().gt(0).max(1).optional() });
const summarySpecSchema = marginSchema.extend({ timeUnit: timeUnitSchema });

/** The fitted models the warehouse scores are computed with. */
export interface BetaGeoScoresModels {
  readonly purchaseModel: BetaGeoModel;
  /** With a Gamma-Gamma model (and `margin`, `discountRate`), the scores add `expected_spend` and `clv`. */
  readonly spendModel?: GammaGammaModel;
}

/** The spec of `betaGeoScoresSql` over a transaction log (`options.table`): the log's spec, as `summarizeTransactionsSql`, and the margin. */
export interface BetaGeoScoresSqlSpec extends SummarizeTransactionsSqlSpec {
  /** Profit margin on spend, in (0, 1], as `customerLifetimeValue`'s. Required with a spend model. */
  readonly margin?: number;
}

/** The spec of `betaGeoScoresSql` over a summary table (`options.summary`): its time unit (the log's rules were applied when it was written) and the margin. */
export interface BetaGeoScoresSqlFromSummarySpec {
  /** The unit of the summary's `recency` and `T`: must be the purchase model's. */
  readonly timeUnit: TimeUnit;
  /** Profit margin on spend, in (0, 1]. Required with a spend model. */
  readonly margin?: number;
}

/** Where `betaGeoScoresSql` reads and what it joins; the dialect to write. */
export interface BetaGeoScoresSqlOptions {
  readonly dialect: SqlDialect;
  /** The transaction log: the summary is computed in the query by `summarizeTransactionsSql`'s SQL. Give this or `summary`. */
  readonly table?: string | readonly string[];
  /** A table holding `summarizeTransactionsSql`'s columns (`frequency`, `recency`, `T`, and `monetary` for CLV) as doubles or integers. Give this or `table`. */
  readonly summary?: string | readonly string[];
  /** The lookup table loaded from `betaGeoScoreLookup(...).columns` (with `discountRate` for CLV): a name or its parts. */
  readonly lookup: string | readonly string[];
  /** Summary columns passed through to the result (default `['customer']`). */
  readonly keep?: readonly string[];
}

/** The parts of a scoring query, checked: the SQL text and the summary's time unit. Internal. */
export interface BetaGeoScoresQuery {
  readonly sql: string;
  readonly timeUnit: TimeUnit;
}

/**
 * SQL text scoring BG/NBD expected purchases (and, with a Gamma-Gamma model, CLV) per customer
 * inside the engine. The same arguments as `betaGeoScoresInWarehouse` without the engine: the
 * models; the spec (the log's spec, as `summarizeTransactionsSql`, with `options.table`, or
 * `{ timeUnit }` with `options.summary`; plus `margin` for CLV; the time unit must be the purchase
 * model's); the options say the dialect, where the customers are, the lookup table and the kept
 * columns. Each customer is joined to the lookup table `betaGeoScoreLookup` computed over the
 * distinct `(frequency, T)` (loaded into the engine under `options.lookup`) ON exact equality of
 * the two doubles: T is whole days divided once by the days of the unit, computed by the engine
 * for both the histories the lookup was built from and the summary, and the lookup's keys are
 * those doubles read back at round-trip precision. Output columns: the `keep` columns,
 * `probability_alive`, `expected_purchases`, and with a spend model `expected_spend` and `clv`.
 *
 * Arithmetic, in the order the in-memory functions use: P(alive) from its log odds
 * `log_odds + (r + x) · (log_age − LN(α + t_x))` (the two logarithms in x and T alone from the
 * lookup, i.e. JavaScript's; `probabilityAlive`'s expression) through the logistic
 * `EXP(−l) / (1 + EXP(−l))` for l > 0 and `1 / (1 + EXP(l))` otherwise (no overflow either way),
 * 1 without repeat purchases; `expected_purchases = P(alive) · expected_if_alive`; the expected
 * spend is `conditionalExpectedSpend`'s closed form `(p·(γ + x·m̄)) / (p·x + q − 1)` for repeat
 * customers and the constant p·γ/(q − 1) (computed in JavaScript) otherwise; CLV is
 * `((margin · spend) · P(alive)) · discounted_if_alive`. The spend is the same IEEE operations
 * as in JavaScript, so the same bits; the other three equal `customerLifetimeValue` and
 * `conditionalExpectedPurchases` on the same summary to 1e-12 relative, not bit for bit: the
 * engine's `LN` and `EXP` (the C library's) may differ from `Math.log`/`Math.exp` in the last
 * bit, which moves P(alive) by at most about (r + x)·2^−52·ln(α + t_x) relative (below 1e-12 for
 * fewer than ~500 repeat purchases; tested in DuckDB and PostgreSQL). A log odds above 690
 * (P(alive) below 3e-300) gives P(alive), expected purchases and CLV 0: PostgreSQL raises when
 * `EXP` or a product underflows to 0.
 *
 * Totality: a customer whose history is NULL (the summary refused it: an infinite amount) gets
 * NULL in every output column, as in the summary. Every other customer must find its
 * `(frequency, T)` in the lookup table: one that does not (the log changed between the
 * histories query and the scoring query, or the lookup was computed from another summary) makes
 * the query FAIL in the engine with a message naming it, never a silent NULL that a `SUM` would
 * read as 0. So does a recency that is not a history's (below 0, above T, or not 0 without a
 * repeat purchase) and (with CLV) a monetary value that is NULL, NaN or infinite, or negative
 * for a repeat customer, which `customerLifetimeValue` refuses. The failure is raised by
 * `error(...)` (DuckDB), `raise_error(...)` (Spark), `ERROR(...)` (BigQuery), and by casting the
 * message text to a double in PostgreSQL and Snowflake (which have no error function): in every
 * output column that depends on it, so a query reading only some columns still fails. `LN`,
 * `EXP` and `CONCAT` are spelled alike in all five dialects.
 *
 * The lookup must hold each (frequency, T) once (`betaGeoScoreLookup`'s does): a duplicated key
 * would duplicate customers. Executed in tests in DuckDB and PostgreSQL against
 * `customerLifetimeValue`, `conditionalExpectedPurchases` and an independent scipy evaluation
 * on CDNOW and generated logs; Spark, BigQuery and Snowflake text is checked by a parser and
 * snapshots.
 *
 * @throws {CustomerValueError} `invalid_spec` (dialect, names that cannot be quoted, neither or both of `table` and `summary`, a time unit other than the purchase model's, a spend model without `margin`, a kept column colliding with an output); `invalid_model` (not a BG/NBD or Gamma-Gamma model, or q ≤ 1).
 * @example
 * const purchaseModel = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const sql = betaGeoScoresSql({ purchaseModel }, { timeUnit: 'week' }, { dialect: 'duckdb', summary: 'customer_summary', lookup: 'clv_lookup', keep: ['customer'] });
 * sql.includes('LEFT JOIN "clv_lookup"'); // => true
 */
export function betaGeoScoresSql(
  models: BetaGeoScoresModels,
  spec: BetaGeoScoresSqlSpec,
  options: BetaGeoScoresSqlOptions & { readonly table: string | readonly string[] },
): string;
export function betaGeoScoresSql(
  models: BetaGeoScoresModels,
  spec: BetaGeoScoresSqlFromSummarySpec,
  options: BetaGeoScoresSqlOptions & { readonly summary: string | readonly string[] },
): string;
export function betaGeoScoresSql(
  models: BetaGeoScoresModels,
  spec: BetaGeoScoresSqlSpec | BetaGeoScoresSqlFromSummarySpec,
  options: BetaGeoScoresSqlOptions,
): string {
  return betaGeoScoresQuery(models, spec, options, FN).sql;
}

/**
 * The scoring query with errors naming `fn`: every check of `betaGeoScoresSql` (models, spec,
 * options, the purchase model's time unit against the spec's). Internal: not exported from the package.
 */
export function betaGeoScoresQuery(models: BetaGeoScoresModels, spec: unknown, options: BetaGeoScoresSqlOptions, fn: string): BetaGeoScoresQuery {
  const o = parseSpec(optionsSchema, options, fn, 'options');
  if ((o.summary === undefined) === (o.table === undefined)) {
    throw specError(
      fn,
      'options',
      'exactly one of options.table (the transaction log) and options.summary (a table holding its summary)',
      o.summary === undefined ? 'neither' : 'both',
    );
  }
  if (models === null || typeof models !== 'object') throw specError(fn, 'models', '{ purchaseModel, spendModel? }', describeValue(models));
  // the models as parsed (defaults filled), not as given
  const purchaseModel = assertModelKind(models.purchaseModel, 'betaGeo', fn, 'models.purchaseModel');
  if (spec === null || typeof spec !== 'object') throw specError(fn, 'spec', 'a spec object', describeValue(spec));
  let log: SummarizeTransactionsSqlSpec | undefined;
  let margin: number | undefined;
  let timeUnit: TimeUnit;
  if (o.summary !== undefined) {
    const s = parseSpec(summarySpecSchema, spec, fn);
    margin = s.margin;
    timeUnit = s.timeUnit;
  } else {
    const { margin: m, ...rest } = spec as BetaGeoScoresSqlSpec;
    margin = parseSpec(marginSchema, m === undefined ? {} : { margin: m }, fn).margin;
    log = rest;
    timeUnit = rest.timeUnit; // checked by summaryQuery below, before it is compared
  }
  const spend = models.spendModel === undefined ? undefined : assertModelKind(models.spendModel, 'gammaGamma', fn, 'models.spendModel');
  if (spend !== undefined) {
    if (margin === undefined) throw specError(fn, 'spec.margin', 'a profit margin in (0, 1] with a spend model (CLV)', 'undefined');
    if (!(spend.params.q > 1)) {
      throw new CustomerValueError('invalid_model', `${fn}: q = ${spend.params.q} ≤ 1, so the expected spend is infinite`, [
        {
          function: fn,
          path: 'models.spendModel.params.q',
          expected: 'q > 1',
          received: String(spend.params.q),
          hint: 'refit on cleaner spend data (outliers inflate the tail)',
        },
      ]);
    }
  }
  const d = o.dialect;
  const q = (name: string) => quoteIdentifier(name, d, fn, 'internal name', { path: 'options' });
  const ctes: string[] = [];
  let source: string;
  if (log !== undefined) {
    const summary = summaryQuery(log, { dialect: d, table: o.table! }, fn);
    ctes.push(...summary.ctes, `${q('__cv_summary')} AS (SELECT ${summary.columns.join(', ')} FROM ${q('__cv_customers')})`);
    source = q('__cv_summary');
  } else {
    source = quoteTableName(o.summary!, d, fn, 'options.summary');
  }
  const modelUnit = purchaseModel.spec.timeUnit;
  if (timeUnit !== modelUnit) {
    throw new CustomerValueError('invalid_spec', `${fn}: the purchase model is in ${modelUnit}s but the spec says ${timeUnit}s`, [
      {
        function: fn,
        path: 'spec.timeUnit',
        expected: JSON.stringify(modelUnit),
        received: JSON.stringify(timeUnit),
        hint: 'score a summary in the unit the model was fitted in (the summary’s recency and T are in spec.timeUnit)',
      },
    ]);
  }
  return { sql: scoresText(d, fn, o.lookup, o.keep, source, ctes, purchaseModel, spend, margin), timeUnit };
}

function scoresText(
  d: SqlDialect,
  fn: string,
  lookupName: string | readonly string[],
  keepNames: readonly string[],
  source: string,
  ctes: string[],
  purchase: BetaGeoModel,
  spend: GammaGammaModel | undefined,
  margin: number | undefined,
): string {
  const q = (name: string) => quoteIdentifier(name, d, fn, 'internal name', { path: 'options' });
  const num = (v: number) => sqlNumber(v, d, fn);
  const double = SQL_DOUBLE[d];
  const outputs = ['probability_alive', 'expected_purchases', ...(spend !== undefined ? ['expected_spend', 'clv'] : [])];
  const seen = new Map(outputs.map((name) => [name.toLowerCase(), `the output column "${name}"`]));
  const keep = keepNames.map((name) => {
    const clash = name.toLowerCase().startsWith('__cv_') ? 'the reserved prefix __cv_' : seen.get(name.toLowerCase());
    if (clash !== undefined) {
      throw new CustomerValueError('invalid_spec', `${fn}: kept column "${name}" collides with ${clash}`, [
        { function: fn, path: 'options.keep', expected: `a column name other than ${clash} (compared without case)`, received: JSON.stringify(name) },
      ]);
    }
    seen.set(name.toLowerCase(), `the kept column "${name}"`);
    return quoteIdentifier(name, d, fn, 'column name', { column: name });
  });
  const [x, tx, T, m, logOddsX, logAge, ifAlive, discounted, unmatched, invalid, logOdds, alive, spent] = [
    'x',
    'tx',
    'T',
    'm',
    'log_odds_x',
    'log_age',
    'if_alive',
    'discounted',
    'unmatched',
    'invalid',
    'log_odds',
    'alive',
    'spend',
  ].map((name) => q(`__cv_${name}`));
  const col = (name: string) => quoteIdentifier(name, d, fn, 'column name', { column: name });
  const cast = (expr: string) => `CAST(${expr} AS ${double})`;
  ctes.push(
    `${q('__cv_source')} AS (SELECT ${[...keep, `${cast(col('frequency'))} AS ${x}`, `${cast(col('recency'))} AS ${tx}`, `${cast(col('T'))} AS ${T}`, ...(spend ? [`${cast(col('monetary'))} AS ${m}`] : [])].join(', ')} FROM ${source})`,
  );
  const lookup = quoteTableName(lookupName, d, fn, 'options.lookup');
  const l = (name: string) => `${q('__cv_lookup')}.${col(name)}`;
  // the summary's rules on recency, as customerLifetimeValue checks them (0 ≤ t_x ≤ T, t_x = 0 without repeat purchases)
  const badRecency = `${tx} < ${num(0)} OR ${tx} > ${T} * ${num(1 + 1e-12)} + ${num(1e-12)} OR (${x} = ${num(0)} AND ${tx} <> ${num(0)})`;
  ctes.push(
    `${q('__cv_joined')} AS (SELECT ${q('__cv_source')}.*, ${cast(l('log_odds'))} AS ${logOddsX}, ${cast(l('log_age'))} AS ${logAge}, ${cast(l('expected_if_alive'))} AS ${ifAlive}` +
      `${spend ? `, ${cast(l('discounted_if_alive'))} AS ${discounted}` : ''}, CASE WHEN ${l('frequency')} IS NULL THEN 1 ELSE 0 END AS ${unmatched}, ` +
      `CASE WHEN ${badRecency} THEN 1 ELSE 0 END AS ${invalid} ` +
      `FROM ${q('__cv_source')} LEFT JOIN ${lookup} ${q('__cv_lookup')} ON ${x} = ${cast(l('frequency'))} AND ${T} = ${cast(l('T'))})`,
  );
  // P(alive) as probabilityAlive computes it: log odds = (ln a − ln(b+x−1)) + (r+x)·(ln(α+T) − ln(α+t_x)), then the logistic
  // in the form that cannot overflow; the first two logarithms come from the lookup (JavaScript's)
  const { r, alpha } = purchase.params;
  ctes.push(
    `${q('__cv_odds')} AS (SELECT *, CASE WHEN ${x} = ${num(0)} OR ${unmatched} = 1 OR ${invalid} = 1 OR ${tx} IS NULL THEN ${num(0)} ` +
      `ELSE ${logOddsX} + (${num(r)} + ${x}) * (${logAge} - LN(${num(alpha)} + ${tx})) END AS ${logOdds} FROM ${q('__cv_joined')})`,
    `${q('__cv_alive')} AS (SELECT *, CASE WHEN ${x} = ${num(0)} THEN ${num(1)} WHEN ${logOdds} > ${num(TINY_LOG_ODDS)} THEN ${num(0)} ` +
      `WHEN ${logOdds} > ${num(0)} THEN EXP(-${logOdds}) / (${num(1)} + EXP(-${logOdds})) ELSE ${num(1)} / (${num(1)} + EXP(${logOdds})) END AS ${alive} FROM ${q('__cv_odds')})`,
  );
  const text = { duckdb: 'VARCHAR', postgres: 'TEXT', spark: 'STRING', bigquery: 'STRING', snowflake: 'VARCHAR' }[d];
  const message = (words: string, values: readonly string[]) =>
    `CONCAT(${[sqlStringLiteral(`customer-value ${fn}: ${words} (`, d, fn, 'message', 'options'), ...values.flatMap((v, k) => [...(k ? [`', '`] : []), `CAST(${v} AS ${text})`]), `')'`].join(', ')})`;
  const fail = (words: string, values: readonly string[]) => {
    const msg = message(words, values);
    return d === 'duckdb' ? `error(${msg})` : d === 'spark' ? `raise_error(${msg})` : d === 'bigquery' ? `ERROR(${msg})` : `CAST(${msg} AS ${double})`;
  };
  const missingHistory = `${x} IS NULL OR ${tx} IS NULL OR ${T} IS NULL`;
  const noRow =
    `WHEN ${unmatched} = 1 THEN ${fail('no row in the lookup table for (frequency, T) =', [x, T])} ` +
    `WHEN ${invalid} = 1 THEN ${fail('a history that is not one (recency below 0, above T, or not 0 without repeat purchases): (frequency, recency, T) =', [x, tx, T])}`;
  const column = (whens: string, value: string, name: string) => `CASE WHEN ${missingHistory} THEN NULL ${whens} ELSE ${value} END AS ${col(name)}`;
  // a P(alive) given as 0 gives 0 (a product rounding to 0 raises in PostgreSQL)
  const times = (factors: string) => `CASE WHEN ${alive} = ${num(0)} THEN ${num(0)} ELSE ${factors} END`;
  const results = [column(noRow, alive, 'probability_alive'), column(noRow, times(`${alive} * ${ifAlive}`), 'expected_purchases')];
  let from = q('__cv_alive');
  if (spend !== undefined) {
    const finite = `${m} >= ${num(-Number.MAX_VALUE)} AND ${m} <= ${num(Number.MAX_VALUE)}`;
    const badSpend = `WHEN ${m} IS NULL OR NOT (${finite}) OR (${x} > 0 AND ${m} < 0) THEN ${fail(
      'a monetary value that is missing, not finite, or negative for a repeat customer, for (frequency, monetary) =',
      [x, m],
    )}`;
    // conditionalExpectedSpend's expression, in its order; evaluated only on accepted monetary values
    ctes.push(`${spent} AS (SELECT *, ${expectedSpendSql(spend, x, m, num)} AS ${spent} FROM ${q('__cv_alive')})`);
    results.push(
      column(badSpend, spent, 'expected_spend'),
      column(`${noRow} ${badSpend}`, times(`${num(margin!)} * ${spent} * ${alive} * ${discounted}`), 'clv'),
    );
    from = spent;
  }
  return `WITH ${ctes.join(',\n')}\nSELECT ${[...keep, ...results].join(', ')} FROM ${from}`;
}

/**
 * Gamma-Gamma's expected spend of a customer with `x` repeat purchases of mean value `m` (SQL
 * expressions), as `conditionalExpectedSpend` computes it, in its order: NULL for a monetary
 * value it refuses (negative or not finite for a repeat customer). Internal: shared by the
 * BG/NBD scores and the warehouse report's scores of another purchase model.
 */
export function expectedSpendSql(spend: GammaGammaModel, x: string, m: string, num: (value: number) => string): string {
  const { p, q, gamma } = spend.params;
  return (
    `CASE WHEN ${x} > 0 AND ${m} >= 0 AND ${m} <= ${num(Number.MAX_VALUE)} THEN (${num(p)} * (${num(gamma)} + ${x} * ${m})) / (${num(p)} * ${x} + ${num(q)} - ${num(1)}) ` +
    `WHEN ${x} = 0 THEN ${num((p * gamma) / (q - 1))} END`
  );
}

import * as z from 'zod';
import { CustomerValueError, describeValue } from '../errors.js';
import { parseSpec } from '../internal/parseSpec.js';
import { inputDomain, largestFiniteMultiplicand } from '../internal/inputDomain.js';
import { refusalReason, SQL_MODEL_KINDS, type ModelOf, type SqlModelKind } from '../model/kinds.js';
import { assertModelKind } from '../model/assertModelKind.js';
import type { CustomerValueModel } from '../model/parseModel.js';
import { linearPredictorSql } from '../internal/covariatePredictor.js';
import { quoteIdentifier, SQL_DOUBLE, sqlNumber, sqlStringLiteral, sqlTableNameSchema } from '../internal/sqlText.js';
import { fullScaleSum } from '../satisfaction/fullScaleSum.js';

const FN = 'toSql';

/** A SQL dialect `toSql` writes. */
export type SqlDialect = 'duckdb' | 'postgres' | 'spark' | 'bigquery' | 'snowflake';
export const SQL_DIALECTS: readonly SqlDialect[] = ['duckdb', 'postgres', 'spark', 'bigquery', 'snowflake'];

// Which kinds toSql exports is the registry's (kinds.ts) `sql`; the contract suite runs refused
// and accepted rows through each.
export { SQL_MODEL_KINDS, type SqlModelKind };
const MAX = Number.MAX_VALUE;
/** P(alive) exponents beyond ±708 give a result within 1e-307 of 0 or exactly 1: EXP there underflows in PostgreSQL. */
const EXP_LIMIT = 708;
/** (r + x)·ln((α+T)/(α+t_x)) above this makes P(alive) 0 whatever a, b and x: clamped so the product cannot overflow. */
const PRODUCT_LIMIT = 1e4;
/** Products and quotients smaller than this are given as 0 (PostgreSQL raises when one rounds to 0). */
const TINY = 1e-300;

const optionsSchema = z.strictObject({
  dialect: z.enum(SQL_DIALECTS),
  table: sqlTableNameSchema,
  columns: z.record(z.string(), z.string().min(1)).default({}),
  keep: z.array(z.string().min(1)).default([]),
  name: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a name of letters, digits and _')
    .optional(),
});

/** Options for `toSql`. */
export interface ToSqlOptions {
  readonly dialect: SqlDialect;
  /** Table to score: a name, or its parts (`['analytics', 'customers']`). */
  readonly table: string | readonly string[];
  /** The table's column for each model column, when they differ (`{ recency: 'days_since' }`). */
  readonly columns?: Readonly<Record<string, string>>;
  /** Table columns passed through to the result (ids). */
  readonly keep?: readonly string[];
  /** Prefix of the output columns (default: the model kind). */
  readonly name?: string;
}

/**
 * A SQL `SELECT` that computes a fitted model's outputs inside a warehouse: RFM scores and cell,
 * value-pyramid value and tier, satisfaction index (item scale and 0–100), segment and distance,
 * BG/NBD P(alive), also with covariates (a categorical covariate read by a `CASE` over the fitted
 * levels, NULL for any other value; a covariate mixing text and number levels is refused) (BG/NBD expected purchases and CLV need a hypergeometric series per history:
 * `betaGeoScoresSql` joins a lookup table computed over the distinct histories, and
 * `betaGeoScoresInWarehouse` runs it all on an engine). The arithmetic is the scorer's, in the same order, with every constant
 * emitted at round-trip precision as a string cast to a double (a bare decimal literal can
 * become a DECIMAL that converts to a neighbouring double); thresholds become sums of `CASE`
 * comparisons. Identifiers are quoted for the dialect (`"x"` for DuckDB, PostgreSQL and
 * Snowflake; backticks for Spark and BigQuery) and validated, so no column or table name can
 * inject SQL. Where the SQL needs `LN(1 + x)` for a `log1p` dimension, values agree with the
 * TypeScript scorer to ~1e-15 relative; a customer sitting exactly on a tier threshold can then
 * tier differently.
 *
 * Refused rows: the SQL gives NULL in every output column exactly where the library refuses or
 * skips the row — a NULL or NaN input (what `scoreColumns` skips under `missing: 'skip'`), and
 * every row outside the model's input domain, the one description `compileScorer` and the
 * per-model scorers check (answers on the scale, values > −1 under log1p, BG/NBD histories with
 * a whole frequency ≥ 0, 0 ≤ recency ≤ T and recency 0 without repeat purchases, ±Infinity,
 * value-pyramid and segment inputs beyond ≈1e150 whose scores would not be finite). A refused
 * row's inputs become NULL before any arithmetic, so no engine raises on it. There is no reject
 * column: `<name>_<first output> IS NULL` marks refused rows (the TypeScript side names them).
 *
 * P(alive) is written so no engine overflows or underflows (PostgreSQL raises on both): the
 * exponent's product is clamped at 1e4 (P(alive) is 0 there whatever the parameters) and EXP is
 * only taken within ±708; where the scorer gives a value below 1e-307 the SQL gives 0.
 *
 * PostgreSQL also raises when a product or quotient of non-zero doubles rounds to 0 (a weight
 * of 0.5 times a subnormal 5e-324): such terms, below 1e-300 in the scorer, are written as 0.
 *
 * A `keep` column named like an output column (compared without case, as DuckDB binds names)
 * is refused: it would be read in place of the new score.
 *
 * Executed in tests: DuckDB (embedded) and PostgreSQL, against the TypeScript scorer on 100,000
 * rows and on a table of refused and accepted rows per model kind (`SQL_MODEL_KINDS`). Spark SQL,
 * BigQuery and Snowflake output is checked by snapshot and parsed by node-sql-parser's grammar
 * for the dialect (Hive's for Spark: it has no Spark SQL grammar), which checks the statement's
 * structure but not function names.
 *
 * @throws {CustomerValueError} `invalid_spec` (dialect, names that cannot be quoted safely, a kept column that collides with an output or another kept column); `invalid_model` (also for values that would make scoring non-finite, and for a kind not exported to SQL — Gamma-Gamma, PLS path model — with what to use instead in the issue's hint).
 * @example
 * const rfm = fitRfm(
 *   { r: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], f: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], m: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
 *   { recency: { column: 'r', better: 'lower' }, frequency: { column: 'f' }, monetary: { column: 'm' } },
 * );
 * const sql = toSql(rfm, { dialect: 'postgres', table: ['crm', 'customers'], keep: ['customer_id'] });
 * sql.startsWith('WITH input AS (SELECT "customer_id", CAST("r" AS DOUBLE PRECISION) AS "__cv_0"'); // => true
 * sql.includes('FROM "crm"."customers"'); // => true
 */
export function toSql(model: CustomerValueModel, options: ToSqlOptions): string {
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const kind = (model as { kind?: unknown } | null)?.kind;
  if (!SQL_MODEL_KINDS.includes(kind as SqlModelKind)) {
    // a kind of the registry that is not exported says why (kinds.ts)
    const why = refusalReason(kind, 'sql');
    throw new CustomerValueError('invalid_model', `${FN}: this model cannot be exported to SQL`, [
      {
        function: FN,
        path: 'model.kind',
        expected: SQL_MODEL_KINDS.map((k) => JSON.stringify(k)).join(', '),
        received: describeValue(kind),
        ...(why ? { hint: why } : {}),
      },
    ]);
  }
  model = assertModelKind(model, kind as SqlModelKind, FN);
  const q = (name: string, where: string) => quote(name, o.dialect, where);
  // Constants go through a string cast: every engine parses text to the nearest double, while a
  // bare decimal literal may first become DECIMAL and round differently on the way to DOUBLE.
  const num = (v: number) => sqlNumber(v, o.dialect, FN);
  const prefix: string = o.name ?? (kind as SqlModelKind);
  const local = (name: string) => q(`__cv_${name}`, 'internal name');
  for (const name of [...o.keep, ...Object.values(o.columns)]) {
    if (name.toLowerCase().startsWith('__cv_')) throw specErrorFor(name); // any case: DuckDB binds "__CV_ok" to "__cv_ok"
  }
  // Inputs: each model column once, read from its table column and cast to a double.
  const inputs: string[] = [];
  const ref = (column: string): string => {
    let k = inputs.indexOf(column);
    if (k < 0) {
      k = inputs.length;
      inputs.push(column);
    }
    return local(String(k));
  };
  const outNames: string[] = [];
  const out = (field: string) => {
    if (!outNames.includes(`${prefix}_${field}`)) outNames.push(`${prefix}_${field}`);
    return q(`${prefix}_${field}`, 'output name');
  };
  const steps: string[] = []; // each a list of "expr AS name" evaluated over the previous step
  const outputs: string[] = [];
  // constant · (expr), with |constant · expr| < 1e-300 given as 0: PostgreSQL raises "underflow"
  // when a product of non-zero doubles rounds to 0 (0.5 · 5e-324), and the scorer's value is
  // below 1e-300 there anyway. `after`: the scorer's order, (expr) · constant.
  const times = (constant: number, expr: string, after = false) => {
    const guarded = constant === 0 ? `(${expr})` : `(CASE WHEN ABS(${expr}) < ${num(TINY / Math.abs(constant))} THEN ${num(0)} ELSE ${expr} END)`;
    return after ? `${guarded} * ${num(constant)}` : `${num(constant)} * ${guarded}`;
  };
  const lt = (a: string, b: string) => `(CASE WHEN ${a} < ${b} THEN 1 ELSE 0 END)`;
  const gt = (a: string, b: string) => `(CASE WHEN ${a} > ${b} THEN 1 ELSE 0 END)`;

  SQL_WRITERS[kind as SqlModelKind](model as never, { dialect: o.dialect, ref, out, local, num, times, lt, gt, steps, outputs });
  // A kept column named like an output (or like another kept column) would be read in place of
  // the new score by engines that bind names case-insensitively (DuckDB): refused. Names are
  // compared without case, as DuckDB, Spark and BigQuery compare them.
  const seen = new Map<string, string>(outNames.map((name) => [name.toLowerCase(), `the output column "${name}"`]));
  for (const name of o.keep) {
    const clash = seen.get(name.toLowerCase());
    if (clash !== undefined) {
      throw new CustomerValueError('invalid_spec', `${FN}: kept column "${name}" collides with ${clash}`, [
        {
          function: FN,
          path: 'options.keep',
          expected: `a column name other than ${clash} (compared without case); rename it in the table or pass options.name`,
          received: JSON.stringify(name),
        },
      ]);
    }
    seen.set(name.toLowerCase(), `the kept column "${name}"`);
  }
  // The rows the library refuses, from the same input domain compileScorer checks: each input
  // finite and in range, whole where it must be, the rules between inputs.
  const domain = inputDomain(model);
  const sqlMax = (v: number) => (v > MAX ? MAX : v);
  const conditions: string[] = [];
  domain.columns.forEach((column, j) => {
    const x = ref(column);
    const { min, max, above, integer } = domain.ranges[j];
    // both bounds always: they also refuse ±Infinity and NaN (which engines sort above every number, or compare as false)
    conditions.push(`${x} >= ${num(-sqlMax(-min))}`, `${x} <= ${num(sqlMax(max))}`);
    if (above !== -Infinity) conditions.push(`${x} > ${num(above)}`);
    if (integer) conditions.push(o.dialect === 'spark' ? `${x} % 1 = 0` : `FLOOR(${x}) = ${x}`);
  });
  for (const relation of domain.relations) {
    if (relation.kind === 'atMost') {
      const x = ref(relation.column);
      const bound = ref(relation.bound);
      // above the largest bound whose product is finite, the bound is Infinity: nothing refused (and no overflow)
      conditions.push(
        `(CASE WHEN ${bound} <= ${num(largestFiniteMultiplicand(relation.factor))} THEN ${x} <= ${bound} * ${num(relation.factor)} + ${num(relation.offset)} ELSE TRUE END)`,
      );
    } else {
      conditions.push(`(${ref(relation.when)} <> 0 OR ${ref(relation.column)} = 0)`);
    }
  }
  const ok = local('ok');
  const keep = o.keep.map((c) => q(c, 'keep column'));
  const table = (Array.isArray(o.table) ? o.table : [o.table]).map((part) => q(part, 'table name')).join('.');
  const casts = inputs.map((column, k) => {
    const name = q(o.columns[column] ?? column, 'column name');
    const levels = domain.levels[domain.columns.indexOf(column)];
    // a categorical input is its level's index: NULL for a level the model was not fitted with (refused below)
    const value = levels ? categoricalIndexSql(name, column, levels, o.dialect, num) : `CAST(${name} AS ${SQL_DOUBLE[o.dialect]})`;
    return `${value} AS ${local(String(k))}`;
  });
  const masked = inputs.map((_, k) => `CASE WHEN ${ok} = 1 THEN ${local(String(k))} END AS ${local(String(k))}`);
  const ctes = [
    `input AS (SELECT ${[...keep, ...casts].join(', ')} FROM ${table})`,
    `checked AS (SELECT *, CASE WHEN ${conditions.join(' AND ')} THEN 1 ELSE 0 END AS ${ok} FROM input)`,
    // refused rows carry NULL inputs, so no arithmetic runs on them (no LN of a negative, no overflow)
    `accepted AS (SELECT ${[...keep, ok, ...masked].join(', ')} FROM checked)`,
  ];
  // PostgreSQL pulls CTEs up into one expression tree, evaluating a column once per reference
  // (segments: k² references to each distance): OFFSET 0 keeps each step a computed column.
  const fence = o.dialect === 'postgres' ? ' OFFSET 0' : '';
  steps.forEach((step, s) => ctes.push(`step${s + 1} AS (SELECT *, ${step} FROM ${s === 0 ? 'accepted' : `step${s}`}${fence})`));
  const results = outputs.map((name) => `CASE WHEN ${ok} = 1 THEN ${name} END AS ${name}`);
  return `WITH ${ctes.join(',\n')}\nSELECT ${[...keep, ...results].join(', ')} FROM step${steps.length}`;
}

/** What a kind's SQL writer is given: the helpers `toSql` builds for the dialect, and the steps and outputs it fills. */
interface SqlWriting {
  readonly dialect: SqlDialect;
  /** The input holding a model column (each read once, cast to a double). */
  readonly ref: (column: string) => string;
  /** The quoted output column `<name>_<field>`. */
  readonly out: (field: string) => string;
  /** A quoted internal name `__cv_<name>`. */
  readonly local: (name: string) => string;
  /** A constant at round-trip precision, as a string cast to a double. */
  readonly num: (v: number) => string;
  /** constant · (expr), a product below 1e-300 given as 0. */
  readonly times: (constant: number, expr: string, after?: boolean) => string;
  readonly lt: (a: string, b: string) => string;
  readonly gt: (a: string, b: string) => string;
  /** Each a list of "expr AS name" evaluated over the previous step. */
  readonly steps: string[];
  readonly outputs: string[];
}

/** The SQL of each exported kind (kinds.ts says which kinds toSql exports: one missing here does not compile). */
const SQL_WRITERS: { readonly [K in SqlModelKind]: (model: ModelOf<K>, w: SqlWriting) => void } = {
  rfm(model, { ref, out, num, gt, steps, outputs }) {
    const fields = (['recency', 'frequency', 'monetary'] as const).map((d) => {
      const x = ref(model.spec[d].column);
      const above = model.thresholds[d].map((t) => gt(x, num(t))).join(' + ') || '0';
      const flip = model.spec[d].better === 'lower';
      return `${flip ? model.spec.bins : 1} ${flip ? '-' : '+'} (${above}) AS ${out(d)}`;
    });
    steps.push(fields.join(', '));
    steps.push(
      `100 * ${out('recency')} + 10 * ${out('frequency')} + ${out('monetary')} AS ${out('cell')}, ${out('recency')} + ${out('frequency')} + ${out('monetary')} AS ${out('total')}`,
    );
    outputs.push(...['recency', 'frequency', 'monetary', 'cell', 'total'].map(out));
  },
  valuePyramid(model, { dialect, ref, out, num, times, lt, steps, outputs }) {
    const terms = model.spec.dimensions.map((d, j) => {
      const s = model.scaling[j];
      const x = ref(d.column);
      const t = d.transform === 'log1p' ? `LN(${num(1)} + ${x})` : x;
      return times(s.weight / s.spread, `${t} - ${num(s.center)}`);
    });
    steps.push(`${terms.join(' + ')} AS ${out('value')}`);
    const below = model.thresholds.map((t) => lt(out('value'), num(t))).join(' + ') || '0';
    const names = model.tierNames.map((name, j) => `WHEN ${j} THEN ${stringLiteral(name, dialect)}`).join(' ');
    steps.push(`${below} AS ${out('tier')}`);
    steps.push(`CASE ${out('tier')} ${names} END AS ${out('tier_name')}`);
    outputs.push(out('value'), out('tier'), out('tier_name'));
  },
  satisfactionIndex(model, { ref, out, local, num, times, steps, outputs }) {
    const [min, max] = model.spec.scale;
    // the scorer's share = Σ w·(x − min) / fullScaleSum, summed in item order: exactly 0 and 1 at
    // the ends of the scale; index = min + (max − min)·share, index100 = 100·share
    const sum = model.items.map((item, j) => times(model.weights[j], `${ref(item)} - ${num(min)}`)).join(' + ');
    steps.push(`${sum} AS ${local('sum')}`);
    // a quotient that would round to 0 (PostgreSQL: underflow) is given as 0: below 1e-300 anyway
    const full = fullScaleSum(model.weights, model.spec.scale);
    steps.push(`CASE WHEN ABS(${local('sum')}) < ${num(TINY * full)} THEN ${num(0)} ELSE ${local('sum')} / ${num(full)} END AS ${local('share')}`);
    steps.push(`${num(min)} + ${times(max - min, local('share'))} AS ${out('index')}, ${times(100, local('share'))} AS ${out('index100')}`);
    outputs.push(out('index'), out('index100'));
  },
  segments(model, { ref, out, local, num, times, steps, outputs }) {
    const z = model.spec.features.map(
      (f, j) => `${times(1 / model.scaling[j].scale, `${ref(f)} - ${num(model.scaling[j].center)}`, true)} AS ${local(`z${j}`)}`,
    );
    steps.push(z.join(', '));
    // a square below 1e-300 is given as 0 (PostgreSQL raises when a product rounds to 0)
    const square = (diff: string) => `CASE WHEN ABS(${diff}) < ${num(Math.sqrt(TINY))} THEN ${num(0)} ELSE (${diff}) * (${diff}) END`;
    const d = model.centers.map((center, c) => `${center.map((v, j) => square(`${local(`z${j}`)} - ${num(v)}`)).join(' + ')} AS ${local(`d${c}`)}`);
    steps.push(d.join(', '));
    const k = model.centers.length;
    const whens = Array.from({ length: k - 1 }, (_, c) => {
      const rest = Array.from({ length: k - c - 1 }, (_, i) => `${local(`d${c}`)} <= ${local(`d${c + 1 + i}`)}`).join(' AND ');
      return `WHEN ${rest} THEN ${c}`;
    }).join(' ');
    const least = k === 1 ? local('d0') : `LEAST(${Array.from({ length: k }, (_, c) => local(`d${c}`)).join(', ')})`;
    steps.push(`${k === 1 ? '0' : `CASE ${whens} ELSE ${k - 1} END`} AS ${out('segment')}, SQRT(${least}) AS ${out('distance')}`);
    outputs.push(out('segment'), out('distance'));
  },
  betaGeo(model, w) {
    const { r, alpha, a, b } = model.params;
    probabilityAliveSql(model.spec.columns, { r: w.num(r), alpha: w.num(alpha), a: w.num(a), b: w.num(b) }, w);
  },
  betaGeoCovariates(model, w) {
    const { ref, local, num, times, steps } = w;
    const { r, alpha, a, b } = model.params;
    // the customer's (r, α_i, a_i, b_i) as the scorer: exp of ln θ moved by the linear predictors
    // (a categorical covariate read as its level's index, the input's CASE over the fitted levels);
    // the input domain keeps every EXP argument within ±630
    const eta = (gamma: readonly number[]) => linearPredictorSql(model.covariates, gamma, ref, num, times);
    const [ep, ed] = [local('ep'), local('ed')];
    steps.push(`${eta(model.coefficients.purchase)} AS ${ep}, ${eta(model.coefficients.dropout)} AS ${ed}`);
    const [al, ai, bi] = [local('alpha'), local('a'), local('b')];
    steps.push(`EXP(${num(Math.log(alpha))} - ${ep}) AS ${al}, EXP(${num(Math.log(a))} + ${ed}) AS ${ai}, EXP(${num(Math.log(b))} + ${ed}) AS ${bi}`);
    probabilityAliveSql(model.spec.columns, { r: num(Math.exp(Math.log(r))), alpha: al, a: ai, b: bi }, w);
  },
};

/**
 * BG/NBD P(alive) as probabilityAliveOf, its parameters given as SQL (constants, or a covariate
 * model's per-customer columns), in a form no engine can overflow or underflow: the product
 * (r + x)·Δ is clamped at 1e4 (P(alive) is 0 there for any a, b, x), and EXP is only taken of
 * arguments within ±708 (beyond, P(alive) is 1, or 0 where the scorer gives < 1e-307).
 */
function probabilityAliveSql(
  columns: { readonly frequency: string; readonly recency: string; readonly T: string },
  p: { readonly r: string; readonly alpha: string; readonly a: string; readonly b: string },
  { ref, out, local, num, steps, outputs }: SqlWriting,
): void {
  const x = ref(columns.frequency);
  const tx = ref(columns.recency);
  const T = ref(columns.T);
  const dl = local('dl');
  const lo = local('lo');
  steps.push(`CASE WHEN ${x} > 0 THEN LN(${p.alpha} + ${T}) - LN(${p.alpha} + ${tx}) ELSE 0 END AS ${dl}`);
  const product = `CASE WHEN ${dl} > ${num(PRODUCT_LIMIT)} / (${p.r} + ${x}) THEN ${num(PRODUCT_LIMIT)} ELSE (${p.r} + ${x}) * ${dl} END`;
  steps.push(`CASE WHEN ${x} > 0 THEN LN(${p.a}) - LN(${p.b} + ${x} - 1) + (${product}) ELSE 0 END AS ${lo}`);
  steps.push(
    `CASE WHEN ${x} = 0 THEN ${num(1)} WHEN ${lo} > ${num(EXP_LIMIT)} THEN ${num(0)} WHEN ${lo} > 0 THEN EXP(-${lo}) / (1 + EXP(-${lo})) WHEN ${lo} < ${num(-EXP_LIMIT)} THEN ${num(1)} ELSE 1 / (1 + EXP(${lo})) END AS ${out('probability_alive')}`,
  );
  outputs.push(out('probability_alive'));
}

/**
 * A categorical covariate's level index: CASE over the fitted levels (text compared as text,
 * numbers as doubles), NULL for any other value. A covariate mixing text and number levels is
 * refused: a SQL column has one type.
 */
function categoricalIndexSql(name: string, column: string, levels: readonly (string | number)[], dialect: SqlDialect, num: (v: number) => string): string {
  const text = levels.every((l) => typeof l === 'string');
  if (!text && !levels.every((l) => typeof l === 'number'))
    throw new CustomerValueError('invalid_model', `${FN}: covariate "${column}" has both text and number levels`, [
      {
        function: FN,
        path: 'model.covariates',
        column,
        expected: 'a categorical covariate whose levels are all text or all numbers (a SQL column has one type)',
        received: levels.map((l) => JSON.stringify(l)).join(', '),
        hint: 'refit with the covariate as text (String(value)) or as numbers',
      },
    ]);
  const value = text ? name : `CAST(${name} AS ${SQL_DOUBLE[dialect]})`;
  const level = (l: string | number) => (typeof l === 'string' ? sqlStringLiteral(l, dialect, FN, 'covariate level', 'model.covariates') : num(l));
  return `CASE ${levels.map((l, i) => `WHEN ${value} = ${level(l)} THEN ${num(i)}`).join(' ')} END`;
}

function specErrorFor(name: string): CustomerValueError {
  return new CustomerValueError('invalid_spec', `${FN}: column names starting with __cv_ are reserved`, [
    { function: FN, path: 'options.keep', expected: 'a column name not starting with __cv_', received: JSON.stringify(name) },
  ]);
}

/** A tier name as a string literal for the dialect. */
function stringLiteral(text: string, dialect: SqlDialect): string {
  return sqlStringLiteral(text, dialect, FN, 'tier name', 'model.tierNames');
}

/** Quote an identifier for the dialect, refusing names that cannot be quoted safely. */
export function quote(name: string, dialect: SqlDialect, where: string): string {
  const location =
    where === 'column name' ? { column: name } : { path: where === 'keep column' ? 'options.keep' : where === 'table name' ? 'options.table' : 'options.name' };
  return quoteIdentifier(name, dialect, FN, where, location);
}

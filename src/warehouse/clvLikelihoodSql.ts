import { quoteIdentifier, quoteTableName, sqlNumber, SQL_DOUBLE } from '../internal/sqlText.js';
import type { SqlDialect } from '../scoring/toSql.js';

// The SQL of fitClvInWarehouse's in-engine likelihood (`likelihood: 'engine'`): the two CLV
// histograms written to a work table once, then small aggregate queries over it: their sizes,
// the per-frequency counts and sums that do not depend on the parameters, and, per evaluation
// of a likelihood, ONE row of sums at the parameters given as constants. Γ and ψ functions stay
// in JavaScript (PostgreSQL has no lgamma), computed per distinct frequency from the counts.
// Internal: not exported from the package.

/** Columns of the work table. */
export const CLV_WORK_COLUMNS = ['frequency', 'recency', 'T', 'monetary', 'betageo', 'customers', 'fitted', 'row_number'] as const;

/** How a query is asked for: the dialect, the work table and the function named in errors. */
export interface ClvWorkTable {
  readonly dialect: SqlDialect;
  readonly table: string | readonly string[];
  readonly fn: string;
}

function names(work: ClvWorkTable) {
  const q = (name: string) => quoteIdentifier(name, work.dialect, work.fn, 'column name', { column: name });
  const double = (expression: string) => `CAST(${expression} AS ${SQL_DOUBLE[work.dialect]})`;
  const num = (value: number) => sqlNumber(value, work.dialect, work.fn);
  // DuckDB sums doubles in parallel, in an order that varies run to run; FSUM (compensated
  // summation) makes each sum accurate to about one rounding whatever the order, so the Newton
  // finish and the standard errors are the same from run to run, not just close.
  const sum = (expression: string) => `${work.dialect === 'duckdb' ? 'FSUM' : 'SUM'}(${expression})`;
  return { q, double, num, sum, table: quoteTableName(work.table, work.dialect, work.fn, 'options.work') };
}

/**
 * `DROP TABLE IF EXISTS` the work table (standard in all five dialects).
 */
export function clvWorkDropSql(work: ClvWorkTable): string {
  return `DROP TABLE IF EXISTS ${names(work).table}`;
}

/**
 * `CREATE TABLE work AS` the GROUPING SETS histograms (`clvHistogramsParts`, or the same select
 * on a summary table), with two more columns: `fitted` (1 for a row a fit sums over: every
 * BG/NBD row with a frequency, the Gamma-Gamma rows with frequency > 0 and monetary > 0) and
 * `row_number` (1, 2, ... over each set's fitted rows in canonical order — by frequency,
 * recency, T for BG/NBD, by frequency, monetary for Gamma-Gamma — the order the in-memory fitters
 * sort grouped input in, so "every k-th row" is the same subsample as theirs).
 */
export function clvWorkCreateSql(work: ClvWorkTable, ctes: readonly string[], histogramsSelect: string): string {
  const { q, table } = names(work);
  const [frequency, recency, T, monetary, betageo, customers] = ['frequency', 'recency', 'T', 'monetary', 'betageo', 'customers'].map(q);
  const fitted = `CASE WHEN ${frequency} IS NULL THEN 0 WHEN ${betageo} = 1 THEN 1 WHEN ${frequency} > 0 AND ${monetary} > 0 THEN 1 ELSE 0 END`;
  const columns = `${frequency}, ${recency}, ${T}, ${monetary}, ${betageo}, ${customers}`;
  return (
    `CREATE TABLE ${table} AS WITH ${[
      ...ctes,
      `${q('__cv_histograms')} AS (${histogramsSelect})`,
      `${q('__cv_fitted')} AS (SELECT ${columns}, ${fitted} AS ${q('fitted')} FROM ${q('__cv_histograms')})`,
    ].join(',\n')}\n` +
    `SELECT ${columns}, ${q('fitted')}, ROW_NUMBER() OVER (PARTITION BY ${betageo}, ${q('fitted')} ORDER BY ${frequency}, ${recency}, ${T}, ${monetary}) AS ${q('row_number')} ` +
    `FROM ${q('__cv_fitted')} ORDER BY ${betageo}, ${q('fitted')}, ${q('row_number')}`
  );
}

/**
 * One row: fitted rows per set (`betageo_rows`, `gammagamma_rows`), customers the summary
 * refused (`refused`: NULL frequency), customers without a repeat purchase (`without_repeat`)
 * and repeat customers with a mean spend ≤ 0 (`non_positive`), and the Gamma-Gamma customers'
 * count and spend sum (`spend_customers`, `spend_sum`: the mean spend the correlation is centred on).
 */
export function clvWorkSizesSql(work: ClvWorkTable): string {
  const { q, double, sum: sumDouble, table } = names(work);
  const [frequency, monetary, betageo, customers, fitted] = ['frequency', 'monetary', 'betageo', 'customers', 'fitted'].map(q);
  const sum = (condition: string, value: string) => `SUM(CASE WHEN ${condition} THEN ${value} ELSE 0 END)`;
  const gg = `${betageo} = 0 AND ${fitted} = 1`;
  return (
    `SELECT ${sum(`${betageo} = 1 AND ${fitted} = 1`, '1')} AS ${q('betageo_rows')}, ${sum(gg, '1')} AS ${q('gammagamma_rows')}, ` +
    `${sum(`${betageo} = 1 AND ${frequency} IS NULL`, customers)} AS ${q('refused')}, ` +
    `${sum(`${betageo} = 0 AND ${frequency} = 0`, customers)} AS ${q('without_repeat')}, ` +
    `${sum(`${betageo} = 0 AND ${frequency} > 0 AND ${fitted} = 0`, customers)} AS ${q('non_positive')}, ` +
    `${sum(gg, customers)} AS ${q('spend_customers')}, ${sumDouble(`CASE WHEN ${gg} THEN ${double(customers)} * ${monetary} ELSE 0 END`)} AS ${q('spend_sum')} ` +
    `FROM ${table}`
  );
}

/**
 * Per set (`betageo`) and distinct frequency of the fitted rows: customers, customers in the
 * screening subsample (rows whose `row_number − 1` is a multiple of `every`), and the sums that
 * do not depend on the parameters — BG/NBD: Σn·T (exposure); Gamma-Gamma: Σn·(m̄ − mean) and
 * Σn·(m̄ − mean)² (the correlation, centred on `spendMean`).
 */
export function clvWorkFrequenciesSql(work: ClvWorkTable, every: { readonly betaGeo: number; readonly gammaGamma: number }, spendMean: number): string {
  const { q, double, num, sum, table } = names(work);
  const [frequency, T, monetary, betageo, customers, fitted, rowNumber] = ['frequency', 'T', 'monetary', 'betageo', 'customers', 'fitted', 'row_number'].map(q);
  const n = double(customers);
  const sampled = `MOD(${rowNumber} - 1, CASE WHEN ${betageo} = 1 THEN ${every.betaGeo} ELSE ${every.gammaGamma} END) = 0`;
  const gg = (value: string) => sum(`CASE WHEN ${betageo} = 0 THEN ${value} ELSE 0 END`);
  const centred = `(${monetary} - ${num(spendMean)})`;
  return (
    `SELECT ${betageo}, ${frequency}, SUM(${customers}) AS ${q('customers')}, ` +
    `SUM(CASE WHEN ${sampled} THEN ${customers} ELSE 0 END) AS ${q('sampled')}, ` +
    `${sum(`CASE WHEN ${betageo} = 1 THEN ${n} * ${T} ELSE 0 END`)} AS ${q('exposure')}, ` +
    `${gg(`${n} * ${centred}`)} AS ${q('spend_deviation')}, ${gg(`${n} * ${centred} * ${centred}`)} AS ${q('spend_square')} ` +
    `FROM ${table} WHERE ${fitted} = 1 GROUP BY ${betageo}, ${frequency}`
  );
}

/**
 * The screening subsample of one set (`betageo` 1 or 0): every `every`-th fitted row in canonical
 * order (`row_number − 1` a multiple of `every`), with its counts, brought out once so the
 * starting points are screened in JavaScript rather than by a query per evaluation.
 */
export function clvWorkSampleSql(work: ClvWorkTable, set: 0 | 1, every: number): string {
  const { q } = names(work);
  return `SELECT ${['frequency', 'recency', 'T', 'monetary', 'customers'].map(q).join(', ')} ${rowsOf(work, set, every)} ORDER BY ${q('row_number')}`;
}

/** Rows of one set's likelihood: all fitted rows, or the screening subsample (every k-th). */
function rowsOf(work: ClvWorkTable, set: 0 | 1, every: number | null): string {
  const { q, table } = names(work);
  const sample = every === null ? '' : ` AND MOD(${q('row_number')} - 1, ${every}) = 0`;
  return `FROM ${table} WHERE ${q('betageo')} = ${set} AND ${q('fitted')} = 1${sample}`;
}

/**
 * ONE row of Gamma-Gamma sums at (p, q, γ), over all fitted rows or the subsample (`every`),
 * each the per-row part of `gammaGammaLogLikelihood`'s term without its Γ/ψ terms (which depend
 * on x only), so the engine sums the same small per-row quantities the in-memory kernel does
 * (`GammaGammaSums`): with D = γ + x·m̄, `v` = Σn·((px−1)·ln m̄ − (px+q)·ln D), `dp` =
 * Σn·x·(ln m̄ − ln D), `dq` = Σn·(ln γ − ln D), `dgamma` = Σn·(q/γ − (px+q)/D), and with
 * `hessian` also `hpg` = Σn·x/D, `hqg` = Σn/D, `hgg` = Σn·(px+q)/D² (`gammaGammaFromSums` adds the rest).
 */
export function gammaGammaSumsSql(work: ClvWorkTable, params: readonly number[], every: number | null, hessian = false): string {
  const { q, double, num, sum } = names(work);
  const [p, shape, gamma] = params;
  const [frequency, monetary, customers] = ['frequency', 'monetary', 'customers'].map(q);
  const n = double(customers);
  const logD = `LN(${num(gamma)} + ${frequency} * ${monetary})`;
  const px = `${num(p)} * ${frequency}`;
  return (
    `SELECT ${sum(`${n} * ((${px} - 1) * LN(${monetary}) - (${px} + ${num(shape)}) * ${logD})`)} AS ${q('v')}, ` +
    `${sum(`${n} * ${frequency} * (LN(${monetary}) - ${logD})`)} AS ${q('dp')}, ${sum(`${n} * (${num(Math.log(gamma))} - ${logD})`)} AS ${q('dq')}, ` +
    `${sum(`${n} * (${num(shape / gamma)} - (${px} + ${num(shape)}) / (${num(gamma)} + ${frequency} * ${monetary}))`)} AS ${q('dgamma')}` +
    (hessian
      ? `, ${sum(`${n} * ${frequency} / (${num(gamma)} + ${frequency} * ${monetary})`)} AS ${q('hpg')}, ` +
        `${sum(`${n} / (${num(gamma)} + ${frequency} * ${monetary})`)} AS ${q('hqg')}, ` +
        `${sum(`${n} * (${px} + ${num(shape)}) / ((${num(gamma)} + ${frequency} * ${monetary}) * (${num(gamma)} + ${frequency} * ${monetary}))`)} AS ${q('hgg')}`
      : '') +
    ` ${rowsOf(work, 0, every)}`
  );
}

/**
 * ONE row of BG/NBD sums at (r, α, a, b), over all fitted rows or the subsample (`every`). Per
 * history, l3 = −(r+x)·ln(α+T) and, for x > 0, l4 = ln a − ln(b+x−1) − (r+x)·ln(α+t_x); the
 * history's term is ln(e^l3 + e^l4) taken as the larger plus ln(1 + e^(smaller − larger)) (the
 * exponential of a difference below −700 read as 0: PostgreSQL raises on underflow), and w4 =
 * e^l4/(e^l3 + e^l4). Sums: `lse` = Σn·term, `dr` = Σn·((1−w4)·ln(α+T) + w4·ln(α+t_x)),
 * `dalpha` = Σn·(r+x)·((1−w4)/(α+T) + w4/(α+t_x)), `da` = Σn·w4, `db` = Σn·w4/(b+x−1), and with
 * `hessian` the Hessian's thirteen sums (`BetaGeoSums`: the in-memory kernel takes the same).
 */
export function betaGeoSumsSql(work: ClvWorkTable, params: readonly number[], every: number | null, hessian = false): string {
  const { q, double, num, sum } = names(work);
  const [r, alpha, a, b] = params;
  const [frequency, recency, T, customers] = ['frequency', 'recency', 'T', 'customers'].map(q);
  const [n, x, lt, ltx, lb, it, itx, ib, l3, l4, e, up] = ['n', 'x', 'lt', 'ltx', 'lb', 'it', 'itx', 'ib', 'l3', 'l4', 'e', 'up'].map((name) =>
    q(`__cv_${name}`),
  );
  const repeat = `${frequency} > 0`;
  // PostgreSQL flattens subqueries into the outer expressions, which repeats every LN and EXP
  // once per reference (w4 appears eight times): OFFSET 0 keeps each level computed once per row.
  const fence = work.dialect === 'postgres' ? ' OFFSET 0' : '';
  const logs =
    `SELECT ${double(customers)} AS ${n}, ${frequency} AS ${x}, LN(${num(alpha)} + ${T}) AS ${lt}, 1 / (${num(alpha)} + ${T}) AS ${it}, ` +
    `CASE WHEN ${repeat} THEN LN(${num(alpha)} + ${recency}) ELSE 0 END AS ${ltx}, CASE WHEN ${repeat} THEN 1 / (${num(alpha)} + ${recency}) ELSE 0 END AS ${itx}, ` +
    `CASE WHEN ${repeat} THEN LN(${num(b)} + ${frequency} - 1) ELSE 0 END AS ${lb}, CASE WHEN ${repeat} THEN 1 / (${num(b)} + ${frequency} - 1) ELSE 0 END AS ${ib} ` +
    rowsOf(work, 1, every);
  const carried = [n, x, lt, ltx, it, itx, ib].join(', ');
  const rx = `(${num(r)} + ${x})`;
  const terms = `SELECT ${carried}, -${rx} * ${lt} AS ${l3}, ${num(Math.log(a))} - ${lb} - ${rx} * ${ltx} AS ${l4} FROM (${logs}${fence}) ${q('__cv_logs')}`;
  const diff = `CASE WHEN ${l4} > ${l3} THEN ${l3} - ${l4} ELSE ${l4} - ${l3} END`;
  const exps =
    `SELECT ${carried}, ${l3}, ${l4}, ` +
    `CASE WHEN ${x} = 0 OR ${diff} < -700 THEN 0 ELSE EXP(${diff}) END AS ${e}, CASE WHEN ${x} > 0 AND ${l4} > ${l3} THEN 1 ELSE 0 END AS ${up} ` +
    `FROM (${terms}${fence}) ${q('__cv_terms')}`;
  const w4 = `(CASE WHEN ${x} = 0 THEN 0 WHEN ${up} = 1 THEN 1 / (1 + ${e}) ELSE ${e} / (1 + ${e}) END)`;
  const lse = `(CASE WHEN ${up} = 1 THEN ${l4} ELSE ${l3} END + CASE WHEN ${x} = 0 THEN 0 ELSE LN(1 + ${e}) END)`;
  const weighted = (ofT: string, ofTx: string) => `(CASE WHEN ${x} = 0 THEN ${ofT} ELSE (1 - ${w4}) * ${ofT} + ${w4} * ${ofTx} END)`;
  const gradientSums =
    `SELECT ${sum(`${n} * ${lse}`)} AS ${q('lse')}, ${sum(`${n} * ${weighted(lt, ltx)}`)} AS ${q('dr')}, ` +
    `${sum(`${n} * ${rx} * ${weighted(it, itx)}`)} AS ${q('dalpha')}, ` +
    `${sum(`${n} * ${w4}`)} AS ${q('da')}, ${sum(`${n} * ${w4} * ${ib}`)} AS ${q('db')}`;
  if (!hessian) return `${gradientSums} FROM (${exps}${fence}) ${q('__cv_exps')}`;
  // The Hessian's sums: one more level carries w4, ω = w3·w4, D = LTx − LT and E = (r+x)(ITx − IT).
  const [w, omega, d, eDiff] = ['w4', 'omega', 'd', 'e_diff'].map((name) => q(`__cv_${name}`));
  const weights =
    `SELECT ${carried}, ${lse} AS ${q('__cv_lse')}, ${w4} AS ${w}, ${w4} * (1 - ${w4}) AS ${omega}, ` +
    `CASE WHEN ${x} = 0 THEN 0 ELSE ${ltx} - ${lt} END AS ${d}, CASE WHEN ${x} = 0 THEN 0 ELSE ${rx} * (${itx} - ${it}) END AS ${eDiff} ` +
    `FROM (${exps}${fence}) ${q('__cv_exps')}`;
  const mixed = (ofT: string, ofTx: string) => `((1 - ${w}) * ${ofT} + ${w} * ${ofTx})`;
  const moments: readonly (readonly [string, string])[] = [
    ['q', '1'],
    ['qd', d],
    ['qe', eDiff],
    ['qb', ib],
    ['qdd', `${d} * ${d}`],
    ['qde', `${d} * ${eDiff}`],
    ['qdb', `${d} * ${ib}`],
    ['qee', `${eDiff} * ${eDiff}`],
    ['qeb', `${eDiff} * ${ib}`],
    ['qbb', `${ib} * ${ib}`],
  ];
  return (
    `SELECT ${sum(`${n} * ${q('__cv_lse')}`)} AS ${q('lse')}, ${sum(`${n} * ${mixed(lt, ltx)}`)} AS ${q('dr')}, ` +
    `${sum(`${n} * ${rx} * ${mixed(it, itx)}`)} AS ${q('dalpha')}, ${sum(`${n} * ${w}`)} AS ${q('da')}, ${sum(`${n} * ${w} * ${ib}`)} AS ${q('db')}, ` +
    `${sum(`${n} * ${mixed(it, itx)}`)} AS ${q('ia')}, ${sum(`${n} * ${rx} * ${mixed(`${it} * ${it}`, `${itx} * ${itx}`)}`)} AS ${q('iaa')}, ` +
    `${sum(`${n} * ${w} * ${ib} * ${ib}`)} AS ${q('w4bb')}, ` +
    moments.map(([name, value]) => `${sum(`${n} * ${omega} * ${value}`)} AS ${q(name)}`).join(', ') +
    ` FROM (${weights}${fence}) ${q('__cv_weights')}`
  );
}

/** The work table's histogram rows, as the GROUPING SETS query returns them (`likelihood: 'auto'` with small histograms). */
export function clvWorkHistogramsSql(work: ClvWorkTable): string {
  const { q, table } = names(work);
  return `SELECT ${['frequency', 'recency', 'T', 'monetary', 'betageo', 'customers'].map(q).join(', ')} FROM ${table}`;
}

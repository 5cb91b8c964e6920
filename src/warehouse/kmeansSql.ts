import { quoteIdentifier, SQL_DOUBLE, sqlNumber, sqlIsNaN, quoteTableName } from '../internal/sqlText.js';
import type { SqlDialect } from '../scoring/toSql.js';

// The SQL text of k-means in an engine (`fitSegmentsInWarehouse`): one builder per stage over
// one shared reading of the table. Internal: not exported from the package.

/** What every k-means query reads: the table, its feature columns, an optional row key, the dialect. */
export interface KmeansSqlTable {
  readonly dialect: SqlDialect;
  /** The table: a name or its parts. */
  readonly table: string | readonly string[];
  /** Feature columns, in the spec's order. */
  readonly features: readonly string[];
  /** A column identifying rows, hashed for the sample (default: the feature values). */
  readonly key?: string;
  /** The public function, for errors. */
  readonly fn: string;
}

/** Scaling of feature j: x = (f − center) · inverse. */
export interface KmeansSqlScaling {
  readonly center: number;
  readonly inverse: number;
}

/**
 * Quoting, constants and the two CTEs every query starts from: `__cv_raw` (the features cast to
 * double, `__cv_f0 …`, and the key) and `__cv_kept` (rows with no NULL or NaN feature:
 * `missing: 'skip'`).
 */
function reading(t: KmeansSqlTable) {
  const d = t.dialect;
  const double = SQL_DOUBLE[d];
  const q = (name: string) => quoteIdentifier(name, d, t.fn, 'internal name', { path: 'options' });
  const column = (name: string) => quoteIdentifier(name, d, t.fn, 'column name', { column: name });
  const table = quoteTableName(t.table, d, t.fn, 'options.table');
  const num = (v: number) => sqlNumber(v, d, t.fn);
  const p = t.features.length;
  const f = Array.from({ length: p }, (_, j) => q(`__cv_f${j}`));
  const x = Array.from({ length: p }, (_, j) => q(`__cv_x${j}`));
  const key = q('__cv_key');
  const isNaN = (v: string) => sqlIsNaN(v, d);
  const missing = f.map((v) => `${v} IS NULL OR ${isNaN(v)}`).join(' OR ');
  const read = [
    ...t.features.map((name, j) => `CAST(${column(name)} AS ${double}) AS ${f[j]}`),
    ...(t.key !== undefined ? [`${column(t.key)} AS ${key}`] : []),
  ];
  const ctes = [
    `${q('__cv_raw')} AS (SELECT ${read.join(', ')} FROM ${table})`,
    `${q('__cv_kept')} AS (SELECT * FROM ${q('__cv_raw')} WHERE NOT (${missing}))`,
  ];
  return { d, double, q, num, p, f, x, key, missing, ctes };
}

/**
 * Standardization statistics in one scan: `rows` (all), `skipped` (a NULL or NaN feature),
 * `infinite_j` (kept rows with an infinite feature j), and over the kept rows with finite
 * features `mean_j` (`AVG`) and `sd_j` (`STDDEV_SAMP`, the sample SD `fitSegments` uses).
 */
export function standardizationSql(t: KmeansSqlTable): string {
  const { q, num, f, missing, ctes } = reading(t);
  const finite = f.map((v) => `${v} >= ${num(-Number.MAX_VALUE)} AND ${v} <= ${num(Number.MAX_VALUE)}`);
  const allFinite = finite.join(' AND ');
  const columns = [
    `COUNT(*) AS ${q('rows')}`,
    `COUNT(CASE WHEN ${missing} THEN 1 END) AS ${q('skipped')}`,
    ...f.map((v, j) => `COUNT(CASE WHEN NOT (${missing}) AND NOT (${finite[j]}) THEN 1 END) AS ${q(`infinite_${j}`)}`),
    ...f.map((v, j) => `AVG(CASE WHEN NOT (${missing}) AND ${allFinite} THEN ${v} END) AS ${q(`mean_${j}`)}`),
    ...f.map((v, j) => `STDDEV_SAMP(CASE WHEN NOT (${missing}) AND ${allFinite} THEN ${v} END) AS ${q(`sd_${j}`)}`),
  ];
  return `WITH ${ctes[0]}\nSELECT ${columns.join(', ')} FROM ${q('__cv_raw')}`;
}

/**
 * Quartiles of each feature over the kept rows, for `standardize: 'robust'`: `q1_j`, `median_j`,
 * `q3_j`, linear interpolation between order statistics (type 7, as `fitSegments`):
 * `quantile_cont` (DuckDB), `percentile_cont(q) WITHIN GROUP (ORDER BY x)` (PostgreSQL,
 * Snowflake), `percentile(x, q)` (Spark, exact), `PERCENTILE_CONT(x, q) OVER ()` (BigQuery, an
 * analytic function only: its first row is taken).
 */
export function quartilesSql(t: KmeansSqlTable): string {
  const { d, q, f, ctes } = reading(t);
  const levels = [
    ['q1', 0.25],
    ['median', 0.5],
    ['q3', 0.75],
  ] as const;
  const quantile = (v: string, level: number): string => {
    switch (d) {
      case 'duckdb':
        return `quantile_cont(${v}, ${level})`;
      case 'postgres':
      case 'snowflake':
        return `PERCENTILE_CONT(${level}) WITHIN GROUP (ORDER BY ${v})`;
      case 'spark':
        return `percentile(${v}, ${level})`;
      case 'bigquery':
        return `PERCENTILE_CONT(${v}, ${level}) OVER ()`;
    }
  };
  const columns = f.flatMap((v, j) => levels.map(([name, level]) => `${quantile(v, level)} AS ${q(`${name}_${j}`)}`));
  const body = `SELECT ${columns.join(', ')} FROM ${q('__cv_kept')}`;
  return `WITH ${ctes.join(',\n')}\n${d === 'bigquery' ? `${body} LIMIT 1` : body}`;
}

/** The kept rows with their scaled features `__cv_x0 …` (and the raw ones): the CTE list and the name of the last. */
function scaled(t: KmeansSqlTable, scaling: readonly KmeansSqlScaling[]) {
  const r = reading(t);
  const xs = r.x.map((x, j) => `(${r.f[j]} - ${r.num(scaling[j].center)}) * ${r.num(scaling[j].inverse)} AS ${x}`);
  const keep = [...r.f, ...(t.key !== undefined ? [r.key] : [])];
  return { ...r, ctes: [...r.ctes, `${r.q('__cv_x')} AS (SELECT ${[...keep, ...xs].join(', ')} FROM ${r.q('__cv_kept')})`] };
}

/** Distinct rows of the scaled features, counted up to `limit` (`k`): `distinct_rows`. */
export function distinctRowsSql(t: KmeansSqlTable, scaling: readonly KmeansSqlScaling[], limit: number): string {
  const { q, x, ctes } = scaled(t, scaling);
  return `WITH ${ctes.join(',\n')}\nSELECT COUNT(*) AS ${q('distinct_rows')} FROM (SELECT DISTINCT ${x.join(', ')} FROM ${q('__cv_x')} LIMIT ${limit}) ${q('__cv_d')}`;
}

/**
 * The hash that orders the sample: of the key (or the raw features) and the seed. DuckDB
 * `hash(…)`, PostgreSQL `md5(…)` of the features' binary form (`float8send`, so the session's
 * `extra_float_digits` cannot change it) or of the key as UTF-8 text, Spark `xxhash64(…)`,
 * BigQuery `FARM_FINGERPRINT(CONCAT(…))` of the values as text, Snowflake `HASH(…)`.
 */
function sampleHash(d: SqlDialect, values: readonly string[], seed: number, key: boolean): string {
  const text = (type: string) => values.map((v) => `CAST(${v} AS ${type})`);
  switch (d) {
    case 'duckdb':
      return `hash(${[...values, String(seed)].join(', ')})`;
    case 'postgres': {
      const bytes = key ? [`convert_to(CAST(${values[0]} AS TEXT), 'UTF8')`] : values.map((v) => `float8send(${v})`);
      return `md5(${[...bytes, `int4send(${seed})`].join(' || ')})`;
    }
    case 'spark':
      return `xxhash64(${[...values, String(seed)].join(', ')})`;
    case 'bigquery':
      return `FARM_FINGERPRINT(CONCAT(${[...text('STRING'), `'${seed}'`].join(", ',', ")}))`;
    case 'snowflake':
      return `HASH(${[...values, String(seed)].join(', ')})`;
  }
}

/**
 * A deterministic, seeded sample of at most `size` kept rows, as scaled features `x0 …`: the
 * rows ordered by a hash of the key (or the raw features) and the seed, ties broken by the
 * features, the first `size` taken. The same table and seed give the same sample, whatever the
 * physical order of the rows.
 */
export function sampleSql(t: KmeansSqlTable, scaling: readonly KmeansSqlScaling[], seed: number, size: number): string {
  const { d, q, f, x, key, ctes } = scaled(t, scaling);
  const hash = sampleHash(d, t.key !== undefined ? [key] : f, seed, t.key !== undefined);
  const out = x.map((v, j) => `${v} AS ${q(`x${j}`)}`);
  return `WITH ${ctes.join(',\n')}\nSELECT ${out.join(', ')} FROM ${q('__cv_x')} ORDER BY ${[hash, ...x].join(', ')} LIMIT ${size}`;
}

/**
 * The assignment of every kept row to its nearest center (squared distances in scaled units,
 * summed feature by feature in order as the JS kernel does; the first of equally near centers,
 * as the kernel's strict `<`): CTE `__cv_a` with the scaled and raw features, `__cv_c` (the
 * cluster under `centers`), `__cv_m` (its squared distance) and, with `previous`, `__cv_pc`
 * (the cluster under the previous centers).
 */
function assigned(t: KmeansSqlTable, scaling: readonly KmeansSqlScaling[], centers: readonly (readonly number[])[], previous?: readonly (readonly number[])[]) {
  const s = scaled(t, scaling);
  const { q, num, x, f } = s;
  const k = centers.length;
  const distances = (set: readonly (readonly number[])[], prefix: string) =>
    set.map((center, c) => `${x.map((v, j) => `(${v} - ${num(center[j])}) * (${v} - ${num(center[j])})`).join(' + ')} AS ${q(`${prefix}${c}`)}`);
  const d = Array.from({ length: k }, (_, c) => q(`__cv_d${c}`));
  const e = Array.from({ length: k }, (_, c) => q(`__cv_e${c}`));
  const least = (names: readonly string[]) => (names.length === 1 ? names[0] : `LEAST(${names.join(', ')})`);
  const nearest = (names: readonly string[]) =>
    names.length === 1
      ? '0'
      : `CASE ${names
          .slice(0, -1)
          .map((n, c) => `WHEN ${n} = ${least(names)} THEN ${c}`)
          .join(' ')} ELSE ${names.length - 1} END`;
  const keep = [...f, ...x];
  const ctes = [
    ...s.ctes,
    `${q('__cv_dist')} AS (SELECT ${[...keep, ...distances(centers, '__cv_d'), ...(previous ? distances(previous, '__cv_e') : [])].join(', ')} FROM ${q('__cv_x')})`,
    `${q('__cv_a')} AS (SELECT ${[...keep, `${nearest(d)} AS ${q('__cv_c')}`, `${least(d)} AS ${q('__cv_m')}`, ...(previous ? [`${nearest(e)} AS ${q('__cv_pc')}`] : [])].join(', ')} FROM ${q('__cv_dist')})`,
  ];
  return { ...s, ctes };
}

/**
 * One Lloyd pass: per cluster (`cluster`), its `size`, the sums of its scaled features `sum_j`
 * and, with `previous`, the rows whose nearest center changed since the previous centers
 * (`changed`), and `inertia` (the sum of squared distances to the nearest center).
 */
export function lloydPassSql(
  t: KmeansSqlTable,
  scaling: readonly KmeansSqlScaling[],
  centers: readonly (readonly number[])[],
  previous?: readonly (readonly number[])[],
): string {
  const { q, x, ctes } = assigned(t, scaling, centers, previous);
  const c = q('__cv_c');
  const columns = [
    `${c} AS ${q('cluster')}`,
    `COUNT(*) AS ${q('size')}`,
    ...x.map((v, j) => `SUM(${v}) AS ${q(`sum_${j}`)}`),
    ...(previous ? [`COUNT(CASE WHEN ${c} <> ${q('__cv_pc')} THEN 1 END) AS ${q('changed')}`] : []),
    `SUM(${q('__cv_m')}) AS ${q('inertia')}`,
  ];
  return `WITH ${ctes.join(',\n')}\nSELECT ${columns.join(', ')} FROM ${q('__cv_a')} GROUP BY ${c}`;
}

/**
 * The `count` rows farthest from their nearest center (ties broken by the features), for
 * re-seeding empty clusters: `cluster`, `distance` and the scaled features `x0 …`.
 */
export function farthestRowsSql(t: KmeansSqlTable, scaling: readonly KmeansSqlScaling[], centers: readonly (readonly number[])[], count: number): string {
  const { q, x, ctes } = assigned(t, scaling, centers);
  const out = [`${q('__cv_c')} AS ${q('cluster')}`, `${q('__cv_m')} AS ${q('distance')}`, ...x.map((v, j) => `${v} AS ${q(`x${j}`)}`)];
  return `WITH ${ctes.join(',\n')}\nSELECT ${out.join(', ')} FROM ${q('__cv_a')} ORDER BY ${[`${q('__cv_m')} DESC`, ...x].join(', ')} LIMIT ${count}`;
}

/**
 * The final assignment under the fitted centers: per cluster its `size`, the sums of its raw
 * features `raw_j` and of their squares `square_j` (for the profiles), and `inertia`.
 */
export function finalAssignmentSql(t: KmeansSqlTable, scaling: readonly KmeansSqlScaling[], centers: readonly (readonly number[])[]): string {
  const { q, f, ctes } = assigned(t, scaling, centers);
  const c = q('__cv_c');
  const columns = [
    `${c} AS ${q('cluster')}`,
    `COUNT(*) AS ${q('size')}`,
    ...f.map((v, j) => `SUM(${v}) AS ${q(`raw_${j}`)}`),
    ...f.map((v, j) => `SUM(${v} * ${v}) AS ${q(`square_${j}`)}`),
    `SUM(${q('__cv_m')}) AS ${q('inertia')}`,
  ];
  return `WITH ${ctes.join(',\n')}\nSELECT ${columns.join(', ')} FROM ${q('__cv_a')} GROUP BY ${c}`;
}

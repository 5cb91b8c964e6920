import * as z from 'zod';
import { CustomerValueError } from '../errors.js';
import { formatNumber } from '../scoring/formatNumber.js';
import type { SqlDialect } from '../scoring/toSql.js';

// The pieces of SQL text every generated query shares (toSql, summarizeTransactionsSql and the
// histograms built on it): identifier quoting, string literals, constants, the double type.
// Internal: not exported from the package.

/** A table name for the generated SQL: a name, or its parts (`['sales', 'orders']`, at most catalog.schema.table). */
export const sqlTableNameSchema = z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(3)]);

/** A table name, or its parts, quoted for the dialect and joined with dots; `path` places a name that cannot be quoted (`options.table`). */
export function quoteTableName(table: string | readonly string[], dialect: SqlDialect, fn: string, path: string): string {
  return (typeof table === 'string' ? [table] : table).map((part) => quoteIdentifier(part, dialect, fn, 'table name', { path })).join('.');
}

/** The dialect's double-precision type. */
export const SQL_DOUBLE: Readonly<Record<SqlDialect, string>> = {
  duckdb: 'DOUBLE',
  postgres: 'DOUBLE PRECISION',
  spark: 'DOUBLE',
  bigquery: 'FLOAT64',
  snowflake: 'DOUBLE',
};

/** Where a name that cannot be quoted came from, for the issue: a data column, or a spec/option path. */
export type SqlNameLocation = { readonly column: string } | { readonly path: string };

/**
 * Quote an identifier for the dialect (`"x"` for DuckDB, PostgreSQL and Snowflake, with `""`
 * doubling; backticks for Spark and BigQuery), refusing names that cannot be quoted safely:
 * empty, longer than 128 characters, holding control characters, or (backtick dialects)
 * backticks or backslashes. `fn` names the public function in the error; `where` says what the
 * name is ("column name", "table name").
 */
export function quoteIdentifier(name: string, dialect: SqlDialect, fn: string, where: string, location: SqlNameLocation): string {
  const backtick = dialect === 'spark' || dialect === 'bigquery';
  // eslint-disable-next-line no-control-regex
  const unsafe = name === '' || /[\u0000-\u001f\u007f]/.test(name) || (backtick && /[`\\]/.test(name)) || name.length > 128;
  if (unsafe) {
    throw new CustomerValueError('invalid_spec', `${fn}: a ${where} cannot be quoted safely for ${dialect}`, [
      {
        function: fn,
        ...location,
        expected: `a non-empty name of at most 128 characters without control characters${backtick ? ', backticks or backslashes' : ''}`,
        received: JSON.stringify(name),
      },
    ]);
  }
  return backtick ? `\`${name}\`` : `"${name.replace(/"/g, '""')}"`;
}

/** A string literal: '' doubling for DuckDB, PostgreSQL and Snowflake; backslash escapes for Spark and BigQuery. Control characters are refused. */
export function sqlStringLiteral(text: string, dialect: SqlDialect, fn: string, what: string, path: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) {
    throw new CustomerValueError('invalid_spec', `${fn}: a ${what} holds a control character`, [
      { function: fn, path, expected: `printable ${what}s`, received: JSON.stringify(text) },
    ]);
  }
  if (dialect === 'spark' || dialect === 'bigquery') return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * A finite constant at round-trip precision, as a string cast to the dialect's double: every
 * engine parses text to the nearest double, while a bare decimal literal may first become a
 * DECIMAL and round differently on the way to DOUBLE.
 */
export function sqlNumber(value: number, dialect: SqlDialect, fn: string): string {
  return `CAST('${formatNumber(value, fn)}' AS ${SQL_DOUBLE[dialect]})`;
}

/**
 * A test that a double expression is NaN: `x = CAST('NaN' AS DOUBLE)` where NaN equals itself
 * (DuckDB, PostgreSQL, Snowflake), `isnan(x)` (Spark), `IS_NAN(x)` (BigQuery).
 */
export function sqlIsNaN(x: string, dialect: SqlDialect): string {
  return dialect === 'spark' ? `isnan(${x})` : dialect === 'bigquery' ? `IS_NAN(${x})` : `${x} = CAST('NaN' AS ${SQL_DOUBLE[dialect]})`;
}

/**
 * Days since 1970-01-01 of a DATE expression: `date - DATE '1970-01-01'` (DuckDB, PostgreSQL),
 * `DATEDIFF(date, DATE '1970-01-01')` (Spark), `UNIX_DATE(date)` (BigQuery),
 * `DATEDIFF(day, DATE '1970-01-01', date)` (Snowflake).
 */
export function sqlDayNumber(date: string, dialect: SqlDialect): string {
  switch (dialect) {
    case 'duckdb':
    case 'postgres':
      return `(${date} - DATE '1970-01-01')`;
    case 'spark':
      return `DATEDIFF(${date}, DATE '1970-01-01')`;
    case 'bigquery':
      return `UNIX_DATE(${date})`;
    case 'snowflake':
      return `DATEDIFF(day, DATE '1970-01-01', ${date})`;
  }
}

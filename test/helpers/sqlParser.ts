import parser from 'node-sql-parser';
import type { SqlDialect } from '../../src/scoring/toSql.js';

// node-sql-parser (dev-only) for the SQL text of the dialects no test executes: Spark SQL (its
// Hive grammar: it has no Spark one), BigQuery and Snowflake; PostgreSQL too. See
// test/warehouse/dialectParse.test.ts for what it checks and what it does not.

export const PARSER_DATABASE: Partial<Record<SqlDialect, string>> = { spark: 'hive', bigquery: 'bigquery', snowflake: 'snowflake', postgres: 'postgresql' };
export const PARSED_DIALECTS = Object.keys(PARSER_DATABASE) as SqlDialect[];

export interface ParserGap {
  readonly dialects: readonly SqlDialect[];
  readonly construct: string;
  readonly reason: string;
  /** The construct alone, which the parser must still refuse (else drop the gap). */
  readonly witness: string;
  /** The smallest rewrite of our text that avoids the construct, nothing else changed. */
  readonly rewrite: (sql: string) => string;
}

export const PARSER_GAPS: readonly ParserGap[] = [
  {
    dialects: ['spark', 'bigquery'],
    construct: 'a backtick-quoted CTE name: WITH `__cv_rows` AS (…)',
    reason:
      'node-sql-parser 5.4 accepts backtick identifiers everywhere else (tables, columns, aliases, CTE references) but its hive and bigquery grammars ' +
      'take only a bare name after WITH; Spark SQL and BigQuery both accept the quoted form (every identifier we emit is quoted).',
    witness: 'WITH `a` AS (SELECT 1 AS x) SELECT x FROM `a`',
    rewrite: (sql) => sql.replace(/(^WITH |,\n)`(\w+)` AS \(/g, '$1$2 AS ('),
  },
];

export const parse = new parser.Parser();
export const gapsFor = (dialect: SqlDialect) => PARSER_GAPS.filter((gap) => gap.dialects.includes(dialect));

/**
 * Parse one generated statement in its dialect's grammar (after the named parser-gap rewrites),
 * throwing an error that names the writer, the dialect and the text near the failure; returns
 * the statement's AST and the tables it reads.
 */
export function parseInDialect(sql: string, dialect: SqlDialect, name: string): { statements: unknown[]; tables: string[] } {
  const database = PARSER_DATABASE[dialect];
  if (database === undefined) throw new Error(`no parser grammar for ${dialect}`);
  const text = gapsFor(dialect).reduce((t, gap) => gap.rewrite(t), sql);
  let ast: unknown;
  try {
    ast = parse.astify(text, { database });
  } catch (error) {
    const location = (error as { location?: { start: { line: number; column: number } } }).location;
    const line = location ? text.split('\n')[location.start.line - 1] : '';
    const near = location ? line.slice(Math.max(0, location.start.column - 80), location.start.column + 40) : '';
    throw new Error(`${name} (${dialect}) does not parse as ${database}: ${(error as Error).message}\n  near: ${near}`, { cause: error });
  }
  return { statements: Array.isArray(ast) ? ast : [ast], tables: parse.tableList(text, { database }).map((t) => t.toLowerCase()) };
}

import { describe, expect, it } from 'vitest';
import * as root from '../helpers/library.js';
import { fitRfm, fitSatisfactionIndex, fitSegments, fitValuePyramid, toSql } from '../../src/index.js';
import { fitBetaGeo, fitGammaGamma, type BetaGeoModel } from '../../src/clv.js';
import { SQL_MODEL_KINDS } from '../../src/model/kinds.js';
import { REFUSAL_MODELS } from '../helpers/sqlRefusal.js';
import { SQL_DIALECTS, type SqlDialect } from '../../src/scoring/toSql.js';
import { activeLifetimesSql } from '../../src/warehouse/activeLifetimesSql.js';
import { betaGeoHistogramSql } from '../../src/warehouse/betaGeoHistogramSql.js';
import { cohortRetentionSql } from '../../src/warehouse/cohortRetentionSql.js';
import { customerFlowsSql } from '../../src/warehouse/customerFlowsSql.js';
import { gammaGammaHistogramSql } from '../../src/warehouse/gammaGammaHistogramSql.js';
import { summarizeTransactionsSql, type SummarizeTransactionsSqlSpec } from '../../src/warehouse/summarizeTransactionsSql.js';
import { surveyItemMomentsSql } from '../../src/warehouse/surveyItemMomentsSql.js';
import { betaGeoScoresSql } from '../../src/warehouse/betaGeoScoresSql.js';
import { clvHistogramsParts } from '../../src/warehouse/clvHistogramsSql.js';
import * as clvLikelihoodSql from '../../src/warehouse/clvLikelihoodSql.js';
import { readFixtureCsv } from '../helpers/fixtures.js';
import { PARSED_DIALECTS, PARSER_DATABASE, PARSER_GAPS, parse, parseInDialect } from '../helpers/sqlParser.js';

// The SQL text for the dialects no test executes (Spark SQL, BigQuery, Snowflake) is parsed by a
// parser that knows them: node-sql-parser 5.4 (dev-only), `database: 'bigquery'` and
// `'snowflake'`. It has no Spark SQL grammar: Spark text is parsed with its Hive grammar, the
// closest it has (Spark SQL descends from HiveQL: backtick identifiers, DATEDIFF(end, start),
// the same CAST and CASE forms), so for Spark this checks the syntax, not Spark-only functions.
// PostgreSQL text is parsed too (`'postgresql'`) on top of being executed; node-sql-parser has
// no DuckDB grammar, and DuckDB text is executed in DuckDB instead (the engine tests).
//
// SQL_WRITERS is the list of every public function that writes SQL: append yours (a function
// from a dialect to the SQL texts to check, covering its optional clauses). The test below
// fails when a public export named `...Sql` (or `toSql`) is not in the list.
//
// A construct we emit that the parser does not know is named in PARSER_GAPS with the reason and
// the smallest rewrite that avoids it; the test checks the parser still fails on the construct
// alone (so a parser upgrade that learns it makes the test say to drop the rewrite) and that
// nothing else in the text needs rewriting.

const logSpec: SummarizeTransactionsSqlSpec = {
  customer: 'customer_id',
  date: 'order_date',
  amount: 'total',
  observationEnd: '1998-06-30',
  timeUnit: 'week',
  missing: 'skip',
};
const withSplit: SummarizeTransactionsSqlSpec = { ...logSpec, calibrationEnd: '1997-09-30', profit: 'margin' };

/** One fitted model per kind toSql exports, on small seeded data (BG/NBD on the CDNOW summary). */
function sqlModels() {
  const n = 200;
  const data: Record<string, number[]> = { recency: [], frequency: [], spend: [], T: [], q1: [], q2: [], q3: [] };
  for (let i = 0; i < n; i++) {
    const T = 10 + (i % 40);
    const x = i % 7;
    data.T.push(T);
    data.frequency.push(x);
    data.recency.push(x ? (i * 13) % T : 0);
    data.spend.push(5 + ((i * 37) % 90));
    data.q1.push(1 + (i % 10));
    data.q2.push(1 + ((i * 3) % 10));
    data.q3.push(1 + ((i * 7) % 10));
  }
  return [
    fitRfm(data, { recency: { column: 'recency', better: 'higher' }, frequency: { column: 'frequency' }, monetary: { column: 'spend' } }),
    fitValuePyramid(data, { dimensions: [{ column: 'spend', transform: 'log1p', weight: 2 }, { column: 'frequency' }, { column: 'T', better: 'lower' }] }),
    fitSatisfactionIndex(data, { items: ['q1', 'q2', 'q3'], scale: [1, 10] }),
    fitSegments(data, { features: ['frequency', 'recency', 'spend'], k: 3, seed: 1 }),
    // a categorical covariate with text levels (a CASE over them) and a numeric one
    REFUSAL_MODELS.betaGeoCovariates,
    fitBetaGeo(readFixtureCsv('value/cdnow_customers_summary.csv').columns, { timeUnit: 'week' }),
  ];
}
const models = sqlModels();
const betaGeo = models[models.length - 1] as BetaGeoModel;
const gammaGamma = fitGammaGamma(readFixtureCsv('value/cdnow_customers_summary_with_monetary.csv').columns, { columns: { frequency: 'x', monetary: 'zbar' } });

/** Every public SQL writer: name → the texts it writes for a dialect. Append new writers here. */
export const SQL_WRITERS: Record<string, (dialect: SqlDialect) => string[]> = {
  toSql: (dialect) => models.map((model) => toSql(model, { dialect, table: ['shop', 'customers'], keep: ['customer_id'] })),
  summarizeTransactionsSql: (dialect) => [logSpec, withSplit].map((spec) => summarizeTransactionsSql(spec, { dialect, table: ['shop', 'orders'] })),
  betaGeoHistogramSql: (dialect) => [logSpec, withSplit].map((spec) => betaGeoHistogramSql(spec, { dialect, table: ['shop', 'orders'] })),
  gammaGammaHistogramSql: (dialect) => [logSpec, withSplit].map((spec) => gammaGammaHistogramSql(spec, { dialect, table: ['shop', 'orders'] })),
  surveyItemMomentsSql: (dialect) => [surveyItemMomentsSql({ items: ['q1', 'q2', 'q3'], missing: 'skip' }, { dialect, table: ['research', 'survey'] })],
  betaGeoScoresSql: (dialect) => [
    betaGeoScoresSql(
      { purchaseModel: betaGeo },
      { timeUnit: 'week' },
      { dialect, summary: ['shop', 'customer_summary'], lookup: 'clv_lookup', keep: ['customer'] },
    ),
    betaGeoScoresSql(
      { purchaseModel: betaGeo, spendModel: gammaGamma },
      { ...logSpec, margin: 0.3 },
      { dialect, table: ['shop', 'orders'], lookup: ['shop', 'clv_lookup'] },
    ),
  ],
  cohortRetentionSql: (dialect) =>
    (['week', 'month', 'quarter', 'year'] as const).map((period) =>
      cohortRetentionSql(
        {
          customer: 'customer_id',
          date: 'order_date',
          period,
          missing: 'skip',
          ...(period === 'week' ? {} : { amount: 'total', observationEnd: '1998-06-30' }),
        },
        { dialect, table: ['shop', 'orders'] },
      ),
    ),
  customerFlowsSql: (dialect) =>
    (['week', 'quarter'] as const).map((period) =>
      customerFlowsSql(
        { customer: 'customer_id', date: 'order_date', period, amount: 'total', missing: 'skip', observationEnd: '1998-06-30' },
        { dialect, table: ['shop', 'orders'] },
      ),
    ),
  activeLifetimesSql: (dialect) => [logSpec, withSplit].map((spec) => activeLifetimesSql({ ...spec, lapseAfter: 26 }, { dialect, table: ['shop', 'orders'] })),
};

/**
 * Internal query builders run by the warehouse functions (not public, but their text must parse
 * too): name → the texts for a dialect and the statement type each is. Every `...Sql` export of
 * src/warehouse/clvLikelihoodSql.ts must be here (checked below).
 */
const INTERNAL_SQL_WRITERS: Record<string, (dialect: SqlDialect) => { sql: string; type: string }[]> = {
  clvWorkDropSql: (dialect) => [{ sql: clvLikelihoodSql.clvWorkDropSql({ dialect, table: ['shop', 'cv_work'], fn: 'test' }), type: 'drop' }],
  clvWorkCreateSql: (dialect) => {
    const parts = clvHistogramsParts(logSpec, { dialect, table: ['shop', 'orders'] }, 'test');
    return [{ sql: clvLikelihoodSql.clvWorkCreateSql({ dialect, table: ['shop', 'cv_work'], fn: 'test' }, parts.ctes, parts.select), type: 'create' }];
  },
  clvWorkSizesSql: (dialect) => [{ sql: clvLikelihoodSql.clvWorkSizesSql({ dialect, table: ['shop', 'cv_work'], fn: 'test' }), type: 'select' }],
  clvWorkFrequenciesSql: (dialect) => [
    { sql: clvLikelihoodSql.clvWorkFrequenciesSql({ dialect, table: ['shop', 'cv_work'], fn: 'test' }, { betaGeo: 3, gammaGamma: 1 }, 35.5), type: 'select' },
  ],
  clvWorkHistogramsSql: (dialect) => [{ sql: clvLikelihoodSql.clvWorkHistogramsSql({ dialect, table: ['shop', 'cv_work'], fn: 'test' }), type: 'select' }],
  clvWorkSampleSql: (dialect) =>
    ([1, 0] as const).map((set) => ({ sql: clvLikelihoodSql.clvWorkSampleSql({ dialect, table: ['shop', 'cv_work'], fn: 'test' }, set, 7), type: 'select' })),
  gammaGammaSumsSql: (dialect) =>
    [null, 4].map((every) => ({
      sql: clvLikelihoodSql.gammaGammaSumsSql({ dialect, table: ['shop', 'cv_work'], fn: 'test' }, [6.2, 3.6, 15.2], every, every === null),
      type: 'select',
    })),
  betaGeoSumsSql: (dialect) =>
    [null, 4].map((every) => ({
      sql: clvLikelihoodSql.betaGeoSumsSql({ dialect, table: ['shop', 'cv_work'], fn: 'test' }, [0.25, 4.4, 0.79, 2.4], every, every === null),
      type: 'select',
    })),
};

describe('internal warehouse queries parse in the dialect they are written for', () => {
  it('lists every SQL builder of clvLikelihoodSql.ts', () => {
    const builders = Object.keys(clvLikelihoodSql).filter((name) => /Sql$/.test(name));
    expect(builders.filter((name) => !(name in INTERNAL_SQL_WRITERS))).toEqual([]);
  });
  const cases = Object.keys(INTERNAL_SQL_WRITERS).flatMap((name) => PARSED_DIALECTS.map((dialect) => [name, dialect] as const));
  // node-sql-parser's Hive, BigQuery and Snowflake grammars know neither DROP TABLE IF EXISTS nor
  // CREATE TABLE ... AS WITH (standard in all three), nor its PostgreSQL grammar the latter: the
  // statement's head is checked lexically there and its query (the WITH ... SELECT) parsed.
  const head = /^(CREATE TABLE|DROP TABLE IF EXISTS) ([`"][^`"]+[`"]\.[`"][^`"]+[`"])( AS )?/;
  it.each(cases)('%s in %s', (name, dialect) => {
    for (const { sql, type } of INTERNAL_SQL_WRITERS[name](dialect)) {
      if (type === 'select' || (type === 'drop' && dialect === 'postgres')) {
        const { statements } = parseInDialect(sql, dialect, name);
        expect(statements.length, 'one statement').toBe(1);
        expect((statements[0] as { type: string }).type).toBe(type);
        continue;
      }
      const match = head.exec(sql);
      expect(match?.[1], sql.slice(0, 80)).toBe(type === 'drop' ? 'DROP TABLE IF EXISTS' : 'CREATE TABLE');
      if (type === 'drop') {
        expect(sql).toBe(match![0]);
        continue;
      }
      // nor GROUPING SETS (standard in all five): parsed as the plain GROUP BY of both sets' columns
      const query = sql.slice(match![0].length);
      const sets = /GROUP BY GROUPING SETS \(\(([^()]+)\), \(([^()]+)\)\)/;
      expect(query).toMatch(sets);
      expect((parseInDialect(query.replace(sets, 'GROUP BY $1, $2'), dialect, name).statements[0] as { type: string }).type).toBe('select');
    }
  });
});

describe('SQL text parses in the dialect it is written for (node-sql-parser)', () => {
  it('lists every public SQL writer in SQL_WRITERS', () => {
    const writers = Object.keys(root).filter((name) => /Sql$/.test(name) && typeof (root as Record<string, unknown>)[name] === 'function');
    expect(
      writers.filter((name) => !(name in SQL_WRITERS)),
      'append these to SQL_WRITERS in test/warehouse/dialectParse.test.ts',
    ).toEqual([]);
  });

  it('covers every model kind toSql exports', () => {
    expect(models.map((m) => m.kind).sort()).toEqual([...SQL_MODEL_KINDS].sort());
  });

  it('parses with a grammar per dialect: broken SQL and another dialect’s clauses are refused', () => {
    // the witness that the parser is not a rubber stamp, and what it does not check: its grammars
    // differ in clauses (QUALIFY is Snowflake's, SELECT * EXCEPT BigQuery's) but accept any
    // function name, `::` casts and either quoting in every dialect — so quoting is checked
    // lexically below, and functions by the snapshots and the executed dialects.
    for (const database of Object.values(PARSER_DATABASE)) expect(() => parse.astify('SELECT a FROM t WHERE', { database }), database).toThrow();
    const qualify = 'SELECT a FROM t QUALIFY ROW_NUMBER() OVER (ORDER BY a) = 1';
    expect(() => parse.astify(qualify, { database: 'snowflake' })).not.toThrow();
    for (const database of ['hive', 'bigquery', 'postgresql']) expect(() => parse.astify(qualify, { database }), database).toThrow();
    expect(() => parse.astify('SELECT * EXCEPT (a) FROM t', { database: 'bigquery' })).not.toThrow();
    for (const database of ['hive', 'snowflake', 'postgresql']) expect(() => parse.astify('SELECT * EXCEPT (a) FROM t', { database }), database).toThrow();
    expect(() => parse.astify('SELECT `a` FROM `t`', { database: 'snowflake' })).not.toThrow(); // accepted, though Snowflake refuses it
  });

  it.each(Object.keys(SQL_WRITERS).flatMap((name) => SQL_DIALECTS.map((dialect) => [name, dialect] as const)))(
    '%s in %s quotes identifiers the dialect’s way only (backticks for Spark and BigQuery, double quotes elsewhere)',
    (name, dialect) => {
      for (const sql of SQL_WRITERS[name](dialect)) {
        // outside string literals ('…' with '' or \' escapes), the other dialects' quote never appears
        const code = sql.replace(/'(?:[^'\\]|\\.|'')*'/g, "''");
        const backtick = dialect === 'spark' || dialect === 'bigquery';
        expect(code.includes(backtick ? '"' : '`'), `${name} (${dialect})`).toBe(false);
        expect(code.includes(backtick ? '`' : '"')).toBe(true);
      }
    },
  );

  it.each(PARSER_GAPS.flatMap((gap) => gap.dialects.map((dialect) => [dialect, gap.construct, gap] as const)))(
    'parser gap in %s: %s — still a gap (drop the rewrite when the parser learns it)',
    (dialect, _, gap) => {
      expect(() => parse.astify(gap.witness, { database: PARSER_DATABASE[dialect] })).toThrow();
      expect(() => parse.astify(gap.rewrite(gap.witness), { database: PARSER_DATABASE[dialect] })).not.toThrow();
    },
  );

  const cases = Object.keys(SQL_WRITERS).flatMap((name) => PARSED_DIALECTS.map((dialect) => [name, dialect] as const));
  it.each(cases)('%s in %s', (name, dialect) => {
    const texts = SQL_WRITERS[name](dialect);
    expect(texts.length).toBeGreaterThan(0);
    for (const sql of texts) {
      const { statements, tables } = parseInDialect(sql, dialect, name);
      expect(statements.length, 'one statement').toBe(1);
      expect((statements[0] as { type: string }).type).toBe('select');
      // the parse found the source table where we put it, schema and all (every writer above reads shop.… or research.…)
      expect(
        tables.some((t) => /^select::(shop|research)::\w+$/.test(t)),
        `${name} (${dialect}) reads its schema-qualified source table (shop.… or research.…): ${tables.join(', ')}`,
      ).toBe(true);
    }
  });
});

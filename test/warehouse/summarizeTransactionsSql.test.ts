import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerValueError, summarizeTransactions, type CustomerSummary } from '../../src/index.js';
import { fitBetaGeo, fitGammaGamma } from '../../src/clv.js';
import { seededRandom } from '../../src/internal/random.js';
import { SQL_DIALECTS, type SqlDialect } from '../../src/scoring/toSql.js';
import { betaGeoHistogramSql } from '../../src/warehouse/betaGeoHistogramSql.js';
import { gammaGammaHistogramSql } from '../../src/warehouse/gammaGammaHistogramSql.js';
import { summarizeTransactionsSql, type SummarizeTransactionsSqlSpec } from '../../src/warehouse/summarizeTransactionsSql.js';
import { caught } from '../helpers/fixtures.js';
import { postgresBin, startPostgres } from '../helpers/postgres.js';
import { cdnowLogRows, type LogRow } from '../helpers/sqlData.js';

// The witness is the in-memory function: the SQL run in DuckDB and PostgreSQL must give
// summarizeTransactions' summary (missing: 'skip') customer by customer — frequency, first and
// last day and transactions exactly, recency and T bit for bit (whole days over the unit, one
// division), revenue and monetary to the rounding of double sums (1e-12 of the customer's sum of
// |amounts|) — on the CDNOW sample and on a generated log with same-day repeats, refunds, NULLs,
// NaN, one-purchase and refund-only customers and rows after the observation end. The
// histograms must equal the distinct tuples of that summary with their counts.

type Row = LogRow;

/** A seeded log with every case the rules distinguish. */
function generatedRows(): Row[] {
  const rng = seededRandom(16);
  const rows: Row[] = [];
  const iso = (day: number) => new Date(Date.UTC(1997, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  const cents = () => Math.round(rng.uniform() * 10_000) / 100;
  for (let c = 0; c < 400; c++) {
    const id = `c${c}`;
    const days = 1 + Math.floor(rng.uniform() * 6) * (rng.uniform() < 0.3 ? 0 : 1); // a third buy once
    for (let k = 0; k < days; k++) {
      const day = Math.floor(rng.uniform() * 330); // some after the observation end (day 272)
      const u = rng.uniform();
      if (u < 0.1) {
        // a purchase refunded the same day: a refund day (net 0)
        const v = cents();
        rows.push({ customer: id, date: iso(day), amount: v }, { customer: id, date: iso(day), amount: -v });
      } else if (u < 0.15) {
        rows.push({ customer: id, date: iso(day), amount: -cents() }); // a refund alone
      } else if (u < 0.2) {
        rows.push(
          { customer: id, date: iso(day), amount: 0.1 },
          { customer: id, date: iso(day), amount: 0.2 },
          { customer: id, date: iso(day), amount: -0.25 },
        );
      } else if (u < 0.25) {
        rows.push({ customer: id, date: iso(day), amount: 0 }); // a $0 purchase day
      } else if (u < 0.35) {
        const v = cents();
        rows.push({ customer: id, date: iso(day), amount: v }, { customer: id, date: iso(day), amount: v }); // same-day repeat
      } else {
        rows.push({ customer: id, date: iso(day), amount: cents() });
      }
    }
  }
  // customers with refunds only, equal repeat days, and missing values in each column
  rows.push({ customer: 'refunds-only', date: '1997-03-01', amount: -5 }, { customer: 'refunds-only', date: '1997-03-02', amount: -7 });
  for (const day of ['1997-02-01', '1997-03-01', '1997-04-01', '1997-05-01']) rows.push({ customer: 'steady', date: day, amount: 0.1 });
  rows.push(
    { customer: null, date: '1997-02-02', amount: 3 },
    { customer: 'c1', date: null, amount: 3 },
    { customer: 'c2', date: '1997-02-02', amount: null },
    { customer: 'c3', date: '1997-02-03', amount: Number.NaN },
    { customer: 'nulls-only', date: null, amount: 4 },
  );
  // shuffle: no order assumed
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows;
}

const LOGS = { cdnow: { rows: cdnowLogRows(), end: '1997-09-30' }, generated: { rows: generatedRows(), end: '1997-09-30' } } as const;
type LogName = keyof typeof LOGS;
const UNITS = ['week', 'day', 'month'] as const;

function spec(end: string, timeUnit: (typeof UNITS)[number]): SummarizeTransactionsSqlSpec {
  return { customer: 'customer', date: 'date', amount: 'amount', observationEnd: end, timeUnit, missing: 'skip' };
}

function inMemory(rows: Row[], end: string, timeUnit: (typeof UNITS)[number]): CustomerSummary {
  return summarizeTransactions(
    { customer: rows.map((r) => r.customer), date: rows.map((r) => r.date), amount: rows.map((r) => r.amount) },
    { ...spec(end, timeUnit) },
  );
}

function createTable(name: string, rows: Row[], double: string): string {
  const amount = (v: number | null) => (v === null ? 'NULL' : `CAST('${Number.isNaN(v) ? 'NaN' : String(v)}' AS ${double})`);
  const values = rows.map(
    (r) => `(${r.customer === null ? 'NULL' : `'${r.customer}'`}, ${r.date === null ? 'NULL' : `DATE '${r.date}'`}, ${amount(r.amount)})`,
  );
  return `CREATE TABLE ${name} (customer VARCHAR, date DATE, amount ${double}); INSERT INTO ${name} VALUES ${values.join(', ')};`;
}

type Out = Record<string, number | string | null>;
const FIELDS = ['frequency', 'recency', 'T', 'monetary', 'revenue', 'first_purchase', 'last_purchase', 'transactions'] as const;

/** The SQL summary equals the in-memory one, customer by customer. */
function expectSummary(result: Out[], expected: CustomerSummary, rows: Row[]) {
  const scale = new Map<string, number>();
  for (const r of rows)
    if (r.customer !== null && r.amount !== null && r.amount === r.amount) scale.set(r.customer, (scale.get(r.customer) ?? 0) + Math.abs(r.amount));
  expect(result.length).toBe(expected.customer.length);
  const at = new Map(expected.customer.map((id, i) => [String(id), i]));
  const column: Record<(typeof FIELDS)[number], Float64Array> = {
    frequency: expected.frequency,
    recency: expected.recency,
    T: expected.T,
    monetary: expected.monetary,
    revenue: expected.revenue,
    first_purchase: expected.firstPurchase,
    last_purchase: expected.lastPurchase,
    transactions: expected.transactions,
  };
  let worst = 0;
  for (const row of result) {
    const i = at.get(String(row.customer));
    // equal repeat days give their value exactly, as in memory (0.1 + 0.1 + 0.1 over 3 would not)
    if (row.customer === 'steady') expect(Number(row.monetary)).toBe(0.1);
    expect(i, `customer ${String(row.customer)}`).toBeDefined();
    for (const f of FIELDS) {
      const got = Number(row[f]);
      const want = column[f][i!];
      if (f === 'monetary' || f === 'revenue') {
        const error = Math.abs(got - want) / Math.max(1, scale.get(String(row.customer))!);
        worst = Math.max(worst, error);
      } else {
        expect(got, `${f} of ${String(row.customer)}`).toBe(want);
      }
    }
  }
  expect(worst).toBeLessThanOrEqual(1e-12);
}

/** Distinct tuples of the in-memory summary with their counts, as sorted text. */
function expectedHistogram(summary: CustomerSummary, keys: ('frequency' | 'recency' | 'T' | 'monetary')[], repeatOnly: boolean): string[] {
  const counts = new Map<string, number>();
  summary.customer.forEach((_, i) => {
    if (repeatOnly && summary.frequency[i] === 0) return;
    const key = keys.map((k) => (k === 'monetary' ? summary.monetary[i].toPrecision(12) : String(summary[k][i]))).join('|');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  return [...counts].map(([k, n]) => `${k}|${n}`).sort();
}

function histogramText(result: Out[], keys: string[]): string[] {
  return result
    .map((r) => [...keys.map((k) => (k === 'monetary' ? Number(r[k]).toPrecision(12) : String(Number(r[k])))), String(Number(r.customers))].join('|'))
    .sort();
}

/** Calibration/holdout splits: the log, calibration end, observation end, unit. */
type Split = readonly [LogName, string, string, (typeof UNITS)[number]];
const SPLITS: readonly Split[] = [
  ['cdnow', '1997-09-30', '1998-06-30', 'week'],
  ['generated', '1997-07-31', '1997-09-30', 'day'],
  ['generated', '1997-05-15', '1997-11-30', 'month'],
];

function splitSpec([, calibrationEnd, end, unit]: Split): SummarizeTransactionsSqlSpec {
  return { ...spec(end, unit), calibrationEnd };
}

/** The summary and the holdout columns equal summarizeTransactions' split. */
function expectSplit(result: Out[], split: Split) {
  const rows = LOGS[split[0]].rows;
  const expected = summarizeTransactions(
    { customer: rows.map((r) => r.customer), date: rows.map((r) => r.date), amount: rows.map((r) => r.amount) },
    splitSpec(split),
  );
  expectSummary(result, expected, rows);
  const holdout = expected.holdout!;
  expect(holdout.frequency.some((f) => f > 1)).toBe(true);
  const at = new Map(expected.customer.map((id, i) => [String(id), i]));
  let worst = 0;
  for (const row of result) {
    const i = at.get(String(row.customer))!;
    expect(Number(row.frequency_holdout), `frequency_holdout of ${String(row.customer)}`).toBe(holdout.frequency[i]);
    expect(Number(row.duration_holdout)).toBe(holdout.duration);
    worst = Math.max(worst, Math.abs(Number(row.monetary_holdout) - holdout.monetary[i]) / Math.max(1, Math.abs(holdout.monetary[i])));
  }
  expect(worst).toBeLessThanOrEqual(1e-12);
}

const cases = (Object.keys(LOGS) as LogName[]).flatMap((log) => UNITS.map((unit) => [log, unit] as const));

describe('the generated log', () => {
  it('holds every case the rules distinguish', () => {
    const s = inMemory(LOGS.generated.rows, LOGS.generated.end, 'week');
    expect(s.counts.refundDays).toBeGreaterThan(20);
    expect(s.counts.withoutPurchase).toBeGreaterThan(0);
    expect(s.counts.skipped).toBe(5);
    expect(s.counts.afterObservationEnd).toBeGreaterThan(50);
    expect(s.counts.nonPositiveNet).toBeGreaterThan(0);
    expect(s.frequency.filter((f) => f === 0).length).toBeGreaterThan(50);
    expect(s.warnings.map((w) => w.code)).toContain('duplicate_rows');
    // the steady customer's three equal repeat days give 0.1 exactly (a plain sum / 3 would not)
    expect(s.monetary[s.customer.indexOf('steady')]).toBe(0.1);
  });
});

describe('summarizeTransactionsSql in DuckDB', () => {
  let connection: Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;
  const run = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Out[];
  beforeAll(async () => {
    connection = await (await DuckDBInstance.create(':memory:')).connect();
    for (const [name, { rows }] of Object.entries(LOGS)) await connection.run(createTable(name, rows, 'DOUBLE'));
  });
  afterAll(() => connection?.closeSync?.());

  it.each(cases)('%s log, time unit %s: the summary equals summarizeTransactions', async (log, unit) => {
    const { rows, end } = LOGS[log];
    expectSummary(await run(summarizeTransactionsSql(spec(end, unit), { dialect: 'duckdb', table: log })), inMemory(rows, end, unit), rows);
  });

  it('CDNOW in weeks: the models fitted on the engine histograms (count column) equal the fits on the in-memory summary', async () => {
    // The two increments of issue 16 end to end: only the histograms leave the engine, and the
    // grouped fit (exact, canonical, Newton-finished) gives the in-memory optimum to 1e-9.
    const { rows, end } = LOGS.cdnow;
    const summary = inMemory(rows, end, 'week');
    const column = (table: Out[], name: string) => table.map((r) => Number(r[name])); // COUNT(*) is a BIGINT
    const bgRows = await run(betaGeoHistogramSql(spec(end, 'week'), { dialect: 'duckdb', table: 'cdnow' }));
    const bgHistogram = Object.fromEntries(['frequency', 'recency', 'T', 'customers'].map((name) => [name, column(bgRows, name)]));
    const bgGrouped = fitBetaGeo(bgHistogram, { timeUnit: 'week', columns: { count: 'customers' } });
    const bgRaw = fitBetaGeo(summary, { timeUnit: 'week' });
    expect(bgGrouped.fitted.n).toBe(summary.customer.length);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(bgGrouped.params[key] / bgRaw.params[key] - 1), key).toBeLessThan(1e-9);
    const ggRows = await run(gammaGammaHistogramSql(spec(end, 'week'), { dialect: 'duckdb', table: 'cdnow' }));
    const ggHistogram = Object.fromEntries(['frequency', 'monetary', 'customers'].map((name) => [name, column(ggRows, name)]));
    const ggGrouped = fitGammaGamma(ggHistogram, { columns: { count: 'customers' } });
    const ggRaw = fitGammaGamma(summary);
    expect(ggGrouped.fitted.n).toBe(ggRaw.fitted.n); // the repeat customers
    for (const key of ['p', 'q', 'gamma'] as const) expect(Math.abs(ggGrouped.params[key] / ggRaw.params[key] - 1), key).toBeLessThan(1e-9);
  });

  it.each(cases)('%s log, time unit %s: the histograms equal the summary grouped', async (log, unit) => {
    const { rows, end } = LOGS[log];
    const summary = inMemory(rows, end, unit);
    const bg = await run(betaGeoHistogramSql(spec(end, unit), { dialect: 'duckdb', table: log }));
    expect(histogramText(bg, ['frequency', 'recency', 'T'])).toEqual(expectedHistogram(summary, ['frequency', 'recency', 'T'], false));
    const gg = await run(gammaGammaHistogramSql(spec(end, unit), { dialect: 'duckdb', table: log }));
    expect(histogramText(gg, ['frequency', 'monetary'])).toEqual(expectedHistogram(summary, ['frequency', 'monetary'], true));
    expect(bg.length).toBeLessThan(summary.customer.length);
    // the README's numbers: CDNOW to 1997-09-30 in weeks
    if (log === 'cdnow' && unit === 'week') expect([summary.customer.length, bg.length, gg.length]).toEqual([2357, 1016, 760]);
  });

  it.each(SPLITS)('%s log split at %s, observed to %s in %ss: summary and holdout equal summarizeTransactions', async (...split) => {
    expectSplit(await run(summarizeTransactionsSql(splitSpec(split), { dialect: 'duckdb', table: split[0] })), split);
  });

  it('profit: summed per customer, a row with a NULL profit skipped as in memory', async () => {
    const rows = LOGS.generated.rows;
    const profit = rows.map((r, i) => (i === 7 ? null : r.amount === null ? null : r.amount * 0.25));
    const values = rows.map(
      (r, i) =>
        `(${r.customer === null ? 'NULL' : `'${r.customer}'`}, ${r.date === null ? 'NULL' : `DATE '${r.date}'`}, ` +
        `${r.amount === null ? 'NULL' : `CAST('${String(r.amount)}' AS DOUBLE)`}, ${profit[i] === null ? 'NULL' : `CAST('${String(profit[i])}' AS DOUBLE)`})`,
    );
    await connection.run(
      `CREATE TABLE with_profit (customer VARCHAR, date DATE, amount DOUBLE, margin DOUBLE); INSERT INTO with_profit VALUES ${values.join(', ')};`,
    );
    const s = { ...spec(LOGS.generated.end, 'week'), profit: 'margin' };
    const expected = summarizeTransactions(
      { customer: rows.map((r) => r.customer), date: rows.map((r) => r.date), amount: rows.map((r) => r.amount), margin: profit },
      s,
    );
    expect(expected.counts.skipped).toBe(6);
    const result = await run(summarizeTransactionsSql(s, { dialect: 'duckdb', table: 'with_profit' }));
    expectSummary(result, expected, rows);
    const at = new Map(expected.customer.map((id, i) => [String(id), i]));
    for (const row of result) expect(Math.abs(Number(row.profit) - expected.profit![at.get(String(row.customer))!])).toBeLessThanOrEqual(1e-9);
  });

  it('a customer with an infinite amount: refused in memory, a row of NULLs in SQL', async () => {
    const rows: Row[] = [
      { customer: 'a', date: '1997-01-01', amount: 5 },
      { customer: 'b', date: '1997-01-01', amount: 5 },
      { customer: 'b', date: '1997-01-02', amount: Infinity },
    ];
    const error = caught(() => inMemory(rows, '1997-02-01', 'week'));
    expect(error).toBeInstanceOf(CustomerValueError);
    await connection.run(createTable('infinite', rows, 'DOUBLE'));
    const result = await run(
      `SELECT * FROM (${summarizeTransactionsSql(spec('1997-02-01', 'week'), { dialect: 'duckdb', table: 'infinite' })}) ORDER BY customer`,
    );
    expect(result.map((r) => [r.customer, r.frequency === null ? null : Number(r.frequency), r.revenue])).toEqual([
      ['a', 0, 5],
      ['b', null, null],
    ]);
    const bg = await run(betaGeoHistogramSql(spec('1997-02-01', 'week'), { dialect: 'duckdb', table: 'infinite' }));
    expect(bg.reduce((n, r) => n + Number(r.customers), 0)).toBe(2);
  });
});

const bin = postgresBin();
if (!bin && process.env.CI) throw new Error('PostgreSQL is not installed: .ci/run should have installed the postgresql package');

describe.skipIf(!bin)('summarizeTransactionsSql in PostgreSQL', () => {
  let pg: ReturnType<typeof startPostgres>;
  const run = (sql: string): Out[] => {
    const text = pg.psql(`SET extra_float_digits = 3; ${sql}`);
    const [header, ...lines] = text.trim().split('\n');
    const names = header.split(',');
    return lines.map((line) => Object.fromEntries(line.split(',').map((v, j) => [names[j], v === '' ? null : v])));
  };
  beforeAll(() => {
    pg = startPostgres(bin as string);
    pg.script(
      Object.entries(LOGS)
        .map(([name, { rows }]) => createTable(name, rows, 'DOUBLE PRECISION'))
        .join('\n'),
    );
  }, 120_000);
  afterAll(() => pg?.stop());

  it.each(cases)('%s log, time unit %s: the summary and histograms equal summarizeTransactions', (log, unit) => {
    const { rows, end } = LOGS[log];
    const summary = inMemory(rows, end, unit);
    expectSummary(run(summarizeTransactionsSql(spec(end, unit), { dialect: 'postgres', table: log })), summary, rows);
    const bg = run(betaGeoHistogramSql(spec(end, unit), { dialect: 'postgres', table: log }));
    expect(histogramText(bg, ['frequency', 'recency', 'T'])).toEqual(expectedHistogram(summary, ['frequency', 'recency', 'T'], false));
    const gg = run(gammaGammaHistogramSql(spec(end, unit), { dialect: 'postgres', table: log }));
    expect(histogramText(gg, ['frequency', 'monetary'])).toEqual(expectedHistogram(summary, ['frequency', 'monetary'], true));
  });
});

describe.skipIf(!bin)('summarizeTransactionsSql in PostgreSQL: calibration/holdout splits', () => {
  let pg: ReturnType<typeof startPostgres>;
  beforeAll(() => {
    pg = startPostgres(bin as string);
    pg.script(
      Object.entries(LOGS)
        .map(([name, { rows }]) => createTable(name, rows, 'DOUBLE PRECISION'))
        .join('\n'),
    );
  }, 120_000);
  afterAll(() => pg?.stop());

  it.each(SPLITS)('%s log split at %s, observed to %s in %ss: summary and holdout equal summarizeTransactions', (...split) => {
    const text = pg.psql(`SET extra_float_digits = 3; ${summarizeTransactionsSql(splitSpec(split), { dialect: 'postgres', table: split[0] })}`);
    const [header, ...lines] = text.trim().split('\n');
    const names = header.split(',');
    expectSplit(
      lines.map((line) => Object.fromEntries(line.split(',').map((v, j) => [names[j], v === '' ? null : v]))),
      split,
    );
  });
});

describe('summarizeTransactionsSql in Spark, BigQuery and Snowflake (snapshots)', () => {
  const unexecuted = SQL_DIALECTS.filter((d): d is Exclude<SqlDialect, 'duckdb' | 'postgres'> => d !== 'duckdb' && d !== 'postgres');
  const writers = { summarizeTransactionsSql, betaGeoHistogramSql, gammaGammaHistogramSql };
  it.each(Object.keys(writers).flatMap((name) => unexecuted.map((dialect) => [name, dialect] as const)))('%s in %s', (name, dialect) => {
    const sql = writers[name as keyof typeof writers](
      { ...spec('1998-06-30', 'week'), calibrationEnd: '1997-09-30', profit: 'margin' },
      { dialect, table: ['shop', 'orders'] },
    );
    expect(sql).toMatchSnapshot();
  });
});

describe('summarizeTransactionsSql(spec, options): refusals', () => {
  const base = spec('1997-09-30', 'week');
  it.each([
    ['missing: error', { ...base, missing: 'error' }, {}, 'spec.missing'],
    ['a calibration end not before the observation end', { ...base, calibrationEnd: '1997-09-30' }, {}, 'spec.calibrationEnd'],
    ['an observation end that is not a date', { ...base, observationEnd: '1997-13-45' }, {}, 'spec.observationEnd'],
    ['a dialect toSql does not speak', base, { dialect: 'mysql' }, 'options.dialect'],
  ])('refuses %s', (_, s, o, path) => {
    const error = caught(() => summarizeTransactionsSql(s as SummarizeTransactionsSqlSpec, { dialect: 'duckdb', table: 't', ...o } as never));
    expect(error).toBeInstanceOf(CustomerValueError);
    expect(error.code).toBe('invalid_spec');
    expect(error.issues[0].path).toBe(path);
    expect(error.issues[0].function).toBe('summarizeTransactionsSql');
  });
  it('refuses a column name that cannot be quoted, naming the column', () => {
    const error = caught(() => betaGeoHistogramSql({ ...base, amount: 'a`b' }, { dialect: 'spark', table: 't' }));
    expect(error.issues[0]).toMatchObject({ function: 'betaGeoHistogramSql', column: 'a`b' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CustomerValueError,
  cohortRetention,
  customerFlows,
  activeLifetimes,
  kaplanMeier,
  summarizeTransactions,
  type CohortRetentionResult,
} from '../../src/index.js';
import {
  cohortRetentionInWarehouse,
  cohortRetentionSql,
  customerFlowsInWarehouse,
  customerFlowsSql,
  activeLifetimesInWarehouse,
  activeLifetimesSql,
  type ActiveLifetimesSqlSpec,
  type ActivitySqlSpec,
  type WarehouseEngine,
} from '../../src/warehouse.js';
import { seededRandom } from '../../src/internal/random.js';
import { SQL_DIALECTS } from '../../src/scoring/toSql.js';
import { duckdbTestEngine, postgresTestEngine } from '../helpers/engines.js';
import { caught } from '../helpers/fixtures.js';
import { postgresBin } from '../helpers/postgres.js';
import { cdnowLogRows, type LogRow } from '../helpers/sqlData.js';

// The witness is the in-memory function on the same log: cohortRetentionInWarehouse, with only
// the (cohort, period) cells leaving the engine, must equal cohortRetention (missing: 'skip')
// field for field — counts exactly, revenue to the rounding of double sums — on the CDNOW sample
// and on a generated log with NULLs, NaN, refunds and rows after the observation end, for every
// calendar period and for ends that close a period, cut one short, or are not given.

type Row = LogRow;

/** A seeded log over 1996-12 .. 1998-01 with refunds, NULLs in each column, NaN amounts. */
function generatedRows(): Row[] {
  const rng = seededRandom(1616);
  const iso = (day: number) => new Date(Date.UTC(1996, 11, 20) + day * 86_400_000).toISOString().slice(0, 10);
  const rows: Row[] = [];
  for (let c = 0; c < 300; c++) {
    const n = 1 + Math.floor(rng.uniform() * 8);
    for (let k = 0; k < n; k++) {
      const u = rng.uniform();
      const amount = u < 0.1 ? -Math.round(rng.uniform() * 5000) / 100 : Math.round(rng.uniform() * 10_000) / 100;
      rows.push({ customer: `c${c}`, date: iso(Math.floor(rng.uniform() * 400)), amount });
    }
  }
  rows.push(
    { customer: null, date: '1997-02-02', amount: 3 },
    { customer: 'c1', date: null, amount: 3 },
    { customer: 'c2', date: '1997-02-02', amount: null },
    { customer: 'c3', date: '1997-02-03', amount: Number.NaN },
    { customer: 'nan-only', date: '1997-01-03', amount: Number.NaN },
  );
  return rows;
}

const LOGS = { cdnow: cdnowLogRows(), generated: generatedRows() };
type LogName = keyof typeof LOGS;

function createTable(name: string, rows: Row[], double: string): string {
  const amount = (v: number | null) => (v === null ? 'NULL' : `CAST('${Number.isNaN(v) ? 'NaN' : String(v)}' AS ${double})`);
  const values = rows.map(
    (r) => `(${r.customer === null ? 'NULL' : `'${r.customer}'`}, ${r.date === null ? 'NULL' : `DATE '${r.date}'`}, ${amount(r.amount)})`,
  );
  return `CREATE TABLE ${name} (customer VARCHAR, date DATE, amount ${double}); INSERT INTO ${name} VALUES ${values.join(', ')};`;
}

/** (log, period, observation end, with amount): ends closing a period, cutting one short, and absent. */
const CASES: [LogName, ActivitySqlSpec['period'], string | undefined, boolean][] = [
  ['cdnow', 'month', '1997-09-30', true],
  ['cdnow', 'month', '1997-09-15', true],
  ['cdnow', 'quarter', '1998-03-31', false],
  ['cdnow', 'week', '1997-06-30', true],
  ['cdnow', 'year', undefined, true],
  ['cdnow', 'quarter', undefined, false],
  ['generated', 'month', '1997-09-30', true],
  ['generated', 'quarter', '1997-11-20', true],
  ['generated', 'week', '1997-08-01', false],
  ['generated', 'year', '1997-12-31', true],
  ['generated', 'month', undefined, true],
];

function specOf(period: ActivitySqlSpec['period'], end: string | undefined, withAmount: boolean): ActivitySqlSpec {
  return { customer: 'customer', date: 'date', period, missing: 'skip', ...(withAmount ? { amount: 'amount' } : {}), ...(end ? { observationEnd: end } : {}) };
}

function inMemory(log: LogName, spec: ActivitySqlSpec): CohortRetentionResult {
  const rows = LOGS[log];
  return cohortRetention({ customer: rows.map((r) => r.customer), date: rows.map((r) => r.date), amount: rows.map((r) => r.amount) }, spec);
}

function flowsInMemory(log: LogName, spec: ActivitySqlSpec) {
  const rows = LOGS[log];
  return customerFlows({ customer: rows.map((r) => r.customer), date: rows.map((r) => r.date), amount: rows.map((r) => r.amount) }, spec);
}

/** activeLifetimes on the in-memory summary, then kaplanMeier: the report's activeLifetimes section. */
function livesInMemory(log: LogName, spec: ActiveLifetimesSqlSpec) {
  const rows = LOGS[log];
  const { lapseAfter, ...logSpec } = spec;
  const summary = summarizeTransactions({ customer: rows.map((r) => r.customer), date: rows.map((r) => r.date), amount: rows.map((r) => r.amount) }, logSpec);
  const lives = activeLifetimes(summary, { lapseAfter });
  return { counts: lives.counts, reach: lives.reach, survival: lives.counts.included > 0 ? kaplanMeier(lives.durations, lives.lapsed) : null };
}

const LIFETIME_CASES: [LogName, ActiveLifetimesSqlSpec][] = [
  ['cdnow', { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '1997-09-30', timeUnit: 'week', missing: 'skip', lapseAfter: 26 }],
  ['cdnow', { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '1998-06-30', timeUnit: 'day', missing: 'skip', lapseAfter: 90 }],
  ['generated', { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '1997-09-30', timeUnit: 'month', missing: 'skip', lapseAfter: 2.5 }],
  ['generated', { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '1997-12-31', timeUnit: 'week', missing: 'skip', lapseAfter: 13 }],
];

function expectSame(got: CohortRetentionResult, want: CohortRetentionResult) {
  const { revenue: gotRevenue, ...gotRest } = got;
  const { revenue: wantRevenue, ...wantRest } = want;
  expect(gotRest).toEqual(wantRest);
  if (wantRevenue === null) return expect(gotRevenue).toBeNull();
  let worst = 0;
  wantRevenue.forEach((row, c) =>
    row.forEach((v, k) => {
      const g = gotRevenue![c][k];
      if (v === null) expect(g).toBeNull();
      else worst = Math.max(worst, Math.abs(g! - v) / Math.max(1, Math.abs(v)));
    }),
  );
  expect(worst).toBeLessThanOrEqual(1e-12);
}

type TestEngine = WarehouseEngine & { close(): void; run(sql: string): Promise<void> | void };

function engines(): [string, () => Promise<TestEngine>][] {
  const bin = postgresBin();
  return [['duckdb', duckdbTestEngine], ...(bin ? [['postgres', async () => Promise.resolve(postgresTestEngine(bin))] as const] : [])] as [
    string,
    () => Promise<TestEngine>,
  ][];
}

describe('the witness logs', () => {
  it('hold every case the rules distinguish: NULLs, NaN, refunds, rows after the end, a partial period', () => {
    const result = inMemory('generated', specOf('quarter', '1997-11-20', true));
    expect(result.skipped).toBe(5);
    expect(result.afterObservationEnd).toBeGreaterThan(0);
    expect(result.partialPeriod?.rows).toBeGreaterThan(0);
    expect(LOGS.generated.some((r) => r.amount !== null && r.amount < 0)).toBe(true);
  });
});

describe.each(engines())('cohortRetentionInWarehouse in %s', (name, open) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await open();
    const double = name === 'postgres' ? 'DOUBLE PRECISION' : 'DOUBLE';
    for (const log of Object.keys(LOGS) as LogName[]) await engine.run(createTable(log, LOGS[log], double));
    const infinite = [
      { customer: 'a', date: '1997-01-01', amount: 1 },
      { customer: 'a', date: '1997-01-02', amount: Infinity },
    ];
    await engine.run(createTable('infinite', infinite, double));
  }, 60_000);
  afterAll(() => engine?.close());

  it.each(CASES)('equals cohortRetention on %s by %s to %s (amount: %s)', async (log, period, end, withAmount) => {
    const spec = specOf(period, end, withAmount);
    const stages: string[] = [];
    const got = await cohortRetentionInWarehouse(engine, spec, { table: log, onProgress: (e) => stages.push(e.stage) });
    const want = inMemory(log, spec);
    expect(want.cohorts.length).toBeGreaterThan(0); // CDNOW's customers all arrive in 1997-Q1
    expectSame(got, want);
    expect(stages).toEqual(['cohort cells']);
  });

  it.each(CASES)('customerFlowsInWarehouse equals customerFlows on %s by %s to %s (amount: %s)', async (log, period, end, withAmount) => {
    const spec = specOf(period, end, withAmount);
    const stages: string[] = [];
    const got = await customerFlowsInWarehouse(engine, spec, { table: log, onProgress: (e) => stages.push(e.stage) });
    const want = flowsInMemory(log, spec);
    expect(want.flows.some((f) => f.returning > 0) || want.flows.length < 3).toBe(true);
    expect(got).toEqual(want);
    expect(stages).toEqual(['flows']);
  });

  it.each(LIFETIME_CASES)('activeLifetimesInWarehouse equals activeLifetimes + kaplanMeier on %s (%o)', async (log, spec) => {
    const stages: string[] = [];
    const got = await activeLifetimesInWarehouse(engine, spec, { table: log, onProgress: (e) => stages.push(e.stage) });
    const want = livesInMemory(log, spec);
    expect(want.counts.included).toBeGreaterThan(0);
    expect(want.counts.oneTime + want.counts.tooRecent).toBeGreaterThan(0);
    expect(got).toEqual(want);
    expect(stages).toEqual(['lifetimes']);
    // only the distinct (duration, lapsed) groups and three counts leave the engine
    const rows = (await engine.query(activeLifetimesSql(spec, { dialect: engine.dialect, table: log }))) as unknown[];
    expect(rows.length).toBeLessThanOrEqual(want.survival!.time.length * 2 + 3);
  });

  it('customerFlowsSql brings out one row per period', async () => {
    const spec = specOf('month', '1997-09-30', true);
    const rows = await engine.query(customerFlowsSql(spec, { dialect: engine.dialect, table: 'cdnow' }));
    expect((rows as unknown[]).length).toBe(flowsInMemory('cdnow', spec).flows.length);
  });

  it('brings out at most periods² rows, none per customer', async () => {
    const rows = await engine.query(cohortRetentionSql(specOf('month', '1997-09-30', true), { dialect: engine.dialect, table: 'cdnow' }));
    const n = (rows as unknown[]).length;
    const want = inMemory('cdnow', specOf('month', '1997-09-30', true));
    expect(n).toBeLessThanOrEqual(want.cohorts.length * want.active[0].length); // cohorts × periods
    expect(n).toBeLessThan(new Set(LOGS.cdnow.map((r) => r.customer)).size / 10);
  });

  it('gives an empty matrix with the counts when every row is after the end, as in memory', async () => {
    const spec = specOf('month', '1990-01-31', true);
    expectSame(await cohortRetentionInWarehouse(engine, spec, { table: 'cdnow' }), inMemory('cdnow', spec));
  });

  it.each([
    ['cohortRetentionInWarehouse', cohortRetentionInWarehouse, 'cohort cells'],
    ['customerFlowsInWarehouse', customerFlowsInWarehouse, 'flows'],
  ] as const)('%s refuses an infinite amount as invalid_value, as in memory, and names the stage of a failing query', async (_name, run, stage) => {
    const infinite = await run(engine, specOf('month', '1997-01-31', true), { table: 'infinite' }).catch((e: unknown) => e);
    expect(infinite).toBeInstanceOf(CustomerValueError);
    expect((infinite as CustomerValueError).code).toBe('invalid_value');
    const error = await run(engine, specOf('month', '1997-09-30', true), { table: 'no_such_table' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CustomerValueError);
    expect((error as CustomerValueError).code).toBe('engine_failed');
    expect((error as CustomerValueError).message).toMatch(new RegExp(`${stage} query failed in the engine: .*no_such_table`));
  });

  it('activeLifetimesInWarehouse refuses an infinite amount as invalid_value and names the stage of a failing query', async () => {
    const spec = LIFETIME_CASES[0][1];
    const infinite = await activeLifetimesInWarehouse(engine, spec, { table: 'infinite' }).catch((e: unknown) => e);
    expect((infinite as CustomerValueError).code).toBe('invalid_value');
    const error = await activeLifetimesInWarehouse(engine, spec, { table: 'no_such_table' }).catch((e: unknown) => e);
    expect((error as CustomerValueError).code).toBe('engine_failed');
    expect((error as CustomerValueError).message).toMatch(/lifetimes query failed in the engine: .*no_such_table/);
  });

  it('customerFlowsInWarehouse gives no flows with the counts when every row is after the end, as in memory', async () => {
    const spec = specOf('quarter', '1990-01-31', false);
    expect(await customerFlowsInWarehouse(engine, spec, { table: 'generated' })).toEqual(flowsInMemory('generated', spec));
  });
});

describe('cohortRetentionSql and cohortRetentionInWarehouse refuse bad specs by path', () => {
  const engine = { dialect: 'duckdb' as const, query: () => [] };
  const good = specOf('month', '1997-09-30', true);
  it.each([
    ['spec.missing', { ...good, missing: 'error' }],
    ['spec.period', { ...good, period: 'fortnight' }],
    ['spec.observationEnd', { ...good, observationEnd: '1997-02-30' }],
    ['spec.customer', { ...good, customer: '' }],
  ])('%s', async (path, spec) => {
    for (const write of [cohortRetentionSql, customerFlowsSql]) {
      for (const dialect of SQL_DIALECTS) {
        const error = caught(() => write(spec as ActivitySqlSpec, { dialect, table: 'orders' }));
        expect(error.code).toBe('invalid_spec');
        expect((error as CustomerValueError).issues.map((i) => i.path)).toContain(path);
      }
    }
    for (const run of [cohortRetentionInWarehouse, customerFlowsInWarehouse]) {
      const error = await run(engine, spec as ActivitySqlSpec, { table: 'orders' }).catch((e: unknown) => e);
      expect((error as CustomerValueError).code).toBe('invalid_spec');
      expect((error as CustomerValueError).issues.map((i) => i.path)).toContain(path);
    }
  });

  it.each([
    ['spec.lapseAfter', { lapseAfter: 0 }],
    ['spec.lapseAfter', { lapseAfter: Number.NaN }],
    ['spec.missing', { missing: 'error' }],
    ['spec.timeUnit', { timeUnit: undefined }],
  ])('activeLifetimesSql and activeLifetimesInWarehouse: %s', async (path, change) => {
    const spec = { ...LIFETIME_CASES[0][1], ...change } as ActiveLifetimesSqlSpec;
    for (const dialect of SQL_DIALECTS) {
      const error = caught(() => activeLifetimesSql(spec, { dialect, table: 'orders' }));
      expect((error as CustomerValueError).issues.map((i) => i.path)).toContain(path);
    }
    const error = await activeLifetimesInWarehouse(engine, spec, { table: 'orders' }).catch((e: unknown) => e);
    expect((error as CustomerValueError).code).toBe('invalid_spec');
  });

  it('refuses a dialect the function does not speak and a bad engine', async () => {
    expect(caught(() => cohortRetentionSql(good, { dialect: 'mysql' as never, table: 'orders' })).code).toBe('invalid_spec');
    const error = await cohortRetentionInWarehouse({ dialect: 'oracle' } as never, good, { table: 'orders' }).catch((e: unknown) => e);
    expect((error as CustomerValueError).issues[0].path).toMatch(/^engine/);
  });
});

describe('cohortRetentionSql text', () => {
  it.each(SQL_DIALECTS)(
    'in %s matches its snapshot (Spark, BigQuery and Snowflake are not executed here; test/warehouse/dialectParse.test.ts parses them)',
    (dialect) => {
      expect(cohortRetentionSql(specOf('month', '1997-09-30', true), { dialect, table: ['shop', 'orders'] })).toMatchSnapshot();
      expect(cohortRetentionSql(specOf('week', undefined, false), { dialect, table: 'orders' })).toMatchSnapshot();
      expect(customerFlowsSql(specOf('quarter', '1998-06-30', false), { dialect, table: ['shop', 'orders'] })).toMatchSnapshot();
      expect(activeLifetimesSql(LIFETIME_CASES[0][1], { dialect, table: ['shop', 'orders'] })).toMatchSnapshot();
    },
  );
});

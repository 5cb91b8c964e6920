import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbTestEngine, loadStatements } from '../helpers/engines.js';
import { runDist, runInProcess } from '../helpers/cli.js';
import { postgresBin, startPostgres } from '../helpers/postgres.js';
import { cdnowLog, generatedLog, logCsv, outsideSegments, type ReportLog } from '../helpers/reportLogs.js';

// `customer-value report --duckdb` / `--postgres` (the built CLI, dist/: `npx tsup --silent`
// first): the same files as the in-memory `report --input` on the same log, which differ only in
// the k-means segments (report.md's Segments section and segments.svg).

const dir = mkdtempSync(join(tmpdir(), 'cv-report-wh-'));
const FLAGS = ['--customer', 'customer', '--date', 'date', '--amount', 'amount'];
const CDNOW = [...FLAGS, '--observation-end', '1997-09-30', '--title', 'CDNOW']; // the demo's spec
const GENERATED = [...FLAGS, '--observation-end', '1997-10-31', '--title', 'Generated'];

function files(out: string): Record<string, string> {
  return Object.fromEntries(readdirSync(out).map((name) => [name, readFileSync(join(out, name), 'utf8')]));
}

/** Both reports hold the same files, equal except the segments. */
function expectSameReport(got: Record<string, string>, want: Record<string, string>) {
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  expect(outsideSegments(got['report.md'])).toBe(outsideSegments(want['report.md']));
  for (const name of Object.keys(want).filter((n) => n !== 'report.md' && n !== 'segments.svg')) expect(got[name], name).toBe(want[name]);
}

/** Write the log as CSV (for --input) and as Parquet with a DATE column (for --duckdb). */
async function writeLog(name: string, log: ReportLog) {
  writeFileSync(join(dir, `${name}.csv`), logCsv(log));
  const engine = await duckdbTestEngine();
  await engine.run(
    `CREATE TABLE t AS SELECT customer, CAST(date AS DATE) AS date, amount FROM read_csv('${join(dir, `${name}.csv`)}', all_varchar = true, header = true)`,
  );
  await engine.run(`COPY (SELECT customer, date, CAST(amount AS DOUBLE) AS amount FROM t) TO '${join(dir, `${name}.parquet`)}' (FORMAT parquet)`);
  engine.close();
}

beforeAll(async () => {
  await writeLog('cdnow', cdnowLog());
  await writeLog('generated', generatedLog());
  writeFileSync(join(dir, 'ints.csv'), 'customer,date,amount\n1,19970101,11.77\n2,19970102,3\n1,19970301,5\n');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('customer-value report --duckdb', () => {
  it('writes the report of --input from a Parquet file read in place, equal but for the segments (CDNOW)', () => {
    const memory = runDist(['report', '--input', join(dir, 'cdnow.csv'), ...CDNOW, '--out-dir', join(dir, 'memory')]);
    expect(memory.code, memory.stderr).toBe(0);
    const engine = runDist(['report', '--duckdb', join(dir, 'cdnow.parquet'), ...CDNOW, '--out-dir', join(dir, 'duckdb')]);
    expect(engine.code, engine.stderr).toBe(0);
    expectSameReport(files(join(dir, 'duckdb')), files(join(dir, 'memory')));
    expect(engine.stderr).toMatch(
      /^wrote .*report\.md and 4 charts \(23570 customers\) from 69,659 rows in DuckDB; [\d,]+ result rows \([\d,]+ values\) left the engine\n$/,
    );
  }, 300_000);

  it('compares the CLV models on a holdout with --holdout-end, as --input does (CDNOW: Pareto/NBD used, tracking.svg)', () => {
    const holdout = [...CDNOW, '--holdout-end', '1998-06-30'];
    const memory = runDist(['report', '--input', join(dir, 'cdnow.csv'), ...holdout, '--out-dir', join(dir, 'memory-holdout')]);
    expect(memory.code, memory.stderr).toBe(0);
    const engine = runDist(['report', '--duckdb', join(dir, 'cdnow.parquet'), ...holdout, '--out-dir', join(dir, 'duckdb-holdout')]);
    expect(engine.code, engine.stderr).toBe(0);
    const got = files(join(dir, 'duckdb-holdout'));
    expectSameReport(got, files(join(dir, 'memory-holdout')));
    expect(got['report.md']).toContain('| Pareto/NBD (used) |');
    expect(Object.keys(got)).toContain('tracking.svg');
  }, 300_000);

  it('reads a table of a DuckDB database file with --table, and shows each stage on a terminal', async () => {
    const database = join(dir, 'shop.duckdb');
    const engine = await duckdbTestEngine();
    await engine.run(
      `ATTACH '${database}' AS shop; CREATE TABLE shop.main.orders AS SELECT * FROM read_parquet('${join(dir, 'generated.parquet')}'); DETACH shop`,
    );
    engine.close();
    // read-only on disk: the report attaches it read-only and writes nothing to it
    chmodSync(database, 0o444);
    const before = readFileSync(database);
    const memory = runDist(['report', '--input', join(dir, 'generated.csv'), ...GENERATED, '--out-dir', join(dir, 'generated-memory')]);
    expect(memory.code, memory.stderr).toBe(0);
    const run = await runInProcess(['report', '--duckdb', database, '--table', 'orders', ...GENERATED, '--out-dir', join(dir, 'generated-duckdb')], {
      tty: true,
    });
    expect(run.code, run.stderr).toBe(0);
    expectSameReport(files(join(dir, 'generated-duckdb')), files(join(dir, 'generated-memory')));
    for (const stage of [
      'summary',
      'histograms',
      'scores',
      'value pyramid statistics',
      'rfm statistics',
      'segment sample',
      'segments',
      'counts',
      'value tiers',
      'cohort cells',
      'lifetimes',
    ])
      expect(run.stderr).toContain(`customer-value report: ${stage}: `);
    // nothing was written to the user's database: the same bytes, the one table
    expect(readFileSync(database).equals(before)).toBe(true);
    const check = await duckdbTestEngine();
    expect(
      await check.query(`ATTACH '${database}' AS shop (READ_ONLY); SELECT table_name FROM information_schema.tables WHERE table_catalog = 'shop'`),
    ).toEqual([{ table_name: 'orders' }]);
    check.close();
  }, 300_000);

  it.each([
    [
      ['--customer', 'c', '--date', 'd', '--amount', 'a', '--out-dir', 'x'],
      'give exactly one input: --input <file>, --duckdb <file> or --postgres <URL> (got none)',
    ],
    [['--input', 'CSV', '--duckdb', 'PARQUET'], 'give exactly one input: --input <file>, --duckdb <file> or --postgres <URL> (got --input and --duckdb)'],
    [['--duckdb', 'PARQUET', '--table', 'orders'], 'report: --table names a table of a DuckDB database file'],
    [['--duckdb', 'PARQUET', '--delimiter', ';'], 'report: --delimiter is for --input files'],
    [['--postgres', 'postgresql://nobody@/none'], 'report: --table is required with --postgres'],
    [['--input', 'CSV', '--table', 'orders'], 'report: --table names the table of --duckdb <database> or --postgres, not of an --input file'],
  ])('refuses %j naming the problem', (args, message) => {
    const resolved = args.map((a) => (a === 'PARQUET' ? join(dir, 'generated.parquet') : a === 'CSV' ? join(dir, 'generated.csv') : a));
    const flags = resolved.includes('--customer') ? resolved : [...resolved, ...GENERATED, '--out-dir', join(dir, 'never')];
    const run = runDist(['report', ...flags]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('(see customer-value report --help)');
  });

  it('names the file when --duckdb is neither a data file nor a DuckDB database', () => {
    const notes = join(dir, 'notes.db');
    writeFileSync(notes, 'not a database\n');
    const run = runDist(['report', '--duckdb', notes, '--table', 'orders', ...GENERATED, '--out-dir', join(dir, 'never')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`customer-value report: cannot open "${notes}" as a DuckDB database: `);
    expect(readdirSync(dir)).not.toContain('never');
  });

  it('names the stage and the engine message when the engine fails (a YYYYMMDD integer date column)', () => {
    const run = runDist(['report', '--duckdb', join(dir, 'ints.csv'), ...FLAGS, '--out-dir', join(dir, 'never')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/analyzeCustomerValueInWarehouse: the (observation end|summary) query failed in the engine: .*(Conversion|cast|Cast)/);
    expect(readdirSync(dir)).not.toContain('never');
  });
});

const bin = postgresBin();
describe.skipIf(!bin)('customer-value report --postgres', () => {
  let pg: ReturnType<typeof startPostgres>;
  beforeAll(() => {
    pg = startPostgres(bin!);
    const log = generatedLog();
    pg.script(`CREATE SCHEMA sales; ${loadStatements('orders', log as never, 'DOUBLE PRECISION').join(';\n')}; ALTER TABLE orders SET SCHEMA sales;`);
  }, 120_000);
  afterAll(() => pg?.stop());

  it('writes the report of --input from a table on the server, equal but for the segments', () => {
    const url = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(pg.dir)}`;
    const memory = runDist(['report', '--input', join(dir, 'generated.csv'), ...GENERATED, '--out-dir', join(dir, 'pg-memory')]);
    expect(memory.code, memory.stderr).toBe(0);
    const run = runDist(['report', '--postgres', url, '--table', 'sales.orders', ...GENERATED, '--out-dir', join(dir, 'pg')]);
    expect(run.code, run.stderr).toBe(0);
    expectSameReport(files(join(dir, 'pg')), files(join(dir, 'pg-memory')));
    expect(run.stderr).toMatch(/from [\d,]+ rows in PostgreSQL; /);
    expect(pg.psql(`SELECT count(*) AS n FROM pg_tables WHERE tablename LIKE 'cv\\_%'`)).toContain('\n0\n');
  }, 300_000);
});

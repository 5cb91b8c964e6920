// The in-memory report's stages: analyzeCustomerValue reports each to onProgress, the log's date
// column is parsed once for every section (the memo of readDates and readKeys inside the report), and
// `customer-value report --input` prints one line per stage on a terminal, as the report in an
// engine does. The stages are taken from onProgress, so a new stage is covered by the CLI check.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/node/index.js';
import { analyzeCustomerValue, customerValueReport, type CustomerValueReportSpec } from '../../src/report/index.js';
import { runInProcess } from '../helpers/cli.js';
import { caught } from '../helpers/fixtures.js';

const CSV = 'examples/data/cdnow_master.csv';
const spec: CustomerValueReportSpec = { customer: 'customer_id', date: 'date', amount: 'dollar_value', observationEnd: '1997-09-30', title: 'CDNOW' };
const dir = mkdtempSync(join(tmpdir(), 'report-stages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CDNOW log with its YYYYMMDD dates as ISO text and its ids as text (the parsed paths), both columns counting their cell reads. */
async function countedLog(): Promise<{ columns: Record<string, unknown>; reads: () => number; idReads: () => number; rows: number }> {
  const { columns } = await readCsvFile(CSV);
  const dates = Array.from(columns.date as ArrayLike<number>, (v) => `${String(v).slice(0, 4)}-${String(v).slice(4, 6)}-${String(v).slice(6, 8)}`);
  const ids = Array.from(columns.customer_id as ArrayLike<number>, (v) => `c${v}`);
  const reads = [0, 0];
  const counted = (values: string[], slot: number) =>
    new Proxy(values, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads[slot]++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
  return { columns: { ...columns, date: counted(dates, 0), customer_id: counted(ids, 1) }, reads: () => reads[0], idReads: () => reads[1], rows: dates.length };
}

describe('analyzeCustomerValue(transactions, spec, { onProgress })', () => {
  it('reports every stage in order with its rows and seconds, and the date and id text is parsed once', async () => {
    const log = await countedLog();
    const events: { stage: string; rows: number; seconds: number }[] = [];
    const analysis = analyzeCustomerValue(log.columns, { ...spec, observationEnd: undefined }, { onProgress: (event) => events.push(event) });
    expect(events.map((e) => e.stage)).toEqual([
      'observation end',
      'summary',
      'clv fits',
      'scores',
      'value tiers',
      'rfm',
      'cohort cells',
      'flows',
      'lifetimes',
      'k choice',
      'segments',
    ]);
    const byStage = Object.fromEntries(events.map((e) => [e.stage, e.rows]));
    expect(byStage).toMatchObject({ summary: log.rows, 'clv fits': analysis.counts.customers, 'k choice': 3000, segments: analysis.counts.customers });
    expect(events.every((e) => e.seconds >= 0 && Number.isFinite(e.seconds))).toBe(true);
    // five sections read the date column (observation end, summary, cohorts, flows, the window's start); its cells are read once
    expect(log.reads()).toBe(log.rows);
    // three read the customer ids (summary, cohorts, flows); they are coded once
    expect(log.idReads()).toBeLessThan(log.rows + 10); // (the first cell is also looked at for integer ids); three times the rows without the memo
  });

  it('gives the same analysis with the dates and ids parsed once as on the YYYYMMDD and numeric columns', async () => {
    const log = await countedLog();
    const { columns } = await readCsvFile(CSV);
    const parsedOnce = analyzeCustomerValue(log.columns, spec, { onProgress: () => undefined });
    expect(parsedOnce).toEqual(analyzeCustomerValue(columns, spec));
  });

  it('refuses options that are not { onProgress: function }', async () => {
    const { columns } = await readCsvFile(CSV);
    const error = caught(() => analyzeCustomerValue(columns, spec, { onProgress: 'yes' as never }));
    expect(error.code).toBe('invalid_spec');
    expect(error.issues[0]).toMatchObject({ function: 'analyzeCustomerValue', path: 'options.onProgress' });
  });

  it('still refuses a bad date in every reader (the memo keeps clean columns only)', async () => {
    const log = await countedLog();
    const dates = Array.from({ length: log.rows }, (_, i) => ((log.columns.date as string[])[i] === undefined ? '' : (log.columns.date as string[])[i]));
    dates[17] = '1997-02-30';
    const error = caught(() => analyzeCustomerValue({ ...log.columns, date: dates }, spec));
    expect(error.code).toBe('invalid_value');
    expect(error.issues[0]).toMatchObject({ row: 17, column: 'date', received: '"1997-02-30"' });
  });
});

describe('customer-value report --input on a terminal', () => {
  it('prints one line per stage, in the format of the report in an engine', async () => {
    const stages: string[] = [];
    const { columns } = await readCsvFile(CSV);
    customerValueReport(columns, spec, { onProgress: (event) => stages.push(event.stage) });
    expect(stages.at(-1)).toBe('charts');
    const run = await runInProcess(
      [
        'report',
        '--input',
        CSV,
        '--customer',
        'customer_id',
        '--date',
        'date',
        '--amount',
        'dollar_value',
        '--observation-end',
        '1997-09-30',
        '--out-dir',
        join(dir, 'out'),
      ],
      { tty: true },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('customer-value report: read 69,659 rows in ');
    for (const stage of stages) expect(run.stderr).toMatch(new RegExp(`customer-value report: ${stage}: \\d+\\.\\d s, [\\d,]+ rows in `));
  });
});

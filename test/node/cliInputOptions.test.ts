import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readInputColumns, type Args } from '../../src/node/cliSupport.js';
import { scratch, runInProcess } from '../helpers/cli.js';

// The input options of the commands that read a table (fit, report): --delimiter,
// --decimal-comma, --date-format, --timezone, --id-type; the missing-column message with the
// header found and a delimiter hint (fit, report, score); every error naming file lines; and the
// progress lines and final summary.

const run = (args: string[], tty = false) => runInProcess(args, { tty });

const argsOf = (command: string, options: Record<string, string | string[]>): Args => ({
  command,
  options: new Map(Object.entries(options).map(([k, v]) => [k, Array.isArray(v) ? v : [v]])),
});

let dir = '';
let orders: string[] = [];
beforeAll(() => {
  dir = scratch('cv-input-options-');
  // customers with profits written with a decimal comma and ";" between fields
  const rows = readFileSync(join(dir, 'customers.csv'), 'utf8').trim().split('\n');
  writeFileSync(
    join(dir, 'customers-semicolon.csv'),
    `${rows.map((row, i) => (i === 0 ? row.replace(',', ';') : row.replace(',', ';').replace(/(\d)$/, '$1,25'))).join('\n')}\n`,
  );
  writeFileSync(join(dir, 'customers-point.csv'), `${rows.map((row, i) => (i === 0 ? row : row.replace(/(\d)$/, '$1.25'))).join('\n')}\n`);
  orders = readFileSync(join(dir, 'orders.csv'), 'utf8').trim().split('\n');
});

describe('customer-value fit and report: input options', () => {
  it('fit --delimiter ";" --decimal-comma gives the model the same data with "," and points gives', async () => {
    const spec = join(dir, 'spec.json');
    const comma = await run([
      'fit',
      '--kind',
      'valuePyramid',
      '--spec',
      spec,
      '--input',
      join(dir, 'customers-semicolon.csv'),
      '--delimiter',
      ';',
      '--decimal-comma',
    ]);
    const point = await run(['fit', '--kind', 'valuePyramid', '--spec', spec, '--input', join(dir, 'customers-point.csv')]);
    expect([comma.code, point.code], comma.stderr).toEqual([0, 0]);
    expect(comma.stdout).toBe(point.stdout);
    expect(JSON.parse(point.stdout).n ?? JSON.parse(point.stdout).rowCount ?? 40).toBeGreaterThan(0);
  });

  it('--delimiter accepts tab as "tab" or "\\t"; a decimal comma needs another delimiter; CSV options are refused for NDJSON', async () => {
    writeFileSync(join(dir, 'customers.tsv'), readFileSync(join(dir, 'customers.csv'), 'utf8').replace(/,/g, '\t'));
    const base = ['fit', '--kind', 'valuePyramid', '--spec', join(dir, 'spec.json')];
    const csv = await run([...base, '--input', join(dir, 'customers.csv')]);
    for (const tab of ['tab', '\\t', '\t']) expect((await run([...base, '--input', join(dir, 'customers.tsv'), '--delimiter', tab])).stdout).toBe(csv.stdout);
    expect((await run([...base, '--input', join(dir, 'customers.csv'), '--decimal-comma'])).stderr).toContain('--decimal-comma needs another field delimiter');
    expect((await run([...base, '--input', join(dir, 'customers.csv'), '--delimiter', ';;'])).stderr).toContain('--delimiter must be one character');
    expect((await run([...base, '--input', join(dir, 'customers.ndjson'), '--delimiter', ';'])).stderr).toContain('--delimiter applies to CSV input');
  });

  it('report --date-format DD/MM/YYYY writes the report the ISO dates give', async () => {
    const dmy = orders.map((line, i) =>
      i === 0 ? line : line.replace(/^([^,]*),(\d{4})(\d{2})(\d{2}),/, (_m, id, y, m, d) => `${id},${Number(d)}/${m}/${y},`),
    );
    writeFileSync(join(dir, 'orders-dmy.csv'), `${dmy.join('\n')}\n`);
    const args = ['--customer', 'customer', '--date', 'date', '--amount', 'amount'];
    const iso = await run(['report', '--input', join(dir, 'orders.csv'), '--out-dir', join(dir, 'report-iso'), ...args]);
    const formatted = await run([
      'report',
      '--input',
      join(dir, 'orders-dmy.csv'),
      '--out-dir',
      join(dir, 'report-dmy'),
      '--date-format',
      'DD/MM/YYYY',
      ...args,
    ]);
    expect([iso.code, formatted.code], formatted.stderr).toEqual([0, 0]);
    expect(readFileSync(join(dir, 'report-dmy', 'report.md'), 'utf8')).toBe(readFileSync(join(dir, 'report-iso', 'report.md'), 'utf8'));
    // without the format the dates are refused, by file line
    const plain = await run(['report', '--input', join(dir, 'orders-dmy.csv'), '--out-dir', join(dir, 'report-plain'), ...args]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/line 2, column "date"/);
    // an unknown format is named with the ones there are
    expect(
      (await run(['report', '--input', join(dir, 'orders-dmy.csv'), '--out-dir', join(dir, 'report-x'), '--date-format', 'D/M/Y', ...args])).stderr,
    ).toContain('--date-format must be one of iso, YYYYMMDD');
  });

  it('--timezone puts a timestamp with an offset on its day in the zone; the rest keep the day as written', async () => {
    const file = join(dir, 'stamps.csv');
    writeFileSync(file, 'customer,date,amount\na,2024-03-10T04:30:00Z,1\nb,2024-03-10 23:30:00+01:00,2\nc,2024-03-10,3\nd,2024-03-10 01:00,4\n');
    const read = (options: Record<string, string>) => readInputColumns(argsOf('report', options), file, ['amount'], ['customer'], ['date']);
    expect((await read({})).date).toEqual(['2024-03-10T04:30:00Z', '2024-03-10 23:30:00+01:00', '2024-03-10', '2024-03-10 01:00']);
    expect((await read({ timezone: 'America/New_York' })).date).toEqual(['2024-03-09', '2024-03-10', '2024-03-10', '2024-03-10']);
    expect((await read({ timezone: 'Asia/Tokyo' })).date).toEqual(['2024-03-10', '2024-03-11', '2024-03-10', '2024-03-10']);
    const bad = await run([
      'report',
      '--input',
      file,
      '--customer',
      'customer',
      '--date',
      'date',
      '--amount',
      'amount',
      '--out-dir',
      join(dir, 'r-tz'),
      '--timezone',
      'Mars/Olympus',
    ]);
    expect(bad.stderr).toContain('"Mars/Olympus" is not a time zone');
  });

  it('--id-type number reads the customer ids as numbers (007 is 7); text, the default, keeps them apart', async () => {
    const file = join(dir, 'ids.csv');
    writeFileSync(file, 'customer,date,amount\n007,2024-01-01,1\n7,2024-01-02,2\n8,2024-01-03,3\n');
    const text = await readInputColumns(argsOf('report', {}), file, ['amount'], ['customer'], ['date']);
    expect(text.customer).toEqual(['007', '7', '8']);
    const numbers = await readInputColumns(argsOf('report', { 'id-type': 'number' }), file, ['amount', 'customer'], [], ['date']);
    expect(Array.from(numbers.customer as Float64Array)).toEqual([7, 7, 8]);
    expect(
      (
        await run([
          'report',
          '--input',
          file,
          '--customer',
          'customer',
          '--date',
          'date',
          '--amount',
          'amount',
          '--out-dir',
          join(dir, 'r-id'),
          '--id-type',
          'uuid',
        ])
      ).stderr,
    ).toContain('--id-type must be text or number');
  });
});

describe('customer-value: a column missing from the header', () => {
  it.each([
    ['fit', (file: string) => ['fit', '--kind', 'valuePyramid', '--spec', join(dir, 'spec.json'), '--input', file]],
    ['report', (file: string) => ['report', '--input', file, '--customer', 'id', '--date', 'date', '--amount', 'profit', '--out-dir', join(dir, 'r-missing')]],
    ['score', (file: string) => ['score', '--model', join(dir, 'model.json'), '--input', file, '--output', join(dir, 'scored-missing.csv')]],
  ])('%s: lists the header found and suggests the one delimiter that would split it', async (_command, args) => {
    const file = join(dir, 'semicolons.csv');
    writeFileSync(file, 'id;date;profit\nc1;2024-01-01;5\n');
    const { code, stderr } = await run(args(file));
    expect(code).toBe(1);
    expect(stderr).toContain('missing from the header; with delimiter "," the header has one field, "id;date;profit"');
    expect(stderr).toContain('is the delimiter ";"?');
    // no hint when no other delimiter would give the column
    writeFileSync(file, 'id,date,amount\nc1,2024-01-01,5\n');
    const other = await run(args(file));
    expect(other.stderr).toContain('the header has 3 fields: "id", "date", "amount"');
    expect(other.stderr).not.toContain('is the delimiter');
  });
});

describe('customer-value: a field on no line of an NDJSON input', () => {
  it('report names it with the fields the lines have', async () => {
    const file = join(dir, 'no-customer.ndjson');
    writeFileSync(file, '{"client":"a","date":"2024-01-01","amount":1}\n');
    const { code, stderr } = await run([
      'report',
      '--input',
      file,
      '--customer',
      'customer',
      '--date',
      'date',
      '--amount',
      'amount',
      '--out-dir',
      join(dir, 'r-nd'),
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('1 field is on no line of');
    expect(stderr).toMatch(/the lines have ("(client|date|amount)"(, )?){3}\n/);
  });
});

describe('customer-value: errors name file lines', () => {
  it('fit names the line of an empty cell, counting a quoted record over two lines and a blank line', async () => {
    const file = join(dir, 'lines.csv');
    // line 1 header; 2-3 one quoted record; 4 blank; 5 ok; 6 the empty profit
    writeFileSync(file, 'id,profit\n"c\n1",5\n\nc2,7\nc3,\nc4,9\n');
    const { code, stderr } = await run(['fit', '--kind', 'valuePyramid', '--spec', join(dir, 'spec.json'), '--input', file]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/line 6, column "profit"/);
    expect(stderr).not.toMatch(/row 2\b/);
  });

  it('a ragged or badly quoted line is named as a line (the readers give line numbers, never rows, for the file)', async () => {
    const file = join(dir, 'ragged.csv');
    writeFileSync(file, 'id,profit\n"c\n1",5\nc2,7,8\n');
    const ragged = await run(['fit', '--kind', 'valuePyramid', '--spec', join(dir, 'spec.json'), '--input', file]);
    expect(ragged.stderr).toContain('line 4: expected 2 fields, as the header has, got 3 fields');
    writeFileSync(file, 'id,profit\nc1,5\nc"2,7\n');
    const quote = await run(['fit', '--kind', 'valuePyramid', '--spec', join(dir, 'spec.json'), '--input', file]);
    expect(quote.stderr).toMatch(/✖ line 3, column "id"/);
  });

  it('report names the line of a bad date, the same from CSV and from NDJSON', async () => {
    writeFileSync(join(dir, 'bad-date.csv'), 'customer,note,date,amount\na,"two\nlines",2024-01-01,1\nb,x,2024-13-01,2\n');
    writeFileSync(join(dir, 'bad-date.ndjson'), '{"customer":"a","date":"2024-01-01","amount":1}\n\n\n{"customer":"b","date":"2024-13-01","amount":2}\n');
    for (const file of ['bad-date.csv', 'bad-date.ndjson']) {
      const { code, stderr } = await run([
        'report',
        '--input',
        join(dir, file),
        '--customer',
        'customer',
        '--date',
        'date',
        '--amount',
        'amount',
        '--out-dir',
        join(dir, 'r-bad'),
      ]);
      expect(code).toBe(1);
      expect(stderr, file).toMatch(/line 4, column "date"/);
    }
  });
});

describe('customer-value fit and report: progress and summary', () => {
  it('on a terminal, fit shows each stage with rows and rows/s; a one-line summary always', async () => {
    const args = [
      'fit',
      '--kind',
      'valuePyramid',
      '--spec',
      join(dir, 'spec.json'),
      '--input',
      join(dir, 'customers.csv'),
      '--output',
      join(dir, 'fit-progress.json'),
    ];
    const tty = await run(args, true);
    expect(tty.stderr).toMatch(/customer-value fit: read 40 rows in \d+\.\d s \([\d,]+ rows\/s\)\n/);
    expect(tty.stderr).toMatch(/customer-value fit: fitted valuePyramid on 40 rows in/);
    const quiet = await run(args);
    expect(quiet.stderr).toBe('customer-value fit: valuePyramid fitted on 40 rows\n');
  });

  it('on a terminal, report shows the read and each stage of the analysis; the summary always', async () => {
    const args = [
      'report',
      '--input',
      join(dir, 'orders.csv'),
      '--customer',
      'customer',
      '--date',
      'date',
      '--amount',
      'amount',
      '--out-dir',
      join(dir, 'report-progress'),
    ];
    const tty = await run(args, true);
    expect(tty.stderr).toMatch(/customer-value report: read 6,000 rows in .* rows\/s\)\n/);
    // then one line per stage of the analysis (every stage: test/report/reportStages.test.ts)
    expect(tty.stderr).toMatch(/customer-value report: summary: \d+\.\d s, 6,000 rows in /);
    expect(tty.stderr).toMatch(/customer-value report: charts: \d+\.\d s, [\d,]+ rows in /);
    const quiet = await run(args);
    expect(quiet.stderr).toMatch(/^wrote .*report\.md and \d+ charts \(\d+ customers\) from 6,000 rows\n$/);
  });
});

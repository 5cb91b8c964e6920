import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/index.js';
import { runCli } from '../../src/node/index.js';
import { caught } from '../helpers/fixtures.js';

describe('parseCsv(text, { numbers }) names every bad cell of a numeric column', () => {
  it('gives the column, the file line and the value of a bad cell (lines counted through quoted newlines)', () => {
    const csv = 'id,note,amount\n1,"two\nlines",9.5\n2,x,NA\n3,y,\n4,z,0x1F\n';
    const error = caught(() => parseCsv(csv, { numbers: ['amount'] }));
    expect(error.code).toBe('invalid_value');
    expect(error.message.split('\n')[0]).toBe('parseCsv: 2 of 4 rows have invalid values');
    expect(error.issues.map((i: { line: number; row: number; column: string; received: string }) => [i.line, i.row, i.column, i.received])).toEqual([
      [4, 1, 'amount', '"NA"'],
      [6, 3, 'amount', '"0x1F"'],
    ]);
    expect(error.message).toContain('line 4, column "amount": expected a decimal number');
    // the same column is typed as text without the option (nothing is silently NaN)
    expect(parseCsv(csv).columns.amount).toEqual(['9.5', 'NA', null, '0x1F']);
    // empty cells are missing (NaN), leading zeros are fine in a numeric column
    expect(Array.from(parseCsv('a\n007\n\n1.5\n', { numbers: ['a'] }).columns.a as Float64Array)).toEqual([7, 1.5]);
  });

  it('lists the first ten bad cells and counts the rest; an absent column is missing_column', () => {
    const lines = ['amount', ...Array.from({ length: 25 }, (_, i) => (i % 2 === 0 ? 'n/a' : String(i)))];
    const error = caught(() => parseCsv(lines.join('\n'), { numbers: ['amount'] }));
    expect(error.issues).toHaveLength(10);
    expect(error.totalIssues).toBe(13);
    expect(error.issues[0]).toMatchObject({ line: 2, row: 0 });
    expect(error.message).toContain('… and 3 more');
    expect(caught(() => parseCsv('a\n1\n', { numbers: ['b'] })).code).toBe('missing_column');
  });
});

describe('the CLI names the one bad cell of a 5,000-row input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cv-na-'));
  // the first 5,000 CDNOW transactions with `NA` for the amount on file line 4,323
  const log = readFileSync('examples/data/cdnow_master.csv', 'utf8').trim().split('\n').slice(0, 5001);
  log[4322] = log[4322].replace(/,[^,]*$/, ',NA');
  writeFileSync(join(dir, 'log.csv'), `${log.join('\n')}\n`);
  // a 5,000-customer summary with `NA` for revenue on file line 4,323
  const summary = ['customer,frequency,revenue', ...Array.from({ length: 5000 }, (_, i) => `${i + 1},${i % 7},${i === 4321 ? 'NA' : 10 + (i % 97)}`)];
  writeFileSync(join(dir, 'summary.csv'), `${summary.join('\n')}\n`);
  writeFileSync(join(dir, 'pyramid.json'), JSON.stringify({ dimensions: [{ column: 'revenue' }, { column: 'frequency' }] }));

  const run = async (argv: string[]) => {
    const err: string[] = [];
    const code = await runCli(argv, { stdout: { write: () => true }, stderr: { write: (t: string) => err.push(t) } });
    return { code, message: err.join('') };
  };

  it('`report`: line 4,323 and "NA", not "5,000 of 5,000 rows"', async () => {
    const { code, message } = await run([
      'report',
      '--input',
      join(dir, 'log.csv'),
      '--out-dir',
      join(dir, 'out'),
      '--customer',
      'customer_id',
      '--date',
      'date',
      '--amount',
      'dollar_value',
    ]);
    expect(code).toBe(1);
    expect(message).toContain('1 of 5,000 rows has invalid values');
    expect(message).toContain('line 4,323, column "dollar_value"');
    expect(message).toContain('got "NA"');
    expect(message).not.toContain('5,000 of 5,000');
  });

  it("`fit`: the spec's columns are read as numbers and the bad cell is named", async () => {
    const { code, message } = await run([
      'fit',
      '--kind',
      'valuePyramid',
      '--spec',
      join(dir, 'pyramid.json'),
      '--input',
      join(dir, 'summary.csv'),
      '--output',
      join(dir, 'model.json'),
    ]);
    expect(code).toBe(1);
    expect(message).toContain('1 of 5,000 rows has invalid values');
    expect(message).toContain('line 4,323, column "revenue"');
    expect(message).toContain('got "NA"');
  });
});

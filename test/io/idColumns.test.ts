import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, summarizeTransactions } from '../../src/index.js';
import { hasLeadingZero, parseNumberText } from '../../src/internal/numberText.js';
import { readCsvFile, runCli } from '../../src/node/index.js';
import { caught } from '../helpers/fixtures.js';

// Two 19-digit ids differing only in the last digit: as doubles both are 1234567890123456768.
const BIG_A = '1234567890123456789';
const BIG_B = '1234567890123456788';
const spec = { customer: 'id', date: 'date', amount: 'amount', observationEnd: '2024-03-31', timeUnit: 'day' } as const;

describe('parseCsv(text) column typing never loses information', () => {
  it('keeps 19-digit ids differing in the last digit as two distinct texts', () => {
    expect(Number(BIG_A)).toBe(Number(BIG_B)); // the witness: a double cannot tell them apart
    const { columns } = parseCsv(`id,amount\n${BIG_A},1\n${BIG_B},2\n`);
    expect(columns.id).toEqual([BIG_A, BIG_B]);
    expect(Array.from(columns.amount as Float64Array)).toEqual([1, 2]);
  });

  it('keeps ids with a leading zero as text, so 007 and 7 stay apart', () => {
    const { columns } = parseCsv('id,code,price\n007,-01,0.5\n7,2,00.5\n8,3,1\n');
    expect(columns.id).toEqual(['007', '7', '8']);
    expect(columns.code).toEqual(['-01', '2', '3']);
    expect(columns.price).toEqual(['0.5', '00.5', '1']);
  });

  it('types a column as numbers only inside the one grammar (no hex, Infinity or fraction-written big integers)', () => {
    const { columns } = parseCsv('a,b,c,d,e,f\n0x1F,Infinity,9007199254740993.0,1e300, 12 ,0\n1,2,3,4,5,0.25\n');
    expect(columns.a).toEqual(['0x1F', '1']);
    expect(columns.b).toEqual(['Infinity', '2']);
    expect(columns.c).toEqual(['9007199254740993.0', '3']);
    expect(Array.from(columns.d as Float64Array)).toEqual([1e300, 4]);
    expect(Array.from(columns.e as Float64Array)).toEqual([12, 5]);
    expect(Array.from(columns.f as Float64Array)).toEqual([0, 0.25]);
  });

  it('agrees cell by cell with the rule stated on the shared grammar (20,000 random cells)', () => {
    // the rule, written directly on numberText: in the grammar, no leading zero, no written-out integer beyond 2^53
    const rule = (cell: string) => {
      const v = parseNumberText(cell);
      if (v !== v || hasLeadingZero(cell)) return cell;
      if (Math.abs(v) > Number.MAX_SAFE_INTEGER && !/[eE]/.test(cell)) return cell;
      return v;
    };
    const alphabet = ['0', '0', '1', '7', '9', '.', '-', '+', 'e', ' ', 'x', '9007199254740993'];
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const mismatches: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      let cell = '';
      const length = 1 + Math.floor(next() * 6);
      for (let j = 0; j < length; j++) cell += alphabet[Math.floor(next() * alphabet.length)];
      if (cell.trim() === '') continue;
      const column = parseCsv(`a\n${cell}\n`).columns.a;
      const got = column instanceof Float64Array ? column[0] : (column[0] as string);
      if (!Object.is(got, rule(cell))) mismatches.push(JSON.stringify(cell));
    }
    expect(mismatches).toEqual([]);
  });

  it('still types 2^53 itself and plain counts as numbers', () => {
    const { columns } = parseCsv('n\n9007199254740991\n-9007199254740991\n0\n');
    expect(Array.from(columns.n as Float64Array)).toEqual([9007199254740991, -9007199254740991, 0]);
  });
});

describe('customer keys: ids are exact, unsafe number ids are refused', () => {
  it('summarizeTransactions keeps 007 and 7, and two 19-digit ids, as distinct customers from parseCsv', () => {
    const csv = `id,date,amount\n007,2024-01-01,10\n7,2024-01-02,20\n${BIG_A},2024-01-03,30\n${BIG_B},2024-01-04,40\n007,2024-01-05,5\n`;
    const summary = summarizeTransactions(parseCsv(csv).columns, spec);
    expect(summary.customer).toEqual(['007', '7', BIG_A, BIG_B]);
    expect(Array.from(summary.revenue)).toEqual([15, 20, 30, 40]);
  });

  it('refuses a number id beyond 2^53 with its row, value and a hint to pass strings', () => {
    const error = caught(() =>
      summarizeTransactions({ id: [1, Number(BIG_A), Number(BIG_B)], date: ['2024-01-01', '2024-01-02', '2024-01-03'], amount: [1, 2, 3] }, spec),
    );
    expect(error.code).toBe('invalid_value');
    expect(error.issues[0]).toMatchObject({ function: 'summarizeTransactions', column: 'id', row: 1, received: '1234567890123456800' });
    expect(error.issues[0].hint).toContain('pass ids as strings');
    expect(error.totalIssues).toBe(2);
    // in a typed array too
    expect(caught(() => summarizeTransactions({ id: Float64Array.of(2 ** 60), date: ['2024-01-01'], amount: [1] }, spec)).issues[0]).toMatchObject({
      row: 0,
      column: 'id',
    });
  });

  it('keys bigint ids by their exact decimal text', () => {
    const summary = summarizeTransactions(
      { id: [BigInt(BIG_A), BigInt(BIG_B), BigInt(BIG_A)], date: ['2024-01-01', '2024-01-02', '2024-01-03'], amount: [1, 2, 3] },
      spec,
    );
    expect(summary.customer).toEqual([BIG_A, BIG_B]);
    expect(Array.from(summary.revenue)).toEqual([4, 2]);
  });
});

describe('readCsvFile and the CLI read ids as text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cv-ids-'));
  // The first 6,000 CDNOW transactions with customers 1, 2, 3 and 42 renamed to 007, two 19-digit
  // ids differing in the last digit, and 0042: read as numbers, 007 would merge with customer 7,
  // 0042 would become 42 again, and the 19-digit pair would merge with each other.
  const cdnow = readFileSync('examples/data/cdnow_master.csv', 'utf8').trim().split('\n').slice(0, 6001);
  const rename: Record<string, string> = { '1': '007', '2': BIG_A, '3': BIG_B, '42': '0042' };
  const rows = cdnow.map((line, i) => {
    if (i === 0) return 'id,date,cds,amount';
    const [id, ...rest] = line.split(',');
    return [rename[id] ?? id, ...rest].join(',');
  });
  const distinct = new Set(cdnow.slice(1).map((line) => line.split(',')[0])).size;
  const file = join(dir, 'log.csv');
  writeFileSync(file, `${rows.join('\n')}\n`);

  it('readCsvFile keeps the id column as text', async () => {
    const { columns } = await readCsvFile(file);
    expect(columns.id).toContain('007');
    expect(new Set(columns.id as string[]).size).toBe(distinct);
  });

  it('`customer-value report` counts every distinct id as its own customer (CSV and NDJSON)', async () => {
    const err: string[] = [];
    const io = { stdout: { write: () => true }, stderr: { write: (t: string) => err.push(t) } };
    const args = ['--customer', 'id', '--date', 'date', '--amount', 'amount', '--observation-end', '1997-09-30'];
    expect(await runCli(['report', '--input', file, '--out-dir', join(dir, 'csv'), ...args], io), err.join('')).toBe(0);
    expect(err.join('')).toContain(`(${distinct} customers)`);
    // NDJSON with the ids as JSON strings: the same customers, the same report
    const lines = rows.slice(1).map((line: string) => {
      const [id, date, cds, amount] = line.split(',');
      return JSON.stringify({ id, date: Number(date), cds: Number(cds), amount: Number(amount) });
    });
    writeFileSync(join(dir, 'log.ndjson'), `${lines.join('\n')}\n`);
    err.length = 0;
    expect(await runCli(['report', '--input', join(dir, 'log.ndjson'), '--out-dir', join(dir, 'ndjson'), ...args], io), err.join('')).toBe(0);
    expect(err.join('')).toContain(`(${distinct} customers)`);
    expect(readFileSync(join(dir, 'ndjson', 'report.md'), 'utf8')).toBe(readFileSync(join(dir, 'csv', 'report.md'), 'utf8'));
  });
});

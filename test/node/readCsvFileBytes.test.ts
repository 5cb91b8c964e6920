import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, type CsvColumns, type ParseCsvOptions } from '../../src/index.js';
import { csvFileColumns } from '../../src/internal/csvFileColumns.js';
import { parseCsvOptions } from '../../src/internal/parseCsvOptions.js';
import { readCsvFile } from '../../src/node/index.js';

// The witness: readCsvFile's byte path must return exactly what parseCsv returns for the file's
// decoded text (the text path, which was readCsvFile itself before the byte path), bit for bit
// (-0, NaN), and throw exactly its errors.
const dir = mkdtempSync(join(tmpdir(), 'cv-read-csv-bytes-'));
let files = 0;

function write(content: string | Buffer): string {
  const path = join(dir, `f${files++}.csv`);
  writeFileSync(path, content);
  return path;
}

/** Columns with every double as its 8 bytes, so -0 and 0 (and NaN payloads) differ. */
function exact(result: CsvColumns): unknown {
  const columns: Record<string, unknown> = {};
  for (const name of result.names) {
    const column = result.columns[name];
    columns[name] = column instanceof Float64Array ? { f64: Buffer.from(column.buffer, column.byteOffset, column.byteLength).toString('hex') } : column;
  }
  return { columns, keys: Object.keys(result.columns), names: result.names, rowCount: result.rowCount, lines: Array.from(result.lines) };
}

async function outcome(run: () => Promise<CsvColumns> | CsvColumns): Promise<unknown> {
  try {
    return exact(await run());
  } catch (error) {
    const e = error as { code?: string; message: string; issues?: unknown };
    return { code: e.code, message: e.message.replace(/^parseCsv: /, ''), issues: e.issues };
  }
}

/** Both paths on one file: equal outcomes; returns whether the byte path answered (no fallback). */
async function same(content: string | Buffer, options: ParseCsvOptions = {}): Promise<boolean> {
  const path = write(content);
  const ours = await outcome(() => readCsvFile(path, options));
  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(readFileSync(path));
  } catch {
    text = undefined; // not UTF-8: readCsvFile names the line (its own test pins the line)
  }
  if (text === undefined) expect(ours).toMatchObject({ code: 'invalid_value', message: expect.stringContaining('is not valid UTF-8') as unknown });
  else expect(ours, JSON.stringify(String(content))).toEqual(await outcome(() => parseCsv(text, options)));
  let o;
  try {
    o = parseCsvOptions(options);
  } catch {
    return false;
  }
  return (await csvFileColumns(path, o)) !== undefined;
}

describe('readCsvFile(path, options): the byte path equals parseCsv on the decoded text', () => {
  const fast: [string, string | Buffer, ParseCsvOptions?][] = [
    ['plain numbers', 'a,b\n1,2.5\n-3,4e2\n'],
    ['CRLF line ends', 'a,b\r\n1,2\r\n3,4\r\n'],
    ['lone CR line ends, mixed', 'a,b\r1,2\n3,4\r\n5,6\r'],
    ['a BOM', '\ufeffa,b\n1,2\n'],
    ['a second BOM stays in the text', '\ufeff\ufeffa,b\n1,2\n'],
    ['no final line break', 'a,b\n1,2\n3,4'],
    ['empty fields and empty lines', 'a,b\n\n1,\n,2\n\r\n\n3,4\n\n'],
    ['empty lines before the header', '\n\r\na,b\n1,2\n'],
    ['quoted fields with delimiters, doubled quotes, line breaks', 'id,note,n\n"007","a, ""b""\r\nc",1\n"8","",2\n9,"x\ry",3\n'],
    ['quoted numbers', 'a,b\n"1.5","-0"\n"2",""\n'],
    ['leading zeros make text', 'id,n\n007,1\n7,2\n'],
    ['a leading zero late in the file makes text', `id,n\n${Array.from({ length: 500 }, (_, i) => `${i + 1},${i}`).join('\n')}\n0042,1\n`],
    ['-0, +0, 0.0, -0.0e5', 'a\n-0\n+0\n0.0\n-0.0e5\n'],
    ['integers at and beyond 2^53', 'a,b,c\n9007199254740991,9007199254740993,1\n-9007199254740991,1,9007199254740993.0\n'],
    ['huge and tiny exponents', 'a\n1e308\n1e-320\n4.9e-324\n1.7976931348623157e308\n1E+22\n1e23\n123456789012345e-22\n'],
    ['an exponent beyond a double makes text', 'a\n1e400\n2\n'],
    ['more than 15 digits', 'a\n0.1234567890123456789\n12345678901234567\n3.14159265358979323846\n'],
    ['padding and tabs', 'a,b\n 1 ,\t2\t\n3,4\n'],
    ['missing words are text', 'a,b\nNA,1\nnull,2\n,3\n'],
    ['hex, Infinity and NaN are text', 'a,b,c\n0x1F,Infinity,NaN\n1,2,3\n'],
    ['odd numbers', 'a,b,c,d\n1.,.5,-.5,+7\n5.e3,.5E-2,-0e-0,00.5\n'],
    ['non-ASCII text', 'name,n\nZoë,1\n"東京, 日本",2\n😀,3\n'],
    ['a delimiter option', 'a;b\n1;2,5\n', { delimiter: ';' }],
    ['a decimal comma', 'a;b\n1;2,5\n-3,5;1,2e3\n"7,5";\n', { delimiter: ';', decimal: ',' }],
    ['text and numbers options', 'id,n,m\n1,2,3\n2, 4 ,05\n', { text: ['id'], numbers: ['n', 'm'] }],
    ['a header alone', 'a,b\n'],
    ['one column with empty quoted cells', 'a\n""\n1\n'],
    ['a unicode header', 'ä,"b ""q"""\n1,2\n'],
  ];
  it.each(fast)('%s', async (_, content, options) => {
    expect(await same(content, options)).toBe(true);
  });

  const reported: [string, string | Buffer, ParseCsvOptions?][] = [
    ['a ragged line', 'a,b\n1,2\n3\n4,5,6\n'],
    ['a quote inside an unquoted field', 'a,b\n1,x"y\n'],
    ['text after a closing quote', 'a,b\n1,"x"y\n'],
    ['an unterminated quote', 'a,b\n1,"x\n2,3\n'],
    ['a duplicate header', 'a,a\n1,2\n'],
    ['an empty header name', 'a,\n1,2\n'],
    ['an empty file', ''],
    ['only empty lines', '\n\n'],
    ['a bad cell in a numbers column', 'a,b\n1,x\n2,3\n', { numbers: ['b'] }],
    ['a numbers column the header lacks', 'a,b\n1,2\n', { numbers: ['c'] }],
    ['a field over maxFieldSize', 'a,b\n1,12345\n', { maxFieldSize: 3 }],
    ['a record over maxRecordSize', 'a,b\n1,2345\n', { maxRecordSize: 4 }],
    ['invalid UTF-8', Buffer.concat([Buffer.from('a,b\n1,'), Buffer.from([0xff]), Buffer.from('\n')])],
    ['bad options', 'a,b\n1,2\n', { text: ['a'], numbers: ['a'] }],
  ];
  it.each(reported)('%s: the text path reports it, word for word', async (_, content, options) => {
    expect(await same(content, options)).toBe(false);
  });

  it('a field of multi-byte characters within maxFieldSize characters but not bytes is read (by the text path)', async () => {
    expect(await same('a\nééé\n', { maxFieldSize: 3 })).toBe(false);
    expect((await readCsvFile(write('a\nééé\n'), { maxFieldSize: 3 })).columns.a).toEqual(['ééé']);
  });

  it('records cut anywhere by the 1 MiB reads: a long quoted field, CRLF and CR at chunk edges', async () => {
    const row = (i: number) => `${i},"${'x'.repeat(i % 7)}\r\n${i}",${(i * 0.37).toFixed(3)}${i % 3 === 0 ? '\r' : i % 3 === 1 ? '\r\n' : '\n'}`;
    let body = 'id,note,v\n';
    for (let i = 0; body.length < 9 << 20; i++) body += row(i);
    body += `1,"${'q'.repeat(300_000)}",2\n`;
    expect(await same(body)).toBe(true);
  });

  it('more rows than the first MiB suggests (the columns grow), and fewer (a view or a copy)', async () => {
    let body = 'id,note,v\n';
    for (let i = 0; body.length < 5 << 20; i++) body += `${i},${'n'.repeat(400)},${i / 8}\n`;
    const short = body + Array.from({ length: 400_000 }, (_, i) => `${i},,-${i}.5\n`).join('');
    expect(await same(short)).toBe(true);
    const long =
      Array.from({ length: 100_000 }, (_, i) => `${i},,${i}\n`).join('') + Array.from({ length: 12 }, (_, i) => `${i},${'n'.repeat(500_000)},2\n`).join('');
    expect(await same('id,note,v\n' + long)).toBe(true);
    const trailing = 'a,b\n1,2\n' + '\n'.repeat(1000);
    expect(await same(trailing)).toBe(true);
  });

  it('random CSVs of tricky cells (fast-check)', async () => {
    const cell = fc.constantFrom(
      '',
      '0',
      '-0',
      '007',
      '1',
      '12.50',
      '-3.5',
      '.5',
      '1e5',
      '-2.5E-3',
      '9007199254740993',
      '1e400',
      'NA',
      ' 4 ',
      '"1,5"',
      '"a""b"',
      '"x\ny"',
      'Zoë',
      '0x10',
      '12345678901234567',
      '1.',
    );
    const eol = fc.constantFrom('\n', '\r\n', '\r');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(fc.array(cell, { minLength: 4, maxLength: 4 }), eol), { maxLength: 30 }),
        async (width, rows) => {
          const header = ['a', 'b', 'c', 'd'].slice(0, width).join(',');
          await same(header + '\n' + rows.map(([cells, end]) => cells.slice(0, width).join(',') + end).join(''));
        },
      ),
      { numRuns: 300 },
    );
  });
});

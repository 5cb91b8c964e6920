import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsvColumns, ParseCsvOptions } from '../../src/index.js';
import { csvFileColumns, csvPartColumns } from '../../src/internal/csvFileColumns.js';
import { csvFileColumnsParallel } from '../../src/internal/csvFileColumnsParallel.js';
import { parseCsvOptions } from '../../src/internal/parseCsvOptions.js';
import { csvPartWorker, readCsvFile } from '../../src/node/readCsvFile.js';

// The witness: the one-thread parse. readCsvFile on 1..4 threads must return exactly its columns
// (every double as its 8 bytes), lines and text cells, and throw exactly its errors (line, row),
// wherever the split points fall: inside a quoted field, inside a CRLF, on an empty line, in a
// quoted line break, in parts with no record at all.
const dir = mkdtempSync(join(tmpdir(), 'cv-read-csv-threads-'));
let files = 0;
function write(content: string | Buffer): string {
  const path = join(dir, `f${files++}.csv`);
  writeFileSync(path, content);
  return path;
}

function exact(result: CsvColumns | undefined): unknown {
  if (result === undefined) return undefined;
  const columns: Record<string, unknown> = {};
  for (const name of result.names) {
    const column = result.columns[name];
    columns[name] = column instanceof Float64Array ? { f64: Buffer.from(column.buffer, column.byteOffset, column.byteLength).toString('hex') } : column;
  }
  return { columns, keys: Object.keys(result.columns), names: result.names, rowCount: result.rowCount, lines: Array.from(result.lines) };
}

/** Parts parsed here, one after another (the workers' contract, without the workers). */
const here = (task: Parameters<typeof csvPartColumns>[0]) => csvPartColumns(task);

/** The parallel byte path with `parts` parts of at least `minPartBytes` equals the one-thread byte path (both `undefined`, or the same columns). */
async function sameInParts(content: string | Buffer, options: ParseCsvOptions = {}, minPartBytes = 1): Promise<CsvColumns | undefined> {
  const path = write(content);
  const o = parseCsvOptions(options);
  const one = await csvFileColumns(path, o);
  for (let parts = 2; parts <= 4; parts++) {
    expect(exact(await csvFileColumnsParallel(path, o, parts, here, minPartBytes)), `${parts} parts of ${JSON.stringify(String(content))}`).toEqual(exact(one));
  }
  return one;
}

describe('csvFileColumnsParallel(path, o, parts, run): the parts stitched are the one-thread parse', () => {
  const cases: [string, string | Buffer, ParseCsvOptions?][] = [
    ['plain numbers', 'a,b\n1,2.5\n-3,4e2\n5,6\n7,8\n9,10\n'],
    ['CRLF line ends (a split between CR and LF)', 'a,b\r\n1,2\r\n3,4\r\n5,6\r\n7,8\r\n'],
    ['lone CR line ends, mixed', 'a,b\r1,2\n3,4\r\n5,6\r7,8\r'],
    ['a BOM', '\ufeffa,b\n1,2\n3,4\n5,6\n'],
    ['quoted line breaks straddling every split point', 'id,note,n\n1,"a\nb\nc\nd\ne\nf",1\n2,"x\r\ny\rz",2\n3,"\n\n\n",3\n'],
    ['a part boundary inside a long quoted field', `id,note\n1,"${'q,\n'.repeat(40)}"\n2,"${'"",'.repeat(30)}"\n3,x\n`],
    ['empty lines everywhere', 'a,b\n\n\n1,2\n\n\r\n\n3,4\n\n\n\n5,6\n\n'],
    ['more parts than records (empty parts)', 'a\n1\n'],
    ['no final line break', 'a,b\n1,2\n3,4'],
    ['text columns and missing cells', 'id,name,n\n007,Zoë,1\n8,,2\n9,"東京, 日本",\n10,😀,4\n'],
    ['a column that turns text in a later part', `id,n\n${Array.from({ length: 40 }, (_, i) => `${i},${i}`).join('\n')}\n0042,1\n`],
    ['two columns turning text in different parts', `a,b,c\n1,2,3\n4,x,6\n7,8,9\n10,11,12\n13,14,y\n`],
    ['a decimal comma', 'a;b\n1;2,5\n-3,5;1,2e3\n"7,5";\n8;9\n', { delimiter: ';', decimal: ',' }],
    ['text and numbers options', 'id,n,m\n1,2,3\n2, 4 ,05\n3,4,5\n', { text: ['id'], numbers: ['n', 'm'] }],
    ['a header alone', 'a,b\n'],
    ['empty lines before the header', '\n\r\na,b\n1,2\n3,4\n'],
  ];
  it.each(cases)('%s', async (_, content, options) => {
    expect(await sameInParts(content, options)).toBeDefined();
  });

  const reported: [string, string][] = [
    ['a ragged line in the last part', 'a,b\n1,2\n3,4\n5,6\n7\n'],
    ['a ragged line in the first part', 'a,b\n1\n3,4\n5,6\n7,8\n'],
    ['an unterminated quote', 'a,b\n1,2\n3,"x\n4,5\n6,7\n'],
    ['a quote inside an unquoted field in the middle', 'a,b\n1,2\n3,x"y\n4,5\n6,7\n'],
    ['invalid UTF-8 in a later part', 'a,b\n1,2\n3,4\n5,\udcff\n6,7\n'],
  ];
  it.each(reported)('%s: undefined on every part count, as on one thread (the text path reports it)', async (_, content) => {
    expect(
      await sameInParts(content === reported[4][1] ? Buffer.concat([Buffer.from('a,b\n1,2\n3,4\n5,'), Buffer.from([0xff]), Buffer.from('\n6,7\n')]) : content),
    ).toBeUndefined();
  });

  it('a file smaller than the part size is read in one part (the one-thread reader)', async () => {
    const path = write('a,b\n1,2\n3,4\n');
    const o = parseCsvOptions({});
    let parts = 0;
    const counted: typeof here = (task) => {
      parts++;
      return here(task);
    };
    expect(exact(await csvFileColumnsParallel(path, o, 4, counted, 1 << 20))).toEqual(exact(await csvFileColumns(path, o)));
    expect(parts).toBe(0);
  });

  it('a part that gets more rows than set aside for it: the one-thread reader instead, same columns', async () => {
    // the first 256 KiB at each split point hold long rows, the rest short ones
    const long = (i: number) => `${i},${'n'.repeat(2000)},${i}\n`;
    const short = (i: number) => `${i},,${i}\n`;
    let body = 'id,note,v\n';
    for (let part = 0; part < 4; part++) {
      for (let i = 0; i < 150; i++) body += long(i);
      for (let i = 0; i < 60_000; i++) body += short(i);
    }
    await sameInParts(body, {}, 1 << 18);
  });

  it('random CSVs of tricky cells, split anywhere (fast-check)', async () => {
    const cell = fc.constantFrom(
      '',
      '0',
      '-0',
      '007',
      '1',
      '12.50',
      '-3.5',
      '1e400',
      'NA',
      '"1,5"',
      '"a""b"',
      '"x\ny"',
      '"\r\n"',
      'Zoë',
      '12345678901234567',
      'x"y',
    );
    const eol = fc.constantFrom('\n', '\r\n', '\r', '\n\n');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.tuple(fc.array(cell, { minLength: 3, maxLength: 3 }), eol), { maxLength: 25 }),
        fc.integer({ min: 1, max: 40 }),
        async (width, rows, minPartBytes) => {
          const header = ['a', 'b', 'c'].slice(0, width).join(',');
          await sameInParts(header + '\n' + rows.map(([cells, end]) => cells.slice(0, width).join(',') + end).join(''), {}, minPartBytes);
        },
      ),
      { numRuns: 300 },
    );
  });
});

const built = fileURLToPath(new URL('../../dist/csvPartWorker.js', import.meta.url));
describe.skipIf(!existsSync(built))('readCsvFile(path, { threads }) on workers (the built worker)', () => {
  const saved = { ...csvPartWorker };
  beforeAll(() => {
    csvPartWorker.file = built;
    csvPartWorker.minPartBytes = 1 << 12;
  });
  afterAll(() => Object.assign(csvPartWorker, saved));

  async function outcome(path: string, options: Parameters<typeof readCsvFile>[1]): Promise<unknown> {
    try {
      return exact(await readCsvFile(path, options));
    } catch (error) {
      const e = error as { code?: string; message: string; issues?: unknown };
      return { code: e.code, message: e.message, issues: e.issues };
    }
  }

  /** 2,000 rows of ~20 bytes: four parts of 4 KiB or more at 4 threads. */
  function body(bad: (row: number) => string | undefined, eol = '\n'): string {
    let text = '\ufeffid,note,v' + eol;
    for (let i = 0; i < 2000; i++) text += (bad(i) ?? `${i},"${i % 50 === 0 ? 'a\nb' : 'x'}",${(i * 0.37).toFixed(3)}`) + eol;
    return text;
  }

  it('columns bit-identical to one thread on 1..4 threads (BOM, CRLF, quoted line breaks)', async () => {
    for (const eol of ['\n', '\r\n']) {
      const path = write(body(() => undefined, eol));
      const one = await outcome(path, { threads: 1 });
      expect(one).toMatchObject({ rowCount: 2000 });
      for (let threads = 2; threads <= 4; threads++) expect(await outcome(path, { threads })).toEqual(one);
    }
  });

  it('a bad value in each part is named with the same line and row on 1..4 threads', async () => {
    for (const at of [10, 700, 1200, 1990]) {
      const path = write(body((i) => (i === at ? `${i},"x",oops` : undefined)));
      const one = await outcome(path, { threads: 1, numbers: ['v'] });
      expect(one).toMatchObject({ code: 'invalid_value' });
      expect(JSON.stringify(one)).toContain('oops');
      for (let threads = 2; threads <= 4; threads++) expect(await outcome(path, { threads, numbers: ['v'] })).toEqual(one);
    }
  });

  it('threads is checked at the door', async () => {
    await expect(readCsvFile(write('a\n1\n'), { threads: 0 })).rejects.toMatchObject({ code: 'invalid_spec' });
    // what it takes, as every Node function's threads says it (threadsOption)
    await expect(readCsvFile(write('a\n1\n'), { threads: 'all' as never })).rejects.toMatchObject({
      issues: [{ path: 'options.threads', expected: "a thread count: a whole number 1–256, or 'auto'", received: '"all"' }],
    });
  });
});

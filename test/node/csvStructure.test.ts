import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { CustomerValueError, parseCsv } from '../../src/index.js';
import { readCsvBatches } from '../../src/node/index.js';
import type { ColumnBatch } from '../../src/node/index.js';

// The structure of CSV text in both CSV readers: line ends (LF, CRLF, lone CR, mixed, cut by a
// chunk end), quoted fields holding line breaks, and the field/record limits that stop a stray
// quote from swallowing the file. The witness is the invariant: the same rows, values and file
// line numbers whatever the line ends and chunking; an error names the line of the stray quote.

interface Read {
  id: string[];
  n: number[];
  name: string[];
  lines: number[];
  rejects: [number, string][];
}

/** Split bytes into chunks of `size` (the last one shorter). */
function chunked(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

async function readStream(chunks: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>, options: Record<string, unknown> = {}): Promise<Read> {
  const out: Read = { id: [], n: [], name: [], lines: [], rejects: [] };
  for await (const b of readCsvBatches(Readable.from(chunks as Iterable<Buffer>), { numeric: ['n'], ...options }) as AsyncIterable<ColumnBatch>) {
    out.id.push(...(b.columns.id as string[]));
    out.n.push(...(b.columns.n as Float64Array));
    out.name.push(...(b.columns.name as string[]));
    out.lines.push(...b.lines);
    out.rejects.push(...b.rejects.map((r): [number, string] => [r.line, r.reason]));
  }
  return out;
}

function thrown(run: () => unknown): CustomerValueError {
  try {
    run();
  } catch (error) {
    return error as CustomerValueError;
  }
  throw new Error('expected an error');
}

async function thrownAsync(run: () => Promise<unknown>): Promise<CustomerValueError> {
  try {
    await run();
  } catch (error) {
    return error as CustomerValueError;
  }
  throw new Error('expected an error');
}

/** The same three records with every line-end style; the quoted last field is the CRLF trap. */
const body = (eol: string, trailing: boolean) => `id,n,name${eol}a,1,"x"${eol}b,2.5,"two${eol}lines"${eol}c,,"say ""hi"", ok"${trailing ? eol : ''}`;
const expected = { id: ['a', 'b', 'c'], n: [1, 2.5, Number.NaN], lines: [2, 3, 5] };

describe('readCsvBatches and parseCsv: line ends', () => {
  for (const [label, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ] as const) {
    for (const trailing of [true, false]) {
      const text = body(eol, trailing);
      it(`readCsvBatches reads ${label} line ends ${trailing ? 'with' : 'without'} a trailing line end, for every chunking`, async () => {
        const bytes = Buffer.from(text);
        for (const size of [1, 2, 3, 5, 8, 13, bytes.length]) {
          const read = await readStream(chunked(bytes, size));
          expect(read.rejects, `chunk size ${size}`).toEqual([]);
          expect(read.id).toEqual(expected.id);
          expect(read.n).toEqual(expected.n);
          expect(read.name).toEqual(['x', `two${eol}lines`, 'say "hi", ok']);
          expect(read.lines).toEqual(expected.lines);
        }
      });
      it(`parseCsv reads ${label} line ends ${trailing ? 'with' : 'without'} a trailing line end`, () => {
        const { columns, rowCount } = parseCsv(text, { text: ['id', 'name'] });
        expect(rowCount).toBe(3);
        expect(columns.id).toEqual(expected.id);
        expect(Array.from(columns.n as Float64Array)).toEqual(expected.n);
        expect(columns.name).toEqual(['x', `two${eol}lines`, 'say "hi", ok']);
      });
    }
  }

  it('readCsvBatches: a CRLF split across chunks, mixed line ends, blank lines and a BOM keep every row and its line', async () => {
    // lines: 1 header (CRLF), 2 row, 3 blank (CRLF), 4 row (LF), 5 blank (CR), 6–7 quoted CRLF, 8 bad number (CR), 9 row
    const text = '\ufeffid,n,name\r\na,1,"q"\r\n\r\nb,2,"r"\n\rc,3,"s\r\nt"\rd,x,"u"\re,5,v';
    const bytes = Buffer.from(text);
    for (const size of [1, 2, 3, 4, 7, bytes.length]) {
      const read = await readStream(chunked(bytes, size));
      expect(read.id, `chunk size ${size}`).toEqual(['a', 'b', 'c', 'e']);
      expect(read.n).toEqual([1, 2, 3, 5]);
      expect(read.name).toEqual(['q', 'r', 's\r\nt', 'v']);
      expect(read.lines).toEqual([2, 4, 6, 9]);
      expect(read.rejects).toEqual([[8, 'column "n": not a number: "x"']]);
    }
  });

  it('parseCsv: mixed line ends and blank lines give the same rows, and a later error names its file line', () => {
    const text = '\ufeffid,n,name\r\na,1,"q"\r\n\r\nb,2,"r"\n\rc,3,"s\r\nt"\rd,4,"u"\re,5,v';
    const { columns } = parseCsv(text, { text: ['id', 'name'] });
    expect(columns.id).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(columns.name).toEqual(['q', 'r', 's\r\nt', 'u', 'v']);
    // the ragged record after two multi-line quoted fields is on file line 6
    const error = thrown(() => parseCsv('id,name\n1,"a\nb"\n2,"c\r\nd"\r3,e,f\n'));
    expect(error).toBeInstanceOf(CustomerValueError);
    expect(error.issues[0].line).toBe(6);
    // a lone CR inside a quoted field is a line break too, as it is between records
    expect(thrown(() => parseCsv('id,name\n1,"a\rb"\n2,c,d\n')).issues[0].line).toBe(4);
  });
});

describe('readCsvBatches and parseCsv: a stray quote and the field/record limits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cv-csv-structure-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('readCsvBatches: a stray opening quote near the top of a 24 MB file fails naming its line and column, having read about the limit', async () => {
    const rows = Array.from({ length: 1_000_000 }, (_, i) => `c${i},${i % 977},name ${i}`);
    rows[2] = 'c2,5,"stray quote'; // file line 4
    const bytes = Buffer.from(`id,n,name\n${rows.join('\n')}\n`);
    expect(bytes.length).toBeGreaterThan(20e6);
    const path = join(dir, 'stray.csv');
    writeFileSync(path, bytes);
    // from a file path: the error names line 4 and the column
    const fromFile = await thrownAsync(async () => {
      for await (const _ of readCsvBatches(path, { numeric: ['n'] })) void _;
    });
    expect(fromFile).toBeInstanceOf(CustomerValueError);
    expect(fromFile.message).toContain('line 4 (column "name")');
    expect(fromFile.issues[0]).toMatchObject({ line: 4, column: 'name' });
    // from a stream of 64 KiB chunks: how many bytes were pulled before the error (bounded buffering)
    let pulled = 0;
    let peakRss = 0;
    let peakHeap = 0;
    async function* source() {
      for (const chunk of chunked(bytes, 1 << 16)) {
        pulled += chunk.length;
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed + m.arrayBuffers);
        yield chunk;
      }
    }
    const before = process.memoryUsage();
    const streamed = await thrownAsync(async () => {
      for await (const _ of readCsvBatches(source(), { numeric: ['n'] })) void _;
    });
    expect(streamed.message).toContain('runs past 1,048,576 bytes');
    expect(streamed.message).toContain('line 4');
    // the field limit (1 MiB) plus at most one chunk and the lines before it
    expect(pulled).toBeLessThanOrEqual((1 << 20) + 2 * (1 << 16));
    console.log(
      `stray quote in ${(bytes.length / 1e6).toFixed(1)} MB: pulled ${pulled} bytes; rss ${((peakRss - before.rss) / 1e6).toFixed(1)} MB above start, heap+buffers ${((peakHeap - before.heapUsed - before.arrayBuffers) / 1e6).toFixed(1)} MB above start`,
    );
  }, 60_000);

  it('readCsvBatches: fields and records up to the limits are read, one byte more is an error; limits are validated options', async () => {
    const field = 'x'.repeat(8);
    const ok = await readStream([`id,n,name\na,1,"${field.slice(2)}"""\nb,2,${field}\n`], { maxFieldSize: 8, maxRecordSize: 16 });
    expect(ok.name).toEqual(['xxxxxx"', field]);
    for (const [text, line] of [
      [`id,n,name\na,1,"${field}x"\n`, 2],
      [`id,n,name\na,1,b\nc,2,${field}x\n`, 3],
    ] as const) {
      const error = await thrownAsync(() => readStream([text], { maxFieldSize: 8, maxRecordSize: 100 }));
      expect(error).toBeInstanceOf(CustomerValueError);
      expect(error.issues[0]).toMatchObject({ line, column: 'name' });
    }
    const record = await thrownAsync(() => readStream(['id,n,name\na,1,b\n"cccc","1234","eeee"\n'], { maxFieldSize: 8, maxRecordSize: 16 }));
    expect(record.message).toContain('record on line 3 is longer than 16 bytes');
    for (const bad of [0, -1, 1.5, '1024', Number.NaN]) {
      await expect(readStream(['id,n,name\n'], { maxFieldSize: bad })).rejects.toMatchObject({ code: 'invalid_spec' });
      await expect(readStream(['id,n,name\n'], { maxRecordSize: bad })).rejects.toMatchObject({ code: 'invalid_spec' });
    }
  });

  it('readCsvBatches: long valid quoted fields split over many chunks are read whole, and later lines keep their numbers', async () => {
    // 900 KB fields of 9,000 lines each, under the 1 MiB limit, in 4 KiB chunks: the cut record is
    // gathered until its bytes double, never lost or cut short
    const long = Array.from({ length: 9000 }, (_, i) => `line ${i}, "q"`)
      .join('\r\n')
      .padEnd(900_000, 'x');
    const field = `"${long.replace(/"/g, '""')}"`;
    const text = `id,n,name\r\na,1,${field}\r\nb,2,${field}\r\nc,x,short\r\nd,4,${field}`;
    const read = await readStream(chunked(Buffer.from(text), 4096));
    expect(read.id).toEqual(['a', 'b', 'd']);
    expect(read.name.map((name) => name === long)).toEqual([true, true, true]);
    expect(read.lines).toEqual([2, 9002, 18003]);
    expect(read.rejects).toEqual([[18002, 'column "n": not a number: "x"']]);
  });

  it('readCsvBatches: a quote that swallows line breaks to the end is an error; a cut last line is a reject of that line', async () => {
    const swallowed = await thrownAsync(() => readStream(['id,n,name\na,1,x\nb,2,"oops\nc,3,y\nd,4,z\n']));
    expect(swallowed.issues[0]).toMatchObject({ line: 3, column: 'name' });
    const cut = await readStream(['id,n,name\na,1,x\nb,2,"cut off\n']);
    expect(cut.id).toEqual(['a']);
    expect(cut.rejects).toEqual([[3, 'unterminated quoted field at end of input']]);
  });

  it('readCsvBatches: a header with a stray quote fails instead of reading the file as its header', async () => {
    const error = await thrownAsync(() => readStream([`id,"n,name\n${'a,1,x\n'.repeat(100)}`]));
    expect(error.message).toContain('quote is never closed');
    const long = await thrownAsync(() => readStream([`id,"n,name\n${'a,1,x\n'.repeat(100)}`], { maxRecordSize: 64 }));
    expect(long.message).toContain('longer than options.maxRecordSize');
  });

  it('parseCsv: a stray opening quote near the top of a large text names its line and column', () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => `c${i},${i % 977},name ${i}`);
    rows[2] = 'c2,5,"stray quote';
    const error = thrown(() => parseCsv(`id,n,name\n${rows.join('\n')}\n`));
    expect(error).toBeInstanceOf(CustomerValueError);
    expect(error.message).toContain('line 4');
    expect(error.issues[0]).toMatchObject({ line: 4, column: 'name' });
    // under the limit the same stray quote is still an error naming line 4 (never closed)
    const small = thrown(() => parseCsv('id,n,name\na,1,x\nb,2,y\nc,5,"stray\nd,3,z\n'));
    expect(small.message).toContain('line 4');
    expect(small.issues[0]).toMatchObject({ line: 4, column: 'name' });
  });

  it('parseCsv: fields up to the limit are read, longer ones and malformed quoting are errors naming the line', () => {
    expect(parseCsv('id,name\na,"xxxxxx"""\n', { text: ['name'], maxFieldSize: 8 }).columns.name).toEqual(['xxxxxx"']);
    expect(thrown(() => parseCsv('id,name\na,"xxxxxxxxx"\n', { maxFieldSize: 8 })).issues[0]).toMatchObject({ line: 2, column: 'name' });
    expect(thrown(() => parseCsv('id,name\na,b\nc,xxxxxxxxx\n', { maxFieldSize: 8 })).issues[0]).toMatchObject({ line: 3, column: 'name' });
    expect(thrown(() => parseCsv('id,n\na,bbbb\nc,dddd\n', { maxRecordSize: 5 })).issues[0]).toMatchObject({ line: 2 });
    expect(thrown(() => parseCsv('id,name\na,b\nc,d"e\n')).issues[0]).toMatchObject({ line: 3, column: 'name' });
    expect(thrown(() => parseCsv('id,name\na,b\nc,"d"e\n')).issues[0]).toMatchObject({ line: 3, column: 'name' });
    for (const bad of [0, 1.5, '8']) expect(thrown(() => parseCsv('a\n1\n', { maxFieldSize: bad as number })).code).toBe('invalid_spec');
  });
});

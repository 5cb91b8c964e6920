import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compileScorer, fitValuePyramid } from '../../src/index.js';
import { seededRandom } from '../../src/internal/random.js';
import { csvFieldText, readCsvBatches, scoreStream, writeCsvBatches } from '../../src/node/index.js';
import type { ColumnBatch, CsvFieldColumn, ReadCsvBatchesOptions } from '../../src/node/index.js';

// readCsvBatches({ reuseBatches: true }) fills every batch into the same memory. Witness: the
// same reader without it (new memory per batch, checked against a plain RFC 4180 reference in
// csvParser.test.ts) — each batch, copied before the next is asked for, must be identical bit
// for bit: columns, line numbers, each row's line text and the rejects with their lines. Random
// files hold what breaks readers at chunk ends: a BOM, CRLF and lone-CR line ends, quoted fields
// with line breaks, doubled quotes and commas, empty lines, rejects (a non-number, a ragged
// line, a stray quote), pass-through ids; the bytes arrive in random chunks of 1–300 bytes, so
// CRLF pairs, quoted line breaks and numbers are cut at every kind of place.

function randomCsv(seed: number, rows: number): string {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random.uniform() * list.length)];
  const number = () =>
    pick([
      () => String(Math.floor(random.uniform() * 1e6) / 100),
      () => String(random.normal() * 10 ** Math.floor(random.uniform() * 30 - 15)),
      () => `${Math.floor(random.uniform() * 1e9)}.${Math.floor(random.uniform() * 1e9)}`,
      () => pick(['', '-0', '1e5', ' 12 ', '"3.5"', '007', '9007199254740993', 'oops', '1e400']),
    ])();
  const ids = ['C001', '"q, comma"', '"say ""hi"""', '"two\nlines"', '"cr\r\nlf"', 'ünï', '""', ''];
  const lines = ['id,amount,label,score'];
  for (let i = 0; i < rows; i++) {
    const end = pick(['', '', '', '\r']);
    const u = random.uniform();
    if (u < 0.02)
      lines.push(`${pick(ids)},${number()}${end}`); // ragged
    else if (u < 0.03)
      lines.push(`x,1,a"b,2${end}`); // a stray quote
    else lines.push(`${pick(ids)},${number()},${pick(ids)},${number()}${end}`);
    if (random.uniform() < 0.03) lines.push('');
  }
  return `${seed % 2 === 0 ? '\ufeff' : ''}${lines.join('\n')}\n`;
}

function chunked(bytes: Buffer, seed: number): Buffer[] {
  const random = seededRandom(seed);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = 1 + Math.floor(random.uniform() * 300);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

/** Each batch as plain data, taken before the next batch is asked for. */
async function snapshots(chunks: Buffer[], options: ReadCsvBatchesOptions) {
  const out: unknown[] = [];
  for await (const batch of readCsvBatches(Readable.from(chunks), options)) out.push(snapshot(batch));
  return out;
}

function snapshot(batch: ColumnBatch) {
  const columns = Object.fromEntries(
    batch.names.map((name) => {
      const column = batch.columns[name];
      if (column instanceof Float64Array) return [name, Buffer.from(column.buffer, column.byteOffset, column.byteLength).toString('hex')];
      if ((column as CsvFieldColumn).kind === 'csvFields') {
        const fields = column as CsvFieldColumn;
        return [name, Array.from({ length: batch.rowCount }, (_, i) => csvFieldText(fields, i))];
      }
      return [name, [...(column as string[])]];
    }),
  );
  return {
    columns,
    rowCount: batch.rowCount,
    lines: Array.from(batch.lines),
    texts: Array.from({ length: batch.rowCount }, (_, i) => batch.lineText(i)),
    rejects: batch.rejects.map((r) => ({ ...r })),
  };
}

describe('readCsvBatches(input, { reuseBatches: true })', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`gives batch for batch what new memory per batch gives (random file ${seed}, random chunks, batch sizes 1–65,536)`, async () => {
      const bytes = Buffer.from(randomCsv(seed, 1500));
      for (const batchSize of [1, 7, 100, 65_536]) {
        for (const roles of [{ text: ['id', 'label'] }, { text: [], passThrough: ['id', 'label'] }]) {
          const options = { numeric: ['amount', 'score'], batchSize, ...roles };
          const chunks = chunked(bytes, seed * 31 + batchSize);
          const fresh = await snapshots(chunks, options);
          const reused = await snapshots(chunks, { ...options, reuseBatches: true });
          expect(reused.length).toBeGreaterThan(batchSize === 65_536 ? 0 : 2);
          expect(reused).toEqual(fresh);
          // every input line is a row, a reject or an empty line
          const rows = fresh.reduce<number>((sum, b) => sum + (b as { rowCount: number }).rowCount, 0);
          expect(rows).toBeGreaterThan(1000);
        }
      }
    });
  }

  it('fills the next batch into the memory of the one before (and without the option, never)', async () => {
    const text = `id,x\n${Array.from({ length: 50 }, (_, i) => `c${i},${i}.5`).join('\n')}\n`;
    const buffers = async (reuseBatches: boolean) => {
      const seen: ArrayBufferLike[] = [];
      for await (const batch of readCsvBatches(Readable.from([text]), { numeric: ['x'], text: [], passThrough: ['id'], batchSize: 10, reuseBatches })) {
        seen.push((batch.columns.x as Float64Array).buffer, batch.lines.buffer, (batch.columns.id as CsvFieldColumn).bytes.buffer);
      }
      return seen;
    };
    const reused = await buffers(true);
    expect(new Set(reused).size).toBe(3);
    const fresh = await buffers(false);
    expect(new Set(fresh).size).toBe(fresh.length);
  });

  it('streams CSV → score → CSV to the same bytes as new memory per batch, on 1 and 2 threads', async () => {
    const pyramid = fitValuePyramid(
      { amount: Array.from({ length: 40 }, (_, i) => i * 3.5), score: Array.from({ length: 40 }, (_, i) => (i * 7) % 11) },
      {
        dimensions: [
          { column: 'amount', scale: 'none' },
          { column: 'score', scale: 'none' },
        ],
        tiers: { method: 'cumulativeShare' },
      },
    );
    const scorer = compileScorer({ pyramid });
    const chunks = chunked(Buffer.from(randomCsv(9, 3000)), 5);
    const run = async (reuseBatches: boolean, threads: number) => {
      const out: Buffer[] = [];
      const rejects: Buffer[] = [];
      const sink = (list: Buffer[]) => new Writable({ write: (chunk, _e, done) => (list.push(Buffer.from(chunk)), done()) });
      const batches = readCsvBatches(Readable.from(chunks), { numeric: scorer.inputs, text: [], passThrough: ['id'], batchSize: 64, reuseBatches });
      const counts = await writeCsvBatches(scoreStream(batches, scorer, { keep: ['id'] }), sink(out), sink(rejects), { threads });
      return { counts, out: Buffer.concat(out).toString(), rejects: Buffer.concat(rejects).toString() };
    };
    const expected = await run(false, 1);
    expect(expected.counts.rows).toBeGreaterThan(1000);
    expect(expected.counts.rejects).toBeGreaterThan(100);
    expect(await run(true, 1)).toEqual(expected);
    expect(await run(true, 2)).toEqual(expected);
  });
});

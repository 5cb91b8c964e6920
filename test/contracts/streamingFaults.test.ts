import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compileScorer, fitValuePyramid } from '../../src/index.js';
import { readCsvBatches, readNdjsonBatches, runCli, scoreStream, writeCsvBatches, writeNdjsonBatches } from '../../src/node/index.js';
import type { ColumnBatch } from '../../src/node/index.js';

// Faults in streaming: whatever breaks, counts reconcile (rows in = rows out + rejected), errors
// surface as errors (never a hang), and the command exits with its documented code.
const model = fitValuePyramid({ profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] }, { dimensions: [{ column: 'profit', transform: 'log1p' }] });
const scorer = compileScorer({ model });
const lines = Array.from({ length: 2000 }, (_, i) => `c${i},${(i * 7919) % 600}`);
const csv = `id,profit\n${lines.join('\n')}\n`;

async function drain(batches: AsyncIterable<ColumnBatch>) {
  const counts = { rowsIn: 0, rowsOut: 0, rejected: 0 };
  const rejects: string[] = [];
  for await (const b of scoreStream(batches, scorer, { keep: ['id'] }, counts)) rejects.push(...b.rejects.map((r) => r.reason));
  return { counts, rejects };
}

describe('streaming faults', () => {
  it.each([
    ['mid-line', csv.slice(0, csv.indexOf('\n', 5000) - 2)],
    ['mid-field after a delimiter', csv.slice(0, csv.indexOf('\n', 7000) - 4)],
    ['inside a quoted field', `${csv}"c9999,1`],
  ])('a file truncated %s: every complete line counted, the stub rejected or read', async (_label, text) => {
    const total = text.split('\n').filter((l) => l !== '').length - 1;
    const { counts } = await drain(readCsvBatches(Readable.from([Buffer.from(text)]), { numeric: scorer.inputs, batchSize: 333 }));
    expect(counts.rowsIn).toBe(total);
    expect(counts.rowsIn).toBe(counts.rowsOut + counts.rejected);
  });

  it('a writer that fails mid-way rejects the write with its error (no hang), CSV and NDJSON', async () => {
    for (const write of [writeCsvBatches, writeNdjsonBatches]) {
      let written = 0;
      const failing = new Writable({
        highWaterMark: 1024,
        write(chunk, _encoding, done) {
          written += chunk.length;
          done(written > 20_000 ? new Error('disk full') : null);
        },
      });
      const batches = scoreStream(readCsvBatches(Readable.from([csv]), { numeric: scorer.inputs, batchSize: 100 }), scorer, { keep: ['id'] });
      await expect(write(batches, failing)).rejects.toThrow(/disk full/);
    }
  });

  it('a consumer that stops reading releases the file and can reopen it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cv-stop-'));
    const file = join(dir, 'big.csv');
    writeFileSync(file, csv.repeat(20).replace(/\nid,profit/g, ''));
    let seen = 0;
    for await (const batch of readCsvBatches(file, { numeric: ['profit'], batchSize: 100 })) {
      seen += batch.rowCount;
      if (seen >= 300) break;
    }
    expect(seen).toBe(300);
    let again = 0;
    for await (const batch of readNdjsonBatches(Readable.from(['{"profit":1}\n{"profit":2}\n']), { numeric: ['profit'] })) again += batch.rowCount;
    expect(again).toBe(2);
  });

  it('the command exits 3 with reconciled counts on a truncated file, and 1 when it cannot write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cv-faults-'));
    writeFileSync(join(dir, 'model.json'), JSON.stringify(model));
    writeFileSync(join(dir, 'cut.csv'), `${csv.slice(0, 3000)}"unterminated`);
    const err: string[] = [];
    const io = { stdout: { write: () => true }, stderr: { write: (t: string) => err.push(t) } };
    const code = await runCli(
      ['score', '--model', join(dir, 'model.json'), '--input', join(dir, 'cut.csv'), '--output', join(dir, 'out.csv'), '--keep', 'id'],
      io,
    );
    expect(code).toBe(3);
    const [, rowsIn, rowsOut, rejected] = /rows in (\d+), rows out (\d+), rejected (\d+)/.exec(err.join(''))!.map(Number);
    expect(rowsIn).toBe(rowsOut + rejected);
    expect(rejected).toBeGreaterThan(0);
    const failed: string[] = [];
    const bad = await runCli(['score', '--model', join(dir, 'model.json'), '--input', join(dir, 'cut.csv'), '--output', join(dir, 'no-such-dir', 'out.csv')], {
      stdout: io.stdout,
      stderr: { write: (t: string) => failed.push(t) },
    });
    expect(bad).toBe(1);
    expect(failed.join('')).toMatch(/no-such-dir|ENOENT/);
  });
});

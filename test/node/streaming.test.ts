import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compileScorer, fitValuePyramid, scoreColumns } from '../../src/index.js';
import { readCsvBatches, runCli, scoreStream, writeCsvBatches } from '../../src/node/index.js';
import type { ColumnBatch } from '../../src/node/index.js';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const pyramid = fitValuePyramid({ profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] }, { dimensions: [{ column: 'profit', transform: 'log1p' }] });
const csv = ['id,profit', ...Array.from({ length: 997 }, (_, i) => `c${i},${(i * 7919) % 600}`)].join('\n') + '\n';

describe('readCsvBatches(input, options)', () => {
  it('gives the same rows for any batch size and any chunking of the bytes', async () => {
    const reference = (await collect(readCsvBatches(Readable.from([csv]), { numeric: ['profit'], batchSize: 1e6 })))[0];
    for (const batchSize of [1, 7, 100, 5000]) {
      const bytes = Buffer.from(csv);
      const chunks = Array.from({ length: Math.ceil(bytes.length / 13) }, (_, i) => bytes.subarray(i * 13, i * 13 + 13));
      const batches = await collect(readCsvBatches(Readable.from(chunks), { numeric: ['profit'], batchSize }));
      expect(batches.every((b) => b.rowCount <= batchSize)).toBe(true);
      expect(batches.flatMap((b) => Array.from(b.columns.profit as Float64Array))).toEqual(Array.from(reference.columns.profit as Float64Array));
      expect(batches.flatMap((b) => b.columns.id as string[])).toEqual(reference.columns.id);
      expect(batches.flatMap((b) => Array.from(b.lines))).toEqual(Array.from(reference.lines));
    }
  });

  it('reports every malformed line with its number, and accounts for every line', async () => {
    // line 2 holds a byte that is not UTF-8 (0xff); CRLF and LF line ends mixed
    const bytes = Buffer.concat([Buffer.from('id,profit\r\nz,'), Buffer.from([0xff]), Buffer.from('\r\na,1\nb,2,3\nc,"4"\nd,x\n"e,5\n')]);
    const batches = await collect(readCsvBatches(Readable.from([bytes]), { numeric: ['profit'] }));
    const rows = batches.flatMap((b) => b.columns.id as string[]);
    const rejects = batches.flatMap((b) => b.rejects).map((r) => [r.line, r.reason]);
    expect(rows).toEqual(['a', 'c']);
    expect(rejects).toEqual([
      [2, 'invalid UTF-8'],
      [4, '3 fields, expected 2'],
      [6, 'column "profit": not a number: "x"'],
      [7, 'unterminated quoted field at end of input'],
    ]);
  });

  it('handles an empty file, a header-only file and a missing numeric column', async () => {
    await expect(collect(readCsvBatches(Readable.from(['']), { numeric: [] }))).rejects.toMatchObject({ code: 'invalid_value' });
    const headerOnly = await collect(readCsvBatches(Readable.from(['id,profit\n']), { numeric: ['profit'] }));
    expect(headerOnly.map((b) => b.rowCount)).toEqual([0]);
    await expect(collect(readCsvBatches(Readable.from(['id\n1\n']), { numeric: ['profit'] }))).rejects.toMatchObject({ code: 'missing_column' });
  });
});

describe('scoreStream / writeCsvBatches', () => {
  it('scores like scoreColumns, rejects out-of-range rows, and reconciles the counts', async () => {
    const scorer = compileScorer({ pyramid });
    const text = 'id,profit\na,90\nb,-3\nc,\nd,1\n';
    const counts = { rowsIn: 0, rowsOut: 0, rejected: 0 };
    const scored = await collect(scoreStream(readCsvBatches(Readable.from([text]), { numeric: scorer.inputs }), scorer, { keep: ['id'] }, counts));
    expect(counts).toEqual({ rowsIn: 4, rowsOut: 2, rejected: 2 });
    expect(scored[0].columns.id).toEqual(['a', 'd']);
    const direct = scoreColumns(scorer, { profit: [90, 1] }).outputs;
    expect(scored[0].columns['pyramid.value']).toEqual(direct['pyramid.value']);
    expect(scored[0].rejects.map((r) => r.reason)).toEqual(['column "profit": -3 is out of the model\'s range', 'column "profit": missing value']);
    const skip = { rowsIn: 0, rowsOut: 0, rejected: 0 };
    const kept = await collect(scoreStream(readCsvBatches(Readable.from([text]), { numeric: scorer.inputs }), scorer, { missing: 'skip' }, skip));
    expect(skip).toEqual({ rowsIn: 4, rowsOut: 3, rejected: 1, skipped: 1 });
    expect(Array.from(kept[0].columns['pyramid.tier'] as Int32Array)).toEqual([3, -1, 3]);
  });

  it('waits for a slow consumer (backpressure) and writes every row', async () => {
    const scorer = compileScorer({ pyramid });
    const chunks: string[] = [];
    let pending = 0;
    const slow = new Writable({
      highWaterMark: 64,
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        pending++;
        setTimeout(() => {
          pending--;
          done();
        }, 1);
      },
    });
    const batches: AsyncIterable<ColumnBatch> = readCsvBatches(Readable.from([csv]), { numeric: scorer.inputs, batchSize: 50 });
    const result = await writeCsvBatches(scoreStream(batches, scorer, { keep: ['id'] }), slow);
    expect(result).toEqual({ rows: 997, rejects: 0 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pending).toBe(0);
    const lines = chunks.join('').trim().split('\n');
    expect(lines[0]).toBe('id,pyramid.value,pyramid.tier');
    expect(lines.length).toBe(998);
  });
});

describe('the customer-value command', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } } };
  };

  it('fits, scores with a reject file, and exports SQL, with documented exit codes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cv-cli-'));
    writeFileSync(join(dir, 'survey.csv'), 'id,q1,q2,q3\n1,7,8,6\n2,3,4,2\n3,9,9,10\n4,5,6,5\n5,8,7,9\n6,2,3,3\n');
    writeFileSync(join(dir, 'spec.json'), JSON.stringify({ items: ['q1', 'q2', 'q3'], scale: [1, 10] }));
    const fit = io();
    expect(
      await runCli(
        ['fit', '--kind', 'satisfactionIndex', '--spec', join(dir, 'spec.json'), '--input', join(dir, 'survey.csv'), '--output', join(dir, 'model.json')],
        fit.io,
      ),
    ).toBe(0);
    writeFileSync(join(dir, 'new.csv'), 'id,q1,q2,q3\n7,10,10,10\n8,11,1,1\n9,1,1,1\n');
    const score = io();
    const code = await runCli(
      [
        'score',
        '--model',
        `index=${join(dir, 'model.json')}`,
        '--input',
        join(dir, 'new.csv'),
        '--output',
        join(dir, 'scored.csv'),
        '--keep',
        'id',
        '--reject-file',
        join(dir, 'rejects.csv'),
      ],
      score.io,
    );
    expect(code).toBe(3);
    expect(score.err.join('')).toContain('rows in 3, rows out 2, rejected 1');
    const scored = readFileSync(join(dir, 'scored.csv'), 'utf8').trim().split('\n');
    expect(scored[0]).toBe('id,index.index,index.index100');
    expect(scored.slice(1).map((l) => l.split(',')[2])).toEqual(['100', '0']);
    expect(readFileSync(join(dir, 'rejects.csv'), 'utf8')).toContain('3,"column ""q1"": 11 is out of the model\'s range",');
    const sql = io();
    expect(await runCli(['sql', '--model', join(dir, 'model.json'), '--dialect', 'postgres', '--table', 'crm.survey', '--keep', 'id'], sql.io)).toBe(0);
    expect(sql.out.join('')).toContain('FROM "crm"."survey"');
    const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(scoreColumns(compileScorer({ index: model }), { q1: [10], q2: [10], q3: [10] }).outputs['index.index100'][0]).toBe(100);
  });

  it('explains bad usage with exit code 1', async () => {
    const bad = io();
    expect(await runCli(['score', '--input'], bad.io)).toBe(1);
    expect(bad.err.join('')).toContain('--input needs a value');
    const unknown = io();
    expect(await runCli(['dance'], unknown.io)).toBe(1);
    expect(unknown.err.join('')).toContain('unknown command "dance"');
  });
});

describe('writeCsvBatches with threads', () => {
  it('writes the same bytes with formatting workers as on one thread, quoting and missing values included', async () => {
    const texts = ['plain', 'a,b', 'say "hi"', 'two\nlines', 'ünï', ''];
    const valueOf = (i: number) => (i % 13 === 0 ? Number.NaN : (i - 500) * 1.000123e-3 * 10 ** (i % 7));
    const batches = () =>
      (async function* () {
        for (let b = 0; b < 7; b++) {
          const n = 1000 + b;
          yield {
            columns: {
              id: Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : `${texts[i % texts.length]}${b}`)),
              value: Float64Array.from({ length: n }, (_, i) => valueOf(i)),
              tier: Int32Array.from({ length: n }, (_, i) => (i % 5) - 1),
              cell: Uint16Array.from({ length: n }, (_, i) => 111 + (i % 444)),
            },
            names: ['id', 'value', 'tier', 'cell'],
            rowCount: n,
            rejects: [{ line: b + 2, text: 'x', reason: 'bad' }],
          };
        }
      })();
    const collectBytes = async (threads: number) => {
      const chunks: Buffer[] = [];
      const sink = new Writable({ write: (chunk, _e, done) => (chunks.push(Buffer.from(chunk)), done()) });
      const rejected: string[] = [];
      const rejectSink = new Writable({ write: (chunk, _e, done) => (rejected.push(String(chunk)), done()) });
      const result = await writeCsvBatches(batches(), sink, rejectSink, { threads });
      return { bytes: Buffer.concat(chunks), result, rejected: rejected.join('') };
    };
    const one = await collectBytes(1);
    const three = await collectBytes(3);
    expect(three.result).toEqual({ rows: 7021, rejects: 7 });
    expect(three.bytes.equals(one.bytes)).toBe(true);
    expect(three.rejected).toBe(one.rejected);
    // the bytes read back as the columns written
    const back = (await collect(readCsvBatches(Readable.from([one.bytes]), { numeric: ['value', 'tier', 'cell'], batchSize: 1e6 })))[0];
    expect(back.rowCount).toBe(7021);
    expect(back.rejects).toEqual([]);
    // batch 0's 1,000 values, then batch 1's first 7: every double reads back exactly
    const expected = [...Array.from({ length: 1000 }, (_, i) => valueOf(i)), ...Array.from({ length: 7 }, (_, i) => valueOf(i))];
    expect(Array.from(back.columns.value as Float64Array).slice(0, 1007)).toEqual(expected);
    expect((back.columns.id as string[]).slice(0, 4)).toEqual(['', 'a,b0', 'say "hi"0', 'two\nlines0']);
    await expect(writeCsvBatches(batches(), new Writable({ write: (_c, _e, done) => done() }), undefined, { threads: 0 })).rejects.toMatchObject({
      code: 'invalid_spec',
    });
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compileScorer, fitValuePyramid, scoreColumns } from '../../src/index.js';
import { readCsvBatches, readNdjsonBatches, runCli, scoreStream, writeNdjsonBatches } from '../../src/node/index.js';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const pyramid = fitValuePyramid({ profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] }, { dimensions: [{ column: 'profit', transform: 'log1p' }] });
const ndjson = Array.from({ length: 997 }, (_, i) => JSON.stringify({ id: `c${i}`, profit: (i * 7919) % 600, note: i % 3 ? null : 'x' })).join('\n') + '\n';

describe('readNdjsonBatches(input, options)', () => {
  it('gives the same rows for any batch size and any chunking of the bytes', async () => {
    const reference = (await collect(readNdjsonBatches(Readable.from([ndjson]), { numeric: ['profit'], batchSize: 1e6 })))[0];
    expect(reference.rowCount).toBe(997);
    expect(reference.names).toEqual(['profit', 'id', 'note']);
    for (const batchSize of [1, 7, 100, 5000]) {
      const bytes = Buffer.from(ndjson);
      const chunks = Array.from({ length: Math.ceil(bytes.length / 11) }, (_, i) => bytes.subarray(i * 11, i * 11 + 11));
      const batches = await collect(readNdjsonBatches(Readable.from(chunks), { numeric: ['profit'], batchSize }));
      expect(batches.every((b) => b.rowCount <= batchSize)).toBe(true);
      expect(batches.flatMap((b) => Array.from(b.columns.profit as Float64Array))).toEqual(Array.from(reference.columns.profit as Float64Array));
      expect(batches.flatMap((b) => b.columns.note as unknown[])).toEqual(reference.columns.note);
      expect(batches.flatMap((b) => Array.from(b.lines))).toEqual(Array.from({ length: 997 }, (_, i) => i + 1));
    }
  });

  it('reads the rows the CSV reader reads from the same table', async () => {
    const csv =
      'id,profit\n' +
      ndjson
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .map((r) => `${r.id},${r.profit}`)
        .join('\n') +
      '\n';
    const fromCsv = (await collect(readCsvBatches(Readable.from([csv]), { numeric: ['profit'] })))[0];
    const fromJson = (await collect(readNdjsonBatches(Readable.from([ndjson]), { numeric: ['profit'] })))[0];
    expect(fromJson.columns.profit).toEqual(fromCsv.columns.profit);
    expect(fromJson.columns.id).toEqual(fromCsv.columns.id);
  });

  it('reports every bad line with its number and reason, and accounts for every line', async () => {
    const bytes = Buffer.concat([
      Buffer.from('\ufeff{"id":"a","profit":1}\r\n{"id":"b","profit":'),
      Buffer.from([0xff]),
      Buffer.from(
        '}\n\n[1,2]\n{"id":"c","profit":"2.5e1"}\n{"id":"d","profit":"12 apples"}\n{"id":"e"}\n{"id":"f","profit":null}\n{"id":"g",\n7\n{"id":"h","profit":3}',
      ),
    ]);
    const batches = await collect(readNdjsonBatches(Readable.from([bytes]), { numeric: ['profit'] }));
    const ids = batches.flatMap((b) => b.columns.id as string[]);
    const profits = batches.flatMap((b) => Array.from(b.columns.profit as Float64Array));
    expect(ids).toEqual(['a', 'c', 'e', 'f', 'h']);
    expect(profits).toEqual([1, 25, Number.NaN, Number.NaN, 3]);
    expect(batches.flatMap((b) => b.rejects).map((r) => [r.line, r.reason])).toEqual([
      [2, 'invalid UTF-8'],
      [4, 'not a JSON object'],
      [6, 'field "profit": not a number: "12 apples"'],
      [9, 'not valid JSON'],
      [10, 'not a JSON object'],
    ]);
    expect(batches.flatMap((b) => Array.from(b.lines))).toEqual([1, 5, 7, 8, 11]);
  });

  it('keeps __proto__ and constructor keys as ordinary columns, and yields one empty batch for an empty input', async () => {
    const batches = await collect(readNdjsonBatches(Readable.from(['{"__proto__":{"polluted":1},"constructor":2,"profit":1}\n']), { numeric: ['profit'] }));
    expect(batches[0].names).toEqual(['profit', '__proto__', 'constructor']);
    expect((batches[0].columns as Record<string, unknown[]>)['__proto__']).toEqual([{ polluted: 1 }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const empty = await collect(readNdjsonBatches(Readable.from(['']), { numeric: ['profit'] }));
    expect(empty.map((b) => b.rowCount)).toEqual([0]);
  });
});

describe('writeNdjsonBatches', () => {
  it('round-trips scored rows through the reader, NaN as null', async () => {
    const scorer = compileScorer({ pyramid });
    const chunks: string[] = [];
    const sink = new Writable({ highWaterMark: 64, write: (chunk, _e, done) => (chunks.push(String(chunk)), setTimeout(done, 0)) });
    const counts = { rowsIn: 0, rowsOut: 0, rejected: 0 };
    const input = ndjson + '{"id":"bad","profit":-5}\n{"id":"gone"}\n';
    const result = await writeNdjsonBatches(
      scoreStream(
        readNdjsonBatches(Readable.from([input]), { numeric: scorer.inputs, batchSize: 64 }),
        scorer,
        { keep: ['id', 'note'], missing: 'skip' },
        counts,
      ),
      sink,
    );
    expect(result).toEqual({ rows: 998, rejects: 1 });
    expect(counts).toEqual({ rowsIn: 999, rowsOut: 998, rejected: 1, skipped: 1 });
    const back = (await collect(readNdjsonBatches(Readable.from([chunks.join('')]), { numeric: ['pyramid.value', 'pyramid.tier'] })))[0] as unknown as {
      columns: Record<string, Float64Array & unknown[]>;
    };
    const direct = scoreColumns(scorer, { profit: Array.from({ length: 997 }, (_, i) => (i * 7919) % 600) }).outputs;
    expect(back.columns['pyramid.value'].slice(0, 997)).toEqual(direct['pyramid.value']);
    expect(back.columns.id.slice(-1)).toEqual(['gone']);
    expect(back.columns['pyramid.tier'][997]).toBe(-1);
    expect(chunks.join('').split('\n')[997]).toBe('{"id":"gone","note":null,"pyramid.value":null,"pyramid.tier":-1}');
  });
});

describe('the customer-value command with NDJSON', () => {
  it('fits from NDJSON and scores NDJSON to NDJSON (or to CSV by extension), with an NDJSON reject file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cv-ndjson-'));
    const quiet = { stdout: { write: () => true }, stderr: { write: () => true } };
    const err: string[] = [];
    writeFileSync(join(dir, 'customers.ndjson'), [500, 120, 80, 40, 30, 20, 10, 5, 0, 0].map((profit, i) => JSON.stringify({ id: i, profit })).join('\n'));
    writeFileSync(join(dir, 'spec.json'), JSON.stringify({ dimensions: [{ column: 'profit', scale: 'none' }], tiers: { method: 'cumulativeShare' } }));
    expect(
      await runCli(
        ['fit', '--kind', 'valuePyramid', '--spec', join(dir, 'spec.json'), '--input', join(dir, 'customers.ndjson'), '--output', join(dir, 'model.json')],
        quiet,
      ),
    ).toBe(0);
    writeFileSync(join(dir, 'new.jsonl'), '{"id":1,"profit":90}\n{"id":2,"profit":"oops"}\n{"id":3,"profit":1}\n');
    const args = ['score', '--model', join(dir, 'model.json'), '--input', join(dir, 'new.jsonl'), '--keep', 'id'];
    expect(
      await runCli([...args, '--output', join(dir, 'out.ndjson'), '--reject-file', join(dir, 'rejects.ndjson')], {
        ...quiet,
        stderr: { write: (t: string) => err.push(t) },
      }),
    ).toBe(3);
    expect(err.join('')).toContain('rows in 3, rows out 2, rejected 1');
    expect(readFileSync(join(dir, 'out.ndjson'), 'utf8')).toBe(
      '{"id":1,"valuePyramid.value":90,"valuePyramid.tier":0}\n{"id":3,"valuePyramid.value":1,"valuePyramid.tier":2}\n',
    );
    expect(JSON.parse(readFileSync(join(dir, 'rejects.ndjson'), 'utf8'))).toEqual({
      line: 2,
      reason: 'field "profit": not a number: "oops"',
      text: '{"id":2,"profit":"oops"}',
    });
    expect(await runCli([...args, '--output', join(dir, 'out.csv')], quiet)).toBe(3);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('id,valuePyramid.value,valuePyramid.tier\n1,90,0\n3,1,2\n');
    const missing: string[] = [];
    expect(
      await runCli(['score', '--model', join(dir, 'model.json'), '--input', join(dir, 'nope.csv')], {
        ...quiet,
        stderr: { write: (t: string) => missing.push(t) },
      }),
    ).toBe(1);
    expect(missing.join('')).toContain(`cannot read input "${join(dir, 'nope.csv')}"`);
  });
});

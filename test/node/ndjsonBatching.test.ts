import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compileScorer, fitValuePyramid } from '../../src/index.js';
import { readNdjsonBatches, runCli, scoreStream } from '../../src/node/index.js';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Bytes cut into chunks at the given positions (sorted, deduplicated, inside the buffer). */
function cut(bytes: Uint8Array, at: readonly number[]): Uint8Array[] {
  const points = [...new Set(at.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const p of [...points, bytes.length]) {
    if (p > start) chunks.push(bytes.subarray(start, p));
    start = Math.max(start, p);
  }
  return chunks;
}

const bytesOf = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

/** Rows and rejects of a whole NDJSON read, flattened over batches. */
async function readAll(chunks: Uint8Array[], batchSize: number) {
  const batches = await collect(readNdjsonBatches(Readable.from(chunks), { numeric: ['profit'], batchSize }));
  return {
    ids: batches.flatMap((b) => (b.columns.id === undefined ? new Array(b.rowCount).fill(null) : [...(b.columns.id as unknown[])])),
    lines: batches.flatMap((b) => Array.from(b.lines)),
    rejects: batches.flatMap((b) => b.rejects.map((r) => `${r.line}: ${r.reason}`)),
  };
}

describe('readNdjsonBatches: UTF-8', () => {
  // U+FFFD REPLACEMENT CHARACTER is a valid character (EF BF BD); it used to be taken as a sign
  // of a decoding failure and the line refused.
  const valid = bytesOf('{"id":"a\u{FFFD}b","profit":1}\n{"id":"caf\u00e9 \u{1F600}","profit":2}\n');

  it('accepts a valid U+FFFD character and multibyte characters split at every byte position', async () => {
    for (let p = 0; p <= valid.length; p++) {
      for (const batchSize of [1, 2, 10]) {
        const read = await readAll(cut(valid, [p]), batchSize);
        expect(read.rejects).toEqual([]);
        expect(read.ids).toEqual(['a\u{FFFD}b', 'caf\u00e9 \u{1F600}']);
      }
    }
  });

  it('refuses only the lines holding invalid bytes, wherever the chunks are cut', async () => {
    // 0xFF never occurs in UTF-8; E2 82 is a truncated 3-byte sequence; C0 AF an overlong '/';
    // ED A0 80 an encoded surrogate — each refused by the WHATWG decoder (fatal mode).
    const bad = bytesOf(
      '{"id":"ok1","profit":1}\n{"id":"',
      [0xff],
      '","profit":2}\n{"id":"x',
      [0xe2, 0x82],
      '","profit":3}\n{"id":"\u{FFFD}","profit":4}\n{"id":"',
      [0xc0, 0xaf],
      '"}\n{"id":"',
      [0xed, 0xa0, 0x80],
      '"}\n{"id":"ok2","profit":7}\n',
    );
    for (let p = 0; p <= bad.length; p += 3) {
      for (let q = p; q <= bad.length; q += 7) {
        const read = await readAll(cut(bad, [p, q]), 2);
        expect(read.rejects).toEqual(['2: invalid UTF-8', '3: invalid UTF-8', '5: invalid UTF-8', '6: invalid UTF-8']);
        expect(read.ids).toEqual(['ok1', '\u{FFFD}', 'ok2']);
        expect(read.lines).toEqual([1, 4, 7]);
      }
    }
  });

  it('refuses an invalid last line with no line break', async () => {
    const read = await readAll([bytesOf('{"id":"a","profit":1}\n{"id":"', [0xe2, 0x82])], 5);
    expect(read.rejects).toEqual(['2: invalid UTF-8']);
  });
});

const pyramid = fitValuePyramid({ profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] }, { dimensions: [{ column: 'profit', transform: 'log1p' }] });
const scorer = compileScorer({ pyramid });

/** An NDJSON document where `id` and `note` are absent from some lines (possibly all early ones). */
const documents = fc
  .array(
    fc.record({
      id: fc.option(fc.oneof(fc.string({ maxLength: 4 }), fc.constant(null)), { nil: undefined }),
      note: fc.option(fc.constantFrom('x', '\u{FFFD}', 'é', null), { nil: undefined }),
      profit: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.constant(null), fc.constant(-5)),
      bad: fc.boolean(),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .filter((rows) => rows.some((r) => r.id !== undefined && !r.bad))
  .map(
    (rows) =>
      rows
        .map((r) =>
          r.bad ? '{oops' : JSON.stringify(Object.fromEntries(Object.entries({ profit: r.profit, id: r.id, note: r.note }).filter(([, v]) => v !== undefined))),
        )
        .join('\n') + '\n',
  );

/** The whole scored output of scoreStream, concatenated over batches. */
async function scoreAll(
  chunks: Uint8Array[],
  batchSize: number,
  keep: string[],
): Promise<{ names: readonly string[]; columns: Record<string, unknown[]>; rejects: string[] }> {
  const scored = await collect(scoreStream(readNdjsonBatches(Readable.from(chunks), { numeric: scorer.inputs, batchSize }), scorer, { keep }));
  const columns: Record<string, unknown[]> = {};
  for (const batch of scored) for (const name of batch.names) (columns[name] ??= []).push(...Array.from(batch.columns[name] as ArrayLike<unknown>));
  return { names: scored[0].names, columns, rejects: scored.flatMap((b) => b.rejects.map((r) => `${r.line}: ${r.reason}`)) };
}

describe('NDJSON results do not depend on batching (kept fields absent from early lines)', () => {
  it('scoreStream: identical output for every batch size and chunking; an absent kept field is missing (null)', async () => {
    await fc.assert(
      fc.asyncProperty(documents, fc.integer({ min: 1, max: 45 }), fc.array(fc.nat(4000), { maxLength: 6 }), async (text, batchSize, at) => {
        const bytes = Buffer.from(text);
        // the outcome: the whole output, or the error (a kept field on no line)
        const outcome = (chunks: Uint8Array[], size: number) =>
          scoreAll(chunks, size, ['id', 'note']).catch((e: { code: string; message: string }) => `${e.code}: ${e.message}`);
        const reference = await outcome([bytes], 1 << 20);
        const other = await outcome(cut(bytes, at), batchSize);
        expect(other).toEqual(reference);
        if (typeof reference !== 'string') expect(reference.columns.id.length).toBe(reference.columns['pyramid.tier'].length);
        else expect(reference).toMatch(/^missing_column: .*on no line/);
      }),
      { numRuns: 150, seed: 13 },
    );
  });

  it('scoreStream: a kept field absent from the first batch is missing there, not an error', async () => {
    const text = '{"profit":5}\n{"profit":9}\n{"profit":7,"id":"c"}\n';
    for (const batchSize of [1, 2, 3, 100]) {
      const out = await scoreAll([Buffer.from(text)], batchSize, ['id']);
      expect(out.columns.id).toEqual([null, null, 'c']);
    }
  });

  it('scoreStream: a kept field on no line at all is a missing_column error, whatever the batch size', async () => {
    const text = '{"profit":5}\n{"profit":9,"idd":"x"}\n';
    for (const batchSize of [1, 2, 100]) {
      await expect(scoreAll([Buffer.from(text)], batchSize, ['id'])).rejects.toMatchObject({ code: 'missing_column' });
    }
  });

  it('CLI score: identical CSV and NDJSON output files for every --batch-size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cv-ndjson-batching-'));
    writeFileSync(join(dir, 'model.json'), JSON.stringify(pyramid));
    await fc.assert(
      fc.asyncProperty(documents, fc.integer({ min: 1, max: 45 }), async (text, batchSize) => {
        writeFileSync(join(dir, 'in.ndjson'), text);
        for (const format of ['csv', 'ndjson']) {
          const outputs: string[] = [];
          for (const size of [1 << 16, batchSize]) {
            const target = join(dir, `out-${size}.${format}`);
            const stderr: string[] = [];
            const io = { stdout: { write: () => true }, stderr: { write: (t: string) => stderr.push(t) } };
            const code = await runCli(
              [
                'score',
                '--model',
                join(dir, 'model.json'),
                '--input',
                join(dir, 'in.ndjson'),
                '--output',
                target,
                '--keep',
                'id',
                '--keep',
                'note',
                '--batch-size',
                String(size),
                '--reject-file',
                join(dir, `rejects-${size}.${format}`),
              ],
              io,
            );
            expect([0, 1, 3]).toContain(code);
            // exit 1 only for a kept field on no line; then the message is the outcome
            outputs.push(
              code === 1
                ? stderr.join('')
                : `${code}\n${readFileSync(target, 'utf8')}${readFileSync(join(dir, `rejects-${size}.${format}`), 'utf8')}${stderr.join('')}`,
            );
          }
          if (!/^[03]\n/.test(outputs[0])) expect(outputs[0]).toMatch(/on no line/);
          expect(outputs[1]).toEqual(outputs[0]);
        }
      }),
      { numRuns: 40, seed: 13 },
    );
  });

  it('CLI score: an absent kept field is written as an empty CSV field and as NDJSON null', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cv-ndjson-absent-'));
    writeFileSync(join(dir, 'model.json'), JSON.stringify(pyramid));
    writeFileSync(join(dir, 'in.ndjson'), '{"profit":5}\n{"profit":9,"id":"b"}\n');
    const quiet = { stdout: { write: () => true }, stderr: { write: () => true } };
    for (const format of ['csv', 'ndjson']) {
      expect(
        await runCli(
          [
            'score',
            '--model',
            join(dir, 'model.json'),
            '--input',
            join(dir, 'in.ndjson'),
            '--output',
            join(dir, `out.${format}`),
            '--keep',
            'id',
            '--batch-size',
            '1',
          ],
          quiet,
        ),
      ).toBe(0);
    }
    expect(readFileSync(join(dir, 'out.csv'), 'utf8').split('\n')[1]).toMatch(/^,/);
    expect(JSON.parse(readFileSync(join(dir, 'out.ndjson'), 'utf8').split('\n')[0]).id).toBeNull();
  });
});

import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScorer, fitRfm, fitValuePyramid } from '../../src/index.js';
import { readCsvBatches, scoreStream, writeCsvBatches } from '../../src/node/index.js';
import { csvScoreWorker, recordsEnd, scoreCsvChunks } from '../../src/node/scoreCsvChunks.js';
import type { StreamCounts } from '../../src/node/scoreStream.js';

// The witness: the one-thread pipeline (readCsvBatches → scoreStream → writeCsvBatches). Scored
// in pieces on 2..4 threads, the output bytes, the reject bytes, the counts and the errors (line
// and all) must be the same, wherever the pieces are cut.
const pyramid = fitValuePyramid({ profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] }, { dimensions: [{ column: 'profit', transform: 'log1p' }] });
const rfm = fitRfm(
  { recency: [1, 5, 9, 30, 60, 90], frequency: [1, 2, 3, 5, 8, 13], monetary: [10, 20, 40, 80, 160, 320] },
  {
    recency: { column: 'recency', better: 'lower' },
    frequency: { column: 'frequency', better: 'higher' },
    monetary: { column: 'monetary', better: 'higher' },
    bins: 3,
  },
);
const models = { pyramid, rfm };
const scorer = compileScorer(models);

function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function outcome(run: () => Promise<unknown>, out: () => string, rejects: () => string, counts: StreamCounts): Promise<unknown> {
  try {
    await run();
    return { out: out(), rejects: rejects(), counts };
  } catch (error) {
    const e = error as { code?: string; message: string };
    return { code: e.code, message: e.message };
  }
}

const read = (keep: string[]) => ({ numeric: scorer.inputs, text: [], passThrough: keep.filter((k) => !scorer.inputs.includes(k)), batchSize: 5 });

async function oneThread(text: string, keep: string[], missing: 'reject' | 'skip' = 'reject'): Promise<unknown> {
  const out = sink();
  const rejects = sink();
  const counts: StreamCounts = { rowsIn: 0, rowsOut: 0, rejected: 0 };
  const run = () =>
    writeCsvBatches(scoreStream(readCsvBatches(pieces(Buffer.from(text), 17), read(keep)), scorer, { keep, missing }, counts), out.stream, rejects.stream);
  return outcome(run, out.text, rejects.text, counts);
}

async function inPieces(text: string, keep: string[], threads: number, missing: 'reject' | 'skip' = 'reject'): Promise<unknown> {
  const out = sink();
  const rejects = sink();
  const counts: StreamCounts = { rowsIn: 0, rowsOut: 0, rejected: 0 };
  const run = () =>
    scoreCsvChunks(pieces(Buffer.from(text), 23), { models, read: read(keep), keep, missing, counts, out: out.stream, rejectOut: rejects.stream, threads });
  return outcome(run, out.text, rejects.text, counts);
}

/** 300 rows with quoted ids holding line breaks, CRLF and CR line ends, blank lines, bad and missing cells. */
function input(bad: (row: number) => string | undefined = () => undefined): string {
  let text = '\ufeffid,profit,recency,frequency,monetary\r\n';
  for (let i = 0; i < 300; i++) {
    const id = i % 9 === 0 ? `"c${i}\n""x"""` : `c${i}`;
    text += (bad(i) ?? `${id},${(i * 37) % 500},${i % 90},${1 + (i % 13)},${(i * 3.5) % 320}`) + (i % 5 === 0 ? '\r\n' : i % 7 === 0 ? '\r' : '\n');
    if (i % 50 === 3) text += '\n';
  }
  return text;
}

const built = fileURLToPath(new URL('../../dist/csvScoreWorker.js', import.meta.url));
describe.skipIf(!existsSync(built))('scoreCsvChunks(source, job): pieces on threads give the one-thread bytes', () => {
  const saved = { ...csvScoreWorker };
  beforeAll(() => Object.assign(csvScoreWorker, { file: built, piece: 200 }));
  afterAll(() => Object.assign(csvScoreWorker, saved));

  const cases: [string, string, string[], ('reject' | 'skip')?][] = [
    ['clean rows, quoted ids with line breaks, CRLF, CR, blank lines, a BOM', input(), ['id']],
    [
      'rejects in every piece (not a number, out of range, missing)',
      input((i) => (i % 31 === 0 ? `r${i},oops,1,1,1` : i % 41 === 0 ? `r${i},-5,1,1,1` : i % 43 === 0 ? `r${i},,1,1,1` : undefined)),
      ['id'],
    ],
    ['missing inputs skipped', input((i) => (i % 29 === 0 ? `s${i},,1,1,1` : undefined)), ['id'], 'skip'],
    ['ragged lines and stray quotes (rejects)', input((i) => (i === 100 ? 'x,1,2' : i === 200 ? 'y"z,1,1,1,1' : undefined)), ['id']],
    ['a header alone', 'id,profit,recency,frequency,monetary\n', ['id']],
    ['no kept column', input(), []],
  ];
  it.each(cases)('%s', async (_, text, keep, missing) => {
    const one = await oneThread(text, keep, missing);
    expect(one).toHaveProperty('out');
    for (let threads = 1; threads <= 4; threads++) expect(await inPieces(text, keep, threads, missing), `${threads} threads`).toEqual(one);
  });

  const errors: [string, string, string[]][] = [
    ['an unbalanced quote in a late piece, named with its line', input((i) => (i === 250 ? `"open,1,1,1,1` : undefined)), ['id']],
    ['a kept column the header lacks', input(), ['nope']],
    ['an empty input', '', ['id']],
    ['a field over the size limit in a late piece', input((i) => (i === 280 ? `c,${'9'.repeat(2 << 20)},1,1,1` : undefined)), ['id']],
  ];
  it.each(errors)('%s: the one-thread error, word for word', async (_, text, keep) => {
    const one = await oneThread(text, keep);
    expect(one).toHaveProperty('message');
    for (let threads = 2; threads <= 3; threads++) expect(await inPieces(text, keep, threads), `${threads} threads`).toEqual(one);
  });
});

describe('recordsEnd(buf, delimiter): the end of the last whole record, as readCsvBatches parses', () => {
  const cases: [string, number][] = [
    ['a,b\n1,2\n3', 8],
    ['1,2\r\n3,4\r', 5],
    ['1,2\r3,4\r5', 8],
    ['1,"x\ny"\n2,"a\n', 8],
    ['1,"x""\n"\n2', 9],
    ['1,x"y\n2,3\n', 10],
    ['no line end', -1],
    ['"open\n\n', -1],
    ['"a"b,c\nd', 7],
  ];
  it.each(cases)('%j ends its last whole record at %i', (text, end) => {
    expect(recordsEnd(Buffer.from(text), 44)).toBe(end);
  });
});

import { existsSync } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { StreamMissingValues } from '../io/missingValues.js';
import { CustomerValueError } from '../errors.js';
import { compileScorer, type ScorerModels } from '../scoring/compileScorer.js';
import type { RejectedLine } from './columnBatch.js';
import { csvBatchesOf, type ReadCsvBatchesOptions } from './csvBatches.js';
import type { CsvScoreAnswer, CsvScoreSetup } from './csvScoreWorker.js';
import { formatCsvRows } from './formatCsvRows.js';
import { scoreStream, type StreamCounts } from './scoreStream.js';
import { csvField } from './writeCsv.js';
import { writeWithBackpressure } from './writableSink.js';
import { workerExecArgv } from './workerPool.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;
/** Bytes of records per piece (about 30,000 rows of a 35-byte line). */
const PIECE = 1 << 20;

/** The worker program, built next to this entry (absent when running from the TypeScript sources). */
function workerFile(): string | null {
  try {
    const file = fileURLToPath(new URL('./csvScoreWorker.js', import.meta.url));
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/** @internal The worker program (tests running from the sources point it at the built one) and the piece size. */
export const csvScoreWorker: { file: string | null; piece: number; started: ((worker: Worker) => void) | null } = {
  file: workerFile(),
  piece: PIECE,
  /** Lets tests reach each worker as it starts (to terminate it in the middle of a piece). */
  started: null,
};

/** What `scoreCsvChunks` scores and where it writes (the output streams are open; the caller closes them). */
export interface ScoreCsvChunksJob {
  readonly models: ScorerModels;
  readonly read: ReadCsvBatchesOptions;
  readonly keep: readonly string[];
  readonly missing: StreamMissingValues;
  readonly counts: StreamCounts;
  readonly out: Writable;
  readonly rejectOut?: Writable;
  /** Called with each piece's rejects, in input order. */
  readonly onRejects?: (rejects: readonly RejectedLine[]) => void;
  readonly threads: number;
}

/**
 * CSV → score → CSV on `threads` workers, each running the whole one-thread pipeline
 * (`readCsvBatches`' parser, `scoreStream`, `formatCsvRows`) on pieces of the input: the header
 * then about 1 MiB of whole records. The calling thread only reads, cuts and writes: it cuts
 * after the last record end of the bytes it holds (the last line end when they hold no quote,
 * else found by following the parser's quoting rules from the piece's first record), sends the
 * pieces round-robin, at most two per worker in flight (memory stays flat), and writes the
 * answers in input order, each piece's reject lines offset by the lines before it. So the output
 * and reject bytes are the one-thread pipeline's, whatever the thread count. A piece a worker
 * could not score (an error in the input) is scored again here with its true first line, which
 * throws the one-thread error (line and all); a worker that stops is `worker_failed` at once
 * (`CustomerValueError`); a record that outgrows the size limits, or a header that is not whole in the
 * first bytes, sends the rest of the input through the one-thread pipeline here.
 */
export async function scoreCsvChunks(source: AsyncIterable<Buffer>, job: ScoreCsvChunksJob): Promise<void> {
  const file = csvScoreWorker.file;
  const { read, out, rejectOut, counts } = job;
  const scorer = compileScorer(job.models);
  const names = [...job.keep, ...scorer.outputs.map((o) => o.name)];
  const delimiter = (read.delimiter ?? ',').charCodeAt(0);
  const limit = (read.maxRecordSize ?? 1 << 22) + (read.maxFieldSize ?? 1 << 20) + 4;
  let header = false;
  const writeHeader = async () => {
    if (!header) await writeWithBackpressure(out, `${names.map(csvField).join(',')}\n`);
    header = true;
  };
  const add = (c: StreamCounts) => {
    counts.rowsIn += c.rowsIn;
    counts.rowsOut += c.rowsOut;
    counts.rejected += c.rejected;
    if (c.skipped !== undefined) counts.skipped = (counts.skipped ?? 0) + c.skipped;
  };
  const writeRejects = async (rejects: readonly RejectedLine[]) => {
    job.onRejects?.(rejects);
    if (rejectOut && rejects.length > 0) await writeWithBackpressure(rejectOut, rejects.map(rejectLine).join(''));
  };
  /** The one-thread pipeline here, on `chunks` (the header first), numbering from `line` (0: from the header); returns the line after the last record. */
  const here = async (chunks: AsyncIterable<Buffer>, line: number): Promise<number> => {
    const state = { line, first: 0 };
    const c: StreamCounts = { rowsIn: 0, rowsOut: 0, rejected: 0 };
    for await (const batch of scoreStream(csvBatchesOf(chunks, read, state), scorer, { keep: job.keep, missing: job.missing }, c)) {
      await writeHeader();
      const bytes = formatCsvRows(
        batch.names.map((name) => batch.columns[name]),
        batch.rowCount,
      );
      if (bytes.length > 0) await writeWithBackpressure(out, bytes);
      await writeRejects(batch.rejects);
    }
    add(c);
    return state.line;
  };

  if (rejectOut) await writeWithBackpressure(rejectOut, 'line,reason,text\n');
  const it = source[Symbol.asyncIterator]();
  // the bytes read and not yet sent: `held`, then `more` (joined only when cut, so small reads cost no quadratic copying)
  let held: Buffer = Buffer.alloc(0);
  const more: Buffer[] = [];
  let moreBytes = 0;
  let done = false;
  /** Read until `held` and `more` hold `bytes` (or the input ends), then join them into `held`. */
  const gather = async (bytes: number): Promise<void> => {
    while (!done && held.length + moreBytes < bytes) {
      const next = await it.next();
      if (next.done === true) done = true;
      else {
        more.push(next.value);
        moreBytes += next.value.length;
      }
    }
    if (more.length > 0) {
      held = Buffer.concat([held, ...more]);
      more.length = 0;
      moreBytes = 0;
    }
  };
  const rest = async function* (first: Buffer): AsyncGenerator<Buffer> {
    yield first;
    for (let next = await it.next(); next.done !== true; next = await it.next()) yield next.value;
  };

  // the header: whole, within the size limit, else the one-thread pipeline on everything
  let headerEnd = -1;
  for (let want = 1 << 16; file !== null && job.threads > 1; want = 2 * held.length) {
    await gather(want);
    headerEnd = headerLength(held, limit);
    if (headerEnd !== -1 || done) break;
  }
  if (headerEnd < 0) {
    await here(rest(held), 0);
    return;
  }
  const headerBytes = held.subarray(0, headerEnd);
  held = held.subarray(headerEnd);

  const workers = Array.from({ length: job.threads - 1 }, () => new Worker(file as string, { execArgv: workerExecArgv() }));
  const waiting = new Map<number, { resolve(answer: CsvScoreAnswer): void; reject(error: Error): void }>();
  let failure: CustomerValueError | null = null;
  let closing = false;
  for (const worker of workers) {
    csvScoreWorker.started?.(worker);
    worker.on('message', (answer: CsvScoreAnswer) => {
      waiting.get(answer.id)?.resolve(answer);
      waiting.delete(answer.id);
    });
    let reason = 'it exited';
    worker.on('error', (error) => {
      reason = `it failed: ${error.message}`;
    });
    // a worker that stops fails the run at once (a piece it could not score is answered with an error instead)
    worker.on('exit', (code) => {
      if (closing) return;
      failure ??= new CustomerValueError('worker_failed', `customer-value score: a scoring worker stopped: ${reason} (exit code ${code})`, [
        { function: 'customer-value score', expected: 'every piece scored', received: `${reason} (exit code ${code})`, hint: 'retry with --threads 1' },
      ]);
      for (const w of waiting.values()) w.reject(failure);
      waiting.clear();
    });
    worker.postMessage({ models: job.models, read, keep: job.keep, missing: job.missing } satisfies CsvScoreSetup);
  }
  /** Pieces sent and not yet written, in input order; a piece without `answer` is this thread's to score. */
  const inFlight: { piece: Buffer; answer: Promise<CsvScoreAnswer> | null }[] = [];
  let sent = 0;
  let line = 0; // the file line of the next piece's first record (0 until the first answer)
  const send = (records: Buffer) => {
    const id = sent++;
    const slot = id % job.threads;
    if (slot === 0) {
      inFlight.push({ piece: records, answer: null });
      return;
    }
    const bytes = new Uint8Array(headerBytes.length + records.length);
    bytes.set(headerBytes, 0);
    bytes.set(records, headerBytes.length);
    const answer = new Promise<CsvScoreAnswer>((resolve, reject) => {
      if (failure !== null) reject(failure);
      else {
        waiting.set(id, { resolve, reject });
        workers[slot - 1].postMessage({ id, bytes }, [bytes.buffer]);
      }
    });
    answer.catch(() => {}); // raised where the piece is written, in order
    inFlight.push({ piece: records, answer });
  };
  const writeOldest = async () => {
    const { piece, answer } = inFlight.shift() as { piece: Buffer; answer: Promise<CsvScoreAnswer> | null };
    const a = answer === null ? null : await answer;
    if (a === null || a.error !== undefined || a.bytes === undefined) {
      // the one-thread pipeline on this piece, numbered from its true line: the same error, or (a worker that stopped) the same rows
      line = await here(pieceWithHeader(headerBytes, piece), line);
      return;
    }
    if (line === 0) line = a.first as number;
    const offset = line - (a.first as number);
    await writeHeader();
    if (a.bytes.length > 0) await writeWithBackpressure(out, a.bytes);
    await writeRejects(offset === 0 ? (a.rejects ?? []) : (a.rejects ?? []).map((r) => ({ ...r, line: r.line + offset })));
    add(a.counts as StreamCounts);
    line += (a.line as number) - (a.first as number);
  };
  try {
    for (let want = csvScoreWorker.piece; ;) {
      await gather(want);
      // a piece is at most `piece` bytes of whole records (or one record longer than that)
      const size = csvScoreWorker.piece;
      let cut = done && held.length <= size ? held.length : recordsEnd(held.length > size ? held.subarray(0, size) : held, delimiter);
      if (cut < 0 && held.length > size) cut = done ? held.length : recordsEnd(held, delimiter);
      if (cut < 0 && held.length > limit + csvScoreWorker.piece) {
        // a record longer than the limits allow: the one-thread pipeline reports it, from its true line
        while (inFlight.length > 0) await writeOldest();
        await here(rest(Buffer.concat([headerBytes, held])), line);
        return;
      }
      if (cut < 0) {
        want = 2 * held.length; // a record longer than a piece: read on, doubling (linear time)
        continue;
      }
      want = csvScoreWorker.piece;
      if (cut > 0 || sent === 0) send(held.subarray(0, cut));
      held = held.subarray(cut);
      while (inFlight.length >= 2 * job.threads) await writeOldest();
      if (done && held.length === 0) break;
    }
    while (inFlight.length > 0) await writeOldest();
    await writeHeader();
  } finally {
    closing = true;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function pieceWithHeader(head: Buffer, piece: Buffer): AsyncIterable<Buffer> {
  return Readable.from([head, piece]);
}

/**
 * Where the header record of `buf` ends (after its line end), as readCsvBatches finds it (up to
 * the first line end outside quotes, after a BOM); -1 when `buf` does not hold it all yet, -2
 * when it is longer than `limit` bytes.
 */
function headerLength(buf: Buffer, limit: number): number {
  let inQuotes = false;
  const start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  for (let p = start; p < buf.length; p++) {
    if (p - start > limit) return -2;
    const c = buf[p];
    if (c === QUOTE) inQuotes = !inQuotes;
    else if ((c === LF || c === CR) && !inQuotes) {
      if (c === LF) return p + 1;
      if (p + 1 >= buf.length) return -1;
      return buf[p + 1] === LF ? p + 2 : p + 1;
    }
  }
  return -1;
}

/**
 * Where the last whole record of `buf` ends, `buf` starting at a record: after the last line end
 * when it holds no quote; else following readCsvBatches' quoting from the start (a field that
 * opens with a quote runs to the next single quote, doubled quotes inside; anything else runs to
 * a delimiter or line end). A CR as the last byte may be a CRLF's and does not end a record yet.
 * -1 when no record ends in `buf`.
 */
export function recordsEnd(buf: Buffer, delimiter: number): number {
  const n = buf.length;
  if (buf.indexOf(QUOTE) < 0) {
    let q = Math.max(buf.lastIndexOf(LF), buf.lastIndexOf(CR));
    if (q === n - 1 && buf[q] === CR) q = q === 0 ? -1 : Math.max(buf.lastIndexOf(LF, q - 1), buf.lastIndexOf(CR, q - 1));
    return q < 0 ? -1 : q + 1;
  }
  let last = -1;
  let p = 0;
  while (p < n) {
    if (buf[p] === QUOTE) {
      let q = p + 1;
      for (;;) {
        q = buf.indexOf(QUOTE, q);
        if (q < 0 || q + 1 >= n) return last;
        if (buf[q + 1] === QUOTE) q += 2;
        else break;
      }
      p = q + 1;
    }
    while (p < n) {
      const c = buf[p];
      if (c === delimiter || c === LF || c === CR) break;
      p++;
    }
    if (p >= n) return last;
    const c = buf[p];
    if (c === delimiter) p++;
    else if (c === LF) last = ++p;
    else {
      if (p + 1 >= n) return last;
      p += buf[p + 1] === LF ? 2 : 1;
      last = p;
    }
  }
  return last;
}

function rejectLine(r: RejectedLine): string {
  return `${r.line},${csvField(r.reason)},${csvField(r.text)}\n`;
}

import { existsSync } from 'node:fs';
import { threadsOption } from '../internal/threadsOption.js';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CustomerValueError } from '../errors.js';
import { parseCsv, type CsvColumns, type ParseCsvOptions } from '../io/parseCsv.js';
import { csvFileColumns, type CsvPartResult, type CsvPartTask } from '../internal/csvFileColumns.js';
import { csvFileColumnsParallel, MIN_PART_BYTES, type CsvPartRunner } from '../internal/csvFileColumnsParallel.js';
import { parseCsvOptions, type CsvOptions } from '../internal/parseCsvOptions.js';
import { parseSpec } from '../internal/parseSpec.js';
import { workerExecArgv } from './workerPool.js';

/** Options for `readCsvFile`: `parseCsv`'s, plus `threads`. */
export interface ReadCsvFileOptions extends ParseCsvOptions {
  /**
   * Threads parsing at once (default `'auto'`: `os.availableParallelism()`): the calling thread
   * plus `threads − 1` workers started for the read and stopped after it, each parsing one byte
   * range of the file into its rows of shared columns. Each thread takes at least 8 MiB of the
   * file, so smaller files are read on fewer threads (under 16 MiB: one). The result is the same
   * whatever the count, bit for bit, and so are the errors (line and row). With more than one
   * thread the numeric columns are `Float64Array`s over `SharedArrayBuffer` memory, so
   * `scoreColumns` with `threads` uses them without a copy.
   */
  readonly threads?: number | 'auto';
}

const threadsSchema = threadsOption();

/**
 * Read a UTF-8 CSV file into columns with `parseCsv`'s rules (numbers as `Float64Array`). The
 * file is read in 1 MiB chunks and parsed straight from the bytes — never the whole file as bytes
 * or as a string, no string per number — so memory is about the columns returned (about 1.1× on
 * a 125 MB numeric file; `bench:csv-read`), and the result is exactly `parseCsv`'s on the decoded
 * text, bit for bit. A file `parseCsv` would refuse (a malformed quote, a ragged line, a bad
 * `numbers` cell, invalid UTF-8…) is re-read as text so every error is `parseCsv`'s, word for word.
 * On several threads (`threads`, default all cores) the file is cut into byte ranges, one per
 * thread, each parsed by a worker (the first by the calling thread) into its own rows of shared
 * columns, then moved together in place: memory stays about the columns returned, and the result
 * and every error are the one-thread read's, bit for bit (a range's start is a guess at the
 * first record boundary after its split point, checked against where the range before it ended,
 * and parsed again when a quoted line break fooled it). Up to 1.4× faster on two threads than on
 * one on a busy 2-core machine (`bench:csv-read`; peak memory 1.18× the columns).
 * For files larger than memory, stream them with `readCsvBatches`. Line ends,
 * quoting, size limits, the number grammar and typing are `parseCsv`'s (README "Data in"): a column becomes numbers only when that loses nothing, so id columns with
 * leading zeros (`007`) or 19-digit ids stay text and distinct customers never merge; pass
 * `text: [idColumn]` to keep ids as text always and `numbers: [amountColumn]` to have every bad
 * cell named with its file line (as the CLI does).
 *
 * @param options `parseCsv`'s options, and `threads` (default `'auto'`: `os.availableParallelism()`;
 * at least 8 MiB of the file per thread).
 * @throws {CustomerValueError} `invalid_value` when the file cannot be read, is not UTF-8 (naming
 * the line of the first invalid byte, never a silent U+FFFD), or is not valid CSV; `invalid_spec`
 * for bad options (a `threads` that is not an integer 1–256 or `'auto'`); `worker_failed` when a
 * worker stops before finishing its part (retry with `threads: 1`).
 * @example
 * const { rowCount } = await readCsvFile('examples/data/cdnow_master.csv');
 * rowCount; // => 69659
 * const two = await readCsvFile('examples/data/cdnow_master.csv', { threads: 2 });
 * two.rowCount; // => 69659
 */
export async function readCsvFile(path: string, options: ReadCsvFileOptions = {}): Promise<CsvColumns> {
  const { threads: asked, ...csvOptions } = options ?? {};
  const threads = parseSpec(threadsSchema, asked, 'readCsvFile', 'options.threads');
  const parts = threads === 'auto' ? availableParallelism() : threads;
  let o: CsvOptions | undefined;
  try {
    o = parseCsvOptions(csvOptions);
  } catch {
    o = undefined; // the text path reports bad options (after an unreadable file, as it always has)
  }
  const columns = o === undefined || typeof path !== 'string' ? undefined : await fileColumns(path, o, parts);
  return columns ?? readCsvText(path, csvOptions);
}

/** The worker program, built next to this entry (absent when running from the TypeScript sources: one thread then). */
function workerFile(): string | null {
  try {
    const file = fileURLToPath(new URL('./csvPartWorker.js', import.meta.url));
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/** @internal The worker program (tests running from the sources point it at the built one). */
export const csvPartWorker: { file: string | null; minPartBytes: number; started: ((worker: Worker) => void) | null } = {
  file: workerFile(),
  minPartBytes: MIN_PART_BYTES,
  /** Lets tests reach each worker as it starts (to terminate it in the middle of its part). */
  started: null,
};

/**
 * The byte path on `parts` threads. A worker that stops before answering is a
 * `CustomerValueError` `worker_failed` at once; any other failure (the file gone mid-read) sends
 * the read to the text path, which names it.
 */
async function fileColumns(path: string, o: CsvOptions, parts: number): Promise<CsvColumns | undefined> {
  const file = csvPartWorker.file;
  if (parts <= 1 || file === null) return csvFileColumns(path, o);
  const workers: Worker[] = [];
  const run: CsvPartRunner = (task, index) =>
    new Promise<CsvPartResult>((resolve, reject) => {
      let worker = workers[index];
      if (worker === undefined) {
        worker = workers[index] = new Worker(file, { execArgv: workerExecArgv() });
        csvPartWorker.started?.(worker);
      }
      const settle = () => {
        worker.off('message', message);
        worker.off('error', failed);
        worker.off('exit', exit);
      };
      const message = (m: { result?: CsvPartResult; error?: string }) => {
        settle();
        if (m.result !== undefined) resolve(m.result);
        else reject(new Error(m.error));
      };
      let reason = 'it exited';
      const failed = (error: Error) => {
        reason = `it failed: ${error.message}`;
      };
      const exit = (code: number) => {
        settle();
        reject(workerStopped(`${reason} (exit code ${code})`));
      };
      worker.on('message', message);
      worker.once('error', failed);
      worker.once('exit', exit);
      worker.postMessage(task satisfies CsvPartTask);
    });
  try {
    return await csvFileColumnsParallel(path, o, parts, run, csvPartWorker.minPartBytes);
  } catch (error) {
    if (error instanceof CustomerValueError) throw error;
    return undefined;
  } finally {
    // the workers go with the read: an idle worker never collects, so it would keep the shared columns alive
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** The text path: the whole file decoded, then `parseCsv` (the reference, and the one that reports every problem). */
async function readCsvText(path: string, options: ParseCsvOptions): Promise<CsvColumns> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new CustomerValueError('invalid_value', `readCsvFile: cannot read "${path}"`, [
      { function: 'readCsvFile', path: 'path', expected: 'a readable file', received: (cause as Error).message },
    ]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // never a silent U+FFFD in place of the bytes: name the line holding the first invalid one
    const line = lineAt(bytes, firstInvalidUtf8(bytes));
    throw new CustomerValueError('invalid_value', `readCsvFile: "${path}" is not valid UTF-8 (line ${line})`, [
      { function: 'readCsvFile', line, path: 'path', expected: `UTF-8 text (save the export as UTF-8)`, received: 'bytes that are not UTF-8' },
    ]);
  }
  return parseCsv(text, options);
}

/** The file line (LF, CRLF or a lone CR end a line, as in `parseCsv`) of byte `offset`. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 10 || (bytes[i] === 13 && bytes[i + 1] !== 10)) line++;
  }
  return line;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (Unicode 15, table 3-7). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return b.length;
}

function workerStopped(reason: string): CustomerValueError {
  return new CustomerValueError('worker_failed', `readCsvFile: a CSV part worker stopped before finishing its part: ${reason}`, [
    { function: 'readCsvFile', expected: 'every part of the file parsed', received: reason, hint: 'retry with threads: 1' },
  ]);
}

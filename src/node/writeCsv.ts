import type { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import * as z from 'zod';
import { CustomerValueError } from '../errors.js';
import { parseSpec } from '../internal/parseSpec.js';
import { formatCsvRows } from './formatCsvRows.js';
import type { RejectedLine } from './columnBatch.js';
import type { ScoredBatch } from './scoreStream.js';
import { openOutputs, writeWithBackpressure } from './writableSink.js';
import { formatNumberText } from '../internal/numberText.js';
import { createNumberWriter } from '../internal/createNumberWriter.js';
import { assertBatch } from './nodeArguments.js';
import { workerExecArgv } from './workerPool.js';

const decimalsSchema = z.number().int().min(0).max(20);
const writeOptionsSchema = z.strictObject({
  threads: z.number().default(1),
  decimals: z.union([decimalsSchema, z.record(z.string(), decimalsSchema)]).optional(),
});

/** Options for `writeCsvBatches`. */
export interface WriteCsvOptions {
  /** Format on `threads − 1` worker threads while the next batches are read and scored (1–64, default 1); the same bytes. */
  readonly threads?: number;
  /**
   * Fixed decimals instead of the default shortest round-trip text: a whole number 0–20 for
   * every float column (`Float64Array`/`Float32Array`, e.g. `pyramid.value`), or `{ column: d }`
   * per column (any number column). Each value is written as `value.toFixed(d)` writes it
   * (round half up on the exact binary value, so `1.005` → `1.00`; `-0.001` → `-0.00`; from
   * 1e21 up, `String(value)`). Without it numbers are written at round-trip precision and read
   * back to the same doubles; with it they read back rounded.
   */
  readonly decimals?: number | Readonly<Record<string, number>>;
}

/** Quote a CSV field when it needs it (delimiter, quote, line break). */
export function csvField(value: unknown): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '';
  const text =
    typeof value === 'number'
      ? formatNumberText(value)
      : typeof value === 'object'
        ? value instanceof Date
          ? value.toISOString()
          : JSON.stringify(value)
        : // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects are written as JSON above; what reaches String() is a string, boolean or bigint
          String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Write scored batches as CSV (header first, numbers at round-trip precision, missing as empty
 * cells) to a writable stream or a file, honouring backpressure, and rejected lines to an
 * optional reject sink as `line,reason,text`. Resolves with the rows and rejects written.
 * Given a path, the file appears complete or not at all: rows go to a temporary file in the same
 * directory, renamed onto the path once every batch is written; if the batches or a write fail
 * (disk full, a bad batch), the temporary file is removed, the path is left as it was and the
 * error (naming the path for a file error) is thrown. The same holds for a reject file path. A
 * stream given by the caller is written and left open. (The library installs no signal handler:
 * a process killed mid-way may leave the hidden `.<name>.<pid>-<random>.tmp`, never a truncated
 * file at the path.)
 * With `threads > 1`, batches are formatted by `threads − 1` worker threads while the caller
 * reads and scores the next ones; the output is the same bytes, in the same order. The workers
 * start with a clean `execArgv`; one that fails or exits rejects the write at once with a
 * `CustomerValueError` (`worker_failed`).
 *
 * Numbers are written by default at round-trip precision: the bytes of `String(v)` (the fewest
 * digits that read back to the same double; `0.30000000000000004`), from 2^53 to 1e21 in
 * exponent form, so every value reads back exactly. `decimals` asks for fixed decimals instead,
 * for all float columns (`decimals: 2`) or per column (`{ 'pyramid.value': 2 }`), written as
 * `toFixed` writes them (see `WriteCsvOptions.decimals`); those values read back rounded.
 * Numbers go straight into bytes (no string per value).
 *
 * @throws {CustomerValueError} `invalid_spec` for `threads` outside 1–64, `decimals` not a whole number 0–20, or a `decimals` column not in the output; `worker_failed` (above).
 * @example
 * import { Writable } from 'node:stream';
 * const sinkOf = (chunks) => new Writable({ write(chunk, _e, done) { chunks.push(String(chunk)); done(); } });
 * async function* one() { yield { columns: { id: ['a', 'b'], 'pyramid.tier': Int32Array.of(0, 2), 'pyramid.value': Float64Array.of(0.1 + 0.2, 1.005) }, names: ['id', 'pyramid.tier', 'pyramid.value'], rowCount: 2, rejects: [] }; }
 * const shortest = [];
 * await writeCsvBatches(one(), sinkOf(shortest));
 * shortest.join(''); // => 'id,pyramid.tier,pyramid.value\na,0,0.30000000000000004\nb,2,1.005\n'
 * const fixed = [];
 * await writeCsvBatches(one(), sinkOf(fixed), undefined, { decimals: 2 });
 * fixed.join(''); // => 'id,pyramid.tier,pyramid.value\na,0,0.30\nb,2,1.00\n'
 */
export async function writeCsvBatches(
  batches: AsyncIterable<ScoredBatch>,
  output: Writable | string,
  rejectSink?: Writable | string,
  options: WriteCsvOptions = {},
): Promise<{ rows: number; rejects: number }> {
  const parsed = parseSpec(writeOptionsSchema, options, 'writeCsvBatches', 'options');
  const threads = parsed.threads;
  const floatDecimals = typeof parsed.decimals === 'number' ? parsed.decimals : -1;
  const namedDecimals = typeof parsed.decimals === 'object' ? parsed.decimals : null;
  const numbers = createNumberWriter();
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new CustomerValueError('invalid_spec', 'writeCsvBatches: options.threads must be a whole number from 1 to 64', [
      { function: 'writeCsvBatches', path: 'options.threads', expected: 'a whole number from 1 to 64', received: String(threads) },
    ]);
  }
  const { out, rejectOut, close, abort, named } = await openOutputs('writeCsvBatches', batches, output, rejectSink);
  let rows = 0;
  let rejects = 0;
  let header = false;
  const formatter = threads > 1 ? new FormatWorkers(threads - 1) : null;
  // batches formatted (in order) and not yet written: at most two per worker in flight
  const inFlight: { bytes: Promise<Uint8Array>; rowCount: number; rejects: readonly RejectedLine[] }[] = [];
  const writeOldest = async () => {
    const done = inFlight.shift()!;
    const bytes = await done.bytes;
    if (bytes.length > 0) await writeWithBackpressure(out, bytes);
    rows += done.rowCount;
    if (rejectOut && done.rejects.length) await writeWithBackpressure(rejectOut, done.rejects.map(rejectLine).join(''));
    rejects += done.rejects.length;
  };
  try {
    if (rejectOut) await writeWithBackpressure(rejectOut, 'line,reason,text\n');
    for await (const batch of batches) {
      assertBatch(batch, 'writeCsvBatches', true);
      if (!header) {
        if (namedDecimals) checkDecimalColumns(namedDecimals, batch.names);
        await writeWithBackpressure(out, `${batch.names.map(csvField).join(',')}\n`);
        header = true;
      }
      const columns = batch.names.map((name) => batch.columns[name]);
      const columnDecimals = namedDecimals ? batch.names.map((name) => (Object.hasOwn(namedDecimals, name) ? namedDecimals[name] : -1)) : [];
      const bytes = formatter
        ? formatter.format(columns, batch.rowCount, columnDecimals, floatDecimals)
        : Promise.resolve(formatCsvRows(columns, batch.rowCount, numbers, columnDecimals, floatDecimals));
      bytes.catch(() => {}); // a failure is raised where the batch is written, in order
      inFlight.push({ bytes, rowCount: batch.rowCount, rejects: batch.rejects });
      while (inFlight.length > (formatter ? 2 * formatter.size : 0)) await writeOldest();
    }
    while (inFlight.length > 0) await writeOldest();
  } catch (error) {
    // a failed run leaves nothing at the output paths (files opened here are temporary until closed)
    await abort();
    throw named(error);
  } finally {
    await formatter?.close();
  }
  await close();
  return { rows, rejects };
}

/**
 * Workers that run `formatCsvRows` (started from its source, so no worker file has to be
 * resolved in the ESM or CommonJS build). Jobs go round-robin; each answer carries its job id.
 */
class FormatWorkers {
  private readonly workers: Worker[];
  /** Why the workers can no longer format (a worker failed or exited), once one did. */
  private failure: CustomerValueError | null = null;
  private readonly waiting = new Map<number, { resolve(bytes: Uint8Array): void; reject(error: Error): void }>();
  private next = 0;

  constructor(readonly size: number) {
    const source = `const { parentPort } = typeof require === 'function' ? require('node:worker_threads') : process.getBuiltinModule('node:worker_threads');
const createNumberWriter = ${createNumberWriter.toString()};
const formatCsvRows = ${formatCsvRows.toString()};
const numbers = createNumberWriter();
parentPort.on('message', ({ id, columns, rowCount, columnDecimals, floatDecimals }) => {
  try {
    const bytes = formatCsvRows(columns, rowCount, numbers, columnDecimals, floatDecimals);
    parentPort.postMessage({ id, bytes }, [bytes.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});`;
    this.workers = Array.from({ length: size }, () => {
      // a clean execArgv: the caller's `--input-type=module`, `--eval` or loaders would break the worker
      const worker = new Worker(source, { eval: true, execArgv: workerExecArgv() });
      formatWorkerHooks.started?.(worker);
      worker.on('message', ({ id, bytes, error }: { id: number; bytes?: Uint8Array; error?: string }) => {
        const job = this.waiting.get(id);
        this.waiting.delete(id);
        if (error !== undefined) job?.reject(formatFailure(`a formatting worker failed: ${error}`));
        else job?.resolve(bytes as Uint8Array);
      });
      let reason = 'it exited';
      worker.on('error', (error) => {
        reason = `it failed: ${error.message}`;
      });
      // any stop before close() fails every pending and later batch at once
      worker.on('exit', (code) => {
        if (this.closing) return;
        this.failure ??= formatFailure(`a formatting worker stopped: ${reason} (exit code ${code})`);
        for (const job of this.waiting.values()) job.reject(this.failure);
        this.waiting.clear();
      });
      return worker;
    });
  }

  private closing = false;

  format(columns: readonly unknown[], rowCount: number, columnDecimals: readonly number[], floatDecimals: number): Promise<Uint8Array> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[id % this.size].postMessage({ id, columns, rowCount, columnDecimals, floatDecimals });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/** @internal Lets tests reach each formatting worker as it starts (e.g. to terminate it mid-run). */
export const formatWorkerHooks: { started: ((worker: Worker) => void) | null } = { started: null };

function formatFailure(summary: string): CustomerValueError {
  return new CustomerValueError('worker_failed', `writeCsvBatches: ${summary}`, [
    { function: 'writeCsvBatches', expected: 'every batch formatted', received: summary, hint: 'retry with threads: 1' },
  ]);
}

/** `decimals: { column: d }` naming a column the output does not have is a typo, refused before any row is written. */
function checkDecimalColumns(named: Readonly<Record<string, number>>, names: readonly string[]): void {
  const unknown = Object.keys(named).filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    throw new CustomerValueError(
      'invalid_spec',
      `writeCsvBatches: options.decimals names ${unknown.length} column(s) not in the output`,
      unknown.map((name) => ({
        function: 'writeCsvBatches',
        path: `options.decimals.${name}`,
        expected: `one of the output columns: ${names.join(', ')}`,
        received: JSON.stringify(name),
      })),
    );
  }
}

function rejectLine(r: RejectedLine): string {
  return `${r.line},${csvField(r.reason)},${csvField(r.text)}\n`;
}

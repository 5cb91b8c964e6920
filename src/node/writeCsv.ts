import type { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { CustomerValueError } from '../errors.js';
import { parseSpec } from '../internal/parseSpec.js';
import { formatCsvRows } from './formatCsvRows.js';
import type { RejectedLine } from './columnBatch.js';
import type { ScoredBatch } from './scoreStream.js';
import { openOutputs, writeWithBackpressure } from './writableSink.js';
import { formatNumberText } from '../internal/numberText.js';
import { assertBatch } from './nodeArguments.js';
import { workerExecArgv } from './workerPool.js';

const writeOptionsSchema = z.strictObject({ threads: z.number().default(1) });

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
 * @example
 * import { Writable } from 'node:stream';
 * const chunks = [];
 * const sink = new Writable({ write(chunk, _e, done) { chunks.push(String(chunk)); done(); } });
 * async function* one() { yield { columns: { id: ['a'], 'pyramid.tier': Int32Array.of(0) }, names: ['id', 'pyramid.tier'], rowCount: 1, rejects: [] }; }
 * await writeCsvBatches(one(), sink);
 * chunks.join(''); // => 'id,pyramid.tier\na,0\n'
 */
export async function writeCsvBatches(
  batches: AsyncIterable<ScoredBatch>,
  output: Writable | string,
  rejectSink?: Writable | string,
  options: { readonly threads?: number } = {},
): Promise<{ rows: number; rejects: number }> {
  const threads = parseSpec(writeOptionsSchema, options, 'writeCsvBatches', 'options').threads;
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
        await writeWithBackpressure(out, `${batch.names.map(csvField).join(',')}\n`);
        header = true;
      }
      const columns = batch.names.map((name) => batch.columns[name]);
      const bytes = formatter ? formatter.format(columns, batch.rowCount) : Promise.resolve(formatCsvRows(columns, batch.rowCount));
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
const formatCsvRows = ${formatCsvRows.toString()};
parentPort.on('message', ({ id, columns, rowCount }) => {
  try {
    const bytes = formatCsvRows(columns, rowCount);
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

  format(columns: readonly unknown[], rowCount: number): Promise<Uint8Array> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[id % this.size].postMessage({ id, columns, rowCount });
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

function rejectLine(r: RejectedLine): string {
  return `${r.line},${csvField(r.reason)},${csvField(r.text)}\n`;
}

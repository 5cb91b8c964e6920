import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import { assertModelKind } from '../model/assertModelKind.js';
import {
  prepareBootstrap,
  runJackknife,
  runResamples,
  summarizeBootstrap,
  type BootstrapJob,
  type BootstrapPlsOptions,
  type BootstrapPlsResult,
  type ResampleDraws,
} from '../satisfaction/pls/bootstrapPlsPathModel.js';
import type { PlsPathModel } from '../satisfaction/pls/fitPlsPathModel.js';
import { confidenceOption, resampleCount, seedOption } from '../internal/plsOptionSchemas.js';
import { threadsOption } from '../internal/threadsOption.js';
import { STATUS_STRIDE, WorkerPool } from './workerPool.js';
import { resampleChunks, scratchBytes, VALUES_OFFSET, type ChunkTask } from './bootstrapChunks.js';

const FN = 'bootstrapPlsPathModel';

/** Options for the Node `bootstrapPlsPathModel`: `customer-value/pls`'s, plus `threads`. */
export interface ThreadedBootstrapPlsOptions extends BootstrapPlsOptions {
  /** Threads resampling at once (default `'auto'`: all cores): the caller plus `threads − 1` kept-alive workers. */
  readonly threads?: number | 'auto';
}

const optionsSchema = z.strictObject({
  samples: resampleCount(5000),
  seed: seedOption(),
  confidence: confidenceOption(),
  threads: threadsOption(),
});

/** Fewer resamples than this per thread run on one thread: a worker's start would cost more. */
const MIN_SAMPLES_PER_THREAD = 250;

/** The worker program, built next to this entry (absent when running from the TypeScript sources). */
function workerFile(): string | null {
  try {
    const path = fileURLToPath(new URL('./plsBootstrapWorker.js', import.meta.url));
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** @internal The worker program (tests running from the sources point it at the built one). */
export const bootstrapWorker = { file: workerFile() };

/** Kept-alive bootstrap workers, one pool per worker file (@internal: exported for the fault tests). */
export const pools = new Map<string, WorkerPool>();

/**
 * `bootstrapPlsPathModel` on all cores: resamples are split into contiguous ranges, the calling
 * thread computes one and kept-alive `worker_threads` workers the others, writing into shared
 * memory. Every resample draws from its own seeded stream, so the results are identical to one
 * thread's for the same seed. Synchronous, like the `customer-value/pls` function (the caller waits with
 * `Atomics.wait`); small jobs stay on one thread.
 *
 * @param options `samples` (5,000), `seed` (1), `confidence` (0.95), `threads` (`'auto'`).
 * Workers start with a clean `execArgv` and share one scratch buffer reused across calls; a worker
 * that fails, exits or cannot start raises `worker_failed` at once.
 *
 * @throws {CustomerValueError} as `bootstrapPlsPathModel` of `customer-value/pls`; `worker_failed` when a worker stops.
 * @example
 * const survey = (await readCsvFile('examples/data/ecsi_mobi.csv')).columns;
 * const model = fitPlsPathModel(survey, { constructs: { Value: { items: ['PERV1', 'PERV2'] }, Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3'] } }, paths: [['Value', 'Satisfaction']] });
 * const boot = bootstrapPlsPathModel(model, survey, { samples: 1000, seed: 3, threads: 2 });
 * boot.paths[0].sd > 0.02 && boot.paths[0].sd < 0.1; // => true
 */
export function bootstrapPlsPathModel(model: PlsPathModel, data: TableInput, options: ThreadedBootstrapPlsOptions = {}): BootstrapPlsResult {
  model = assertModelKind(model, 'plsPathModel', FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const job = prepareBootstrap(model, data);
  const { parts, jackknife } = resampleOnThreads(job, o.seed, o.samples, bootstrapThreads(o.threads, o.samples), FN);
  return summarizeBootstrap(model, job, parts, jackknife, o);
}

/** @internal Threads for `samples` resamples: `'auto'` is every core, and no thread gets fewer than `MIN_SAMPLES_PER_THREAD`. */
export const bootstrapThreads = (threads: number | 'auto', samples: number): number =>
  Math.min(threads === 'auto' ? availableParallelism() : threads, Math.floor(samples / MIN_SAMPLES_PER_THREAD));

/**
 * @internal Resamples 0..samples − 1 of `job` and its jackknife (for BCa), on `threads` threads:
 * the caller takes chunks of resamples as the kept-alive workers do (from a counter in the pool's
 * shared scratch memory) and then runs the jackknife. Every resample draws from its own seeded
 * stream, so the draws are those of one thread, bit for bit. A worker that fails raises
 * `worker_failed` (for `fn`) once every other worker has finished its part.
 */
export function resampleOnThreads(
  job: BootstrapJob,
  seed: number,
  samples: number,
  threads: number,
  fn: string,
): { parts: ResampleDraws[]; jackknife: ResampleDraws } {
  const file = threads > 1 ? bootstrapWorker.file : null;
  if (threads < 2 || file === null) return { parts: [runResamples(job, seed, 0, samples)], jackknife: runJackknife(job, seed) };
  const width = runResamples(job, seed, 0, 0).width;
  let pool = pools.get(file);
  if (!pool) pools.set(file, (pool = new WorkerPool(FN, 'bootstrap', { file })));
  const scratch = pool.scratch(scratchBytes(samples, width));
  Atomics.store(new Int32Array(scratch, 0, 1), 0, 0);
  const task: ChunkTask = { job, seed, samples, chunk: 50, width, scratch };
  for (let slot = 0; slot < threads - 1; slot++) pool.post(slot, { ...task, slot }, fn);
  let notConverged = 0;
  let thrown: unknown = null;
  let jackknife: ResampleDraws | null = null;
  try {
    notConverged = resampleChunks(task);
    // the jackknife (for BCa) on this thread: its units depend on the seed only
    jackknife = runJackknife(job, seed);
  } catch (error) {
    thrown = error; // raised once every worker is done with the scratch memory
  }
  // every worker finishes or stops before anything is thrown; a failure stops the hand-out of resamples
  pool.waitAll(threads - 1, Date.now() + 600_000, { fn, onFailure: () => Atomics.store(new Int32Array(scratch, 0, 1), 0, samples) });
  for (let slot = 0; slot < threads - 1; slot++) notConverged += pool.status[slot * STATUS_STRIDE + 1];
  if (thrown !== null) throw thrown as Error;
  const values = new Float64Array(scratch, VALUES_OFFSET, samples * width).slice();
  return { parts: [{ from: 0, count: samples, width, values, notConverged }], jackknife: jackknife! };
}

import { existsSync } from 'node:fs';
import { threadsOption } from '../internal/threadsOption.js';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import { parameterDraws, parameterDrawsOptionsSchema, type ClvParameterDraws, type ClvParameterDrawsOptions } from '../loyalty/clv/clvParameterDraws.js';
import { bootstrapReplicates, type ReplicateDraws } from '../loyalty/clv/parameterReplicates.js';
import type { UncertainClvModel, UncertaintyProblem } from '../loyalty/clv/parameterUncertaintyProblems.js';
import { clvReplicateChunks, clvScratchBytes, OUTCOME_OFFSET, thetaOffset, type ClvChunkTask } from './clvBootstrapChunks.js';
import { WorkerPool } from './workerPool.js';

const FN = 'clvParameterDraws';

/** Options for the Node `clvParameterDraws`: `customer-value/clv`'s, plus `threads`. */
export interface ThreadedClvParameterDrawsOptions extends ClvParameterDrawsOptions {
  /** Threads refitting bootstrap replicates at once (default `'auto'`: all cores): the caller plus `threads − 1` kept-alive workers. The delta method always runs on one thread. */
  readonly threads?: number | 'auto';
}

const optionsSchema = parameterDrawsOptionsSchema.extend({
  threads: threadsOption(),
});

/** Fewer replicates than this per thread run on one thread: a worker's start would cost more. */
const MIN_DRAWS_PER_THREAD = 100;
/** Replicates a thread takes from the shared counter at a time. */
const CHUNK = 10;

/** The worker program, built next to this entry (absent when running from the TypeScript sources). */
function workerFile(): string | null {
  try {
    const path = fileURLToPath(new URL('./clvBootstrapWorker.js', import.meta.url));
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** @internal The worker program (tests running from the sources point it at the built one). */
export const clvBootstrapWorker = { file: workerFile() };

/** Kept-alive bootstrap workers, one pool per worker file (@internal: exported for the fault tests). */
export const clvPools = new Map<string, WorkerPool>();

/** The bootstrap's replicates split over the caller and `threads − 1` workers, assembled in replicate order: what one thread returns. */
function threadedReplicates(problem: UncertaintyProblem, file: string, threads: number, seed: number, draws: number, maxIterations: number): ReplicateDraws {
  const k = problem.names.length;
  let pool = clvPools.get(file);
  if (!pool) clvPools.set(file, (pool = new WorkerPool(FN, 'bootstrap', { file })));
  const scratch = pool.scratch(clvScratchBytes(draws, k));
  new Int32Array(scratch, 0, 2 + draws).fill(0);
  const task: ClvChunkTask = { job: problem.job, seed, draws, chunk: CHUNK, maxIterations, scratch };
  for (let slot = 0; slot < threads - 1; slot++) pool.post(slot, { ...task, slot });
  let thrown: unknown = null;
  try {
    clvReplicateChunks(task);
  } catch (error) {
    thrown = error; // raised once every worker is done with the scratch memory
  }
  // every worker finishes or stops before anything is thrown; a failure stops the hand-out of replicates
  pool.waitAll(threads - 1, Date.now() + 3_600_000, { onFailure: () => Atomics.store(new Int32Array(scratch, 0, 1), 0, draws) });
  if (thrown !== null) throw thrown as Error;
  const outcome = new Int32Array(scratch, OUTCOME_OFFSET, draws);
  const values = new Float64Array(scratch, thetaOffset(draws), draws * k);
  const theta: number[] = [];
  const replicates: number[] = [];
  const failed: number[] = [];
  for (let b = 0; b < draws; b++) {
    if (outcome[b] === 1) {
      for (let i = 0; i < k; i++) theta.push(values[b * k + i]);
      replicates.push(b);
    } else failed.push(b);
  }
  return { theta: Float64Array.from(theta), replicates: Int32Array.from(replicates), failed, newtonSteps: 0 };
}

/**
 * `clvParameterDraws` with the histogram bootstrap on all cores: replicates are handed out in
 * chunks to the calling thread and kept-alive `worker_threads` workers, which refit them and write
 * their parameters into shared memory at each replicate's own row. Replicate b draws from its own
 * stream derived from (`seed`, b), so the draws are identical to one thread's for the same seed,
 * whatever `threads` is. Synchronous, like the `customer-value/clv` function (the caller waits with
 * `Atomics.wait`); the delta method and small jobs (under 100 replicates per thread) stay on one
 * thread.
 *
 * @param model A model `clvParameterDraws` of `customer-value/clv` takes: fitted by `fitBetaGeo`, `fitModifiedBetaGeo`, `fitParetoNbd`,
 *   `fitGammaGamma`, `fitBetaGeoBetaBinomial`, or one of the `fit*WithCovariates` (the workers rebuild its grouped likelihood).
 * @param summary The table the model was fitted on (read with the model's spec).
 * @param options The `customer-value/clv` function's (`method`, `draws`, `seed`, `levels`, `maxIterations`, `missing`), and `threads` (`'auto'`).
 * Workers start with a clean `execArgv` and share one scratch buffer reused across calls; a worker
 * that fails, exits or cannot start raises `worker_failed` at once.
 * @throws {CustomerValueError} as `clvParameterDraws` of `customer-value/clv`; `worker_failed` when a worker stops.
 * @example
 * const summary = (await readCsvFile('test/fixtures/loyalty/cdnow_btyd_cbs.csv')).columns;
 * const model = fitBetaGeo(summary, { timeUnit: 'week', columns: { frequency: 'x', recency: 't_x', T: 'T_cal' } });
 * const two = clvParameterDraws(model, summary, { draws: 300, seed: 4, threads: 2 });
 * const one = clvParameterDraws(model, summary, { draws: 300, seed: 4, threads: 1 });
 * JSON.stringify(two) === JSON.stringify(one); // => true
 */
export function clvParameterDraws(model: UncertainClvModel, summary: TableInput, options: ThreadedClvParameterDrawsOptions = {}): ClvParameterDraws {
  const { threads: requested, ...o } = parseSpec(optionsSchema, options, FN, 'options');
  const threads = Math.min(requested === 'auto' ? availableParallelism() : requested, Math.floor(o.draws / MIN_DRAWS_PER_THREAD));
  const file = threads > 1 ? clvBootstrapWorker.file : null;
  return parameterDraws(model, summary, o, (problem) =>
    file === null
      ? bootstrapReplicates(problem, o.seed, 0, o.draws, o.maxIterations)
      : threadedReplicates(problem, file, threads, o.seed, o.draws, o.maxIterations),
  );
}

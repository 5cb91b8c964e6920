import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { parseSpec } from '../internal/parseSpec.js';
import {
  confidenceIntervals,
  intervalArgsObject,
  spendWithDraws,
  type ClvConfidenceIntervals,
  type ClvConfidenceIntervalsArgs,
  type PercentilePass,
} from '../loyalty/clv/clvConfidenceIntervals.js';
import { intervalArrays, intervalBytes, percentileUnits, runPercentileUnits, type PercentileJob } from '../loyalty/clv/clvIntervalPercentiles.js';
import { WorkerPool } from './workerPool.js';

const FN = 'clvConfidenceIntervals';

/** Arguments of the Node `clvConfidenceIntervals`: the root's, plus `threads`. */
export interface ThreadedClvConfidenceIntervalsArgs extends ClvConfidenceIntervalsArgs {
  /**
   * Threads taking the percentiles at once (default `'auto'`: all cores): the caller plus
   * `threads − 1` kept-alive workers. The checks, the grouping and the values at every draw run on
   * the calling thread.
   */
  readonly threads?: number | 'auto';
}

const argsSchema = intervalArgsObject.extend({ threads: z.union([z.int().min(1).max(256), z.literal('auto')]).default('auto') }).refine(...spendWithDraws);

/** The worker program, built next to this entry (absent when running from the TypeScript sources). */
function workerFile(): string | null {
  try {
    const path = fileURLToPath(new URL('./clvIntervalsWorker.js', import.meta.url));
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * @internal The worker program (tests running from the sources point it at the built one), and the
 * fewest values (distinct groups and histories × (draws + 1)) per thread: below, one thread (a
 * worker's hand-off would cost more; tests lower it to split small jobs).
 */
export const clvIntervalsWorker = { file: workerFile(), minValuesPerThread: 200_000 };

/** @internal Threads the last call ran its percentile pass on (lets tests check that they split the work). */
export const clvIntervalsThreads = { last: 1 };

/** Kept-alive percentile workers, one pool per worker file (@internal: exported for the fault tests). */
export const clvIntervalsPools = new Map<string, WorkerPool>();

/** A counter value past every unit: the threads stop taking units (small enough that each thread's last `Atomics.add` cannot overflow). */
const NO_MORE_UNITS = 0x3fffffff;

/** The pass's units taken from the shared counter by the caller and `threads − 1` workers. */
function threadedPass(pool: WorkerPool, threads: number, job: PercentileJob): void {
  for (let slot = 0; slot < threads - 1; slot++) pool.post(slot, { job, slot });
  let thrown: unknown = null;
  try {
    runPercentileUnits(job);
  } catch (error) {
    thrown = error; // raised once every worker is done with the shared memory
  }
  // every worker finishes or stops before anything is thrown; a failure stops the hand-out of units
  pool.waitAll(threads - 1, Date.now() + 3_600_000, { onFailure: () => Atomics.store(job.arrays.counter, 0, NO_MORE_UNITS) });
  if (thrown !== null) throw thrown as Error;
}

/**
 * `clvConfidenceIntervals` with its percentile pass on all cores. Every check, the grouping into
 * distinct histories and the values at every draw run on the calling thread, as in the root
 * function (so every refusal is the root's, naming the same row, column or field); those values
 * are written into memory shared with kept-alive `worker_threads` workers, which then take blocks
 * of histories and of groups from a shared counter: each block's percentiles go to its own rows,
 * and each block of 2,048 histories writes its own partial per-draw base totals, which are added
 * in block order. Every number is computed by the same code in the same order wherever it runs,
 * so the result is bit-identical to the root function's on any number of threads. Synchronous,
 * like the root function (the caller waits with `Atomics.wait`); small jobs (under 200,000
 * values, distinct histories and groups × draws, per thread) stay on one thread.
 *
 * Memory: the root's (distinct keys × draws, never customers × draws), in the pool's one shared
 * buffer, reused across calls (it keeps the largest call's size while the process lives).
 *
 * @param args The root function's arguments (`purchaseModel`, `purchaseDraws`, `spendModel`, `spendDraws`,
 *   `customers`, `horizon`, `timeUnit`, `discountRate`, `margin`, `levels`, `missing`, `totalsOverTime`,
 *   `count`), and `threads` (`'auto'`: all cores; or 1..256).
 * Workers start with a clean `execArgv`; a worker that fails, exits or cannot start raises `worker_failed` at once.
 * @throws {CustomerValueError} as the root `clvConfidenceIntervals`; `worker_failed` when a worker stops.
 * @example
 * const summary = (await readCsvFile('test/fixtures/loyalty/cdnow_btyd_cbs.csv')).columns;
 * const columns = { frequency: 'x', recency: 't_x', T: 'T_cal', monetary: 'm_x' };
 * const purchaseModel = fitBetaGeo(summary, { timeUnit: 'week', columns });
 * const spendModel = fitGammaGamma(summary, { columns });
 * const purchaseDraws = clvParameterDraws(purchaseModel, summary, { method: 'delta', draws: 200 });
 * const spendDraws = clvParameterDraws(spendModel, summary, { method: 'delta', draws: 200 });
 * const args = { purchaseModel, purchaseDraws, spendModel, spendDraws, customers: summary, horizon: 12, timeUnit: 'month', margin: 0.3 };
 * const two = clvConfidenceIntervals({ ...args, threads: 2 });
 * const one = clvConfidenceIntervals({ ...args, threads: 1 });
 * [two.clv.percentiles.p95[0] === one.clv.percentiles.p95[0], two.totals.value.percentiles.p05 === one.totals.value.percentiles.p05]; // => [true, true]
 */
export function clvConfidenceIntervals(args: ThreadedClvConfidenceIntervalsArgs): ClvConfidenceIntervals {
  const { threads: requested, ...s } = parseSpec(argsSchema, args, FN, 'arguments');
  const { file, minValuesPerThread } = clvIntervalsWorker;
  let threads = 1;
  let pool: WorkerPool | null = null;
  const pass: PercentilePass = {
    arrays: (sizes) => {
      const values = (sizes.H + sizes.A + sizes.S) * sizes.W;
      const cores = requested === 'auto' ? availableParallelism() : requested;
      threads = Math.max(1, Math.min(cores, percentileUnits(sizes), Math.floor(values / minValuesPerThread)));
      if (threads < 2 || file === null) {
        threads = 1;
        return intervalArrays(sizes, null);
      }
      pool = clvIntervalsPools.get(file) ?? null;
      if (pool === null) clvIntervalsPools.set(file, (pool = new WorkerPool(FN, 'percentile', { file })));
      return intervalArrays(sizes, pool.scratch(intervalBytes(sizes)));
    },
    values: (_job, serial) => serial(),
    run: (job) => {
      clvIntervalsThreads.last = threads;
      if (threads < 2 || pool === null) runPercentileUnits(job);
      else threadedPass(pool, threads, job);
    },
  };
  return confidenceIntervals(s, pass);
}

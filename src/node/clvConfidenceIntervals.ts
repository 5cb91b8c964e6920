import { existsSync } from 'node:fs';
import { threadsOption } from '../internal/threadsOption.js';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
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
import { DRAW_BLOCK, KEY_BLOCK, NO_MORE_UNITS, runValueUnitsFlagged, valueUnits, type ValuePhase, type ValueJob } from '../loyalty/clv/clvIntervalValues.js';
import { WorkerPool } from './workerPool.js';

const FN = 'clvConfidenceIntervals';

/** Arguments of the Node `clvConfidenceIntervals`: `customer-value/clv`'s, plus `threads`. */
export interface ThreadedClvConfidenceIntervalsArgs extends ClvConfidenceIntervalsArgs {
  /**
   * Threads computing the values at every draw and taking the percentiles (default `'auto'`: all
   * cores): the caller plus `threads − 1` kept-alive workers. The checks and the grouping run on
   * the calling thread.
   */
  readonly threads?: number | 'auto';
}

const argsSchema = intervalArgsObject.extend({ threads: threadsOption() }).refine(...spendWithDraws);

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
 * @internal The worker program (tests running from the sources point it at the built one), the
 * fewest values (distinct groups and histories × (draws + 1)) per thread: below, one thread (a
 * worker's hand-off would cost more; tests lower it to split small jobs), and the draws and keys
 * per unit of the values at every draw (any numbers give the same values; tests lower them to
 * split few draws and few keys).
 */
export const clvIntervalsWorker = { file: workerFile(), minValuesPerThread: 200_000, drawsPerUnit: DRAW_BLOCK, keysPerUnit: KEY_BLOCK };

/**
 * @internal Threads the last call ran its percentile pass on (`last`) and its values at every draw
 * on (`values`), its key units of the values (`valueUnits`), and whether those values were
 * computed again on the calling thread because a unit met one that is not finite
 * (`serialRerun`): lets tests check that they split the work.
 */
export const clvIntervalsThreads = { last: 1, values: 1, valueUnits: 0, serialRerun: false };

/** Kept-alive intervals workers (values at every draw, then percentiles), one pool per worker file (@internal: exported for the fault tests). */
export const clvIntervalsPools = new Map<string, WorkerPool>();

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
 * A phase of the values at every draw, its units taken from the shared counter by the caller and
 * `threads − 1` workers, none of which throws for a value: true when a unit flagged one that is
 * not finite (or threw), or the job could not be posted, and the caller must compute them again on its own thread.
 */
function threadedValues(pool: WorkerPool, threads: number, job: ValueJob, phase: ValuePhase): boolean {
  Atomics.store(job.arrays.counter, 0, 0);
  Atomics.store(job.arrays.counter, 1, 0);
  try {
    pool.post(0, { values: job, phase, slot: 0 });
  } catch {
    return true; // a model that cannot be posted (not plain data): no worker started, the caller computes every value
  }
  for (let slot = 1; slot < threads - 1; slot++) pool.post(slot, { values: job, phase, slot });
  runValueUnitsFlagged(job, phase);
  // every worker finishes or stops before anything is thrown; a failure stops the hand-out of units
  pool.waitAll(threads - 1, Date.now() + 3_600_000, { onFailure: () => Atomics.store(job.arrays.counter, 0, NO_MORE_UNITS) });
  return Atomics.load(job.arrays.counter, 1) !== 0;
}

/** The over-time units on the calling thread alone: true when one flagged a failure. */
function overTimeFlagged(job: ValueJob): boolean {
  Atomics.store(job.arrays.counter, 0, 0);
  Atomics.store(job.arrays.counter, 1, 0);
  runValueUnitsFlagged(job, 'overTime');
  return Atomics.load(job.arrays.counter, 1) !== 0;
}

/**
 * `clvConfidenceIntervals` with its values at every draw and its percentile pass on all cores.
 * Every check and the grouping into distinct histories run on the calling thread, as in the
 * `customer-value/clv` function (so every refusal is `customer-value/clv`'s, naming the same row, column or field); the distinct
 * keys go into memory shared with kept-alive `worker_threads` workers. Then the values at every
 * draw: the caller and the workers take units from a shared counter, each 32 consecutive draws of
 * a block of 1,024 distinct (x, T) pairs (P(alive) of their histories' (x, t_x, T), and their
 * period sums) or of 1,024 distinct (x, m̄) (the expected spend), rebuilding the models at its
 * draws from their plain parameters and writing each key's values at its draws straight into the
 * shared group-major rows; then, with `totalsOverTime`, one unit per draw adds up that draw's base
 * totals at every horizon. A value that is not finite at a draw (or any error in a unit) is only
 * flagged there; the calling thread then computes the values again, looks for it in draw order, as
 * the `customer-value/clv` function does, and throws `customer-value/clv`'s error (the first such value in draw order, then
 * group order). Then the percentiles: the
 * threads take blocks of histories and of groups: each block's percentiles go to its own rows,
 * and each block of 2,048 histories writes its own partial per-draw base totals, which are added
 * in block order. Every number is computed by the same code in the same order wherever it runs,
 * so the result is bit-identical to the `customer-value/clv` function's on any number of threads. Synchronous,
 * like the `customer-value/clv` function (the caller waits with `Atomics.wait`); small jobs (under 200,000
 * values, distinct histories and groups × draws, per thread) stay on one thread.
 *
 * Memory: `customer-value/clv`'s (distinct keys × draws, never customers × draws), in the pool's one shared
 * buffer, reused across calls (it keeps the largest call's size while the process lives); each
 * thread's scratch for the values is bounded by a unit's 32 draws × 1,024 keys (with
 * `totalsOverTime`, a draw's flows of a key block, horizon × 1,024 pairs, and two weights per distinct (x, T)).
 *
 * @param args The `customer-value/clv` function's arguments (`purchaseModel`, `purchaseDraws`, `spendModel`, `spendDraws`,
 *   `customers`, `horizon`, `timeUnit`, `discountRate`, `margin`, `levels`, `missing`, `totalsOverTime`,
 *   `count`), and `threads` (`'auto'`: all cores; or 1..256).
 * Workers start with a clean `execArgv`; a worker that fails, exits or cannot start raises `worker_failed` (once every other worker is done, never after a timeout).
 * @throws {CustomerValueError} as `clvConfidenceIntervals` of `customer-value/clv`; `worker_failed` when a worker stops.
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
  const { file, minValuesPerThread, drawsPerUnit, keysPerUnit } = clvIntervalsWorker;
  let threads = 1;
  let valueThreads = 1;
  let pool: WorkerPool | null = null;
  clvIntervalsThreads.values = 1;
  clvIntervalsThreads.serialRerun = false;
  const pass: PercentilePass = {
    drawsPerUnit,
    keysPerUnit,
    arrays: (sizes) => {
      const values = (sizes.H + sizes.A + sizes.S) * sizes.W;
      const cores = requested === 'auto' ? availableParallelism() : requested;
      const most = Math.min(cores, Math.floor(values / minValuesPerThread));
      threads = Math.max(1, Math.min(most, percentileUnits(sizes)));
      valueThreads = Math.max(1, most);
      if ((threads < 2 && valueThreads < 2) || file === null) {
        threads = valueThreads = 1;
        return intervalArrays(sizes, null);
      }
      pool = clvIntervalsPools.get(file) ?? null;
      if (pool === null) clvIntervalsPools.set(file, (pool = new WorkerPool(FN, 'intervals', { file })));
      return intervalArrays(sizes, pool.scratch(intervalBytes(sizes)));
    },
    values: (job, serial) => {
      clvIntervalsThreads.valueUnits = valueUnits(job, 'keys');
      const split = Math.min(valueThreads, clvIntervalsThreads.valueUnits);
      clvIntervalsThreads.values = split < 2 || pool === null ? 1 : split;
      if (split < 2 || pool === null) return serial();
      // the over-time units read every key's values: they start once the key units are all done
      const overTime = Math.min(valueThreads, valueUnits(job, 'overTime'));
      const flagged =
        threadedValues(pool, split, job, 'keys') || (overTime > 1 ? threadedValues(pool, overTime, job, 'overTime') : overTime === 1 && overTimeFlagged(job));
      // a value that is not finite: computed again on this thread, which refuses the first in draw order as the `customer-value/clv` function does
      if (flagged) {
        clvIntervalsThreads.serialRerun = true;
        serial();
      }
    },
    run: (job) => {
      clvIntervalsThreads.last = threads;
      if (threads < 2 || pool === null) runPercentileUnits(job);
      else threadedPass(pool, threads, job);
    },
  };
  return confidenceIntervals(s, pass);
}

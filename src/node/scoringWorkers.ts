import { Worker } from 'node:worker_threads';
import { WorkerPool } from './workerPool.js';

/**
 * A worker's whole program, started from source (`eval: true`), so there is no worker file to
 * resolve from the ESM or the CommonJS build. It compiles each scorer's checked loop once (kept
 * for the last 32 scorers) and answers each job in an `Int32Array` status slot.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const loops = new Map();
const views = { Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray };
const view = (c) => new views[c.type](c.buffer, c.byteOffset, c.length);
parentPort.on('message', (job) => {
  const status = new Int32Array(job.status);
  let code = 3;
  try {
    let run = loops.get(job.source);
    if (run === undefined) {
      if (loops.size >= 32) loops.clear();
      run = new Function('inputs', 'outputs', 'start', 'end', job.source);
      loops.set(job.source, run);
    }
    code = run(job.inputs.map(view), job.outputs.map(view), job.start, job.end) < 0 ? 1 : 2;
  } catch (error) {
    code = 3;
  }
  Atomics.store(status, job.slot, code);
  Atomics.notify(status, job.slot);
});
`;

/** A typed array in shared memory, described so a worker can view it. */
export interface SharedColumn {
  readonly type: string;
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  readonly length: number;
}

/** What a worker is asked to do: score rows [start, end) with the checked loop (`checkedSource`). */
export interface SliceJob {
  readonly source: string;
  readonly inputs: readonly SharedColumn[];
  readonly outputs: readonly SharedColumn[];
  readonly start: number;
  readonly end: number;
}

/** Slice outcome written by a worker: 1 scored, 2 a value failed the check, 3 the worker failed. */
export const SLICE = { pending: 0, scored: 1, unclean: 2, failed: 3 } as const;

const pool = new WorkerPool(() => new Worker(WORKER_SOURCE, { eval: true }));

/** @internal Slices scored by workers so far (lets tests prove the threaded path ran). */
export const workerSlices = { scored: 0 };

/**
 * Run `jobs` on workers while the main thread runs `mainSlice`, then wait for all of them.
 * Returns each job's outcome code (`SLICE`); a worker that does not answer within
 * `timeoutMs` counts as failed.
 */
export function runSlices(jobs: readonly SliceJob[], mainSlice: () => number, timeoutMs: number): { main: number; workers: number[] } {
  const status = new Int32Array(new SharedArrayBuffer(4 * Math.max(jobs.length, 1)));
  const team = pool.take(jobs.length);
  jobs.forEach((job, slot) => team[slot].postMessage({ ...job, status: status.buffer, slot }));
  const main = mainSlice();
  const deadline = Date.now() + timeoutMs;
  const codes = team.map((worker, slot) => {
    // a worker that does not answer in time counts as failed
    const code = pool.wait(worker, status, slot, deadline) || SLICE.failed;
    if (code === SLICE.scored) workerSlices.scored++;
    return code;
  });
  return { main, workers: codes };
}

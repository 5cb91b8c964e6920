import { Worker } from 'node:worker_threads';
import type { NumericArray } from '../io/tableInput.js';

/**
 * The range check both the main thread and the workers run over their slice of rows before
 * scoring it: 1 when every input value is finite and within the scorer's range. A source string,
 * so the workers (started from source, with no module to resolve in ESM or CommonJS builds)
 * and the main thread run the very same code.
 */
const CHECK_SOURCE = `
for (let k = 0; k < inputs.length; k++) {
  const x = inputs[k];
  const lo = Math.max(ranges[k].min, -Number.MAX_VALUE), hi = Math.min(ranges[k].max, Number.MAX_VALUE), above = ranges[k].above;
  for (let i = start; i < end; i++) { const v = x[i]; if (!(v >= lo && v <= hi && v > above)) return 0; }
}
return 1;`;

type Range = { readonly min: number; readonly max: number; readonly above: number };
type Check = (inputs: readonly NumericArray[], ranges: readonly Range[], start: number, end: number) => number;

/** The main thread's copy of the check. */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
export const checkSlice = new Function('inputs', 'ranges', 'start', 'end', CHECK_SOURCE) as Check;

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const check = new Function('inputs', 'ranges', 'start', 'end', ${JSON.stringify(CHECK_SOURCE)});
const loops = new Map();
const views = { Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray };
const view = (c) => new views[c.type](c.buffer, c.byteOffset, c.length);
parentPort.on('message', (job) => {
  const status = new Int32Array(job.status);
  let code = 3;
  try {
    let run = loops.get(job.source);
    if (run === undefined) {
      run = new Function('inputs', 'outputs', 'start', 'end', job.source);
      loops.set(job.source, run);
    }
    const inputs = job.inputs.map(view);
    if (check(inputs, job.ranges, job.start, job.end) === 1) {
      run(inputs, job.outputs.map(view), job.start, job.end);
      code = 1;
    } else code = 2;
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

/** What a worker is asked to do: check then score rows [start, end). */
export interface SliceJob {
  readonly source: string;
  readonly ranges: readonly Range[];
  readonly inputs: readonly SharedColumn[];
  readonly outputs: readonly SharedColumn[];
  readonly start: number;
  readonly end: number;
}

/** Slice outcome written by a worker: 1 scored, 2 a value failed the check, 3 the worker failed. */
export const SLICE = { pending: 0, scored: 1, unclean: 2, failed: 3 } as const;

const pool: Worker[] = [];

/** @internal Slices scored by workers so far (lets tests prove the threaded path ran). */
export const workerSlices = { scored: 0 };

/**
 * Kept-alive workers, created on first use and unreferenced (they never keep the process
 * alive). Each listens for slice jobs and answers through an `Int32Array` status slot, so the
 * main thread can wait synchronously with `Atomics.wait`.
 */
function workers(count: number): Worker[] {
  while (pool.length < count) {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    pool.push(worker);
  }
  return pool.slice(0, count);
}

/** Drop a worker that stopped answering; a new one replaces it on next use. */
function retire(worker: Worker): void {
  const at = pool.indexOf(worker);
  if (at >= 0) pool.splice(at, 1);
  void worker.terminate();
}

/**
 * Run `jobs` on workers while the main thread runs `mainSlice`, then wait for all of them.
 * Returns each job's outcome code (`SLICE`); a worker that does not answer within
 * `timeoutMs` counts as failed.
 */
export function runSlices(jobs: readonly SliceJob[], mainSlice: () => number, timeoutMs: number): { main: number; workers: number[] } {
  const status = new Int32Array(new SharedArrayBuffer(4 * Math.max(jobs.length, 1)));
  const pool = workers(jobs.length);
  jobs.forEach((job, slot) => pool[slot].postMessage({ ...job, status: status.buffer, slot }));
  const main = mainSlice();
  const deadline = Date.now() + timeoutMs;
  const codes = jobs.map((_, slot) => {
    while (Atomics.load(status, slot) === SLICE.pending) {
      const left = deadline - Date.now();
      if (left <= 0) {
        retire(pool[slot]);
        return SLICE.failed;
      }
      Atomics.wait(status, slot, SLICE.pending, left);
    }
    const code = Atomics.load(status, slot);
    if (code === SLICE.scored) workerSlices.scored++;
    return code;
  });
  return { main, workers: codes };
}

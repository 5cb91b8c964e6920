import { allocateScoringMemory, releaseScoringMemory, SCORING_MEMORY_MAX_PAGES } from '../internal/scoringMemory.js';
import { KERNEL_DRIVER_SOURCE, type ScorerKernelSpec } from '../internal/wasmScorer.js';
import { WorkerPool } from './workerPool.js';

/**
 * A worker's whole program, started from source (`eval: true`), so there is no worker file to
 * resolve from the ESM or the CommonJS build. It compiles each scorer's checked loop once (kept
 * for the last 32 scorers) — with the scorer's WebAssembly kernel when the job carries one (its
 * own instance and memory, from the same bytes and the same block driver as the calling
 * thread's; the JavaScript checked loop where it cannot be instantiated) — and answers each job
 * in its slot of the pool's status array. It holds no reference to a job's memory once the job
 * is answered.
 */
const WORKER_SOURCE = `
const threads = typeof require === 'function' ? require('node:worker_threads') : process.getBuiltinModule('node:worker_threads');
const status = new Int32Array(threads.workerData.status);
const stride = threads.workerData.stride;
const loops = new Map();
const views = { Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray };
const driver = new Function('spec', 'exports', 'checked', 'rest', 'memory', 'base', 'inMemory', 'owner', ${JSON.stringify(KERNEL_DRIVER_SOURCE)});
let scoring = null;
const instance = (bytes, memory) => new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
const kernelOf = (spec, checked, base) => {
  try {
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(spec.bytes)) return checked;
    const rest = spec.restSource === '' ? null : new Function('inputs', 'outputs', 'start', 'end', spec.restSource);
    const memory = new WebAssembly.Memory({ initial: Math.ceil(spec.scratch / 65536), maximum: ${SCORING_MEMORY_MAX_PAGES} });
    const own = driver(spec, instance(spec.bytes, memory), checked, rest, memory, 0, () => false, { runs: 0 }).runChecked;
    if (scoring === null || spec.sharedBytes === null || base < 0) return own;
    const memoryNow = scoring;
    const inPlace = driver(spec, instance(spec.sharedBytes, memoryNow), checked, rest, memoryNow, base, (c) => c.buffer === memoryNow.buffer, { runs: 0 }).runChecked;
    return (inputs, outputs, start, end, shared) => (shared ? inPlace : own)(inputs, outputs, start, end);
  } catch {
    return checked;
  }
};
threads.parentPort.on('message', (job) => {
  let code = 3;
  try {
    if (scoring === null && job.memory) scoring = job.memory;
    const key = job.source + '@' + job.kernelBase;
    let run = loops.get(key);
    if (run === undefined) {
      if (loops.size >= 32) loops.clear();
      run = new Function('inputs', 'outputs', 'start', 'end', job.source);
      if (job.kernel) run = kernelOf(job.kernel, run, job.kernelBase);
      loops.set(key, run);
    }
    // columns in the scoring memory are viewed over this worker's handle of it (read and written in place)
    const view = (c) => new views[c.type](c.inMemory ? scoring.buffer : c.buffer === undefined ? job.scratch : c.buffer, c.byteOffset, c.length);
    const inMemory = job.inputs.some((c) => c.inMemory) || job.outputs.some((c) => c.inMemory);
    const inputs = job.inputs.map(view);
    const outputs = job.outputs.map(view);
    // chunks of rows taken from the shared counter until none is left (or a value failed its check)
    const counter = new Int32Array(job.scratch, job.counterAt, 1);
    const chunks = Math.ceil(job.rows / job.chunk);
    code = 1;
    for (let c = Atomics.add(counter, 0, 1); c < chunks; c = Atomics.add(counter, 0, 1)) {
      if (run(inputs, outputs, c * job.chunk, Math.min(job.rows, (c + 1) * job.chunk), inMemory) >= 0) {
        code = 2;
        Atomics.store(counter, 0, chunks);
        break;
      }
    }
  } catch (error) {
    code = 3;
  }
  Atomics.store(status, job.slot * stride, code);
  Atomics.notify(status, job.slot * stride);
});
`;

/**
 * A typed array a worker can view: in the scoring memory (`inMemory`: read and written in place
 * by the worker's kernel), in the caller's own shared memory (`buffer`) or, without either, in
 * the pool's scratch memory.
 */
export interface SharedColumn {
  readonly type: string;
  readonly inMemory?: boolean;
  readonly buffer?: SharedArrayBuffer;
  readonly byteOffset: number;
  readonly length: number;
}

/**
 * What a worker is asked to do: score chunks of `chunk` rows of [0, rows) with the checked loop
 * (`checkedSource`), through the scorer's WebAssembly kernel when given, taking the next chunk
 * from the shared counter (an Int32 at `counterAt` of the pool's scratch memory) until none is left:
 * the calling thread takes chunks from the same counter, so a thread that starts late or runs
 * slower scores fewer chunks instead of holding up the others.
 */
export interface SliceJob {
  readonly source: string;
  readonly kernel: ScorerKernelSpec | null;
  readonly inputs: readonly SharedColumn[];
  readonly outputs: readonly SharedColumn[];
  readonly rows: number;
  readonly chunk: number;
  readonly counterAt: number;
  /** The scoring memory (shared `WebAssembly.Memory`), when the job has columns in it. */
  readonly memory?: unknown;
  /** Byte address of the worker's kernel scratch region in the scoring memory (−1: none, the worker copies every column). */
  readonly kernelBase: number;
}

/** Each worker slot's kernel scratch region in the scoring memory (kept while the process lives, grown when a kernel needs more). */
const kernelRegions = new Map<number, { at: number; bytes: number }>();

/** The byte address of worker `slot`'s kernel scratch region of at least `bytes`, or −1 when the scoring memory has no room. */
export function workerKernelBase(slot: number, bytes: number): number {
  const region = kernelRegions.get(slot);
  if (region !== undefined && region.bytes >= bytes) return region.at;
  if (region !== undefined) releaseScoringMemory(region.at, region.bytes);
  const at = allocateScoringMemory(bytes);
  if (at === null) {
    kernelRegions.delete(slot);
    return -1;
  }
  kernelRegions.set(slot, { at, bytes });
  return at;
}

/** Slice outcome written by a worker: 1 scored, 2 a value failed the check, 3 the loop threw. */
export const SLICE = { pending: 0, scored: 1, unclean: 2, failed: 3 } as const;

/** The scoring workers (one pool per thread that scores). */
export const scoringPool = new WorkerPool('scoreColumns', 'scoring', { source: WORKER_SOURCE });

/**
 * @internal Slices scored by workers so far (lets tests prove the threaded path ran), and the
 * chunks of threaded calls: all of them and those the calling thread scored (benchmarks read the
 * balance between threads from them).
 */
export const workerSlices = { scored: 0, chunks: 0, mainChunks: 0 };

/**
 * Run `jobs` on workers (over `scratch`, the pool's scratch memory, and the caller's shared
 * columns) while the main thread runs `mainSlice`, then wait for all of them. Returns each job's
 * outcome code (`SLICE`): a job whose loop threw answers `SLICE.failed`, and the caller falls back
 * to one thread. When a worker stops (it exited, was terminated, or never started), `stopWork` is
 * called so the others take no new chunk, and every other worker is still waited for before the
 * error: none of them is writing into the scratch memory or the caller's columns when it is thrown.
 * @throws {CustomerValueError} `worker_failed` when a worker stops, cannot start or does not answer by the deadline.
 */
export function runSlices(
  jobs: readonly SliceJob[],
  scratch: SharedArrayBuffer,
  mainSlice: () => number,
  timeoutMs: number,
  stopWork: () => void,
): { main: number; workers: number[] } {
  jobs.forEach((job, slot) => scoringPool.post(slot, { ...job, scratch, slot }));
  let main: number = SLICE.failed;
  let thrown: unknown = null;
  try {
    main = mainSlice();
  } catch (error) {
    thrown = error; // raised once every worker is done with the scratch memory
    stopWork();
  }
  const codes = scoringPool.waitAll(jobs.length, Date.now() + timeoutMs, { done: [SLICE.scored, SLICE.unclean, SLICE.failed], onFailure: stopWork });
  workerSlices.scored += codes.filter((code) => code === SLICE.scored).length;
  if (thrown !== null) throw thrown as Error;
  return { main, workers: codes };
}

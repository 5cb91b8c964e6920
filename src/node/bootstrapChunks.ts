import { runResamples, type BootstrapJob } from '../satisfaction/pls/bootstrapPlsPathModel.js';

/** Work shared by the threads of a bootstrap: resamples handed out in chunks from a counter. */
export interface ChunkTask {
  readonly job: BootstrapJob;
  readonly seed: number;
  readonly samples: number;
  readonly chunk: number;
  readonly width: number;
  /** Int32 [next resample to hand out]. */
  readonly counter: SharedArrayBuffer;
  /** Float64 samples × width: every resample's estimates, at its own row. */
  readonly values: SharedArrayBuffer;
}

/**
 * Take chunks of resamples until none are left, writing each resample's row; returns how many
 * did not converge. Threads that run faster simply take more chunks, so a cold worker and a warm
 * caller finish together.
 */
export function resampleChunks(task: ChunkTask): number {
  const counter = new Int32Array(task.counter);
  const values = new Float64Array(task.values);
  let notConverged = 0;
  for (;;) {
    const from = Atomics.add(counter, 0, task.chunk);
    if (from >= task.samples) return notConverged;
    const to = Math.min(from + task.chunk, task.samples);
    const draws = runResamples(task.job, task.seed, from, to);
    values.set(draws.values, from * task.width);
    notConverged += draws.notConverged;
  }
}

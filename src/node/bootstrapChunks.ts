import { runResamples, type BootstrapJob } from '../satisfaction/pls/bootstrapPlsPathModel.js';

/** Work shared by the threads of a bootstrap: resamples handed out in chunks from a counter. */
export interface ChunkTask {
  readonly job: BootstrapJob;
  readonly seed: number;
  readonly samples: number;
  readonly chunk: number;
  readonly width: number;
  /**
   * Shared memory (the worker pool's scratch, reused across calls): Int32 [next resample to hand
   * out] at byte 0, then from byte `VALUES_OFFSET` Float64 samples × width, every resample's
   * estimates at its own row.
   */
  readonly scratch: SharedArrayBuffer;
}

/** Byte offset of the estimates in `ChunkTask.scratch` (after the counter). */
export const VALUES_OFFSET = 8;

/** Bytes of scratch memory a task needs. */
export const scratchBytes = (samples: number, width: number) => VALUES_OFFSET + 8 * samples * width;

/**
 * Take chunks of resamples until none are left, writing each resample's row; returns how many
 * did not converge. Threads that run faster simply take more chunks, so a cold worker and a warm
 * caller finish together.
 */
export function resampleChunks(task: ChunkTask): number {
  const counter = new Int32Array(task.scratch, 0, 1);
  const values = new Float64Array(task.scratch, VALUES_OFFSET, task.samples * task.width);
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

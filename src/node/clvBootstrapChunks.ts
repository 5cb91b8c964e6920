import { bootstrapReplicates } from '../loyalty/clv/parameterReplicates.js';
import { problemFromJob, type UncertaintyJob } from '../loyalty/clv/parameterUncertaintyProblems.js';

/** Work shared by the threads of a CLV histogram bootstrap: replicates handed out in chunks from a counter. */
export interface ClvChunkTask {
  readonly job: UncertaintyJob;
  readonly seed: number;
  readonly draws: number;
  readonly chunk: number;
  readonly maxIterations: number;
  /**
   * Shared memory (the worker pool's scratch, reused across calls): Int32 [next replicate to hand
   * out] at byte 0, Int32 outcome per replicate from byte `OUTCOME_OFFSET` (1 certified, 2 failed),
   * then Float64 θ per replicate (k each, at its own row) from `thetaOffset(draws)`.
   */
  readonly scratch: SharedArrayBuffer;
}

/** Byte offset of the replicates' outcomes in `ClvChunkTask.scratch` (after the counter). */
export const OUTCOME_OFFSET = 8;
/** Byte offset of the replicates' θ (8-byte aligned, after the outcomes). */
export const thetaOffset = (draws: number) => OUTCOME_OFFSET + 8 * Math.ceil(draws / 2);
/** Bytes of scratch memory a task needs. */
export const clvScratchBytes = (draws: number, k: number) => thetaOffset(draws) + 8 * draws * k;

/**
 * Take chunks of replicates until none are left, refitting each (`bootstrapReplicates`, the
 * one-thread code) and writing its outcome and θ at its own row: every replicate draws from its
 * own (seed, b) stream, so where it runs changes nothing.
 */
export function clvReplicateChunks(task: ClvChunkTask): void {
  const problem = problemFromJob(task.job);
  const k = task.job.names.length;
  const counter = new Int32Array(task.scratch, 0, 1);
  const outcome = new Int32Array(task.scratch, OUTCOME_OFFSET, task.draws);
  const theta = new Float64Array(task.scratch, thetaOffset(task.draws), task.draws * k);
  for (;;) {
    const from = Atomics.add(counter, 0, task.chunk);
    if (from >= task.draws) return;
    const to = Math.min(from + task.chunk, task.draws);
    const part = bootstrapReplicates(problem, task.seed, from, to, task.maxIterations);
    part.replicates.forEach((b, d) => {
      outcome[b] = 1;
      theta.set(part.theta.subarray(d * k, d * k + k), b * k);
    });
    for (const b of part.failed) outcome[b] = 2;
  }
}

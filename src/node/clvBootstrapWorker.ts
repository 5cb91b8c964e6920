// A CLV histogram-bootstrap worker (customer-value/node): takes chunks of replicates from a shared
// counter until none are left, writes each replicate's outcome and parameters into the shared
// result buffer, then signals its status slot. Started by clvParameterDraws with `threads > 1`;
// built as its own file next to the node entry.
// The pool's status array comes once, in workerData: slot `slot × stride` takes the outcome code
// (1 done, 3 failed).
import { parentPort, workerData } from 'node:worker_threads';
import { clvReplicateChunks, type ClvChunkTask } from './clvBootstrapChunks.js';

const { status: statusBuffer, stride } = (workerData ?? {}) as { status: SharedArrayBuffer; stride: number };
const status = statusBuffer === undefined ? null : new Int32Array(statusBuffer);

parentPort?.on('message', (task: ClvChunkTask & { readonly slot: number }) => {
  if (status === null) return;
  const at = task.slot * stride;
  let code: number;
  try {
    clvReplicateChunks(task);
    code = 1;
  } catch {
    code = 3;
  }
  Atomics.store(status, at, code);
  Atomics.notify(status, at);
});

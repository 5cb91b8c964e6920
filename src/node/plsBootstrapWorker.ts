// A bootstrap worker (customer-value/node): takes chunks of PLS resamples from a shared counter
// until none are left, writes their estimates into the shared result buffer, then signals its
// status slot. Started by bootstrapPlsPathModel with `threads > 1`; built as its own file next
// to the node entry.
// The pool's status array comes once, in workerData: slot `slot × stride` takes the outcome code
// (1 done), the next one the count of resamples that did not converge; a job that throws posts
// { failed: message } instead, and the supervisor writes 3 after passing the reason on.
import { parentPort, workerData } from 'node:worker_threads';
import { resampleChunks, type ChunkTask } from './bootstrapChunks.js';

const { status: statusBuffer, stride } = (workerData ?? {}) as { status: SharedArrayBuffer; stride: number };
const status = statusBuffer === undefined ? null : new Int32Array(statusBuffer);

parentPort?.on('message', (task: ChunkTask & { readonly slot: number }) => {
  if (status === null) return;
  const at = task.slot * stride;
  try {
    status[at + 1] = resampleChunks(task);
  } catch (error) {
    // the supervisor writes the failed code once it has passed the reason on to the caller
    parentPort?.postMessage({ failed: error instanceof Error ? error.message : String(error) });
    return;
  }
  Atomics.store(status, at, 1);
  Atomics.notify(status, at);
});

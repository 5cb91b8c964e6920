// A bootstrap worker (customer-value/node): takes chunks of PLS resamples from a shared counter
// until none are left, writes their estimates into the shared result buffer, then signals its
// status slot. Started by bootstrapPlsPathModel with `threads > 1`; built as its own file next
// to the node entry.
import { parentPort } from 'node:worker_threads';
import { resampleChunks, type ChunkTask } from './bootstrapChunks.js';

parentPort?.on('message', (task: ChunkTask & { readonly status: SharedArrayBuffer; readonly slot: number }) => {
  const status = new Int32Array(task.status);
  let code = 3;
  try {
    status[2 * task.slot + 1] = resampleChunks(task);
    code = 1;
  } catch {
    code = 3;
  }
  Atomics.store(status, 2 * task.slot, code);
  Atomics.notify(status, 2 * task.slot);
});

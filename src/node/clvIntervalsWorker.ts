// A CLV-intervals worker (customer-value/node): takes units of the percentile pass of
// clvConfidenceIntervals (blocks of histories and of groups) from a shared counter until none are
// left, writing their percentiles and partial totals into shared memory, then signals its status
// slot. Started by clvConfidenceIntervals with `threads > 1`; built as its own file next to the
// node entry.
// The pool's status array comes once, in workerData: slot `slot × stride` takes the outcome code
// (1 done, 3 failed).
import { parentPort, workerData } from 'node:worker_threads';
import { runPercentileUnits, type PercentileJob } from '../loyalty/clv/clvIntervalPercentiles.js';

const { status: statusBuffer, stride } = (workerData ?? {}) as { status: SharedArrayBuffer; stride: number };
const status = statusBuffer === undefined ? null : new Int32Array(statusBuffer);

parentPort?.on('message', (task: { readonly job: PercentileJob; readonly slot: number }) => {
  if (status === null) return;
  const at = task.slot * stride;
  let code: number;
  try {
    runPercentileUnits(task.job);
    code = 1;
  } catch {
    code = 3;
  }
  Atomics.store(status, at, code);
  Atomics.notify(status, at);
});

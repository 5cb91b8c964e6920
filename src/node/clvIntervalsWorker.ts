// A CLV-intervals worker (customer-value/node): takes units of clvConfidenceIntervals from a shared
// counter until none are left — units of the values at every draw (a task `{ values, phase }`: key
// units of draws by keys, or over-time units of one draw each),
// or blocks of histories and of groups of the percentile pass (a task `{ job }`) — writing into
// shared memory, then signals its status slot. Started by clvConfidenceIntervals with
// `threads > 1`; built as its own file next to the node entry.
// The pool's status array comes once, in workerData: slot `slot × stride` takes the outcome code
// (1 done); a job that throws posts { failed: message } instead, and the supervisor writes 3 after
// passing the reason on. A value unit never throws: it flags a value that is not finite (or any
// error of its own) in the shared memory, and the caller computes the values again to refuse it.
import { parentPort, workerData } from 'node:worker_threads';
import { runPercentileUnits, type PercentileJob } from '../loyalty/clv/clvIntervalPercentiles.js';
import { runValueUnitsFlagged, type ValueJob, type ValuePhase } from '../loyalty/clv/clvIntervalValues.js';

const { status: statusBuffer, stride } = (workerData ?? {}) as { status: SharedArrayBuffer; stride: number };
const status = statusBuffer === undefined ? null : new Int32Array(statusBuffer);

parentPort?.on('message', (task: { readonly job?: PercentileJob; readonly values?: ValueJob; readonly phase?: ValuePhase; readonly slot: number }) => {
  if (status === null) return;
  const at = task.slot * stride;
  try {
    if (task.values !== undefined) runValueUnitsFlagged(task.values, task.phase ?? 'keys');
    else runPercentileUnits(task.job!);
  } catch (error) {
    // the supervisor writes the failed code once it has passed the reason on to the caller
    parentPort?.postMessage({ failed: error instanceof Error ? error.message : String(error) });
    return;
  }
  Atomics.store(status, at, 1);
  Atomics.notify(status, at);
});

import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { CustomerValueError } from '../errors.js';

/** Int32 slots of the shared status array per worker: [0] the outcome code (0 while running), the rest the program's own. */
export const STATUS_STRIDE = 4;
/** Most workers a pool runs (the `threads` options stop at 256). */
export const MAX_WORKERS = 256;
/** Outcome code written by the supervisor when a worker stopped (or never started) before answering. */
export const WORKER_STOPPED = -1;
/** Outcome code of a job that threw (the worker posts `{ failed: message }`; the supervisor writes the code after the reason). */
export const WORKER_FAILED = 3;
/** How long workers told to stop (after a deadline) may take to exit before the pool forgets them anyway. */
const STOP_MS = 10_000;
/** Index of the supervisor's "started" flag in the status array, after every worker's slots. */
const READY = STATUS_STRIDE * MAX_WORKERS;
/** How long a supervisor may take to start before the pool gives up on it. */
const START_MS = 30_000;

/** What a pool's workers run: a built file, or a CommonJS source evaluated as is. */
export type WorkerProgram = { readonly file: string } | { readonly source: string };

/** Node options a worker may inherit: diagnostics only. */
const SAFE_FLAG = /^--(enable-source-maps|no-warnings|no-deprecation|trace-warnings|trace-deprecation|trace-uncaught|pending-deprecation)$/;

/**
 * The Node options workers start with: the caller's diagnostics flags only. Everything else in
 * `process.execArgv` concerns the caller's own script (`--input-type=module`, `--eval`, `--import`
 * loaders, `--require` preloads, `--inspect` ports) and breaks or slows a worker; V8 flags such as
 * `--max-old-space-size` or `--disallow-code-generation-from-strings` are process-wide and apply
 * to workers anyway.
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  return execArgv.filter((flag) => SAFE_FLAG.test(flag));
}

/**
 * The supervisor: a small worker that starts the pool's workers, forwards them their jobs, and
 * watches them. The calling thread waits in `Atomics.wait` and so cannot hear a worker's 'error'
 * or 'exit' event; the supervisor's event loop is free, so when a worker fails to start, throws
 * outside its job, exits or is terminated, it reports why on a message port and writes
 * `WORKER_STOPPED` into the worker's status slot, which wakes the caller at once.
 */
const SUPERVISOR = `
const { parentPort, workerData, Worker } = typeof require === 'function' ? require('node:worker_threads') : process.getBuiltinModule('node:worker_threads');
const { program, status, reports, execArgv, stride } = workerData;
const codes = new Int32Array(status);
const children = [];
const kills = [];
const stopped = (slot, reason) => {
  reports.postMessage({ slot, reason });
  if (Atomics.compareExchange(codes, slot * stride, 0, ${WORKER_STOPPED}) === 0) Atomics.notify(codes, slot * stride);
};
const child = (slot) => {
  if (children[slot]) return children[slot];
  let worker;
  let reason = 'it exited';
  try {
    worker = new Worker(program.file === undefined ? program.source : program.file, { eval: program.file === undefined, execArgv, workerData: { status, stride } });
  } catch (error) {
    stopped(slot, 'it could not start: ' + (error && error.message));
    return null;
  }
  worker.on('error', (error) => { reason = 'it failed: ' + (error && error.message ? error.message : String(error)); });
  // a job that threw: the reason first, then the outcome code, so the caller finds the reason when it sees the code
  worker.on('message', (m) => {
    if (!m || m.failed === undefined) return;
    reports.postMessage({ slot, reason: 'its job threw: ' + m.failed });
    if (Atomics.compareExchange(codes, slot * stride, 0, ${WORKER_FAILED}) === 0) Atomics.notify(codes, slot * stride);
  });
  worker.on('exit', (code) => {
    if (children[slot] === worker) children[slot] = undefined;
    stopped(slot, reason + ' (exit code ' + code + ')');
  });
  children[slot] = worker;
  return worker;
};
parentPort.on('message', (m) => {
  if (m.terminate !== undefined) {
    kills[m.terminate] = m.after;
    return;
  }
  if (m.stopAll) {
    for (const worker of children) if (worker) void worker.terminate();
    return;
  }
  const worker = child(m.slot);
  if (worker === null) return;
  worker.postMessage(m.message);
  if (kills[m.slot] !== undefined) {
    setTimeout(() => worker.terminate(), kills[m.slot]);
    kills[m.slot] = undefined;
  }
});
Atomics.store(codes, ${READY}, 1);
Atomics.notify(codes, ${READY});
`;

/**
 * A pool of kept-alive workers, started on first use under one supervisor and unreferenced
 * (they never keep the process alive). Workers answer through a status array in shared memory
 * (`status`, `STATUS_STRIDE` slots per worker), so the calling thread waits for them
 * synchronously with `Atomics.wait`; a worker that stops is reported at once as a
 * `CustomerValueError`, never as a wait until a timeout.
 *
 * Memory: V8 does not count `SharedArrayBuffer` allocations towards its collection heuristics,
 * and an idle worker never collects, so a fresh shared buffer per call is never reclaimed. Jobs
 * therefore use the pool's one `scratch` buffer, reused across calls and grown only when a call
 * needs more.
 */
export class WorkerPool {
  /** Outcome codes and per-worker results, shared with the workers (replaced when the pool restarts). */
  status = new Int32Array(new SharedArrayBuffer(4 * (READY + 1)));
  private supervisor: Worker | null = null;
  private reports: MessagePort | null = null;
  private startedAt = 0;
  private arena: SharedArrayBuffer | null = null;
  /** The supervisor's reports drained so far: the latest reason per slot. */
  private readonly reasons = new Map<number, string>();

  /**
   * @param fn Public function name for errors.
   * @param what What the workers do, for errors ("scoring", "bootstrap", "intervals").
   */
  constructor(
    private readonly fn: string,
    private readonly what: string,
    private readonly program: WorkerProgram,
  ) {}

  /** "a scoring worker", "an intervals worker": one of the pool's workers, in an error. */
  private oneWorker(): string {
    return `${/^[aeiou]/i.test(this.what) ? 'an' : 'a'} ${this.what} worker`;
  }

  /** The shared scratch buffer, at least `bytes` long: reused across calls (its content is the caller's to set). */
  scratch(bytes: number): SharedArrayBuffer {
    if (this.arena === null || this.arena.byteLength < bytes) {
      this.arena = new SharedArrayBuffer(Math.max(bytes, 2 * (this.arena?.byteLength ?? 0), 1 << 16));
    }
    return this.arena;
  }

  /**
   * Send `message` to worker `slot` (started if missing), its outcome code reset to 0. `fn` names
   * the public function in the error when the workers cannot start and the pool serves several
   * (default: the pool's), as in `waitAll`.
   */
  post(slot: number, message: unknown, fn?: string): void {
    const supervisor = this.start(fn);
    this.drain();
    this.reasons.delete(slot);
    Atomics.store(this.status, slot * STATUS_STRIDE, 0);
    supervisor.postMessage({ slot, message });
  }

  /**
   * Wait until workers 0..count − 1 have all finished or stopped, and return their outcome codes
   * when every one answered one of the `done` codes (default 1). When one fails (its job threw, it
   * exited or was terminated, it could not start, or it answered another code), `onFailure` is
   * called once (to stop handing out work, so the others finish soon), and the call still waits
   * for every other worker to finish its part before it throws `worker_failed` with the first
   * failure's reason: no worker of a failed call is still writing into the status, the scratch
   * memory or the caller's shared arrays when the error reaches the caller. A supervisor that does
   * not start, or workers still running at `deadline`, are stopped (each waited for up to 10 s
   * until its exit is seen) before the throw. A stopped worker restarts the pool on next use.
   * `fn` names the public function in the error when the pool serves several (default: the pool's).
   */
  waitAll(
    count: number,
    deadline: number,
    options: { readonly done?: number | readonly number[]; readonly onFailure?: () => void; readonly fn?: string } = {},
  ): number[] {
    const done = options.done ?? 1;
    const accepted = (code: number) => (typeof done === 'number' ? code === done : done.includes(code));
    const codes: number[] = [];
    let first: { slot: number; reason: string; stopped: boolean } | null = null;
    let failures = 0;
    let stopped = false;
    let late: string | null = null;
    for (let slot = 0; slot < count; slot++) {
      const at = slot * STATUS_STRIDE;
      for (;;) {
        const code = Atomics.load(this.status, at);
        if (code !== 0) {
          codes.push(code);
          if (!accepted(code)) {
            failures++;
            stopped ||= code === WORKER_STOPPED;
            if (first === null) {
              first = {
                slot,
                reason: code === WORKER_STOPPED || code === WORKER_FAILED ? this.reason(slot) : `it answered code ${code}`,
                stopped: code === WORKER_STOPPED,
              };
              options.onFailure?.();
            }
          }
          break;
        }
        const now = Date.now();
        if (Atomics.load(this.status, READY) === 0 && now - this.startedAt > START_MS) {
          late = `the ${this.what} workers did not start within ${START_MS / 1000} s`;
          break;
        }
        if (now >= deadline) {
          late = `${this.oneWorker()} did not answer in time`;
          break;
        }
        Atomics.wait(this.status, at, 0, Math.min(deadline - now, 1000));
      }
      if (late !== null) break;
    }
    if (late !== null) {
      this.stopAll(count);
      throw this.failure(late, options.fn);
    }
    if (first === null) return codes;
    if (stopped) this.reset();
    const others = failures > 1 ? ` (and ${failures - 1} other worker${failures > 2 ? 's' : ''})` : '';
    // a worker that exited or was killed 'stopped'; a job that threw 'failed'
    throw this.failure(`${this.oneWorker()} ${first.stopped ? 'stopped' : 'failed'} before finishing its part: ${first.reason}${others}`, options.fn);
  }

  /** Terminate every worker and wait (up to `STOP_MS`) until the supervisor has seen each of slots 0..count − 1 exit, then forget the pool. */
  private stopAll(count: number): void {
    if (this.supervisor !== null && Atomics.load(this.status, READY) === 1) {
      this.supervisor.postMessage({ stopAll: true });
      const until = Date.now() + STOP_MS;
      for (let slot = 0; slot < count; slot++) {
        const at = slot * STATUS_STRIDE;
        for (let now = Date.now(); Atomics.load(this.status, at) === 0 && now < until; now = Date.now()) Atomics.wait(this.status, at, 0, until - now);
      }
    }
    this.reset();
  }

  /** @internal Terminate worker `slot` `ms` after its next job is handed to it (lets tests kill a worker in the middle of a job). */
  terminateAfter(slot: number, ms: number): void {
    this.start().postMessage({ terminate: slot, after: ms });
  }

  private start(fn?: string): Worker {
    if (this.supervisor !== null) return this.supervisor;
    const { port1, port2 } = new MessageChannel();
    const execArgv = workerExecArgv();
    let supervisor: Worker;
    try {
      supervisor = new Worker(SUPERVISOR, {
        eval: true,
        execArgv,
        workerData: { program: this.program, status: this.status.buffer, reports: port2, execArgv, stride: STATUS_STRIDE },
        transferList: [port2],
      });
    } catch (error) {
      port1.close();
      throw this.failure(`the ${this.what} workers could not start: ${(error as Error).message}`, fn);
    }
    supervisor.unref();
    port1.unref();
    // heard only when the caller's event loop runs; the pool restarts on next use
    supervisor.on('error', () => {});
    supervisor.on('exit', () => {
      if (this.supervisor === supervisor) this.reset();
    });
    this.supervisor = supervisor;
    this.reports = port1;
    this.startedAt = Date.now();
    return supervisor;
  }

  /** Move the supervisor's reports into `reasons` (the latest one per slot wins). */
  private drain(): void {
    for (let report = this.reports && receiveMessageOnPort(this.reports); report; report = this.reports && receiveMessageOnPort(this.reports)) {
      const message = report.message as { slot: number; reason: string };
      this.reasons.set(message.slot, message.reason);
    }
  }

  /** Why worker `slot` stopped or failed, from the supervisor's reports. */
  private reason(slot: number): string {
    this.drain();
    return this.reasons.get(slot) ?? 'no reason given';
  }

  /**
   * Stop every worker and forget the shared memory they used: a worker of a failed call may still
   * be running for a moment, and must not write into the next call's status or scratch memory.
   */
  private reset(): void {
    const supervisor = this.supervisor;
    this.status = new Int32Array(new SharedArrayBuffer(4 * (READY + 1)));
    this.arena = null;
    this.supervisor = null;
    this.reports?.close();
    this.reports = null;
    this.reasons.clear();
    if (supervisor !== null) void supervisor.terminate();
  }

  private failure(summary: string, fn: string = this.fn): CustomerValueError {
    return new CustomerValueError('worker_failed', `${fn}: ${summary}`, [
      {
        function: fn,
        expected: `every ${this.what} worker to finish its part`,
        received: summary,
        hint: 'retry with threads: 1, or report the reason above',
      },
    ]);
  }
}

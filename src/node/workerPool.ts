import type { Worker } from 'node:worker_threads';

/**
 * A pool of kept-alive workers, created on first use and unreferenced (they never keep the
 * process alive). Workers answer through `Int32Array` status slots in shared memory, so the
 * calling thread can wait for them synchronously with `Atomics.wait`.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];

  constructor(private readonly create: () => Worker) {}

  /** The first `count` workers, starting any that are missing. */
  take(count: number): Worker[] {
    while (this.workers.length < count) {
      const worker = this.create();
      worker.unref();
      this.workers.push(worker);
    }
    return this.workers.slice(0, count);
  }

  /**
   * Wait until `status[index]` leaves 0 and return its code; past `deadline` (ms since the
   * epoch) the worker is dropped from the pool (a new one replaces it on next use) and 0 returned.
   */
  wait(worker: Worker, status: Int32Array, index: number, deadline: number): number {
    while (Atomics.load(status, index) === 0) {
      const left = deadline - Date.now();
      if (left <= 0) {
        const at = this.workers.indexOf(worker);
        if (at >= 0) this.workers.splice(at, 1);
        void worker.terminate();
        return 0;
      }
      Atomics.wait(status, index, 0, left);
    }
    return Atomics.load(status, index);
  }
}

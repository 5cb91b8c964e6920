import { describe, expect, it } from 'vitest';
import { STATUS_STRIDE, WORKER_STOPPED, WorkerPool, workerExecArgv } from '../../src/node/workerPool.js';

// The pool's caller waits in Atomics.wait and cannot hear a worker's events; the supervisor must
// turn every way a worker can stop into an immediate CustomerValueError. The deadlines here are
// ten minutes away: an answer within the test's timeout proves the failure was reported, not
// waited out.
const LATER = () => Date.now() + 600_000;
const answering = `
const { parentPort, workerData } = require('node:worker_threads');
const status = new Int32Array(workerData.status);
parentPort.on('message', (job) => {
  if (job.exit !== undefined) process.exit(job.exit);
  if (job.hang) for (;;);
  Atomics.store(status, job.slot * workerData.stride, 1);
  Atomics.notify(status, job.slot * workerData.stride);
});`;

const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as { name: string; code: string; message: string };
  }
  throw new Error('expected a throw');
};

describe('WorkerPool', () => {
  it('answers, and reuses its workers', () => {
    const pool = new WorkerPool('test', 'test', { source: answering });
    for (let call = 0; call < 3; call++) {
      pool.post(0, { slot: 0 });
      pool.post(1, { slot: 1 });
      expect(pool.waitAll(2, LATER())).toEqual([1, 1]);
    }
  });

  it.each([
    ['throws while starting', 'throw new Error("boom at start")', /boom at start/],
    ['is not valid JavaScript', 'this is not javascript', /failed/],
    ['exits while starting', 'process.exit(5)', /exit code 5/],
  ])('a worker that %s: worker_failed at once, with the reason', (_, source, reason) => {
    const pool = new WorkerPool('test', 'test', { source });
    pool.post(0, { slot: 0 });
    const error = failure(() => pool.waitAll(1, LATER()));
    expect(error).toMatchObject({ name: 'CustomerValueError', code: 'worker_failed' });
    expect(error.message).toMatch(reason);
  });

  it('a worker that exits or is terminated in the middle of a job: worker_failed at once; the pool then works again', () => {
    const pool = new WorkerPool('test', 'test', { source: answering });
    pool.post(0, { slot: 0, exit: 7 });
    expect(failure(() => pool.waitAll(1, LATER())).message).toMatch(/exit code 7/);
    pool.terminateAfter(0, 50);
    pool.post(0, { slot: 0, hang: true });
    expect(failure(() => pool.waitAll(1, LATER()))).toMatchObject({ code: 'worker_failed' });
    pool.post(0, { slot: 0 });
    expect(pool.waitAll(1, LATER())).toEqual([1]);
  });

  it('a worker that never answers: worker_failed at the deadline', () => {
    const pool = new WorkerPool('test', 'test', { source: answering });
    pool.post(0, { slot: 0, hang: true });
    expect(failure(() => pool.waitAll(1, Date.now() + 500)).message).toMatch(/did not answer in time/);
  });

  it('waitAll: a worker still running at the deadline is stopped, its exit seen, before worker_failed; the others answered', () => {
    const pool = new WorkerPool('test', 'test', { source: answering });
    pool.post(0, { slot: 0 });
    pool.post(1, { slot: 1 });
    pool.waitAll(2, LATER()); // both started
    pool.post(0, { slot: 0, hang: true });
    pool.post(1, { slot: 1 });
    const status = pool.status;
    expect(failure(() => pool.waitAll(2, Date.now() + 2000)).message).toMatch(/did not answer in time/);
    expect([status[0], status[STATUS_STRIDE]]).toEqual([WORKER_STOPPED, 1]);
    pool.post(0, { slot: 0 });
    expect(pool.waitAll(1, LATER())).toEqual([1]);
  });

  it('workers keep only the caller’s diagnostics flags', () => {
    expect(
      workerExecArgv([
        '--input-type=module',
        '--enable-source-maps',
        '--import',
        'tsx',
        '--inspect=9229',
        '-e',
        'x',
        '--no-warnings',
        '--require=./preload.cjs',
      ]),
    ).toEqual(['--enable-source-maps', '--no-warnings']);
  });
});

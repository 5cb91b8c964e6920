import { afterAll, describe, expect, it } from 'vitest';
import * as root from '../helpers/library.js';
import { assessPlsPathModel, bootstrapPlsPathModel, clvConfidenceIntervals, clvParameterDraws } from '../../src/node/index.js';
import { bootstrapWorker, pools } from '../../src/node/bootstrapPlsPathModel.js';
import { clvIntervalsPools, clvIntervalsThreads, clvIntervalsWorker } from '../../src/node/clvConfidenceIntervals.js';
import { clvBootstrapWorker, clvPools } from '../../src/node/clvParameterDraws.js';
import { STATUS_STRIDE, WorkerPool } from '../../src/node/workerPool.js';
import { caught, fixturePath, readFixtureCsv } from '../helpers/fixtures.js';

// A threaded call one of whose workers fails must not throw while another worker is still
// running its part (it would still be writing into the pool's shared memory after the caller got
// the error, and the next call reuses that memory): it waits for every worker, then throws one
// CustomerValueError `worker_failed` with the failed worker's reason. The fixture workers
// (test/fixtures/node/*.mjs, wrapping the built workers) spoil slot 0's first job, by a throw in
// the job or by exiting the thread, while slot 1 starts its part 400 ms late: when the error
// arrives, slot 1's status must already say "done" (1). Before WorkerPool.waitAll the error came
// at once, with slot 1 still at 0. The witness of the call that follows is the one-thread result.
// Run `npx tsup --silent` first (the fixtures import dist/).

const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const columns = { frequency: 'x', recency: 't_x', T: 'T_cal', monetary: 'm_x' };
const purchaseModel = root.fitBetaGeo(cbs, { timeUnit: 'week', columns });
const spendModel = root.fitGammaGamma(cbs, { columns });
const N = 8000;
const customers = { x: new Float64Array(N), t_x: new Float64Array(N), T_cal: new Float64Array(N), m_x: new Float64Array(N) };
for (let i = 0; i < N; i++) {
  customers.T_cal[i] = 13 * (1 + (i % 6));
  customers.x[i] = (i * 7) % 15;
  customers.t_x[i] = customers.x[i] > 0 ? Math.round((((i * 7919) % 9973) / 9973) * customers.T_cal[i] * 7) / 7 : 0;
  customers.m_x[i] = customers.x[i] > 0 ? 5 + ((i * 31) % 7919) / 10 : 0;
}
const intervalArgs = {
  purchaseModel,
  purchaseDraws: root.clvParameterDraws(purchaseModel, cbs, { method: 'delta', draws: 40, seed: 1 }),
  spendModel,
  spendDraws: root.clvParameterDraws(spendModel, cbs, { method: 'delta', draws: 40, seed: 2 }),
  customers,
  horizon: 12,
  timeUnit: 'month' as const,
  margin: 0.3,
};
const survey = readFixtureCsv('../../examples/data/ecsi_mobi.csv').columns;
const plsModel = root.fitPlsPathModel(survey, {
  constructs: { Value: { items: ['PERV1', 'PERV2'] }, Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3'] } },
  paths: [['Value', 'Satisfaction']],
});

/** The result's every number, as bytes (typed arrays and plain numbers alike). */
function bytes(result: unknown): string {
  return JSON.stringify(result, (_, v: unknown) => {
    if (v instanceof Float64Array || v instanceof Int32Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
    if (typeof v === 'number') return Buffer.from(Float64Array.of(v).buffer).toString('base64');
    return v;
  });
}

interface Threaded {
  readonly name: string;
  readonly worker: string;
  readonly what: string;
  /** Point the function at a worker program (returns the previous one). */
  readonly use: (file: string | null) => string | null;
  readonly pools: Map<string, WorkerPool>;
  /** The call on 3 threads, and the same call on one. */
  readonly threaded: () => unknown;
  readonly one: () => unknown;
}

const minValues = clvIntervalsWorker.minValuesPerThread;
const drawsPerUnit = clvIntervalsWorker.drawsPerUnit;
const FUNCTIONS: Threaded[] = [
  {
    name: 'clvConfidenceIntervals',
    worker: 'clvIntervalsWorker',
    what: 'intervals',
    use: (file) => {
      const before = clvIntervalsWorker.file;
      clvIntervalsWorker.file = file;
      clvIntervalsWorker.minValuesPerThread = 1000;
      // 41 draws in units of 4, so that the values at every draw (the first job) run on all 3 threads too
      clvIntervalsWorker.drawsPerUnit = 4;
      return before;
    },
    pools: clvIntervalsPools,
    threaded: () => {
      const result = clvConfidenceIntervals({ ...intervalArgs, threads: 3 });
      expect(clvIntervalsThreads.values).toBe(3);
      expect(clvIntervalsThreads.last).toBe(3);
      return result;
    },
    one: () => root.clvConfidenceIntervals(intervalArgs),
  },
  {
    name: 'clvParameterDraws',
    worker: 'clvBootstrapWorker',
    what: 'bootstrap',
    use: (file) => {
      const before = clvBootstrapWorker.file;
      clvBootstrapWorker.file = file;
      return before;
    },
    pools: clvPools,
    threaded: () => clvParameterDraws(purchaseModel, cbs, { draws: 300, seed: 5, threads: 3 }),
    one: () => root.clvParameterDraws(purchaseModel, cbs, { draws: 300, seed: 5 }),
  },
  {
    name: 'bootstrapPlsPathModel',
    worker: 'plsBootstrapWorker',
    what: 'bootstrap',
    use: (file) => {
      const before = bootstrapWorker.file;
      bootstrapWorker.file = file;
      return before;
    },
    pools,
    threaded: () => bootstrapPlsPathModel(plsModel, survey, { samples: 750, seed: 2, threads: 3 }),
    one: () => root.bootstrapPlsPathModel(plsModel, survey, { samples: 750, seed: 2 }),
  },
  {
    name: 'assessPlsPathModel',
    worker: 'plsBootstrapWorker',
    what: 'bootstrap',
    use: (file) => {
      const before = bootstrapWorker.file;
      bootstrapWorker.file = file;
      return before;
    },
    pools,
    threaded: () => assessPlsPathModel(plsModel, survey, { bootstrap: { resamples: 750, seed: 2, threads: 3 } }),
    one: () => root.assessPlsPathModel(plsModel, survey, { bootstrap: { resamples: 750, seed: 2 } }),
  },
];

describe.each(FUNCTIONS)('$name on threads, a worker failing', (f) => {
  const before = f.use(null);
  f.use(before);
  afterAll(() => {
    f.use(before);
    clvIntervalsWorker.minValuesPerThread = minValues;
    clvIntervalsWorker.drawsPerUnit = drawsPerUnit;
  });

  /** A fresh pool on the fixture worker (so its slot-0 thread spoils its first job), and the pool. */
  const fixture = (mode: 'throw' | 'exit') => {
    const file = fixturePath(`node/${f.worker}.${mode}.mjs`);
    f.use(file);
    const pool = new WorkerPool(f.name, f.what, { file });
    f.pools.set(file, pool);
    return pool;
  };

  it('a job that throws: worker_failed with its reason, only once the other worker finished; the next call gives the one-thread result', () => {
    const pool = fixture('throw');
    const status = pool.status;
    const error = caught(f.threaded);
    expect(error).toMatchObject({ name: 'CustomerValueError', code: 'worker_failed' });
    expect(error.message).toMatch(new RegExp(`${f.name}: an? ${f.what} worker failed before finishing its part: its job threw: `));
    expect(status[STATUS_STRIDE]).toBe(1);
    expect(bytes(f.threaded()) === bytes(f.one())).toBe(true);
  }, 120_000);

  it('a worker that exits in its job: worker_failed with the exit code, only once the other worker finished', () => {
    const pool = fixture('exit');
    const status = pool.status;
    const error = caught(f.threaded);
    expect(error).toMatchObject({ name: 'CustomerValueError', code: 'worker_failed' });
    expect(error.message).toMatch(/exit code 9/);
    expect(status[STATUS_STRIDE]).toBe(1);
    // the pool restarted: its status memory is new (the failed call's is left to the failed call)
    expect(pool.status).not.toBe(status);
  }, 120_000);
});

// One pool serves bootstrapPlsPathModel and assessPlsPathModel (keyed by the worker file, named
// after the first): when its workers cannot start, the error names the function the user called.
// A program that cannot be handed to a worker (a function in it: structured clone refuses it)
// makes the supervisor's start fail at once.
describe('a pool whose workers cannot start names the calling function', () => {
  const unstartable = (name: string) => new WorkerPool(name, 'bootstrap', { file: 'unused.mjs', notCloneable: () => 0 } as never);

  it("post() with fn: worker_failed for that function; without: the pool's own", () => {
    const error = caught(() => unstartable('bootstrapPlsPathModel').post(0, {}, 'assessPlsPathModel'));
    expect(error).toMatchObject({ name: 'CustomerValueError', code: 'worker_failed' });
    expect(error.message).toMatch(/^assessPlsPathModel: the bootstrap workers could not start: /);
    expect(error.issues[0].function).toBe('assessPlsPathModel');
    expect(caught(() => unstartable('bootstrapPlsPathModel').post(0, {})).message).toMatch(/^bootstrapPlsPathModel: the bootstrap workers could not start/);
  });

  it('assessPlsPathModel on threads, through the shared pool named bootstrapPlsPathModel', () => {
    const file = fixturePath('node/plsBootstrapWorker.throw.mjs');
    const before = bootstrapWorker.file;
    bootstrapWorker.file = file;
    const previous = pools.get(file);
    pools.set(file, unstartable('bootstrapPlsPathModel'));
    try {
      const error = caught(() => assessPlsPathModel(plsModel, survey, { bootstrap: { resamples: 750, seed: 2, threads: 3 } }));
      expect(error).toMatchObject({ name: 'CustomerValueError', code: 'worker_failed' });
      expect(error.message).toMatch(/^assessPlsPathModel: the bootstrap workers could not start/);
      expect(error.issues[0].function).toBe('assessPlsPathModel');
      const direct = caught(() => bootstrapPlsPathModel(plsModel, survey, { samples: 750, seed: 2, threads: 3 }));
      expect(direct.message).toMatch(/^bootstrapPlsPathModel: the bootstrap workers could not start/);
    } finally {
      bootstrapWorker.file = before;
      if (previous) pools.set(file, previous);
      else pools.delete(file);
    }
  });
});

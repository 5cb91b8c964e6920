import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScorer, fitValuePyramid } from '../../src/index.js';
import { clvParameterDraws as rootDraws, fitBetaGeo, fitGammaGamma } from '../../src/clv.js';
import { fitPlsPathModel } from '../../src/pls.js';
import { bootstrapPlsPathModel, clvConfidenceIntervals, clvParameterDraws, readCsvFile, scoreColumns, writeCsvBatches } from '../../src/node/index.js';
import { clvIntervalsPools, clvIntervalsWorker } from '../../src/node/clvConfidenceIntervals.js';
import { bootstrapWorker, pools } from '../../src/node/bootstrapPlsPathModel.js';
import { clvBootstrapWorker, clvPools } from '../../src/node/clvParameterDraws.js';
import { scoringPool } from '../../src/node/scoringWorkers.js';
import { formatWorkerHooks } from '../../src/node/writeCsv.js';
import { csvPartWorker } from '../../src/node/readCsvFile.js';
import type { ScoredBatch } from '../../src/node/index.js';

// Runtime faults, enumerated over every function that starts worker threads. Each must, under
// every hostile launch mode (a script from `node -e` or stdin with `--input-type=module`, code
// generation from strings disallowed), give exactly its one-thread result without hanging; a
// worker killed in the middle of a job must surface at once as CustomerValueError
// `worker_failed`; and repeated calls must not keep memory. A new threaded function is covered
// by adding one entry to THREADED (the guard below fails until it is).
// The launch-mode scripts use the build: run `npx tsup --silent` first.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = (entry: string) => pathToFileURL(join(ROOT, 'dist', entry)).href;
const SURVEY = join(ROOT, 'examples/data/ecsi_mobi.csv');
const MB = 1024 * 1024;

interface ThreadedFunction {
  readonly name: string;
  /** The source files whose workers this entry exercises (checked against the code below). */
  readonly starts: readonly string[];
  /** An ES module body that runs the function threaded and on one thread and prints `{"same":true}` when they agree. */
  readonly script: string;
  /** Make the next threaded call lose a worker in the middle of its job; returns that call. */
  readonly killed: () => Promise<unknown>;
  /** One threaded call (for the repeated-call memory check) and how many to make. */
  readonly call: () => unknown;
  readonly calls: number;
}

const pyramid = fitValuePyramid(
  { profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] },
  { dimensions: [{ column: 'profit', scale: 'none' }], tiers: { method: 'cumulativeShare' } },
);
const scorer = compileScorer({ pyramid });
const profit = Float64Array.from({ length: 2_000_000 }, (_, i) => (i * 7919) % 1000);
const small = profit.subarray(0, 300_000);
const plsSpec = {
  constructs: { Value: { items: ['PERV1', 'PERV2'] }, Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3'] } },
  paths: [['Value', 'Satisfaction']],
} as const;
let survey: Record<string, ArrayLike<number>> = {};
const builtBootstrapWorker = join(ROOT, 'dist/plsBootstrapWorker.js');
const builtClvBootstrapWorker = join(ROOT, 'dist/clvBootstrapWorker.js');
const CDNOW = join(ROOT, 'test/fixtures/loyalty/cdnow_btyd_cbs.csv');
const cdnowSpec = { timeUnit: 'week', columns: { frequency: 'x', recency: 't_x', T: 'T_cal' } } as const;
let cdnow: Record<string, ArrayLike<number>> = {};
const builtClvIntervalsWorker = join(ROOT, 'dist/clvIntervalsWorker.js');
// clvConfidenceIntervals on threads: n synthetic customers (nearly all distinct histories) valued by
// BG/NBD + Gamma-Gamma fits on CDNOW with `draws` delta-method draws (the same code in the scripts)
const CLV_INTERVALS = `
  const synthetic = (n) => {
    const c = { x: new Float64Array(n), t_x: new Float64Array(n), T_cal: new Float64Array(n), m_x: new Float64Array(n) };
    for (let i = 0; i < n; i++) {
      c.T_cal[i] = 13 * (1 + (i % 6));
      c.x[i] = (i * 7) % 15;
      c.t_x[i] = c.x[i] > 0 ? Math.round((((i * 7919) % 9973) / 9973) * c.T_cal[i] * 7) / 7 : 0;
      c.m_x[i] = c.x[i] > 0 ? 5 + ((i * 31) % 7919) / 10 : 0;
    }
    return c;
  };
  const intervalArgs = (cbs, n, draws) => {
    const purchaseModel = fitBetaGeo(cbs, { timeUnit: 'week', columns: { frequency: 'x', recency: 't_x', T: 'T_cal' } });
    const spendModel = fitGammaGamma(cbs, { columns: { frequency: 'x', monetary: 'm_x' } });
    const purchaseDraws = clvParameterDraws(purchaseModel, cbs, { method: 'delta', draws, seed: 1 });
    const spendDraws = clvParameterDraws(spendModel, cbs, { method: 'delta', draws, seed: 2 });
    return { purchaseModel, purchaseDraws, spendModel, spendDraws, customers: synthetic(n), horizon: 12, timeUnit: 'month', margin: 0.3, totalsOverTime: true };
  };`;
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the same source the launch-mode script runs, so the in-process calls and the script value the same customers
const { intervalArgs } = new Function('fitBetaGeo', 'fitGammaGamma', 'clvParameterDraws', `${CLV_INTERVALS}; return { intervalArgs };`)(
  fitBetaGeo,
  fitGammaGamma,
  rootDraws,
) as { intervalArgs: (cbs: unknown, n: number, draws: number) => Parameters<typeof clvConfidenceIntervals>[0] };

async function* scoredBatches(count: number, rows: number): AsyncGenerator<ScoredBatch> {
  for (let b = 0; b < count; b++) {
    const id = Array.from({ length: rows }, (_, i) => `c${b}-${i}`);
    const value = Float64Array.from({ length: rows }, (_, i) => (i * 7919) / 13);
    yield { columns: { id, 'pyramid.value': value }, names: ['id', 'pyramid.value'], rowCount: rows, rejects: [] };
  }
}
const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });

// readCsvFile on threads: the built worker, small parts
const csvDir = mkdtempSync(join(tmpdir(), 'cv-runtime-csv-'));
const csvFile = join(csvDir, 'numbers.csv');
writeFileSync(csvFile, `id,a,b\n${Array.from({ length: 40_000 }, (_, i) => `${i},${(i * 7919) % 1000},${i / 8}`).join('\n')}\n`);
const builtWorkers = () => {
  csvPartWorker.file = join(ROOT, 'dist/csvPartWorker.js');
  csvPartWorker.minPartBytes = 1 << 16;
};
const killing = async (hooks: { started: ((worker: import('node:worker_threads').Worker) => void) | null }, run: () => Promise<unknown>) => {
  builtWorkers();
  hooks.started = (worker) => setImmediate(() => void worker.terminate());
  try {
    return await run();
  } finally {
    hooks.started = null;
  }
};

const THREADED: readonly ThreadedFunction[] = [
  {
    name: 'scoreColumns (customer-value/node, threads)',
    starts: ['src/node/scoringWorkers.ts'],
    script: `
      import { compileScorer, fitValuePyramid, scoreColumns as oneThread } from '${DIST('index.js')}';
      import { scoreColumns } from '${DIST('node.js')}';
      const pyramid = fitValuePyramid({ profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] }, { dimensions: [{ column: 'profit', scale: 'none', transform: 'log1p' }], tiers: { method: 'cumulativeShare' } });
      const scorer = compileScorer({ pyramid });
      const profit = Float64Array.from({ length: 300000 }, (_, i) => (i * 7919) % 1000);
      const threaded = scoreColumns(scorer, { profit }, { threads: 2 }).outputs;
      const single = oneThread(scorer, { profit }).outputs;
      const bytes = (a) => Buffer.from(new Float64Array(a).buffer);
      console.log(JSON.stringify({ same: Object.keys(single).every((k) => bytes(threaded[k]).equals(bytes(single[k]))) }));`,
    killed: async () => {
      scoringPool.terminateAfter(0, 0);
      return scoreColumns(scorer, { profit }, { threads: 2 });
    },
    call: () => scoreColumns(scorer, { profit: small }, { threads: 2 }),
    calls: 100,
  },
  {
    name: 'bootstrapPlsPathModel (customer-value/node, threads)',
    starts: ['src/node/bootstrapPlsPathModel.ts'],
    script: `
      import { fitPlsPathModel } from '${DIST('pls.js')}';
      import { bootstrapPlsPathModel, readCsvFile } from '${DIST('node.js')}';
      const survey = (await readCsvFile(${JSON.stringify(SURVEY)})).columns;
      const model = fitPlsPathModel(survey, ${JSON.stringify(plsSpec)});
      const threaded = bootstrapPlsPathModel(model, survey, { samples: 1000, seed: 3, threads: 2 });
      const single = bootstrapPlsPathModel(model, survey, { samples: 1000, seed: 3, threads: 1 });
      console.log(JSON.stringify({ same: JSON.stringify(threaded) === JSON.stringify(single) }));`,
    killed: async () => {
      const model = fitPlsPathModel(survey, plsSpec);
      bootstrapPlsPathModel(model, survey, { samples: 500, seed: 1, threads: 2 }); // starts the pool
      pools.get(builtBootstrapWorker)!.terminateAfter(0, 0);
      return bootstrapPlsPathModel(model, survey, { samples: 5000, seed: 1, threads: 2 });
    },
    call: () => bootstrapPlsPathModel(fitPlsPathModel(survey, plsSpec), survey, { samples: 500, seed: 1, threads: 2 }),
    calls: 20,
  },
  {
    name: 'clvParameterDraws (customer-value/node, threads)',
    starts: ['src/node/clvParameterDraws.ts'],
    script: `
      import { fitBetaGeo } from '${DIST('clv.js')}';
      import { clvParameterDraws, readCsvFile } from '${DIST('node.js')}';
      const cbs = (await readCsvFile(${JSON.stringify(CDNOW)})).columns;
      const model = fitBetaGeo(cbs, ${JSON.stringify(cdnowSpec)});
      const threaded = clvParameterDraws(model, cbs, { draws: 300, seed: 3, threads: 2 });
      const single = clvParameterDraws(model, cbs, { draws: 300, seed: 3, threads: 1 });
      console.log(JSON.stringify({ same: JSON.stringify(threaded) === JSON.stringify(single) }));`,
    killed: async () => {
      const model = fitBetaGeo(cdnow, cdnowSpec);
      clvParameterDraws(model, cdnow, { draws: 200, seed: 1, threads: 2 }); // starts the pool
      clvPools.get(builtClvBootstrapWorker)!.terminateAfter(0, 0);
      return clvParameterDraws(model, cdnow, { draws: 3000, seed: 1, threads: 2 });
    },
    call: () => clvParameterDraws(fitBetaGeo(cdnow, cdnowSpec), cdnow, { draws: 200, seed: 1, threads: 2 }),
    calls: 10,
  },
  {
    name: 'clvConfidenceIntervals (customer-value/node, threads)',
    starts: ['src/node/clvConfidenceIntervals.ts'],
    script: `
      import { clvParameterDraws, fitBetaGeo, fitGammaGamma } from '${DIST('clv.js')}';
      import { clvConfidenceIntervals, readCsvFile } from '${DIST('node.js')}';
      ${CLV_INTERVALS}
      const args = intervalArgs((await readCsvFile(${JSON.stringify(CDNOW)})).columns, 12000, 60);
      const bytes = (r) => JSON.stringify(r, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v));
      const threaded = clvConfidenceIntervals({ ...args, threads: 2 });
      const single = clvConfidenceIntervals({ ...args, threads: 1 });
      console.log(JSON.stringify({ same: bytes(threaded) === bytes(single) }));`,
    killed: async () => {
      clvConfidenceIntervals({ ...intervalArgs(cdnow, 12000, 60), threads: 2 }); // starts the pool
      clvIntervalsPools.get(builtClvIntervalsWorker)!.terminateAfter(0, 0);
      return clvConfidenceIntervals({ ...intervalArgs(cdnow, 60000, 300), threads: 2 });
    },
    call: () => clvConfidenceIntervals({ ...intervalArgs(cdnow, 12000, 60), threads: 2 }),
    calls: 10,
  },
  {
    name: 'writeCsvBatches (customer-value/node, threads)',
    starts: ['src/node/writeCsv.ts'],
    script: `
      import { Writable } from 'node:stream';
      import { writeCsvBatches } from '${DIST('node.js')}';
      async function* batches() {
        for (let b = 0; b < 6; b++) {
          const id = Array.from({ length: 5000 }, (_, i) => 'c' + b + '-' + i);
          yield { columns: { id, 'pyramid.value': Float64Array.from({ length: 5000 }, (_, i) => (i * 7919) / 13) }, names: ['id', 'pyramid.value'], rowCount: 5000, rejects: [] };
        }
      }
      const text = async (threads) => {
        const chunks = [];
        await writeCsvBatches(batches(), new Writable({ write(c, _e, done) { chunks.push(Buffer.from(c)); done(); } }), undefined, { threads });
        return Buffer.concat(chunks).toString();
      };
      console.log(JSON.stringify({ same: (await text(3)) === (await text(1)) }));`,
    killed: async () => {
      formatWorkerHooks.started = (worker) => setImmediate(() => void worker.terminate());
      try {
        return await writeCsvBatches(scoredBatches(20, 5000), sink(), undefined, { threads: 2 });
      } finally {
        formatWorkerHooks.started = null;
      }
    },
    call: () => writeCsvBatches(scoredBatches(4, 5000), sink(), undefined, { threads: 2 }),
    calls: 20,
  },
  {
    name: 'readCsvFile (customer-value/node, threads)',
    starts: ['src/node/readCsvFile.ts'],
    script: `
      import { writeFileSync, mkdtempSync } from 'node:fs';
      import { tmpdir } from 'node:os';
      import { join } from 'node:path';
      import { readCsvFile } from '${DIST('node.js')}';
      const file = join(mkdtempSync(join(tmpdir(), 'cv-read-')), 'big.csv');
      writeFileSync(file, 'id,a,b\\n' + Array.from({ length: 1300000 }, (_, i) => (1000000 + i) + ',' + (100 + ((i * 7919) % 900)) + ',' + (i % 8) / 8).join('\\n') + '\\n');
      const two = await readCsvFile(file, { threads: 2 });
      const one = await readCsvFile(file, { threads: 1 });
      const bytes = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      const shared = two.columns.a.buffer instanceof SharedArrayBuffer;
      console.log(JSON.stringify({ same: shared && one.names.every((n) => bytes(one.columns[n]).equals(bytes(two.columns[n]))) && bytes(one.lines).equals(bytes(two.lines)) }));`,
    killed: () => killing(csvPartWorker, () => readCsvFile(csvFile, { threads: 3 })),
    call: () => {
      builtWorkers();
      return readCsvFile(csvFile, { threads: 2 });
    },
    calls: 20,
  },
];

const LAUNCH_MODES = [
  {
    name: 'node --input-type=module -e',
    run: (script: string) => spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 }),
  },
  {
    name: 'node --input-type=module < stdin',
    run: (script: string) => spawnSync(process.execPath, ['--input-type=module'], { input: script, encoding: 'utf8', timeout: 60_000 }),
  },
  {
    name: 'node --disallow-code-generation-from-strings',
    run: (script: string) => {
      const file = join(mkdtempSync(join(tmpdir(), 'cv-runtime-')), 'script.mjs');
      writeFileSync(file, script);
      return spawnSync(process.execPath, ['--disallow-code-generation-from-strings', file], { encoding: 'utf8', timeout: 60_000 });
    },
  },
];

describe('runtime faults of every function that starts workers', () => {
  const builtBefore = bootstrapWorker.file;
  const clvBuiltBefore = clvBootstrapWorker.file;
  const clvIntervalsBuiltBefore = clvIntervalsWorker.file;
  beforeAll(async () => {
    survey = (await readCsvFile(SURVEY)).columns as Record<string, ArrayLike<number>>;
    cdnow = (await readCsvFile(CDNOW)).columns as Record<string, ArrayLike<number>>;
    // from the sources there is no worker file: use the built one (run `npx tsup --silent` first)
    bootstrapWorker.file = builtBootstrapWorker;
    clvBootstrapWorker.file = builtClvBootstrapWorker;
    clvIntervalsWorker.file = builtClvIntervalsWorker;
  });
  afterAll(() => {
    bootstrapWorker.file = builtBefore;
    clvBootstrapWorker.file = clvBuiltBefore;
    clvIntervalsWorker.file = clvIntervalsBuiltBefore;
  });

  it('the list covers every source file that starts a worker', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
        const path = `${dir}/${entry.name}`;
        if (entry.isDirectory()) walk(path);
        else if (path.endsWith('.ts') && /new (Worker|WorkerPool)\(/.test(readFileSync(join(ROOT, path), 'utf8'))) files.push(path);
      }
    };
    walk('src');
    const covered = new Set(['src/node/workerPool.ts', ...THREADED.flatMap((f) => f.starts)]);
    expect(
      files.filter((file) => !covered.has(file)),
      'files starting workers with no THREADED entry',
    ).toEqual([]);
    expect(existsSync(builtBootstrapWorker), 'the build (npx tsup --silent)').toBe(true);
  });

  for (const fn of THREADED) {
    describe(fn.name, () => {
      it.each(LAUNCH_MODES.map((mode) => [mode.name, mode] as const))('launched by %s: the one-thread result, no hang', (_, mode) => {
        const result = mode.run(fn.script);
        expect(result.error, 'the script ended by itself').toBeUndefined();
        expect(result.stderr).not.toMatch(/Error|Warning/);
        expect([result.status, result.stdout.trim()]).toEqual([0, '{"same":true}']);
      });

      it('a worker killed in the middle of a job: CustomerValueError worker_failed at once, then the next call works', async () => {
        const error = await fn.killed().then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toMatchObject({ name: 'CustomerValueError', code: 'worker_failed' });
        expect((error as Error).message).toMatch(/stopped/);
        await fn.call();
      });

      it(`repeated calls keep no memory (RSS within 150 MB of one call)`, async () => {
        await fn.call();
        const before = process.memoryUsage().rss;
        for (let i = 1; i < fn.calls; i++) await fn.call();
        const grown = (process.memoryUsage().rss - before) / MB;
        expect(grown, `RSS grew by ${grown.toFixed(0)} MB over ${fn.calls - 1} calls`).toBeLessThan(150);
      });
    });
  }
});

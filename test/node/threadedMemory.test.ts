import { describe, expect, it } from 'vitest';
import { compileScorer, fitValuePyramid } from '../../src/index.js';
import { scoreColumns, shareColumns } from '../../src/node/index.js';
import { workerSlices } from '../../src/node/scoringWorkers.js';

// Repeated threaded calls must not keep memory. V8 does not count SharedArrayBuffer allocations
// towards garbage collection and idle workers never collect, so before the fix every call's
// shared copies of the inputs and its shared outputs stayed alive: 100 calls on this table
// (20 bytes a row, 300,000 rows) grew the process by ~600 MB. Not timed; the bound is generous
// (one call's whole footprint is 6 MB).
const MB = 1024 * 1024;
const ROWS = 300_000;
const CALLS = 100;

describe('scoreColumns with threads keeps no memory across calls', () => {
  const pyramid = fitValuePyramid(
    { profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] },
    { dimensions: [{ column: 'profit', scale: 'none' }], tiers: { method: 'cumulativeShare' } },
  );
  const scorer = compileScorer({ pyramid });
  const profit = Float64Array.from({ length: ROWS }, (_, i) => (i * 7919) % 1000);

  it.each([
    ['plain columns (copied to shared memory)', () => ({ profit })],
    ['shared columns (read in place)', () => shareColumns({ profit })],
  ])('RSS after 100 calls stays within 150 MB of one call: %s', (_, table) => {
    const columns = table();
    const first = scoreColumns(scorer, columns, { threads: 2 }).outputs['pyramid.tier'];
    const before = process.memoryUsage().rss;
    const slices = workerSlices.scored;
    for (let call = 1; call < CALLS; call++) {
      const tier = scoreColumns(scorer, columns, { threads: 2 }).outputs['pyramid.tier'];
      if (tier[ROWS - 1] !== first[ROWS - 1]) throw new Error('outputs changed between calls');
    }
    const grown = (process.memoryUsage().rss - before) / MB;
    expect(workerSlices.scored - slices, 'every call used a worker').toBe(CALLS - 1);
    expect(grown, `RSS grew by ${grown.toFixed(0)} MB over ${CALLS - 1} calls`).toBeLessThan(150);
  });

  it('returns outputs in ordinary memory, never the reused scratch memory', () => {
    const a = scoreColumns(scorer, { profit }, { threads: 2 }).outputs['pyramid.value'];
    const b = scoreColumns(scorer, { profit: profit.map((v) => v + 1) }, { threads: 2 }).outputs['pyramid.value'];
    expect(a.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    expect(a[5]).not.toBe(b[5]);
  });
});

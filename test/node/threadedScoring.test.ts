import { describe, expect, it } from 'vitest';
import { compileScorer, scoreColumns as scoreOneThread, scorerColumns } from '../../src/index.js';
import { scoreColumns, shareColumns } from '../../src/node/index.js';
import { scoringPool, workerSlices } from '../../src/node/scoringWorkers.js';
import { STATUS_STRIDE } from '../../src/node/workerPool.js';
import { caught } from '../helpers/fixtures.js';
import { sqlTestData } from '../helpers/sqlData.js';

// Models over every compiled kind (RFM, pyramid with log1p, index, segments, P(alive)), reused from the SQL tests.
import { models as scorerModels } from '../helpers/sqlModels.js';

const base = sqlTestData();
// 4× the SQL rows so every thread gets a slice above the one-thread cut-off
const big = Object.fromEntries(
  Object.entries(base).map(([name, column]) => {
    const values = column as ArrayLike<number>;
    const out = new Float64Array(values.length * 4);
    for (let r = 0; r < 4; r++) for (let i = 0; i < values.length; i++) out[r * values.length + i] = values[i];
    return [name, out];
  }),
) as Record<string, Float64Array>;

const bitsEqual = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  const x = new Float64Array(Array.from(a));
  const y = new Float64Array(Array.from(b));
  expect(Buffer.from(x.buffer).equals(Buffer.from(y.buffer))).toBe(true);
};

describe('scoreColumns with threads (customer-value/node)', () => {
  const scorer = compileScorer(scorerModels);
  const one = scoreOneThread(scorer, big).outputs;

  it.each([2, 3])('gives the one-thread outputs bit for bit with %i threads, on shared and on plain columns', (threads) => {
    for (const columns of [shareColumns(big), big]) {
      const before = workerSlices.scored;
      const { outputs, rows, skipped } = scoreColumns(scorer, columns, { threads });
      expect([rows, skipped]).toEqual([big.recency.length, 0]);
      expect(Object.keys(outputs)).toEqual(Object.keys(one));
      for (const name of Object.keys(one)) bitsEqual(outputs[name], one[name]);
      expect(outputs['pyramid.value'].buffer, 'outputs in ordinary memory').not.toBeInstanceOf(SharedArrayBuffer);
      expect(workerSlices.scored - before, 'slices scored by workers').toBe(threads - 1);
    }
  });

  it.each([2, 3])('reads and writes scorerColumns arrays in place with %i threads, bit for bit as one thread', (threads) => {
    const rows = big.recency.length;
    const { inputs, outputs } = scorerColumns(scorer, rows);
    for (const name of scorer.inputs) inputs[name].set(big[name]);
    const before = workerSlices.scored;
    const result = scoreColumns(scorer, inputs, { threads, into: outputs });
    expect(workerSlices.scored - before, 'slices scored by workers').toBe(threads - 1);
    expect(result.outputs['pyramid.value']).toBe(outputs['pyramid.value']);
    for (const name of Object.keys(one)) bitsEqual(outputs[name], one[name]);
    // plain outputs from in-place inputs, and again (the workers' kernels are reused)
    const plain = scoreColumns(scorer, inputs, { threads }).outputs;
    for (const name of Object.keys(one)) bitsEqual(plain[name], one[name]);
  });

  it('writes into preallocated shared outputs and reuses them', () => {
    const shared = shareColumns(big);
    const into = Object.fromEntries(
      scorer.outputs.map((o) => {
        const Type = { float64: Float64Array, int32: Int32Array, uint8: Uint8Array, uint16: Uint16Array }[o.type];
        const Shared = Type as unknown as new (buffer: SharedArrayBuffer) => Float64Array;
        return [o.name, new Shared(new SharedArrayBuffer(Type.BYTES_PER_ELEMENT * big.recency.length))];
      }),
    );
    const first = scoreColumns(scorer, shared, { threads: 2, into });
    expect(first.outputs['rfm.cell']).toBe(into['rfm.cell']);
    bitsEqual(into['segments.distance'], one['segments.distance']);
  });

  it('a worker killed in its slice: worker_failed only once the other worker has finished its part; the next call scores bit for bit', () => {
    const columns = shareColumns(big);
    scoreColumns(scorer, columns, { threads: 3 }); // starts the pool
    scoringPool.terminateAfter(0, 0);
    const status = scoringPool.status;
    const error = caught(() => scoreColumns(scorer, columns, { threads: 3 }));
    expect(error).toMatchObject({ name: 'CustomerValueError', code: 'worker_failed' });
    expect(error.message).toMatch(/a scoring worker stopped before finishing its part/);
    // slot 1 had answered (scored) when the error was thrown: it no longer writes into the outputs
    expect(status[STATUS_STRIDE]).toBe(1);
    const again = scoreColumns(scorer, columns, { threads: 3 }).outputs;
    for (const name of Object.keys(one)) bitsEqual(again[name], one[name]);
  });

  it('names the bad rows as the one-thread path does when a value is out of range, and skips missing rows under skip', () => {
    const bad = { ...big, q2: big.q2.slice(), spend: big.spend.slice() };
    bad.q2[300_000] = 11; // off the 1–10 scale, in the last thread's slice
    bad.spend[7] = -2; // log1p needs > −1, in the main thread's slice
    const error = caught(() => scoreColumns(scorer, shareColumns(bad), { threads: 2 }));
    expect(error.code).toBe('invalid_value');
    expect(error.issues.map((i: { column: string; row: number }) => [i.column, i.row])).toEqual([
      ['spend', 7],
      ['q2', 300_000],
    ]);
    const holes = { ...big, frequency: big.frequency.slice() };
    holes.frequency[250_000] = Number.NaN;
    const skipped = scoreColumns(scorer, shareColumns(holes), { threads: 2, missing: 'skip' });
    expect(skipped.skipped).toBe(1);
    expect(skipped.outputs['rfm.cell'][250_000]).toBe(0);
    expect(skipped.outputs['pyramid.tier'][250_000]).toBe(-1);
    expect(skipped.outputs['rfm.cell'][250_001]).toBe(one['rfm.cell'][250_001]);
  });

  it('scores small tables and row objects on one thread, and checks its options', () => {
    const small = scoreColumns(scorer, base, { threads: 2 });
    expect(small.outputs['rfm.cell']).toEqual(scoreOneThread(scorer, base).outputs['rfm.cell']);
    expect(caught(() => scoreColumns(scorer, big, { threads: 0 })).issues[0]).toMatchObject({
      path: 'options.threads',
      expected: 'number to be >=1',
      received: '0',
    });
    expect(caught(() => scoreColumns(scorer, big, { threads: 'all' as never })).issues[0]).toMatchObject({
      expected: "a thread count: a whole number 1–256, or 'auto'",
    });
    expect(caught(() => scoreColumns(scorer, big, { threads: 2, into: { 'rfm.cell': new Uint16Array(3) } })).code).toBe('invalid_spec');
    expect(caught(() => shareColumns({ spend: [1, '2'] as never })).issues[0]).toMatchObject({ column: 'spend', row: 1 });
    expect(Array.from(shareColumns({ spend: [1, null] as never }).spend)).toEqual([1, Number.NaN]);
  });
});

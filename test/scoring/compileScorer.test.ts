import { describe, expect, it } from 'vitest';
import {
  compileScorer,
  fitRfm,
  fitSatisfactionIndex,
  fitSegments,
  fitValuePyramid,
  scoreColumns,
  scoreRfm,
  scoreSatisfactionIndex,
  scoreSegments,
  scoreValuePyramid,
} from '../../src/index.js';
import { fitBetaGeo, probabilityAlive } from '../../src/clv.js';
import { caught, readFixtureCsv } from '../helpers/fixtures.js';

const cdnow = readFixtureCsv('value/cdnow_customers_summary.csv').columns as Record<string, Float64Array>;
const customers = { ...cdnow, spend: cdnow.frequency.map((f, i) => 10 * f + (i % 7)) };
const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;

const expectSame = (actual: ArrayLike<number>, expected: ArrayLike<number>) => {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(1e-12 * Math.abs(expected[i]));
  }
};

describe('compileScorer(models) / scoreColumns(scorer, columns)', () => {
  const rfm = fitRfm(customers, { recency: { column: 'recency', better: 'higher' }, frequency: { column: 'frequency' }, monetary: { column: 'spend' } });
  const pyramid = fitValuePyramid(customers, {
    dimensions: [{ column: 'spend', transform: 'log1p', weight: 2 }, { column: 'frequency' }, { column: 'T', better: 'lower', scale: 'minmax' }],
  });
  const segments = fitSegments(customers, { features: ['recency', 'frequency', 'T'], k: 4, seed: 2 });
  const clv = fitBetaGeo(cdnow, { timeUnit: 'week' });

  it('gives exactly the per-model scores for RFM, value pyramid, segments and P(alive) in one fused loop', () => {
    const scorer = compileScorer({ rfm, pyramid, segments, clv });
    expect(scorer.inputs).toEqual(['recency', 'frequency', 'spend', 'T']);
    const { outputs, rows, skipped } = scoreColumns(scorer, customers);
    expect([rows, skipped]).toEqual([2357, 0]);
    const r = scoreRfm(rfm, customers);
    for (const key of ['recency', 'frequency', 'monetary', 'cell', 'total'] as const) expect(outputs[`rfm.${key}`]).toEqual(r[key]);
    const p = scoreValuePyramid(pyramid, customers);
    expect(outputs['pyramid.tier']).toEqual(p.tier);
    expectSame(outputs['pyramid.value'], p.value);
    const s = scoreSegments(segments, customers);
    expect(outputs['segments.segment']).toEqual(s.segment);
    expectSame(outputs['segments.distance'], s.distance);
    expectSame(outputs['clv.probabilityAlive'], probabilityAlive(clv, cdnow).values);
  });

  it('gives exactly the satisfaction index, per dimension too, and checks answers against the scale', () => {
    const items = ['PERQ1', 'PERQ2', 'PERQ3', 'PERV1', 'PERV2', 'IMAG1', 'IMAG2'];
    const index = fitSatisfactionIndex(mobi, { dimensions: { quality: items.slice(0, 3), value: items.slice(3, 5), image: items.slice(5) }, scale: [1, 10] });
    const { outputs } = scoreColumns(compileScorer({ index }), mobi);
    const expected = scoreSatisfactionIndex(index, mobi);
    expectSame(outputs['index.index'], expected.index);
    expectSame(outputs['index.index100'], expected.index100);
    expectSame(outputs['index.dimension.1'], expected.dimensions!.value);
    const bad = { ...mobi, PERQ2: Float64Array.from(mobi.PERQ2, (v, i) => (i === 7 ? 11 : v)) };
    expect(caught(() => scoreColumns(compileScorer({ index }), bad)).message).toContain('row 7, column "PERQ2": expected a value from 1 to 10, got 11');
  });

  it('marks rows with missing inputs like the per-model functions, only when asked', () => {
    const scorer = compileScorer({ rfm, pyramid });
    const holes = { ...customers, spend: Float64Array.from(customers.spend, (v, i) => (i % 100 === 0 ? Number.NaN : v)) };
    expect(caught(() => scoreColumns(scorer, holes)).code).toBe('invalid_value');
    const { outputs, skipped } = scoreColumns(scorer, holes, { missing: 'skip' });
    expect(skipped).toBe(24);
    expect(outputs['rfm.cell']).toEqual(scoreRfm(rfm, holes, { missing: 'skip' }).cell);
    expect(outputs['pyramid.tier']).toEqual(scoreValuePyramid(pyramid, holes, { missing: 'skip' }).tier);
    expect(Number.isNaN(outputs['pyramid.value'][0])).toBe(true);
  });

  it('runChecked stops at the first non-finite or out-of-range input and otherwise scores like run', () => {
    const scorer = compileScorer({ pyramid, rfm });
    const inputs = scorer.inputs.map((name) => Float64Array.from((customers as Record<string, Float64Array>)[name]));
    const alloc = () =>
      scorer.outputs.map((o) =>
        o.type === 'float64'
          ? new Float64Array(2357)
          : o.type === 'int32'
            ? new Int32Array(2357)
            : o.type === 'uint16'
              ? new Uint16Array(2357)
              : new Uint8Array(2357),
      );
    const [a, b] = [alloc(), alloc()];
    scorer.run(inputs, a, 0, 2357);
    expect(scorer.runChecked(inputs, b, 0, 2357)).toBe(-1);
    expect(b).toEqual(a);
    const spend = scorer.inputs.indexOf('spend');
    for (const [row, value] of [
      [5, -1],
      [9, Number.POSITIVE_INFINITY],
      [11, Number.NaN],
      [0, Number.NEGATIVE_INFINITY],
    ] as const) {
      const bad = inputs.map((x) => x.slice());
      bad[spend][row] = value; // log1p(spend) needs spend > −1
      expect(scorer.runChecked(bad, alloc(), 0, 2357), String(value)).toBe(row);
    }
    const recency = scorer.inputs.indexOf('recency');
    const huge = inputs.map((x) => x.slice());
    huge[recency][3] = Number.NaN; // no range on recency: only finiteness is checked
    expect(scorer.runChecked(huge, alloc(), 0, 2357)).toBe(3);
    huge[recency][3] = -1e300;
    expect(scorer.runChecked(huge, alloc(), 0, 2357)).toBe(-1);
  });

  it('inlines constants exactly and refuses models it cannot compile', () => {
    const scorer = compileScorer(rfm);
    expect(scorer.source).toContain(String(rfm.thresholds.monetary[3]));
    expect(scorer.source).not.toMatch(/\.map\(|=>|new /);
    expect(caught(() => compileScorer({ bad: { kind: 'gammaGamma' } as never })).code).toBe('invalid_model');
    expect(caught(() => compileScorer({ 'no-dash': rfm })).message).toContain('letters, digits and _');
    expect(caught(() => scoreColumns(compileScorer(rfm), { recency: [1], frequency: [1] })).code).toBe('missing_column');
  });
});

describe('compileScorer(betaGeo) refuses what probabilityAlive refuses', () => {
  const clv = fitBetaGeo(cdnow, { timeUnit: 'week' });
  const good = { frequency: [0, 2, 5], recency: [0, 20, 30], T: [30, 30, 30] };
  // each history is refused by readPurchaseSummary (probabilityAlive); row 1 is the bad one
  const bad: [string, Record<string, number[]>, string][] = [
    ['a fractional frequency', { frequency: [2, 1.5], recency: [10, 10], T: [30, 30] }, 'frequency'],
    ['a recency beyond T', { frequency: [2, 2], recency: [10, 31], T: [30, 30] }, 'recency'],
    ['a negative recency', { frequency: [2, 2], recency: [10, -1], T: [30, 30] }, 'recency'],
    ['a negative frequency', { frequency: [2, -1], recency: [10, 0], T: [30, 30] }, 'frequency'],
    ['a recency without repeat purchases', { frequency: [2, 0], recency: [10, 4], T: [30, 30] }, 'recency'],
  ];
  it('scores accepted histories as probabilityAlive', () => {
    expectSame(scoreColumns(compileScorer({ clv }), good).outputs['clv.probabilityAlive'], probabilityAlive(clv, good).values);
  });
  it.each(bad)('%s: both throw invalid_value naming row 1 and the column', (_label, history, column) => {
    const library = caught(() => probabilityAlive(clv, history));
    expect(library.code).toBe('invalid_value');
    for (const columns of [history, Object.fromEntries(Object.entries(history).map(([k, v]) => [k, Float64Array.from(v)]))]) {
      const error = caught(() => scoreColumns(compileScorer({ clv }), columns));
      expect(error.code).toBe('invalid_value');
      expect(error.issues[0]).toMatchObject({ row: 1, column });
    }
  });
  it('the checked loop stops at the refused row', () => {
    const scorer = compileScorer({ clv });
    const x = Float64Array.from([1, 2, 2.5]);
    const outputs = scorer.outputs.map(() => new Float64Array(3));
    expect(scorer.runChecked([x, Float64Array.from([1, 1, 1]), Float64Array.from([5, 5, 5])], outputs, 0, 3)).toBe(2);
    expect(scorer.ranges[0]).toMatchObject({ min: 0, integer: true });
    expect(scorer.relations.map((r) => r.kind)).toEqual(['atMost', 'zeroWhenZero']);
  });
});

import { describe, expect, it } from 'vitest';
import {
  compileScorer,
  cronbachAlpha,
  CustomerValueError,
  fitRfm,
  fitSatisfactionIndex,
  fitSegments,
  fitValuePyramid,
  kmo,
  lifecycleStages,
  realizedProfit,
  scoreColumns,
  scoreRfm,
  summarizeTransactions,
  tierSummary,
} from '../../src/index.js';
import { fitBetaGeo } from '../../src/clv.js';
import { fitPlsPathModel } from '../../src/pls.js';

// Numerical edge cases: each gives a correct result or a clear CustomerValueError — never NaN or
// Infinity in an output.
function finiteEverywhere(value: unknown, path = 'result'): void {
  if (typeof value === 'number') {
    expect(Number.isFinite(value), `${path} = ${value}`).toBe(true);
  } else if (ArrayBuffer.isView(value)) {
    const array = value as unknown as ArrayLike<number>;
    for (let i = 0; i < array.length; i++) if (!Number.isFinite(array[i])) expect.fail(`${path}[${i}] = ${array[i]}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => finiteEverywhere(v, `${path}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) finiteEverywhere(v, `${path}.${k}`);
  }
}

/** Either a result with only finite numbers, or a CustomerValueError: returns which. */
function resultOrClearError(run: () => unknown, allowNull = true): 'result' | 'error' {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    expect(error, String((error as Error)?.stack)).toBeInstanceOf(CustomerValueError);
    return 'error';
  }
  if (!allowNull) expect(result).not.toBeNull();
  finiteEverywhere(result);
  return 'result';
}

const items = (n: number, f: (i: number, j: number) => number, p = 4) =>
  Object.fromEntries(Array.from({ length: p }, (_, j) => [`q${j + 1}`, Array.from({ length: n }, (_, i) => f(i, j))]));

describe('numerical edge cases', () => {
  it('constant columns: a clear error, naming the column', () => {
    const data = items(30, (i, j) => (j === 2 ? 5 : 1 + ((i * (j + 3)) % 7)));
    for (const run of [
      () => fitSatisfactionIndex(data, { items: ['q1', 'q2', 'q3', 'q4'], scale: [1, 10] }),
      () => cronbachAlpha(data, ['q1', 'q2', 'q3']),
      () => fitValuePyramid(data, { dimensions: [{ column: 'q3' }] }),
    ]) {
      expect(resultOrClearError(run)).toBe('error');
    }
    expect(resultOrClearError(() => fitSegments(data, { features: ['q1', 'q3'], k: 2, seed: 1 }))).toBe('error');
  });

  it('perfectly collinear items (a singular correlation matrix): a finite result or a clear error', () => {
    const base = items(40, (i, j) => 1 + ((i * (j + 3)) % 9));
    const data = { ...base, q5: base.q1.slice(), q6: base.q2.map((v) => 11 - v) };
    expect(['result', 'error']).toContain(resultOrClearError(() => fitSatisfactionIndex(data, { items: ['q1', 'q2', 'q5', 'q6'], scale: [1, 10] })));
    expect(['result', 'error']).toContain(resultOrClearError(() => kmo(data, ['q1', 'q2', 'q5'])));
    // mode B needs the block's correlation matrix inverted: singular must be an error, not silently mode A
    expect(
      resultOrClearError(() =>
        fitPlsPathModel(data, { constructs: { A: { items: ['q1', 'q5'], mode: 'B' }, B: { items: ['q3', 'q4'] } }, paths: [['A', 'B']] }),
      ),
    ).toBe('error');
  });

  it('fewer respondents than items, a single customer, all customers identical', () => {
    const few = items(3, (i, j) => 1 + ((i + j) % 5), 6);
    expect(['result', 'error']).toContain(resultOrClearError(() => fitSatisfactionIndex(few, { items: Object.keys(few), scale: [1, 10] })));
    const one = summarizeTransactions(
      { c: [1, 1], d: ['2024-01-01', '2024-02-01'], a: [10, 20] },
      { customer: 'c', date: 'd', amount: 'a', observationEnd: '2024-03-01', timeUnit: 'week' },
    );
    expect(one.counts.customers).toBe(1);
    finiteEverywhere({ f: one.frequency, r: one.recency, T: one.T, rev: one.revenue });
    expect(['result', 'error']).toContain(
      resultOrClearError(() =>
        fitRfm({ r: [3], f: [1], m: [10] }, { recency: { column: 'r', better: 'lower' }, frequency: { column: 'f' }, monetary: { column: 'm' } }),
      ),
    );
    expect(['result', 'error']).toContain(resultOrClearError(() => fitBetaGeo({ frequency: [2], recency: [5], T: [10] }, { timeUnit: 'week' })));
    const same = { r: new Array(50).fill(3), f: new Array(50).fill(2), m: new Array(50).fill(10) };
    const rfm = fitRfm(same, { recency: { column: 'r', better: 'lower' }, frequency: { column: 'f' }, monetary: { column: 'm' } });
    const scores = scoreRfm(rfm, same);
    expect(new Set(scores.cell).size).toBe(1);
    expect(resultOrClearError(() => fitSegments({ a: new Array(20).fill(1), b: new Array(20).fill(2) }, { features: ['a', 'b'], k: 3, seed: 1 }))).toBe(
      'error',
    );
  });

  it('values near the limits of doubles: 1e308 amounts are refused before they overflow; 1e-308 is fine', () => {
    const huge = { c: [1, 2, 3], d: ['2024-01-01', '2024-01-02', '2024-01-03'], a: [1e308, 1e308, 1e308] };
    const summary = () =>
      summarizeTransactions({ c: [1, 1, 2], d: huge.d, a: huge.a }, { customer: 'c', date: 'd', amount: 'a', observationEnd: '2024-03-01', timeUnit: 'week' });
    expect(resultOrClearError(summary)).toBe('error');
    const tiny = summarizeTransactions(
      { c: [1, 1, 2], d: huge.d, a: [1e-308, 2e-308, 5e-324] },
      { customer: 'c', date: 'd', amount: 'a', observationEnd: '2024-03-01', timeUnit: 'week' },
    );
    finiteEverywhere(tiny.revenue);
    const pyramid = fitValuePyramid({ v: [1e-308, 2e-308, 3e-308, 4e-308] }, { dimensions: [{ column: 'v', scale: 'none' }] });
    expect(resultOrClearError(() => tierSummary(pyramid, { v: [1e-308, 2e-308, 3e-308, 4e-308], rev: [1e300, 1e300, 1e300, 1e300] }, { revenue: 'rev' }))).toBe(
      'result',
    );
  });

  it('10 million identical rows: scored without NaN, every row in the same tier', () => {
    const n = 10_000_000;
    const pyramid = fitValuePyramid({ v: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }, { dimensions: [{ column: 'v' }] });
    const { outputs, rows } = scoreColumns(compileScorer({ pyramid }), { v: new Float64Array(n).fill(4) });
    expect(rows).toBe(n);
    const tier = outputs['pyramid.tier'];
    const value = outputs['pyramid.value'];
    for (let i = 0; i < n; i++) if (tier[i] !== tier[0] || value[i] !== value[0]) expect.fail(`row ${i} differs`);
    expect(Number.isFinite(value[0])).toBe(true);
    const rfm = fitRfm(
      { r: new Float64Array(n).fill(2), f: new Float64Array(n).fill(1), m: new Float64Array(n).fill(9) },
      { recency: { column: 'r', better: 'lower' }, frequency: { column: 'f' }, monetary: { column: 'm' } },
    );
    finiteEverywhere(rfm.thresholds);
  }, 60_000);
});

describe('specific bad specs and rows', () => {
  const survey = items(30, (i, j) => 1 + ((i * (j + 3)) % 7));
  const customers = { recency: [1, 5, 3, 8, 2, 9], frequency: [2, 0, 4, 1, 3, 5], revenue: [10, 0, 40, 5, 30, 60] };
  const bad = (run: () => unknown) => {
    let error: unknown;
    try {
      run();
    } catch (e) {
      error = e;
    }
    expect(error, 'accepted').toBeInstanceOf(CustomerValueError);
    expect((error as CustomerValueError).issues.length).toBeGreaterThan(0);
    return error as CustomerValueError;
  };

  it('inverted scales, empty lists, k out of range and unknown time units are refused, naming the field', () => {
    expect(bad(() => fitSatisfactionIndex(survey, { items: ['q1', 'q2', 'q3'], scale: [10, 1] })).issues[0].path).toContain('scale');
    expect(bad(() => fitSatisfactionIndex(survey, { items: [], scale: [1, 10] })).issues[0].path).toContain('items');
    expect(bad(() => fitSegments(customers, { features: ['recency', 'frequency'], k: 0 })).issues[0].path).toContain('k');
    expect(bad(() => fitSegments(customers, { features: ['recency', 'frequency'], k: 7 })).code).toMatch(/invalid_spec|too_few_rows|invalid_value/);
    expect(bad(() => fitSegments(customers, { features: [], k: 2 })).issues[0].path).toContain('features');
    expect(
      bad(() =>
        summarizeTransactions(
          { c: [1], d: ['2024-01-01'], a: [1] },
          { customer: 'c', date: 'd', amount: 'a', observationEnd: '2024-02-01', timeUnit: 'fortnight' as never },
        ),
      ).issues[0].path,
    ).toContain('timeUnit');
    expect(bad(() => fitBetaGeo({ frequency: [1, 2], recency: [1, 2], T: [3, 4] }, { timeUnit: 'year' as never })).issues[0].path).toContain('timeUnit');
  });

  it('dates that cannot exist and transactions after the end are named or counted, never lost', () => {
    expect(
      bad(() =>
        summarizeTransactions(
          { c: [1, 2], d: ['2024-02-30', '2024-01-01'], a: [1, 2] },
          { customer: 'c', date: 'd', amount: 'a', observationEnd: '2024-03-01', timeUnit: 'week' },
        ),
      ).issues[0],
    ).toMatchObject({ row: 0, column: 'd' });
    const later = summarizeTransactions(
      { c: [1, 1, 2], d: ['2024-01-01', '2099-01-01', '2024-01-05'], a: [1, 2, 3] },
      { customer: 'c', date: 'd', amount: 'a', observationEnd: '2024-03-01', timeUnit: 'week' },
    );
    expect(later.counts).toMatchObject({ rows: 3, used: 2, afterObservationEnd: 1 });
  });

  it('duplicate customer ids where ids must be unique are refused, naming the row', () => {
    const error = bad(() => realizedProfit({ customer: [1, 2, 1], revenue: [10, 20, 30] }, { customer: 'customer', revenue: 'revenue', margin: 0.3 }));
    expect(error.message).toContain('unique');
  });

  it('lifecycle rates are finite for every customer, young ones included', () => {
    const result = lifecycleStages(
      { c: [1, 1, 2, 3, 3, 3], d: ['2024-01-01', '2024-05-01', '2024-09-20', '2023-01-01', '2023-06-01', '2024-09-01'] },
      { customer: 'c', date: 'd', observationEnd: '2024-10-01', timeUnit: 'week', explorationPeriod: 8, recentWindow: 12 },
    );
    finiteEverywhere({ recent: result.recentRate, earlier: result.earlierRate, tenure: result.tenure });
    expect(result.counts.exploration).toBeGreaterThan(0);
  });
});

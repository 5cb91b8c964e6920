import { Dictionary, Int32, Int64, Int8, Table, tableFromIPC, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { compileScorer, scoreColumns } from '../../src/index.js';
import { betaGeoCovariatePredictions, fitBetaGeoWithCovariates } from '../../src/clv.js';
import { scoreColumns as scoreColumnsThreaded } from '../../src/node/index.js';
import { cdnowWithFirstSpend } from '../helpers/cdnowFirstSpend.js';
import { caught } from '../helpers/fixtures.js';

// Arrow tables into scoreColumns with a betaGeoCovariates model (issue 19): a dictionary-encoded
// string column (what DuckDB, Polars and Parquet readers give for a categorical text column) is the
// categorical covariate, read by its dictionary (each chunk's entries matched to the fitted levels
// once); a plain Utf8 column and an Int64 column of numeric levels are read value by value. P(alive)
// equals betaGeoCovariatePredictions (checked against scipy in test/loyalty/betaGeoCovariates.test.ts)
// to 1e-12 and the plain-columns scorer bit for bit; unknown levels and nulls are refused with the
// row counted over the whole table, across record batches.

const { split, firstSpend } = cdnowWithFirstSpend();
const median = [...firstSpend].sort((p, q) => p - q)[Math.floor(firstSpend.length / 2)];
const N = split.frequency.length;
const customers = {
  frequency: Float64Array.from(split.frequency),
  recency: Float64Array.from(split.recency),
  T: Float64Array.from(split.T),
  segment: firstSpend.map((v): string => (v > median ? 'high' : 'low')),
  tier: firstSpend.map((v) => (v > median ? 2 : 1)),
};
const model = fitBetaGeoWithCovariates(customers, { timeUnit: 'week', covariates: { columns: [{ column: 'segment', categorical: true, reference: 'low' }] } });
const tierModel = fitBetaGeoWithCovariates(customers, { timeUnit: 'week', covariates: { columns: [{ column: 'tier', categorical: true, reference: 1 }] } });
const scorer = compileScorer({ cov: model });
const plain = scoreColumns(scorer, customers).outputs['cov.probabilityAlive'];

const dictionary = (values: readonly (string | null)[], index: Int8 | Int32 = new Int32()) => vectorFromArray(values, new Dictionary(new Utf8(), index));
const history = (from: number, to: number) => ({
  frequency: vectorFromArray(customers.frequency.subarray(from, to)),
  recency: vectorFromArray(customers.recency.subarray(from, to)),
  T: vectorFromArray(customers.T.subarray(from, to)),
});

/** Largest |a − b| / max(1, |b|). */
function largestDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

describe('scoreColumns on an Arrow table with a categorical covariate', () => {
  it('a dictionary-encoded string column: P(alive) of betaGeoCovariatePredictions to 1e-12, the plain columns bit for bit', () => {
    const table = new Table({ ...history(0, N), segment: dictionary(customers.segment) });
    expect(String(table.getChild('segment')!.type)).toBe('Dictionary<Int32, Utf8>');
    const got = scoreColumns(scorer, table).outputs['cov.probabilityAlive'];
    expect(largestDifference(got, betaGeoCovariatePredictions(model, customers, { horizon: 0 }).probabilityAlive)).toBeLessThanOrEqual(1e-12);
    expect(got).toEqual(plain);
    // a plain Utf8 column, an IPC round trip and a slice read the same
    expect(
      scoreColumns(scorer, new Table({ ...history(0, N), segment: vectorFromArray(customers.segment, new Utf8()) })).outputs['cov.probabilityAlive'],
    ).toEqual(plain);
    expect(scoreColumns(scorer, tableFromIPC(tableToIPC(table))).outputs['cov.probabilityAlive']).toEqual(plain);
    expect(scoreColumns(scorer, table.slice(100, 5100)).outputs['cov.probabilityAlive']).toEqual(plain.subarray(100, 5100));
    // read by its dictionary: the column's values are never decoded row by row (toArray)
    const segment = table.getChild('segment')!;
    segment.toArray = () => {
      throw new Error('decoded row by row');
    };
    const spied = { numRows: table.numRows, getChild: (name: string) => (name === 'segment' ? segment : table.getChild(name as 'frequency')) };
    expect(scoreColumns(scorer, spied).outputs['cov.probabilityAlive']).toEqual(plain);
  });

  it('record batches with different dictionaries (in another order, with an unused entry) read each chunk by its own', () => {
    const cut = 12_000;
    // the second batch's dictionary lists "high" first and holds an unused "medium"
    const second = dictionary(['high', 'medium', ...customers.segment.slice(cut)], new Int8()).slice(2);
    const table = new Table({ ...history(0, cut), segment: dictionary(customers.segment.slice(0, cut), new Int8()) }).concat(
      new Table({ ...history(cut, N), segment: second }),
    );
    expect(table.batches.length).toBe(2);
    expect(scoreColumns(scorer, table).outputs['cov.probabilityAlive']).toEqual(plain);
  });

  it('refuses an unknown level and a null with the row counted over the whole table, across record batches; skips the null', () => {
    const cut = 10_000;
    const tail: (string | null)[] = customers.segment.slice(cut);
    tail[5] = 'medium';
    tail[9] = null;
    const table = new Table({ ...history(0, cut), segment: dictionary(customers.segment.slice(0, cut)) }).concat(
      new Table({ ...history(cut, N), segment: dictionary(tail) }),
    );
    const error = caught(() => scoreColumns(scorer, table));
    expect(error.code).toBe('invalid_value');
    expect(error.issues.map((issue: { row?: number; column?: string; received?: string }) => [issue.row, issue.column, issue.received])).toEqual([
      [cut + 5, 'segment', '"medium"'],
    ]);
    const unknownOnly = { ...customers, segment: customers.segment.map((v, i) => (i === cut + 5 ? 'low' : v)) };
    const withNull = new Table({ ...history(0, N), segment: dictionary(unknownOnly.segment.map((v, i) => (i === cut + 9 ? null : v))) });
    expect(caught(() => scoreColumns(scorer, withNull)).issues[0]).toMatchObject({ row: cut + 9, column: 'segment' });
    const skipped = scoreColumns(scorer, withNull, { missing: 'skip' });
    expect(skipped.skipped).toBe(1);
    expect(Number.isNaN(skipped.outputs['cov.probabilityAlive'][cut + 9])).toBe(true);
    expect(skipped.outputs['cov.probabilityAlive'][cut + 10]).toBe(plain[cut + 10]);
  });

  it('an Int64 column of numeric levels (fitted on 1 and 2) is read as its numbers', () => {
    const table = new Table({ ...history(0, N), tier: vectorFromArray(customers.tier.map(BigInt), new Int64()) });
    expect(table.getChild('tier')!.toArray()).toBeInstanceOf(BigInt64Array);
    const tierScorer = compileScorer({ cov: tierModel });
    expect(scoreColumns(tierScorer, table).outputs['cov.probabilityAlive']).toEqual(scoreColumns(tierScorer, customers).outputs['cov.probabilityAlive']);
  });

  it('on worker threads (customer-value/node, 4 × CDNOW): the one-thread scores bit for bit', () => {
    const times = 4;
    const repeat = <T>(values: ArrayLike<T>) => Array.from({ length: times * N }, (_, i) => values[i % N]);
    const table = new Table({
      frequency: vectorFromArray(Float64Array.from(repeat(customers.frequency))),
      recency: vectorFromArray(Float64Array.from(repeat(customers.recency))),
      T: vectorFromArray(Float64Array.from(repeat(customers.T))),
      segment: dictionary(repeat(customers.segment)),
    });
    const two = scoreColumnsThreaded(scorer, table, { threads: 2 }).outputs['cov.probabilityAlive'];
    expect(two).toEqual(scoreColumns(scorer, table).outputs['cov.probabilityAlive']);
    expect(two.subarray(3 * N)).toEqual(plain);
  });
});

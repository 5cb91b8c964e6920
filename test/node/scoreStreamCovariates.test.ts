import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compileScorer, scoreColumns } from '../../src/index.js';
import { betaGeoCovariatePredictions } from '../../src/clv.js';
import { readCsvBatches, readNdjsonBatches, scoreColumns as scoreColumnsThreaded, scoreStream, writeCsvBatches } from '../../src/node/index.js';
import type { ColumnBatch, StreamCounts } from '../../src/node/index.js';
import { workerSlices } from '../../src/node/scoringWorkers.js';
import { cdnowSegmentModels } from '../helpers/cdnowFirstSpend.js';
import { caught } from '../helpers/fixtures.js';
import { libraryVerdicts, refusalRows, REFUSAL_MODELS, type Cell } from '../helpers/sqlRefusal.js';
import { formatNumberText } from '../../src/internal/numberText.js';

// A betaGeoCovariates model with a categorical covariate streamed from files (issue 19): CSV and
// NDJSON batches through scoreStream give the P(alive) of betaGeoCovariatePredictions (the model's
// own predictions, checked against scipy in test/loyalty/betaGeoCovariates.test.ts) to 1e-12 and
// scoreColumns' bit for bit, at any batch size; a value that is no fitted level, an empty cell and
// a null are rejected with their input line, counted across batches.

// the first-purchase-spend split as text levels (segment), and the same split as numeric levels (tier: 1, 2)
const { customers, byText, byNumber } = cdnowSegmentModels();
const N = customers.frequency.length;
const textScorer = compileScorer({ cov: byText });
const numberScorer = compileScorer({ cov: byNumber });
const expectedText = betaGeoCovariatePredictions(byText, customers, { horizon: 0 }).probabilityAlive;
const expectedNumber = betaGeoCovariatePredictions(byNumber, customers, { horizon: 0 }).probabilityAlive;

/** The CDNOW customers as CSV; `cell(name, value)` writes a field (quoting it, say). */
function customersCsv(cell: (name: string, value: string) => string = (_, value) => value): string {
  const names = ['id', 'frequency', 'recency', 'T', 'segment', 'tier'] as const;
  const lines = [names.join(',')];
  for (let i = 0; i < N; i++) lines.push(names.map((name) => cell(name, String(customers[name][i]))).join(','));
  return `${lines.join('\n')}\n`;
}

/** The CDNOW customers as NDJSON; `value(name, v)` gives a field's JSON value. */
function customersNdjson(value: (name: string, v: string | number) => unknown = (_, v) => v): string {
  const names = ['id', 'frequency', 'recency', 'T', 'segment', 'tier'] as const;
  return (
    Array.from({ length: N }, (_, i) => JSON.stringify(Object.fromEntries(names.map((name) => [name, value(name, customers[name][i])])))).join('\n') + '\n'
  );
}

/** Replace data line `line` (the header is line 1) of a text. */
function withLine(text: string, line: number, replacement: string): string {
  const lines = text.split('\n');
  lines[line - 1] = replacement;
  return lines.join('\n');
}

interface Streamed {
  probabilityAlive: Float64Array;
  ids: unknown[];
  rejects: { line: number; reason: string }[];
  counts: StreamCounts;
}

async function stream(
  batches: AsyncIterable<ColumnBatch>,
  scorer: ReturnType<typeof compileScorer>,
  options: { missing?: 'reject' | 'skip' } = {},
): Promise<Streamed> {
  const counts: StreamCounts = { rowsIn: 0, rowsOut: 0, rejected: 0 };
  const values: number[] = [];
  const ids: unknown[] = [];
  const rejects: { line: number; reason: string }[] = [];
  for await (const batch of scoreStream(batches, scorer, { keep: ['id'], ...options }, counts)) {
    values.push(...(batch.columns['cov.probabilityAlive'] as Float64Array));
    ids.push(...Array.from(batch.columns.id as ArrayLike<unknown>));
    rejects.push(...batch.rejects.map((r) => ({ line: r.line, reason: r.reason })));
  }
  return { probabilityAlive: Float64Array.from(values), ids, rejects, counts };
}

const csv = (text: string, numeric: string[], textColumns: string[], batchSize = 65_536) =>
  readCsvBatches(Readable.from([text]), { numeric, text: ['id', ...textColumns], batchSize });
const ndjson = (text: string, numeric: string[], batchSize = 65_536) => readNdjsonBatches(Readable.from([text]), { numeric, batchSize });
const HISTORY = ['frequency', 'recency', 'T'];

/** Largest |a − b| / max(1, |b|). */
function largestDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

describe('scoreStream with a betaGeoCovariates model and a categorical covariate', () => {
  const inMemory = scoreColumns(textScorer, customers).outputs['cov.probabilityAlive'];

  it.each([65_536, 1000])(
    'CSV with text levels, batches of %i rows: P(alive) of betaGeoCovariatePredictions to 1e-12, scoreColumns bit for bit',
    async (batchSize) => {
      const got = await stream(csv(customersCsv(), HISTORY, ['segment'], batchSize), textScorer);
      expect(got.counts).toEqual({ rowsIn: N, rowsOut: N, rejected: 0 });
      expect(largestDifference(got.probabilityAlive, expectedText)).toBeLessThanOrEqual(1e-12);
      expect(got.probabilityAlive).toEqual(inMemory);
      expect(got.ids).toEqual(customers.id);
    },
  );

  it('CSV with every field quoted (text everywhere) scores the same', async () => {
    const got = await stream(
      csv(
        customersCsv((_, v) => `"${v}"`),
        HISTORY,
        ['segment'],
      ),
      textScorer,
    );
    expect(got.counts.rejected).toBe(0);
    expect(got.probabilityAlive).toEqual(inMemory);
  });

  it('numeric levels (fitted on 1 and 2) from CSV text "1", "2", "2.0", quoted or not, and from a column read as numbers', async () => {
    const want = scoreColumns(numberScorer, customers).outputs['cov.probabilityAlive'];
    expect(largestDifference(want, expectedNumber)).toBeLessThanOrEqual(1e-12);
    const asText = await stream(csv(customersCsv(), HISTORY, ['tier']), numberScorer);
    expect(asText.counts.rejected).toBe(0);
    expect(asText.probabilityAlive).toEqual(want);
    const quoted = await stream(
      csv(
        customersCsv((name, v) => (name === 'tier' ? `"${v}.0"` : v)),
        HISTORY,
        ['tier'],
      ),
      numberScorer,
    );
    expect(quoted.counts.rejected).toBe(0);
    expect(quoted.probabilityAlive).toEqual(want);
    const asNumbers = await stream(csv(customersCsv(), [...HISTORY, 'tier'], []), numberScorer);
    expect(asNumbers.probabilityAlive).toEqual(want);
  });

  it('NDJSON with JSON values, and with every value a string (a warehouse export), scores the same', async () => {
    const plain = await stream(ndjson(customersNdjson(), HISTORY, 5000), textScorer);
    expect(plain.counts).toEqual({ rowsIn: N, rowsOut: N, rejected: 0 });
    expect(plain.probabilityAlive).toEqual(inMemory);
    const strings = await stream(
      ndjson(
        customersNdjson((_, v) => String(v)),
        HISTORY,
      ),
      textScorer,
    );
    expect(strings.probabilityAlive).toEqual(inMemory);
    const numbers = await stream(
      ndjson(
        customersNdjson((_, v) => String(v)),
        HISTORY,
      ),
      numberScorer,
    );
    expect(numbers.probabilityAlive).toEqual(scoreColumns(numberScorer, customers).outputs['cov.probabilityAlive']);
  });

  it('rejects a value that is no fitted level, an empty cell and a null with their input line, counted across batches', async () => {
    // data lines 2,500 and 4,000 (file lines 2,501 and 4,001): in the third and fifth batch of 1,000 rows
    const row = (i: number, segment: string) =>
      [customers.id[i], customers.frequency[i], customers.recency[i], customers.T[i], segment, customers.tier[i]].join(',');
    let text = customersCsv();
    text = withLine(text, 2501, row(2499, 'medium'));
    text = withLine(text, 4001, row(3999, ''));
    for (const batchSize of [1000, 65_536]) {
      const got = await stream(csv(text, HISTORY, ['segment'], batchSize), textScorer);
      expect(got.counts).toEqual({ rowsIn: N, rowsOut: N - 2, rejected: 2 });
      expect(got.rejects).toEqual([
        { line: 2501, reason: 'column "segment": "medium" is not a level the model was fitted with ("low", "high")' },
        { line: 4001, reason: 'column "segment": missing value' },
      ]);
      const kept = Array.from(inMemory).filter((_, i) => i !== 2499 && i !== 3999);
      expect(Array.from(got.probabilityAlive)).toEqual(kept);
    }
    // missing: 'skip' scores the empty cell with the skipped mark; an unknown level is still rejected
    const skipped = await stream(csv(text, HISTORY, ['segment'], 1000), textScorer, { missing: 'skip' });
    expect(skipped.counts).toEqual({ rowsIn: N, rowsOut: N - 1, rejected: 1, skipped: 1 });
    expect(Number.isNaN(skipped.probabilityAlive[3998])).toBe(true);
    // NDJSON: null, an absent field and a number that is no text level, on lines of the second batch
    let lines = customersNdjson();
    const record = (i: number, segment: unknown) =>
      JSON.stringify({ id: customers.id[i], frequency: customers.frequency[i], recency: customers.recency[i], T: customers.T[i], segment });
    lines = withLine(lines, 6001, record(6000, null));
    lines = withLine(lines, 6002, JSON.stringify({ id: customers.id[6001], frequency: 1, recency: 5, T: 30 }));
    lines = withLine(lines, 6003, record(6002, 7));
    const got = await stream(ndjson(lines, HISTORY, 5000), textScorer);
    expect(got.rejects).toEqual([
      { line: 6001, reason: 'column "segment": missing value' },
      { line: 6002, reason: 'column "segment": missing value' },
      { line: 6003, reason: 'column "segment": 7 is not a level the model was fitted with ("low", "high")' },
    ]);
    expect(got.counts).toEqual({ rowsIn: N, rowsOut: N - 3, rejected: 3 });
  });

  it('a model with numeric levels rejects a number that is no level ("3"), naming the value as read', async () => {
    const row = (i: number, tier: string) =>
      [customers.id[i], customers.frequency[i], customers.recency[i], customers.T[i], customers.segment[i], tier].join(',');
    const got = await stream(csv(withLine(customersCsv(), 3, row(1, '3')), HISTORY, ['tier']), numberScorer);
    expect(got.rejects).toEqual([{ line: 3, reason: 'column "tier": "3" is not a level the model was fitted with (1, 2)' }]);
  });

  it('a categorical input with text levels read as numbers, or not read at all, is an error before any row', async () => {
    const first = async (batches: AsyncIterable<ColumnBatch>) => {
      try {
        for await (const _ of scoreStream(batches, textScorer)) void _;
      } catch (error) {
        return error as { code: string; issues: { column?: string; hint?: string }[] };
      }
      throw new Error('no error');
    };
    const asNumbers = await first(csv(customersCsv(), [...HISTORY, 'segment'], []));
    expect(asNumbers.code).toBe('invalid_spec');
    expect(asNumbers.issues[0].column).toBe('segment');
    expect(asNumbers.issues[0].hint).toContain('text');
    const unread = await first(readCsvBatches(Readable.from([customersCsv()]), { numeric: HISTORY, text: ['id'] }));
    expect(unread).toMatchObject({ code: 'missing_column', issues: [{ column: 'segment' }] });
  });

  it('written with writeCsvBatches on 2 threads: the same bytes as 1 thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cv-stream-cov-'));
    const write = async (threads: number) => {
      const path = join(dir, `scored-${threads}.csv`);
      await writeCsvBatches(scoreStream(csv(customersCsv(), HISTORY, ['segment'], 4096), textScorer, { keep: ['id', 'segment'] }), path, undefined, {
        threads,
      });
      return readFileSync(path, 'utf8');
    };
    const one = await write(1);
    expect(one.split('\n')[0]).toBe('id,segment,cov.probabilityAlive');
    expect(one.split('\n')[1]).toBe(`${customers.id[0]},${customers.segment[0]},${String(inMemory[0])}`);
    expect(await write(2)).toBe(one);
  });
});

describe('threaded scoreColumns (worker threads) with a categorical covariate', () => {
  // 4 × CDNOW = 94,280 rows: two threads, chunks of 65,536 rows
  const times = 4;
  const big = {
    frequency: Float64Array.from({ length: times * N }, (_, i) => customers.frequency[i % N]),
    recency: Float64Array.from({ length: times * N }, (_, i) => customers.recency[i % N]),
    T: Float64Array.from({ length: times * N }, (_, i) => customers.T[i % N]),
    segment: Array.from({ length: times * N }, (_, i) => customers.segment[i % N]),
  };
  const one = scoreColumns(textScorer, big).outputs['cov.probabilityAlive'];

  it('gives the one-thread P(alive) bit for bit, on the workers', () => {
    const before = workerSlices.scored;
    const two = scoreColumnsThreaded(textScorer, big, { threads: 2 }).outputs['cov.probabilityAlive'];
    expect(workerSlices.scored).toBeGreaterThan(before);
    expect(two).toEqual(one);
    expect(largestDifference(two.subarray(3 * N), expectedText)).toBeLessThanOrEqual(1e-12);
  });

  it('names the row of an unknown level counted over the whole table (in the second chunk), and skips a missing one', () => {
    const row = 70_000;
    const error = caught(() => scoreColumnsThreaded(textScorer, { ...big, segment: big.segment.map((v, i) => (i === row ? 'medium' : v)) }, { threads: 2 }));
    expect(error.code).toBe('invalid_value');
    expect(error.issues[0]).toMatchObject({ column: 'segment', row, received: '"medium"' });
    const skipped = scoreColumnsThreaded(textScorer, { ...big, segment: big.segment.map((v, i) => (i === row ? null : v)) }, { threads: 2, missing: 'skip' });
    expect(skipped.skipped).toBe(1);
    expect(Number.isNaN(skipped.outputs['cov.probabilityAlive'][row])).toBe(true);
    expect(skipped.outputs['cov.probabilityAlive'][row + 1]).toBe(one[row + 1]);
  });
});

describe('scoreStream refuses the rows scoreColumns refuses (the SQL refusal-parity table)', () => {
  it('betaGeoCovariates: every attack row (levels missing, unknown, in other case or spaced, a number’s text; edge histories and covariates) streamed from CSV', async () => {
    const { columns, rows } = refusalRows('betaGeoCovariates');
    const verdicts = libraryVerdicts('betaGeoCovariates', rows, columns);
    const scorer = compileScorer({ m: REFUSAL_MODELS.betaGeoCovariates });
    // a number as the text that reads back to it; text quoted (spaces kept); null an empty cell
    const cell = (v: Cell) => (v === null ? '' : typeof v === 'number' ? (Number.isFinite(v) ? formatNumberText(v) : String(v)) : `"${v.replace(/"/g, '""')}"`);
    const text = `id,${columns.join(',')}\n${rows.map((row) => [row.id, ...columns.map((c) => row[c])].map((v) => cell(v)).join(',')).join('\n')}\n`;
    const numeric = columns.filter((_, k) => scorer.levels[k] === null);
    const categorical = columns.filter((_, k) => scorer.levels[k] !== null);
    const streamed = new Map<number, number>();
    for await (const batch of scoreStream(readCsvBatches(Readable.from([text]), { numeric, text: ['id', ...categorical], batchSize: 7 }), scorer, {
      keep: ['id'],
      missing: 'skip',
    })) {
      const p = batch.columns['m.probabilityAlive'] as Float64Array;
      (batch.columns.id as string[]).forEach((id, i) => streamed.set(Number(id), p[i]));
    }
    expect(categorical.length).toBeGreaterThan(0);
    rows.forEach((row, i) => {
      const got = streamed.get(row.id as number);
      const accepted = got !== undefined && !Number.isNaN(got);
      expect(accepted, `row ${JSON.stringify(row)}`).toBe(verdicts[i] !== null);
      if (accepted) expect(got, `row ${JSON.stringify(row)}`).toBe(verdicts[i]!.probabilityAlive);
    });
    expect(verdicts.filter((v) => v === null).length).toBeGreaterThanOrEqual(10);
  });
});

import { availableParallelism } from 'node:os';
import { threadsOption } from '../internal/threadsOption.js';
import * as z from 'zod';
import { CustomerValueError, describeValue } from '../errors.js';
import { IssueList } from '../internal/issueList.js';
import { codeGenerationAllowed } from '../internal/interpretLoop.js';
import { openTable, RESULT_LISTS } from '../internal/openTable.js';
import { tableColumnNames } from '../internal/tableColumnNames.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { ArqueroLikeTable, ArrowLikeTable, NumericArray, RowObject, TableInput } from '../io/tableInput.js';
import type { CompiledScorer, OutputType } from '../scoring/compileScorer.js';
import {
  assertScorer,
  byName,
  isNumericTyped,
  outputArrays,
  scoreColumns as scoreColumnsOneThread,
  encodeLevels,
  type ScoreColumnsOptions,
  type ScoreColumnsResult,
  type ScorerOutputArrays,
} from '../scoring/scoreColumns.js';
import { isInScoringMemory, scoringMemory } from '../internal/scoringMemory.js';
import { runSlices, scoringPool, SLICE, workerKernelBase, workerSlices, type SharedColumn, type SliceJob } from './scoringWorkers.js';

const FN = 'scoreColumns';

/** Options for `scoreColumns` in `customer-value/node`: the root's, plus `threads`. */
export interface ThreadedScoreColumnsOptions extends ScoreColumnsOptions {
  /**
   * Threads scoring at once (default 1): the calling thread plus `threads − 1` kept-alive
   * workers. `'auto'` uses `os.availableParallelism()`.
   */
  readonly threads?: number | 'auto';
}

/** Fewer rows than this per thread are scored on one thread: the hand-off would cost more. */
const MIN_ROWS_PER_THREAD = 32_768;
/** Rows per chunk a thread takes at a time (a multiple of the kernel's block). */
const CHUNK = 65_536;

const threadsSchema = z.strictObject({
  threads: threadsOption(1),
  missing: z.unknown().optional(),
  into: z.unknown().optional(),
});

const SHARED: Record<OutputType, new (buffer: SharedArrayBuffer, offset: number, length: number) => ScorerOutputArrays[string]> = {
  float64: Float64Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
};

/**
 * `scoreColumns` with threads: with `threads > 1` the calling thread and kept-alive
 * `worker_threads` workers score chunks of 65,536 rows, each taking the next chunk from a shared
 * counter until none is left (a worker that starts late or runs slower scores fewer chunks), all
 * over `SharedArrayBuffer` memory, running the very same generated loop — the scorer's WebAssembly
 * kernel where it has one, which each worker instantiates from `scorer.wasm` — so the results are
 * identical bit for bit to one thread. Columns and `into` arrays from `scorerColumns` live in the
 * memory every thread's kernel imports: they are read and written in place, with no copy at all. It stays synchronous (the caller waits with
 * `Atomics.wait`). Columns already in shared memory (see `shareColumns`) are read in place;
 * others are copied into the workers' scratch memory first, which costs about as much as scoring,
 * so share columns once when you score them more than once. Outputs are scored in that scratch
 * memory and returned as ordinary typed arrays (or written to your `into` arrays; `into` arrays
 * over a `SharedArrayBuffer` are written in place). The scratch memory is reused by every call
 * (and grown for a larger table), so repeated calls keep no memory: V8 never collects shared
 * memory promptly, so the library allocates none per call. Workers start with a clean
 * `execArgv` (a script run with `node -e`, `--input-type=module` or from stdin works); under
 * `--disallow-code-generation-from-strings` the table is scored on the calling thread alone
 * (interpreted, see `compileScorer`); a worker
 * that fails, exits or cannot start raises `worker_failed` at once. A table with a missing or out-of-range
 * value takes the one-thread path, which names every problem row (or skips the rows under
 * `missing: 'skip'`) exactly as the root `scoreColumns` does.
 *
 * @param options `threads` (default 1, or `'auto'`), `missing`, `into`.
 * @throws {CustomerValueError} as the root `scoreColumns`; `invalid_spec` for a bad `threads`; `worker_failed` when a worker stops.
 * @example
 * const pyramid = fitValuePyramid({ profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] }, { dimensions: [{ column: 'profit', scale: 'none' }], tiers: { method: 'cumulativeShare' } });
 * const scorer = compileScorer({ pyramid });
 * const profit = shareColumns({ profit: Float64Array.from({ length: 200_000 }, (_, i) => i % 100) }).profit;
 * const two = scoreColumns(scorer, { profit }, { threads: 2 }).outputs['pyramid.tier'];
 * const one = scoreColumns(scorer, { profit }, { threads: 1 }).outputs['pyramid.tier'];
 * [two.length, two.every((tier, i) => tier === one[i])]; // => [200000, true]
 */
export function scoreColumns(scorer: CompiledScorer, columns: TableInput, options: ThreadedScoreColumnsOptions = {}): ScoreColumnsResult {
  assertScorer(scorer, FN);
  const { threads: asked } = parseSpec(threadsSchema, options, FN, 'options');
  const rest: ScoreColumnsOptions = {
    ...(options.missing !== undefined ? { missing: options.missing } : {}),
    ...(options.into !== undefined ? { into: options.into } : {}),
  };
  const threads = asked === 'auto' ? availableParallelism() : asked;
  // categorical inputs (covariate levels) as their level's index, checked once
  columns = encodeLevels(scorer, columns, FN);
  const table = openTable(columns, FN, scorer.inputs);
  const rows = table.rowCount;
  const slices = Math.min(threads, Math.floor(rows / MIN_ROWS_PER_THREAD));
  const raw = scorer.inputs.map((name) => table.column(name));
  // without code generation from strings the workers cannot compile the loop: the caller's
  // interpreted scorer scores the table alone
  if (slices < 2 || !raw.every(isNumericTyped) || !codeGenerationAllowed()) return scoreColumnsOneThread(scorer, columns, rest);

  const given = rest.into === undefined ? undefined : outputArrays(scorer, rows, rest.into, FN);
  // Inputs and outputs not already in the caller's shared memory live in the pool's scratch
  // memory, reused by every call: a fresh SharedArrayBuffer per call is never reclaimed (V8 does
  // not count them towards collection and idle workers never collect).
  let bytes = 0;
  const place = (Type: NumericConstructor, n: number) => {
    const at = bytes;
    bytes += Math.ceil((Type.BYTES_PER_ELEMENT * n) / 8) * 8;
    return at;
  };
  const counterAt = place(Int32Array, 2);
  const inputPlaces = raw.map((column) => (isShared(column) ? -1 : place(column.constructor as NumericConstructor, column.length)));
  const outputPlaces = scorer.outputs.map((output, k) =>
    given !== undefined && isShared(given[k]) ? -1 : place(SHARED[output.type] as unknown as NumericConstructor, rows),
  );
  const scratch = scoringPool.scratch(bytes);
  const inScratch = (Type: NumericConstructor, at: number, n: number) => new Type(scratch, at, n);
  const inputs = raw.map((column, k) => {
    if (inputPlaces[k] < 0) return column;
    const copy = inScratch(column.constructor as NumericConstructor, inputPlaces[k], column.length);
    (copy as unknown as { set(source: ArrayLike<number>): void }).set(column);
    return copy;
  });
  const arrays = scorer.outputs.map((output, k) =>
    outputPlaces[k] < 0
      ? (given as ScorerOutputArrays[string][])[k]
      : (inScratch(SHARED[output.type] as unknown as NumericConstructor, outputPlaces[k], rows) as ScorerOutputArrays[string]),
  );
  // chunks handed out through a counter in the scratch memory (dynamic: no thread waits for a slow one)
  const counter = new Int32Array(scratch, counterAt, 1);
  Atomics.store(counter, 0, 0);
  const chunks = Math.ceil(rows / CHUNK);
  const describe = (a: NumericArray): SharedColumn =>
    isInScoringMemory(a)
      ? { type: a.constructor.name, inMemory: true, byteOffset: a.byteOffset, length: a.length }
      : a.buffer === scratch
        ? { type: a.constructor.name, byteOffset: a.byteOffset, length: a.length }
        : { type: a.constructor.name, buffer: a.buffer as SharedArrayBuffer, byteOffset: a.byteOffset, length: a.length };
  const anyInMemory = [...inputs, ...arrays].some((a) => isInScoringMemory(a));
  const wasm = scorer.wasm ?? null;
  const jobs: SliceJob[] = Array.from({ length: slices - 1 }, (_, s) => ({
    source: scorer.checkedSource,
    kernel: wasm,
    inputs: inputs.map(describe),
    outputs: arrays.map(describe),
    rows,
    chunk: CHUNK,
    counterAt,
    ...(anyInMemory && wasm !== null && wasm.sharedBytes !== null
      ? { memory: scoringMemory(), kernelBase: workerKernelBase(s, wasm.scratch) }
      : { kernelBase: -1 }),
  }));
  const mainChunks = () => {
    workerSlices.chunks += chunks;
    for (let c = Atomics.add(counter, 0, 1); c < chunks; c = Atomics.add(counter, 0, 1)) {
      workerSlices.mainChunks++;
      if (scorer.runChecked(inputs, arrays, c * CHUNK, Math.min(rows, (c + 1) * CHUNK)) >= 0) {
        Atomics.store(counter, 0, chunks);
        return SLICE.unclean;
      }
    }
    return SLICE.scored;
  };
  const outcome = runSlices(jobs, scratch, mainChunks, 60_000 + rows / 1000, () => Atomics.store(counter, 0, chunks));
  if (outcome.main !== SLICE.scored || outcome.workers.some((code) => code !== SLICE.scored)) {
    // a missing or out-of-range value (or a loop that threw): the one-thread path names the rows
    return scoreColumnsOneThread(scorer, columns, rest);
  }
  // outputs leave the scratch memory: into the caller's arrays, or ordinary ones
  const outputs = arrays.map((array, k) => {
    if (outputPlaces[k] < 0) return array;
    if (given !== undefined) {
      given[k].set(array);
      return given[k];
    }
    return array.slice();
  });
  return { outputs: byName(scorer, outputs), rows, skipped: 0 };
}

type NumericConstructor = { new (buffer: SharedArrayBuffer, byteOffset: number, length: number): NumericArray; readonly BYTES_PER_ELEMENT: number };

const isShared = (array: ArrayBufferView) => array.buffer instanceof SharedArrayBuffer;

function toShared(column: NumericArray): NumericArray {
  if (column.buffer instanceof SharedArrayBuffer) return column;
  const Type = column.constructor as new (buffer: SharedArrayBuffer, offset: number, length: number) => NumericArray;
  const shared = new Type(new SharedArrayBuffer(column.byteLength), 0, column.length);
  (shared as unknown as { set(source: ArrayLike<number>): void }).set(column);
  return shared;
}

/** `shareColumns`' result: numeric columns as shared typed arrays, every other property as it was. */
export type SharedColumns<T> = { [K in keyof T]: T[K] extends ArrayLike<number | null | undefined> ? NumericArray : T[K] };

/**
 * Copy the numeric columns of a table into `SharedArrayBuffer` memory once, so `scoreColumns`
 * with `threads > 1` reads them in place on every call. Numeric typed arrays are copied into
 * shared memory as the same type (already shared ones are returned as they are); arrays of
 * numbers become `Float64Array`s (null and undefined become NaN, missing). Every other column
 * is passed through untouched: text and bigint ids (`customer: ['007', 'a9']`,
 * `BigInt64Array`), labels, booleans, dates — so a summary or an export with an id column can
 * be shared as it is and its ids kept beside the shared scores. Non-column properties (a
 * result's `timeUnit`, `counts`) are passed through too. Rows, Arrow and Arquero tables are
 * read as every function reads them (a filtered Arquero view gives its rows) and come back as
 * an object of columns.
 *
 * @param columns An object of columns (or a result), rows, an Arrow table or an Arquero table.
 * @throws {CustomerValueError} `invalid_value` for columns of unequal length, or a column mixing
 *   numbers with other values (`[1, 'n/a']`), naming each such cell: a numeric column must hold
 *   numbers (null for missing), an id column no numbers — read ids as text
 *   (`parseCsv(text, { text: ['id'] })`, `readCsvFile(path, { text: ['id'] })`).
 * @example
 * const shared = shareColumns({ customer: ['007', 'a9'], spend: [1.5, 2], visits: new Int32Array([3, 4]) });
 * [shared.spend.buffer instanceof SharedArrayBuffer, shared.visits instanceof Int32Array, Array.from(shared.spend), shared.customer]; // => [true, true, [1.5, 2], ['007', 'a9']]
 */
export function shareColumns(columns: readonly RowObject[] | ArrowLikeTable | ArqueroLikeTable): Record<string, unknown>;
export function shareColumns<T extends object>(columns: T): SharedColumns<T>;
export function shareColumns(columns: TableInput): Record<string, unknown> {
  if (columns === null || typeof columns !== 'object' || ArrayBuffer.isView(columns)) {
    throw new CustomerValueError('invalid_value', 'shareColumns: expected an object of columns', [
      {
        function: 'shareColumns',
        path: 'columns',
        expected: "an object of columns, e.g. { customer: ['a', 'b'], spend: [1.5, 2] }, rows, an Arrow or an Arquero table",
        received: describeValue(columns),
      },
    ]);
  }
  const source = columns as Record<string, unknown>;
  const isObjectOfColumns = !Array.isArray(columns) && typeof source.getChild !== 'function' && typeof source.columnNames !== 'function';
  const names = isObjectOfColumns ? Object.keys(source) : tableColumnNames(columns);
  const arrays = isObjectOfColumns
    ? names.filter((name) => (Array.isArray(source[name]) || ArrayBuffer.isView(source[name])) && !RESULT_LISTS.has(name))
    : names;
  // one length for every column (a ragged table lost a row somewhere), read as every function reads tables
  const table = openTable(columns, 'shareColumns', arrays);
  const issues = new IssueList();
  const shared: Record<string, unknown> = {};
  // defineProperty: a row key "__proto__" is a column like any other, never the result's prototype
  const set = (name: string, value: unknown) => Object.defineProperty(shared, name, { value, enumerable: true, writable: true, configurable: true });
  for (const name of names) {
    if (!arrays.includes(name)) {
      set(name, source[name]);
      continue;
    }
    const column = table.column(name) ?? new Array(table.rowCount);
    if (isNumericTyped(column)) set(name, toShared(column));
    else if (ArrayBuffer.isView(column))
      set(name, column); // BigInt64Array ids: not a scorer input, kept as they are
    else set(name, numericOrAsIs(column, name, issues));
  }
  issues.throwIfAny('invalid_value', 'shareColumns');
  return shared;
}

/**
 * An array holding numbers (and null/undefined for missing) as a shared `Float64Array`; an array
 * with no numbers (ids, labels) as it is; one mixing numbers with other values is an issue per
 * non-number cell.
 */
function numericOrAsIs(column: ArrayLike<unknown>, name: string, issues: IssueList): unknown {
  let numbers = 0;
  let others = 0;
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (typeof v === 'number') numbers++;
    else if (v !== null && v !== undefined) others++;
  }
  if (numbers === 0) return column;
  if (others > 0) {
    const hint = `a numeric column must hold numbers (null for missing); an id column no numbers: read ids as text (parseCsv / readCsvFile option text: ['${name}'])`;
    for (let i = 0; i < column.length; i++) {
      const v = column[i];
      if (typeof v !== 'number' && v !== null && v !== undefined)
        issues.add({
          function: 'shareColumns',
          column: name,
          row: i,
          expected: 'a number (or null for missing), as the other cells of this column',
          received: describeValue(v),
          hint,
        });
    }
    return column;
  }
  const out = new Float64Array(new SharedArrayBuffer(column.length * 8));
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    out[i] = typeof v === 'number' ? v : Number.NaN;
  }
  return out;
}

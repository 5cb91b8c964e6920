import * as z from 'zod';
import { CustomerValueError, describeValue } from '../errors.js';
import { ColumnReader } from '../internal/columnReader.js';
import { breaksRelation, describeRange } from '../internal/inputDomain.js';
import { IssueList } from '../internal/issueList.js';
import { parseSpec } from '../internal/parseSpec.js';
import { openTable } from '../internal/openTable.js';
import type { NumericArray, TableInput } from '../io/tableInput.js';
import type { CompiledScorer, OutputType } from './compileScorer.js';
import { missingValuesSchema, type MissingValues } from '../io/missingValues.js';

const FN = 'scoreColumns';

/** Typed output arrays of a scorer, by output name. */
export type ScorerOutputArrays = Record<string, Float64Array | Int32Array | Uint8Array | Uint16Array>;

/** Options for `scoreColumns`. */
export interface ScoreColumnsOptions {
  /** A row with a missing input: `'error'` (default) or `'skip'` it (its outputs get the skipped marks). */
  readonly missing?: MissingValues;
  /**
   * Preallocated output arrays, one per scorer output, of the output's type and the table's
   * length, reused across calls (an ETL loop over equal batches allocates nothing).
   */
  readonly into?: ScorerOutputArrays;
}

/** The scored columns and how many rows were skipped. */
export interface ScoreColumnsResult {
  readonly outputs: ScorerOutputArrays;
  readonly rows: number;
  /** Rows with a missing input under `missing: 'skip'`: their outputs hold each output's skipped value (0, −1 or NaN), as the per-model functions do. */
  readonly skipped: number;
}

const optionsSchema = z.strictObject({
  missing: missingValuesSchema.default('error'),
  into: z
    .record(
      z.string(),
      z.custom<ScorerOutputArrays[string]>((v) => ArrayBuffer.isView(v), 'a typed array'),
    )
    .optional(),
});

const CONSTRUCTORS: Record<OutputType, new (length: number) => Float64Array | Int32Array | Uint8Array | Uint16Array> = {
  float64: Float64Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
};

/**
 * Run a compiled scorer over columns: read and check every input column once (finite numbers,
 * within each model's input domain — answers on the scale, values > −1 under log1p, whole
 * BG/NBD frequencies ≥ 0 with 0 ≤ recency ≤ T, bounds that keep scores finite — with the row of
 * every problem), allocate the outputs (or use `into`), run the fused loop, and give skipped
 * rows the same marks as the per-model functions. Numeric typed arrays are read in place, block by
 * block (through the scorer's WebAssembly kernel where there is one, see `compileScorer`).
 * `customer-value/node` exports the same function with a `threads` option.
 *
 * @param options `missing`: `'error'` (default) or `'skip'`; `into`: preallocated outputs.
 * @throws {CustomerValueError} `missing_column`, `invalid_value`; `invalid_spec` for `into` arrays of the wrong type or length.
 * @example
 * const pyramid = fitValuePyramid({ profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] }, { dimensions: [{ column: 'profit', scale: 'none' }], tiers: { method: 'cumulativeShare' } });
 * const { outputs } = scoreColumns(compileScorer({ pyramid }), { profit: new Float64Array([90, 35, 1]) });
 * Array.from(outputs['pyramid.tier']); // => [0, 1, 2]
 */
export function scoreColumns(scorer: CompiledScorer, columns: TableInput, options: ScoreColumnsOptions = {}): ScoreColumnsResult {
  assertScorer(scorer, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  return scoreLevelIndexes(scorer, encodeLevels(scorer, columns, FN), o);
}

/** Tables `encodeLevels` wrote (already level indexes: never encoded twice). */
const ENCODED = new WeakSet<object>();

/**
 * @internal The table with each categorical input (`scorer.levels`) replaced by its level's index,
 * as the loop reads it: a missing value (null, undefined, NaN) stays NaN (refused or skipped by
 * the `missing` policy as any missing input), a value that is not a fitted level is an
 * `invalid_value` naming the row, the column, the value and the levels (as the covariate models'
 * own predictions refuse it). The table as it is when the scorer has no categorical input.
 */
export function encodeLevels(scorer: CompiledScorer, columns: TableInput, fn: string): TableInput {
  const levels = scorer.levels ?? [];
  if (!levels.some((l) => l !== null && l !== undefined) || ENCODED.has(columns)) return columns;
  const table = openTable(columns, fn, scorer.inputs);
  const encoded: Record<string, ArrayLike<unknown>> = {};
  const issues = new IssueList();
  scorer.inputs.forEach((name, k) => {
    const known = levels[k];
    if (known === null || known === undefined) {
      const values = table.column(name);
      if (values !== undefined) encoded[name] = values; // a missing column is reported by the reader
      return;
    }
    const index = new Map<unknown, number>(known.map((level, l) => [level, l]));
    // the level's index; NaN for a missing value (null, undefined, NaN), −1 for a value that is no level
    const levelOf = (read: unknown): number => {
      // a 64-bit integer (an Arrow Int64 column, a BigInt64Array) is its number when it is exact
      const v = typeof read === 'bigint' && read >= -(2n ** 53n) && read <= 2n ** 53n ? Number(read) : read;
      if (v === null || v === undefined || (typeof v === 'number' && v !== v)) return Number.NaN;
      return index.get(v) ?? -1;
    };
    const codes = new Float64Array(table.rowCount);
    const unknown = (row: number, value: unknown) =>
      issues.add({
        function: fn,
        column: name,
        row,
        expected: `a level the model was fitted with: ${known.map((level) => JSON.stringify(level)).join(', ')}`,
        received: describeValue(value),
        hint: 'refit with customers of this level, or map it to a known level (the reference level is the baseline)',
      });
    // an Arrow dictionary column: each chunk's dictionary is matched once, its rows by their index
    const chunks = dictionaryChunks(columns, name, table.rowCount);
    if (chunks !== null) {
      let row = 0;
      for (const chunk of chunks) {
        const dictionary = Array.from(chunk.dictionary.toArray());
        const byIndex = dictionary.map(levelOf);
        const { values, nullCount } = chunk;
        for (let i = 0; i < chunk.length; i++, row++) {
          if (nullCount > 0 && !chunk.getValid(i)) {
            codes[row] = Number.NaN;
            continue;
          }
          const l = byIndex[values[i]] ?? -1;
          codes[row] = l < 0 ? Number.NaN : l;
          if (l < 0) unknown(row, dictionary[values[i]]);
        }
      }
      encoded[name] = codes;
      return;
    }
    const values = table.column(name);
    if (values === undefined) return; // reported as a missing column by the reader
    for (let i = 0; i < codes.length; i++) {
      const l = levelOf(values[i]);
      codes[i] = l < 0 ? Number.NaN : l;
      if (l < 0) unknown(i, values[i]);
    }
    encoded[name] = codes;
  });
  issues.throwIfAny('invalid_value', fn, table.rowCount);
  ENCODED.add(encoded);
  return encoded;
}

/** One chunk of an Arrow dictionary column, as apache-arrow's `Data` holds it (tested by shape, never by class). */
interface DictionaryChunk {
  readonly length: number;
  readonly nullCount: number;
  /** Each row's index into `dictionary`, from the chunk's first row (apache-arrow slices it; it may be padded beyond `length`). */
  readonly values: ArrayLike<number>;
  readonly dictionary: { toArray(): ArrayLike<unknown> };
  getValid(row: number): boolean;
}

/**
 * The chunks of an Arrow table's dictionary-encoded column (a `Dictionary<Int32, Utf8>`, say), or
 * null for any other column or table, or chunks whose rows do not add up to the table's: those are
 * read value by value (`toArray`), which for a dictionary column builds a string per row.
 */
function dictionaryChunks(columns: TableInput, name: string, rows: number): DictionaryChunk[] | null {
  const table = columns as { getChild?: unknown };
  if (typeof table.getChild !== 'function') return null;
  let data: unknown;
  try {
    data = (table.getChild as (name: string) => { data?: unknown } | null | undefined).call(columns, name)?.data;
  } catch {
    return null;
  }
  if (!Array.isArray(data) || data.length === 0) return null;
  let total = 0;
  for (const chunk of data as Partial<DictionaryChunk>[]) {
    const ok =
      chunk !== null &&
      typeof chunk === 'object' &&
      typeof chunk.length === 'number' &&
      typeof chunk.nullCount === 'number' &&
      typeof chunk.getValid === 'function' &&
      typeof chunk.dictionary?.toArray === 'function' &&
      ArrayBuffer.isView(chunk.values) &&
      !(chunk.values instanceof BigInt64Array || chunk.values instanceof BigUint64Array || chunk.values instanceof DataView) &&
      chunk.values.length >= chunk.length;
    if (!ok) return null;
    total += chunk.length;
  }
  return total === rows ? (data as DictionaryChunk[]) : null;
}

/** `scoreColumns` on a table whose categorical inputs hold their level's index (`encodeLevels`). */
function scoreLevelIndexes(
  scorer: CompiledScorer,
  columns: TableInput,
  o: { missing: MissingValues; into?: ScorerOutputArrays | undefined },
): ScoreColumnsResult {
  // Fast path: typed columns scored by the loop with its fused checks; any problem row sends the
  // table to the reader below, which names every problem (or skips missing rows).
  const table = openTable(columns, FN, scorer.inputs);
  const typed = scorer.inputs.map((name) => table.column(name));
  if (typed.every(isNumericTyped)) {
    const arrays = outputArrays(scorer, table.rowCount, o.into, FN);
    if (scorer.runChecked(typed, arrays, 0, table.rowCount) < 0) return { outputs: byName(scorer, arrays), rows: table.rowCount, skipped: 0 };
    return scoreWithReader(scorer, columns, o.missing, arrays);
  }
  return scoreWithReader(scorer, columns, o.missing, o.into === undefined ? undefined : outputArrays(scorer, table.rowCount, o.into, FN));
}

function scoreWithReader(
  scorer: CompiledScorer,
  columns: TableInput,
  missing: MissingValues,
  given: ScorerOutputArrays[string][] | undefined,
): ScoreColumnsResult {
  const reader = new ColumnReader(columns, FN, scorer.inputs, missing);
  const inputs = scorer.inputs.map((name, k) => {
    const range = scorer.ranges[k];
    return reader.number(name, 'scorer input', { ...range, expected: describeRange(range) });
  });
  const { skipMask, skipped } = reader.finish();
  const rows = reader.rowCount;
  // Rules between inputs of a row (BG/NBD: recency ≤ T, recency 0 without repeat purchases)
  const relations = scorer.relations ?? [];
  if (relations.length > 0) {
    const issues = new IssueList();
    for (let i = 0; i < rows; i++) {
      if (skipMask !== null && skipMask[i] === 1) continue;
      const value = (column: string) => inputs[scorer.inputs.indexOf(column)][i];
      for (const relation of relations) {
        if (breaksRelation(relation, value)) {
          issues.add({ function: FN, column: relation.column, row: i, expected: relation.expected, received: describeValue(value(relation.column)) });
          break;
        }
      }
    }
    issues.throwIfAny('invalid_value', FN, rows);
  }
  const arrays = given ?? outputArrays(scorer, rows, undefined, FN);
  scorer.run(inputs, arrays, 0, rows);
  if (skipMask !== null) {
    scorer.outputs.forEach((output, k) => {
      const array = arrays[k];
      for (let i = 0; i < rows; i++) if (skipMask[i] === 1) array[i] = output.skippedValue;
    });
  }
  return { outputs: byName(scorer, arrays), rows, skipped };
}

/** @internal A numeric typed array (not a DataView, not 64-bit integers). */
export function isNumericTyped(column: unknown): column is NumericArray {
  return ArrayBuffer.isView(column) && !(column instanceof DataView) && !(column instanceof BigInt64Array) && !(column instanceof BigUint64Array);
}

/** @internal Throw unless `scorer` looks like the result of `compileScorer`. */
export function assertScorer(scorer: CompiledScorer, fn: string): void {
  if (!scorer || typeof scorer.run !== 'function' || !Array.isArray(scorer.inputs)) {
    throw new CustomerValueError('invalid_model', `${fn}: expected a compiled scorer`, [
      { function: fn, path: 'scorer', expected: 'the result of compileScorer', received: describeValue(scorer) },
    ]);
  }
}

/**
 * @internal The output arrays in scorer order: the `into` arrays, checked, or new ones from
 * `allocate` (plain typed arrays unless a caller needs shared memory).
 */
export function outputArrays(
  scorer: CompiledScorer,
  rows: number,
  into: ScorerOutputArrays | undefined,
  fn: string,
  allocate: (type: OutputType, rows: number) => ScorerOutputArrays[string] = (type, n) => new CONSTRUCTORS[type](n),
): ScorerOutputArrays[string][] {
  if (into === undefined) return scorer.outputs.map((output) => allocate(output.type, rows));
  const issues = new IssueList();
  const arrays = scorer.outputs.map((output) => {
    const array = Object.prototype.hasOwnProperty.call(into, output.name) ? into[output.name] : undefined;
    const Type = CONSTRUCTORS[output.type];
    if (!(array instanceof Type) || array.length !== rows) {
      issues.add({
        function: fn,
        path: `options.into.${output.name}`,
        expected: `a ${Type.name} of length ${rows}`,
        received: array instanceof Type ? `length ${array.length}` : describeValue(array),
      });
    }
    return array as ScorerOutputArrays[string];
  });
  issues.throwIfAny('invalid_spec', fn);
  return arrays;
}

/** @internal Output arrays by output name. */
export function byName(scorer: CompiledScorer, arrays: readonly ScorerOutputArrays[string][]): ScorerOutputArrays {
  const outputs: ScorerOutputArrays = {};
  scorer.outputs.forEach((output, k) => (outputs[output.name] = arrays[k]));
  return outputs;
}

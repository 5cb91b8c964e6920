import { z } from 'zod';
import { CustomerValueError, describeValue } from '../errors.js';
import { ColumnReader } from '../internal/columnReader.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import type { CompiledScorer, OutputType } from './compileScorer.js';

const FN = 'scoreColumns';
const optionsSchema = z.strictObject({ missing: z.enum(['error', 'skip']).default('error') });

/** Typed output arrays of a scorer, by output name. */
export type ScorerOutputArrays = Record<string, Float64Array | Int32Array | Uint8Array | Uint16Array>;

/** The scored columns and how many rows were skipped. */
export interface ScoreColumnsResult {
  readonly outputs: ScorerOutputArrays;
  readonly rows: number;
  /** Rows with a missing input under `missing: 'skip'`: their outputs hold each output's skipped value (0, −1 or NaN), as the per-model functions do. */
  readonly skipped: number;
}

const ALLOCATE: Record<OutputType, (n: number) => Float64Array | Int32Array | Uint8Array | Uint16Array> = {
  float64: (n) => new Float64Array(n),
  int32: (n) => new Int32Array(n),
  uint8: (n) => new Uint8Array(n),
  uint16: (n) => new Uint16Array(n),
};

/**
 * Run a compiled scorer over columns: read and check every input column once (finite numbers,
 * within each model's range — answers on the scale, values > −1 under log1p — with the row of
 * every problem), allocate the outputs, run the fused loop, and give skipped rows the same marks
 * as the per-model functions. Numeric typed arrays are read in place.
 *
 * @param options `missing`: `'error'` (default) or `'skip'`.
 * @throws {CustomerValueError} `missing_column`, `invalid_value`.
 * @example
 * const pyramid = fitValuePyramid({ profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] }, { dimensions: [{ column: 'profit', scale: 'none' }], tiers: { method: 'cumulativeShare' } });
 * const { outputs } = scoreColumns(compileScorer({ pyramid }), { profit: new Float64Array([90, 35, 1]) });
 * Array.from(outputs['pyramid.tier']); // => [0, 1, 2]
 */
export function scoreColumns(scorer: CompiledScorer, columns: TableInput, options: { missing?: 'error' | 'skip' } = {}): ScoreColumnsResult {
  if (!scorer || typeof scorer.run !== 'function' || !Array.isArray(scorer.inputs)) {
    throw new CustomerValueError('invalid_model', `${FN}: expected a compiled scorer`, [
      { function: FN, column: 'scorer', expected: 'the result of compileScorer', received: describeValue(scorer) },
    ]);
  }
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const reader = new ColumnReader(columns, FN, scorer.inputs, o.missing);
  const inputs = scorer.inputs.map((name, k) => {
    const { min, max, above } = scorer.ranges[k];
    const bounded = min !== -Infinity || max !== Infinity || above !== -Infinity;
    const expected = min !== -Infinity && max !== Infinity ? `a value from ${min} to ${max}` : above !== -Infinity ? `a value > ${above}` : min !== -Infinity ? `a value ≥ ${min}` : 'a finite number';
    return reader.number(name, 'scorer input', bounded ? { min, max, above, expected } : {});
  });
  const { skipMask, skipped } = reader.finish();
  const rows = reader.rowCount;
  const arrays = scorer.outputs.map((output) => ALLOCATE[output.type](rows));
  scorer.run(inputs, arrays, 0, rows);
  if (skipMask !== null) {
    scorer.outputs.forEach((output, k) => {
      const array = arrays[k];
      for (let i = 0; i < rows; i++) if (skipMask[i] === 1) array[i] = output.skippedValue;
    });
  }
  const outputs: ScorerOutputArrays = {};
  scorer.outputs.forEach((output, k) => (outputs[output.name] = arrays[k]));
  return { outputs, rows, skipped };
}

import * as z from 'zod/mini';
import { allocateScoringMemory, releaseWhenCollected, scoringMemoryBuffer } from '../internal/scoringMemory.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { CompiledScorer, OutputType } from './compileScorer.js';
import { assertScorer, type ScorerOutputArrays } from './scoreColumns.js';

const FN = 'scorerColumns';

/** `scorerColumns`' result: an input column per scorer input, an output array per scorer output. */
export interface ScorerColumns {
  /** One `Float64Array` of `rows` zeros per scorer input (`scorer.inputs`), for you to fill. */
  readonly inputs: Record<string, Float64Array>;
  /** One array of `rows` zeros per scorer output, of the output's type: pass it as `scoreColumns`' `into`. */
  readonly outputs: ScorerOutputArrays;
}

const TYPES: Record<OutputType, Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor | Uint16ArrayConstructor> = {
  float64: Float64Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
};

// zod/mini (issue 21): the same messages through parseSpec, without zod's classic API in the bundle
const rowsSchema = z.int().check(z.gte(0), z.lte(2 ** 31 - 1));

/**
 * Input and output columns allocated where a compiled scorer's WebAssembly kernel reads and
 * writes them in place: in the shared scoring memory every kernel of this thread imports. Fill
 * the inputs (e.g. `inputs.spend.set(batch)`, or parse a file straight into them) and score with
 * `scoreColumns(scorer, inputs, { into: outputs })`: the kernel then skips copying each block of
 * rows into its memory and each block of results out of it (about a third of the scoring time
 * for a dozen outputs; benchmarks/README.md, "Scorer, session 29"). Plain typed arrays work
 * everywhere else and any column of yours works with `scoreColumns` too (copied block by
 * block): the outputs are the same bit for bit either way. In `customer-value/node` these
 * columns are also shared memory, so `scoreColumns` with `threads > 1` reads and writes them in
 * place on every thread.
 *
 * The arrays are views over the scoring memory: their `.buffer` is that whole memory (a
 * `SharedArrayBuffer`), so copy a column with `slice()` or `Float64Array.from`, not through its
 * `.buffer`. A column's region is given back when the array is garbage collected: keep the
 * array itself (not only a view made from its `.buffer`) while you use its values. Where there is no
 * shared WebAssembly memory (no WebAssembly, or a browser page without cross-origin isolation),
 * or the 4 GiB of the scoring memory are used up, the columns are ordinary typed arrays.
 *
 * @param scorer A scorer from `compileScorer`.
 * @param rows Rows of every column (a whole number ≥ 0).
 * @throws {CustomerValueError} `invalid_model` for something other than a compiled scorer; `invalid_spec` for `rows` that is not a whole number ≥ 0.
 * @example
 * const pyramid = fitValuePyramid({ profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] }, { dimensions: [{ column: 'profit', scale: 'none' }], tiers: { method: 'cumulativeShare' } });
 * const scorer = compileScorer({ pyramid });
 * const { inputs, outputs } = scorerColumns(scorer, 4);
 * inputs.profit.set([500, 40, 5, 0]);
 * scoreColumns(scorer, inputs, { into: outputs });
 * Array.from(outputs['pyramid.tier']); // => [0, 1, 2, 2]
 */
export function scorerColumns(scorer: CompiledScorer, rows: number): ScorerColumns {
  assertScorer(scorer, FN);
  const n = parseSpec(rowsSchema, rows, FN, 'rows');
  const column = <T extends ArrayBufferView>(Type: {
    new (length: number): T;
    new (buffer: SharedArrayBuffer, offset: number, length: number): T;
    BYTES_PER_ELEMENT: number;
  }): T => {
    const bytes = n * Type.BYTES_PER_ELEMENT;
    const at = n === 0 ? null : allocateScoringMemory(bytes);
    if (at === null) return new Type(n);
    const array = new Type(scoringMemoryBuffer(), at, n);
    // a region given back and taken again holds old values: every column starts as zeros
    new Uint8Array(array.buffer, at, bytes).fill(0);
    releaseWhenCollected(array, at, bytes);
    return array;
  };
  const inputs: Record<string, Float64Array> = {};
  for (const name of scorer.inputs) Object.defineProperty(inputs, name, { value: column(Float64Array), enumerable: true, writable: true, configurable: true });
  const outputs: ScorerOutputArrays = {};
  for (const output of scorer.outputs)
    Object.defineProperty(outputs, output.name, {
      value: column(TYPES[output.type] as Float64ArrayConstructor),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return { inputs, outputs };
}

import * as z from 'zod/mini';
import { ColumnReader } from '../internal/columnReader.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { NumericArray, TableInput } from './tableInput.js';
import { missingValuesMiniSchema, type MissingValues } from './missingValues.js';

const FN = 'toColumns';

// zod/mini (issue 21): the same messages through parseSpec, without zod's classic API in the bundle
const namesSchema = z.array(z.string().check(z.minLength(1))).check(z.minLength(1));
const optionsSchema = z.strictObject({ missing: z._default(missingValuesMiniSchema, 'error') });

/** Numeric columns read from any accepted table, plus how many rows hold a missing value. */
export interface NumericColumns {
  readonly columns: Record<string, NumericArray>;
  readonly rowCount: number;
  /** Rows with a missing value (NaN) in some column, under `missing: 'skip'`; they stay in place as NaN. */
  readonly missingRows: number;
}

/**
 * Read named numeric columns from rows, an object of columns or an Arrow-like table into the
 * library's internal form: numeric typed arrays (passed through without a copy) or
 * `Float64Array` (converted once, every cell checked). Strings are never coerced to numbers.
 *
 * @param data Rows, columns or an Arrow-like table.
 * @param names Columns to read.
 * @param options `missing: 'error'` (default) throws on null/undefined/NaN; `'skip'` keeps them as NaN and counts the rows.
 * @throws {CustomerValueError} `missing_column`; `invalid_value` naming the row and column.
 * @example
 * const { columns } = toColumns([{ spend: 10 }, { spend: 12.5 }], ['spend']);
 * Array.from(columns.spend); // => [10, 12.5]
 * const typed = new Float64Array([1, 2]);
 * toColumns({ spend: typed }, ['spend']).columns.spend === typed; // => true
 */
export function toColumns(data: TableInput, names: readonly string[], options: { missing?: MissingValues } = {}): NumericColumns {
  const list = parseSpec(namesSchema, names, FN, 'names');
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const reader = new ColumnReader(data, FN, list, o.missing);
  const entries = list.map((name) => [name, reader.number(name, 'numeric column')] as const);
  const { skipped } = reader.finish();
  return { columns: Object.fromEntries(entries), rowCount: reader.rowCount, missingRows: skipped };
}

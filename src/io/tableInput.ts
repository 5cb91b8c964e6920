/**
 * The shapes of data every public function accepts.
 *
 * - an array of row objects: `[{ customer: 1, amount: 9.5 }, ...]`
 * - an object of columns: `{ customer: [1, 2], amount: new Float64Array([9.5, 3]) }`
 * - an Arrow-like table: anything with `getChild(name).toArray()` (an apache-arrow `Table`,
 *   a DuckDB result wrapper...). apache-arrow itself is not a dependency.
 */

/** A numeric typed array: read in place, never copied. */
export type NumericArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray;

/** An Arrow-like table: `getChild(name)` returns a column vector with `toArray()`. */
export interface ArrowLikeTable {
  /** The named column, or null/undefined when absent. */
  getChild(name: string): {
    /** The column's values. */
    toArray(): ArrayLike<unknown>;
  } | null | undefined;
  readonly numRows?: number;
}

/** One row object. Only own properties are read, so inherited keys never leak in. */
export type RowObject = Readonly<Record<string, unknown>>;

/**
 * An object of equally long columns (`number[]`, typed arrays, `string[]`...). Only the columns
 * a function names are read and checked, so a result such as `summarizeTransactions`' (columns
 * plus `counts` and `timeUnit`) can be passed on as it is. Typed as `object` for that reason.
 */
export type ColumnTable = object;

/** Any accepted input table. */
export type TableInput = readonly RowObject[] | ColumnTable | ArrowLikeTable;

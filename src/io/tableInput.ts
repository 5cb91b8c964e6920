/**
 * The shapes of data every public function accepts.
 *
 * - an array of row objects: `[{ customer: 1, amount: 9.5 }, ...]`
 * - an object of columns: `{ customer: [1, 2], amount: new Float64Array([9.5, 3]) }`
 * - an Arrow-like table: anything with `getChild(name).toArray()` (an apache-arrow `Table`,
 *   a DuckDB result wrapper...). apache-arrow itself is not a dependency.
 * - an Arquero-like table: `columnNames()`, `numRows()`, `column(name)` / `array(name)` (an
 *   arquero `ColumnTable`, filtered and ordered views included). arquero is not a dependency.
 */

/** A numeric typed array: read in place, never copied. */
export type NumericArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | Uint8ClampedArray;

/** An Arrow-like table: `getChild(name)` returns a column vector with `toArray()`. */
export interface ArrowLikeTable {
  /** The named column, or null/undefined when absent. */
  getChild(name: string):
    | {
        /** The column's values. */
        toArray(): ArrayLike<unknown>;
      }
    | null
    | undefined;
  /** The row count; without it, the rows are counted from the columns read (a table that cannot list its columns, with neither `numRows` nor `schema.fields`, is refused where every column is read). */
  readonly numRows?: number;
}

/**
 * An Arquero-like table (an arquero `ColumnTable`, also a filtered or ordered view of one):
 * `columnNames()`, `numRows()`, and `column(name)` returning the column (an array, a typed array,
 * or an object with `toArray()` or `at(row)`) or `array(name)` returning the view's values.
 * When the table says it is a view (`isFiltered()` or `isOrdered()`), its rows are read through
 * `indices()` (or `array(name)`), so the filter and the order hold. arquero is not a dependency.
 */
export interface ArqueroLikeTable {
  /** The names of the columns, in order. */
  columnNames(): readonly string[];
  /** Rows in the table as it stands (after a filter). */
  numRows(): number;
  /** The full backing column (ignores a filter and an order). */
  column?(name: string): unknown;
  /** The view's values of a column, filter and order applied. */
  array?(name: string): ArrayLike<unknown>;
  /** True when the table is a filtered view (its rows are a subset of the backing columns). */
  isFiltered?(): boolean;
  /** True when the table is an ordered view (its rows are the backing rows reordered). */
  isOrdered?(): boolean;
  /** The view's row indices into the backing columns, in order. */
  indices?(): ArrayLike<number>;
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
export type TableInput = readonly RowObject[] | ColumnTable | ArrowLikeTable | ArqueroLikeTable;

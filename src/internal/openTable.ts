import { CustomerValueError, describeValue } from '../errors.js';
import type { ArqueroLikeTable } from '../io/tableInput.js';

/** Uniform read access to the accepted table shapes. */
export interface OpenTable {
  readonly shape: 'rows' | 'columns' | 'arrow' | 'arquero';
  readonly rowCount: number;
  /** The named column, or `undefined` when the table has no such column. */
  column(name: string): ArrayLike<unknown> | undefined;
}

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return true;
  return false;
}

/**
 * Recognise the shape of `data` and give column access to it. Rows are checked to be objects;
 * columns are checked to be arrays of equal length (the first named column sets the length).
 */
export function openTable(data: unknown, fn: string, columns: readonly string[]): OpenTable {
  if (data === null || data === undefined || typeof data !== 'object') {
    throw new CustomerValueError('invalid_value', `${fn}: expected a table of data`, [
      {
        function: fn,
        path: 'data',
        expected: 'an array of row objects, an object of columns, an Arrow-like table or an Arquero table',
        received: describeValue(data),
      },
    ]);
  }
  if (Array.isArray(data)) return openRows(data, fn);
  const candidate = data as { getChild?: unknown };
  if (typeof candidate.getChild === 'function') return openArrow(data as never, fn, columns);
  if (isArqueroLike(data)) return openArquero(data, fn);
  return openColumns(data as Record<string, unknown>, fn, columns);
}

function openRows(rows: readonly unknown[], fn: string): OpenTable {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw new CustomerValueError('invalid_value', `${fn}: row ${i} is not an object`, [
        {
          function: fn,
          row: i,
          expected: 'a row object such as { customer: 1, amount: 9.5 }',
          received: describeValue(row),
          hint: 'pass rows as objects, or the table as named columns: { customer: [1, 2], amount: [9.5, 3] } (a list of values is one column: give it a name)',
        },
      ]);
    }
  }
  const cache = new Map<string, unknown[] | undefined>();
  return {
    shape: 'rows',
    rowCount: rows.length,
    column(name) {
      if (cache.has(name)) return cache.get(name);
      let present = false;
      const values = new Array<unknown>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i] as Record<string, unknown>;
        if (hasOwn(row, name)) {
          present = true;
          values[i] = row[name];
        } else {
          values[i] = undefined;
        }
      }
      const result = present || rows.length === 0 ? values : undefined;
      cache.set(name, result);
      return result;
    },
  };
}

/**
 * An Arrow-like table. Its row count is `numRows` when it has one; without it (the type allows
 * that), the row count is read from the first of `columns` the table holds, so the rows are
 * never read as 0. A table without `numRows` whose columns cannot be listed (no `schema.fields`,
 * nothing named) is refused: its rows cannot be counted.
 */
function openArrow(
  table: { getChild(name: string): { toArray(): ArrayLike<unknown> } | null | undefined; numRows?: number },
  fn: string,
  columns: readonly string[],
): OpenTable {
  const cache = new Map<string, ArrayLike<unknown> | undefined>();
  let rowCount = typeof table.numRows === 'number' ? table.numRows : -1;
  const column = (name: string): ArrayLike<unknown> | undefined => {
    if (cache.has(name)) return cache.get(name);
    let child: { toArray(): ArrayLike<unknown> } | null | undefined;
    try {
      child = table.getChild(name);
    } catch {
      child = undefined;
    }
    const values = child ? child.toArray() : undefined;
    if (values !== undefined && !isArrayLike(values)) {
      throw new CustomerValueError('invalid_value', `${fn}: column "${name}" of the Arrow-like table is not an array`, [
        { function: fn, column: name, expected: 'getChild(name).toArray() to return an array', received: describeValue(values) },
      ]);
    }
    if (values !== undefined) {
      if (rowCount < 0) rowCount = values.length;
      else if (values.length !== rowCount) throw raggedError(fn, name, values.length, rowCount);
    }
    cache.set(name, values);
    return values;
  };
  if (rowCount < 0) {
    if (columns.length === 0) {
      throw new CustomerValueError('invalid_value', `${fn}: the Arrow-like table has no numRows and no schema.fields, so its rows cannot be counted`, [
        {
          function: fn,
          path: 'data',
          expected: 'an Arrow-like table with numRows or schema.fields (an apache-arrow Table has both)',
          received: 'a table with getChild only',
          hint: 'pass an apache-arrow Table, or the columns as an object: { customer: [1, 2], amount: [9.5, 3] }',
        },
      ]);
    }
    for (const name of columns) if (column(name) !== undefined) break;
  }
  return {
    shape: 'arrow',
    get rowCount() {
      return rowCount < 0 ? 0 : rowCount;
    },
    column,
  };
}

/**
 * An Arquero-like table: `columnNames()`, `numRows()` and `column(name)` (or `array(name)`) as
 * functions. Tested by shape, never by class: arquero is not a dependency.
 */
function isArqueroLike(data: object): data is ArqueroLikeTable {
  const t = data as Record<string, unknown>;
  return typeof t.columnNames === 'function' && typeof t.numRows === 'function' && (typeof t.column === 'function' || typeof t.array === 'function');
}

/**
 * An Arquero table, read as it stands: a filtered or ordered view (`filter`, `orderby`,
 * `slice`...) is read through its row indices, so only its rows, in its order, are seen. An
 * unfiltered, unordered table's array and typed-array columns are read in place (no copy); a
 * column held in another form (an Arrow-backed column from `fromArrow`) is read with its
 * `toArray()` or, failing that, its `at(row)`.
 */
function openArquero(table: ArqueroLikeTable, fn: string): OpenTable {
  const cache = new Map<string, ArrayLike<unknown> | undefined>();
  const fail = (name: string, expected: string, received: unknown): CustomerValueError =>
    new CustomerValueError('invalid_value', `${fn}: column "${name}" of the Arquero table cannot be read`, [
      { function: fn, column: name, expected, received: describeValue(received) },
    ]);
  const rowCount = Number(table.numRows());
  if (!Number.isSafeInteger(rowCount) || rowCount < 0) {
    throw new CustomerValueError('invalid_value', `${fn}: the Arquero table's numRows() is not a row count`, [
      { function: fn, path: 'data', expected: 'numRows() to return a whole number ≥ 0', received: describeValue(rowCount) },
    ]);
  }
  const names = new Set(Array.from(table.columnNames() as Iterable<string>));
  const view = (typeof table.isFiltered === 'function' && table.isFiltered() === true) || (typeof table.isOrdered === 'function' && table.isOrdered() === true);
  let indices: ArrayLike<number> | null = null;
  const rowIndices = (): ArrayLike<number> | null => {
    if (indices === null && typeof table.indices === 'function') indices = table.indices();
    return indices;
  };
  const column = (name: string): ArrayLike<unknown> | undefined => {
    if (cache.has(name)) return cache.get(name);
    let values: ArrayLike<unknown> | undefined;
    if (!names.has(name)) values = undefined;
    else {
      const raw = typeof table.column === 'function' ? table.column(name) : undefined;
      if (raw === undefined || raw === null) {
        // only `array(name)` (Arquero's own accessor, which honours the filter and the order)
        if (typeof table.array !== 'function') throw fail(name, 'column(name) to return the column', raw);
        values = table.array(name);
      } else {
        const base = columnValues(raw);
        if (base === null) throw fail(name, 'a column with length and at(row), toArray() or index access', raw);
        const order = view ? rowIndices() : null;
        if (order !== null) values = gather(base, order);
        else if (view) {
          if (typeof table.array !== 'function') throw fail(name, 'indices() or array(name) on a filtered or ordered table', table);
          values = table.array(name);
        } else values = base;
      }
      if (!isArrayLike(values)) throw fail(name, 'an array of values', values);
      if (values.length !== rowCount) throw raggedError(fn, name, values.length, rowCount);
    }
    cache.set(name, values);
    return values;
  };
  return { shape: 'arquero', rowCount, column };
}

/** A column's values as an array: arrays and typed arrays as they are, else `toArray()`, else `at(row)` over `length`. */
function columnValues(raw: unknown): ArrayLike<unknown> | null {
  if (isArrayLike(raw)) return raw;
  if (typeof raw !== 'object') return null;
  const c = raw as { toArray?: unknown; at?: unknown; length?: unknown };
  if (typeof c.toArray === 'function') {
    const values = (c.toArray as () => unknown)();
    if (isArrayLike(values)) return values;
  }
  if (typeof c.at === 'function' && typeof c.length === 'number') {
    const out = new Array<unknown>(c.length);
    for (let i = 0; i < c.length; i++) out[i] = (c.at as (row: number) => unknown)(i);
    return out;
  }
  return null;
}

/** The rows `order` names, in that order; a typed array stays the same kind of typed array. */
function gather(base: ArrayLike<unknown>, order: ArrayLike<number>): ArrayLike<unknown> {
  const n = order.length;
  const out =
    ArrayBuffer.isView(base) && !(base instanceof DataView)
      ? new (base.constructor as new (length: number) => { [i: number]: unknown; length: number })(n)
      : new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = base[order[i]];
  return out;
}

/**
 * Properties of a result that are lists, not columns (a summarizeTransactions result's `warnings`),
 * so a result passed on as a table is not ragged for holding them.
 */
export const RESULT_LISTS: ReadonlySet<string> = new Set(['warnings']);

function openColumns(table: Record<string, unknown>, fn: string, names: readonly string[]): OpenTable {
  let rowCount = -1;
  let first = '';
  for (const name of names) {
    if (!hasOwn(table, name)) continue;
    const values = table[name];
    if (!isArrayLike(values)) {
      throw new CustomerValueError('invalid_value', `${fn}: column "${name}" is not an array`, [
        { function: fn, column: name, expected: 'an array or typed array of values', received: describeValue(values) },
      ]);
    }
    if (rowCount < 0) {
      rowCount = values.length;
      first = name;
    } else if (values.length !== rowCount) {
      throw raggedError(fn, name, values.length, rowCount, first);
    }
  }
  // a table whose other columns differ in length is malformed too (a row was lost somewhere);
  // a result's `warnings` list (e.g. a summarizeTransactions result passed on) is not a column
  if (rowCount >= 0) {
    for (const name of Object.keys(table)) {
      if (RESULT_LISTS.has(name) && !names.includes(name)) continue;
      const values = table[name];
      if ((Array.isArray(values) || (ArrayBuffer.isView(values) && !(values instanceof DataView))) && (values as ArrayLike<unknown>).length !== rowCount) {
        throw raggedError(fn, name, (values as ArrayLike<unknown>).length, rowCount, first);
      }
    }
  }
  return {
    shape: 'columns',
    rowCount: rowCount < 0 ? 0 : rowCount,
    column(name) {
      if (!hasOwn(table, name)) return undefined;
      return table[name] as ArrayLike<unknown>;
    },
  };
}

function raggedError(fn: string, name: string, length: number, expected: number, first?: string): CustomerValueError {
  const against = first ? ` as column "${first}"` : '';
  return new CustomerValueError('invalid_value', `${fn}: columns have different lengths`, [
    {
      function: fn,
      column: name,
      expected: `${expected.toLocaleString('en-US')} values, the same length${against}`,
      received: `${length.toLocaleString('en-US')} values`,
    },
  ]);
}

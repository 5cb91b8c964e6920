import { makeTable, makeVector, vectorFromArray, Table, type Vector } from 'apache-arrow';
import { CustomerValueError, describeValue } from '../errors.js';
import { IssueList } from '../internal/issueList.js';

/** Columns as the library returns them: numeric typed arrays, or arrays of strings/numbers/booleans. */
export type ArrowColumnsInput = Readonly<Record<string, ArrayLike<unknown>>>;

const TYPED = (v: unknown): v is Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array =>
  v instanceof Float64Array || v instanceof Float32Array || v instanceof Int32Array || v instanceof Int16Array || v instanceof Int8Array || v instanceof Uint32Array || v instanceof Uint16Array || v instanceof Uint8Array;

/**
 * Columns (a result of this library, or any object of columns) as an Apache Arrow `Table`.
 * Numeric typed arrays become Arrow vectors over the very same memory — no copy, whatever the
 * size; other arrays (ids, labels) are encoded by Arrow (strings as Utf8, with nulls). The
 * library reads Arrow tables back in place too: pass a `Table` wherever data is expected.
 *
 * Needs the optional peer dependency `apache-arrow`.
 *
 * @throws {CustomerValueError} `invalid_value` for columns of unequal length or a non-array column.
 * @example
 * const table = toArrowTable({ customer: ['a', 'b'], value: new Float64Array([1.5, 2]) });
 * [table.numRows, table.getChild('value').toArray()[1], table.getChild('customer').get(0)]; // => [2, 2, 'a']
 */
export function toArrowTable(columns: ArrowColumnsInput): Table {
  if (columns === null || typeof columns !== 'object' || Array.isArray(columns)) {
    throw new CustomerValueError('invalid_value', 'toArrowTable: expected an object of columns', [
      { function: 'toArrowTable', column: 'columns', expected: 'an object of columns, e.g. { id: [...], value: Float64Array }', received: describeValue(columns) },
    ]);
  }
  const names = Object.keys(columns);
  const issues = new IssueList();
  const length = names.length ? columns[names[0]]?.length : 0;
  for (const name of names) {
    const column = columns[name];
    if (!(Array.isArray(column) || ArrayBuffer.isView(column))) issues.add({ function: 'toArrowTable', column: name, expected: 'an array or typed array', received: describeValue(column) });
    else if (column.length !== length) issues.add({ function: 'toArrowTable', column: name, expected: `${length} values, as the first column`, received: `${column.length}` });
  }
  issues.throwIfAny('invalid_value', 'toArrowTable');
  const vectors: Record<string, Vector> = {};
  for (const name of names) {
    const column = columns[name];
    vectors[name] = TYPED(column) ? makeVector(column) : vectorFromArray(Array.from(column) as never);
  }
  if (names.length === 0) {
    throw new CustomerValueError('invalid_value', 'toArrowTable: no columns', [{ function: 'toArrowTable', column: 'columns', expected: 'at least one column', received: 'none' }]);
  }
  return makeTable(vectors as never) as unknown as Table;
}

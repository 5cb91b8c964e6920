import { makeTable, makeVector, RecordBatch, Schema, Table, vectorFromArray, type Vector } from 'apache-arrow';
import { CustomerValueError, describeValue } from '../errors.js';
import { IssueList } from '../internal/issueList.js';
import { openTable } from '../internal/openTable.js';
import { tableColumnNames } from '../internal/tableColumnNames.js';
import type { TableInput } from '../io/tableInput.js';

/**
 * What `toArrowTable` takes: an object of columns, a columnar result of this library (such as
 * `summarizeTransactions`'), an array of row objects, or an Arquero table.
 */
export type ArrowColumnsInput = TableInput;

const FN = 'toArrowTable';

const TYPED = (
  v: unknown,
): v is Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array | BigInt64Array | BigUint64Array =>
  v instanceof Float64Array ||
  v instanceof Float32Array ||
  v instanceof Int32Array ||
  v instanceof Int16Array ||
  v instanceof Int8Array ||
  v instanceof Uint32Array ||
  v instanceof Uint16Array ||
  v instanceof Uint8Array ||
  v instanceof BigInt64Array ||
  v instanceof BigUint64Array;

/**
 * Arrays in the library's results that are not one value per row: label lists for a coded
 * column (`tierNames` for `tier`, `stages` for `stage`, `quadrants` for `quadrant`, `labels` and
 * `segments` for `segment`), `names` (parseCsv), `items`, `rows` (overallMismatch's flagged row numbers),
 * `warnings`, `scale` and `confidenceInterval` pairs. They go to the schema metadata, never become columns.
 */
const NOT_PER_ROW = new Set(['tierNames', 'stages', 'quadrants', 'labels', 'segments', 'names', 'rows', 'scale', 'confidenceInterval', 'items', 'warnings']);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v) && !(v instanceof Date);
const isScalarArray = (v: unknown): v is unknown[] =>
  Array.isArray(v) && v.every((x) => x === null || x === undefined || typeof x !== 'object' || x instanceof Date);
const isRowArray = (v: unknown): v is Record<string, unknown>[] => Array.isArray(v) && v.length > 0 && v.every(isPlainObject);
const isColumnObject = (v: unknown): boolean => isPlainObject(v) && Object.keys(v).length > 0 && Object.values(v).every((c) => TYPED(c) || isScalarArray(c));

/**
 * A table — an object of columns, a columnar result of this library, an array of row objects or
 * an Arquero table — as an Apache Arrow `Table`. Numeric typed arrays become Arrow vectors over
 * the very same memory (no copy, whatever the size); other arrays (ids, labels, dates) are
 * encoded by Arrow (strings as Utf8, with nulls; bigint as Int64; `Date` as Timestamp). The
 * library reads Arrow tables back in place too: pass a `Table` wherever data is expected.
 *
 * A result is split into its per-row columns and the rest: the row count is the length of its
 * first typed-array column (or of its arrays when it has none); arrays of that length are the
 * columns, and everything else — `timeUnit`, `observationEnd`, `counts`, `skipped`, label lists
 * such as `tierNames` — is kept in the schema metadata (a string as it is, any other value as
 * JSON). So `toArrowTable(summarizeTransactions(...))` gives one row per customer, and works
 * likewise on `scoreRfm`, `scoreValuePyramid`, `scoreSegments`, `scoreSatisfactionIndex`,
 * `probabilityAlive`, `conditionalExpectedPurchases`, `conditionalExpectedSpend`,
 * `customerLifetimeValue`, `lifecycleStages`, `peakEndScores`, `costToServe`, `realizedProfit`,
 * `rfmSegments`, `loyaltyMatrix`, `valueSatisfactionMap`, `overallMismatch`, `expectationGap`,
 * `satisfactionIndex100`, `shareOfWallet` and `kaplanMeier` results. A result that holds its
 * columns one level down is refused with the property to pass (`scoreColumns(...).outputs`,
 * `toColumns(...).columns`, `parseCsv(...).columns`, `scorePlsPathModel(...).scores`,
 * `customerValueReport(...).customers`), and so is one whose table is a list of row objects
 * (`tierSummary(...)`: pass `result.tiers`; arrays of row objects are accepted as rows).
 *
 * Needs the optional peer dependency `apache-arrow`.
 *
 * @param data Columns, a result, rows or an Arquero table. An Arrow `Table` is returned as it is.
 * @throws {CustomerValueError} `invalid_value` for columns of unequal length, a non-array column,
 *   a column mixing numbers and text (ids: keep them as text, see parseCsv's `text` option), or
 *   a result without per-row columns (the message says which property to pass).
 * @example
 * const table = toArrowTable({ customer: ['a', 'b'], value: new Float64Array([1.5, 2]) });
 * [table.numRows, table.getChild('value').toArray()[1], table.getChild('customer').get(0)]; // => [2, 2, 'a']
 * const summary = summarizeTransactions(
 *   { customer: ['a', 'b', 'a'], date: ['2024-01-01', '2024-01-03', '2024-02-01'], amount: [10, 5, 20] },
 *   { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '2024-03-01', timeUnit: 'week' },
 * );
 * const customers = toArrowTable(summary);
 * [customers.numRows, customers.getChild('frequency').get(0), customers.schema.metadata.get('timeUnit')]; // => [2, 1, 'week']
 */
export function toArrowTable(data: ArrowColumnsInput): Table {
  if (data instanceof Table) return data;
  if (data === null || typeof data !== 'object' || ArrayBuffer.isView(data)) {
    throw new CustomerValueError('invalid_value', `${FN}: expected an object of columns`, [
      {
        function: FN,
        path: 'columns',
        expected: 'an object of columns, e.g. { id: [...], value: Float64Array }, a result of this library, rows or an Arquero table',
        received: describeValue(data),
      },
    ]);
  }
  const candidate = data as Record<string, unknown>;
  if (Array.isArray(data) || typeof candidate.getChild === 'function' || typeof candidate.columnNames === 'function') return fromTable(data);
  if (typeof candidate.kind === 'string' && typeof candidate.version === 'number') {
    throw new CustomerValueError('invalid_value', `${FN}: a fitted model is not a table`, [
      {
        function: FN,
        path: 'columns',
        expected: 'columns or a scoring result: score the model first (e.g. scoreValuePyramid(model, data)) and pass that',
        received: `a "${String(candidate.kind)}" model`,
      },
    ]);
  }
  return fromResult(candidate);
}

/** Rows, Arrow-like or Arquero tables: every column they have, read as the library reads them. */
function fromTable(data: object): Table {
  const names = tableColumnNames(data);
  const table = openTable(data, FN, names);
  const columns: Record<string, ArrayLike<unknown>> = {};
  for (const name of names) Object.defineProperty(columns, name, { value: table.column(name) ?? new Array(table.rowCount), enumerable: true });
  return build(columns, names, new Map());
}

function fromResult(result: Record<string, unknown>): Table {
  const names = Object.keys(result);
  const issues = new IssueList();
  if (names.some((name) => typeof result[name] === 'function')) {
    throw new CustomerValueError('invalid_value', `${FN}: a compiled scorer is not a table`, [
      {
        function: FN,
        path: 'columns',
        expected: 'columns or a result',
        received: 'an object with functions',
        hint: 'score a table with it and pass the outputs: toArrowTable(scoreColumns(scorer, data).outputs)',
      },
    ]);
  }
  const isArray = (name: string) => TYPED(result[name]) || isScalarArray(result[name]);
  for (const name of names) {
    const v = result[name];
    if (v !== null && typeof v === 'object' && !isPlainObject(v) && !Array.isArray(v) && !TYPED(v) && !(v instanceof Date)) {
      issues.add({ function: FN, column: name, expected: 'an array or typed array', received: describeValue(v) });
    }
  }
  issues.throwIfAny('invalid_value', FN);
  const perRow = names.filter((name) => isArray(name) && !NOT_PER_ROW.has(name));
  const first = perRow.find((name) => TYPED(result[name])) ?? perRow[0];
  if (first === undefined) throw noColumns(result);
  const rows = (result[first] as ArrayLike<unknown>).length;
  for (const name of perRow) {
    const length = (result[name] as ArrayLike<unknown>).length;
    if (length !== rows)
      issues.add({
        function: FN,
        column: name,
        expected: `${rows.toLocaleString('en-US')} values, as column "${first}"`,
        received: `${length.toLocaleString('en-US')} values`,
        hint: 'pass an object of the equally long columns you want as a table (a grid or a list beside per-row columns is not one table)',
      });
  }
  issues.throwIfAny('invalid_value', FN);
  const metadata = new Map<string, string>();
  for (const name of names) {
    const v = result[name];
    if (perRow.includes(name) || v === undefined) continue;
    metadata.set(
      name,
      typeof v === 'string'
        ? v
        : JSON.stringify(v, (_k, x: unknown) =>
            ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>) : typeof x === 'bigint' ? x.toString() : x,
          ),
    );
  }
  return build(result as Record<string, ArrayLike<unknown>>, perRow, metadata);
}

function noColumns(result: Record<string, unknown>): CustomerValueError {
  const names = Object.keys(result);
  const nested = names.filter(
    (name) => isColumnObject(result[name]) || (isPlainObject(result[name]) && Object.values(result[name] as object).some((c) => TYPED(c))),
  );
  const rowLists = names.filter((name) => isRowArray(result[name]));
  // name only what converts: a list of rows holding lists (fromSurveyJs's blocks) is not a table either
  const converts = (name: string) => {
    try {
      toArrowTable(result[name] as ArrowColumnsInput);
      return true;
    } catch {
      return false;
    }
  };
  const where = [
    ...nested.filter(converts).map((name) => `toArrowTable(result.${name}) (its columns)`),
    ...rowLists.filter(converts).map((name) => `toArrowTable(result.${name}) (its rows)`),
  ];
  const hint = where.length
    ? `pass ${where.join(', or ')}`
    : 'pass an object of equally long columns, e.g. { customer: [...], value: Float64Array }, or an array of row objects';
  const received = names.length
    ? `an object without per-row columns (properties ${names
        .slice(0, 8)
        .map((n) => `"${n}"`)
        .join(', ')}${names.length > 8 ? ', …' : ''})`
    : 'an object without columns';
  return new CustomerValueError('invalid_value', `${FN}: no columns to put in a table`, [
    { function: FN, path: 'columns', expected: 'at least one array column', received, hint },
  ]);
}

function build(source: Record<string, ArrayLike<unknown>>, names: readonly string[], metadata: Map<string, string>): Table {
  const issues = new IssueList();
  const vectors: Record<string, Vector> = {};
  for (const name of names) {
    const column = source[name];
    if (TYPED(column)) {
      Object.defineProperty(vectors, name, { value: makeVector(column as never), enumerable: true });
      continue;
    }
    let numbers = false;
    let text = false;
    for (let i = 0; i < column.length; i++) {
      const v = column[i];
      if (typeof v === 'number') numbers = true;
      else if (typeof v === 'string') text = true;
    }
    if (numbers && text) {
      issues.add({
        function: FN,
        column: name,
        expected: 'a column of one type',
        received: 'numbers and text mixed',
        hint: `ids typed per cell (7 and "007") cannot share an Arrow column without merging or guessing: read the column as text (parseCsv / readCsvFile option text: ["${name}"]) or convert it first`,
      });
      continue;
    }
    try {
      Object.defineProperty(vectors, name, { value: vectorFromArray(Array.from(column) as never), enumerable: true });
    } catch (error) {
      issues.add({
        function: FN,
        column: name,
        expected: 'values Arrow can type: numbers, strings, booleans, bigints or Dates, with nulls',
        received: describeValue(Array.from(column).find((v) => v !== null && v !== undefined)),
        hint: (error as Error).message,
      });
    }
  }
  issues.throwIfAny('invalid_value', FN);
  const table = makeTable(vectors as never) as unknown as Table;
  if (metadata.size === 0) return table;
  const schema = new Schema(table.schema.fields, metadata);
  return new Table(
    schema,
    table.batches.map((batch) => new RecordBatch(schema, batch.data)),
  );
}

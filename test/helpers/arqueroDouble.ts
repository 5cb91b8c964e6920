// A stand-in for an arquero `ColumnTable` (arquero 8), so the library's Arquero input is tested
// without arquero as a dependency. It mimics the parts of arquero's API a reader can touch, with
// arquero's semantics (checked against the real package by test/io/arqueroReal.test.ts when
// arquero is installed):
// - `column(name)` is the full backing column (a filter or an order is NOT applied to it);
// - `numRows()` counts the rows after the filter, `totalRows()` the backing rows;
// - `isFiltered()` / `isOrdered()` say whether the table is a view;
// - `indices()` lists the view's rows (backing positions) in the view's order (Uint32Array);
// - `array(name, Type = Array)` and `get(name, row)` read the view through `column.at(row)`;
// - `filter` and `orderby` return views over the same backing columns (a filter keeps the
//   order); `slice(start, end)` and `reify()` materialize the view's rows into new columns
//   (typed arrays stay typed, everything else becomes an Array), as arquero does.
// A column may be "arrow-backed" as `fromArrow` gives them: an object with `length`, `at(row)`
// and `toArray()` but no index access, so a reader indexing it directly reads undefined.

export type ArqueroColumn = ArrayLike<unknown> & { at(row: number): unknown };

export interface ArqueroDouble {
  columnNames(filter?: (name: string) => boolean): string[];
  numRows(): number;
  totalRows(): number;
  column(name: string): ArqueroColumn | undefined;
  array(name: string, Type?: new (n: number) => { [i: number]: unknown; length: number }): ArrayLike<unknown>;
  get(name: string, row?: number): unknown;
  isFiltered(): boolean;
  isOrdered(): boolean;
  isGrouped(): boolean;
  indices(): Uint32Array;
  objects(): Record<string, unknown>[];
  filter(predicate: (row: Record<string, unknown>) => boolean): ArqueroDouble;
  orderby(name: string, direction?: 'asc' | 'desc'): ArqueroDouble;
  slice(start?: number, end?: number): ArqueroDouble;
  reify(): ArqueroDouble;
}

/** An arrow-backed column as arquero's `fromArrow` returns it: `at`, `toArray`, `length`, no index access. */
export function arrowBackedColumn(values: ArrayLike<unknown>): ArqueroColumn {
  const data = values;
  return Object.freeze({
    length: data.length,
    at: (row: number) => data[row],
    toArray: () => (ArrayBuffer.isView(data) ? data : Array.from(data)),
    [Symbol.iterator]: function* () {
      for (let i = 0; i < data.length; i++) yield data[i];
    },
  });
}

/** `aq.table(columns)`: columns are kept as given (arrays and typed arrays are not copied). */
export function arqueroTable(columns: Record<string, ArrayLike<unknown>>): ArqueroDouble {
  const names = Object.keys(columns);
  const data = columns as Record<string, ArqueroColumn>;
  const total = names.length ? data[names[0]].length : 0;
  return view(data, names, total, null, null);
}

type Comparator = (a: number, b: number) => number;

function view(data: Record<string, ArqueroColumn>, names: string[], total: number, mask: Uint8Array | null, order: Comparator | null): ArqueroDouble {
  const at = (name: string, row: number) => data[name].at(row);
  let cached: Uint32Array | null = null;
  const indices = (): Uint32Array => {
    if (cached) return cached;
    const rows: number[] = [];
    for (let i = 0; i < total; i++) if (mask === null || mask[i]) rows.push(i);
    if (order) rows.sort(order);
    cached = Uint32Array.from(rows);
    return cached;
  };
  const numRows = () => (mask === null ? total : mask.reduce((s, b) => s + b, 0));
  const isView = () => mask !== null || order !== null;
  const rowObject = (row: number) => Object.fromEntries(names.map((n) => [n, at(n, row)]));
  const reify = (rows: Uint32Array): ArqueroDouble => {
    const copies: Record<string, ArqueroColumn> = {};
    for (const name of names) {
      const prev = data[name];
      const Type = (ArrayBuffer.isView(prev) ? prev.constructor : Array) as new (n: number) => unknown[];
      const curr = new Type(rows.length);
      for (let r = 0; r < rows.length; r++) curr[r] = prev.at(rows[r]);
      copies[name] = curr;
    }
    return view(copies, names, rows.length, null, null);
  };
  const table: ArqueroDouble = {
    columnNames: (filter) => (filter ? names.filter(filter) : names.slice()),
    numRows,
    totalRows: () => total,
    column: (name) => data[name],
    array(name, Type = Array as never) {
      const column = data[name];
      const out = new Type(numRows());
      const rows = indices();
      for (let i = 0; i < rows.length; i++) out[i] = column.at(rows[i]);
      return out;
    },
    get: (name, row = 0) => (isView() ? at(name, indices()[row]) : at(name, row)),
    isFiltered: () => mask !== null,
    isOrdered: () => order !== null,
    isGrouped: () => false,
    indices: () => (isView() ? indices() : Uint32Array.from({ length: total }, (_, i) => i)),
    objects: () => Array.from(indices(), rowObject),
    filter(predicate) {
      const next = new Uint8Array(total);
      for (let i = 0; i < total; i++) if ((mask === null || mask[i]) && predicate(rowObject(i))) next[i] = 1;
      return view(data, names, total, next, order);
    },
    orderby(name, direction = 'asc') {
      const sign = direction === 'desc' ? -1 : 1;
      const compare: Comparator = (a, b) => {
        const x = at(name, a) as number | string;
        const y = at(name, b) as number | string;
        return x < y ? -sign : x > y ? sign : a - b;
      };
      return view(data, names, total, mask, compare);
    },
    slice(start = 0, end = Infinity) {
      return reify(indices().subarray(Math.max(0, start), Math.min(numRows(), end)));
    },
    reify: () => (isView() ? reify(indices()) : table),
  };
  return table;
}

import { CustomerValueError, describeValue, type CustomerValueIssue } from '../errors.js';
import type { WarehouseColumns } from '../warehouse/warehouseEngine.js';

// The checks every engine adapter's `load(name, columns)` applies before it writes a row: equal
// lengths, one type per column (double or text), no infinite numbers. Internal: not exported.

/** A column ready to write: `double` (Float64Array or numbers; NaN and null are NULL) or `text` (strings; null is NULL). */
export interface LoadColumn {
  readonly name: string;
  readonly type: 'double' | 'text';
  readonly values: Float64Array | readonly (number | string | null)[];
}

/** The validated columns of a load and their common length. */
export interface LoadPlan {
  readonly columns: readonly LoadColumn[];
  readonly rows: number;
}

/**
 * Check a `load` call's columns: at least one, all of one length, each either numbers (a
 * Float64Array or an array of numbers and nulls: NaN and null become NULL, ±Infinity is
 * refused) or text (strings and nulls). `fn` names the adapter in the error.
 */
export function warehouseLoadColumns(fn: string, table: string | readonly string[], columns: WarehouseColumns): LoadPlan {
  const fail = (summary: string, issues: CustomerValueIssue[]) =>
    new CustomerValueError('invalid_value', `${fn}: ${summary}`, issues.slice(0, 10), issues.length);
  const parts: unknown[] = typeof table === 'string' ? [table] : Array.isArray(table) ? table : [undefined];
  if (parts.length === 0 || parts.length > 3 || parts.some((part) => typeof part !== 'string' || part === '')) {
    throw new CustomerValueError('invalid_spec', `${fn}: load needs a table name`, [
      { function: fn, path: 'name', expected: 'a non-empty table name, or its 1 to 3 non-empty parts', received: describeValue(table) },
    ]);
  }
  const shown = parts.join('.');
  const names = columns !== null && typeof columns === 'object' ? Object.keys(columns) : [];
  if (names.length === 0) {
    throw new CustomerValueError('invalid_spec', `${fn}: load of table "${shown}" needs at least one column`, [
      { function: fn, path: 'columns', expected: 'an object of equal-length column arrays', received: describeValue(columns) },
    ]);
  }
  const rows = (columns[names[0]] as ArrayLike<unknown> | undefined)?.length ?? 0;
  const out: LoadColumn[] = [];
  const issues: CustomerValueIssue[] = [];
  for (const name of names) {
    const values = columns[name] as unknown;
    if (!(values instanceof Float64Array) && !Array.isArray(values)) {
      issues.push({ function: fn, column: name, expected: 'a Float64Array or an array of numbers, strings and nulls', received: describeValue(values) });
      continue;
    }
    if (values.length !== rows) {
      issues.push({ function: fn, column: name, expected: `${rows} values, as many as column "${names[0]}"`, received: `${values.length} values` });
      continue;
    }
    let text = false;
    let number = false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as unknown;
      if (v === null) continue;
      if (typeof v === 'number') {
        number = true;
        if (v === Infinity || v === -Infinity)
          issues.push({ function: fn, column: name, row: i, expected: 'a finite number, NaN or null (NULL)', received: describeValue(v) });
      } else if (typeof v === 'string') text = true;
      else issues.push({ function: fn, column: name, row: i, expected: 'a number, a string or null', received: describeValue(v) });
      if (text && number) {
        issues.push({
          function: fn,
          column: name,
          row: i,
          expected: 'one type per column: all numbers or all strings (nulls allowed)',
          received: describeValue(v),
        });
        break;
      }
    }
    out.push({ name, type: text ? 'text' : 'double', values: values as LoadColumn['values'] });
  }
  if (issues.length) throw fail(`cannot load table "${shown}": ${issues.length} ${issues.length === 1 ? 'problem' : 'problems'} in its columns`, issues);
  return { columns: out, rows };
}

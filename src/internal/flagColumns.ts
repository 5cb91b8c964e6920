import { describeValue } from '../errors.js';
import type { ColumnReader } from './columnReader.js';

// Yes/no columns, read through a ColumnReader (its missing-value policy and issues). A function,
// not a ColumnReader method, so that bundles that read no flags leave it out (issue 21). Internal.

/** A yes/no column: 1, 0, true or false (as numbers or booleans) → Uint8Array of 0/1. */
export function readFlags(reader: ColumnReader, name: string, role: string): Uint8Array {
  const values = reader.source(name, role);
  const n = reader.rowCount;
  const out = new Uint8Array(n);
  if (values === undefined) return out;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === 1 || v === true) out[i] = 1;
    else if (v === 0 || v === false) out[i] = 0;
    else if (v === null || v === undefined || (typeof v === 'number' && v !== v)) reader.markMissing(i, name, v);
    else reader.invalid.add({ function: reader.fn, column: name, row: i, expected: `1 or true, 0 or false (${role})`, received: describeValue(v) });
  }
  return out;
}

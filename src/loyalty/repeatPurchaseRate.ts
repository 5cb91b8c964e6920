import * as z from 'zod/mini';
import { ColumnReader, requireRows } from '../internal/columnReader.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import { missingValuesMiniSchema, type MissingValues } from '../io/missingValues.js';

const FN = 'repeatPurchaseRate';
const optionsSchema = z.strictObject({
  frequency: z._default(z.string().check(z.minLength(1)), 'frequency'),
  missing: z._default(missingValuesMiniSchema, 'error'),
});

/** Share of customers who came back. */
export interface RepeatPurchaseRateResult {
  /** repeaters / customers. */
  readonly rate: number;
  /** Customers with at least one repeat purchase. */
  readonly repeaters: number;
  readonly customers: number;
  readonly skipped: number;
}

/**
 * Repeat purchase rate: the share of customers with at least one repeat purchase, read from a
 * per-customer repeat-purchase count (the `frequency` of `summarizeTransactions`).
 *
 * @param options `frequency` column name (default `'frequency'`), `missing`.
 * @throws {CustomerValueError} `missing_column`; `invalid_value` (negative or fractional counts); `too_few_rows`.
 * @example
 * repeatPurchaseRate({ frequency: [0, 2, 0, 1, 5] }); // => { rate: 0.6, repeaters: 3, customers: 5, skipped: 0 }
 */
export function repeatPurchaseRate(customers: TableInput, options: { frequency?: string; missing?: MissingValues } = {}): RepeatPurchaseRateResult {
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const { counts, skip, skipped, n } = readCounts(customers, FN, o.frequency, o.missing);
  let repeaters = 0;
  for (let i = 0; i < counts.length; i++) if ((skip === null || skip[i] === 0) && counts[i] > 0) repeaters++;
  return { rate: repeaters / n, repeaters, customers: n, skipped };
}

/** A whole-number count column ≥ 0 with its skip mask. */
export function readCounts(data: TableInput, fn: string, column: string, missing: MissingValues) {
  const reader = new ColumnReader(data, fn, [column], missing);
  const counts = reader.number(column, 'repeat purchases per customer', { min: 0, integer: true, expected: 'a whole number ≥ 0' });
  const { skipMask, skipped } = reader.finish();
  const n = reader.rowCount - skipped;
  requireRows(fn, n, 1, 'customers');
  return { counts, skip: skipMask, skipped, n };
}

import * as z from 'zod/mini';
import { ColumnReader, requireRows } from '../internal/columnReader.js';
import { readFlags } from '../internal/flagColumns.js';
import { parseSpec } from '../internal/parseSpec.js';
import { chiSquareUpperTail } from '../internal/specialFunctions.js';
import type { TableInput } from '../io/tableInput.js';
import { missingValuesMiniSchema, type MissingValues } from '../io/missingValues.js';

const FN = 'productHoldingChurn';
// zod/mini (issue 21): the same messages through parseSpec, without zod's classic API in the bundle
const specSchema = z.strictObject({
  products: z.string().check(z.minLength(1)),
  churned: z.string().check(z.minLength(1)),
  missing: z._default(missingValuesMiniSchema, 'error'),
});

/** Churn among customers holding a given number of products. */
export interface ProductHoldingRow {
  readonly products: number;
  readonly customers: number;
  readonly churned: number;
  readonly churnRate: number;
}

/** Churn by breadth of product holding, with a test of independence. */
export interface ProductHoldingChurnResult {
  readonly rows: readonly ProductHoldingRow[];
  readonly overallChurnRate: number;
  /** Pearson's χ² test that churn is independent of the number of products held. */
  readonly chiSquare: number;
  readonly df: number;
  readonly p: number;
  readonly n: number;
  readonly skipped: number;
}

/**
 * Churn rate by the number of products a customer holds — cross-selling breadth against
 * retention (Kamakura et al. 2003; Reinartz & Kumar 2003) — with Pearson's χ² test of
 * independence over the products × churned table (as R's `chisq.test(..., correct = FALSE)`).
 *
 * @param spec `products`: whole number of products held (≥ 0); `churned`: 1/0 (or true/false).
 * @throws {CustomerValueError} `missing_column`; `invalid_value` (fractional product counts, churn flags other than 0/1); `too_few_rows`.
 * @example
 * const data = { products: [1, 1, 1, 1, 2, 2, 2, 3, 3, 3], churned: [1, 1, 1, 0, 1, 0, 0, 0, 0, 0] };
 * productHoldingChurn(data, { products: 'products', churned: 'churned' }).rows.map((r) => [r.products, r.churnRate]); // => [[1, 0.75], [2, 1 / 3], [3, 0]]
 */
export function productHoldingChurn(data: TableInput, spec: { products: string; churned: string; missing?: MissingValues }): ProductHoldingChurnResult {
  const s = parseSpec(specSchema, spec, FN);
  const reader = new ColumnReader(data, FN, [s.products, s.churned], s.missing);
  const products = reader.number(s.products, 'products held', { min: 0, integer: true, expected: 'a whole number of products ≥ 0' });
  const churned = readFlags(reader, s.churned, 'churned or stayed');
  const { skipMask, skipped } = reader.finish();
  const n = reader.rowCount - skipped;
  requireRows(FN, n, 1, 'customers');
  const byCount = new Map<number, [number, number]>();
  let churnedTotal = 0;
  for (let i = 0; i < reader.rowCount; i++) {
    if (skipMask !== null && skipMask[i] === 1) continue;
    const cell = byCount.get(products[i]) ?? [0, 0];
    cell[0]++;
    cell[1] += churned[i];
    churnedTotal += churned[i];
    byCount.set(products[i], cell);
  }
  const rows = [...byCount.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([count, [customers, lost]]) => ({ products: count, customers, churned: lost, churnRate: lost / customers }));
  const overall = churnedTotal / n;
  let chiSquare = 0;
  for (const row of rows) {
    const expectedChurned = row.customers * overall;
    const expectedStayed = row.customers * (1 - overall);
    if (expectedChurned > 0) chiSquare += (row.churned - expectedChurned) ** 2 / expectedChurned;
    if (expectedStayed > 0) chiSquare += (row.customers - row.churned - expectedStayed) ** 2 / expectedStayed;
  }
  const df = Math.max(0, rows.length - 1);
  return { rows, overallChurnRate: overall, chiSquare, df, p: df > 0 ? chiSquareUpperTail(chiSquare, df) : 1, n, skipped };
}

import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../errors.js';
import { ColumnReader } from '../internal/columnReader.js';
import { readKeys } from '../internal/keyColumns.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import type { CostToServeResult } from './costToServe.js';
import { missingValuesMiniSchema, type MissingValues } from '../io/missingValues.js';

const FN = 'realizedProfit';

// zod/mini (issue 21): the same messages through parseSpec, without zod's classic API in the bundle
const specSchema = z.strictObject({
  customer: z.string().check(z.minLength(1)),
  revenue: z.string().check(z.minLength(1)),
  margin: z.union([z.number().check(z.gte(0), z.lte(1)), z.string().check(z.minLength(1))], {
    error: 'a margin: a fraction 0–1, or the name of a margin column',
  }),
  costs: z.optional(z.custom<CostToServeResult>((v) => v !== null && typeof v === 'object', 'a costToServe result')),
  missing: z._default(missingValuesMiniSchema, 'error'),
});

/** How to compute realized profit. */
export interface RealizedProfitSpec {
  /** Customer id column (matched against `costs.customer`). */
  readonly customer: string;
  /** Revenue column (e.g. `revenue` from `summarizeTransactions`). */
  readonly revenue: string;
  /** Gross margin as a fraction 0–1, or the name of a per-customer margin column. */
  readonly margin: number | string;
  /** Cost to serve per customer, from `costToServe`; customers absent from it cost 0. */
  readonly costs?: CostToServeResult;
  /** Rows with a missing value: `'error'` (default) or `'skip'` (counted, NaN profit). */
  readonly missing?: MissingValues;
}

/** Realized profit per input row, with its parts. */
export interface RealizedProfitResult {
  readonly customer: (string | number)[];
  readonly revenue: Float64Array;
  /** Revenue × margin. */
  readonly grossProfit: Float64Array;
  /** Cost to serve matched by customer id (0 when the customer has no service events). */
  readonly costToServe: Float64Array;
  /** Gross profit − cost to serve: the realized value already contributed. */
  readonly profit: Float64Array;
  /** Customers in `costs` who are not in the data, and their cost: reported, never lost. */
  readonly unmatched: { readonly customers: number; readonly cost: number };
  readonly skipped: number;
}

/**
 * Realized value: profit already contributed, `revenue × margin − cost to serve`, per customer.
 * Costs are matched by customer id, compared as text (the number 7 matches `"7"`, never `"007"`);
 * a customer served but absent from the data is counted in
 * `unmatched` with their cost. Rows keep their input order; the result is an object of
 * columns that `fitValuePyramid` and `tierSummary` accept directly.
 *
 * @throws {CustomerValueError} `invalid_spec`, `missing_column`, `invalid_value` (bad cells, duplicate customer ids, margin outside 0–1).
 * @example
 * const costs = costToServe([{ id: 'a', cost: 30 }, { id: 'c', cost: 8 }], { customer: 'id', cost: 'cost' });
 * const result = realizedProfit({ id: ['a', 'b'], revenue: [200, 50] }, { customer: 'id', revenue: 'revenue', margin: 0.25, costs });
 * Array.from(result.profit); // => [20, 12.5]
 * result.unmatched; // => { customers: 1, cost: 8 }
 */
export function realizedProfit(data: TableInput, spec: RealizedProfitSpec): RealizedProfitResult {
  const s = parseSpec(specSchema, spec, FN);
  const marginColumn = typeof s.margin === 'string' ? s.margin : null;
  const reader = new ColumnReader(data, FN, [s.customer, s.revenue, ...(marginColumn ? [marginColumn] : [])], s.missing);
  const customerValues = reader.table.column(s.customer);
  const customer = readKeys(reader, s.customer, 'customer id');
  const revenue = reader.number(s.revenue, 'revenue');
  const margin = marginColumn ? reader.number(marginColumn, 'margin', { min: 0, max: 1, expected: 'a margin between 0 and 1' }) : null;
  const { skipMask, skipped } = reader.finish();
  const n = reader.rowCount;
  // Each customer once: a duplicate would double-count its cost.
  const firstRow = new Int32Array(customer.keys.length).fill(-1);
  for (let i = 0; i < n; i++) {
    const c = customer.codes[i];
    if (c < 0) continue;
    if (firstRow[c] >= 0) {
      throw new CustomerValueError('invalid_value', `${FN}: customer ids must be unique`, [
        {
          function: FN,
          column: s.customer,
          row: i,
          expected: `a customer id not seen before (first seen in row ${firstRow[c]})`,
          received: describeValue(customer.keys[c]),
        },
      ]);
    }
    firstRow[c] = i;
  }
  const cost = new Float64Array(n);
  let unmatchedCustomers = 0;
  let unmatchedCost = 0;
  if (s.costs) {
    const costs = checkCosts(s.costs);
    // ids are matched as text: the number 7 (an id column a reader typed as numbers) is the id
    // "7" of the other table, while "007" stays another customer
    const index = new Map<string, number>();
    customer.keys.forEach((key, c) => index.set(String(key), firstRow[c]));
    for (let j = 0; j < costs.customer.length; j++) {
      const row = index.get(String(costs.customer[j]));
      if (row === undefined) {
        unmatchedCustomers++;
        unmatchedCost += costs.cost[j];
      } else cost[row] = costs.cost[j];
    }
  }
  const gross = new Float64Array(n);
  const profit = new Float64Array(n);
  const fixedMargin = typeof s.margin === 'number' ? s.margin : 0;
  for (let i = 0; i < n; i++) {
    if (skipMask !== null && skipMask[i] === 1) {
      gross[i] = Number.NaN;
      profit[i] = Number.NaN;
      continue;
    }
    gross[i] = revenue[i] * (margin ? margin[i] : fixedMargin);
    profit[i] = gross[i] - cost[i];
  }
  // the key of each row (a bigint id as its exact decimal text), or the raw cell of a skipped row
  const ids = Array.from({ length: n }, (_, i) =>
    customer.codes[i] >= 0 ? customer.keys[customer.codes[i]] : customerValues ? (customerValues[i] as string | number) : i,
  );
  return {
    customer: ids,
    revenue: Float64Array.from(revenue),
    grossProfit: gross,
    costToServe: cost,
    profit,
    unmatched: { customers: unmatchedCustomers, cost: unmatchedCost },
    skipped,
  };
}

function checkCosts(costs: CostToServeResult): CostToServeResult {
  const ok = Array.isArray(costs.customer) && ArrayBuffer.isView(costs.cost) && costs.cost.length === costs.customer.length;
  if (!ok) {
    throw new CustomerValueError('invalid_spec', `${FN}: spec.costs is not a costToServe result`, [
      {
        function: FN,
        path: 'spec.costs',
        expected: 'the result of costToServe (customer ids and a cost column of equal length)',
        received: describeValue(costs),
      },
    ]);
  }
  return costs;
}

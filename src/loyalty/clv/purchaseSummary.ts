import * as z from 'zod/mini';
import { columnNameSchema } from '../../internal/columnNameSchema.js';
import { CustomerValueError, describeValue } from '../../errors.js';
import { ColumnReader, requireRows } from '../../internal/columnReader.js';
import { IssueList } from '../../internal/issueList.js';
import type { TimeUnit } from '../../value/timeUnit.js';
import type { NumericArray, TableInput } from '../../io/tableInput.js';
import { type MissingValues } from '../../io/missingValues.js';

/**
 * Column names of a BTYD summary; defaults are `summarizeTransactions`' names. In `zod/mini`
 * (issue 21: `fitBetaGeo`'s door holds no classic zod); the other CLV specs take it as a field.
 */
export const summaryColumnsSchema = z._default(
  z.strictObject({
    frequency: z._default(columnNameSchema(), 'frequency'),
    recency: z._default(columnNameSchema(), 'recency'),
    T: z._default(columnNameSchema(), 'T'),
    monetary: z._default(columnNameSchema(), 'monetary'),
    count: z.optional(columnNameSchema()),
  }),
  { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' },
);

export type SummaryColumns = z.output<typeof summaryColumnsSchema>;

/**
 * Column names of a purchase summary, shared by `fitBetaGeo` and `fitGammaGamma` so one object
 * serves both (each reads the columns its model needs). Defaults are the names
 * `summarizeTransactions` writes.
 */
export interface PurchaseSummaryColumns {
  /** Repeat purchases (default `frequency`). */
  readonly frequency?: string;
  /** Time from the first to the last purchase (default `recency`; BG/NBD only). */
  readonly recency?: string;
  /** Time from the first purchase to the end of observation (default `T`; BG/NBD only). */
  readonly T?: string;
  /** Mean value of the repeat purchases (default `monetary`; Gamma-Gamma only). */
  readonly monetary?: string;
  /**
   * Grouped input: a column holding how many customers share the row's history (a whole number
   * ≥ 1, e.g. `COUNT(*)` of a `GROUP BY`). The fit is exact: the same as on one row per
   * customer. Without it, each row is one customer.
   */
  readonly count?: string;
}

/** Frequency, recency and T read and checked for one call (without `history`, tx and T alias x). */
export interface PurchaseSummaryRead {
  readonly x: NumericArray;
  readonly tx: NumericArray;
  readonly T: NumericArray;
  readonly monetary: NumericArray | null;
  /** Customers sharing each row's history (`columns.count`, when asked and named), else null: one each. */
  readonly count: NumericArray | null;
  readonly skip: Uint8Array | null;
  readonly n: number;
  readonly skipped: number;
  readonly rowCount: number;
}

/**
 * Read `{frequency, recency, T}` (and monetary value when asked), checking each cell and the
 * rules between them: frequency a whole number ≥ 0, 0 ≤ recency ≤ T, recency 0 when frequency
 * is 0. A summary carrying its own `timeUnit` (from `summarizeTransactions`) must agree with the
 * time unit the caller states.
 */
export function readPurchaseSummary(
  data: TableInput,
  fn: string,
  columns: SummaryColumns,
  timeUnit: TimeUnit | null,
  missing: MissingValues,
  options: { monetary?: boolean; history?: boolean; minimumRows?: number; counts?: boolean } = {},
): PurchaseSummaryRead {
  const history = options.history ?? true;
  const declared = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as { timeUnit?: unknown }).timeUnit : undefined;
  if (timeUnit !== null && typeof declared === 'string' && declared !== timeUnit) {
    throw new CustomerValueError('invalid_spec', `${fn}: the summary is in ${declared}s but the spec says ${timeUnit}s`, [
      {
        function: fn,
        path: 'spec.timeUnit',
        expected: JSON.stringify(declared),
        received: JSON.stringify(timeUnit),
        hint: 'state the time unit the summary was built with',
      },
    ]);
  }
  const countName = options.counts === true ? columns.count : undefined;
  const names = [
    columns.frequency,
    ...(history ? [columns.recency, columns.T] : []),
    ...(options.monetary ? [columns.monetary] : []),
    ...(countName !== undefined ? [countName] : []),
  ];
  const reader = new ColumnReader(data, fn, names, missing);
  const x = reader.number(columns.frequency, 'repeat purchases', { min: 0, integer: true, expected: 'a whole number of repeat purchases ≥ 0' });
  const tx = history ? reader.number(columns.recency, 'recency', { min: 0, expected: 'a recency ≥ 0' }) : x;
  const T = history ? reader.number(columns.T, 'customer age T', { min: 0, expected: 'a customer age T ≥ 0' }) : x;
  const monetary = options.monetary ? reader.number(columns.monetary, 'mean spend of repeat purchases') : null;
  const count =
    countName !== undefined
      ? reader.number(countName, 'customers sharing the row', {
          min: 1,
          max: Number.MAX_SAFE_INTEGER,
          integer: true,
          expected: 'a whole number of customers ≥ 1 (a GROUP BY count)',
        })
      : null;
  const { skipMask, skipped } = reader.finish();
  const rows = reader.rowCount;
  const issues = new IssueList();
  for (let i = 0; history && i < rows; i++) {
    if (skipMask !== null && skipMask[i] === 1) continue;
    if (tx[i] > T[i] * (1 + 1e-12) + 1e-12) {
      issues.add({
        function: fn,
        column: columns.recency,
        row: i,
        expected: `recency ≤ T (${T[i]})`,
        received: describeValue(tx[i]),
        hint: 'recency and T are measured from the first purchase; T runs to the end of observation',
      });
    } else if (x[i] === 0 && tx[i] !== 0) {
      issues.add({
        function: fn,
        column: columns.recency,
        row: i,
        expected: 'recency 0 for a customer with no repeat purchase',
        received: describeValue(tx[i]),
      });
    }
  }
  issues.throwIfAny('invalid_value', fn, rows);
  let n = rows - skipped;
  if (count !== null) {
    n = 0;
    for (let i = 0; i < rows; i++) if (skipMask === null || skipMask[i] === 0) n += count[i];
  }
  requireRows(fn, n, options.minimumRows ?? 1, 'customers');
  return { x, tx, T, monetary, count, skip: skipMask, n, skipped, rowCount: rows };
}

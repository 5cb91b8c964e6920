import { describeValue } from '../../errors.js';
import { ColumnReader, requireRows } from '../../internal/columnReader.js';
import { IssueList } from '../../internal/issueList.js';
import type { MissingValues } from '../../io/missingValues.js';
import type { NumericArray, TableInput } from '../../io/tableInput.js';
import type * as z from 'zod';
import type { discreteHistoryColumnsSchema } from './betaGeoBetaBinomialSpec.js';

/** Discrete-time histories read and checked: per row x, t_x, n (and the count of customers when grouped). */
export interface DiscreteHistories {
  readonly x: NumericArray;
  readonly tx: NumericArray;
  readonly n: NumericArray;
  readonly count: NumericArray | null;
  readonly skip: Uint8Array | null;
  readonly skipped: number;
  readonly rowCount: number;
  /** Customers (sum of counts) in rows not skipped. */
  readonly customers: number;
}

/**
 * Read {frequency, recency, periods} (and counts when asked), checking every row: whole numbers,
 * 0 ≤ x ≤ t_x ≤ n, t_x = 0 exactly when x = 0, n ≥ 1. The errors name the row, the column and the
 * value (recency above periods, a recency without transactions, …).
 */
export function readDiscreteHistories(
  data: TableInput,
  fn: string,
  columns: z.output<typeof discreteHistoryColumnsSchema>,
  missing: MissingValues,
  counts: boolean,
  skipOption: 'skip' | null = 'skip',
): DiscreteHistories {
  const countName = counts ? columns.count : undefined;
  const names = [columns.frequency, columns.recency, columns.periods, ...(countName === undefined ? [] : [countName])];
  const reader = new ColumnReader(data, fn, names, missing, skipOption);
  const whole = (name: string, role: string, min: number) =>
    reader.number(name, role, { min, max: 1e6, integer: true, expected: `a whole number of transaction opportunities ≥ ${min}` });
  const x = whole(columns.frequency, 'repeat transactions', 0);
  const tx = whole(columns.recency, 'recency', 0);
  const n = whole(columns.periods, 'periods', 1);
  const count =
    countName === undefined
      ? null
      : reader.number(countName, 'customers sharing the row', {
          min: 1,
          max: Number.MAX_SAFE_INTEGER,
          integer: true,
          expected: 'a whole number of customers ≥ 1 (a GROUP BY count)',
        });
  const { skipMask, skipped } = reader.finish();
  const rows = reader.rowCount;
  const issues = new IssueList();
  let customers = 0;
  for (let i = 0; i < rows; i++) {
    if (skipMask !== null && skipMask[i] === 1) continue;
    customers += count === null ? 1 : count[i];
    if (tx[i] > n[i]) {
      issues.add({
        function: fn,
        column: columns.recency,
        row: i,
        expected: `recency ≤ periods (${n[i]})`,
        received: describeValue(tx[i]),
        hint: 'recency is the opportunity of the last transaction, counted from the first; periods the opportunities observed',
      });
    } else if (x[i] > tx[i]) {
      issues.add({
        function: fn,
        column: columns.frequency,
        row: i,
        expected: `frequency ≤ recency (${tx[i]}): at most one transaction per opportunity`,
        received: describeValue(x[i]),
        hint: 'the BG/BB counts opportunities with a transaction (0 or 1 each), not transactions: for counts in continuous time use fitBetaGeo',
      });
    } else if (x[i] > 0 && tx[i] === 0) {
      issues.add({ function: fn, column: columns.recency, row: i, expected: 'a recency ≥ 1 for a customer with repeat transactions', received: '0' });
    } else if (x[i] === 0 && tx[i] !== 0) {
      issues.add({
        function: fn,
        column: columns.recency,
        row: i,
        expected: 'recency 0 for a customer with no repeat transaction',
        received: describeValue(tx[i]),
      });
    }
  }
  issues.throwIfAny('invalid_value', fn, rows);
  requireRows(fn, customers, 1, 'customers');
  return { x, tx, n, count, skip: skipMask, skipped, rowCount: rows, customers };
}

import { describeValue } from '../../errors.js';
import { IssueList } from '../../internal/issueList.js';
import { parseSpec } from '../../internal/parseSpec.js';
import type { MissingValues } from '../../io/missingValues.js';
import type { NumericArray, TableInput } from '../../io/tableInput.js';
import { discreteHistoryColumnsSchema, type DiscreteHistoryColumns } from './betaGeoBetaBinomialSpec.js';
import { readDiscreteHistories } from './discreteHistories.js';
import { readPurchaseSummary, summaryColumnsSchema, type PurchaseSummaryColumns } from './purchaseSummary.js';
import type { RepeatBuyingOf } from './repeatBuyingOf.js';
import type { TimeUnit } from '../../value/timeUnit.js';

/**
 * Column names of the histories a repeat-buying diagnostic reads: a purchase summary's
 * (`frequency`, `recency`, `T`, `count`) for a continuous-time model, a discrete history's
 * (`frequency`, `recency`, `periods`, `count`) for a BG/BB model.
 */
export type RepeatBuyingHistoryColumns = PurchaseSummaryColumns | DiscreteHistoryColumns;

/** Histories read for a diagnostic: x, t_x and the age T (for BG/BB, the opportunities n), with counts. */
export interface RepeatBuyingHistories {
  readonly x: NumericArray;
  readonly tx: NumericArray;
  readonly T: NumericArray;
  readonly count: NumericArray | null;
  readonly skip: Uint8Array | null;
  readonly skipped: number;
  readonly rowCount: number;
}

/**
 * Read the customers' histories for a diagnostic, in the model's own terms: `spec.columns` is
 * checked against the summary's columns (continuous time: `readPurchaseSummary`, in the model's
 * time unit) or, for a BG/BB model, a discrete history's (`readDiscreteHistories`: whole numbers,
 * 0 ≤ x ≤ t_x ≤ n, naming the row and value). Internal.
 */
export function readRepeatBuyingHistories(
  buying: RepeatBuyingOf<unknown>,
  customers: TableInput,
  fn: string,
  columns: unknown,
  missing: MissingValues,
  counts: boolean,
): RepeatBuyingHistories {
  if (buying.opportunities) {
    const c = parseSpec(discreteHistoryColumnsSchema, columns, fn, 'spec.columns');
    const read = readDiscreteHistories(customers, fn, c, missing, counts);
    return { x: read.x, tx: read.tx, T: read.n, count: read.count, skip: read.skip, skipped: read.skipped, rowCount: read.rowCount };
  }
  const c = parseSpec(summaryColumnsSchema, columns, fn, 'spec.columns');
  const read = readPurchaseSummary(customers, fn, c, buying.timeUnit as TimeUnit, missing, { counts, minimumRows: 1 });
  return { x: read.x, tx: read.tx, T: read.T, count: read.count, skip: read.skip, skipped: read.skipped, rowCount: read.rowCount };
}

/**
 * Refuse holdout counts above the holdout's n* opportunities for a BG/BB model (at most one
 * transaction per opportunity): `invalid_value` naming each row, its column and where n* came
 * from (`durationPath`, e.g. 'spec.duration'). Rows skipped by the missing-value policy are not
 * checked. Internal.
 */
export function refuseHoldoutAboveOpportunities(
  holdout: ArrayLike<number>,
  skip: Uint8Array | null,
  duration: number,
  fn: string,
  column: string,
  durationPath: string,
): void {
  const issues = new IssueList();
  for (let i = 0; i < holdout.length; i++) {
    if (holdout[i] > duration && (skip === null || skip[i] === 0)) {
      issues.add({
        function: fn,
        column,
        row: i,
        expected: `at most ${duration} (${durationPath}): one transaction per opportunity`,
        received: describeValue(holdout[i]),
        hint: 'count the holdout opportunities with a transaction, not the transactions',
      });
    }
  }
  issues.throwIfAny('invalid_value', fn, holdout.length);
}

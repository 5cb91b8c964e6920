import { describeValue, type CustomerValueIssue } from '../../errors.js';
import { ColumnReader, requireRows } from '../../internal/columnReader.js';
import { readKeys } from '../../internal/keyColumns.js';
import { IssueList } from '../../internal/issueList.js';
import type { TableInput } from '../../io/tableInput.js';
import type * as z from 'zod';
import type { cohortColumnsSchema } from './cohortSurvivorsSpec.js';

/**
 * The sufficient statistics of a contractual retention model: how many customers were lost in
 * each period t ≥ 1 (`lost[t]`, summed over cohorts) and how many were still active after their
 * cohort's last observed period t (`active[t]`, censored there).
 */
export interface CohortSurvivors {
  readonly lost: Float64Array;
  readonly active: Float64Array;
  /** Customers at period 0, summed over cohorts. */
  readonly customers: number;
  readonly cohorts: number;
  /** The longest cohort's last period. */
  readonly periods: number;
}

/**
 * Read a cohort survivor table (one row per cohort and period: the customers still active at the
 * start of the period), checking every row: periods whole numbers 0, 1, 2, … with none missing
 * or repeated within a cohort, survivors whole numbers ≥ 0 that never increase, a cohort with
 * customers at period 0. Rows may come in any order.
 */
export function readCohortSurvivors(data: TableInput, fn: string, columns: z.output<typeof cohortColumnsSchema>): CohortSurvivors {
  const names = [columns.period, columns.survivors, ...(columns.cohort === undefined ? [] : [columns.cohort])];
  const reader = new ColumnReader(data, fn, names, 'error', null);
  const period = reader.number(columns.period, 'period', {
    min: 0,
    max: 1e6,
    integer: true,
    expected: 'a whole period number ≥ 0 (0: when the cohort was acquired)',
  });
  const survivors = reader.number(columns.survivors, 'survivors', {
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    integer: true,
    expected: 'a whole number of customers still active ≥ 0',
  });
  const cohort = columns.cohort === undefined ? null : readKeys(reader, columns.cohort, 'cohort');
  reader.finish();
  const rows = reader.rowCount;
  requireRows(fn, rows, 2, 'rows (period 0 and at least one later period)');
  const cohortCount = cohort === null ? 1 : cohort.keys.length;
  // rows of each cohort, by period
  const byCohort: number[][] = Array.from({ length: cohortCount }, () => []);
  for (let i = 0; i < rows; i++) byCohort[cohort === null ? 0 : cohort.codes[i]].push(i);
  const issues = new IssueList();
  const issue = (row: number, column: string, expected: string, received: string, hint?: string) => {
    const entry: CustomerValueIssue = { function: fn, column, row, expected, received, ...(hint === undefined ? {} : { hint }) };
    issues.add(entry);
  };
  const name = (c: number) => (cohort === null ? 'the cohort' : `cohort ${JSON.stringify(cohort.keys[c])}`);
  let last = 0;
  for (const list of byCohort) list.sort((a, b) => period[a] - period[b]);
  for (const list of byCohort) last = Math.max(last, period[list[list.length - 1]]);
  const lost = new Float64Array(last + 1);
  const active = new Float64Array(last + 1);
  let customers = 0;
  byCohort.forEach((list, c) => {
    if (period[list[0]] !== 0) {
      issue(list[0], columns.period, `period 0 first for ${name(c)} (the customers acquired)`, describeValue(period[list[0]]));
      return;
    }
    if (!(survivors[list[0]] > 0)) {
      issue(list[0], columns.survivors, `customers acquired at period 0 of ${name(c)} (> 0)`, describeValue(survivors[list[0]]));
      return;
    }
    customers += survivors[list[0]];
    for (let k = 1; k < list.length; k++) {
      const row = list[k];
      const previous = list[k - 1];
      if (period[row] !== k) {
        const what = period[row] === period[previous] ? `a repeated period ${period[row]}` : `period ${period[row]} after ${period[previous]}`;
        issue(row, columns.period, `period ${k} next for ${name(c)} (periods 0, 1, 2, … with none missing or repeated)`, what);
        return;
      }
      if (survivors[row] > survivors[previous]) {
        issue(
          row,
          columns.survivors,
          `at most ${survivors[previous]} survivors at period ${k} of ${name(c)} (the count at period ${k - 1}): survivors never increase`,
          describeValue(survivors[row]),
          'each row holds the customers of the cohort still active at that period, not new customers; put each acquisition cohort in its own cohort (columns.cohort)',
        );
        return;
      }
      lost[k] += survivors[previous] - survivors[row];
    }
    active[list.length - 1] += survivors[list[list.length - 1]];
  });
  issues.throwIfAny('invalid_value', fn, rows);
  requireRows(fn, last, 1, 'periods after period 0');
  return { lost, active, customers, cohorts: cohortCount, periods: last };
}

import { CustomerValueError, MAX_LISTED_ISSUES, type CustomerValueErrorCode, type CustomerValueIssue } from '../errors.js';

/**
 * Collects issues while a column is checked: keeps the first few in full and counts the rest,
 * so a column with a million bad cells costs no more memory than one with ten.
 */
export class IssueList {
  readonly issues: CustomerValueIssue[] = [];
  total = 0;
  /** Distinct rows with at least one issue (a row can have several bad cells). */
  private readonly rows = new Set<number>();
  private rowsCounted = 0;

  add(issue: CustomerValueIssue): void {
    this.total += 1;
    if (issue.row !== undefined && this.rowsCounted < 1_000_000) {
      if (!this.rows.has(issue.row)) {
        this.rows.add(issue.row);
        this.rowsCounted += 1;
      }
    }
    if (this.issues.length < MAX_LISTED_ISSUES) this.issues.push(issue);
  }

  get size(): number {
    return this.total;
  }

  /** Number of distinct rows named by the issues (capped at one million for memory). */
  get rowCount(): number {
    return this.rowsCounted;
  }

  /** Throw a `CustomerValueError` if anything was collected. */
  throwIfAny(code: CustomerValueErrorCode, fn: string, rowTotal?: number): void {
    if (this.total === 0) return;
    throw new CustomerValueError(code, summarize(code, fn, this, rowTotal), this.issues, this.total);
  }
}

function summarize(code: CustomerValueErrorCode, fn: string, list: IssueList, rowTotal?: number): string {
  const n = list.total;
  const plural = n === 1 ? 'problem' : 'problems';
  switch (code) {
    case 'invalid_value': {
      const rows = list.rowCount;
      if (rows > 0 && rowTotal !== undefined) {
        const verb = rows === 1 ? 'has' : 'have';
        return `${fn}: ${rows.toLocaleString('en-US')} of ${rowTotal.toLocaleString('en-US')} rows ${verb} invalid values`;
      }
      return `${fn}: ${n} invalid ${n === 1 ? 'value' : 'values'}`;
    }
    case 'missing_column':
      return `${fn}: ${n} required ${n === 1 ? 'column is' : 'columns are'} missing`;
    case 'invalid_spec':
      return `${fn}: the spec has ${n} ${plural}`;
    case 'invalid_model':
      return `${fn}: the model is not valid (${n} ${plural})`;
    case 'too_few_rows':
      return `${fn}: not enough rows`;
    case 'not_converged':
      return `${fn}: the computation did not converge`;
    case 'worker_failed':
      return `${fn}: a worker thread failed`;
    case 'engine_failed':
      return `${fn}: a query failed in the engine`;
  }
}

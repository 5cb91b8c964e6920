/**
 * The one error type the library throws on bad input, bad specs and numerical failure.
 *
 * Every error carries a machine-readable `code` and a list of `issues`, each naming the
 * function, the data column or the spec path, the row or file line, what was expected and what was received,
 * so a pipeline can log or report them without parsing the message.
 */

/** What went wrong, as a stable machine-readable code. */
export type CustomerValueErrorCode =
  'invalid_spec' | 'missing_column' | 'invalid_value' | 'too_few_rows' | 'not_converged' | 'invalid_model' | 'worker_failed' | 'engine_failed';

/**
 * One problem found in the input. Each position field always means one thing: `row` a 0-based
 * row of the input, `line` a 1-based line of a text file, `column` a data column's name, `path`
 * a place in a spec, options object or model.
 */
export interface CustomerValueIssue {
  /** Public function that found the problem, e.g. `"fitRfm"`. */
  readonly function: string;
  /** Name of a data column (never a spec path: see `path`). */
  readonly column?: string;
  /**
   * Dotted path in the spec, options or model that holds the problem, starting with the
   * argument's name: `"spec.tiers.cuts.0.share"`, `"options.missing"`, `"model.kind"`.
   */
  readonly path?: string;
  /** 0-based row index in the input, when the problem is in one row. */
  readonly row?: number;
  /** 1-based line of the source file, when the input was read from text (CSV, NDJSON); `row` stays the 0-based data row when known. */
  readonly line?: number;
  /** What was expected, in words: `"a finite number"`. */
  readonly expected: string;
  /** What was found, rendered for display: `'"n/a"'`, `NaN`, `undefined`. */
  readonly received?: string;
  /** A hint on what to do, when there is one. */
  readonly hint?: string;
}

/** How many issues a message lists before it says how many more there are. */
export const MAX_LISTED_ISSUES = 10;

/**
 * Error thrown by every public function of the library.
 *
 * @example
 * const error = new CustomerValueError('invalid_value', 'fitRfm: 1 of 3 rows has an invalid value', [
 *   { function: 'fitRfm', column: 'monetary', row: 2, expected: 'a finite number', received: '"n/a"' },
 * ]);
 * error.code; // => 'invalid_value'
 * error.issues.length; // => 1
 * error.message.includes('row 2, column "monetary"'); // => true
 * // a problem in a spec or options object is placed by `path`, never by `column`
 * const spec = new CustomerValueError('invalid_spec', 'fitValuePyramid: the spec has 1 problem', [
 *   { function: 'fitValuePyramid', path: 'spec.tiers.cuts.0.share', expected: 'a number ≤ 1', received: '1.5' },
 * ]);
 * spec.message.includes('at "spec.tiers.cuts.0.share": expected a number ≤ 1, got 1.5'); // => true
 */
export class CustomerValueError extends Error {
  override readonly name = 'CustomerValueError';
  /** Machine-readable category of the failure. */
  readonly code: CustomerValueErrorCode;
  /** Every problem found (the message lists at most ten). */
  readonly issues: readonly CustomerValueIssue[];
  /** Total number of problems found, which may exceed `issues.length` when capped. */
  readonly totalIssues: number;

  constructor(code: CustomerValueErrorCode, summary: string, issues: readonly CustomerValueIssue[] = [], totalIssues: number = issues.length) {
    super(formatErrorMessage(summary, issues, totalIssues));
    this.code = code;
    this.issues = issues;
    this.totalIssues = totalIssues;
  }
}

/** Render a value for an error message without risking a second exception. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    return String(value);
  }
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : `Date ${value.toISOString()}`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'function') return 'a function';
  return 'an object';
}

function formatIssue(issue: CustomerValueIssue): string {
  const where: string[] = [];
  if (issue.line !== undefined) where.push(`line ${issue.line.toLocaleString('en-US')}`);
  else if (issue.row !== undefined) where.push(`row ${issue.row}`);
  if (issue.column !== undefined) where.push(where.length > 0 ? `column "${issue.column}"` : `"${issue.column}"`);
  if (issue.path !== undefined) where.push(`at "${issue.path}"`);
  const place = where.length > 0 ? `${where.join(', ')}: ` : '';
  const got = issue.received !== undefined ? `, got ${issue.received}` : '';
  const hint = issue.hint !== undefined ? ` (${issue.hint})` : '';
  return `  ✖ ${place}expected ${issue.expected}${got}${hint}`;
}

function formatErrorMessage(summary: string, issues: readonly CustomerValueIssue[], total: number): string {
  if (issues.length === 0) return summary;
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map(formatIssue);
  const more = total - listed.length;
  if (more > 0) listed.push(`  … and ${more.toLocaleString('en-US')} more`);
  return `${summary}\n${listed.join('\n')}`;
}

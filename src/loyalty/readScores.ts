import { CustomerValueError, describeValue } from '../errors.js';
import { IssueList } from '../internal/issueList.js';

/**
 * Survey answers from a plain array: NaN, null and undefined are non-answers (counted as
 * missing); anything else must be a number in [min, max] (whole when `integer`).
 */
export function readScores(fn: string, scores: ArrayLike<unknown>, min: number, max: number, integer: boolean): { values: number[]; missing: number } {
  if (scores === null || scores === undefined || typeof (scores as { length?: unknown }).length !== 'number' || typeof scores === 'string') {
    throw new CustomerValueError('invalid_value', `${fn}: expected an array of scores`, [
      { function: fn, path: 'scores', expected: 'an array of numbers', received: describeValue(scores) },
    ]);
  }
  const issues = new IssueList();
  const values: number[] = [];
  let missing = 0;
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) {
      missing++;
    } else if (typeof v !== 'number' || v < min || v > max || (integer && !Number.isInteger(v))) {
      issues.add({
        function: fn,
        path: 'scores',
        row: i,
        expected: `${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`,
        received: describeValue(v),
      });
    } else {
      values.push(v);
    }
  }
  issues.throwIfAny('invalid_value', fn, scores.length);
  if (values.length === 0) {
    throw new CustomerValueError('too_few_rows', `${fn}: nobody answered`, [
      { function: fn, path: 'scores', expected: 'at least one answer', received: `${missing} non-answers` },
    ]);
  }
  return { values, missing };
}

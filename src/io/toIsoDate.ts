import { CustomerValueError, describeValue } from '../errors.js';
import { isoDateOfDay } from '../internal/civilDays.js';

/**
 * The `YYYY-MM-DD` calendar date of an epoch day (days since 1970-01-01, UTC), the form in
 * which `summarizeTransactions` reports first and last purchases. An epoch day names a calendar
 * day, not an instant: the result does not depend on the process's time zone (a purchase read
 * from a `Date` counts on its local calendar day, see `summarizeTransactions`).
 *
 * @throws {CustomerValueError} `invalid_value` when `epochDay` is not a whole number.
 * @example
 * toIsoDate(0); // => '1970-01-01'
 * toIsoDate(9861); // => '1996-12-31'
 */
export function toIsoDate(epochDay: number): string {
  if (!Number.isSafeInteger(epochDay)) {
    throw new CustomerValueError('invalid_value', 'toIsoDate: expected a whole number of days', [
      { function: 'toIsoDate', path: 'epochDay', expected: 'a whole number of days since 1970-01-01', received: describeValue(epochDay) },
    ]);
  }
  return isoDateOfDay(epochDay);
}

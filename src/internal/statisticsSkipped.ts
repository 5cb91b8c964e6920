import { CustomerValueError } from '../errors.js';
import type { MissingValues } from '../io/missingValues.js';

/**
 * The rows engine statistics left out for a missing value (`rows − n`), as a fit from statistics
 * reports them in `fitted.skipped`: refused when there are more kept than read (`inconsistent`
 * builds that error), and when any were left out but the spec says `missing: 'error'` — what the
 * fit on the rows themselves would have refused.
 */
export function statisticsSkipped(rows: number, n: number, missing: MissingValues, fn: string, inconsistent: () => CustomerValueError): number {
  const skipped = rows - n;
  if (skipped < 0) throw inconsistent();
  if (skipped > 0 && missing === 'error') {
    throw new CustomerValueError('invalid_value', `${fn}: ${skipped} of ${rows} rows have a missing value`, [
      {
        function: fn,
        expected: 'a value in every dimension',
        received: `${skipped} rows with a missing value`,
        hint: "pass missing: 'skip' to skip rows with missing values (they are counted)",
      },
    ]);
  }
  return skipped;
}

import { CustomerValueError } from '../errors.js';

/**
 * A finite number as source text that reads back to exactly the same double (JavaScript's
 * shortest round-trip form), keeping the sign of −0. Used for generated scorers and SQL.
 */
export function formatNumber(value: number, fn: string): string {
  if (!Number.isFinite(value)) {
    throw new CustomerValueError('invalid_model', `${fn}: the model holds a non-finite number`, [
      { function: fn, path: 'model', expected: 'finite numbers', received: String(value) },
    ]);
  }
  if (Object.is(value, -0)) return '-0.0';
  const text = String(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

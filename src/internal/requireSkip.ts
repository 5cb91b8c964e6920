import { specError } from './parseSpec.js';

/**
 * Refuse any `spec.missing` but an explicit `'skip'` in a function that runs as SQL: plain SQL
 * cannot stop at a missing value in every engine (PostgreSQL and Snowflake have no `ERROR()`).
 * `hint` says what the SQL leaves out and where it is counted. Internal.
 */
export function requireSkip(fn: string, missing: unknown, hint: string): void {
  if (missing !== 'skip') {
    throw specError(
      fn,
      'spec.missing',
      "'skip', said explicitly: plain SQL cannot stop at a missing value in every engine (PostgreSQL and Snowflake have no ERROR())",
      JSON.stringify(missing),
      hint,
    );
  }
}

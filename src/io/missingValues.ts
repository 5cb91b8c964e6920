import * as z from 'zod';
import * as zm from 'zod/mini';

/**
 * The one vocabulary for what a function does with a missing value (`null`, `undefined`, `NaN`,
 * an empty cell): every spec and options object that has a `missing` option reads it with one
 * of the schemas below, so the same word means the same thing everywhere.
 *
 * - `'error'` (the default everywhere): stop with a `CustomerValueError` naming every row and
 *   column with a missing value.
 * - `'skip'`: leave the row out of the computation and count it (`skipped` in the result);
 *   scorers give such a row the output's skipped mark (NaN, or -1 for a tier).
 * - `'reject'`: only where rows flow through a stream to a reject sink (`scoreStream`, the CLI's
 *   `score`): the row is written to the reject file with its line and reason and the stream goes
 *   on. This is neither `'error'` (nothing stops) nor `'skip'` (the row is not in the output), so
 *   it keeps its own word.
 */
export const missingValuesSchema = z.enum(['error', 'skip'] satisfies MissingValues[]);

/**
 * `missingValuesSchema` in `zod/mini`, for the doors of the functions whose specs are built with it
 * (the value pyramid and RFM, issue 21: zod's classic API costs about 21 KB gzipped in a browser
 * bundle, mini about 5); the same words, the same messages through `parseSpec`.
 */
export const missingValuesMiniSchema = zm.enum(['error', 'skip'] satisfies MissingValues[]);

/** What a function does with a missing value: stop (`'error'`) or leave the row out and count it (`'skip'`). */
export type MissingValues = 'error' | 'skip';

/** The words of `missingValuesSchema`, in order, for usage messages and tests. */
export const MISSING_VALUES: readonly MissingValues[] = missingValuesSchema.options;

/**
 * The satisfaction functions' `missing` option: `missingValuesSchema` plus `'listwise'`, their
 * former word, accepted as a deprecated alias read as `'skip'` (a respondent with a missing
 * answer is dropped from every item: listwise deletion). In `zod/mini` (issue 21: the satisfaction
 * doors' bundles leave zod's classic API out); a classic schema takes it as
 * `z.optional(missingAnswersSchema)` or `z._default(missingAnswersSchema, 'error')`.
 */
export const missingAnswersSchema = zm.pipe(
  zm.enum(['error', 'skip', 'listwise']),
  zm.transform((value): MissingValues => (value === 'listwise' ? 'skip' : value)),
);

/**
 * `'listwise'`, the satisfaction functions' former word for `'skip'`, still accepted.
 * @deprecated Write `missing: 'skip'`: `'listwise'` is read as `'skip'` (the same behaviour) and will be removed in a future major version.
 */
export type Listwise = 'listwise';

/** A satisfaction function's `missing` option as users may write it: `'error'`, `'skip'`, or the deprecated alias `'listwise'` (read as `'skip'`). */
export type MissingAnswers = MissingValues | Listwise;

/**
 * A streaming scorer's `missing` option: `'reject'` (default) writes a row with a missing input
 * to the reject sink and goes on, `'skip'` scores it with the skipped marks and counts it.
 */
export const streamMissingValuesSchema = z.enum(['reject', 'skip'] satisfies StreamMissingValues[]);

/** What a streaming scorer does with a row whose input is missing: `'reject'` it to the reject sink, or `'skip'` it (scored with the skipped marks, counted). */
export type StreamMissingValues = 'reject' | 'skip';

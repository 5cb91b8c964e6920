import * as z from 'zod/mini';
import { CustomerValueError } from '../errors.js';
import { ColumnReader, requireRows } from '../internal/columnReader.js';
import type { Moments, ValueRange } from '../internal/momentMatrix.js';
import type { NumericArray, TableInput } from '../io/tableInput.js';
import type { MissingAnswers } from '../io/missingValues.js';

// The survey schemas below are `zod/mini` (issue 21): they sit at the doors of the satisfaction
// index, alpha, KMO and Bartlett, whose browser bundles then hold no part of zod's classic API.
// Classic schemas take them as fields (`z.optional(scaleSchema)`); parseSpec reads both with the
// same English messages (test/satisfaction/surveyDoorIssues.test.ts).

const finiteNumber = () => z.number().check(z.refine(Number.isFinite, 'a finite number'));

/** `[min, max]` of an answer scale, e.g. `[1, 10]`. */
export const scaleSchema = z.tuple([finiteNumber(), finiteNumber()]).check(z.refine(([min, max]) => min < max, 'a scale [min, max] with min < max'));

/** A list of distinct item columns. */
export const itemListSchema = z.array(z.string().check(z.minLength(1))).check(
  z.minLength(2),
  z.refine((items) => new Set(items).size === items.length, 'distinct item names'),
);

/** Survey answers read for one call: item columns, extra columns, and who was dropped. */
export interface SurveyRead {
  readonly items: NumericArray[];
  readonly extra: NumericArray[];
  /** 1 for respondents skipped for a missing answer (dropped from every item). */
  readonly skip: Uint8Array | null;
  /** Respondents used and dropped. */
  readonly n: number;
  readonly skipped: number;
  readonly rowCount: number;
}

/**
 * Read item answers (checked against the scale when one is given) and any extra columns with
 * one reader, so every problem in every column is reported at once; item moments are refused
 * (the caller needs each respondent's answers).
 */
export function readSurvey(...args: Parameters<typeof readSurveyAnswers>): SurveyRead {
  refuseItemMoments(args[0], args[1]);
  return readSurveyAnswers(...args);
}

/** Item moments given to a function that reads each respondent's answers: refused, naming the functions that take them. */
function refuseItemMoments(data: TableInput, fn: string): void {
  if (isItemMoments(data)) {
    throw new CustomerValueError('invalid_value', `${fn}: needs the answers row by row, not item moments`, [
      {
        function: fn,
        path: 'data',
        expected: 'survey answers (rows, columns or an Arrow table)',
        received: 'item moments ({ summary: "itemMoments" })',
        hint: `${fn} reads each respondent's answers, which item moments do not hold; fitSatisfactionIndex, cronbachAlpha, kmo and bartlettSphericity accept item moments`,
      },
    ]);
  }
}

/**
 * `readSurvey` for data known not to be item moments (`surveyMoments` tells them apart first), so
 * that the bundles of the functions taking item moments do not carry the refusal. Internal.
 */
export function readSurveyAnswers(
  data: TableInput,
  fn: string,
  items: readonly string[],
  scale: readonly [number, number] | null,
  missing: MissingAnswers,
  extra: readonly { column: string; role: string; scale?: readonly [number, number] | null }[] = [],
  minimumRows = 3,
  /** The caller's `missing` value that drops respondents, for the hint; `null` when the caller has no `missing` option. */
  skipOption: 'skip' | null = 'skip',
): SurveyRead {
  // 'listwise' (deprecated) is 'skip': a model saved before the rename may still hold it
  const reader = new ColumnReader(data, fn, [...items, ...extra.map((e) => e.column)], missing === 'error' ? 'error' : 'skip', skipOption);
  const rule = (s: readonly [number, number] | null | undefined) => (s ? { min: s[0], max: s[1], expected: `an answer on the ${s[0]}–${s[1]} scale` } : {});
  const itemColumns = items.map((item) => reader.number(item, 'survey item', rule(scale)));
  const extraColumns = extra.map((e) => reader.number(e.column, e.role, rule(e.scale)));
  const { skipMask, skipped } = reader.finish();
  const n = reader.rowCount - skipped;
  requireRows(fn, n, minimumRows, 'respondents with complete answers');
  return { items: itemColumns, extra: extraColumns, skip: skipMask, n, skipped, rowCount: reader.rowCount };
}

/**
 * `readSurvey`'s items as they are, unchecked, when every one is a `Float64Array` column and no
 * respondent is dropped yet (else null: the caller reads with `readSurvey`), with the range
 * their values must lie in — the scale, or any finite number — for the caller to prove in its
 * own pass over them (`momentMatrix`'s `range`); when they are not, the caller reads them with
 * `readSurvey`, which names the rows and columns as always.
 */
export function readSurveyUnchecked(
  data: TableInput,
  fn: string,
  items: readonly string[],
  scale: readonly [number, number] | null,
  missing: MissingAnswers,
  minimumRows = 3,
): { readonly items: Float64Array[]; readonly range: ValueRange; readonly rowCount: number } | null {
  if (isItemMoments(data)) return null;
  const reader = new ColumnReader(data, fn, items, missing === 'error' ? 'error' : 'skip');
  const columns: Float64Array[] = [];
  for (const item of items) {
    const column = reader.uncheckedFloat64(item, 'survey item');
    if (column === null) return null;
    columns.push(column);
  }
  if (reader.rowCount < minimumRows) return null;
  const range = { min: Math.max(scale?.[0] ?? -Infinity, -Number.MAX_VALUE), max: Math.min(scale?.[1] ?? Infinity, Number.MAX_VALUE) };
  return { items: columns, range, rowCount: reader.rowCount };
}

/** Whether a data argument is an `ItemMoments` object (its `summary` field says so) rather than a table. */
export function isItemMoments(data: unknown): boolean {
  return (
    data !== null &&
    typeof data === 'object' &&
    !Array.isArray(data) &&
    Object.prototype.hasOwnProperty.call(data, 'summary') &&
    (data as { summary: unknown }).summary === 'itemMoments'
  );
}

/** Throw `invalid_value` naming every constant column (SD 0): it would make correlations NaN. */
export function assertVarying(fn: string, names: readonly string[], moments: Moments): void {
  const constant = names.filter((_, j) => !(moments.sds[j] > 0));
  if (constant.length === 0) return;
  throw new CustomerValueError(
    'invalid_value',
    `${fn}: ${constant.length === 1 ? 'an item has' : `${constant.length} items have`} the same answer from every respondent`,
    constant.map((name) => ({
      function: fn,
      column: name,
      expected: 'answers that vary across respondents',
      received: `every answer ${moments.means[names.indexOf(name)]}`,
      hint: 'a constant item carries no information: remove it from the items',
    })),
  );
}

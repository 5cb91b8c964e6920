import * as z from 'zod/mini';
import { describeValue } from '../errors.js';
import { ColumnReader } from '../internal/columnReader.js';
import { IssueList } from '../internal/issueList.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';

const FN = 'activeLifetimes';
// zod/mini (issue 21): the same messages through parseSpec; a number schema refuses ±Infinity itself (classic `.finite()` was a no-op)
const optionsSchema = z.strictObject({ lapseAfter: z.number().check(z.gt(0)) });

/** Durations and lapse flags ready for `kaplanMeier`, with what was left out and why. */
export interface ActiveLifetimesResult {
  /** Per included customer: time to the last purchase when lapsed, else the censoring time T − lapseAfter. */
  readonly durations: Float64Array;
  /** 1 when the customer lapsed (no purchase for more than `lapseAfter` before the end), else 0 (censored). */
  readonly lapsed: Uint8Array;
  /** Index (row of the input) of each included customer. */
  readonly customers: Int32Array;
  /**
   * The longest time after a first purchase at which a lapse could be seen: the largest T − lapseAfter
   * (null when no customer qualifies). The curve says nothing beyond it.
   */
  readonly reach: number | null;
  readonly counts: {
    /** Repeat buyers included. */
    readonly included: number;
    /** One-time buyers (frequency 0), left out: their active lifetime is the single purchase. */
    readonly oneTime: number;
    /** Repeat buyers first seen less than (or exactly) `lapseAfter` before the end, left out: no lapse of theirs could be seen yet. */
    readonly tooRecent: number;
  };
}

/**
 * Active lifetimes of repeat buyers, censored where a lapse stops being observable, for a
 * Kaplan–Meier curve of "still buying". A customer has lapsed when the gap between the last
 * purchase and the end of observation exceeds `lapseAfter`; the lifetime of a lapsed customer
 * is the time from the first to the last purchase (`recency`).
 *
 * A lapse is only seen `lapseAfter` after it happens, so a customer first seen `T` before the end
 * can only be seen lapsing at lifetimes below `T − lapseAfter`: that is the censoring time of a
 * customer who has not lapsed (not `T`: censoring at `T` keeps customers "at risk" over times at
 * which no lapse could have been recorded, so the curve goes flat at whatever it reached and
 * claims survival beyond the data). Censoring at `T − lapseAfter` depends only on when the
 * customer was acquired, the independent censoring Kaplan–Meier assumes. Customers with
 * `T ≤ lapseAfter` are left out (counted in `counts.tooRecent`), as are one-time buyers. The
 * curve cannot say anything beyond `reach`, the largest `T − lapseAfter`.
 *
 * @param customers Columns (or rows, or an Arrow-like table) `frequency`, `recency` and `T` per customer, in one time unit: a `summarizeTransactions` result.
 * @param options `lapseAfter`: the lapse window, in the same time unit (> 0).
 * @throws {CustomerValueError} `invalid_spec` for a bad `lapseAfter`; `missing_column`; `invalid_value` for a missing, negative or non-finite value, or recency > T (with rows).
 * @example
 * // weeks: a lapses (last purchase at 2, end at 40); b is censored at 30 − 26 = 4; c (T = 20) is too recent
 * const lives = activeLifetimes({ frequency: [3, 1, 2], recency: [2, 29, 10], T: [40, 30, 20] }, { lapseAfter: 26 });
 * [Array.from(lives.durations), Array.from(lives.lapsed), lives.reach, lives.counts.tooRecent]; // => [[2, 4], [1, 0], 14, 1]
 */
export function activeLifetimes(customers: TableInput, options: { lapseAfter: number }): ActiveLifetimesResult {
  const { lapseAfter } = parseSpec(optionsSchema, options, FN, 'options');
  const reader = new ColumnReader(customers, FN, ['frequency', 'recency', 'T'], 'error', null);
  const frequency = reader.number('frequency', 'repeat purchases', { min: 0 });
  const recency = reader.number('recency', 'time from the first to the last purchase', { min: 0 });
  const T = reader.number('T', 'time from the first purchase to the end', { min: 0 });
  reader.finish();
  const n = reader.rowCount;
  const issues = new IssueList();
  for (let i = 0; i < n; i++) {
    if (recency[i] > T[i]) issues.add({ function: FN, column: 'recency', row: i, expected: `recency ≤ T (${T[i]})`, received: describeValue(recency[i]) });
  }
  issues.throwIfAny('invalid_value', FN, n);
  const durations = new Float64Array(n);
  const lapsed = new Uint8Array(n);
  const included = new Int32Array(n);
  let m = 0;
  let oneTime = 0;
  let tooRecent = 0;
  let reach = -Infinity;
  for (let i = 0; i < n; i++) {
    const f = frequency[i];
    const r = recency[i];
    const t = T[i];
    if (f === 0) {
      oneTime++;
      continue;
    }
    const censor = t - lapseAfter;
    if (!(censor > 0)) {
      tooRecent++;
      continue;
    }
    if (censor > reach) reach = censor;
    const gone = r < censor; // no purchase for more than lapseAfter before the end
    durations[m] = gone ? r : censor;
    lapsed[m] = gone ? 1 : 0;
    included[m] = i;
    m++;
  }
  return {
    durations: durations.slice(0, m),
    lapsed: lapsed.slice(0, m),
    customers: included.slice(0, m),
    reach: m === 0 ? null : reach,
    counts: { included: m, oneTime, tooRecent },
  };
}

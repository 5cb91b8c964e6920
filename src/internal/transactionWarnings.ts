/**
 * The warnings `summarizeTransactions` attaches to its result: what changes the statistics
 * silently. Built from counts the kernel gathers in its one pass (plus, for timestamps, the marks
 * `readDates` leaves), so they cost O(n) and change no number.
 */
import { isoDateOfDay } from './civilDays.js';
import { CLOCK_LOCAL_DATE, CLOCK_NOT_UTC_DAY, CLOCK_OFFSET, CLOCK_TIME } from './dateColumns.js';
import type { TransactionWarning } from '../value/transactionWarning.js';

/**
 * Thresholds of the `short_calibration` warning. BG/NBD has four parameters; ten repeat buyers
 * per parameter is the events-per-variable rule of thumb (Peduzzi et al. 1996). The window rule
 * was calibrated on CDNOW (`test/value/summaryWarnings.test.ts`): windows under 4.5 median gaps
 * (ends 1997-01-08 to 1997-02-07) gave fits whose dropout was not identified (a → 0, b → ∞) or
 * did not converge; at 4.5–4.9 gaps (February ends) a and b were 3–10 times below their values
 * on longer windows (a ≈ 0.7, b ≈ 2); from 5.4 gaps (1997-03-31 on) they were stable. The median
 * gap is that of customers who repeated within the window (so it grows with the window); the
 * window runs from the earliest first purchase to the end.
 */
export const SHORT_CALIBRATION = { minRepeatBuyers: 40, minGapsInWindow: 5 } as const;

/** What the summary kernel counted on the way. */
export interface KernelStats {
  negativeRows: number;
  negativeNet: number;
  /** Rows repeating an earlier row of the customer with the same day and amount. */
  sameDayAmount: number;
  example: { customer: string | number; day: number; amount: number } | null;
  /** Mean days between purchase days of each repeat buyer (first `repeaters` entries). */
  gaps: Float64Array;
  repeaters: number;
  earliestFirst: number;
}

/** Counts of summarized rows whose date carries a time of day, from `readDates`'s marks. */
export interface ClockCounts {
  timed: number;
  offset: number;
  notUtcDay: number;
  localDates: number;
  /** First row whose day differs from its UTC day: its index in the input, for the message. */
  exampleRow: number;
}

export function countClock(marks: Uint8Array, day: Int32Array, skipMask: Uint8Array | null, endDay: number): ClockCounts {
  const c: ClockCounts = { timed: 0, offset: 0, notUtcDay: 0, localDates: 0, exampleRow: -1 };
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i];
    if (m === 0 || (skipMask !== null && skipMask[i] === 1) || day[i] > endDay) continue;
    if (m & CLOCK_TIME) c.timed++;
    if (m & CLOCK_OFFSET) c.offset++;
    if (m & CLOCK_LOCAL_DATE) c.localDates++;
    if (m & CLOCK_NOT_UTC_DAY) {
      if (c.notUtcDay === 0) c.exampleRow = i;
      c.notUtcDay++;
    }
  }
  return c;
}

/**
 * Rows repeating an earlier row's customer, raw date value (the timestamp as given) and amount:
 * a hash pass, run only when the kernel found same-day duplicates and the dates carry times.
 */
export function duplicateTimestamps(
  codes: Int32Array,
  keys: readonly (string | number)[],
  dates: ArrayLike<unknown>,
  day: Int32Array,
  amount: ArrayLike<number>,
  skipMask: Uint8Array | null,
  endDay: number,
): { rows: number; example: { customer: string | number; value: string; amount: number } | null } {
  const seen = new Set<string>();
  let rows = 0;
  let example: { customer: string | number; value: string; amount: number } | null = null;
  for (let i = 0; i < codes.length; i++) {
    if ((skipMask !== null && skipMask[i] === 1) || day[i] > endDay) continue;
    const v = dates[i];
    const text = v instanceof Date ? `@${v.getTime()}` : typeof v === 'string' ? v.trim() : String(v);
    const key = `${codes[i]}\u0001${text}\u0001${amount[i]}`;
    if (seen.has(key)) {
      if (example === null) example = { customer: keys[codes[i]], value: v instanceof Date ? v.toISOString() : text, amount: amount[i] };
      rows++;
    } else seen.add(key);
  }
  return { rows, example };
}

/** Median of the first n entries (reorders them): quickselect, O(n) expected. */
export function medianInPlace(values: Float64Array, n: number): number {
  if (n === 0) return Number.NaN;
  const upper = select(values, n, n >> 1);
  if (n % 2 === 1) return upper;
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (values[i] > lower) lower = values[i]; // after select, the lower half sits left
  return (lower + upper) / 2;
}

function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

const n = (v: number) => v.toLocaleString('en-US');
const plural = (count: number, one: string, many = `${one}s`) => `${n(count)} ${count === 1 ? one : many}`;

/** Whether the short-calibration rule needs the median gap: few repeat buyers, or at least half the gaps above the window's limit. */
export function needsMedianGap(repeaters: number, above: number): boolean {
  return repeaters < SHORT_CALIBRATION.minRepeatBuyers || 2 * above >= repeaters;
}

/** The warnings, in a fixed order; empty when nothing needs saying. */
export function transactionWarnings(args: {
  readonly stats: KernelStats;
  readonly counts: {
    readonly refundDays: number;
    readonly nonPositiveNet: number;
    readonly withoutPurchase: number;
    readonly withoutPurchaseRows: number;
    readonly customers: number;
  };
  readonly duplicates: { rows: number; sameTimestamp: boolean; example: string | null };
  readonly clock: ClockCounts | null;
  readonly clockExample: string | null;
  readonly endDay: number;
  /**
   * The repeat buyers' gaps as counts, when they were not gathered in memory (the warehouse
   * report): `above`, the gaps over (endDay − earliestFirst) / minGapsInWindow, and the median
   * gap (NaN when `needsMedianGap` says it is not needed). Default: from `stats.gaps`.
   */
  readonly gapCounts?: { readonly above: number; readonly medianGap: number };
}): TransactionWarning[] {
  const { stats, counts, duplicates, clock, endDay } = args;
  const out: TransactionWarning[] = [];
  if (stats.negativeRows > 0) {
    out.push({
      code: 'refunds',
      message:
        `${plural(stats.negativeRows, 'row has', 'rows have')} a negative amount (refunds): netted per customer and day, ${plural(counts.refundDays, 'day')} that net to ≤ 0 are not purchases (no frequency, recency or first purchase; their value lowers revenue, not monetary)` +
        `${counts.withoutPurchase > 0 ? `; ${plural(counts.withoutPurchase, 'customer')} with refunds only (${plural(counts.withoutPurchaseRows, 'row')}) left out` : ''}.`,
      counts: {
        negativeRows: stats.negativeRows,
        refundDays: counts.refundDays,
        withoutPurchase: counts.withoutPurchase,
        withoutPurchaseRows: counts.withoutPurchaseRows,
      },
    });
  }
  if (counts.nonPositiveNet > 0) {
    const zero = counts.nonPositiveNet - stats.negativeNet;
    out.push({
      code: 'non_positive_revenue',
      message: `${plural(counts.nonPositiveNet, 'customer has', 'customers have')} a net spend (revenue) ≤ 0 — ${n(stats.negativeNet)} below 0 (refunds exceed purchases), ${n(zero)} exactly 0: they lower revenue totals and averages, and a spend model has no positive amount for them.`,
      counts: { customers: counts.nonPositiveNet, negative: stats.negativeNet, zero },
    });
  }
  if (duplicates.rows > 0) {
    const what = duplicates.sameTimestamp ? 'customer, timestamp and amount' : 'customer, date and amount';
    out.push({
      code: 'duplicate_rows',
      message: `${plural(duplicates.rows, 'row repeats', 'rows repeat')} an earlier row's ${what}${duplicates.example ? ` (e.g. ${duplicates.example})` : ''}: each is counted as a transaction, so its amount adds to revenue and to its purchase day's value (frequency is unchanged: a day counts once). Remove them first if they are export duplicates.`,
      counts: { rows: duplicates.rows },
    });
  }
  if (clock !== null && clock.timed > 0) {
    const rules = [
      ...(clock.timed - clock.localDates > 0
        ? [
            `timestamp text counts on the date as written, in the offset it carries (${n(clock.offset)} with an offset, ${n(clock.timed - clock.localDates - clock.offset)} without)`,
          ]
        : []),
      ...(clock.localDates > 0
        ? [`a Date counts on its local calendar day in this process's time zone, ${Intl.DateTimeFormat().resolvedOptions().timeZone} (${n(clock.localDates)})`]
        : []),
    ];
    out.push({
      code: 'time_of_day',
      message:
        `${plural(clock.timed, 'date carries', 'dates carry')} a time of day, so the calendar day an order counts on depends on a time zone: ${rules.join('; ')}. ` +
        `${n(clock.notUtcDay)} of them ${clock.notUtcDay === 1 ? 'falls' : 'fall'} on another day in UTC${args.clockExample ? ` (e.g. ${args.clockExample})` : ''}. ` +
        `Days set frequency, recency and T; to count orders on another zone's days, convert the timestamps to dates in that zone first.`,
      counts: { timestamps: clock.timed, withOffset: clock.offset, localDates: clock.localDates, notUtcDay: clock.notUtcDay },
    });
  }
  if (counts.customers > 0) {
    const windowDays = endDay - stats.earliestFirst;
    // The window is short when the median gap exceeds windowDays / minGapsInWindow: decided by a
    // count (one comparison per repeat buyer); the median itself only when it is needed.
    const limit = windowDays / SHORT_CALIBRATION.minGapsInWindow;
    let above = 0;
    if (args.gapCounts) above = args.gapCounts.above;
    else for (let i = 0; i < stats.repeaters; i++) if (stats.gaps[i] > limit) above++;
    const fewBuyers = stats.repeaters < SHORT_CALIBRATION.minRepeatBuyers;
    let medianGap = Number.NaN;
    if (needsMedianGap(stats.repeaters, above)) medianGap = args.gapCounts ? args.gapCounts.medianGap : medianInPlace(stats.gaps, stats.repeaters);
    const gapsInWindow = windowDays / medianGap;
    const shortWindow = stats.repeaters > 0 && 2 * above >= stats.repeaters && gapsInWindow < SHORT_CALIBRATION.minGapsInWindow;
    if (fewBuyers || shortWindow) {
      const window = `${isoDateOfDay(stats.earliestFirst)} to ${isoDateOfDay(endDay)}, ${plural(windowDays, 'day')}`;
      const reasons = [
        ...(fewBuyers ? [`${plural(stats.repeaters, 'customer')} repeated (fewer than ${SHORT_CALIBRATION.minRepeatBuyers}: 10 per BG/NBD parameter)`] : []),
        ...(shortWindow
          ? [
              `the window (${window}) spans ${gapsInWindow.toFixed(2)} median gaps between purchases (${medianGap.toFixed(1)} days among the ${n(stats.repeaters)} repeat buyers; under ${SHORT_CALIBRATION.minGapsInWindow}, BG/NBD's dropout is poorly identified)`,
            ]
          : []),
      ];
      out.push({
        code: 'short_calibration',
        message: `The calibration is too short for BG/NBD: ${reasons.join('; ')}. Fitted parameters and CLV will be unreliable; use a longer window.`,
        counts: { repeatBuyers: stats.repeaters, windowDays, medianGapDays: stats.repeaters > 0 ? medianGap : 0 },
      });
    }
  }
  return out;
}

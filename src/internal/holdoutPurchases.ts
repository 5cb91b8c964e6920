import { ExactSum } from './exactSum.js';
import type { NumericArray } from '../io/tableInput.js';

/** Per customer code: purchase days and their mean value in a holdout window. */
export interface HoldoutPurchases {
  /** Purchase days in the window, per customer code. */
  readonly frequency: Float64Array;
  /** Mean net value of those days (0 without one), per customer code. */
  readonly monetary: Float64Array;
  /** Rows dated in the window (whatever their customer). */
  readonly rows: number;
}

/**
 * The holdout half of a calibration/holdout split (lifetimes' `calibration_and_holdout_data`):
 * for rows dated after `fromDay` (exclusive) and up to `toDay` (inclusive), each customer's
 * number of purchase days and the mean value of those days, with `summarizeTransactions`' day
 * rules — same-day rows merge into one day whose value is their exact sum, and a day holding a
 * refund that nets to ≤ 0 is not a purchase. Unlike the calibration `frequency`, the first day
 * in the window counts (it is a repeat purchase of a customer already known).
 */
export function holdoutPurchases(
  codes: Int32Array,
  customers: number,
  day: Int32Array,
  amount: NumericArray,
  skipMask: Uint8Array | null,
  fromDay: number,
  toDay: number,
): HoldoutPurchases {
  const n = codes.length;
  const frequency = new Float64Array(customers);
  const monetary = new Float64Array(customers);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    if (skipMask !== null && skipMask[i] === 1) continue;
    if (day[i] > fromDay && day[i] <= toDay && codes[i] >= 0) rows.push(i);
  }
  const order = Int32Array.from(rows).sort((a, b) => codes[a] - codes[b] || day[a] - day[b]);
  const dayNet = new ExactSum();
  const total = new ExactSum();
  for (let a = 0; a < order.length;) {
    const c = codes[order[a]];
    let days = 0;
    total.reset();
    while (a < order.length && codes[order[a]] === c) {
      const d = day[order[a]];
      dayNet.reset();
      let refund = false;
      let b = a;
      for (; b < order.length && codes[order[b]] === c && day[order[b]] === d; b++) {
        const v = amount[order[b]];
        dayNet.add(v);
        if (v < 0) refund = true;
      }
      if (!refund || dayNet.value() > 0) {
        days++;
        for (let j = a; j < b; j++) total.add(amount[order[j]]);
      }
      a = b;
    }
    frequency[c] = days;
    monetary[c] = days === 0 ? 0 : total.value() / days;
  }
  return { frequency, monetary, rows: rows.length };
}

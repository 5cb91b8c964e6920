import { ExactSum } from './exactSum.js';
import { forEachPurchaseDay, rowsByCustomerDay } from './purchaseDays.js';
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
  const frequency = new Float64Array(customers);
  const monetary = new Float64Array(customers);
  const order = rowsByCustomerDay(codes, day, skipMask, fromDay, toDay);
  // per customer: the exact sum of its purchase days' rows, divided once by their number
  const total = new ExactSum();
  let current = -1;
  const close = (): void => {
    if (current >= 0) monetary[current] = total.value() / frequency[current];
  };
  forEachPurchaseDay(order, codes, day, amount, (c, _d, a, b) => {
    if (c !== current) {
      close();
      current = c;
      total.reset();
    }
    frequency[c]++;
    for (let j = a; j < b; j++) total.add(amount[order[j]]);
  });
  close();
  return { frequency, monetary, rows: order.length };
}

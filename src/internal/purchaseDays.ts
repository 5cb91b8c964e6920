import { ExactSum } from './exactSum.js';
import type { NumericArray } from '../io/tableInput.js';

/**
 * Rows of known customers (code ≥ 0, not skipped) dated in (`fromDay`, `toDay`], ordered by
 * customer code, then day (ties keep row order). Internal.
 */
export function rowsByCustomerDay(codes: Int32Array, day: Int32Array, skipMask: Uint8Array | null, fromDay: number, toDay: number): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < codes.length; i++) {
    if (skipMask !== null && skipMask[i] === 1) continue;
    if (day[i] > fromDay && day[i] <= toDay && codes[i] >= 0) rows.push(i);
  }
  return Int32Array.from(rows).sort((a, b) => codes[a] - codes[b] || day[a] - day[b]);
}

/**
 * Walk the purchase days of `order` (rows sorted by customer, then day, as `rowsByCustomerDay`
 * gives them) with `summarizeTransactions`' day rules: a customer's rows of one calendar day
 * merge into one day; a day holding a refund (a negative amount) whose exact net is ≤ 0 is a
 * refund day, not a purchase. `visit(code, day, a, b)` is called for each purchase day, in order,
 * with its rows `order[a..b)`. Internal.
 */
export function forEachPurchaseDay(
  order: Int32Array,
  codes: Int32Array,
  day: Int32Array,
  amount: NumericArray,
  visit: (code: number, day: number, a: number, b: number) => void,
): void {
  const dayNet = new ExactSum();
  for (let a = 0; a < order.length;) {
    const c = codes[order[a]];
    const d = day[order[a]];
    dayNet.reset();
    let refund = false;
    let b = a;
    for (; b < order.length && codes[order[b]] === c && day[order[b]] === d; b++) {
      const v = amount[order[b]];
      dayNet.add(v);
      if (v < 0) refund = true;
    }
    if (!refund || dayNet.value() > 0) visit(c, d, a, b);
    a = b;
  }
}

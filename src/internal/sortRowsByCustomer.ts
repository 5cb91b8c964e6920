import type { NumericArray } from '../io/tableInput.js';

/** Rows of a transaction log in customer order: each customer's rows contiguous, in input order. */
export interface RowsByCustomer {
  readonly sortedDay: Int32Array;
  readonly sortedAmount: Float64Array;
  readonly sortedProfit: Float64Array | null;
}

/**
 * Stable counting sort of the kept rows (no skip mark, day ≤ `endDay`) by customer code: the
 * rows of code c land at `start[c]`, `start[c] + 1`, … in input order (`start`: the prefix sums
 * of kept rows per code, length codes + 1). Day, amount and profit are copied into that order so
 * a per-customer pass reads memory sequentially. `bucketed` forces one way or the other (tests);
 * by default the bucketed way serves more than `BUCKETED_SORT_CUSTOMERS` customers. Internal.
 */
export function sortRowsByCustomer(
  codes: Int32Array,
  day: Int32Array,
  amount: NumericArray,
  profit: NumericArray | null,
  skipMask: Uint8Array | null,
  endDay: number,
  start: Int32Array,
  bucketed?: boolean,
): RowsByCustomer {
  const n = codes.length;
  const k = start.length - 1;
  const used = start[k];
  const sortedDay = new Int32Array(used);
  const sortedAmount = new Float64Array(used);
  const sortedProfit = profit ? new Float64Array(used) : null;
  const fill = start.slice(0, k);
  if (bucketed ?? k > BUCKETED_SORT_CUSTOMERS) {
    sortByCustomerBucketed(codes, day, amount, profit, skipMask, endDay, start, fill, sortedDay, sortedAmount, sortedProfit);
  } else {
    for (let i = 0; i < n; i++) {
      if (skipMask !== null && skipMask[i] === 1) continue;
      const d = day[i];
      if (d > endDay) continue;
      const at = fill[codes[i]]++;
      sortedDay[at] = d;
      sortedAmount[at] = amount[i];
      if (sortedProfit !== null && profit !== null) sortedProfit[at] = profit[i];
    }
  }
  return { sortedDay, sortedAmount, sortedProfit };
}

/** Above this many customers the counting sort goes through buckets of customers (see `sortByCustomerBucketed`). */
export const BUCKETED_SORT_CUSTOMERS = 1 << 12;

/**
 * The counting sort by customer of many customers, in two cache-friendly passes instead of one
 * write per row at a random place among them all (10M rows over 1M customers: the single
 * scatter was a third of `summarizeTransactions`). Pass A moves each kept row to its bucket of
 * customers (codes `c >>> shift`, at most 256 buckets: few write streams, each sequential) in
 * the output arrays, carrying its customer code; pass B sorts each bucket's rows by customer
 * through a scratch copy of the bucket, within a region small enough to stay in cache. Both
 * passes are stable, so each customer's rows keep their input order, exactly as the single
 * scatter left them: every number downstream is unchanged.
 */
function sortByCustomerBucketed(
  codes: Int32Array,
  day: Int32Array,
  amount: NumericArray,
  profit: NumericArray | null,
  skipMask: Uint8Array | null,
  endDay: number,
  start: Int32Array,
  fill: Int32Array,
  sortedDay: Int32Array,
  sortedAmount: Float64Array,
  sortedProfit: Float64Array | null,
): void {
  const n = codes.length;
  const k = fill.length;
  const shift = Math.max(0, Math.ceil(Math.log2(k)) - 8);
  const buckets = ((k - 1) >>> shift) + 1;
  const bucketFill = new Int32Array(buckets);
  for (let b = 0; b < buckets; b++) bucketFill[b] = start[b << shift];
  const sortedCode = new Int32Array(sortedDay.length);
  for (let i = 0; i < n; i++) {
    if (skipMask !== null && skipMask[i] === 1) continue;
    const d = day[i];
    if (d > endDay) continue;
    const c = codes[i];
    const at = bucketFill[c >>> shift]++;
    sortedCode[at] = c;
    sortedDay[at] = d;
    sortedAmount[at] = amount[i];
    if (sortedProfit !== null && profit !== null) sortedProfit[at] = profit[i];
  }
  let largest = 0;
  for (let b = 0; b < buckets; b++) largest = Math.max(largest, start[Math.min(k, (b + 1) << shift)] - start[b << shift]);
  const scratchDay = new Int32Array(largest);
  const scratchAmount = new Float64Array(largest);
  const scratchProfit = sortedProfit !== null ? new Float64Array(largest) : null;
  for (let b = 0; b < buckets; b++) {
    const lo = start[b << shift];
    const hi = start[Math.min(k, (b + 1) << shift)];
    scratchDay.set(sortedDay.subarray(lo, hi));
    scratchAmount.set(sortedAmount.subarray(lo, hi));
    if (scratchProfit !== null && sortedProfit !== null) scratchProfit.set(sortedProfit.subarray(lo, hi));
    for (let j = lo; j < hi; j++) {
      const at = fill[sortedCode[j]]++;
      sortedDay[at] = scratchDay[j - lo];
      sortedAmount[at] = scratchAmount[j - lo];
      if (sortedProfit !== null && scratchProfit !== null) sortedProfit[at] = scratchProfit[j - lo];
    }
  }
}

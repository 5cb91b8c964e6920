import { CustomerValueError, describeValue } from '../errors.js';
import { IssueList } from '../internal/issueList.js';

/** Share of wallet per customer and overall. */
export interface ShareOfWalletResult {
  /** spendWithUs / totalCategorySpend per customer. */
  readonly share: Float64Array;
  /** Mean of the customer shares (each customer counts once). */
  readonly meanShare: number;
  /** Σ spend with us / Σ category spend (each dollar counts once). */
  readonly aggregateShare: number;
  readonly n: number;
}

/**
 * Share of wallet: the part of each customer's category spending that goes to us, per customer,
 * averaged over customers, and in aggregate (Cooil, Keiningham, Aksoy & Hsu 2007).
 *
 * @param spendWithUs Spend with us per customer (≥ 0).
 * @param totalCategorySpend The customer's total spend in the category, from a survey or panel (> 0, ≥ spend with us).
 * @throws {CustomerValueError} `invalid_value` naming the row: lengths differ, negative spend, category total ≤ 0 or below spend with us.
 * @example
 * const result = shareOfWallet([30, 0, 50], [100, 40, 50]);
 * Array.from(result.share); // => [0.3, 0, 1]
 * [result.meanShare, result.aggregateShare]; // => [1.3 / 3, 80 / 190]
 */
export function shareOfWallet(spendWithUs: ArrayLike<number>, totalCategorySpend: ArrayLike<number>): ShareOfWalletResult {
  const fn = 'shareOfWallet';
  if (!spendWithUs || !totalCategorySpend || spendWithUs.length !== totalCategorySpend.length) {
    throw new CustomerValueError('invalid_value', `${fn}: the two spend arrays must have one entry per customer`, [
      { function: fn, path: 'totalCategorySpend', expected: `${spendWithUs?.length} values`, received: describeValue(totalCategorySpend?.length) },
    ]);
  }
  const n = spendWithUs.length;
  const issues = new IssueList();
  const share = new Float64Array(n);
  let ours = 0;
  let total = 0;
  let sumShares = 0;
  for (let i = 0; i < n; i++) {
    const us = spendWithUs[i];
    const all = totalCategorySpend[i];
    if (typeof us !== 'number' || !Number.isFinite(us) || us < 0) {
      issues.add({ function: fn, path: 'spendWithUs', row: i, expected: 'a finite spend ≥ 0', received: describeValue(us) });
      continue;
    }
    if (typeof all !== 'number' || !Number.isFinite(all) || all <= 0 || all < us) {
      issues.add({
        function: fn,
        path: 'totalCategorySpend',
        row: i,
        expected: `a category total > 0 and ≥ the spend with us (${us})`,
        received: describeValue(all),
      });
      continue;
    }
    share[i] = us / all;
    sumShares += share[i];
    ours += us;
    total += all;
  }
  issues.throwIfAny('invalid_value', fn, n);
  if (n === 0) throw new CustomerValueError('too_few_rows', `${fn}: no customers`, [{ function: fn, expected: 'at least 1 customer', received: '0' }]);
  return { share, meanShare: sumShares / n, aggregateShare: ours / total, n };
}

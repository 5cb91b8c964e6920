import { CustomerValueError, describeValue } from '../../errors.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { betaGeoBetaBinomialModelSchema } from '../../model/betaGeoBetaBinomialModelSchema.js';
import { betaGeoBetaBinomialLogProbability } from './betaGeoBetaBinomialMath.js';
import type { BetaGeoBetaBinomialModel } from './fitBetaGeoBetaBinomial.js';

const FN = 'betaGeoBetaBinomialTransactionProbability';

/** The most opportunities `periods` may hold (as `betaGeoBetaBinomialExpectedTransactions`). */
const MAX_PERIODS = 1_000_000;

function wholeNumber(value: unknown, path: string, expected: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new CustomerValueError('invalid_spec', `${FN}: ${path} must be ${expected}`, [
      {
        function: FN,
        path,
        expected,
        received: describeValue(value),
        hint: 'the BG/BB counts whole transaction opportunities: at most one transaction each',
      },
    ]);
  }
  return value;
}

/**
 * Probability that a new customer (a randomly chosen one, unconditional) makes exactly `x` repeat
 * transactions in their first `periods` transaction opportunities under the BG/BB (Fader, Hardie &
 * Shang 2010):
 *   P(X(n) = x) = C(n, x) B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
 *               + Σ_{i=x}^{n−1} C(i, x) B(α+x, β+i−x)/B(α,β) · B(γ+1, δ+i)/B(γ,δ),
 * still active at opportunity n, or active through opportunity i and inactive from i + 1. Summed
 * in log space (log-sum-exp of log beta-function ratios and log binomial coefficients), so it
 * stays finite for long horizons and large x; 0 for x > n, 1 for x = n = 0. Over x = 0 … n it
 * sums to 1 and its mean is `betaGeoBetaBinomialExpectedTransactions`. O(n − x) per call.
 *
 * @param model A fitted BG/BB model (`fitBetaGeoBetaBinomial`).
 * @param x Repeat transactions: a whole number ≥ 0 (at most one per opportunity).
 * @param periods Transaction opportunities after the first transaction, n: a whole number, 0 … 1,000,000.
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` for an x or periods that is not a
 *   whole number in range (fractional opportunities are refused, naming the value).
 * @example
 * const donations = await readCsvFile('examples/data/bgbb_donations_summary.csv');
 * const model = fitBetaGeoBetaBinomial(donations.columns, { periodUnit: 'year', columns: { count: 'weights' } });
 * // Fader, Hardie & Shang (2010), figure 2: of 11,104 donors, 3,464 gave in none of 1996–2001 and 1,203 in all six;
 * // scipy at the published estimates expects 3455.8 and 1252.4 (test/fixtures/loyalty/make_bgbb_diagnostics_reference.py)
 * Math.round(11104 * betaGeoBetaBinomialTransactionProbability(model, 0, 6)); // => 3455
 * Math.round(11104 * betaGeoBetaBinomialTransactionProbability(model, 6, 6)); // => 1253
 */
export function betaGeoBetaBinomialTransactionProbability(model: unknown, x: number, periods: number): number {
  const m = assertModelOf(model, 'betaGeoBetaBinomial', 'fitBetaGeoBetaBinomial', betaGeoBetaBinomialModelSchema, null, FN) as BetaGeoBetaBinomialModel;
  const n = wholeNumber(periods, 'periods', `a whole number of transaction opportunities, 0 … ${MAX_PERIODS.toLocaleString('en-US')}`, MAX_PERIODS);
  const k = wholeNumber(x, 'x', `a whole number of repeat transactions ≥ 0`, Number.MAX_SAFE_INTEGER);
  if (k > n) return 0;
  return Math.min(1, Math.exp(betaGeoBetaBinomialLogProbability(m.params, k, n, new Float64Array(n - k + 1))));
}

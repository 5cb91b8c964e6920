import * as z from 'zod/mini';
import { parseSpec } from '../../internal/parseSpec.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { betaGeoBetaBinomialModelSchema } from '../../model/betaGeoBetaBinomialModelSchema.js';
import type { BetaGeoBetaBinomialModel } from './fitBetaGeoBetaBinomial.js';
import { betaGeoBetaBinomialExpected } from './betaGeoBetaBinomialMath.js';

const FN = 'betaGeoBetaBinomialExpectedTransactions';

const periodsSchema = z.number().check(z.int(), z.gte(1), z.lte(1_000_000));

/**
 * The expected number of transactions of a new customer (a randomly chosen one, unconditional) in
 * their first `periods` transaction opportunities under the BG/BB (Fader, Hardie & Shang 2010,
 * eq. 8): E[X(n)] = α/(α+β) · Σ_{t=1..n} B(γ, δ+t)/B(γ, δ) — the mean transaction probability
 * times the probability of being active at each opportunity, summed (equal to the paper's closed
 * form, which divides by γ − 1, but finite at γ = 1).
 *
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` (periods not a whole number ≥ 1).
 * @example
 * const donations = await readCsvFile('examples/data/bgbb_donations_summary.csv');
 * const model = fitBetaGeoBetaBinomial(donations.columns, { periodUnit: 'year', columns: { count: 'weights' } });
 * // repeat donations per donor over 1996–2001
 * Number(betaGeoBetaBinomialExpectedTransactions(model, 6).toFixed(2)); // => 2.22
 */
export function betaGeoBetaBinomialExpectedTransactions(model: unknown, periods: number): number {
  const m = assertModelOf(model, 'betaGeoBetaBinomial', 'fitBetaGeoBetaBinomial', betaGeoBetaBinomialModelSchema, null, FN) as BetaGeoBetaBinomialModel;
  const n = parseSpec(periodsSchema, periods, FN, 'periods');
  return betaGeoBetaBinomialExpected(m.params, n);
}

import * as z from 'zod/mini';
import { logBetaRatio } from '../../internal/logBetaRatio.js';
import { parseSpec, specError } from '../../internal/parseSpec.js';
import type { TableInput } from '../../io/tableInput.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { betaGeoBetaBinomialModelSchema } from '../../model/betaGeoBetaBinomialModelSchema.js';
import { DAYS_PER_PERIOD, retentionPeriodUnitMiniSchema, type RetentionPeriodUnit } from '../retention/cohortSurvivorsSpec.js';
import { betaGeoBetaBinomialLogTerm } from './betaGeoBetaBinomialLikelihood.js';
import type { BetaGeoBetaBinomialModel } from './fitBetaGeoBetaBinomial.js';
import { readDiscreteHistories } from './discreteHistories.js';
import { betaGeoBetaBinomialAlive, betaGeoBetaBinomialConditional } from './betaGeoBetaBinomialMath.js';

const FN = 'betaGeoBetaBinomialPredictions';

// in zod/mini (issue 21), read by parseSpec with the classic schema's messages
const optionsSchema = z.strictObject({
  periods: z.number().check(z.int(), z.gte(1), z.lte(1_000_000)),
  discountRate: z.optional(z.number().check(z.positive(), z.lte(100))),
  discountRateUnit: z.optional(retentionPeriodUnitMiniSchema),
});

/** Options of `betaGeoBetaBinomialPredictions`. */
export interface BetaGeoBetaBinomialPredictionOptions {
  /** The next n* transaction opportunities the conditional expectation counts. */
  readonly periods: number;
  /** With `discountRateUnit`: the discount rate d > 0 per that unit, for DERT (absent: no DERT). */
  readonly discountRate?: number;
  /** The period `discountRate` is quoted per; converted to the model's period as (1 + d)^(period / unit) − 1. */
  readonly discountRateUnit?: RetentionPeriodUnit;
}

/** Per-customer BG/BB predictions, in input row order. */
export interface BetaGeoBetaBinomialPredictions {
  /** P(alive at opportunity n + 1 | x, t_x, n) (FHS 2010 eq. 11). */
  readonly probabilityAlive: Float64Array;
  /** E[transactions in opportunities n + 1 … n + periods | x, t_x, n] (FHS 2010 eq. 13). */
  readonly expectedTransactions: Float64Array;
  /** Discounted expected residual transactions (FHS 2010 eq. 14), or null without a discount rate. */
  readonly dert: Float64Array | null;
  /** The unit of one opportunity (the model's `spec.periodUnit`). */
  readonly periodUnit: RetentionPeriodUnit;
  /** The discount rate per opportunity used for DERT (null without one). */
  readonly discountRatePerPeriod: number | null;
}

/** Stop DERT's sum when the bound on what is left is below this fraction of it. */
const TOLERANCE = 1e-13;

/**
 * BG/BB predictions for each customer's history (Fader, Hardie & Shang 2010): the probability the
 * customer is still active at the next opportunity, the expected number of transactions in the
 * next `periods` opportunities, and, with a discount rate, DERT — the expected number of all
 * future transactions, the one at opportunity n + k discounted by (1 + d)^−k:
 *   DERT = Σ_{t>n} (1 + d)^−(t−n) · B(α+x+1, β+n−x)/B(α,β) · B(γ, δ+t)/B(γ,δ) / L(x, t_x, n),
 * summed term by term until the bound on the remainder is below 1e-13 of the sum (the closed form
 * is FHS eq. 14's ₂F₁); a rate below 1e-4 per opportunity is refused. Every quantity is formed from
 * log beta-function ratios, so long histories stay finite. Rows are read with the model's column
 * names (the count column is not needed); a missing value is an error.
 *
 * @throws {CustomerValueError} `invalid_model`; `invalid_value` (histories as `fitBetaGeoBetaBinomial`); `invalid_spec`.
 * @example
 * const donations = await readCsvFile('examples/data/bgbb_donations_summary.csv');
 * const model = fitBetaGeoBetaBinomial(donations.columns, { periodUnit: 'year', columns: { count: 'weights' } });
 * // a donor who gave in every one of the six years, and one who gave only in 1996
 * const customers = { frequency: [6, 1], recency: [6, 1], periods: [6, 6] };
 * const p = betaGeoBetaBinomialPredictions(model, customers, { periods: 5, discountRate: 0.1, discountRateUnit: 'year' });
 * Array.from(p.probabilityAlive, (v) => Number(v.toFixed(3))); // => [0.93, 0.069]
 * p.expectedTransactions[0] > p.expectedTransactions[1]; // => true
 */
export function betaGeoBetaBinomialPredictions(
  model: unknown,
  customers: TableInput,
  options: BetaGeoBetaBinomialPredictionOptions,
): BetaGeoBetaBinomialPredictions {
  const m = assertModelOf(model, 'betaGeoBetaBinomial', 'fitBetaGeoBetaBinomial', betaGeoBetaBinomialModelSchema, null, FN) as BetaGeoBetaBinomialModel;
  const o = parseSpec(optionsSchema, options, FN, 'options');
  if ((o.discountRate === undefined) !== (o.discountRateUnit === undefined)) {
    throw specError(
      FN,
      o.discountRate === undefined ? 'options.discountRate' : 'options.discountRateUnit',
      'discountRate and discountRateUnit together (or neither)',
      'one of them',
    );
  }
  let rate: number | null = null;
  if (o.discountRate !== undefined && o.discountRateUnit !== undefined) {
    rate = Math.pow(1 + o.discountRate, DAYS_PER_PERIOD[m.spec.periodUnit] / DAYS_PER_PERIOD[o.discountRateUnit]) - 1;
    if (!(rate >= 1e-4)) {
      throw specError(
        FN,
        'options.discountRate',
        `a discount rate of at least 1e-4 per ${m.spec.periodUnit} (the model's period)`,
        `${o.discountRate} per ${o.discountRateUnit}`,
        'state the rate per the unit it is quoted in (discountRateUnit)',
      );
    }
  }
  const read = readDiscreteHistories(customers, FN, { ...m.spec.columns, count: undefined }, 'error', false, null);
  const { alpha, beta, gamma, delta } = m.params;
  const p = [alpha, beta, gamma, delta];
  const rows = read.rowCount;
  const probabilityAlive = new Float64Array(rows);
  const expectedTransactions = new Float64Array(rows);
  const dert = rate === null ? null : new Float64Array(rows);
  const cache = new Map<string, [number, number, number]>();
  let longest = 1;
  for (let i = 0; i < rows; i++) longest = Math.max(longest, read.n[i] - read.tx[i] + 1);
  const scratch = new Float64Array(longest);
  for (let i = 0; i < rows; i++) {
    const x = read.x[i];
    const tx = read.tx[i];
    const n = read.n[i];
    const key = `${x} ${tx} ${n}`;
    let found = cache.get(key);
    if (found === undefined) {
      const logL = betaGeoBetaBinomialLogTerm(p, x, tx, n, 1, null, null, scratch);
      const alive = betaGeoBetaBinomialAlive(m.params, x, n, logL);
      const expected = betaGeoBetaBinomialConditional(m.params, x, n, o.periods, logL);
      let discounted = 0;
      if (rate !== null) {
        // ln of B(α+x+1, β+n−x)/B(α,β) / L: the factor of every future opportunity's transaction probability
        const factor = logBetaRatio(alpha, beta, x + 1, n - x) - logL;
        const logV = -Math.log1p(rate);
        const tail = 1 / rate; // v/(1 − v)
        for (let k = 1; k < 50_000_000; k++) {
          const a = Math.exp(factor + logBetaRatio(gamma, delta, 0, n + k) + k * logV);
          discounted += a;
          if (a * tail <= TOLERANCE * discounted) break;
        }
      }
      found = [alive, expected, discounted];
      cache.set(key, found);
    }
    probabilityAlive[i] = found[0];
    expectedTransactions[i] = found[1];
    if (dert !== null) dert[i] = found[2];
  }
  return { probabilityAlive, expectedTransactions, dert, periodUnit: m.spec.periodUnit, discountRatePerPeriod: rate };
}

import { expect } from 'vitest';
import { customerLifetimeValue, type BetaGeoCovariatesModel, type CustomerLifetimeValueArgs, type ParetoNbdCovariatesModel } from '../../src/clv.js';
import { caught } from './fixtures.js';

/** A calendar month in weeks (the `timeUnit: 'month'` horizon of the CLV tests, in the models' weeks). */
export const WEEKS_PER_MONTH = 30.4375 / 7;

/** The largest relative difference between two arrays, element by element. */
export function relative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-300));
  return worst;
}

/** What a purchase model's own predictions give at a horizon in weeks. */
type PredictAt = (horizonWeeks: number) => { readonly expectedPurchases: ArrayLike<number>; readonly probabilityAlive: ArrayLike<number> };

/**
 * Checks a 12-month CLV at 1% a month and margin 0.3 against the model's own predictions:
 * each customer's margin · E[spend | z] · Σ (E[Y(t_i) | z] − E[Y(t_{i−1}) | z]) / 1.01^i from the
 * cumulative expectations at 1..12 months, and the 12-month expectations and P(alive) as they are.
 */
export function expectMonthlyClvFromPredictions(
  result: { readonly clv: Float64Array; readonly expectedPurchases: Float64Array; readonly probabilityAlive: Float64Array },
  predictAt: PredictAt,
  spendPrediction: ArrayLike<number>,
): void {
  const cumulative = Array.from({ length: 13 }, (_, i) => (i === 0 ? null : predictAt(i * WEEKS_PER_MONTH)));
  const expected = new Float64Array(result.clv.length);
  for (let c = 0; c < expected.length; c++) {
    let sum = 0;
    for (let i = 1; i <= 12; i++) sum += (cumulative[i]!.expectedPurchases[c] - (i === 1 ? 0 : cumulative[i - 1]!.expectedPurchases[c])) / 1.01 ** i;
    expected[c] = 0.3 * spendPrediction[c] * sum;
  }
  expect(relative(result.clv, expected)).toBeLessThan(1e-9);
  expect(relative(result.expectedPurchases, cumulative[12]!.expectedPurchases)).toBeLessThan(1e-12);
  expect(relative(result.probabilityAlive, cumulative[12]!.probabilityAlive)).toBeLessThan(1e-15);
}

/** The purchase and spend models of a customerLifetimeValue call. */
type ClvModels = Pick<CustomerLifetimeValueArgs, 'purchaseModel' | 'spendModel'>;

/**
 * Two pairs of models value the same customers alike (covariate models with every coefficient at
 * 0 against the covariate-free models at the same parameters): customerLifetimeValue's CLV,
 * expected purchases and spend, P(alive), the base's discounted cash flows and customer 7's, to
 * 1e-12 (relative).
 */
export function expectSameValuation(valuation: Omit<CustomerLifetimeValueArgs, keyof ClvModels>, models: ClvModels, plain: ClvModels): void {
  const result = customerLifetimeValue({ ...valuation, ...models, cashFlows: true });
  const expected = customerLifetimeValue({ ...valuation, ...plain, cashFlows: true });
  for (const field of ['clv', 'expectedPurchases', 'expectedSpend', 'probabilityAlive'] as const)
    expect(relative(result[field], expected[field]), field).toBeLessThan(1e-12);
  expect(relative(result.cashFlows!.total.discountedValue, expected.cashFlows!.total.discountedValue)).toBeLessThan(1e-12);
  expect(relative(result.cashFlows!.customer(7).value, expected.cashFlows!.customer(7).value)).toBeLessThan(1e-12);
}

/**
 * customerLifetimeValue with a covariate purchase model refuses a level the models were not fitted
 * with (`unknownLevel` in `column` at row 5: `invalid_value` naming the row) and a purchase model
 * stripped of its coefficients (`invalid_model`).
 */
export function expectCovariateRefusals(
  valuation: Omit<CustomerLifetimeValueArgs, keyof ClvModels>,
  models: ClvModels & { readonly purchaseModel: BetaGeoCovariatesModel | ParetoNbdCovariatesModel },
  column: string,
  unknownLevel: string,
): void {
  const customers = valuation.customers as Record<string, readonly unknown[]>;
  const withUnknown = { ...customers, [column]: customers[column].map((v, i) => (i === 5 ? unknownLevel : v)) };
  const unknown = caught(() => customerLifetimeValue({ ...valuation, ...models, customers: withUnknown }));
  expect(unknown.code).toBe('invalid_value');
  expect(unknown.issues[0]).toMatchObject({ function: 'customerLifetimeValue', row: 5 });
  const stripped = { ...models.purchaseModel, coefficients: { purchase: [], dropout: [] } };
  expect(caught(() => customerLifetimeValue({ ...valuation, ...models, purchaseModel: stripped })).code).toBe('invalid_model');
}

import { CustomerValueError, describeValue } from '../../errors.js';
import { assertModelKind } from '../../model/assertModelKind.js';
import { DAYS_PER_UNIT } from '../../internal/timeUnits.js';
import type { TimeUnit } from '../../value/timeUnit.js';
import { conditionalExpectation, throwIfNotFinite } from './betaGeoMath.js';
import type { BetaGeoModel } from './fitBetaGeo.js';

/** A fitted model of repeat buying whose unconditional expectation E[X(t)] the diagnostics track. */
export type RepeatBuyingModel = BetaGeoModel;

/** The kinds of `RepeatBuyingModel`, with E[X(t)] (t in the model's time unit) for each. */
const EXPECTATIONS: { readonly [K in RepeatBuyingModel['kind']]: (model: Extract<RepeatBuyingModel, { kind: K }>, fn: string) => (t: number) => number } = {
  betaGeo: (model, fn) => (t) => {
    const value = conditionalExpectation(model.params, 0, 0, 0, t);
    throwIfNotFinite(value, fn, model.params, 0, 0, 0, t);
    return value;
  },
};

/** The kinds the repeat-buying diagnostics take. Internal. */
export const REPEAT_BUYING_KINDS = Object.keys(EXPECTATIONS) as readonly RepeatBuyingModel['kind'][];

/**
 * Check `model` at a public entry point (a valid fitted model of a repeat-buying kind) and return
 * t ↦ E[X(t)], the expected repeat purchases in (0, t] of a customer acquired at 0, with `t` in
 * the model's time unit, and that unit. Internal.
 */
export function expectedTransactionsOf(
  model: unknown,
  fn: string,
): { readonly expected: (t: number) => number; readonly timeUnit: TimeUnit; readonly daysPerUnit: number } {
  const kind = model !== null && typeof model === 'object' ? (model as { kind?: unknown }).kind : undefined;
  if (typeof kind !== 'string' || !(REPEAT_BUYING_KINDS as readonly string[]).includes(kind)) {
    throw new CustomerValueError('invalid_model', `${fn}: expected a fitted model of repeat buying`, [
      {
        function: fn,
        path: 'model.kind',
        expected: REPEAT_BUYING_KINDS.map((k) => JSON.stringify(k)).join(' or '),
        received: describeValue(kind),
        hint: 'fit one with fitBetaGeo or load one with parseModel',
      },
    ]);
  }
  assertModelKind(model, kind as RepeatBuyingModel['kind'], fn);
  const typed = model as RepeatBuyingModel;
  const expected = (EXPECTATIONS[typed.kind])(typed, fn);
  return { expected, timeUnit: typed.spec.timeUnit, daysPerUnit: DAYS_PER_UNIT[typed.spec.timeUnit] };
}

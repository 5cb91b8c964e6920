import { CustomerValueError, describeValue } from '../../errors.js';
import { assertModelKind } from '../../model/assertModelKind.js';
import { DAYS_PER_UNIT } from '../../internal/timeUnits.js';
import type { TimeUnit } from '../../value/timeUnit.js';
import { conditionalExpectation, expectationIfAlive, probabilityAliveOf, purchaseProbabilityOf, throwIfNotFinite } from './betaGeoMath.js';
import type { BetaGeoModel } from './fitBetaGeo.js';
import type { ParetoNbdModel } from './fitParetoNbd.js';
import type { ModifiedBetaGeoModel } from './fitModifiedBetaGeo.js';
import {
  modifiedBetaGeoAlive,
  modifiedBetaGeoConditional,
  modifiedBetaGeoExpectationIfAlive,
  modifiedBetaGeoExpected,
  modifiedBetaGeoProbability,
} from './modifiedBetaGeoMath.js';
import { paretoNbdAlive, paretoNbdExpectationIfAlive, paretoNbdPurchaseProbabilityOf, powerIntegral } from './paretoNbdMath.js';
import { logGamma } from '../../internal/specialFunctions.js';

/** A fitted model of repeat buying whose unconditional expectation E[X(t)] the diagnostics track. */
export type RepeatBuyingModel = BetaGeoModel | ParetoNbdModel | ModifiedBetaGeoModel;

/** What the diagnostics need of a model of repeat buying, every time in the model's time unit. */
export interface RepeatBuying {
  /** E[X(t)]: expected repeat purchases in (0, t] of a customer acquired at 0. */
  readonly expected: (t: number) => number;
  /** P(X(t) = n): probability that a customer acquired at 0 makes exactly n repeat purchases in (0, t]. */
  readonly probability: (n: number, t: number) => number;
  /** E[purchases in (T, T + t] | x, t_x, T]: a customer's expected purchases after a history. */
  readonly conditional: (x: number, tx: number, T: number, t: number) => number;
  /** P(alive at T | x, t_x, T): probability that a customer with this history has not dropped out. */
  readonly alive: (x: number, tx: number, T: number) => number;
  /**
   * E[purchases in (T, T + t] | alive at T, x, T]: depends on (x, T, t) only, and
   * `conditional(x, tx, T, t)` is exactly `alive(x, tx, T) · expectationIfAlive(x, T, t)` (the same
   * floating-point product), so a computation over t can be done once per distinct (x, T).
   */
  readonly expectationIfAlive: (x: number, T: number, t: number) => number;
}

/** The kinds of `RepeatBuyingModel`, with what the diagnostics need of each. */
const MODELS: { readonly [K in RepeatBuyingModel['kind']]: (model: Extract<RepeatBuyingModel, { kind: K }>, fn: string) => RepeatBuying } = {
  betaGeo: (model, fn) => {
    const p = model.params;
    const finite = (value: number, x: number, tx: number, T: number, t: number) => {
      throwIfNotFinite(value, fn, p, x, tx, T, t);
      return value;
    };
    return {
      expected: (t) => finite(conditionalExpectation(p, 0, 0, 0, t), 0, 0, 0, t),
      probability: (n, t) => finite(purchaseProbabilityOf(p, n, t), n, 0, 0, t),
      conditional: (x, tx, T, t) => finite(conditionalExpectation(p, x, tx, T, t), x, tx, T, t),
      alive: (x, tx, T) => finite(probabilityAliveOf(p, x, tx, T), x, tx, T, 0),
      expectationIfAlive: (x, T, t) => finite(expectationIfAlive(p, x, T, t), x, Number.NaN, T, t),
    };
  },
  paretoNbd: (model, fn) => {
    const { r, alpha, s, beta } = model.params;
    const finite = (value: number, what: string) => {
      if (!Number.isFinite(value)) {
        throw new CustomerValueError('not_converged', `${fn}: ${what} is not a finite number for this Pareto/NBD model`, [
          {
            function: fn,
            path: 'model.params',
            expected: `parameters for which ${what} is finite`,
            received: JSON.stringify(model.params),
            hint: 'refit the model (fitParetoNbd certifies its optimum) or check the parameters a saved model holds',
          },
        ]);
      }
      return value;
    };
    return {
      expected: (t) => finite((r / alpha) * beta * powerIntegral(s, t / beta), `E[X(${t})]`),
      probability: (n, t) =>
        Math.min(
          1,
          Math.max(0, finite(paretoNbdPurchaseProbabilityOf(r, alpha, s, beta, n, t, logGamma(r + n) - logGamma(r) - logGamma(n + 1)), `P(X(${t}) = ${n})`)),
        ),
      conditional: (x, tx, T, t) =>
        t === 0
          ? 0
          : finite(paretoNbdAlive(r, alpha, s, beta, x, tx, T) * paretoNbdExpectationIfAlive(r, alpha, s, beta, x, T, t), `E[X(${t}) | ${x}, ${tx}, ${T}]`),
      alive: (x, tx, T) => finite(paretoNbdAlive(r, alpha, s, beta, x, tx, T), `P(alive | ${x}, ${tx}, ${T})`),
      expectationIfAlive: (x, T, t) => (t === 0 ? 0 : finite(paretoNbdExpectationIfAlive(r, alpha, s, beta, x, T, t), `E[X(${t}) | alive, ${x}, ${T}]`)),
    };
  },
  modifiedBetaGeo: (model, fn) => {
    const p = model.params;
    const finite = (value: number, what: string) => {
      if (!Number.isFinite(value)) {
        throw new CustomerValueError('not_converged', `${fn}: ${what} could not be computed for this MBG/NBD model`, [
          {
            function: fn,
            path: 'model.params',
            expected: `parameters for which ${what} is finite`,
            received: JSON.stringify(model.params),
            hint: 'a hypergeometric series needed more than 1e6 terms (a and b this large mean dropout is barely identified): refit the model (fitModifiedBetaGeo certifies its optimum) or shorten the horizon',
          },
        ]);
      }
      return value;
    };
    return {
      expected: (t) => finite(modifiedBetaGeoExpected(p, t), `E[X(${t})]`),
      probability: (n, t) => finite(modifiedBetaGeoProbability(p, n, t), `P(X(${t}) = ${n})`),
      conditional: (x, tx, T, t) => finite(modifiedBetaGeoConditional(p, x, tx, T, t), `E[X(${t}) | ${x}, ${tx}, ${T}]`),
      alive: (x, tx, T) => finite(modifiedBetaGeoAlive(p, x, tx, T), `P(alive | ${x}, ${tx}, ${T})`),
      expectationIfAlive: (x, T, t) => finite(modifiedBetaGeoExpectationIfAlive(p, x, T, t), `E[X(${t}) | alive, ${x}, ${T}]`),
    };
  },
};

/** The kinds the repeat-buying diagnostics take. Internal. */
export const REPEAT_BUYING_KINDS = Object.keys(MODELS) as readonly RepeatBuyingModel['kind'][];

/**
 * Check `model` at a public entry point (a valid fitted model of a repeat-buying kind) and return
 * what the diagnostics need of it (`RepeatBuying`, times in the model's time unit) and that unit.
 * Internal.
 */
export function repeatBuyingOf(model: unknown, fn: string): RepeatBuying & { readonly timeUnit: TimeUnit; readonly daysPerUnit: number } {
  const kind = model !== null && typeof model === 'object' ? (model as { kind?: unknown }).kind : undefined;
  if (typeof kind !== 'string' || !(REPEAT_BUYING_KINDS as readonly string[]).includes(kind)) {
    throw new CustomerValueError('invalid_model', `${fn}: expected a fitted model of repeat buying`, [
      {
        function: fn,
        path: 'model.kind',
        expected: REPEAT_BUYING_KINDS.map((k) => JSON.stringify(k)).join(' or '),
        received: describeValue(kind),
        hint: 'fit one with fitBetaGeo, fitParetoNbd or fitModifiedBetaGeo, or load one with parseModel',
      },
    ]);
  }
  assertModelKind(model, kind as RepeatBuyingModel['kind'], fn);
  const typed = model as RepeatBuyingModel;
  const of = MODELS[typed.kind] as (m: RepeatBuyingModel, fn: string) => RepeatBuying;
  return { ...of(typed, fn), timeUnit: typed.spec.timeUnit, daysPerUnit: DAYS_PER_UNIT[typed.spec.timeUnit] };
}

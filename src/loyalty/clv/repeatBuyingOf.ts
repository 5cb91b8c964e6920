import type * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../../errors.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { betaGeoModelValues, type ModelValueCheck } from '../../model/modelValueChecks.js';
import { betaGeoModelSchema } from '../../model/betaGeoModelSchema.js';
import { paretoNbdModelSchema } from '../../model/paretoNbdModelSchema.js';
import { modifiedBetaGeoModelSchema } from '../../model/modifiedBetaGeoModelSchema.js';
import { betaGeoBetaBinomialModelSchema } from '../../model/betaGeoBetaBinomialModelSchema.js';
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
import { logBetaRatio } from '../../internal/logBetaRatio.js';
import { DAYS_PER_PERIOD, type RetentionPeriodUnit } from '../retention/cohortSurvivorsSpec.js';
import type { BetaGeoBetaBinomialModel } from './fitBetaGeoBetaBinomial.js';
import {
  betaGeoBetaBinomialAlive,
  betaGeoBetaBinomialConditional,
  betaGeoBetaBinomialLogLikelihoodOf,
  betaGeoBetaBinomialLogProbability,
} from './betaGeoBetaBinomialMath.js';

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
 * What the diagnostics need of a BG/BB model (Fader, Hardie & Shang 2010), every time a whole
 * number of transaction opportunities: E[X(n)], P(X(n) = x), the conditional expectation over
 * the next n* opportunities and P(alive at n + 1), from `betaGeoBetaBinomialMath` (the same bits
 * as `betaGeoBetaBinomialPredictions` and `betaGeoBetaBinomialExpectedTransactions`). The callers
 * check their times are whole (`wholeOpportunities`); E[X(n)] keeps its running sum (the
 * same additions in the same order as `betaGeoBetaBinomialActiveSum`), so a tracking over many
 * periods costs one pass. Values are finite for every valid model.
 */
function discreteBuying(model: BetaGeoBetaBinomialModel): RepeatBuying {
  const p = model.params;
  const mean = p.alpha / (p.alpha + p.beta);
  const active = [0]; // active[n] = Σ_{t=1..n} B(γ, δ+t)/B(γ, δ), grown on demand
  let scratch = new Float64Array(64);
  const room = (size: number) => {
    if (scratch.length < size) scratch = new Float64Array(Math.max(size, 2 * scratch.length));
    return scratch;
  };
  const logL = new Map<string, number>();
  const logLikelihood = (x: number, tx: number, n: number) => {
    const key = `${x} ${tx} ${n}`;
    let value = logL.get(key);
    if (value === undefined) logL.set(key, (value = betaGeoBetaBinomialLogLikelihoodOf(p, x, tx, n, room(n - tx + 1))));
    return value;
  };
  return {
    expected: (n) => {
      while (active.length <= n) active.push(active[active.length - 1] + Math.exp(logBetaRatio(p.gamma, p.delta, 0, active.length)));
      return mean * active[n];
    },
    probability: (x, n) => (x > n ? 0 : Math.min(1, Math.exp(betaGeoBetaBinomialLogProbability(p, x, n, room(n - x + 1))))),
    conditional: (x, tx, n, nStar) => (nStar === 0 ? 0 : betaGeoBetaBinomialConditional(p, x, n, nStar, logLikelihood(x, tx, n))),
    alive: (x, tx, n) => betaGeoBetaBinomialAlive(p, x, n, logLikelihood(x, tx, n)),
    // conditional / alive (FHS 2010 eqs. 11, 13): (α + x)/(α + β + n) · Σ_{t=n+1..n+n*} B(γ, δ+t)/B(γ, δ+n+1),
    // equal to their quotient up to rounding (not the same floating-point product, as for the continuous kinds)
    expectationIfAlive: (x, n, nStar) => {
      const base = logBetaRatio(p.gamma, p.delta, 0, n + 1);
      let sum = 0;
      for (let t = n + 1; t <= n + nStar; t++) sum += Math.exp(logBetaRatio(p.gamma, p.delta, 0, t) - base);
      return ((p.alpha + x) / (p.alpha + p.beta + n)) * sum;
    },
  };
}

/**
 * Refuse a time that is not a whole number of transaction opportunities, for a BG/BB model:
 * `invalid_spec` (or `invalid_value` for data, with its row) naming the field and the value.
 * Returns the value. Internal.
 */
export function wholeOpportunities(
  value: number,
  fn: string,
  where: { readonly path?: string; readonly column?: string; readonly row?: number },
  what: string,
  code: 'invalid_spec' | 'invalid_value' = 'invalid_spec',
): number {
  if (Number.isInteger(value)) return value;
  const name = where.path ?? where.column ?? 'value';
  throw new CustomerValueError(code, `${fn}: ${name} must be a whole number of transaction opportunities for a BG/BB model`, [
    {
      function: fn,
      ...where,
      expected: `${what}: a whole number of transaction opportunities (the BG/BB's time is counted in opportunities)`,
      received: describeValue(value),
      hint: 'count opportunities (years for annual donations), not fractions of one; for purchases in continuous time fit fitBetaGeo, fitParetoNbd or fitModifiedBetaGeo',
    },
  ]);
}

/**
 * Each kind's fitter, model schema and value check, as the registry (`MODEL_KINDS`, src/model/kinds.ts) holds
 * them (the same objects: test/model/kinds.test.ts checks it): `repeatBuyingOf` checks a model
 * against its own kind's schema (`assertModelOf`), not through the registry of every kind's schema,
 * so a browser bundle of a CLV scorer holds the four repeat-buying schemas only (issue 21). A kind
 * added to `MODELS` does not compile without its entry here. Internal.
 */
export const REPEAT_BUYING_DOORS = {
  betaGeo: { fitter: 'fitBetaGeo', schema: betaGeoModelSchema, values: betaGeoModelValues },
  paretoNbd: { fitter: 'fitParetoNbd', schema: paretoNbdModelSchema, values: null },
  modifiedBetaGeo: { fitter: 'fitModifiedBetaGeo', schema: modifiedBetaGeoModelSchema, values: null },
  betaGeoBetaBinomial: { fitter: 'fitBetaGeoBetaBinomial', schema: betaGeoBetaBinomialModelSchema, values: null },
} as const satisfies Record<
  RepeatBuyingModel['kind'] | 'betaGeoBetaBinomial',
  { readonly fitter: string; readonly schema: z.core.$ZodType; readonly values: ModelValueCheck | null }
>;
/** What `repeatBuyingOf` returns: the model's predictions, its time unit, and whether time counts opportunities. */
export type RepeatBuyingOf<U> = RepeatBuying & {
  /** The model's time unit; for BG/BB the length of one transaction opportunity (its `spec.periodUnit`). */
  readonly timeUnit: U;
  /** Days in one `timeUnit`. */
  readonly daysPerUnit: number;
  /** True for a BG/BB model: every time is a whole number of transaction opportunities. */
  readonly opportunities: boolean;
  /** The model as its schema parsed it (defaults filled): read it, never the model as given. */
  readonly model: U extends TimeUnit ? RepeatBuyingModel : RepeatBuyingModel | BetaGeoBetaBinomialModel;
};

/**
 * Check `model` at a public entry point (a valid fitted model of a repeat-buying kind) and return
 * what the diagnostics need of it (`RepeatBuying`, times in the model's time unit) and that unit.
 * With `discrete: true` a BG/BB model is taken too (times in opportunities, `opportunities`
 * true); with `discrete` a sentence, a BG/BB model is refused with that sentence as the hint.
 * `at` is where the caller took the model (`'arguments.purchaseModel'`): the issues' paths start
 * with it. Internal.
 */
export function repeatBuyingOf(model: unknown, fn: string, discrete?: string, at?: string): RepeatBuyingOf<TimeUnit>;
export function repeatBuyingOf(model: unknown, fn: string, discrete: true, at?: string): RepeatBuyingOf<TimeUnit | RetentionPeriodUnit>;
export function repeatBuyingOf(model: unknown, fn: string, discrete?: true | string, at = 'model'): RepeatBuyingOf<TimeUnit | RetentionPeriodUnit> {
  const kind = model !== null && typeof model === 'object' ? (model as { kind?: unknown }).kind : undefined;
  const takesDiscrete = discrete === true;
  if (kind === 'betaGeoBetaBinomial' && typeof discrete === 'string') {
    throw new CustomerValueError('invalid_model', `${fn}: a BG/BB model (discrete transaction opportunities) is not taken here`, [
      {
        function: fn,
        path: `${at}.kind`,
        expected: REPEAT_BUYING_KINDS.map((k) => JSON.stringify(k)).join(' or '),
        received: JSON.stringify(kind),
        hint: discrete,
      },
    ]);
  }
  const kinds: readonly string[] = takesDiscrete ? [...REPEAT_BUYING_KINDS, 'betaGeoBetaBinomial'] : REPEAT_BUYING_KINDS;
  if (typeof kind !== 'string' || !kinds.includes(kind)) {
    throw new CustomerValueError('invalid_model', `${fn}: expected a fitted model of repeat buying`, [
      {
        function: fn,
        path: `${at}.kind`,
        expected: kinds.map((k) => JSON.stringify(k)).join(' or '),
        received: describeValue(kind),
        hint: takesDiscrete
          ? 'fit one with fitBetaGeo, fitParetoNbd, fitModifiedBetaGeo or fitBetaGeoBetaBinomial, or load one with parseModel'
          : 'fit one with fitBetaGeo, fitParetoNbd or fitModifiedBetaGeo, or load one with parseModel',
      },
    ]);
  }
  const door = REPEAT_BUYING_DOORS[kind as keyof typeof REPEAT_BUYING_DOORS];
  model = assertModelOf(model, kind as keyof typeof REPEAT_BUYING_DOORS, door.fitter, door.schema, door.values, fn, at);
  if (kind === 'betaGeoBetaBinomial') {
    const m = model as BetaGeoBetaBinomialModel;
    return { ...discreteBuying(m), timeUnit: m.spec.periodUnit, daysPerUnit: DAYS_PER_PERIOD[m.spec.periodUnit], opportunities: true, model: m };
  }
  const typed = model as RepeatBuyingModel;
  const of = MODELS[typed.kind] as (m: RepeatBuyingModel, fn: string) => RepeatBuying;
  return { ...of(typed, fn), timeUnit: typed.spec.timeUnit, daysPerUnit: DAYS_PER_UNIT[typed.spec.timeUnit], opportunities: false, model: typed };
}

/**
 * What `repeatBuyingOf` returns for a model already checked by it (a BG/BB too, times in
 * opportunities), with other parameters (a parameter draw, each finite and > 0): no validation,
 * so it costs nothing per draw. Internal.
 */
export function repeatBuyingWithParams(
  model: RepeatBuyingModel | BetaGeoBetaBinomialModel,
  params: Readonly<Record<string, number>>,
  fn: string,
): RepeatBuying {
  if (model.kind === 'betaGeoBetaBinomial') return discreteBuying({ ...model, params } as unknown as BetaGeoBetaBinomialModel);
  const of = MODELS[model.kind] as (m: RepeatBuyingModel, fn: string) => RepeatBuying;
  return of({ ...model, params } as unknown as RepeatBuyingModel, fn);
}

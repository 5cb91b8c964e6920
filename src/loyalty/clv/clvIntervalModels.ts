import { CustomerValueError, describeValue } from '../../errors.js';
import { evaluateCovariateRow, type CovariatePart } from '../../internal/covariateExtrapolation.js';
import { readCovariatesForModel } from '../../internal/staticCovariateDesign.js';
import type { MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import { checkCovariatesModel, rowParameters } from './betaGeoCovariatePredictions.js';
import { expectationIfAlive, probabilityAliveOf } from './betaGeoMath.js';
import type { BetaGeoParams } from './betaGeoSpec.js';
import { checkBetaGeoBetaBinomialCovariatesModel, betaGeoBetaBinomialRowParameters } from './betaGeoBetaBinomialCovariatePredictions.js';
import { modelAtDraw } from './clvModelAtDraw.js';
import { assertGammaGamma } from './conditionalExpectedSpend.js';
import { checkGammaGammaCovariatesModel, SPEND_QUANTITIES } from './conditionalExpectedSpendWithCovariates.js';
import type { BetaGeoBetaBinomialModel } from './fitBetaGeoBetaBinomial.js';
import type { BetaGeoBetaBinomialCovariatesModel } from './fitBetaGeoBetaBinomialWithCovariates.js';
import type { BetaGeoCovariatesModel } from './fitBetaGeoWithCovariates.js';
import type { ParetoNbdCovariatesModel } from './fitParetoNbdWithCovariates.js';
import type { BetaGeoBetaBinomialParams } from './fitBetaGeoBetaBinomial.js';
import type { GammaGammaModel } from './fitGammaGamma.js';
import type { GammaGammaCovariatesModel } from './fitGammaGammaWithCovariates.js';
import type { ParetoNbdParams } from './paretoNbdSpec.js';
import { checkParetoNbdCovariatesModel, paretoNbdRowParameters } from './paretoNbdCovariatePredictions.js';
import type { FittedCovariate } from './staticCovariatesSpec.js';
import { drawnParameterNames, isPurchaseCovariatesModel, type UncertainClvModel } from './parameterUncertaintyProblems.js';
import { aliveExpectations, type PeriodExpectations } from './periodExpectations.js';
import { REPEAT_BUYING_KINDS, repeatBuyingOf, repeatBuyingWithParams, type RepeatBuying, type RepeatBuyingModel } from './repeatBuyingOf.js';

// What `clvConfidenceIntervals` needs of each model kind it takes, so that its loops are written
// once: a purchase model is evaluated at a draw per distinct (covariates, x, T) pair — P(alive) of
// each history, its expectation if alive and the period sums — and a spend model per distinct
// (covariates, x, m̄). A kind without covariates reads no covariate column and ignores the group;
// a kind with covariates gives each group its own parameters at the draw. Adding a kind is one
// entry of PURCHASE_SIDES (or SPEND_SIDES). Internal.

/** Period sums over the horizon for the pair groups (as `aliveExpectations`). */
type Sums = (
  px: Float64Array,
  pT: Float64Array,
  horizon: number,
  step: number,
  discount: readonly number[],
  interval?: { readonly from: number; readonly flows: Float64Array | null },
) => PeriodExpectations;

/** Pair groups first..end − 1 (a block of them, or all). */
export interface PairRange {
  readonly first: number;
  readonly end: number;
}

/** A purchase model at one draw, over a range of the distinct (covariates, x, T) pairs whose covariate columns were given. */
export interface PurchaseAtDraw {
  /** P(alive | x, t_x, T) of a history of pair group `pair`, in the range (last, so a kind without covariates passes its own function). */
  readonly alive: (x: number, tx: number, T: number, pair: number) => number;
  /** E[Y(t) | alive, x, T] of pair group `pair`, in the range (so E[Y(t) | x, t_x, T] = alive · this). */
  readonly expectationIfAlive: (x: number, T: number, t: number, pair: number) => number;
  /** The period sums of the range's pairs (`px`, `pT`: every pair's; the sums and flows indexed from the range's first pair). */
  readonly sums: Sums;
}

/** A checked purchase model, as the intervals evaluate it. */
export interface PurchaseSide {
  readonly kind: string;
  /** The model as its schema parsed it (defaults filled): read it, never the model as given. */
  readonly model: UncertainClvModel;
  /** True for a BG/BB: time counts transaction opportunities, the horizon is a number of them. */
  readonly opportunities: boolean;
  /** Covariate columns to read (none without covariates). */
  readonly covariates: (customers: TableInput, missing: MissingValues) => { readonly columns: Float64Array[]; readonly skip: Uint8Array | null };
  /** The model itself as a draw (keyed as `drawnParameterNames`): the estimate column. */
  readonly estimate: Readonly<Record<string, number>>;
  /**
   * The model at a draw, over the pair groups of `pairs` whose covariate columns are
   * `pairCovariates` (every pair's; `rowOf(group)`: an input row of the group, for errors). A kind
   * with covariates computes the range's parameters only, so a block of pairs costs its size.
   */
  readonly atDraw: (
    draw: Readonly<Record<string, number>>,
    pairCovariates: readonly Float64Array[],
    pairs: PairRange,
    rowOf?: (group: number) => number,
  ) => PurchaseAtDraw;
}

/** A checked spend model: its covariates and, at a draw, the expected spend of a (covariates, x, m̄) group. */
export interface SpendSide {
  /** The model as its schema parsed it (defaults filled): read it, never the model as given. */
  readonly model: GammaGammaModel | GammaGammaCovariatesModel;
  readonly covariates: (customers: TableInput, missing: MissingValues) => { readonly columns: Float64Array[]; readonly skip: Uint8Array | null };
  readonly estimate: Readonly<Record<string, number>>;
  /** At a draw: the Gamma-Gamma conditional mean E[M | x, m̄, z] of group k (its covariates in `covariates`; `rowOf(k)`: an input row of the group, for errors). */
  readonly atDraw: (
    draw: Readonly<Record<string, number>>,
    covariates: readonly Float64Array[],
    rowOf?: (group: number) => number,
  ) => (k: number, x: number, m: number) => number;
}

const noCovariates = () => ({ columns: [] as Float64Array[], skip: null });

/** The model's own parameters and coefficients as a draw, keyed by `drawnParameterNames`. */
function drawOfModel(model: UncertainClvModel): Record<string, number> {
  const { names, positive } = drawnParameterNames(model);
  const params = model.params as unknown as Record<string, number>;
  const coefficients: readonly number[] = isPurchaseCovariatesModel(model)
    ? model.spec.covariates.shared
      ? model.coefficients.purchase
      : [...model.coefficients.purchase, ...model.coefficients.dropout]
    : model.kind === 'gammaGammaCovariates'
      ? model.coefficients
      : [];
  return Object.fromEntries(names.map((name, i) => [name, i < positive ? params[name] : coefficients[i - positive]]));
}

/** A kind without covariates: its `RepeatBuying` at the draw, the same for every group. */
function plainSide(model: RepeatBuyingModel | BetaGeoBetaBinomialModel, fn: string, opportunities: boolean): PurchaseSide {
  return {
    kind: model.kind,
    model,
    opportunities,
    covariates: noCovariates,
    estimate: drawOfModel(model),
    atDraw: (draw, _covariates, pairs) => {
      const m: RepeatBuying = repeatBuyingWithParams(model, draw, fn);
      const { first, end } = pairs;
      return {
        alive: m.alive,
        expectationIfAlive: m.expectationIfAlive,
        sums: (px, pT, horizon, step, discount, interval) =>
          aliveExpectations(m, px.subarray(first, end), pT.subarray(first, end), horizon, step, discount, interval),
      };
    },
  };
}

/**
 * A kind with covariates: each pair group at its own parameters (`raw(model at the draw, covariate
 * columns, group)`, made the kind's `make(raw)`), and the kind's closed forms at them. The period
 * sums as `aliveExpectations`, each group with its own parameters. A group whose parameters are
 * not positive doubles or whose value is not finite goes to `evaluateCovariateRow` (a numeric
 * covariate far outside the fitting data is named, with the row `rowOf(group)`); else it is refused.
 */
function covariateSide<M extends UncertainClvModel & CovariatePart, R extends { readonly [K in keyof R]: number }, P>(
  model: M,
  fn: string,
  covariates: readonly FittedCovariate[],
  raw: (m: M, columns: readonly Float64Array[], g: number) => R,
  make: (raw: R) => P,
  math: {
    readonly alive: (p: P, x: number, tx: number, T: number) => number;
    readonly expectationIfAlive: (p: P, x: number, T: number, t: number) => number;
    /** True for a BG/BB with covariates: time counts transaction opportunities. */
    readonly opportunities?: boolean;
  },
): PurchaseSide {
  const estimate = drawOfModel(model);
  return {
    kind: model.kind,
    model,
    opportunities: math.opportunities === true,
    covariates: (customers, missing) => readCovariatesForModel(customers, fn, covariates, missing),
    estimate,
    atDraw: (draw, pairCovariates, pairs, rowOf = () => -1) => {
      const { first, end } = pairs;
      const groups = end - first;
      const m = modelAtDraw(model, draw);
      const at = draw === estimate ? 'the model’s estimate' : `the parameter draw ${JSON.stringify(draw)}`;
      // the group's own parameters and `value(p)` again through the shared check, which throws when a numeric covariate is the cause
      const check = (g: number, value: (p: P) => number, quantity: string) =>
        evaluateCovariateRow(fn, m, pairCovariates, g, { row: rowOf(g), at }, (z, k) => {
          const r = raw(m, z, k);
          const parameters: number[] = Object.values(r);
          const names = [...Object.keys(r).map(parameterName), quantity];
          return { parameters, values: parameters.every((v) => Number.isFinite(v) && v > 0) ? [value(make(r))] : [], names };
        });
      // the range's pairs' parameters (pair g's at g − first)
      const params = Array.from({ length: groups }, (_, i) => {
        const r = raw(m, pairCovariates, first + i);
        if (!Object.values<number>(r).every((v) => Number.isFinite(v) && v > 0)) check(first + i, () => 0, 'no prediction');
        return make(r);
      });
      const expect = (x: number, T: number, t: number, g: number) => {
        const v = math.expectationIfAlive(params[g - first], x, T, t);
        if (!Number.isFinite(v)) {
          check(g, (p) => math.expectationIfAlive(p, x, T, t), 'expected purchases if alive');
          notFinite(fn, model.kind, draw, `E[Y(${t}) | alive, x = ${x}, T = ${T}]`);
        }
        return v;
      };
      return {
        alive: (x, tx, T, g) => {
          const v = math.alive(params[g - first], x, tx, T);
          if (!Number.isFinite(v)) {
            check(g, (p) => math.alive(p, x, tx, T), 'P(alive)');
            notFinite(fn, model.kind, draw, `P(alive | x = ${x}, t_x = ${tx}, T = ${T})`);
          }
          return v;
        },
        expectationIfAlive: expect,
        sums: (px, pT, horizon, step, discount, interval = { from: 0, flows: null }) => {
          const { from, flows } = interval;
          const discounted = new Float64Array(groups);
          const undiscounted = new Float64Array(groups);
          for (let j = 0; j < groups; j++) {
            const g = first + j;
            const start = from === 0 ? 0 : expect(px[g], pT[g], from * step, g);
            let previous = start;
            let sum = 0;
            for (let i = from; i < horizon; i++) {
              const current = expect(px[g], pT[g], (i + 1) * step, g);
              if (flows !== null) flows[(i - from) * groups + j] = current - previous;
              sum += (current - previous) * discount[i];
              previous = current;
            }
            discounted[j] = sum;
            undiscounted[j] = previous - start;
          }
          return { discounted, undiscounted };
        },
      };
    },
  };
}

/** The name of a customer's parameter in an error: `α_i` for a parameter the covariates move, as the models write them. */
function parameterName(key: string): string {
  const greek: Readonly<Record<string, string>> = { alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ' };
  return `${greek[key] ?? key}_i`;
}

/** `not_converged` for a quantity (`E[Y(t) | alive, x, T]`, `P(alive | x, t_x, T)`) that is not finite at a draw, the covariates not being the cause. */
function notFinite(fn: string, kind: string, draw: Readonly<Record<string, number>>, quantity: string): never {
  throw new CustomerValueError('not_converged', `${fn}: ${quantity} is not finite at a parameter draw of the ${kind} model`, [
    {
      function: fn,
      path: 'purchaseDraws.draws',
      expected: 'draws at which every group’s P(alive) and expected purchases are finite',
      received: `${quantity} at ${JSON.stringify(draw)}`,
      hint: 'the history is extreme for the horizon at this draw (the same customer with its numeric covariates at 0 is not computed either): shorten the horizon, or check the history',
    },
  ]);
}

/** The closed forms of a kind without covariates at one customer's parameters (a `RepeatBuying` made per group). */
const buyingMath = {
  alive: (m: RepeatBuying, x: number, tx: number, T: number) => m.alive(x, tx, T),
  expectationIfAlive: (m: RepeatBuying, x: number, T: number, t: number) => m.expectationIfAlive(x, T, t),
};

/** Where the arguments hold the models (the paths of their issues). */
const PURCHASE = 'purchaseModel';
const SPEND = 'spendModel';

/**
 * The purchase kinds the intervals take, each checked and made a `PurchaseSide`; a broken model is
 * named where the arguments hold it (`purchaseModel.params.r`, as the kind and the draws are).
 */
const PURCHASE_SIDES: Readonly<Record<string, (model: unknown, fn: string) => PurchaseSide>> = {
  ...Object.fromEntries(REPEAT_BUYING_KINDS.map((kind) => [kind, (model: unknown, fn: string) => plainSide(checkPlain(model, fn), fn, false)])),
  betaGeoBetaBinomial: (model, fn) => {
    return plainSide(repeatBuyingOf(model, fn, true, PURCHASE).model, fn, true);
  },
  betaGeoCovariates: (model, fn) => {
    const m = checkCovariatesModel(model, fn, PURCHASE);
    return covariateSide<BetaGeoCovariatesModel, BetaGeoParams, BetaGeoParams>(m, fn, m.covariates, rowParameters, (r) => r, {
      alive: probabilityAliveOf,
      expectationIfAlive,
    });
  },
  // each customer's (r, α_i, s, β_i) in the Pareto/NBD's closed forms, as customerLifetimeValue evaluates them
  paretoNbdCovariates: (model, fn) => {
    const m = checkParetoNbdCovariatesModel(model, fn, PURCHASE);
    const plain = { ...m, kind: 'paretoNbd' } as unknown as RepeatBuyingModel;
    return covariateSide<ParetoNbdCovariatesModel, ParetoNbdParams, RepeatBuying>(
      m,
      fn,
      m.covariates,
      (at, columns, g) => ({ ...paretoNbdRowParameters(at, columns, g) }),
      (r) => repeatBuyingWithParams(plain, { ...r }, fn),
      buyingMath,
    );
  },
  // each customer's (α_i, β, γ_i, δ) in the BG/BB's (as betaGeoBetaBinomialCovariatePredictions), time in opportunities
  betaGeoBetaBinomialCovariates: (model, fn) => {
    const m = checkBetaGeoBetaBinomialCovariatesModel(model, fn, PURCHASE);
    const plain = { ...m, kind: 'betaGeoBetaBinomial' } as unknown as BetaGeoBetaBinomialModel;
    return covariateSide<BetaGeoBetaBinomialCovariatesModel, BetaGeoBetaBinomialParams, RepeatBuying>(
      m,
      fn,
      m.covariates,
      (at, columns, g) => ({ ...betaGeoBetaBinomialRowParameters(at, columns, g) }),
      (r) => repeatBuyingWithParams(plain, { ...r }, fn),
      { ...buyingMath, opportunities: true },
    );
  },
};

function checkPlain(model: unknown, fn: string): RepeatBuyingModel {
  return repeatBuyingOf(model, fn, undefined, PURCHASE).model;
}

/** Check the purchase model at the door and return its side, or refuse a kind the intervals do not take. */
export function purchaseSideOf(model: unknown, fn: string): PurchaseSide {
  const kind = model !== null && typeof model === 'object' ? (model as { kind?: unknown }).kind : undefined;
  const make = typeof kind === 'string' && Object.hasOwn(PURCHASE_SIDES, kind) ? PURCHASE_SIDES[kind] : undefined;
  if (make === undefined) {
    throw new CustomerValueError('invalid_model', `${fn}: expected a fitted model of repeat buying whose draws the intervals evaluate`, [
      {
        function: fn,
        path: `${PURCHASE}.kind`,
        expected: Object.keys(PURCHASE_SIDES)
          .map((k) => JSON.stringify(k))
          .join(', '),
        received: describeValue(kind),
        hint: 'fit one with fitBetaGeo, fitParetoNbd, fitModifiedBetaGeo, fitBetaGeoBetaBinomial, fitBetaGeoWithCovariates, fitParetoNbdWithCovariates or fitBetaGeoBetaBinomialWithCovariates; for another kind evaluate its predictions at each draw with clvModelAtDraw',
      },
    ]);
  }
  return make(model, fn);
}

/** The spend kinds the intervals take. */
const SPEND_SIDES: Readonly<Record<string, (model: unknown, fn: string) => SpendSide>> = {
  gammaGamma: (given, fn) => {
    const model = assertGammaGamma(given as GammaGammaModel, fn, SPEND);
    return {
      model,
      covariates: noCovariates,
      estimate: drawOfModel(model),
      atDraw: (draw) => {
        const { p, q, gamma } = draw;
        return (_k, x, m) => (p * (gamma + x * m)) / (p * x + q - 1);
      },
    };
  },
  gammaGammaCovariates: (model, fn) => {
    const checked = checkGammaGammaCovariatesModel(model, fn, SPEND);
    const estimate = drawOfModel(checked);
    return {
      model: checked,
      covariates: (customers, missing) => readCovariatesForModel(customers, fn, checked.covariates, missing),
      estimate,
      // γ_k = γ·exp(β'z_k), then the conditional mean at γ_k, as `conditionalExpectedSpendWithCovariates`
      atDraw: (draw, columns, rowOf = () => -1) => {
        const m = modelAtDraw(checked, draw);
        const { p, q, gamma } = m.params;
        const beta = m.coefficients;
        const at = draw === estimate ? 'the model’s estimate' : `the parameter draw ${JSON.stringify(draw)}`;
        const spendAt = (z: readonly Float64Array[], k: number, x: number, mean: number) => {
          let eta = 0;
          for (let j = 0; j < z.length; j++) eta += beta[j] * z[j][k];
          const gi = gamma * Math.exp(eta);
          return { parameters: [gi], values: [x > 0 ? (p * (gi + x * mean)) / (p * x + q - 1) : (p * gi) / (q - 1)], names: SPEND_QUANTITIES };
        };
        return (k, x, mean) => {
          const { parameters, values } = spendAt(columns, k, x, mean);
          // γ_k overflowing or 0: a numeric covariate far outside the fitting data, named
          if (!(parameters[0] > 0 && Number.isFinite(parameters[0]) && Number.isFinite(values[0])))
            evaluateCovariateRow(fn, m, columns, k, { row: rowOf(k), at }, (z, j) => spendAt(z, j, x, mean));
          return values[0];
        };
      },
    };
  },
};

/** Check the spend model at the door and return its side. */
export function spendSideOf(model: unknown, fn: string): SpendSide {
  const kind = model !== null && typeof model === 'object' ? (model as { kind?: unknown }).kind : undefined;
  const make = typeof kind === 'string' && Object.hasOwn(SPEND_SIDES, kind) ? SPEND_SIDES[kind] : undefined;
  if (make === undefined) {
    throw new CustomerValueError('invalid_model', `${fn}: expected a fitted Gamma-Gamma model`, [
      {
        function: fn,
        path: `${SPEND}.kind`,
        expected: '"gammaGamma", "gammaGammaCovariates"',
        received: describeValue(kind),
        hint: 'fit one with fitGammaGamma or fitGammaGammaWithCovariates',
      },
    ]);
  }
  return make(model, fn);
}

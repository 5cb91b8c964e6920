import { CustomerValueError, describeValue } from '../../errors.js';
import { canonicalGroups } from '../../internal/canonicalGroups.js';
import type { LogParameterLikelihood } from '../../internal/fitOnLogParameters.js';
import type { TableInput } from '../../io/tableInput.js';
import type { MissingValues } from '../../io/missingValues.js';
import { assertModelKind } from '../../model/assertModelKind.js';
import { betaGeoBetaBinomialLogLikelihood, groupDiscreteHistories, type DiscreteHistoryGroups } from './betaGeoBetaBinomialLikelihood.js';
import { betaGeoLogLikelihood, prepareBetaGeoData, type BetaGeoData } from './betaGeoLikelihood.js';
import { readDiscreteHistories } from './discreteHistories.js';
import type { BetaGeoModel } from './fitBetaGeo.js';
import { BETA_GEO_BETA_BINOMIAL_STARTS, type BetaGeoBetaBinomialModel } from './fitBetaGeoBetaBinomial.js';
import { readMonetary, type GammaGammaModel } from './fitGammaGamma.js';
import type { ModifiedBetaGeoModel } from './fitModifiedBetaGeo.js';
import type { ParetoNbdModel } from './fitParetoNbd.js';
import { gammaGammaLogLikelihood, prepareGammaGammaData, type GammaGammaData } from './gammaGammaLikelihood.js';
import { modifiedBetaGeoLogLikelihood } from './modifiedBetaGeoLikelihood.js';
import { paretoNbdLogLikelihood } from './paretoNbdLikelihood.js';
import { readPurchaseSummary } from './purchaseSummary.js';
import type { CovariateLayout, PatternData } from '../../internal/covariateLikelihood.js';
import { readCovariatesForModel } from '../../internal/staticCovariateDesign.js';
import {
  betaGeoCovariateLayout,
  betaGeoCovariateLogLikelihood,
  prepareBetaGeoCovariateData,
  type BetaGeoCovariateData,
} from './betaGeoCovariatesLikelihood.js';
import type { BetaGeoCovariatesModel } from './fitBetaGeoWithCovariates.js';
import type { BetaGeoBetaBinomialCovariatesModel } from './fitBetaGeoBetaBinomialWithCovariates.js';
import type { ParetoNbdCovariatesModel } from './fitParetoNbdWithCovariates.js';
import { paretoNbdCovariateLayout, paretoNbdCovariateLogLikelihood } from './paretoNbdCovariatesLikelihood.js';
import {
  betaGeoBetaBinomialCovariateLayout,
  betaGeoBetaBinomialCovariateLogLikelihood,
  prepareBetaGeoBetaBinomialCovariateData,
  type BetaGeoBetaBinomialCovariateData,
} from './betaGeoBetaBinomialCovariatesLikelihood.js';
import type { GammaGammaCovariatesModel } from './fitGammaGammaWithCovariates.js';
import { gammaGammaCovariateLogLikelihood, prepareGammaGammaCovariateData, type GammaGammaCovariateData } from './gammaGammaCovariatesLikelihood.js';
import { keptCustomers } from './staticCovariateFit.js';

/** The fitted models whose parameter uncertainty `clvParameterDraws` estimates. */
export type UncertainClvModel =
  | BetaGeoModel
  | ModifiedBetaGeoModel
  | ParetoNbdModel
  | GammaGammaModel
  | BetaGeoBetaBinomialModel
  | BetaGeoCovariatesModel
  | ParetoNbdCovariatesModel
  | BetaGeoBetaBinomialCovariatesModel
  | GammaGammaCovariatesModel;

/** The purchase models with covariates: a purchase and a dropout process, each with its coefficients (or one shared set). */
type PurchaseCovariatesModel = BetaGeoCovariatesModel | ParetoNbdCovariatesModel | BetaGeoBetaBinomialCovariatesModel;

/** The kinds of `UncertainClvModel`. */
export const UNCERTAIN_KINDS = [
  'betaGeo',
  'modifiedBetaGeo',
  'paretoNbd',
  'gammaGamma',
  'betaGeoBetaBinomial',
  'betaGeoCovariates',
  'paretoNbdCovariates',
  'betaGeoBetaBinomialCovariates',
  'gammaGammaCovariates',
] as const;

/** Each kind's positive parameters, in the order they are drawn. */
const POSITIVE_NAMES: Readonly<Record<UncertainClvModel['kind'], readonly string[]>> = {
  betaGeo: ['r', 'alpha', 'a', 'b'],
  modifiedBetaGeo: ['r', 'alpha', 'a', 'b'],
  paretoNbd: ['r', 'alpha', 's', 'beta'],
  gammaGamma: ['p', 'q', 'gamma'],
  betaGeoBetaBinomial: ['alpha', 'beta', 'gamma', 'delta'],
  betaGeoCovariates: ['r', 'alpha', 'a', 'b'],
  paretoNbdCovariates: ['r', 'alpha', 's', 'beta'],
  betaGeoBetaBinomialCovariates: ['alpha', 'beta', 'gamma', 'delta'],
  gammaGammaCovariates: ['p', 'q', 'gamma'],
};

/**
 * The names of a model's drawn parameters, in order: its positive parameters, then (covariate
 * kinds) one coefficient per term — `purchase[term]` and `dropout[term]` (BG/NBD, Pareto/NBD and
 * BG/BB with covariates; `shared[term]` when one coefficient serves both processes),
 * `spend[term]` (Gamma-Gamma). Internal.
 */
export function drawnParameterNames(model: UncertainClvModel): { names: string[]; positive: number } {
  const positive = POSITIVE_NAMES[model.kind];
  let coefficients: string[] = [];
  if (model.kind === 'gammaGammaCovariates') coefficients = model.terms.map((t) => `spend[${t}]`);
  else if (isPurchaseCovariatesModel(model)) {
    const terms = model.terms;
    coefficients = model.spec.covariates.shared
      ? terms.map((t) => `shared[${t}]`)
      : [...terms.map((t) => `purchase[${t}]`), ...terms.map((t) => `dropout[${t}]`)];
  }
  return { names: [...positive, ...coefficients], positive: positive.length };
}

/** A BG/NBD, Pareto/NBD or BG/BB with covariates. Internal. */
export const isPurchaseCovariatesModel = (model: UncertainClvModel): model is PurchaseCovariatesModel =>
  model.kind === 'betaGeoCovariates' || model.kind === 'paretoNbdCovariates' || model.kind === 'betaGeoBetaBinomialCovariates';

/**
 * A fitted model's likelihood on its grouped histogram, reweightable: what the delta method and
 * the histogram bootstrap need. `weights` are the customers of each distinct history (canonical
 * order, as the fitter grouped them); `likelihoodWith(w)` is ℓ with history g counted w[g] times
 * (∂ℓ/∂ln θ and ∂²ℓ/∂(ln θ)² written as the fitters' likelihoods do), NaN outside the fitter's
 * domain. Internal.
 */
export interface UncertaintyProblem {
  readonly kind: UncertainClvModel['kind'];
  readonly names: readonly string[];
  /**
   * The first `positive` parameters are positive and handled on the log scale (u = ln θ); the rest
   * (covariate coefficients, unbounded) on their own (u = θ). `likelihoodWith`'s derivatives are
   * over u, and the delta method and the refits work in u.
   */
  readonly positive: number;
  readonly estimate: readonly number[];
  readonly weights: Float64Array;
  readonly customers: number;
  /** The fitter's default starting points (θ, not logs): where a bootstrap refit that stalls from the estimate starts again. */
  readonly starts: readonly (readonly number[])[];
  readonly likelihoodWith: (weights: Float64Array) => LogParameterLikelihood;
  /** The same problem as plain data (typed arrays, no functions): what bootstrap workers receive and rebuild with `problemFromJob`. */
  readonly job: UncertaintyJob;
}

/** An `UncertaintyProblem` as structured-cloneable data: the grouped data the likelihood sums over. Internal. */
export type UncertaintyJob = {
  readonly names: readonly string[];
  readonly estimate: readonly number[];
  readonly starts: readonly (readonly number[])[];
} & (
  | { readonly kind: 'gammaGamma'; readonly data: GammaGammaData & { readonly weight: Float64Array } }
  | { readonly kind: 'betaGeo' | 'modifiedBetaGeo' | 'paretoNbd'; readonly data: BetaGeoData }
  | { readonly kind: 'betaGeoBetaBinomial'; readonly data: DiscreteHistoryGroups & { readonly customers: number } }
  | { readonly kind: 'betaGeoCovariates' | 'paretoNbdCovariates'; readonly layout: CovariateLayout; readonly data: BetaGeoCovariateData }
  | { readonly kind: 'betaGeoBetaBinomialCovariates'; readonly layout: CovariateLayout; readonly data: BetaGeoBetaBinomialCovariateData }
  | { readonly kind: 'gammaGammaCovariates'; readonly lambda: number; readonly data: GammaGammaCovariateData }
);

/** φ of a covariate likelihood (ln of the positive parameters, then the coefficients) from θ. */
const phiOf = (theta: Float64Array, positive: number) => Array.from(theta, (v, i) => (i < positive ? Math.log(v) : v));

/** The problem of a job (in the caller or in a worker): the likelihood over the job's grouped data, reweightable. Internal. */
export function problemFromJob(job: UncertaintyJob): UncertaintyProblem {
  switch (job.kind) {
    case 'gammaGammaCovariates': {
      const { data, lambda } = job;
      // The penalized ℓ: the objective the fit maximized (its penalty n·λ·‖β‖² with n the resample's customers, the same n).
      return buildProblem(
        job,
        3,
        data,
        data.weight,
        data.customers,
        reweightGammaGammaData,
        (theta, d, g, h) => gammaGammaCovariateLogLikelihood(phiOf(theta, 3), lambda, d, g, h).penalized,
      );
    }
    case 'betaGeoCovariates': {
      const { data, layout } = job;
      return patternProblem(job, 4, data, reweightBetaGeoData, (theta, d, g, h) => betaGeoCovariateLogLikelihood(phiOf(theta, 4), layout, d, g, h).penalized);
    }
    case 'paretoNbdCovariates': {
      const { data, layout } = job;
      return patternProblem(job, 4, data, reweightBetaGeoData, (theta, d, g, h) => paretoNbdCovariateLogLikelihood(phiOf(theta, 4), layout, d, g, h).penalized);
    }
    case 'betaGeoBetaBinomialCovariates': {
      const { data, layout } = job;
      return patternProblem(
        job,
        4,
        data,
        (pattern, weight) => ({ ...pattern, weight }),
        (theta, d, g, h) => betaGeoBetaBinomialCovariateLogLikelihood(phiOf(theta, 4), layout, d, g, h).penalized,
      );
    }
    case 'gammaGamma':
      return buildProblem(job, job.names.length, job.data, job.data.weight, job.data.customers, reweightGammaGammaData, gammaGammaLogLikelihood);
    case 'betaGeoBetaBinomial':
      return buildProblem(
        job,
        job.names.length,
        job.data,
        job.data.weight,
        job.data.customers,
        (d, weight) => ({ ...d, weight }),
        (theta, d, g, h) => betaGeoBetaBinomialLogLikelihood(Array.from(theta), d, g, h),
      );
    default: {
      const likelihood =
        job.kind === 'betaGeo'
          ? betaGeoLogLikelihood
          : job.kind === 'modifiedBetaGeo'
            ? (theta: Float64Array, d: BetaGeoData, g: Float64Array | null, h: Float64Array | null) =>
                inDomain(theta) ? modifiedBetaGeoLogLikelihood(theta, d, g, h) : Number.NaN
            : (theta: Float64Array, d: BetaGeoData, g: Float64Array | null, h: Float64Array | null) =>
                inDomain(theta) ? paretoNbdLogLikelihood(theta, d, g, h) : Number.NaN;
      return buildProblem(job, job.names.length, job.data, job.data.weight, job.data.customers, reweightBetaGeoData, likelihood);
    }
  }
}

/**
 * The one builder of an `UncertaintyProblem`: the job's likelihood `evaluate` over `data`, whose
 * groups count `weights` customers; `likelihoodWith(w)` evaluates on `reweight(data, w)` (on `data`
 * itself when w is `weights`).
 */
function buildProblem<D>(
  job: UncertaintyJob,
  positive: number,
  data: D,
  weights: Float64Array,
  customers: number,
  reweight: (data: D, weights: Float64Array) => D,
  evaluate: (theta: Float64Array, data: D, gradient: Float64Array | null, hessian: Float64Array | null) => number,
): UncertaintyProblem {
  const { kind, names, estimate, starts } = job;
  return {
    kind,
    names,
    positive,
    estimate,
    starts,
    weights,
    customers,
    job,
    likelihoodWith: (w) => {
      const reweighted = w === weights ? data : reweight(data, w);
      return (theta, gradient, hessian) => evaluate(theta, reweighted, gradient, hessian);
    },
  };
}

/**
 * A covariate model's problem: its groups are those of every covariate pattern, one after
 * another (the patterns in canonical order), the bootstrap's histogram; a pattern is reweighted
 * as the covariate-free model's data (`reweightPattern`), the customers re-summed (the penalty's n).
 */
function patternProblem<P extends { readonly weight: Float64Array }>(
  job: UncertaintyJob,
  positive: number,
  data: PatternData<P>,
  reweightPattern: (pattern: P, weights: Float64Array) => P,
  evaluate: (theta: Float64Array, data: PatternData<P>, gradient: Float64Array | null, hessian: Float64Array | null) => number,
): UncertaintyProblem {
  const offsets = [0];
  for (const pattern of data.patterns) offsets.push(offsets[offsets.length - 1] + pattern.weight.length);
  const weights = new Float64Array(offsets[offsets.length - 1]);
  data.patterns.forEach((pattern, p) => weights.set(pattern.weight, offsets[p]));
  const reweight = (d: PatternData<P>, w: Float64Array): PatternData<P> => {
    let customers = 0;
    for (const v of w) customers += v;
    const patterns = d.patterns.map((pattern, p) => reweightPattern(pattern, w.subarray(offsets[p], offsets[p + 1])));
    return { ...d, patterns, customers };
  };
  return buildProblem(job, positive, data, weights, data.customers, reweight, evaluate);
}

/** Gamma-Gamma data (with or without covariates) with other customers per row. */
function reweightGammaGammaData<D extends { readonly weight: Float64Array | null; readonly customers: number }>(data: D, weight: Float64Array): D {
  let customers = 0;
  for (const w of weight) customers += w;
  return { ...data, weight, customers };
}

/** BG/NBD-family data with other customers per history (the terms per distinct x re-summed). */
function reweightBetaGeoData(data: BetaGeoData, weight: Float64Array): BetaGeoData {
  const customersByX = new Float64Array(data.distinctX.length);
  let customers = 0;
  for (let g = 0; g < weight.length; g++) {
    customers += weight[g];
    customersByX[data.xIndex[g]] += weight[g];
  }
  return { ...data, weight, customersByX, customers };
}

/** The fitters' search domain of MBG/NBD and Pareto/NBD (outside it their objective is not finite). */
const inDomain = (theta: Float64Array) => theta.every((v) => v > 1e-6 && v < 1e6);

/**
 * A Pareto/NBD (with covariates or without) with a shape held at its cap (`fitted.diagnostics.heldAtCap`) has no interior
 * maximum: the held shape and its scale are not estimated separately, only their mean rate, and
 * neither the delta method (an information over all four parameters) nor the bootstrap (refits
 * that would each run to the cap) gives their uncertainty. Refused rather than intervals that
 * would be wrong.
 */
function refuseHeldShapes(model: ParetoNbdModel | ParetoNbdCovariatesModel, fn: string): void {
  const held: readonly { readonly parameter: 'r' | 's'; readonly slope: number }[] = model.fitted.diagnostics.heldAtCap ?? [];
  if (held.length === 0) return;
  const names = held.map((h) => h.parameter).join(' and ');
  const scales = held.map((h) => (h.parameter === 'r' ? 'α' : 'β')).join(' and ');
  throw new CustomerValueError('invalid_model', `${fn}: the model's ${names} is held at its cap of 1,000, so its parameter uncertainty is not available`, [
    {
      function: fn,
      path: 'model.fitted.diagnostics.heldAtCap',
      expected: 'a Pareto/NBD with an interior maximum (heldAtCap empty)',
      received: held.map((h) => `${h.parameter} held (slope ${h.slope.toPrecision(2)})`).join(', '),
      hint: `the data show almost no heterogeneity in that rate${model.kind === 'paretoNbdCovariates' ? ' beyond the covariates' : ''}: ${names} and ${scales} are not identified separately, only their mean; fit the BG/NBD (${model.kind === 'paretoNbdCovariates' ? 'fitBetaGeoWithCovariates' : 'fitBetaGeo'}) for intervals on these data`,
    },
  ]);
}

/** The grouped likelihood of `model` on `summary` (the table it was fitted on, read with the model's spec). Internal. */
export function uncertaintyProblem(model: UncertainClvModel, summary: TableInput, fn: string, missing?: MissingValues): UncertaintyProblem {
  const kind = model !== null && typeof model === 'object' ? (model as { kind?: unknown }).kind : undefined;
  if (!UNCERTAIN_KINDS.includes(kind as UncertainClvModel['kind'])) {
    throw new CustomerValueError(
      'invalid_model',
      `${fn}: expected a fitted BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma or BG/BB model, or one of those with covariates but the MBG/NBD`,
      [
        {
          function: fn,
          path: 'model.kind',
          expected: UNCERTAIN_KINDS.map((k) => JSON.stringify(k)).join(', '),
          received: describeValue(kind),
          hint: 'fit one with fitBetaGeo, fitModifiedBetaGeo, fitParetoNbd, fitGammaGamma, fitBetaGeoBetaBinomial, fitBetaGeoWithCovariates, fitParetoNbdWithCovariates, fitBetaGeoBetaBinomialWithCovariates or fitGammaGammaWithCovariates, or load one with parseModel',
        },
      ],
    );
  }
  model = assertModelKind(model, model.kind, fn);
  if (model.kind === 'paretoNbd' || model.kind === 'paretoNbdCovariates') refuseHeldShapes(model, fn);
  if (model.kind === 'gammaGammaCovariates' || isPurchaseCovariatesModel(model)) return covariateProblem(model, summary, fn, missing);
  if (model.kind === 'gammaGamma') {
    const s = model.spec;
    const read = readMonetary(summary, fn, s.columns, missing ?? s.missing, s.nonPositiveSpend);
    const grouped = canonicalGroups([read.x, read.m], read.x.length, null, read.count);
    const [x, m] = grouped.columns;
    const data = prepareGammaGammaData(x, m, grouped.weights);
    const { p, q, gamma } = model.params;
    let sumM = 0;
    for (let i = 0; i < x.length; i++) sumM += grouped.weights[i] * m[i];
    const meanM = sumM / data.customers;
    return problemFromJob({
      kind: model.kind,
      names: ['p', 'q', 'gamma'],
      estimate: [p, q, gamma],
      // fitGammaGamma's starts (gammaGammaFitSteps)
      starts: [
        [1, 1, 1],
        [2, 3, meanM * 4],
        [5, 5, meanM * 2],
      ],
      data: { ...data, weight: grouped.weights },
    });
  }
  if (model.kind === 'betaGeoBetaBinomial') {
    const s = model.spec;
    const read = readDiscreteHistories(summary, fn, s.columns, missing ?? s.missing, true);
    const data = groupDiscreteHistories(read.x, read.tx, read.n, read.count, read.skip);
    const { alpha, beta, gamma, delta } = model.params;
    return problemFromJob({
      kind: model.kind,
      names: ['alpha', 'beta', 'gamma', 'delta'],
      estimate: [alpha, beta, gamma, delta],
      starts: BETA_GEO_BETA_BINOMIAL_STARTS,
      data: { ...data, customers: read.customers },
    });
  }
  const s = model.spec;
  const read = readPurchaseSummary(summary, fn, s.columns, s.timeUnit, missing ?? s.missing, { minimumRows: 2, counts: true });
  const data = prepareBetaGeoData(read.x, read.tx, read.T, read.skip, read.count);
  const names = model.kind === 'paretoNbd' ? ['r', 'alpha', 's', 'beta'] : ['r', 'alpha', 'a', 'b'];
  const params = model.params as unknown as Record<string, number>;
  let purchases = 0;
  let exposure = 0;
  for (let g = 0; g < data.x.length; g++) {
    purchases += data.weight[g] * data.x[g];
    exposure += data.weight[g] * data.T[g];
  }
  const rate = purchases / Math.max(exposure, 1e-12);
  // The fitters' default starts (betaGeoFitSteps, fitModifiedBetaGeo, fitParetoNbd).
  const starts =
    model.kind === 'paretoNbd'
      ? [
          [1, 1 / rate, 1, exposure / data.customers],
          [0.5, 0.5 / rate, 0.5, exposure / data.customers / 2],
          [1, 1, 1, 1],
        ]
      : [
          [1, 1, 1, 1],
          [1, 1 / rate, 1, 3],
          [0.3, 0.3 / rate, 0.5, 5],
        ];
  return problemFromJob({ kind: model.kind, names, estimate: names.map((name) => params[name]), starts, data });
}

/**
 * The penalized likelihood of a covariate model on `summary`, grouped as its fitter grouped it:
 * by (covariate values, history) for the BG/NBD, Pareto/NBD and BG/BB (its discrete (x, t_x, n)), by (covariate values, x, m̄) over the repeat
 * customers with positive spend for the Gamma-Gamma. The covariates are encoded with the model's
 * levels (`readCovariatesForModel`); u = (ln θ, coefficients). The refits' fallback start is the
 * fitter's: the covariate-free fit with zero coefficients.
 */
function covariateProblem(
  model: PurchaseCovariatesModel | GammaGammaCovariatesModel,
  summary: TableInput,
  fn: string,
  missing: MissingValues | undefined,
): UncertaintyProblem {
  const { names } = drawnParameterNames(model);
  const policy = missing ?? model.spec.missing;
  const design = readCovariatesForModel(summary, fn, model.covariates, policy);
  const k = model.terms.length;
  if (model.kind === 'gammaGammaCovariates') {
    const s = model.spec;
    const read = readPurchaseSummary(summary, fn, s.columns, null, policy, { monetary: true, history: false, minimumRows: 1, counts: true });
    const monetary = read.monetary!;
    // The fitter's customers: repeat customers with a positive mean spend, not skipped.
    const rows: number[] = [];
    for (let i = 0; i < read.rowCount; i++) {
      if ((read.skip !== null && read.skip[i] === 1) || (design.skip !== null && design.skip[i] === 1)) continue;
      if (read.x[i] > 0 && monetary[i] > 0) rows.push(i);
    }
    const pick = (column: ArrayLike<number>) => Float64Array.from(rows, (i) => column[i]);
    const data = prepareGammaGammaCovariateData(design.columns.map(pick), pick(read.x), pick(monetary), read.count === null ? null : pick(read.count));
    const { p, q, gamma } = model.params;
    const base = model.fitted.diagnostics.withoutCovariates.params;
    return problemFromJob({
      kind: model.kind,
      names,
      estimate: [p, q, gamma, ...model.coefficients],
      starts: [[base.p, base.q, base.gamma, ...new Array<number>(k).fill(0)]],
      lambda: s.covariates.regularization ?? 0,
      data,
    });
  }
  // The purchase models: the history read as their fitter reads it, and the rows it keeps (keptCustomers, the fitters' own).
  const s = model.spec;
  const shared = s.covariates.shared;
  const [lambdaPurchase, lambdaDropout] = [s.covariates.regularization?.purchase ?? 0, s.covariates.regularization?.dropout ?? 0];
  const coefficients = shared ? model.coefficients.purchase : [...model.coefficients.purchase, ...model.coefficients.dropout];
  const positive = POSITIVE_NAMES[model.kind];
  const params = model.params as unknown as Record<string, number>;
  const base = model.fitted.diagnostics.withoutCovariates.params as unknown as Record<string, number>;
  const common = {
    names,
    estimate: [...positive.map((name) => params[name]), ...coefficients],
    starts: [[...positive.map((name) => base[name]), ...new Array<number>(coefficients.length).fill(0)]],
  };
  if (model.kind === 'betaGeoBetaBinomialCovariates') {
    const read = readDiscreteHistories(summary, fn, model.spec.columns, policy, true);
    const { skip } = keptCustomers(fn, design, read);
    const data = prepareBetaGeoBetaBinomialCovariateData(design.columns, read.x, read.tx, read.n, skip, read.count);
    return problemFromJob({ kind: model.kind, layout: betaGeoBetaBinomialCovariateLayout(k, shared, lambdaPurchase, lambdaDropout), data, ...common });
  }
  const read = readPurchaseSummary(summary, fn, model.spec.columns, model.spec.timeUnit, policy, { minimumRows: 2, counts: true });
  const { skip } = keptCustomers(fn, design, read);
  const data = prepareBetaGeoCovariateData(design.columns, read.x, read.tx, read.T, skip, read.count);
  const layout = (model.kind === 'paretoNbdCovariates' ? paretoNbdCovariateLayout : betaGeoCovariateLayout)(k, shared, lambdaPurchase, lambdaDropout);
  return problemFromJob({ kind: model.kind, layout, data, ...common });
}

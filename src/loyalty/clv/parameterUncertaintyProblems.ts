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

/** The fitted models whose parameter uncertainty `clvParameterDraws` estimates. */
export type UncertainClvModel = BetaGeoModel | ModifiedBetaGeoModel | ParetoNbdModel | GammaGammaModel | BetaGeoBetaBinomialModel;

/** The kinds of `UncertainClvModel`. */
export const UNCERTAIN_KINDS = ['betaGeo', 'modifiedBetaGeo', 'paretoNbd', 'gammaGamma', 'betaGeoBetaBinomial'] as const;

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
);

/** The problem of a job (in the caller or in a worker): the likelihood over the job's grouped data, reweightable. Internal. */
export function problemFromJob(job: UncertaintyJob): UncertaintyProblem {
  const { kind, names, estimate, starts } = job;
  if (job.kind === 'gammaGamma') {
    const data = job.data;
    return {
      kind,
      names,
      estimate,
      starts,
      weights: data.weight,
      customers: data.customers,
      job,
      likelihoodWith: (weights) => {
        let customers = 0;
        for (const w of weights) customers += w;
        const reweighted = { ...data, weight: weights, customers };
        return (theta, gradient, hessian) => gammaGammaLogLikelihood(theta, reweighted, gradient, hessian);
      },
    };
  }
  if (job.kind === 'betaGeoBetaBinomial') {
    const data = job.data;
    return {
      kind,
      names,
      estimate,
      starts,
      weights: data.weight,
      customers: data.customers,
      job,
      likelihoodWith: (weights) => {
        const reweighted = { ...data, weight: weights };
        return (theta, gradient, hessian) => betaGeoBetaBinomialLogLikelihood(Array.from(theta), reweighted, gradient, hessian);
      },
    };
  }
  const data = job.data;
  const likelihood =
    job.kind === 'betaGeo'
      ? betaGeoLogLikelihood
      : job.kind === 'modifiedBetaGeo'
        ? (theta: Float64Array, d: BetaGeoData, g: Float64Array, h: Float64Array | null) =>
            inDomain(theta) ? modifiedBetaGeoLogLikelihood(theta, d, g, h) : Number.NaN
        : (theta: Float64Array, d: BetaGeoData, g: Float64Array, h: Float64Array | null) =>
            inDomain(theta) ? paretoNbdLogLikelihood(theta, d, g, h) : Number.NaN;
  return {
    kind,
    names,
    estimate,
    starts,
    weights: data.weight,
    customers: data.customers,
    job,
    likelihoodWith: (weights) => {
      const reweighted = weights === data.weight ? data : reweightBetaGeoData(data, weights);
      return (theta, gradient, hessian) => likelihood(theta, reweighted, gradient, hessian);
    },
  };
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

/** The grouped likelihood of `model` on `summary` (the table it was fitted on, read with the model's spec). Internal. */
export function uncertaintyProblem(model: UncertainClvModel, summary: TableInput, fn: string, missing?: MissingValues): UncertaintyProblem {
  const kind = model !== null && typeof model === 'object' ? (model as { kind?: unknown }).kind : undefined;
  if (!UNCERTAIN_KINDS.includes(kind as UncertainClvModel['kind'])) {
    throw new CustomerValueError('invalid_model', `${fn}: expected a fitted BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma or BG/BB model`, [
      {
        function: fn,
        path: 'model.kind',
        expected: UNCERTAIN_KINDS.map((k) => JSON.stringify(k)).join(', '),
        received: describeValue(kind),
        hint: 'fit one with fitBetaGeo, fitModifiedBetaGeo, fitParetoNbd, fitGammaGamma or fitBetaGeoBetaBinomial, or load one with parseModel',
      },
    ]);
  }
  assertModelKind(model, model.kind, fn);
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

import { CustomerValueError, describeValue } from '../../errors.js';
import { IssueList } from '../../internal/issueList.js';
import { assertModelKind } from '../../model/assertModelKind.js';
import { checkBetaGeoBetaBinomialCovariatesModel } from './betaGeoBetaBinomialCovariatePredictions.js';
import { checkCovariatesModel } from './betaGeoCovariatePredictions.js';
import { checkGammaGammaCovariatesModel } from './conditionalExpectedSpendWithCovariates.js';
import { checkParetoNbdCovariatesModel } from './paretoNbdCovariatePredictions.js';
import { drawnParameterNames, isPurchaseCovariatesModel, UNCERTAIN_KINDS, type UncertainClvModel } from './parameterUncertaintyProblems.js';

const FN = 'clvModelAtDraw';

/** The covariate kinds' prediction doors (their models may lack `standardErrors` and `fitted`). */
const COVARIATE_DOORS: Readonly<Record<string, (model: unknown, fn: string) => UncertainClvModel>> = {
  betaGeoCovariates: checkCovariatesModel,
  paretoNbdCovariates: checkParetoNbdCovariatesModel,
  gammaGammaCovariates: checkGammaGammaCovariatesModel,
  betaGeoBetaBinomialCovariates: checkBetaGeoBetaBinomialCovariatesModel,
};

/**
 * The model at one parameter draw of `clvParameterDraws`: a copy of `model` whose `params` (and,
 * for a model with covariates, `coefficients`) are the draw's, so that any prediction function of
 * the kind evaluates the draw — `betaGeoCovariatePredictions`, `paretoNbdCovariatePredictions`,
 * `betaGeoBetaBinomialCovariatePredictions`, `newCustomerExpectedPurchases`,
 * `conditionalExpectedSpendWithCovariates`, `customerLifetimeValue`, `betaGeoPredictions`, `conditionalExpectedSpend`….
 * A draw is a plain object keyed by `draws.names`: the model's positive parameters (`r`, `alpha`,
 * `a`, `b`; `r`, `alpha`, `s`, `beta`; `alpha`, `beta`, `gamma`, `delta`; `p`, `q`, `gamma`), then one coefficient per term, `purchase[term]` and
 * `dropout[term]` for a BG/NBD, Pareto/NBD or BG/BB with covariates (`shared[term]` with shared coefficients, written to
 * both processes), `spend[term]` for a Gamma-Gamma with covariates. The rest of the model (spec,
 * covariate levels, `standardErrors`, `fitted`) is the model's as parsed (defaults filled), unchanged: the result is for
 * evaluating predictions, not a new fit. At `draws.estimate` it is the fitted model's prediction
 * function for function.
 *
 * @param model The model the draws are of (fitted by `fitBetaGeo`, …, `fitBetaGeoWithCovariates`, `fitParetoNbdWithCovariates`,
 *   `fitBetaGeoBetaBinomialWithCovariates`, `fitGammaGammaWithCovariates`).
 * @param draw One of `draws.draws` (or `draws.estimate`): a finite number for every parameter name, positive for the model's parameters.
 * @throws {CustomerValueError} `invalid_model` (a kind `clvParameterDraws` does not take, or a model its kind's schema refuses); `invalid_value` (a missing or non-finite parameter, a model parameter ≤ 0).
 * @example
 * // CDNOW 1/10 sample (BTYD's cdnowSummary$cbs), a 0/1 covariate: customers acquired early
 * const summary = await readCsvFile('test/fixtures/loyalty/cdnow_btyd_cbs.csv');
 * const early = Array.from(summary.columns.T_cal, (T) => (T >= 32.5 ? 1 : 0));
 * const customers = { x: summary.columns.x, t_x: summary.columns.t_x, T_cal: summary.columns.T_cal, early };
 * const model = fitBetaGeoWithCovariates(customers, { timeUnit: 'week', columns: { frequency: 'x', recency: 't_x', T: 'T_cal' }, covariates: { columns: [{ column: 'early' }] } });
 * const draws = clvParameterDraws(model, customers, { method: 'delta', draws: 100, seed: 3 });
 * draws.names; // => ['r', 'alpha', 'a', 'b', 'purchase[early]', 'dropout[early]']
 * // each draw's expected purchases of every customer in the next 52 weeks
 * const perDraw = draws.draws.map((draw) => betaGeoCovariatePredictions(clvModelAtDraw(model, draw), customers, { horizon: 52 }).expectedPurchases);
 * perDraw.length; // => 100
 * // at the estimate, the fitted model's predictions
 * const atEstimate = betaGeoCovariatePredictions(clvModelAtDraw(model, draws.estimate), customers, { horizon: 52 }).expectedPurchases;
 * atEstimate[0] === betaGeoCovariatePredictions(model, customers, { horizon: 52 }).expectedPurchases[0]; // => true
 */
export function clvModelAtDraw<M extends UncertainClvModel>(model: M, draw: Readonly<Record<string, number>>): M {
  const kind = model !== null && typeof model === 'object' ? (model as { kind?: unknown }).kind : undefined;
  if (!UNCERTAIN_KINDS.includes(kind as UncertainClvModel['kind'])) {
    throw new CustomerValueError('invalid_model', `${FN}: expected a model whose parameters clvParameterDraws draws`, [
      {
        function: FN,
        path: 'model.kind',
        expected: UNCERTAIN_KINDS.map((k) => JSON.stringify(k)).join(', '),
        received: describeValue(kind),
        hint: 'pass the model you passed to clvParameterDraws',
      },
    ]);
  }
  // the model as parsed (defaults filled), never as given: its spec and terms are read below. A
  // covariate model goes through its predictions' door, which takes one written from published
  // parameters (without standard errors or fit record), as those predictions do
  const covariateDoor = COVARIATE_DOORS[kind as string];
  const checked = (covariateDoor === undefined ? assertModelKind(model, model.kind, FN) : covariateDoor(model, FN)) as M;
  return modelAtDraw(checked, draw);
}

/** `clvModelAtDraw` of a model already checked at a public door (no schema parse per draw). Internal. */
export function modelAtDraw<M extends UncertainClvModel>(model: M, draw: Readonly<Record<string, number>>): M {
  const { names, positive } = drawnParameterNames(model);
  const issues = new IssueList();
  const values = names.map((name, i) => {
    const v = draw !== null && typeof draw === 'object' ? (draw as Record<string, unknown>)[name] : undefined;
    if (!(typeof v === 'number' && Number.isFinite(v) && (i >= positive || v > 0)))
      issues.add({
        function: FN,
        path: `draw.${name}`,
        expected: i < positive ? 'a finite number > 0 (a model parameter)' : 'a finite number (a coefficient)',
        received: describeValue(v),
        hint: `pass one of clvParameterDraws(model, …).draws, keyed by its names (${names.join(', ')})`,
      });
    return v as number;
  });
  issues.throwIfAny('invalid_value', FN);
  const params = Object.fromEntries(names.slice(0, positive).map((name, i) => [name, values[i]]));
  const coefficients = values.slice(positive);
  if (isPurchaseCovariatesModel(model)) {
    const k = model.terms.length;
    const purchase = coefficients.slice(0, k);
    const dropout = model.spec.covariates.shared ? purchase.slice() : coefficients.slice(k, 2 * k);
    return { ...model, params, coefficients: { purchase, dropout } };
  }
  if (model.kind === 'gammaGammaCovariates') {
    const q = params.q;
    return { ...model, params, coefficients, populationMeanSpend: q > 1 ? (params.p * params.gamma) / (q - 1) : null };
  }
  return { ...model, params };
}

import * as z from 'zod/mini';
import { CustomerValueError } from '../../errors.js';
import { cholesky, solveInPlace } from '../../internal/cholesky.js';
import { finiteOrNull } from '../../internal/finiteOrNull.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { studentTTwoSided } from '../../internal/specialFunctions.js';
import type { TableInput } from '../../io/tableInput.js';
import { readSurvey } from '../surveyItems.js';
import { estimatePls, itemConstructCovariance, regression, subMatrix } from './plsEstimate.js';
import { plsFolds } from './plsFolds.js';
import { parsePlsSpec, type PlsPathModelSpec } from './plsPathModelSpec.js';
import { plsStructure, type PlsIndexStructure } from './plsStructure.js';
import { seedOption } from '../../internal/plsOptionSchemas.js';

const FN = 'plsPredict';

/** Options for `plsPredict`. */
export interface PlsPredictOptions {
  /** k of the k-fold cross-validation (default 10); at most the number of respondents (k = n is leave-one-out). */
  readonly folds?: number;
  /** Repetitions of the k-fold split, each with its own seeded shuffle (default 10). */
  readonly repetitions?: number;
  /** Seed of the fold assignment (default 1): the same seed gives the same folds and results. */
  readonly seed?: number;
}

/** Out-of-sample prediction error of one indicator or construct. */
export interface PlsPredictionError {
  /** Root mean squared prediction error, in the item's units (construct scores: standardized units). */
  readonly rmse: number;
  /** Mean absolute prediction error. */
  readonly mae: number;
  /** Q²predict = 1 − Σ(error)² / Σ(error of the training-mean prediction)²; null when the benchmark's errors are all 0. */
  readonly q2predict: number | null;
}

/** PLSpredict of one indicator of an endogenous construct, with its two benchmarks. */
export interface PlsPredictItem {
  readonly construct: string;
  readonly item: string;
  /** PLS-SEM's prediction (earliest antecedents, see `plsPredict`). */
  readonly pls: PlsPredictionError;
  /** Linear-model benchmark: OLS of the item on every indicator of the exogenous constructs, fitted on the training part. */
  readonly linearModel: PlsPredictionError;
  /** Indicator-average benchmark: the item's training mean (its Q²predict is 0 by definition). */
  readonly indicatorAverage: PlsPredictionError;
}

/** One CVPAT comparison: the paired t test of PLS-SEM's average loss against a benchmark's. */
export interface CvpatTest {
  /** Average over respondents of the squared prediction error (mean over the indicators compared). */
  readonly plsLoss: number;
  readonly benchmarkLoss: number;
  /** benchmarkLoss − plsLoss: positive when PLS-SEM predicts better. */
  readonly difference: number;
  /** difference / (SD of the respondents' loss differences / √n); null when those differences do not vary. */
  readonly t: number | null;
  /** p of H1 "PLS-SEM has the smaller loss" (Student's t, n − 1 df): the test Liengaard et al. (2021) recommend. */
  readonly pOneSided: number | null;
  /** p of H1 "the losses differ". */
  readonly pTwoSided: number | null;
}

/** CVPAT of PLS-SEM against the indicator-average and the linear-model benchmarks. */
export interface CvpatComparison {
  readonly vsIndicatorAverage: CvpatTest;
  readonly vsLinearModel: CvpatTest;
}

/** PLSpredict and CVPAT of a PLS path model. */
export interface PlsPredictResult {
  /** k, the repetitions and the seed used (the options after defaults). */
  readonly folds: number;
  readonly repetitions: number;
  readonly seed: number;
  /** Respondents used, and dropped by `spec.missing: 'skip'`. */
  readonly n: number;
  readonly skipped: number;
  /** Constructs without predecessors (their indicators are the predictors) and the endogenous constructs predicted. */
  readonly exogenous: readonly string[];
  readonly endogenous: readonly string[];
  /** Every indicator of every endogenous construct. */
  readonly items: readonly PlsPredictItem[];
  /** Every endogenous construct's score (its training weights applied to its hold-out items) against its prediction; the benchmark is the training mean of the score, 0. */
  readonly constructs: readonly (PlsPredictionError & { readonly construct: string })[];
  /** CVPAT over all endogenous indicators (`overall`) and per endogenous construct (its indicators). */
  readonly cvpat: { readonly overall: CvpatComparison; readonly constructs: readonly (CvpatComparison & { readonly construct: string })[] };
  /** For each repetition, the fold (1…folds) of each respondent used, in input order. */
  readonly foldOf: readonly (readonly number[])[];
  /** Training fits (of folds × repetitions) whose PLS iteration reached `spec.maxIter` (kept, as seminr does). */
  readonly notConverged: number;
}

/** @internal The options' schema fields (`assessPlsPathModel`'s `predict` option takes the same). */
export const plsPredictShape = {
  folds: z._default(z.int().check(z.gte(2), z.lte(1_000_000)), 10),
  repetitions: z._default(z.int().check(z.gte(1), z.lte(10_000)), 10),
  seed: seedOption(),
};

const optionsSchema = z.strictObject(plsPredictShape);

/**
 * PLSpredict (Shmueli, Ray, Velasquez Estrada & Chatla 2016; Shmueli et al. 2019's guidelines)
 * and CVPAT (Liengaard et al. 2021; Sharma et al. 2023): how well a PLS path model predicts
 * respondents it was not fitted on. The respondents are split into `folds` seeded folds,
 * `repetitions` times; each fold is held out in turn, the model is fitted on the rest, and the
 * hold-out respondents' indicators of every endogenous construct are predicted from their
 * indicators of the exogenous constructs only — the "earliest antecedents" route: hold-out items
 * standardized with the training means and SDs, exogenous construct scores from the training
 * outer weights, endogenous scores through the training path coefficients, items from the
 * training loadings, back to the item scale. Each respondent's prediction is the mean of its
 * `repetitions` out-of-sample predictions (as seminr's `predict_pls`). Per indicator: RMSE, MAE
 * and Q²predict (1 − SSE / SSE of the training-mean prediction; > 0: the model beats the
 * naive mean) for PLS-SEM, the linear-model benchmark (OLS of the indicator on all exogenous
 * indicators) and the indicator average; the same per endogenous construct score. CVPAT tests
 * whether PLS-SEM's average squared prediction error is below each benchmark's (paired t test on
 * the respondents' loss differences, one-sided p as Liengaard et al. recommend, two-sided too);
 * a respondent's loss is its mean squared error over the indicators compared, from its
 * repetition-averaged predictions, and the indicator average there is the training mean
 * (out of sample, as in Q²predict; seminrExtras' `assess_cvpat` uses the full-sample mean and a
 * bootstrap t). The folds depend only on `seed` (`foldOf` lists them), so the result does too,
 * on any machine.
 *
 * @param data Survey answers (rows, columns or an Arrow table) holding every item of the spec.
 * @param spec The model, as `fitPlsPathModel` takes it (`constructs`, `paths`, `scheme`, `maxIter`, `tolerance`, `missing`, `scale`).
 * @param options `folds` (10; 2 … n), `repetitions` (10), `seed` (1).
 * @throws {CustomerValueError} `invalid_spec` (the model or options), `missing_column`, `invalid_value` (more folds than respondents; an item constant in a fold's training part, naming the fold and item; collinear mode-B items, predecessors or exogenous items in a training part), `too_few_rows` (a training part with no more respondents than exogenous items + 1).
 * @example
 * const survey = (await readCsvFile('examples/data/ecsi_mobi.csv')).columns;
 * const spec = { constructs: { Image: { items: ['IMAG1', 'IMAG2', 'IMAG3'] }, Value: { items: ['PERV1', 'PERV2'] }, Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3'] } }, paths: [['Image', 'Satisfaction'], ['Value', 'Satisfaction']] };
 * const result = plsPredict(survey, spec, { folds: 10, repetitions: 5, seed: 42 });
 * result.items.map((i) => i.item); // => ['CUSA1', 'CUSA2', 'CUSA3']
 * result.items.every((i) => i.pls.q2predict > 0); // => true
 * result.cvpat.overall.vsIndicatorAverage.pOneSided < 0.001; // => true
 */
export function plsPredict(data: TableInput, spec: PlsPathModelSpec, options: PlsPredictOptions = {}): PlsPredictResult {
  const s = parsePlsSpec(spec, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const structure = plsStructure(s);
  const names = structure.names;
  const items = names.flatMap((name) => s.constructs[name].items);
  const survey = readSurvey(data, FN, items, s.scale ?? null, s.missing, [], 3);
  const n = survey.n;
  const p = items.length;
  const k = o.folds;
  if (k > n) {
    throw new CustomerValueError('invalid_value', `${FN}: ${k} folds for ${n} respondents`, [
      {
        function: FN,
        path: 'options.folds',
        expected: `at most ${n} folds (one per respondent is leave-one-out)`,
        received: String(k),
        hint: `set options.folds to ${n} or fewer (10 is the usual choice)`,
      },
    ]);
  }
  const rows = new Float64Array(n * p);
  let used = 0;
  for (let i = 0; i < survey.rowCount; i++) {
    if (survey.skip && survey.skip[i]) continue;
    for (let a = 0; a < p; a++) rows[used * p + a] = survey.items[a][i];
    used++;
  }
  const layout = predictionLayout(structure);
  const { endogenous, exogenousItems, endogenousItems, constructOf } = layout;
  const pe = endogenousItems.length;
  const ce = endogenous.length;
  // per respondent, the sum over repetitions of its out-of-sample predictions
  const predPls = new Float64Array(n * pe);
  const predLm = new Float64Array(n * pe);
  const predIa = new Float64Array(n * pe);
  const scoreActual = new Float64Array(n * ce);
  const scorePred = new Float64Array(n * ce);
  const foldOf: number[][] = [];
  let notConverged = 0;
  const C = names.length;
  const z = new Float64Array(p);
  const score = new Float64Array(C);
  const predicted = new Float64Array(C);
  for (let r = 0; r < o.repetitions; r++) {
    const fold = plsFolds(n, k, o.seed, r);
    foldOf.push(Array.from(fold, (f) => f + 1));
    for (let f = 0; f < k; f++) {
      const fit = fitTrainingPart(rows, n, p, fold, f, r, structure, layout, items);
      if (!fit.converged) notConverged++;
      const { means, sds, weights, B, loadings, lmBeta } = fit;
      for (let i = 0; i < n; i++) {
        if (fold[i] !== f) continue;
        for (let a = 0; a < p; a++) z[a] = (rows[i * p + a] - means[a]) / sds[a];
        for (let j = 0; j < C; j++) {
          let sum = 0;
          structure.blocks[j].forEach((a, x) => (sum += weights[j][x] * z[a]));
          score[j] = sum;
          predicted[j] = sum;
        }
        // earliest antecedents: only the exogenous scores are observed; every endogenous score is
        // predicted from its predicted predecessors, in topological order
        for (const j of layout.order) {
          let sum = 0;
          for (const i2 of structure.predecessors[j]) sum += B[i2 * C + j] * predicted[i2];
          predicted[j] = sum;
        }
        endogenousItems.forEach((a, q) => {
          predPls[i * pe + q] += means[a] + sds[a] * loadings[a] * predicted[constructOf[a]];
          let lm = 0;
          const beta = lmBeta[q];
          exogenousItems.forEach((b, x) => (lm += beta[x] * z[b]));
          predLm[i * pe + q] += means[a] + sds[a] * lm;
          predIa[i * pe + q] += means[a];
        });
        endogenous.forEach((j, t) => {
          scoreActual[i * ce + t] += score[j];
          scorePred[i * ce + t] += predicted[j];
        });
      }
    }
  }
  const R = o.repetitions;
  for (const array of [predPls, predLm, predIa, scoreActual, scorePred]) for (let x = 0; x < array.length; x++) array[x] /= R;
  const actual = (i: number, q: number) => rows[i * p + endogenousItems[q]];
  const itemErrors = (pred: Float64Array, q: number) =>
    predictionError(
      n,
      (i) => actual(i, q) - pred[i * pe + q],
      (i) => actual(i, q) - predIa[i * pe + q],
    );
  const resultItems: PlsPredictItem[] = endogenousItems.map((a, q) => ({
    construct: names[constructOf[a]],
    item: items[a],
    pls: itemErrors(predPls, q),
    linearModel: itemErrors(predLm, q),
    indicatorAverage: itemErrors(predIa, q),
  }));
  const resultConstructs = endogenous.map((j, t) => ({
    construct: names[j],
    ...predictionError(
      n,
      (i) => scoreActual[i * ce + t] - scorePred[i * ce + t],
      (i) => scoreActual[i * ce + t],
    ),
  }));
  const allEndogenous = endogenousItems.map((_, q) => q);
  const compare = (qs: readonly number[]): CvpatComparison => {
    const loss = (pred: Float64Array) => {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (const q of qs) sum += (actual(i, q) - pred[i * pe + q]) ** 2;
        out[i] = sum / qs.length;
      }
      return out;
    };
    const pls = loss(predPls);
    return { vsIndicatorAverage: cvpatTest(pls, loss(predIa)), vsLinearModel: cvpatTest(pls, loss(predLm)) };
  };
  return {
    folds: k,
    repetitions: R,
    seed: o.seed,
    n,
    skipped: survey.skipped,
    exogenous: layout.exogenous.map((j) => names[j]),
    endogenous: endogenous.map((j) => names[j]),
    items: resultItems,
    constructs: resultConstructs,
    cvpat: {
      overall: compare(allEndogenous),
      constructs: endogenous.map((j) => ({ construct: names[j], ...compare(allEndogenous.filter((q) => constructOf[endogenousItems[q]] === j)) })),
    },
    foldOf,
    notConverged,
  };
}

/** Which constructs and items are predictors and which are predicted, and the order to predict in. */
interface PredictionLayout {
  readonly exogenous: readonly number[];
  readonly endogenous: readonly number[];
  /** Endogenous constructs in an order where every predecessor comes first. */
  readonly order: readonly number[];
  readonly exogenousItems: readonly number[];
  readonly endogenousItems: readonly number[];
  /** Construct index of each item. */
  readonly constructOf: Int32Array;
}

function predictionLayout(structure: PlsIndexStructure): PredictionLayout {
  const C = structure.blocks.length;
  const exogenous: number[] = [];
  const endogenous: number[] = [];
  for (let j = 0; j < C; j++) (structure.predecessors[j].length === 0 ? exogenous : endogenous).push(j);
  const order: number[] = [];
  const done = new Uint8Array(C);
  for (const j of exogenous) done[j] = 1;
  while (order.length < endogenous.length) {
    // the spec has no cycle (parsePlsSpec), so each pass places at least one construct
    for (const j of endogenous) {
      if (!done[j] && structure.predecessors[j].every((i) => done[i])) {
        done[j] = 1;
        order.push(j);
      }
    }
  }
  const constructOf = new Int32Array(structure.blocks.reduce((sum, b) => sum + b.length, 0));
  structure.blocks.forEach((block, j) => block.forEach((a) => (constructOf[a] = j)));
  return {
    exogenous,
    endogenous,
    order,
    exogenousItems: exogenous.flatMap((j) => structure.blocks[j]),
    endogenousItems: endogenous.flatMap((j) => structure.blocks[j]),
    constructOf,
  };
}

/**
 * Fit the model on the training part (every respondent not in fold `f`): item means and SDs,
 * outer weights, path coefficients (B[from][to]), each item's loading on its construct, and the
 * linear-model benchmark's standardized coefficients (each endogenous item on all exogenous items).
 *
 * The prediction chain uses the composite estimates throughout: the weights give composite
 * scores, and the path coefficients and loadings are those of the same composites (correlations
 * and regressions of the composite scores). seminr #425 reports that `predict_pls` mixed PLSc's
 * disattenuated (factor-model) path coefficients and loadings with uncorrected composite scores
 * for reflective constructs; `fitPlsPathModel` estimates every construct as a composite (no PLSc
 * correction — SmartPLS's PLSpredict does the same for mode A), so here weights, paths and
 * loadings describe one and the same composite model. A consistent-PLS option must not reuse
 * this chain with corrected estimates.
 */
function fitTrainingPart(
  rows: Float64Array,
  n: number,
  p: number,
  fold: Int32Array,
  f: number,
  r: number,
  structure: PlsIndexStructure,
  layout: PredictionLayout,
  items: readonly string[],
) {
  const where = `fold ${f + 1} of repetition ${r + 1}`;
  let m = 0;
  for (let i = 0; i < n; i++) if (fold[i] !== f) m++;
  const px = layout.exogenousItems.length;
  if (m < px + 2) {
    throw new CustomerValueError('too_few_rows', `${FN}: the training part of ${where} has ${m} respondents for ${px} exogenous items`, [
      {
        function: FN,
        path: 'options.folds',
        expected: `training parts of at least ${px + 2} respondents (the linear-model benchmark regresses on ${px} exogenous items)`,
        received: `${m} respondents in the training part of ${where}`,
        hint: 'use fewer folds or more respondents',
      },
    ]);
  }
  const means = new Float64Array(p);
  for (let i = 0; i < n; i++) if (fold[i] !== f) for (let a = 0; a < p; a++) means[a] += rows[i * p + a];
  for (let a = 0; a < p; a++) means[a] /= m;
  const S = new Float64Array(p * p);
  const d = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    if (fold[i] === f) continue;
    for (let a = 0; a < p; a++) d[a] = rows[i * p + a] - means[a];
    for (let a = 0; a < p; a++) for (let b = a; b < p; b++) S[a * p + b] += d[a] * d[b];
  }
  const sds = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    sds[a] = Math.sqrt(S[a * p + a] / (m - 1));
    if (!(sds[a] > 0)) {
      const value = rows[Array.from(fold).findIndex((g) => g !== f) * p + a];
      throw new CustomerValueError('invalid_value', `${FN}: item "${items[a]}" is constant in the training part of ${where}`, [
        {
          function: FN,
          column: items[a],
          path: 'options.folds',
          expected: 'an item whose answers vary within every training part',
          received: `every training answer ${value} in ${where}`,
          hint: 'use fewer folds (options.folds) or another seed (options.seed), or drop the item',
        },
      ]);
    }
  }
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      const c = a === b ? 1 : S[a * p + b] / ((m - 1) * sds[a] * sds[b]);
      S[a * p + b] = c;
      S[b * p + a] = c;
    }
  }
  const names = structure.names;
  const collinear = (what: string, received: string, hint: string) =>
    new CustomerValueError('invalid_value', `${FN}: ${what} are perfectly collinear in the training part of ${where}`, [
      {
        function: FN,
        path: 'options.folds',
        expected: `${what} that are not linearly dependent in every training part`,
        received: `${received} in ${where}`,
        hint,
      },
    ]);
  structure.blocks.forEach((block, j) => {
    if (structure.modes[j] === 'B' && block.length > 1 && cholesky(subMatrix(S, p, block, block), block.length) === null)
      throw collinear(
        `the items of mode-B construct "${names[j]}"`,
        block.map((a) => items[a]).join(', '),
        'use fewer folds, drop a redundant item or use mode A',
      );
  });
  const estimate = estimatePls(S, p, structure);
  const C = names.length;
  const B = new Float64Array(C * C);
  for (const j of layout.endogenous) {
    const preds = structure.predecessors[j];
    const beta = regression(estimate.constructCorrelation, C, preds, j);
    if (beta.some((b) => !Number.isFinite(b)))
      throw collinear(`the predecessor scores of "${names[j]}"`, preds.map((i) => `"${names[i]}"`).join(', '), 'drop one of the collinear predecessors');
    preds.forEach((i, x) => (B[i * C + j] = beta[x]));
  }
  const cross = itemConstructCovariance(S, p, structure.blocks, estimate.weights);
  const loadings = new Float64Array(p);
  for (let a = 0; a < p; a++) loadings[a] = cross[a * C + layout.constructOf[a]];
  const exo = layout.exogenousItems;
  const L = cholesky(subMatrix(S, p, exo, exo), exo.length);
  if (L === null) throw collinear('the exogenous items', exo.map((a) => items[a]).join(', '), 'use fewer folds or drop a redundant exogenous item');
  const lmBeta = layout.endogenousItems.map((a) => {
    const beta = new Float64Array(exo.map((b) => S[b * p + a]));
    solveInPlace(L, exo.length, beta);
    return beta;
  });
  return { means, sds, weights: estimate.weights, B, loadings, lmBeta, converged: estimate.converged };
}

/** RMSE, MAE and Q²predict of errors `error(i)` against the benchmark's errors `benchmark(i)`. */
function predictionError(n: number, error: (i: number) => number, benchmark: (i: number) => number): PlsPredictionError {
  let sse = 0;
  let sae = 0;
  let sse0 = 0;
  for (let i = 0; i < n; i++) {
    const e = error(i);
    sse += e * e;
    sae += Math.abs(e);
    sse0 += benchmark(i) ** 2;
  }
  return { rmse: Math.sqrt(sse / n), mae: sae / n, q2predict: finiteOrNull(1 - sse / sse0) };
}

/** Paired t test of the benchmark's losses against PLS-SEM's (Liengaard et al. 2021). */
function cvpatTest(pls: Float64Array, benchmark: Float64Array): CvpatTest {
  const n = pls.length;
  let plsLoss = 0;
  let benchmarkLoss = 0;
  for (let i = 0; i < n; i++) {
    plsLoss += pls[i];
    benchmarkLoss += benchmark[i];
  }
  plsLoss /= n;
  benchmarkLoss /= n;
  const difference = benchmarkLoss - plsLoss;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (benchmark[i] - pls[i] - difference) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const t = sd > 0 ? finiteOrNull(difference / (sd / Math.sqrt(n))) : null;
  if (t === null) return { plsLoss, benchmarkLoss, difference, t: null, pOneSided: null, pTwoSided: null };
  const pTwoSided = studentTTwoSided(t, n - 1);
  return { plsLoss, benchmarkLoss, difference, t, pOneSided: t > 0 ? pTwoSided / 2 : 1 - pTwoSided / 2, pTwoSided };
}

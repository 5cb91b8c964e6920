import { finiteOrNull } from '../../internal/finiteOrNull.js';
import { MODEL_VERSION } from '../../internal/modelVersion.js';
import type { ModelFit } from '../../model/modelFit.js';
import type { Moments } from '../../internal/momentMatrix.js';
import type { TableInput } from '../../io/tableInput.js';
import { CustomerValueError } from '../../errors.js';
import { alphaOf } from '../cronbachAlpha.js';
import { readSurvey } from '../surveyItems.js';
import { varyingMoments } from '../varyingMoments.js';
import { cholesky } from '../../internal/cholesky.js';
import { estimatePlsFromMoments } from './estimatePlsFromMoments.js';
import { pathMatrix } from './pathMatrix.js';
import { itemConstructCovariance, subMatrix } from './plsEstimate.js';
import { parsePlsSpec, type ParsedPlsSpec, type PlsPathModelSpec } from './plsPathModelSpec.js';
import { plsStructure } from './plsStructure.js';
import { totalEffects } from './totalEffects.js';

const FN = 'fitPlsPathModel';

/** One construct of a fitted PLS path model: its measurement and reliability. */
export interface PlsConstruct {
  readonly name: string;
  readonly items: readonly string[];
  readonly mode: 'A' | 'B';
  /** Outer weights on standardized items (the construct score has unit variance). */
  readonly weights: readonly number[];
  /** Loadings: correlations of each item with the construct score. */
  readonly loadings: readonly number[];
  /** Cronbach's alpha from the item correlations (standardized alpha — what seminr reports). Null when not defined (see `fitted.warnings`). */
  readonly alpha: number | null;
  /** Cronbach's alpha from the item covariances (raw alpha — SPSS's and psych's `raw_alpha`). Null when not defined. */
  readonly alphaRaw: number | null;
  /** Composite reliability ρC (Jöreskog 1971) from the loadings. Null when not defined. */
  readonly rhoC: number | null;
  /** Dijkstra–Henseler ρA (2015) from the weights and item correlations. Null when not defined (e.g. uncorrelated items: 0/0). */
  readonly rhoA: number | null;
  /** Average variance extracted (Fornell & Larcker 1981): mean squared loading. */
  readonly ave: number | null;
  /** Item means and standard deviations (n − 1) of the fitted data, for scoring. */
  readonly itemMeans: readonly number[];
  readonly itemSds: readonly number[];
}

/**
 * A fitted PLS path model: plain JSON, ready for `JSON.stringify` / `parseModel`. What scoring
 * and interpretation read (constructs with weights, loadings and reliability, paths, effects, R²,
 * HTMT) stays at the top level; the record of the fit (respondents used and skipped, warnings,
 * iterations, convergence) is in `fitted` (see `ModelFit`).
 */
export interface PlsPathModel {
  readonly kind: 'plsPathModel';
  readonly version: number;
  readonly spec: ParsedPlsSpec;
  readonly constructs: readonly PlsConstruct[];
  /** Path coefficients (standardized regression coefficients of each endogenous construct on its predecessors). */
  readonly paths: readonly { readonly from: string; readonly to: string; readonly coefficient: number }[];
  /** Total effects (direct + indirect) between constructs with a directed route. */
  readonly totalEffects: readonly { readonly from: string; readonly to: string; readonly effect: number }[];
  /** R² and adjusted R² of each endogenous construct (adjusted null when n ≤ predecessors + 1: no residual degrees of freedom). */
  readonly rSquared: Readonly<Record<string, { readonly rSquared: number; readonly adjusted: number | null }>>;
  /** Correlations of the construct scores, in construct order. */
  readonly constructCorrelations: readonly (readonly number[])[];
  /** Correlation of every item with every construct score (rows: items in construct order). */
  readonly crossLoadings: readonly (readonly number[])[];
  /**
   * Heterotrait–monotrait ratios (Henseler, Ringle & Sarstedt 2015) for each pair of multi-item
   * constructs; null when a construct's mean within-block correlation is not positive.
   */
  readonly htmt: readonly { readonly a: string; readonly b: string; readonly value: number | null }[];
  /** Respondents used and dropped listwise; `warnings` say why a reliability figure or adjusted R² is null (not defined on these data; never NaN or ±Infinity). */
  readonly fitted: ModelFit<{ readonly iterations: number; readonly converged: boolean }>;
}

/**
 * Fit a PLS path model — the structural-equation model behind national customer satisfaction
 * indices (ACSI, ECSI) — by Wold's PLS algorithm (Lohmöller 1989; Tenenhaus, Esposito Vinzi,
 * Chatelin & Lauro 2005) on standardized items: outer weights (mode A or B per construct),
 * loadings, path coefficients, R², total effects, and the quality figures a report needs —
 * Cronbach's alpha (standardized, as seminr reports, and raw), composite reliability ρC, ρA,
 * AVE, HTMT and cross-loadings — with the iterations used and whether it converged (`fitted.diagnostics`). Estimates
 * equal seminr's (`estimate_pls`) on its own test fixtures. Construct scores: `scorePlsPathModel`.
 * A quality figure that is not defined on the data (ρA of uncorrelated items is 0/0; adjusted R²
 * with no residual degrees of freedom) is stored as null with its reason in `fitted.warnings`, so the
 * model never holds NaN or ±Infinity and always round-trips through `parseModel`.
 *
 * @param spec `constructs` (`{ Name: { items, mode } }`), `paths` (`[[from, to], ...]`), `scheme` (`'path'` default, `'centroid'`, `'factorial'`), `maxIter` (300), `tolerance` (1e-7), `missing`, `scale` (the answer scale, checked, and used by the 0–100 indices).
 * @throws {CustomerValueError} `invalid_spec` for a bad model (unknown construct, shared item, cycle...), `missing_column`, `invalid_value` (incl. a constant item), `too_few_rows`.
 * @example
 * const survey = (await readCsvFile('examples/data/ecsi_mobi.csv')).columns;
 * const model = fitPlsPathModel(survey, {
 *   constructs: { Image: { items: ['IMAG1', 'IMAG2', 'IMAG3', 'IMAG4', 'IMAG5'] }, Expectation: { items: ['CUEX1', 'CUEX2', 'CUEX3'] }, Value: { items: ['PERV1', 'PERV2'] }, Satisfaction: { items: ['CUSA1', 'CUSA2', 'CUSA3'] } },
 *   paths: [['Image', 'Satisfaction'], ['Expectation', 'Satisfaction'], ['Value', 'Satisfaction']],
 * });
 * // seminr's fixture for this model: 0.447004, 0.171830, 0.316425
 * model.paths.map((p) => Math.round(p.coefficient * 1e6) / 1e6); // => [0.447004, 0.17183, 0.316425]
 */
export function fitPlsPathModel(data: TableInput, spec: PlsPathModelSpec): PlsPathModel {
  return fitPlsPathModelFor(data, spec, FN);
}

/** @internal `fitPlsPathModel` whose errors name `fn`, for the functions that take a spec and fit it first. */
export function fitPlsPathModelFor(data: TableInput, spec: PlsPathModelSpec, fn: string): PlsPathModel {
  const s = parsePlsSpec(spec, fn);
  const names = Object.keys(s.constructs);
  const items = names.flatMap((name) => s.constructs[name].items);
  const survey = readSurvey(data, fn, items, s.scale ?? null, s.missing, [], 3);
  const moments = varyingMoments(fn, items, survey.items, survey.skip);
  const structure = plsStructure(s);
  // mode B regresses on the block's items: their correlation matrix must be invertible
  structure.blocks.forEach((block, j) => {
    if (structure.modes[j] === 'B' && block.length > 1 && cholesky(subMatrix(moments.correlation, items.length, block, block), block.length) === null) {
      throw new CustomerValueError('invalid_value', `${fn}: the items of mode-B construct "${names[j]}" are perfectly collinear`, [
        {
          function: fn,
          path: `spec.constructs.${names[j]}.items`,
          expected: 'mode-B items whose correlation matrix is invertible',
          received: s.constructs[names[j]].items.join(', '),
          hint: 'drop a redundant item or use mode A',
        },
      ]);
    }
  });
  const fitted = estimatePlsFromMoments(moments, structure, fn);
  // not converging is reported (`converged: false`), not thrown: seminr and cSEM return the last iterate too
  const { estimate } = fitted;
  const C = names.length;
  const R = estimate.constructCorrelation;
  const cross = itemConstructCovariance(moments.correlation, items.length, structure.blocks, estimate.weights);
  const constructs: PlsConstruct[] = names.map((name, j) => {
    const block = structure.blocks[j];
    const loadings = block.map((k) => cross[k * C + j]);
    const reliability = blockReliability(moments, block, estimate.weights[j], loadings);
    return {
      name,
      items: s.constructs[name].items,
      mode: s.constructs[name].mode,
      weights: Array.from(estimate.weights[j]),
      loadings,
      ...reliability,
      itemMeans: block.map((k) => moments.means[k]),
      itemSds: block.map((k) => moments.sds[k]),
    };
  });
  const n = survey.n;
  const rSquared: Record<string, { rSquared: number; adjusted: number | null }> = {};
  const warnings: string[] = [];
  for (const c of constructs) {
    const missing = (['alpha', 'alphaRaw', 'rhoC', 'rhoA', 'ave'] as const).filter((key) => c[key] === null);
    if (missing.length > 0)
      warnings.push(
        `${missing.join(', ')} of construct "${c.name}" not defined on these data (a zero denominator: items that are uncorrelated or cancel out): stored as null`,
      );
  }
  for (const [j, coefficients] of fitted.coefficients) {
    const preds = structure.predecessors[j];
    let r2 = 0;
    preds.forEach((i, k) => (r2 += coefficients[k] * R[i * C + j]));
    const adjusted = n - preds.length - 1 > 0 ? 1 - ((1 - r2) * (n - 1)) / (n - preds.length - 1) : null;
    if (adjusted === null)
      warnings.push(
        `adjusted R² of "${names[j]}" not defined: ${n} respondents for ${preds.length} predecessors leave no residual degrees of freedom: stored as null`,
      );
    rSquared[names[j]] = { rSquared: r2, adjusted };
  }
  const B = pathMatrix(fitted.coefficients, structure.predecessors, C);
  const totals = totalEffects(B, structure.paths, C);
  const totalList: { from: string; to: string; effect: number }[] = [];
  for (let i = 0; i < C; i++)
    for (let j = 0; j < C; j++) if (totals.reachable[i * C + j]) totalList.push({ from: names[i], to: names[j], effect: totals.effects[i * C + j] });
  return {
    kind: 'plsPathModel',
    version: MODEL_VERSION,
    spec: s,
    constructs,
    paths: s.paths.map(([from, to]) => {
      const j = names.indexOf(to);
      const i = names.indexOf(from);
      return { from, to, coefficient: B[i * C + j] };
    }),
    totalEffects: totalList,
    rSquared,
    constructCorrelations: Array.from({ length: C }, (_, i) => Array.from(R.subarray(i * C, i * C + C))),
    crossLoadings: items.map((_, k) => Array.from(cross.subarray(k * C, k * C + C))),
    htmt: htmtPairs(moments.correlation, items.length, names, structure.blocks),
    fitted: { n, skipped: survey.skipped, warnings, diagnostics: { iterations: estimate.iterations, converged: estimate.converged } },
  };
}

/** Reliability of one block: alphas, ρC, ρA, AVE. */
function blockReliability(moments: Moments, block: readonly number[], weights: Float64Array, loadings: readonly number[]) {
  const q = block.length;
  const p = moments.p;
  if (q === 1) return { alpha: 1, alphaRaw: 1, rhoC: 1, rhoA: 1, ave: finiteOrNull(loadings[0] * loadings[0]) };
  const alphas = alphaOf(moments, block);
  let sumL = 0;
  let sumL2 = 0;
  for (const l of loadings) {
    sumL += l;
    sumL2 += l * l;
  }
  const rhoC = (sumL * sumL) / (sumL * sumL + (q - sumL2));
  // ρA = (w'w)² · w'(S − diag S)w / w'(ww' − diag(ww'))w
  let ww = 0;
  let offS = 0;
  for (let a = 0; a < q; a++) {
    ww += weights[a] * weights[a];
    for (let b = 0; b < q; b++) if (a !== b) offS += weights[a] * moments.correlation[block[a] * p + block[b]] * weights[b];
  }
  // w'(ww' − diag(ww'))w = (w'w)² − Σ w⁴
  let sumW4 = 0;
  for (let a = 0; a < q; a++) sumW4 += weights[a] ** 4;
  const rhoA = (ww * ww * offS) / (ww * ww - sumW4);
  return { alpha: alphas.standardizedAlpha, alphaRaw: alphas.alpha, rhoC: finiteOrNull(rhoC), rhoA: finiteOrNull(rhoA), ave: finiteOrNull(sumL2 / q) };
}

/** HTMT for each pair of constructs with at least two items each. */
function htmtPairs(S: Float64Array, p: number, names: readonly string[], blocks: readonly (readonly number[])[]) {
  const monotrait = blocks.map((block) => {
    if (block.length < 2) return Number.NaN;
    let sum = 0;
    for (const a of block) for (const b of block) if (a !== b) sum += S[a * p + b];
    return sum / (block.length * (block.length - 1));
  });
  const pairs: { a: string; b: string; value: number | null }[] = [];
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      if (blocks[i].length < 2 || blocks[j].length < 2) continue;
      let sum = 0;
      for (const a of blocks[i]) for (const b of blocks[j]) sum += S[a * p + b];
      const hetero = sum / (blocks[i].length * blocks[j].length);
      const product = monotrait[i] * monotrait[j];
      pairs.push({ a: names[i], b: names[j], value: monotrait[i] > 0 && monotrait[j] > 0 ? hetero / Math.sqrt(product) : null });
    }
  }
  return pairs;
}

import { finiteOrNull } from '../../internal/finiteOrNull.js';
import { MODEL_VERSION } from '../../internal/modelVersion.js';
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
import { parsePlsSpec, type PlsPathModelSpec } from './plsPathModelSpec.js';
import { plsStructure } from './plsStructure.js';
import { totalEffects } from './totalEffects.js';
import type { PlsConstruct, PlsPathModel } from './fitPlsPathModel.js';

/**
 * @internal Fit a PLS path model from survey data, with errors naming `fn` — the body of
 * `fitPlsPathModel`, shared with the functions that take a spec and fit it first (their errors name them).
 */
export function plsPathModelFromData(data: TableInput, spec: PlsPathModelSpec, fn: string): PlsPathModel {
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

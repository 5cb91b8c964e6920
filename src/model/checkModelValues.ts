import { IssueList } from '../internal/issueList.js';
import { LOG1P_BOUND } from '../internal/inputDomain.js';
import type { ModelKind } from './kinds.js';
import { COVARIATE_PARAMETER_BOUND, coefficientsByCovariate, ETA_BOUND } from '../internal/covariatePredictor.js';
import type { BetaGeoCovariatesModel } from '../loyalty/clv/fitBetaGeoWithCovariates.js';

const MAX = Number.MAX_VALUE;
/** BG/NBD parameters are added to inputs (α + T, b + x − 1, r + x): at most 1e290 keeps every sum finite. */
const PARAMETER_BOUND = 1e290;

type Issue = { path: string; expected: string; received: number };

/**
 * Check that every value of a model that enters scoring arithmetic is finite and keeps that
 * arithmetic finite for every row its input domain accepts (`inputDomain`): a value pyramid's
 * weight/spread, a segment's 1/scale, an index's weights on its scale, BG/NBD parameters. The
 * schemas check types and signs; this checks what the arithmetic will do with the numbers (a
 * spread of 5e-324 makes weight/spread Infinity, a weight of 1e308 overflows the sum). Shared
 * by `parseModel`, `assertModelKind` (so every `score*` function, `compileScorer` and `toSql`).
 * Kinds that are not scored row by row are left to their schemas; every kind of the registry
 * (`kinds.ts`) has its case, so a new kind does not compile without one.
 *
 * @throws {CustomerValueError} `invalid_model` naming the field and the value.
 */
export function checkModelValues(model: unknown, fn: string): void {
  const issues: Issue[] = [];
  const m = model as { kind?: unknown } & Record<string, never>;
  const finiteWithin = (column: string, value: number, bound: number, expected: string) => {
    if (!(Math.abs(value) <= bound)) issues.push({ path: column, expected, received: value });
  };
  const kind = m.kind as ModelKind; // checked by the schema before this is called
  switch (kind) {
    case 'rfm': {
      const model = m as unknown as { thresholds: Record<string, number[]> };
      for (const d of ['recency', 'frequency', 'monetary']) {
        (model.thresholds[d] ?? []).forEach((t, j) => finiteWithin(`model.thresholds.${d}.${j}`, t, MAX, 'a finite threshold'));
      }
      break;
    }
    case 'valuePyramid': {
      const model = m as unknown as {
        spec: { dimensions: { transform?: string }[] };
        scaling: { center: number; spread: number; weight: number }[];
        thresholds: number[];
      };
      const half = MAX / (2 * model.spec.dimensions.length);
      model.scaling.forEach((s, j) => {
        const a = s.weight / s.spread;
        finiteWithin(`model.scaling.${j}.weight`, a, MAX, 'weight / spread finite (a spread too small for its weight)');
        finiteWithin(`model.scaling.${j}.center`, s.center, MAX, 'a finite center');
        // a log1p dimension's term a·(log1p(x) − c) is bounded by |a|·(710 + |c|) for every x > −1
        if (model.spec.dimensions[j]?.transform === 'log1p')
          finiteWithin(
            `model.scaling.${j}.weight`,
            Math.abs(a) * (LOG1P_BOUND + Math.abs(s.center)),
            half,
            `|weight / spread|·(710 + |center|) ≤ ${half.toPrecision(3)} (a finite value score for every input)`,
          );
      });
      model.thresholds.forEach((t, j) => finiteWithin(`model.thresholds.${j}`, t, MAX, 'a finite threshold'));
      break;
    }
    case 'satisfactionIndex': {
      const model = m as unknown as { spec: { scale: [number, number] }; weights: number[]; dimensions: { weights: number[] }[] | null };
      const [min, max] = model.spec.scale;
      const reach = Math.max(Math.abs(min), Math.abs(max));
      const limit = MAX / 400;
      finiteWithin('model.spec.scale', reach, limit, `a scale within ±${limit.toPrecision(3)}`);
      const sets = [
        { path: 'model.weights', weights: model.weights },
        ...(model.dimensions ?? []).map((d, g) => ({ path: `model.dimensions.${g}.weights`, weights: d.weights })),
      ];
      for (const { path, weights } of sets) {
        let sum = 0;
        weights.forEach((w, j) => {
          finiteWithin(`${path}.${j}`, w, MAX, 'a finite weight');
          sum += Math.abs(w) * reach;
        });
        finiteWithin(path, sum, limit, `Σ|weight|·max(|scale|) ≤ ${limit.toPrecision(3)} (a finite index for every answer)`);
      }
      // index100 = 100·(index − min)/(max − min), with |index| bounded as above
      finiteWithin(
        'model.spec.scale',
        (100 * (Math.abs(min) + sumOf(model.weights, reach))) / (max - min),
        MAX / 2,
        'a scale wide enough for a finite 0–100 index',
      );
      break;
    }
    case 'segments': {
      const model = m as unknown as { spec: { features: string[] }; scaling: { center: number; scale: number }[]; centers: number[][] };
      const zReach = Math.sqrt(MAX / (2 * model.spec.features.length)) / 2;
      model.scaling.forEach((s, j) => {
        finiteWithin(`model.scaling.${j}.scale`, 1 / s.scale, MAX, '1 / scale finite (a scale too small)');
        finiteWithin(`model.scaling.${j}.center`, s.center, MAX, 'a finite center');
      });
      model.centers.forEach((center, c) =>
        center.forEach((v, j) => finiteWithin(`model.centers.${c}.${j}`, v, zReach, `a center coordinate within ±${zReach.toPrecision(3)} (finite distances)`)),
      );
      break;
    }
    case 'betaGeo': {
      const model = m as unknown as { params: Record<string, number> };
      for (const p of ['r', 'alpha', 'a', 'b']) {
        const v = model.params[p];
        if (!(v > 0 && v <= PARAMETER_BOUND))
          issues.push({ path: `model.params.${p}`, expected: `a parameter > 0 and ≤ ${PARAMETER_BOUND} (finite P(alive) for every history)`, received: v });
      }
      break;
    }
    case 'betaGeoCovariates': {
      // each customer's exp(ln θ ± γ'z) must stay a normal double for every accepted row: the
      // parameters within [1e-100, 1e100], and a categorical level's coefficient within
      // ±ETA_BOUND / terms (numeric covariates are bounded by the input domain instead)
      const model = m as unknown as BetaGeoCovariatesModel;
      for (const p of ['r', 'alpha', 'a', 'b'] as const) {
        const v = model.params[p];
        if (!(v >= 1 / COVARIATE_PARAMETER_BOUND && v <= COVARIATE_PARAMETER_BOUND))
          issues.push({ path: `model.params.${p}`, expected: 'a parameter within [1e-100, 1e100] (finite P(alive) for every customer)', received: v });
      }
      const bound = ETA_BOUND / model.terms.length;
      for (const process of ['purchase', 'dropout'] as const) {
        coefficientsByCovariate(model.covariates, model.coefficients[process]).forEach((g, j) => {
          if (model.covariates[j].type !== 'categorical') return;
          let t = model.covariates.slice(0, j).reduce((sum, c) => sum + (c.type === 'numeric' ? 1 : c.levels.length - 1), 0);
          for (const v of g) {
            finiteWithin(`model.coefficients.${process}.${t}`, v, bound, `a level coefficient within ±${bound.toPrecision(3)} (400 / terms: finite P(alive))`);
            t += 1;
          }
        });
      }
      break;
    }
    // not scored row by row (kinds.ts): the schema's positive, finite parameters are the check
    case 'gammaGammaCovariates':
    case 'paretoNbdCovariates':
    case 'betaGeoBetaBinomialCovariates':
    case 'gammaGamma':
    case 'plsPathModel':
    case 'shiftedBetaGeometric':
    case 'betaDiscreteWeibull':
    case 'betaGeoBetaBinomial':
      return;
    // not scored row by row: positive, finite parameters (the schema) give finite predictions
    case 'paretoNbd':
    case 'modifiedBetaGeo':
      return;
    default: {
      // every kind of the registry is a case above: a new kind fails to compile until it has one
      const unchecked: never = kind;
      return unchecked;
    }
  }
  if (issues.length === 0) return;
  const list = new IssueList();
  for (const issue of issues) list.add({ function: fn, path: issue.path, expected: issue.expected, received: String(issue.received) });
  list.throwIfAny('invalid_model', fn);
}

function sumOf(weights: readonly number[], reach: number): number {
  let sum = 0;
  for (const w of weights) sum += Math.abs(w) * reach;
  return sum;
}

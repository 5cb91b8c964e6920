import type { ModelFit } from '../../model/modelFit.js';
import type { ParsedPlsSpec, PlsPathModelSpec } from './plsPathModelSpec.js';
import type { TableInput } from '../../io/tableInput.js';
import { plsPathModelFromData } from './plsPathModelFromData.js';

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
  return plsPathModelFromData(data, spec, FN);
}

// The rules of thumb `assessPlsPathModel` attaches to its figures, with their sources: their own
// module, so a chart or report that marks a threshold imports no estimation code.

/** A rule of thumb and where it comes from, carried next to every figure it judges. */
export interface PlsGuideline {
  /** The rule in words, e.g. `'HTMT < 0.85 (conceptually distinct constructs) or < 0.90 (conceptually similar)'`. */
  readonly rule: string;
  /** The cut-offs the rule names, in increasing order. */
  readonly limits: readonly number[];
  /** The publication the rule is taken from. */
  readonly source: string;
}

const HAIR_2019 = 'Hair, Risher, Sarstedt & Ringle 2019 (European Business Review 31(1))';
const SHMUELI_2019 = 'Shmueli et al. 2019 (European Journal of Marketing 53(11))';
const RELIABILITY_RULE = '0.70 ≤ value ≤ 0.95 (0.60–0.70 acceptable in exploratory research; above 0.95 suggests redundant items)';

/** The figures `PLS_GUIDELINES` has a guideline for. */
export type PlsGuidelineName =
  | 'alpha'
  | 'rhoA'
  | 'rhoC'
  | 'ave'
  | 'loading'
  | 'fornellLarcker'
  | 'crossLoadings'
  | 'htmt'
  | 'htmt2'
  | 'htmtInference'
  | 'vif'
  | 'fSquared'
  | 'rSquared'
  | 'srmr'
  | 'q2predict'
  | 'predictLinearModel'
  | 'cvpat';

const GUIDELINES = {
  alpha: { rule: RELIABILITY_RULE, limits: [0.6, 0.7, 0.95], source: `Nunnally & Bernstein 1994; ${HAIR_2019}` },
  rhoA: { rule: RELIABILITY_RULE, limits: [0.6, 0.7, 0.95], source: `Dijkstra & Henseler 2015; ${HAIR_2019}` },
  rhoC: { rule: RELIABILITY_RULE, limits: [0.6, 0.7, 0.95], source: `Jöreskog 1971; ${HAIR_2019}` },
  ave: { rule: 'AVE ≥ 0.50', limits: [0.5], source: 'Fornell & Larcker 1981' },
  loading: { rule: 'outer loading ≥ 0.708 (the construct explains at least half the item variance)', limits: [0.708], source: HAIR_2019 },
  fornellLarcker: { rule: '√AVE of a construct > its largest absolute correlation with another construct', limits: [], source: 'Fornell & Larcker 1981' },
  crossLoadings: { rule: "an item's loading on its own construct > its correlation with every other construct", limits: [], source: 'Chin 1998' },
  htmt: {
    rule: 'HTMT < 0.85 (conceptually distinct constructs) or < 0.90 (conceptually similar constructs)',
    limits: [0.85, 0.9],
    source: 'Henseler, Ringle & Sarstedt 2015',
  },
  htmt2: {
    rule: 'HTMT2 < 0.85 (conceptually distinct constructs) or < 0.90 (conceptually similar constructs)',
    limits: [0.85, 0.9],
    source: 'Roemer, Schuberth & Henseler 2021; thresholds of Henseler, Ringle & Sarstedt 2015',
  },
  htmtInference: {
    rule: 'H0: HTMT ≥ threshold is rejected (discriminant validity established) when the one-sided bootstrap upper bound of HTMT is below the threshold: 0.85, 0.90 or 1',
    limits: [0.85, 0.9, 1],
    source: 'Henseler, Ringle & Sarstedt 2015 (HTMT_inference); Franke & Sarstedt 2019 (Internet Research 29(3))',
  },
  vif: { rule: 'VIF < 5, ideally < 3', limits: [3, 5], source: HAIR_2019 },
  fSquared: { rule: 'f² ≥ 0.02 small, ≥ 0.15 medium, ≥ 0.35 large effect', limits: [0.02, 0.15, 0.35], source: 'Cohen 1988' },
  rSquared: {
    rule: 'R² ≥ 0.25 weak, ≥ 0.50 moderate, ≥ 0.75 substantial (depends on the discipline)',
    limits: [0.25, 0.5, 0.75],
    source: 'Hair, Ringle & Sarstedt 2011; Henseler, Ringle & Sinkovics 2009',
  },
  srmr: { rule: 'SRMR < 0.08', limits: [0.08], source: 'Hu & Bentler 1999; Henseler et al. 2014 for PLS' },
  q2predict: {
    rule: 'Q²predict > 0: the model predicts the indicator better than its training mean (the indicator-average benchmark)',
    limits: [0],
    source: SHMUELI_2019,
  },
  predictLinearModel: {
    rule: 'with Q²predict > 0, PLS-SEM RMSE (MAE when the prediction errors are strongly skewed) below the linear-model benchmark for all indicators: high, for the majority (or the same number): medium, for a minority: low, for none: no predictive power',
    limits: [0, 0.5, 1],
    source: SHMUELI_2019,
  },
  cvpat: {
    rule: "PLS-SEM's average loss significantly lower than the benchmark's (indicator average, linear model): one-sided paired t test, p < 0.05",
    limits: [0.05],
    source: 'Liengaard et al. 2021 (Decision Sciences 52(2)); benchmarks as Sharma et al. 2023 (European Journal of Marketing 57(6))',
  },
} as const satisfies Record<PlsGuidelineName, PlsGuideline>;

/**
 * The guidelines (rule, cut-offs, source) that `assessPlsPathModel` attaches to its figures, by
 * figure: `alpha`, `rhoA`, `rhoC`, `ave`, `loading`, `fornellLarcker`, `crossLoadings`, `htmt`,
 * `htmt2`, `htmtInference` (the bootstrap test of HTMT against a threshold), `vif`, `fSquared`, `rSquared`, `srmr`,
 * and with PLSpredict `q2predict`, `predictLinearModel` (the share of indicators where PLS-SEM beats the
 * linear-model benchmark) and `cvpat`. Frozen; for charts that mark a threshold.
 *
 * @example
 * PLS_GUIDELINES.htmt.limits; // => [0.85, 0.9]
 * PLS_GUIDELINES.fSquared.source; // => 'Cohen 1988'
 * PLS_GUIDELINES.q2predict.limits; // => [0]
 */
export const PLS_GUIDELINES: Readonly<Record<PlsGuidelineName, PlsGuideline>> = Object.freeze(
  Object.fromEntries(Object.entries(GUIDELINES).map(([key, g]) => [key, Object.freeze({ ...g, limits: Object.freeze([...g.limits]) })])),
) as Readonly<Record<PlsGuidelineName, PlsGuideline>>;

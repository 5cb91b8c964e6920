/**
 * The record of a fit, under `model.fitted` on every model kind, with the same keys everywhere.
 *
 * Rule for every model: a field stays at the top level when scoring or interpreting the model
 * reads it (what was estimated: parameters and their standard errors, thresholds, scalings,
 * weights, loadings, centers, paths and the figures that describe them); what only records the
 * fit on its training data — rows used and skipped, warnings, how the optimizer ran, checks and
 * tallies of the data — lives in `fitted`, its kind-specific part in `fitted.diagnostics`.
 */
export interface ModelFit<Diagnostics extends object> {
  /** Rows (customers, respondents) the model was fitted on. */
  readonly n: number;
  /** Rows skipped for a missing value under `missing: 'skip'` (0 otherwise). */
  readonly skipped: number;
  /** Human-readable warnings about the fit; `[]` when none. */
  readonly warnings: readonly string[];
  /** Kind-specific figures about the fit (iterations, convergence, log-likelihood, data checks and tallies). */
  readonly diagnostics: Diagnostics;
}

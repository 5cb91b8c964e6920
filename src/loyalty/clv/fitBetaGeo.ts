import { z } from 'zod';
import { CustomerValueError } from '../../errors.js';
import { hessianStandardErrors } from '../../internal/hessianStandardErrors.js';
import { screenAndPolish } from '../../internal/screenAndPolish.js';
import { newtonPolish } from '../../internal/newtonPolish.js';
import { MODEL_VERSION } from '../../internal/modelVersion.js';
import type { ModelFit } from '../../model/modelFit.js';
import { parseSpec } from '../../internal/parseSpec.js';
import type { TableInput } from '../../io/tableInput.js';
import { betaGeoLogLikelihood, prepareBetaGeoData, subsampleBetaGeoData, type BetaGeoData } from './betaGeoLikelihood.js';
import { readPurchaseSummary } from './purchaseSummary.js';
import { betaGeoSpecSchema, type BetaGeoParams, type BetaGeoSpec } from './betaGeoSpec.js';

const FN = 'fitBetaGeo';
/** Above this many distinct histories, starting points are screened on a subsample. */
const SCREEN_GROUPS = 50_000;

/**
 * A fitted BG/NBD model. What scoring and interpretation read (parameters, standard errors) stays
 * at the top level; the record of the fit (customers used and skipped, warnings, log-likelihood,
 * distinct histories, iterations) is in `fitted` (see `ModelFit`).
 */
export interface BetaGeoModel {
  readonly kind: 'betaGeo';
  readonly version: number;
  readonly spec: z.output<typeof betaGeoSpecSchema>;
  readonly params: BetaGeoParams;
  /** From the inverse observed information (numerical Hessian of the log-likelihood); null if it is not positive definite. */
  readonly standardErrors: BetaGeoParams | null;
  readonly fitted: ModelFit<{
    /** Maximized log-likelihood (sum over customers). */
    readonly logLikelihood: number;
    /** Distinct (x, t_x, T) rows the likelihood was evaluated on. */
    readonly groups: number;
    /** BFGS iterations (all starts, screening and polish). */
    readonly iterations: number;
    /** Newton steps that finished the fit (relative step below 1e-12). */
    readonly newtonSteps?: number;
  }>;
}

/**
 * Fit the BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting your customers the
 * easy way") by maximum likelihood on `{frequency, recency, T}` per customer.
 *
 * Method: the log-likelihood in log-sum-exp form (no overflow for heavy buyers), maximized over
 * log-parameters by BFGS with the analytic gradient (digamma terms), from several starting
 * points (default: (1, 1, 1, 1) and two starts scaled to the observed purchase rate); the best
 * converged fit wins. With more than 50,000 distinct histories the starts are screened on an
 * every-k-th subsample and the winner is polished to convergence on all the data. Customers with identical (x, t_x, T) are grouped and weighted, and Γ/ψ
 * terms are computed once per distinct x, so millions of customers cost little more than their
 * distinct rows. The distinct histories are summed over in a canonical (sorted) order and the fit
 * is finished by Newton steps (Hessian from central differences of the analytic gradient) until
 * the relative step is below 1e-12, so the same customers in any row order give the same
 * optimum. Standard errors come from a numerical Hessian of the analytic gradient.
 *
 * Grouped input: with `columns.count`, each row is a history shared by that many customers (a
 * whole number ≥ 1), e.g. `SELECT frequency, recency, T, COUNT(*) AS customers FROM summary
 * GROUP BY 1, 2, 3`. The fit is exact, not an approximation: parameters, standard errors and
 * log-likelihood equal the fit on one row per customer; `fitted.n` is the sum of the counts and
 * `fitted.diagnostics.groups` the distinct histories. `fitted.skipped` counts rows.
 *
 * @throws {CustomerValueError} `invalid_spec`; `missing_column`; `invalid_value` (negative or fractional frequency, recency > T...); `too_few_rows`; `not_converged` with what to try.
 * @example
 * // The whole CDNOW log, calibration to 1997-09-30 (the 1/10 sample gives Fader, Hardie & Lee's
 * // published r = 0.243, α = 4.414, a = 0.793, b = 2.426; see the tests)
 * const log = await readCsvFile('examples/data/cdnow_master.csv');
 * const summary = summarizeTransactions(log.columns, { customer: 'customer_id', date: 'date', amount: 'dollar_value', observationEnd: '1997-09-30', timeUnit: 'week' });
 * const model = fitBetaGeo(summary, { timeUnit: 'week' });
 * Object.values(model.params).map((v) => Math.round(v * 1000) / 1000); // => [0.252, 4.789, 0.723, 2.161]
 * model.fitted.n; // => 23570
 * // The same customers as a histogram of distinct histories with a count (what a GROUP BY returns)
 * const counts = new Map();
 * summary.frequency.forEach((x, i) => {
 *   const key = [x, summary.recency[i], summary.T[i]].join(' ');
 *   counts.set(key, (counts.get(key) ?? 0) + 1);
 * });
 * const histogram = [...counts].map(([key, customers]) => {
 *   const [frequency, recency, T] = key.split(' ').map(Number);
 *   return { frequency, recency, T, customers };
 * });
 * const grouped = fitBetaGeo(histogram, { timeUnit: 'week', columns: { count: 'customers' } });
 * [grouped.fitted.n, grouped.fitted.diagnostics.groups === histogram.length]; // => [23570, true]
 * Math.abs(grouped.params.r / model.params.r - 1) < 1e-9; // => true
 */
export function fitBetaGeo(summary: TableInput, spec: BetaGeoSpec): BetaGeoModel {
  const s = parseSpec(betaGeoSpecSchema, spec, FN);
  const read = readPurchaseSummary(summary, FN, s.columns, s.timeUnit, s.missing, { minimumRows: 2, counts: true });
  const data = prepareBetaGeoData(read.x, read.tx, read.T, read.skip, read.count);
  let repeaters = 0;
  let purchases = 0;
  let exposure = 0;
  for (let g = 0; g < data.x.length; g++) {
    if (data.x[g] > 0) repeaters += data.weight[g];
    purchases += data.weight[g] * data.x[g];
    exposure += data.weight[g] * data.T[g];
  }
  if (repeaters === 0) {
    throw new CustomerValueError('too_few_rows', `${FN}: no customer made a repeat purchase, so the model cannot be fitted`, [
      {
        function: FN,
        column: s.columns.frequency,
        expected: 'some customers with frequency > 0',
        received: 'all 0',
        hint: 'observe customers for longer, or check the frequency column',
      },
    ]);
  }
  const rate = purchases / Math.max(exposure, 1e-12);
  const starts = s.starts ?? [
    { r: 1, alpha: 1, a: 1, b: 1 },
    { r: 1, alpha: 1 / rate, a: 1, b: 3 },
    { r: 0.3, alpha: 0.3 / rate, a: 0.5, b: 5 },
  ];
  // Starting points are screened on at most ~50,000 groups; the winner is then polished on all
  // the data, warm-started with the screening run's inverse Hessian (same per-customer scale).
  const screen = data.x.length > SCREEN_GROUPS ? subsampleBetaGeoData(data, Math.ceil(data.x.length / SCREEN_GROUPS)) : data;
  const objectiveOn = (d: BetaGeoData) => {
    const scale = 1 / d.customers;
    return (logParams: Float64Array, gradient: Float64Array): number => {
      const ll = betaGeoLogLikelihood(Array.from(logParams, Math.exp), d, gradient);
      for (let i = 0; i < 4; i++) gradient[i] *= -scale;
      return -ll * scale;
    };
  };
  const fullObjective = objectiveOn(data);
  const { best, attempt, iterations } = screenAndPolish(
    screen === data ? fullObjective : objectiveOn(screen),
    fullObjective,
    starts.map((start) => [start.r, start.alpha, start.a, start.b].map(Math.log)),
    { maxIterations: s.maxIterations, gradientTolerance: 1e-9 },
  );
  if (best === null) {
    const found = Array.from(attempt.x, Math.exp)
      .map((v) => v.toPrecision(4))
      .join(', ');
    throw new CustomerValueError('not_converged', `${FN}: the maximum-likelihood fit did not converge from ${starts.length} starting points`, [
      {
        function: FN,
        expected: 'a converged fit (gradient ≈ 0)',
        received: `best (r, α, a, b) = (${found}), gradient ${attempt.gradientNorm.toExponential(2)}`,
        hint: 'check spec.timeUnit matches the summary (α scales with it); pass spec.starts near a plausible solution; raise maxIterations; with few repeat customers a and b may not be identified',
      },
    ]);
  }
  // Finish with Newton steps to the step tolerance: the optimum then no longer depends on where
  // BFGS stopped, and (with the canonical grouping) not on the order of the customers.
  const polished = newtonPolish(fullObjective, best.x, { stepTolerance: 1e-12, maxSteps: 20 });
  const [r, alpha, a, b] = Array.from(polished.x, Math.exp);
  const params = { r, alpha, a, b };
  const warnings: string[] = [];
  if (a > 1e4 || b > 1e4)
    warnings.push(`a = ${a.toPrecision(4)}, b = ${b.toPrecision(4)}: the dropout process is barely identified (almost no one appears to drop out)`);
  const standardErrors = betaGeoStandardErrors(params, data);
  if (standardErrors === null) warnings.push('the observed information matrix is not positive definite: standard errors are not available');
  return {
    kind: 'betaGeo',
    version: MODEL_VERSION,
    spec: s,
    params,
    standardErrors,
    fitted: {
      n: read.n,
      skipped: read.skipped,
      warnings,
      diagnostics: {
        logLikelihood: betaGeoLogLikelihood([r, alpha, a, b], data, null),
        groups: data.x.length,
        iterations,
        newtonSteps: polished.steps,
      },
    },
  };
}

/** Standard errors of (r, α, a, b) from the analytic gradient's numerical Jacobian. */
function betaGeoStandardErrors(params: BetaGeoParams, data: BetaGeoData): BetaGeoParams | null {
  const se = hessianStandardErrors([params.r, params.alpha, params.a, params.b], (t) => {
    const g = new Float64Array(4);
    betaGeoLogLikelihood(t, data, g);
    return g.map((v, i) => v / t[i]); // ∂ℓ/∂ln θ → ∂ℓ/∂θ
  });
  return se === null ? null : { r: se[0], alpha: se[1], a: se[2], b: se[3] };
}

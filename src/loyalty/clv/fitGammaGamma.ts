import * as z from 'zod';
import { describeValue } from '../../errors.js';
import { runSteps } from '../../internal/optimizationSteps.js';
import { canonicalGroups } from '../../internal/canonicalGroups.js';
import type { ModelFit } from '../../model/modelFit.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { IssueList } from '../../internal/issueList.js';
import type { TableInput } from '../../io/tableInput.js';
import { readPurchaseSummary, type summaryColumnsSchema } from './purchaseSummary.js';
import { gammaGammaSpecSchema, type GammaGammaSpec } from './gammaGammaSpec.js';
import type { MissingValues } from '../../io/missingValues.js';
import { gammaGammaLogLikelihood, prepareGammaGammaData, subsampleGammaGammaData } from './gammaGammaLikelihood.js';
import { GAMMA_GAMMA_SCREEN_ROWS, gammaGammaFitSteps } from './gammaGammaFitSteps.js';

const FN = 'fitGammaGamma';

/** Gamma-Gamma parameters: transaction values ~ Gamma(p, ν), ν ~ Gamma(q, γ). */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

/**
 * A fitted Gamma-Gamma spend model. What scoring and interpretation read (parameters, standard
 * errors, the population mean spend) stays at the top level; the record of the fit (repeat
 * customers used, rows skipped, warnings, log-likelihood, customers left out, the
 * frequency–spend correlation, iterations) is in `fitted` (see `ModelFit`).
 */
export interface GammaGammaModel {
  readonly kind: 'gammaGamma';
  readonly version: number;
  readonly spec: z.output<typeof gammaGammaSpecSchema>;
  readonly params: GammaGammaParams;
  readonly standardErrors: GammaGammaParams | null;
  /** Expected mean transaction value of a new customer, p·γ/(q − 1) (null when q ≤ 1). */
  readonly populationMeanSpend: number | null;
  /** `n`: repeat customers the model was fitted on (frequency > 0). */
  readonly fitted: ModelFit<{
    readonly logLikelihood: number;
    /** Customers left out because they made no repeat purchase. */
    readonly withoutRepeat: number;
    /** Repeat customers left out for a mean spend ≤ 0 (`nonPositiveSpend: 'exclude'`). */
    readonly nonPositiveExcluded: number;
    /** Pearson correlation of frequency and mean spend among repeat customers (the model assumes none). */
    readonly frequencyMonetaryCorrelation: number;
    /** Distinct (x, m̄) rows the likelihood was evaluated on. */
    readonly groups?: number;
    /** BFGS iterations (all starts, screening and polish). */
    readonly iterations: number;
    /** Newton steps that finished the fit (relative step below 1e-12). */
    readonly newtonSteps?: number;
  }>;
}

/**
 * Fit the Gamma-Gamma model of monetary value (Fader & Hardie 2013, "The Gamma-Gamma Model of
 * Monetary Value"; Colombo & Jiang 1999) by maximum likelihood on the repeat customers'
 * frequency x and mean repeat-purchase value m̄:
 *   ℓ = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q·ln γ + (px−1)·ln m̄ + px·ln x − (px+q)·ln(γ + x·m̄),
 * by BFGS on log-parameters with the analytic gradient (above 50,000 distinct rows: the starts
 * screened on an every-k-th subsample), finished on all the data by Newton steps on the analytic
 * Hessian until the relative step is below 1e-12; standard errors from that Hessian.
 * Identical (x, m̄) customers are grouped and summed over in a canonical (sorted) order, so the
 * same customers in any row order give the same optimum. Customers with frequency 0 carry no
 * spend information and are left out (counted). The model assumes spend is independent of
 * purchase frequency: the correlation is reported and a warning given when |r| ≥ 0.3.
 *
 * Grouped input: with `columns.count`, each row stands for that many customers with the same
 * frequency and mean spend (a whole number ≥ 1), e.g. `SELECT frequency, monetary, COUNT(*) AS
 * customers FROM summary GROUP BY 1, 2`. The fit is exact: the same parameters and standard
 * errors as on one row per customer; `fitted.n`, `withoutRepeat` and `nonPositiveExcluded` count
 * customers (sums of the counts), `fitted.diagnostics.groups` the distinct (x, m̄) fitted on.
 *
 * @throws {CustomerValueError} `invalid_value` (a repeat customer with mean spend ≤ 0); `too_few_rows` (fewer than 3 repeat customers); `not_converged`.
 * @example
 * // The whole CDNOW log, calibration to 1997-09-30 (the 1/10 sample gives the note's
 * // p = 6.25, q = 3.74, γ = 15.44; see the tests). One repeat buyer spent $0 and is left out.
 * const log = await readCsvFile('examples/data/cdnow_master.csv');
 * const summary = summarizeTransactions(log.columns, { customer: 'customer_id', date: 'date', amount: 'dollar_value', observationEnd: '1997-09-30', timeUnit: 'week' });
 * const model = fitGammaGamma(summary, { nonPositiveSpend: 'exclude' });
 * Object.values(model.params).map((v) => Math.round(v * 100) / 100); // => [6.28, 3.62, 14.98]
 * [model.fitted.n, model.fitted.diagnostics.withoutRepeat, model.fitted.diagnostics.nonPositiveExcluded]; // => [9450, 14119, 1]
 * // Grouped input: one row per distinct (frequency, monetary) with how many customers share it
 * const counts = new Map();
 * summary.frequency.forEach((x, i) => {
 *   const key = `${x} ${summary.monetary[i]}`;
 *   counts.set(key, (counts.get(key) ?? 0) + 1);
 * });
 * const histogram = [...counts].map(([key, customers]) => {
 *   const [frequency, monetary] = key.split(' ').map(Number);
 *   return { frequency, monetary, customers };
 * });
 * const grouped = fitGammaGamma(histogram, { nonPositiveSpend: 'exclude', columns: { count: 'customers' } });
 * [grouped.fitted.n, grouped.fitted.diagnostics.withoutRepeat]; // => [9450, 14119]
 * Math.abs(grouped.params.p / model.params.p - 1) < 1e-9; // => true
 */
export function fitGammaGamma(summary: TableInput, spec: GammaGammaSpec = {}): GammaGammaModel {
  const s = parseSpec(gammaGammaSpecSchema, spec, FN);
  const read = readMonetary(summary, FN, s.columns, s.missing, s.nonPositiveSpend);
  // Identical (x, m̄) customers grouped in canonical (sorted) order: raw rows in any order and a
  // grouped table with a count column give the same groups, so the same likelihood to the bit.
  const grouped = canonicalGroups([read.x, read.m], read.x.length, null, read.count);
  const [x, m] = grouped.columns;
  const weight = grouped.weights;
  const data = prepareGammaGammaData(x, m, weight);
  let sumM = 0;
  for (let i = 0; i < x.length; i++) sumM += weight[i] * m[i];
  // Screen the starts on every k-th group when there are many, then polish on all.
  const every = Math.ceil(x.length / GAMMA_GAMMA_SCREEN_ROWS);
  const screen = every > 1 ? subsampleGammaGammaData(data, every) : data;
  const input = {
    n: data.customers,
    skipped: read.skipped,
    withoutRepeat: read.withoutRepeat,
    nonPositiveExcluded: read.nonPositive,
    groups: x.length,
    meanSpend: sumM / data.customers,
    frequencyMonetaryCorrelation: pearson(x, m, weight),
    customers: [screen.customers, data.customers] as const,
    screening: every > 1,
  };
  // The fit itself (starts, screening, BFGS, Newton finish, standard errors) is written once in
  // gammaGammaFitSteps, for these in-memory customers and for customers in a SQL engine.
  return runSteps(gammaGammaFitSteps(FN, s, input), [
    (params, gradient, hessian) => gammaGammaLogLikelihood(params, screen, gradient, hessian),
    (params, gradient, hessian) => gammaGammaLogLikelihood(params, data, gradient, hessian),
  ]);
}

/** Repeat customers' frequency and mean spend, checked (spend > 0). */
export function readMonetary(
  summary: TableInput,
  fn: string,
  columns: z.output<typeof summaryColumnsSchema>,
  missing: MissingValues,
  nonPositiveSpend: 'error' | 'exclude',
): { x: Float64Array; m: Float64Array; count: Float64Array | null; withoutRepeat: number; nonPositive: number; skipped: number } {
  const read = readPurchaseSummary(summary, fn, columns, null, missing, { monetary: true, history: false, minimumRows: 1, counts: true });
  const reader = { x: read.x, monetary: read.monetary!, skip: read.skip, rowCount: read.rowCount, skipped: read.skipped };
  const counts = read.count;
  const xs: number[] = [];
  const ms: number[] = [];
  const cs: number[] = [];
  const issues = new IssueList();
  let withoutRepeat = 0;
  let nonPositive = 0;
  for (let i = 0; i < reader.rowCount; i++) {
    if (reader.skip !== null && reader.skip[i] === 1) continue;
    const c = counts === null ? 1 : counts[i];
    if (reader.x[i] === 0) {
      withoutRepeat += c;
      continue;
    }
    if (!(reader.monetary[i] > 0)) {
      nonPositive += c;
      if (nonPositiveSpend === 'exclude') continue;
      issues.add({
        function: fn,
        column: columns.monetary,
        row: i,
        expected: 'a mean spend > 0 for a repeat customer',
        received: describeValue(reader.monetary[i]),
        hint: "the Gamma-Gamma model needs positive spend: pass nonPositiveSpend: 'exclude' to leave such customers out (counted)",
      });
      continue;
    }
    xs.push(reader.x[i]);
    ms.push(reader.monetary[i]);
    cs.push(c);
  }
  issues.throwIfAny('invalid_value', fn, reader.rowCount);
  return {
    x: Float64Array.from(xs),
    m: Float64Array.from(ms),
    count: counts === null ? null : Float64Array.from(cs),
    withoutRepeat,
    nonPositive,
    skipped: reader.skipped,
  };
}

/** Pearson correlation of grouped rows, row i counting `w[i]` times. */
function pearson(x: Float64Array, y: Float64Array, w: Float64Array): number {
  const n = x.length;
  // Sum first, divide once: a running mean of x/n drifts off a constant column (3/10 ten times
  // is 2.9999999999999996), which gave a spurious correlation and warning.
  let sx = 0;
  let sy = 0;
  let sw = 0;
  for (let i = 0; i < n; i++) {
    sx += w[i] * x[i];
    sy += w[i] * y[i];
    sw += w[i];
  }
  const mx = sx / sw;
  const my = sy / sw;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += w[i] * (x[i] - mx) * (y[i] - my);
    sxx += w[i] * (x[i] - mx) ** 2;
    syy += w[i] * (y[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

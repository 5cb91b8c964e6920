import type * as z from 'zod/mini';
import { fitCertificate, fitOnLogParameters, type LogParameterFit } from '../../internal/fitOnLogParameters.js';
import { MODEL_VERSION } from '../../internal/modelVersion.js';
import { parseSpec } from '../../internal/parseSpec.js';
import type { TableInput } from '../../io/tableInput.js';
import type { ModelFit } from '../../model/modelFit.js';
import type { DiscreteFitDiagnostics } from '../retention/fitShiftedBetaGeometric.js';
import { betaGeoBetaBinomialLogLikelihood, groupDiscreteHistories, type DiscreteHistoryGroups } from './betaGeoBetaBinomialLikelihood.js';
import { betaGeoBetaBinomialSpecSchema, type BetaGeoBetaBinomialSpec } from './betaGeoBetaBinomialSpec.js';
import { readDiscreteHistories } from './discreteHistories.js';

const FN = 'fitBetaGeoBetaBinomial';

/** BG/BB parameters: transaction probability p ~ Beta(α, β), dropout probability θ ~ Beta(γ, δ). */
export interface BetaGeoBetaBinomialParams {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly delta: number;
}

/**
 * A fitted BG/BB model: parameters and standard errors at the top level; `fitted.n` counts the
 * customers (sums of counts), `fitted.diagnostics` the likelihood, AIC, BIC, the certificate of
 * the optimum and the distinct histories fitted on.
 */
export interface BetaGeoBetaBinomialModel {
  readonly kind: 'betaGeoBetaBinomial';
  readonly version: number;
  readonly spec: z.output<typeof betaGeoBetaBinomialSpecSchema>;
  readonly params: BetaGeoBetaBinomialParams;
  readonly standardErrors: BetaGeoBetaBinomialParams | null;
  readonly fitted: ModelFit<DiscreteFitDiagnostics & { /** Distinct (x, t_x, n) histories. */ readonly groups: number }>;
}

/**
 * Fit the beta-geometric/beta-Bernoulli (BG/BB) model of discrete-time noncontractual purchasing
 * (Fader, Hardie & Shang 2010, "Customer-base analysis in a discrete-time noncontractual
 * setting", Marketing Science 29(6)) by maximum likelihood: at each transaction opportunity
 * (an annual event, a weekly show) an active customer transacts with probability p ~ Beta(α, β),
 * and becomes inactive at the start of an opportunity with probability θ ~ Beta(γ, δ). Data: one
 * row per customer with frequency x (opportunities with a repeat transaction), recency t_x (the
 * last such opportunity) and periods n (opportunities observed after the first transaction), or
 * grouped with `columns.count` (exact: identical histories are grouped and summed in a canonical
 * order, so raw rows and a grouped table give the same optimum). The likelihood is summed in log
 * space (log-sum-exp over beta-function ratios); the fit is multi-start BFGS on log-parameters
 * finished by Newton steps on the analytic Hessian, certified (gradient norm, positive-definite
 * Hessian in `fitted.diagnostics`, else `not_converged`), with standard errors from that Hessian.
 * Predict with `betaGeoBetaBinomialPredictions` and `betaGeoBetaBinomialExpectedTransactions`.
 *
 * @throws {CustomerValueError} `invalid_value` (recency > periods, frequency > recency, whole numbers only, naming the row); `too_few_rows`; `not_converged`.
 * @example
 * // Fader, Hardie & Shang (2010): 11,104 donors of 1995, six annual opportunities (1996–2001)
 * const donations = await readCsvFile('examples/data/bgbb_donations_summary.csv');
 * const model = fitBetaGeoBetaBinomial(donations.columns, { periodUnit: 'year', columns: { count: 'weights' } });
 * Object.values(model.params).map((v) => Number(v.toFixed(3))); // => [1.204, 0.75, 0.657, 2.783]
 * Number(model.fitted.diagnostics.logLikelihood.toFixed(1)); // => -33225.6
 * model.fitted.n; // => 11104
 */
export function fitBetaGeoBetaBinomial(table: TableInput, spec: BetaGeoBetaBinomialSpec): BetaGeoBetaBinomialModel {
  const s = parseSpec(betaGeoBetaBinomialSpecSchema, spec, FN);
  const read = readDiscreteHistories(table, FN, s.columns, s.missing, true);
  const data = groupDiscreteHistories(read.x, read.tx, read.n, read.count, read.skip);
  const fit = fitGroupedBetaGeoBetaBinomial(FN, data, read.customers, s.maxIterations);
  const [alpha, beta, gamma, delta] = fit.theta;
  const se = fit.standardErrors;
  return {
    kind: 'betaGeoBetaBinomial',
    version: MODEL_VERSION,
    spec: s,
    params: { alpha, beta, gamma, delta },
    standardErrors: se === null ? null : { alpha: se[0], beta: se[1], gamma: se[2], delta: se[3] },
    fitted: {
      n: read.customers,
      skipped: read.skipped,
      warnings: [],
      diagnostics: {
        ...fitCertificate(fit),
        groups: data.n.length,
      },
    },
  };
}

/** The fitter's starting points (α, β, γ, δ), also where a bootstrap refit that stalls starts again (`clvParameterDraws`). Internal. */
export const BETA_GEO_BETA_BINOMIAL_STARTS: readonly (readonly number[])[] = [
  [1, 1, 1, 1],
  [1, 0.5, 0.5, 3],
  [0.5, 2, 2, 0.5],
];

/**
 * The certified BG/BB maximum-likelihood fit of grouped histories from the fitter's starts: the
 * one `fitBetaGeoBetaBinomial` makes, and the covariate-free start of
 * `fitBetaGeoBetaBinomialWithCovariates`. Internal.
 */
export function fitGroupedBetaGeoBetaBinomial(fn: string, data: DiscreteHistoryGroups, customers: number, maxIterations: number): LogParameterFit {
  return fitOnLogParameters(
    fn,
    (theta, gradient, hessian) => betaGeoBetaBinomialLogLikelihood(Array.from(theta), data, gradient, hessian),
    BETA_GEO_BETA_BINOMIAL_STARTS,
    customers,
    {
      maxIterations,
      hint: 'the BG/BB needs customers with different histories (some with repeat transactions, some without); check frequency counts opportunities with a transaction, or raise maxIterations',
    },
  );
}

import * as z from 'zod/mini';
import { parseSpec } from '../../internal/parseSpec.js';
import { betaDensity, betaQuantile, gammaDensity, gammaQuantile } from '../../internal/mixingDensities.js';
import type { TimeUnit } from '../../value/timeUnit.js';
import type { RetentionPeriodUnit } from '../retention/cohortSurvivorsSpec.js';
import type { BetaGeoBetaBinomialModel } from './fitBetaGeoBetaBinomial.js';
import { repeatBuyingOf, type RepeatBuyingModel } from './repeatBuyingOf.js';

const FN = 'purchaseHeterogeneity';

// In zod/mini (issue 21); the model is checked against its own kind's schema (repeatBuyingOf).
const optionsSchema = z.strictObject({
  points: z._default(z.number().check(z.int(), z.gte(10), z.lte(1_000_000)), 200),
  probabilities: z._default(z.array(z.number().check(z.gt(0), z.lt(1))).check(z.minLength(1), z.maxLength(100)), [0.05, 0.25, 0.5, 0.75, 0.95]),
});

/** How finely to draw the curves and which quantiles to report. */
export interface PurchaseHeterogeneityOptions {
  /** Grid points per curve (default 200). */
  readonly points?: number;
  /** Probabilities of the reported quantiles, each in (0, 1) (default 0.05, 0.25, 0.5, 0.75, 0.95). */
  readonly probabilities?: readonly number[];
}

/** One mixing distribution: its parameters, moments, quantiles and density curve. */
export interface MixingDistribution {
  /**
   * The latent trait, in the model's notation: `'lambda'` (purchase rate), `'p'` (BG/NBD, MBG/NBD:
   * dropout probability after a purchase; BG/BB: transaction probability at each opportunity),
   * `'mu'` (Pareto/NBD: dropout rate) or `'theta'` (BG/BB: dropout probability at each opportunity).
   */
  readonly trait: 'lambda' | 'p' | 'mu' | 'theta';
  /** What the trait is, with its unit. */
  readonly description: string;
  /** `'gamma'` with `{ shape, rate }` or `'beta'` with `{ a, b }` (the model's parameters). */
  readonly family: 'gamma' | 'beta';
  readonly parameters: Readonly<Record<string, number>>;
  readonly mean: number;
  readonly variance: number;
  readonly quantiles: { readonly probability: readonly number[]; readonly value: readonly number[] };
  /**
   * The curve's abscissae: midpoints of `points` equal bins over [0, the 0.99 quantile] (gamma)
   * or [0, the 0.999 quantile] (beta: the whole of a spread-out p, the hump of a concentrated
   * one) — never 0, where a shape below 1 makes the density infinite.
   */
  readonly x: readonly number[];
  readonly density: readonly number[];
  /** The probability the curve's range [0, upper] holds (0.99 for gamma, 0.999 for beta). */
  readonly coverage: number;
}

/** The two mixing distributions of a repeat-buying model. */
export interface PurchaseHeterogeneity {
  readonly kind: RepeatBuyingModel['kind'] | 'betaGeoBetaBinomial';
  /** The model's time unit; for BG/BB the length of one transaction opportunity (its `spec.periodUnit`). */
  readonly timeUnit: TimeUnit | RetentionPeriodUnit;
  /** True for a BG/BB model: both traits are probabilities per transaction opportunity. */
  readonly opportunities: boolean;
  /** Heterogeneity of buying while alive: the purchase rate λ, or (BG/BB) the transaction probability p per opportunity. */
  readonly rate: MixingDistribution;
  /** Heterogeneity of dropout: p (BG/NBD, MBG/NBD), μ (Pareto/NBD) or θ (BG/BB). */
  readonly dropout: MixingDistribution;
}

type Options = z.output<typeof optionsSchema>;
const GAMMA_COVERAGE = 0.99;
const BETA_COVERAGE = 0.999;

function gammaMixing(trait: 'lambda' | 'mu', description: string, shape: number, rate: number, o: Options): MixingDistribution {
  const upper = gammaQuantile(shape, rate, GAMMA_COVERAGE);
  const x = Array.from({ length: o.points }, (_, k) => ((k + 0.5) * upper) / o.points);
  return {
    trait,
    description,
    family: 'gamma',
    parameters: { shape, rate },
    mean: shape / rate,
    variance: shape / (rate * rate),
    quantiles: { probability: [...o.probabilities], value: o.probabilities.map((q) => gammaQuantile(shape, rate, q)) },
    x,
    density: x.map((v) => gammaDensity(shape, rate, v)),
    coverage: GAMMA_COVERAGE,
  };
}

function betaMixing(description: string, a: number, b: number, o: Options, trait: 'p' | 'theta' = 'p'): MixingDistribution {
  const upper = betaQuantile(a, b, BETA_COVERAGE);
  const x = Array.from({ length: o.points }, (_, k) => ((k + 0.5) * upper) / o.points);
  return {
    trait,
    description,
    family: 'beta',
    parameters: { a, b },
    mean: a / (a + b),
    variance: (a * b) / ((a + b) * (a + b) * (a + b + 1)),
    quantiles: { probability: [...o.probabilities], value: o.probabilities.map((q) => betaQuantile(a, b, q)) },
    x,
    density: x.map((v) => betaDensity(a, b, v)),
    coverage: BETA_COVERAGE,
  };
}

/**
 * The mixing distributions of each kind. A new kind of `RepeatBuyingModel` must be added here
 * (the mapped type makes the compiler say so); MBG/NBD has BG/NBD's (gamma(r, α), beta(a, b)).
 */
const MIXING: {
  readonly [K in RepeatBuyingModel['kind']]: (
    model: Extract<RepeatBuyingModel, { kind: K }>,
    unit: TimeUnit,
    o: Options,
  ) => { rate: MixingDistribution; dropout: MixingDistribution };
} = {
  betaGeo: ({ params: { r, alpha, a, b } }, unit, o) => ({
    rate: gammaMixing('lambda', `purchase rate λ while alive, purchases per ${unit}: gamma(r, α)`, r, alpha, o),
    dropout: betaMixing('probability p of dropping out after a purchase: beta(a, b)', a, b, o),
  }),
  modifiedBetaGeo: ({ params: { r, alpha, a, b } }, unit, o) => ({
    rate: gammaMixing('lambda', `purchase rate λ while alive, purchases per ${unit}: gamma(r, α)`, r, alpha, o),
    dropout: betaMixing('probability p of dropping out at each purchase, the first included: beta(a, b)', a, b, o),
  }),
  paretoNbd: ({ params: { r, alpha, s, beta } }, unit, o) => ({
    rate: gammaMixing('lambda', `purchase rate λ while alive, purchases per ${unit}: gamma(r, α)`, r, alpha, o),
    dropout: gammaMixing('mu', `dropout rate μ per ${unit} (mean lifetime 1/μ): gamma(s, β)`, s, beta, o),
  }),
};

/**
 * BG/BB (Fader, Hardie & Shang 2010): the transaction probability p at each opportunity while
 * active ~ beta(α, β) and the probability θ of becoming inactive at each opportunity ~ beta(γ, δ).
 */
function discreteMixing({ params: { alpha, beta, gamma, delta } }: BetaGeoBetaBinomialModel, unit: RetentionPeriodUnit, o: Options) {
  return {
    rate: betaMixing(`probability p of a transaction at each opportunity (one per ${unit}) while active: beta(α, β)`, alpha, beta, o),
    dropout: betaMixing('probability θ of becoming inactive at each opportunity: beta(γ, δ)', gamma, delta, o, 'theta'),
  };
}

/**
 * Rate and dropout heterogeneity of a repeat-buying model (BTYD's
 * `bgnbd.PlotTransactionRateHeterogeneity` / `PlotDropoutRateHeterogeneity`, `pnbd.Plot…`): the
 * model's two mixing distributions across customers, as density curves with their means,
 * variances and quantiles. BG/NBD: the purchase rate λ ~ gamma(shape r, rate α) and the dropout
 * probability p ~ beta(a, b); Pareto/NBD: λ ~ gamma(r, α) and the dropout rate μ ~ gamma(s, β);
 * BG/BB (`fitBetaGeoBetaBinomial`, Fader, Hardie & Shang 2010), both per transaction opportunity:
 * the transaction probability p ~ beta(α, β) and the dropout probability θ ~ beta(γ, δ)
 * (`opportunities: true`; `parameters` are `{ a, b }` as for every beta, here α, β and γ, δ).
 * A shape below 1 means most customers are near 0 with a long tail of heavy buyers (or quick
 * leavers); a large shape, customers alike.
 *
 * Densities are evaluated from their logs; quantiles by bisection on the distribution function
 * to the last bit; both checked against scipy.stats. Rates are per the model's time unit.
 *
 * @param model A fitted repeat-buying model: BG/NBD, MBG/NBD, Pareto/NBD or BG/BB.
 * @param options `points` per curve (default 200) and quantile `probabilities`.
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` for bad options.
 * @example
 * const model = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const h = purchaseHeterogeneity(model, { probabilities: [0.5] });
 * [+h.rate.mean.toFixed(4), +h.rate.quantiles.value[0].toFixed(4)]; // => [0.0551, 0.0091]
 * [+h.dropout.mean.toFixed(3), h.dropout.x.length]; // => [0.246, 200]
 * // BG/BB at the donation data's estimates (Fader, Hardie & Shang 2010): p ~ beta(1.204, 0.750), θ ~ beta(0.657, 2.783)
 * const bgbb = { kind: 'betaGeoBetaBinomial', version: 2, spec: { periodUnit: 'year', columns: { frequency: 'frequency', recency: 'recency', periods: 'periods', count: 'weights' }, missing: 'error', maxIterations: 500 }, params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, standardErrors: null, fitted: { n: 11104, skipped: 0, warnings: [], diagnostics: { logLikelihood: -33225.6, aic: 66459.2, bic: 66488.5, gradientNorm: 0, hessianPositiveDefinite: true, iterations: 0, newtonSteps: 0, groups: 22 } } };
 * const d = purchaseHeterogeneity(bgbb);
 * [d.rate.trait, +d.rate.mean.toFixed(3), d.dropout.trait, +d.dropout.mean.toFixed(3), d.opportunities]; // => ['p', 0.616, 'theta', 0.191, true]
 */
export function purchaseHeterogeneity(model: unknown, options: PurchaseHeterogeneityOptions = {}): PurchaseHeterogeneity {
  const buying = repeatBuyingOf(model, FN, true);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  if (buying.opportunities) {
    const bgbb = buying.model as BetaGeoBetaBinomialModel;
    return { kind: bgbb.kind, timeUnit: buying.timeUnit, opportunities: true, ...discreteMixing(bgbb, bgbb.spec.periodUnit, o) };
  }
  const typed = buying.model as RepeatBuyingModel;
  const of = MIXING[typed.kind] as (m: RepeatBuyingModel, unit: TimeUnit, o: Options) => { rate: MixingDistribution; dropout: MixingDistribution };
  const unit = buying.timeUnit as TimeUnit;
  return { kind: typed.kind, timeUnit: unit, opportunities: false, ...of(typed, unit, o) };
}

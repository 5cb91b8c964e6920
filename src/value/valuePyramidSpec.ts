import * as z from 'zod/mini';
import { betterSchema } from './rfmSpec.js';
import { missingValuesMiniSchema, type MissingValues } from '../io/missingValues.js';

// zod/mini (issue 21), as rfmSpec: the value pyramid's fitter and scorer stay under 40 KB gzipped.

const dimensionSchema = z.strictObject({
  column: z.string().check(z.minLength(1)),
  weight: z._default(z.number().check(z.gte(0), z.lte(1e12)), 1),
  better: z._default(betterSchema, 'higher'),
  transform: z._default(z.enum(['none', 'log1p']), 'none'),
  scale: z._default(z.enum(['zscore', 'minmax', 'none']), 'zscore'),
});

const cutSchema = z.strictObject({ name: z.string().check(z.minLength(1)), share: z.number().check(z.gt(0), z.lte(1)) });

/** The classic customer pyramid (Curry & Curry 2000; Zeithaml, Rust & Lemon 2001). */
export const DEFAULT_QUANTILE_TIERS = [
  { name: 'top', share: 0.01 },
  { name: 'large', share: 0.04 },
  { name: 'medium', share: 0.15 },
  { name: 'small', share: 0.8 },
];

/** ABC analysis: A carries the first 80% of value, B the next 15%, C the rest. */
export const DEFAULT_CUMULATIVE_TIERS = [
  { name: 'A', share: 0.8 },
  { name: 'B', share: 0.15 },
  { name: 'C', share: 0.05 },
];

/**
 * A fresh copy of default cuts for each parse: a default is not parsed, so the constant itself
 * would end up in `model.spec`, and changing a fitted model's cuts would change every later fit's.
 */
const copyCuts = (cuts: readonly { readonly name: string; readonly share: number }[]) => cuts.map((cut) => ({ ...cut }));

const tiersSchema = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('quantile'),
    cuts: z._default(z.array(cutSchema).check(z.minLength(2), z.maxLength(20)), () => copyCuts(DEFAULT_QUANTILE_TIERS)),
  }),
  z.strictObject({
    method: z.literal('cumulativeShare'),
    cuts: z._default(z.array(cutSchema).check(z.minLength(2), z.maxLength(20)), () => copyCuts(DEFAULT_CUMULATIVE_TIERS)),
  }),
]);

export const valuePyramidSpecSchema = z
  .strictObject({
    dimensions: z.array(dimensionSchema).check(z.minLength(1), z.maxLength(100)),
    tiers: z._default(tiersSchema, () => ({ method: 'quantile' as const, cuts: copyCuts(DEFAULT_QUANTILE_TIERS) })),
    missing: z._default(missingValuesMiniSchema, 'error'),
  })
  .check(
    z.superRefine((spec, ctx) => {
      const total = spec.tiers.cuts.reduce((sum, cut) => sum + cut.share, 0);
      if (Math.abs(total - 1) > 1e-9) {
        ctx.addIssue({ code: 'custom', path: ['tiers', 'cuts'], message: `tier shares that sum to 1 (they sum to ${total})` });
      }
      const names = new Set(spec.tiers.cuts.map((cut) => cut.name));
      if (names.size !== spec.tiers.cuts.length) {
        ctx.addIssue({ code: 'custom', path: ['tiers', 'cuts'], message: 'unique tier names' });
      }
      if (spec.dimensions.every((d) => d.weight === 0)) {
        ctx.addIssue({ code: 'custom', path: ['dimensions'], message: 'at least one dimension with a positive weight' });
      }
      const columns = new Set(spec.dimensions.map((d) => d.column));
      if (columns.size !== spec.dimensions.length) {
        ctx.addIssue({ code: 'custom', path: ['dimensions'], message: 'each column at most once' });
      }
    }),
  );

/** One value dimension of the pyramid. */
export interface ValueDimensionSpec {
  /** Column holding the dimension (realized profit, CLV, frequency...). */
  readonly column: string;
  /** Relative weight, ≥ 0 (default 1). Weights are normalized to sum to 1. */
  readonly weight?: number;
  /** Which end is more valuable (default `'higher'`). */
  readonly better?: 'higher' | 'lower';
  /** `'log1p'` takes log(1 + x) first, taming long-tailed money columns (default `'none'`). */
  readonly transform?: 'none' | 'log1p';
  /**
   * How the dimension is put on a common scale, with parameters learned at fit:
   * `'zscore'` (default; mean 0, sample SD 1), `'minmax'` (0 to 1 over the fitted data) or
   * `'none'` (raw units; use when every dimension is money and value should add up).
   */
  readonly scale?: 'zscore' | 'minmax' | 'none';
}

/** A tier and its share: of customers (`quantile`) or of total value (`cumulativeShare`). */
export interface TierCut {
  readonly name: string;
  readonly share: number;
}

/** Spec for `fitValuePyramid`. */
export interface ValuePyramidSpec {
  readonly dimensions: readonly ValueDimensionSpec[];
  /**
   * Tiers from the top down. `quantile` (default: top 1%, large 4%, medium 15%, small 80%)
   * cuts by share of customers; `cumulativeShare` (default: A 80%, B 15%, C 5%) by share of
   * total value, which must then be non-negative. Shares must sum to 1.
   */
  readonly tiers?:
    { readonly method: 'quantile'; readonly cuts?: readonly TierCut[] } | { readonly method: 'cumulativeShare'; readonly cuts?: readonly TierCut[] };
  /** Rows with a missing value: `'error'` (default) or `'skip'` (counted). */
  readonly missing?: MissingValues;
}

/** How one dimension enters the value score: `weight · (t(x) − center) / spread`. */
export interface DimensionScaling {
  readonly column: string;
  readonly center: number;
  readonly spread: number;
  /** Normalized weight, negative when lower is better. */
  readonly weight: number;
}

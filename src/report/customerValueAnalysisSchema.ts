import * as z from 'zod';
import { timeUnitSchema } from '../internal/timeUnits.js';

// What the report's renderers read from a `CustomerValueAnalysis`, checked at their door (extra
// fields are fine: an analysis read back from JSON or extended by the caller renders as well).

/**
 * Arrays read side by side must be as long as the first (`what` says what each value is for): a
 * renderer would otherwise read past one (an analysis edited or cut short in JSON), drawing
 * `undefined` or failing inside a chart in another function's name.
 */
const sameLength =
  (fields: readonly string[], what: string) =>
  (value: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    const length = (value[fields[0]] as readonly unknown[]).length;
    for (const field of fields.slice(1)) {
      const other = value[field];
      if (Array.isArray(other) && other.length !== length)
        ctx.addIssue({ code: 'custom', path: [field], message: `${length} values, one per ${what} (as many as ${fields[0]})`, input: other });
    }
  };

const num = z.number();
const count = z.number().min(0);
const share = z.number().nullable();
const partialPeriod = z.object({ period: z.string(), from: z.string(), to: z.string(), rows: count }).nullable();
const tierRow = z.object({
  tier: z.string(),
  customers: count,
  customerShare: num,
  revenue: num,
  revenueShare: share,
  profit: num.nullable(),
  profitShare: share,
  revenuePerCustomer: num.nullable(),
});

/** The zod schema of the fields `renderReportMarkdown` and `renderReportCharts` read. */
export const customerValueAnalysisSchema = z.object({
  title: z.string(),
  timeUnit: timeUnitSchema,
  horizon: num,
  annualDiscountRate: num,
  lapseAfter: z.number().positive(),
  window: z.object({ start: z.string(), end: z.string() }),
  counts: z.object({
    used: count,
    customers: count,
    afterObservationEnd: count,
    skipped: count,
    refundDays: count,
    nonPositiveNet: count,
    withoutPurchase: count,
    withoutPurchaseRows: count,
  }),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
  // kind absent in analyses saved before the report could pick a model: BG/NBD (r, alpha, a, b)
  purchaseModel: z.union([
    z.object({
      kind: z.enum(['betaGeo', 'modifiedBetaGeo']).optional(),
      n: count,
      params: z.object({ r: num, alpha: num, a: num, b: num }),
      logLikelihood: num,
      warnings: z.array(z.string()),
    }),
    z.object({
      kind: z.literal('paretoNbd'),
      n: count,
      params: z.object({ r: num, alpha: num, s: num, beta: num }),
      logLikelihood: num,
      warnings: z.array(z.string()),
    }),
  ]),
  modelComparison: z
    .object({
      holdout: z.object({ start: z.string(), end: z.string(), duration: num }),
      customers: count,
      actual: count,
      models: z
        .array(
          z.object({
            name: z.string(),
            kind: z.string(),
            parameters: count,
            logLikelihood: num,
            aic: num,
            bic: num,
            mae: num,
            rmse: num,
            expected: num,
            aggregateError: num,
          }),
        )
        .min(1),
      picked: z.string(),
      bestBic: z.string(),
      reason: z.string(),
      tracking: z
        .object({
          end: z.array(num).min(1),
          expected: z.array(num),
          expectedCumulative: z.array(num),
          actual: z.array(num),
          actualCumulative: z.array(num),
          calibrationEnd: num.nullable(),
        })
        .superRefine(sameLength(['end', 'expected', 'expectedCumulative', 'actual', 'actualCumulative'], 'period')),
    })
    .optional(),
  spendModel: z.object({ n: count, params: z.object({ p: num, q: num, gamma: num }), frequencyMonetaryCorrelation: num, warnings: z.array(z.string()) }),
  clv: z.object({ total: num, mean: num }),
  valueTiers: z.object({ tiers: z.array(tierRow).min(1), total: tierRow }),
  rfm: z.object({ thresholds: z.object({ recency: z.array(num), frequency: z.array(num), monetary: z.array(num) }), segments: z.record(z.string(), count) }),
  cohorts: z
    .object({ cohorts: z.array(z.string()), size: z.array(count), retention: z.array(z.array(num.nullable())), partialPeriod })
    .superRefine(sameLength(['cohorts', 'size', 'retention'], 'cohort')),
  flows: z.object({
    flows: z.array(z.object({ period: z.string(), active: count, new: count, retained: count, returning: count, lost: count, retentionRate: share })),
    partialPeriod,
  }),
  activeLifetimes: z.object({
    counts: z.object({ included: count, oneTime: count, tooRecent: count }),
    reach: num.nullable(),
    survival: z
      .object({ time: z.array(num), survival: z.array(num), lower: z.array(num), upper: z.array(num), median: num.nullable(), n: count, totalEvents: count })
      .superRefine(sameLength(['time', 'survival', 'lower', 'upper'], 'time'))
      .nullable(),
  }),
  segments: z
    .object({
      features: z.array(z.string()).min(1),
      k: z.int().min(1),
      curve: z.array(z.object({ k: z.int(), silhouette: num.nullable() })),
      profiles: z.array(z.object({ segment: z.int(), size: count, share: num, means: z.array(num), deviations: z.array(num), label: z.string() })).min(1),
      // absent from analyses saved before it was recorded
      runs: z
        .object({ choiceRestarts: z.int().min(1), choiceCustomers: count, restarts: z.int().min(1), restartCustomers: count, customers: count })
        .optional(),
    })
    .superRefine((segments, ctx) => {
      // each profile's means and deviations: one per feature
      segments.profiles.forEach((profile, i) => {
        for (const field of ['means', 'deviations'] as const) {
          if (profile[field].length !== segments.features.length)
            ctx.addIssue({
              code: 'custom',
              path: ['profiles', i, field],
              message: `${segments.features.length} values, one per feature (as many as features)`,
              input: profile[field],
            });
        }
      });
    }),
});

import * as z from 'zod';
import { parseSpec } from '../internal/parseSpec.js';

// Argument checks for the charts: results are checked for the fields a chart draws (extra fields
// are fine — charts take the library's results as they are), labels strictly.

const finite = z.number().refine(Number.isFinite, 'a finite number');
const numbers = z.custom<ArrayLike<number>>(
  (v) => (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) && Array.from(v as ArrayLike<unknown>).every((x) => typeof x === 'number'),
  'an array of numbers',
);

const probabilityOrNaN = z.union([z.number().min(0).max(1), z.nan()]);
const finiteNumbers = numbers.refine((v) => Array.from(v).every(Number.isFinite), 'finite numbers');
const mixing = z
  .object({ description: z.string(), family: z.enum(['gamma', 'beta']), mean: finite, x: finiteNumbers, density: finiteNumbers })
  .refine((m) => m.x.length >= 2 && m.density.length === m.x.length, 'a density at each of two or more points');

export const labelsSchema = z.strictObject({
  title: z.string(),
  subtitle: z.string().optional(),
  shareNames: z.array(z.string()).optional(),
  timeLabel: z.string().optional(),
  periodName: z.string().optional(),
  performanceLabel: z.string().optional(),
  importanceLabel: z.string().optional(),
  bins: z.int().min(1).max(1000).optional(),
  unit: z.string().optional(),
  view: z.enum(['cumulative', 'incremental']).optional(),
  quantity: z.enum(['value', 'expectedPurchases']).optional(),
  points: z.int().min(2).max(10_000).optional(),
  scale: z.enum(['log', 'linear']).optional(),
});

const intervalColumns = z
  .object({ estimate: numbers, percentiles: z.record(z.string().regex(/^p\d/), numbers) })
  .refine(
    (c) => Object.keys(c.percentiles).length >= 2 && Object.values(c.percentiles).every((v) => v.length === c.estimate.length),
    'an estimate and two or more percentiles (p05, p95…) per customer',
  );
const totalOverTime = z
  .object({ estimate: finiteNumbers, percentiles: z.record(z.string().regex(/^p\d/), finiteNumbers) })
  .refine(
    (t) => Object.keys(t.percentiles).length >= 2 && Object.values(t.percentiles).every((v) => v.length === t.estimate.length),
    'two or more percentiles per horizon',
  );

export const chartSchemas = {
  clvIntervals: z.object({
    interval: z.literal('confidence'),
    horizon: finite,
    timeUnit: z.string(),
    expectedPurchases: intervalColumns,
    clv: intervalColumns.optional(),
  }),
  totalsOverTime: z.object({
    interval: z.literal('confidence'),
    timeUnit: z.string(),
    totalsOverTime: z
      .object({ horizon: finiteNumbers, expectedPurchases: totalOverTime, value: totalOverTime.optional() })
      .refine(
        (t) =>
          t.horizon.length >= 1 &&
          [t.expectedPurchases, t.value].every(
            (series) =>
              series === undefined ||
              (series.estimate.length === t.horizon.length && Object.values(series.percentiles).every((v) => v.length === t.horizon.length)),
          ),
        'one total and one of each percentile per horizon',
      ),
  }),
  tiers: z.array(z.object({ tier: z.string(), customerShare: finite, revenueShare: finite.nullable(), profitShare: finite.nullable().optional() })).min(1),
  cohorts: z.object({ cohorts: z.array(z.string()).min(1), size: numbers, retention: z.array(z.array(finite.nullable())) }),
  survival: z.object({ time: numbers, survival: numbers, lower: numbers, upper: numbers, median: finite.nullable() }),
  segments: z.object({
    spec: z.object({ features: z.array(z.string()).min(1) }),
    profiles: z.array(z.object({ size: finite, share: finite, label: z.string(), deviations: z.array(finite) })).min(1),
  }),
  importancePerformance: z.object({
    items: z
      .array(
        z.object({
          item: z.string(),
          importance: finite,
          performance: finite,
          quadrant: z.enum(['keepUp', 'priorityImprovement', 'lowPriority', 'possibleOverkill']),
          importanceInterval: z
            .tuple([finite, finite])
            .refine(([lo, hi]) => lo <= hi, 'an interval [lower, upper] with lower ≤ upper')
            .nullable()
            .optional(),
        }),
      )
      .min(1),
    cuts: z.object({ importance: finite, performance: finite }),
    confidence: z.number().gt(0).lt(1).optional(),
  }),
  pls: z.object({
    constructs: z.array(z.object({ name: z.string(), items: z.array(z.string()) })).min(1),
    paths: z.array(z.object({ from: z.string(), to: z.string(), coefficient: finite })),
    rSquared: z.record(z.string(), z.object({ rSquared: finite })),
  }),
  htmt: z.object({
    constructs: z.array(z.string()).min(1),
    htmt: z.array(z.object({ a: z.string(), b: z.string(), htmt: z.object({ value: finite.nullable() }), htmt2: z.object({ value: finite.nullable() }) })),
    bootstrap: z
      .object({
        resamples: z.int().min(1),
        level: z.number().gt(0).lt(1),
        htmt: z.array(
          z.object({
            a: z.string(),
            b: z.string(),
            htmt: z.object({ tests: z.array(z.object({ upper: finite })).min(1) }).nullable(),
            htmt2: z.object({ tests: z.array(z.object({ upper: finite })).min(1) }).nullable(),
          }),
        ),
      })
      .optional(),
  }),
  groupComparison: z.object({
    groups: z.tuple([
      z.object({ level: z.union([z.string(), z.number()]), n: z.int().min(0) }),
      z.object({ level: z.union([z.string(), z.number()]), n: z.int().min(0) }),
    ]),
    permutations: z.int().min(0),
    correction: z.string(),
    paths: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        coefficients: z.tuple([finite, finite]),
        difference: finite,
        // a test that could not be made has a NaN p (comparePlsGroups)
        permutation: z.object({ p: probabilityOrNaN, pAdjusted: probabilityOrNaN }),
        welch: z.object({ p: probabilityOrNaN, pAdjusted: probabilityOrNaN }),
      }),
    ),
  }),
  indexGroupComparison: z
    .object({
      groups: z
        .array(z.object({ level: z.union([z.string(), z.number()]), n: z.int().min(0) }))
        .min(2)
        .max(8),
      samples: z.int().min(0),
      confidence: z.number().gt(0).lt(1),
      constructs: z.array(
        z.object({
          construct: z.string(),
          groups: z.array(z.object({ estimate: finite, lower: finite, upper: finite })),
          differences: z
            .array(
              z.object({ first: z.union([z.string(), z.number()]), second: z.union([z.string(), z.number()]), estimate: finite, lower: finite, upper: finite }),
            )
            .min(1),
        }),
      ),
    })
    .refine((r) => r.constructs.every((c) => c.groups.length === r.groups.length), 'an index for each group in every construct (at most eight groups)'),
  rfm: z.object({ recency: numbers, frequency: numbers, monetary: numbers.optional() }),
  values: numbers,
  tracking: z
    .object({
      end: numbers,
      expected: numbers,
      expectedCumulative: numbers,
      actual: numbers.nullable(),
      actualCumulative: numbers.nullable(),
      calibrationEnd: finite.nullable().optional(),
      opportunities: z.boolean().optional(),
    })
    .refine(
      (t) => t.end.length >= 1 && [t.expected, t.expectedCumulative, t.actual, t.actualCumulative].every((v) => v === null || v.length === t.end.length),
      'periods with one value each',
    ),
  journey: z.object({
    steps: z.array(z.object({ touchpoint: z.string(), rating: finite })).min(1),
    scale: z.tuple([finite, finite]).refine(([a, b]) => a < b, 'a scale [min, max] with min < max'),
    peak: z.int().min(0).optional(),
  }),
  deciles: z.object({
    gini: finite,
    deciles: z
      .object({ decile: numbers, predicted: z.array(finite.nullable()), actual: z.array(finite.nullable()) })
      .refine((d) => d.decile.length >= 1 && d.predicted.length === d.decile.length && d.actual.length === d.decile.length, 'groups with one value each'),
  }),
  frequencyRecency: z
    .object({
      quantity: z.enum(['alive', 'expected']),
      T: finite,
      t: finite.nullable(),
      frequency: numbers,
      recency: numbers,
      values: z.array(z.array(finite.nullable())),
      opportunities: z.boolean().optional(),
    })
    .refine(
      (m) =>
        m.frequency.length >= 1 && m.recency.length >= 1 && m.values.length === m.frequency.length && m.values.every((row) => row.length === m.recency.length),
      'one row of values per frequency, one value per recency',
    ),
  aliveHistory: z
    .object({ time: finiteNumbers, alive: finiteNumbers, purchases: finiteNumbers, T: finite, opportunities: z.boolean().optional() })
    .refine((h) => h.time.length >= 1 && h.alive.length === h.time.length, 'one P(alive) per time'),
  heterogeneity: z.object({ rate: mixing, dropout: mixing, opportunities: z.boolean().optional() }),
  frequencyBins: z
    .object({ label: z.array(z.string()).min(1), actual: finiteNumbers, expected: finiteNumbers, opportunities: z.boolean().optional() })
    .refine((t) => t.actual.length === t.label.length && t.expected.length === t.label.length, 'one actual and one expected value per bin'),
  holdoutBins: z
    .object({
      label: z.array(z.string()).min(1),
      actual: z.array(finite.nullable()),
      expected: z.array(finite.nullable()),
      duration: finite,
      opportunities: z.boolean().optional(),
    })
    .refine((t) => t.actual.length === t.label.length && t.expected.length === t.label.length, 'one actual and one expected value per bin'),
};

const bootstrapEstimate = { estimate: finite, lower: finite, upper: finite };

/** Third-argument options of the charts that take them (strict: an unknown key is refused, naming it). */
export const chartOptionSchemas = {
  pls: z.strictObject({
    bootstrap: z
      .object({
        confidence: z.number().gt(0).lt(1),
        samples: z.int().min(1).optional(),
        paths: z.array(z.object({ from: z.string(), to: z.string(), ...bootstrapEstimate }).refine((p) => p.lower <= p.upper, 'lower ≤ upper')),
      })
      .optional(),
  }),
  groupComparison: z.strictObject({ test: z.enum(['permutation', 'welch']).default('permutation'), alpha: z.number().gt(0).lt(1).default(0.05) }),
  htmt: z.strictObject({ threshold: z.number().gt(0).max(2).default(0.85), measure: z.enum(['htmt', 'htmt2']).default('htmt') }),
};

/** Check a chart's third-argument options (`undefined` is `{}`); returns them parsed. */
export function checkChartOptions<T extends z.ZodType>(fn: string, schema: T, options: unknown): z.output<T> {
  return parseSpec(schema, options === undefined ? {} : options, fn, 'options');
}

/** Check a chart's input and labels; throws `invalid_value` / `invalid_spec` naming the field. */
export function checkChart<T extends z.ZodType>(fn: string, schema: T, input: unknown, labels: unknown): void {
  parseSpec(schema, input, fn, 'input', 'invalid_value');
  parseSpec(labelsSchema, labels, fn, 'labels');
}

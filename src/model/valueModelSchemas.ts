import * as z from 'zod/mini';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import { count, finite, fittedSchema } from './miniModelParts.js';
import { rfmSpecSchema } from '../value/rfmSpec.js';
import { valuePyramidSpecSchema } from '../value/valuePyramidSpec.js';

// The model schemas of the RFM and value-pyramid kinds, in zod/mini (issue 21): their scorers
// check a model against them at the door, and with zod's classic API (the other kinds', in
// modelSchemas.ts) a fitter and its scorer would not fit in 40 KB gzipped. parseSpec reads both
// APIs with the same English messages, so the errors are those of the classic schemas they replace.

const ascending = (values: readonly number[]) => values.every((v, i) => i === 0 || values[i - 1] <= v);
const descending = (values: readonly number[]) => values.every((v, i) => i === 0 || values[i - 1] >= v);
const thresholds = () => z.array(finite()).check(z.refine(ascending, 'ascending thresholds'));

export const rfmModelSchema = z
  .strictObject({
    kind: z.literal('rfm'),
    version: z.literal(MODEL_VERSION),
    spec: rfmSpecSchema,
    thresholds: z.strictObject({ recency: thresholds(), frequency: thresholds(), monetary: thresholds() }),
    fitted: fittedSchema({
      scoreCounts: z.strictObject({ recency: z.array(count()), frequency: z.array(count()), monetary: z.array(count()) }),
    }),
  })
  .check(
    z.superRefine((model, ctx) => {
      for (const d of ['recency', 'frequency', 'monetary'] as const) {
        if (model.thresholds[d].length !== model.spec.bins - 1) {
          ctx.addIssue({ code: 'custom', path: ['thresholds', d], message: `${model.spec.bins - 1} thresholds (bins - 1)` });
        }
        if (model.fitted.diagnostics.scoreCounts[d].length !== model.spec.bins) {
          ctx.addIssue({ code: 'custom', path: ['fitted', 'diagnostics', 'scoreCounts', d], message: `${model.spec.bins} counts (one per score)` });
        }
      }
    }),
  );

const scalingSchema = z.strictObject({
  column: z.string().check(z.minLength(1)),
  center: finite(),
  spread: finite().check(z.refine((v) => v > 0, 'a positive spread')),
  weight: finite(),
});

export const valuePyramidModelSchema = z
  .strictObject({
    kind: z.literal('valuePyramid'),
    version: z.literal(MODEL_VERSION),
    spec: valuePyramidSpecSchema,
    scaling: z.array(scalingSchema).check(z.minLength(1)),
    thresholds: z.array(finite()).check(z.refine(descending, 'descending thresholds')),
    tierNames: z.array(z.string().check(z.minLength(1))),
    fitted: fittedSchema({
      customersPerTier: z.array(count()),
      valueSharePerTier: z.nullable(z.array(finite())),
      meanValue: finite(),
    }),
  })
  .check(
    z.superRefine((model, ctx) => {
      const tiers = model.spec.tiers.cuts.length;
      if (model.tierNames.length !== tiers) ctx.addIssue({ code: 'custom', path: ['tierNames'], message: `${tiers} tier names` });
      if (model.thresholds.length !== tiers - 1) ctx.addIssue({ code: 'custom', path: ['thresholds'], message: `${tiers - 1} thresholds` });
      if (model.scaling.length !== model.spec.dimensions.length) {
        ctx.addIssue({ code: 'custom', path: ['scaling'], message: `${model.spec.dimensions.length} scaling entries, one per dimension` });
      }
    }),
  );

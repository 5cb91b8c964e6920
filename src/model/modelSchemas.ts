import { z } from 'zod';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import { rfmSpecSchema } from '../value/rfmSpec.js';
import { valuePyramidSpecSchema } from '../value/valuePyramidSpec.js';

const finite = z.number().refine(Number.isFinite, 'a finite number');
const count = z.number().int().min(0);
const ascending = (values: readonly number[]) => values.every((v, i) => i === 0 || values[i - 1] <= v);
const descending = (values: readonly number[]) => values.every((v, i) => i === 0 || values[i - 1] >= v);

export const rfmModelSchema = z
  .strictObject({
    kind: z.literal('rfm'),
    version: z.literal(MODEL_VERSION),
    spec: rfmSpecSchema,
    thresholds: z.strictObject({
      recency: z.array(finite).refine(ascending, 'ascending thresholds'),
      frequency: z.array(finite).refine(ascending, 'ascending thresholds'),
      monetary: z.array(finite).refine(ascending, 'ascending thresholds'),
    }),
    scoreCounts: z.strictObject({ recency: z.array(count), frequency: z.array(count), monetary: z.array(count) }),
    n: count,
    skipped: count,
  })
  .superRefine((model, ctx) => {
    for (const d of ['recency', 'frequency', 'monetary'] as const) {
      if (model.thresholds[d].length !== model.spec.bins - 1) {
        ctx.addIssue({ code: 'custom', path: ['thresholds', d], message: `${model.spec.bins - 1} thresholds (bins - 1)` });
      }
      if (model.scoreCounts[d].length !== model.spec.bins) {
        ctx.addIssue({ code: 'custom', path: ['scoreCounts', d], message: `${model.spec.bins} counts (one per score)` });
      }
    }
  });

const scalingSchema = z.strictObject({ column: z.string().min(1), center: finite, spread: finite.refine((v) => v > 0, 'a positive spread'), weight: finite });

export const valuePyramidModelSchema = z
  .strictObject({
    kind: z.literal('valuePyramid'),
    version: z.literal(MODEL_VERSION),
    spec: valuePyramidSpecSchema,
    scaling: z.array(scalingSchema).min(1),
    thresholds: z.array(finite).refine(descending, 'descending thresholds'),
    tierNames: z.array(z.string().min(1)),
    fitted: z.strictObject({
      n: count,
      skipped: count,
      customersPerTier: z.array(count),
      valueSharePerTier: z.array(finite).nullable(),
      meanValue: finite,
    }),
  })
  .superRefine((model, ctx) => {
    const tiers = model.spec.tiers.cuts.length;
    if (model.tierNames.length !== tiers) ctx.addIssue({ code: 'custom', path: ['tierNames'], message: `${tiers} tier names` });
    if (model.thresholds.length !== tiers - 1) ctx.addIssue({ code: 'custom', path: ['thresholds'], message: `${tiers - 1} thresholds` });
    if (model.scaling.length !== model.spec.dimensions.length) {
      ctx.addIssue({ code: 'custom', path: ['scaling'], message: `${model.spec.dimensions.length} scaling entries, one per dimension` });
    }
  });

export const modelSchemas = { rfm: rfmModelSchema, valuePyramid: valuePyramidModelSchema } as const;
export type ModelKind = keyof typeof modelSchemas;

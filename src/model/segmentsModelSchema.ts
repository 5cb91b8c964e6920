import * as z from 'zod/mini';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import { count, finite, fittedSchema, positive } from './miniModelParts.js';
import { segmentsSpecSchema } from '../segmentation/segmentsSpec.js';

// The model schema of the segments kind, in zod/mini (issue 21): scoreSegments checks a model
// against it at the door (assertModelOf), so fitSegments with its scorer bundles without zod's
// classic API or the registry of every kind's schema. parseSpec reads both APIs with the same
// English messages: the refusals are those of the classic schema it replaces
// (test/segmentation/segmentsDoorIssues.test.ts recorded them before the move).

export const segmentsModelSchema = z
  .strictObject({
    kind: z.literal('segments'),
    version: z.literal(MODEL_VERSION),
    spec: segmentsSpecSchema,
    scaling: z.array(z.strictObject({ feature: z.string().check(z.minLength(1)), center: finite(), scale: positive() })),
    centers: z.array(z.array(finite())),
    profiles: z.array(
      z.strictObject({
        segment: count(),
        size: count(),
        share: finite(),
        means: z.array(finite()),
        deviations: z.array(finite()),
        label: z.string(),
      }),
    ),
    fitted: fittedSchema({ inertia: finite().check(z.refine((v) => v >= 0, 'an inertia ≥ 0')), iterations: count(), converged: z.boolean() }),
  })
  .check(
    z.superRefine((model, ctx) => {
      const p = model.spec.features.length;
      if (model.centers.length !== model.spec.k || model.centers.some((row) => row.length !== p)) {
        ctx.addIssue({ code: 'custom', path: ['centers'], message: `${model.spec.k} centers of ${p} features` });
      }
      if (model.scaling.length !== p || model.scaling.some((s, j) => s.feature !== model.spec.features[j])) {
        ctx.addIssue({ code: 'custom', path: ['scaling'], message: 'one scaling per feature, in spec order' });
      }
      if (model.profiles.length !== model.spec.k) ctx.addIssue({ code: 'custom', path: ['profiles'], message: `${model.spec.k} profiles` });
    }),
  );

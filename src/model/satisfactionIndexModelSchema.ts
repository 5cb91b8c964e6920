import * as z from 'zod/mini';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import { count, finite, fittedSchema } from './miniModelParts.js';
import { satisfactionIndexSpecSchema } from '../satisfaction/satisfactionIndexSpec.js';

// The model schema of the satisfaction index, in zod/mini (issue 21): scoreSatisfactionIndex
// checks a model against it at the door (assertModelOf), so fitSatisfactionIndex with its scorer
// bundles without zod's classic API or the registry of every kind's schema. parseSpec reads both
// APIs with the same English messages: the refusals are those of the classic schema it replaces
// (test/satisfaction/surveyDoorIssues.test.ts recorded them before the move).

const nonEmpty = () => z.string().check(z.minLength(1));

const varianceRow = z.strictObject({ component: count(), total: finite(), percent: finite(), cumulativePercent: finite() });
const componentWeightsSchema = z.strictObject({
  eigenvalues: z.array(finite()).check(z.minLength(1)),
  components: count().check(z.gte(1)),
  rotation: z.enum(['none', 'varimax']),
  varianceExplained: z.strictObject({
    initial: z.array(varianceRow),
    extraction: z.array(varianceRow),
    rotation: z.nullable(z.array(varianceRow)),
  }),
  loadings: z.array(z.array(finite())),
  componentVariances: z.array(finite()),
  coefficients: z.array(finite()),
  weights: z.array(finite()),
});
// Diagnostics not defined on the fitted data are null (reason in the warnings), never NaN.
const alphaSchema = z.strictObject({
  alpha: z.nullable(finite()),
  standardizedAlpha: z.nullable(finite()),
  averageCorrelation: finite(),
  ifItemDeleted: z.array(
    z.strictObject({ item: z.string(), alpha: z.nullable(finite()), standardizedAlpha: z.nullable(finite()), itemRestCorrelation: z.nullable(finite()) }),
  ),
  items: z.array(z.string()),
});
const sumsToOne = (values: readonly number[]) => Math.abs(values.reduce((a, b) => a + b, 0) - 1) < 1e-9;
const weightsSchema = () => z.array(finite()).check(z.refine(sumsToOne, 'weights that sum to 1'));

export const satisfactionIndexModelSchema = z
  .strictObject({
    kind: z.literal('satisfactionIndex'),
    version: z.literal(MODEL_VERSION),
    spec: satisfactionIndexSpecSchema,
    items: z.array(nonEmpty()).check(z.minLength(2)),
    weights: weightsSchema(),
    itemMeans: z.array(finite()),
    itemSds: z.array(finite()),
    components: componentWeightsSchema,
    dimensions: z.nullable(
      z.array(
        z.strictObject({
          name: nonEmpty(),
          items: z.array(nonEmpty()).check(z.minLength(1)),
          weights: weightsSchema(),
          components: z.nullable(componentWeightsSchema),
          alpha: z.nullable(finite()),
          weight: finite(),
        }),
      ),
    ),
    fitted: fittedSchema({
      meanIndex: finite(),
      meanIndex100: finite(),
      alpha: alphaSchema,
      kmo: z.nullable(z.strictObject({ overall: z.nullable(finite()), items: z.array(z.strictObject({ item: z.string(), msa: z.nullable(finite()) })) })),
      bartlett: z.nullable(z.strictObject({ chiSquare: finite(), df: finite(), p: finite(), n: count() })),
    }),
  })
  .check(
    z.superRefine((model, ctx) => {
      const expected = model.spec.dimensions ? model.spec.dimensions.flatMap((d) => d.items) : (model.spec.items ?? []);
      if (expected.join('\u0000') !== model.items.join('\u0000')) {
        ctx.addIssue({ code: 'custom', path: ['items'], message: 'the items named by the spec, in spec order' });
      }
      for (const key of ['weights', 'itemMeans', 'itemSds'] as const) {
        if (model[key].length !== model.items.length) ctx.addIssue({ code: 'custom', path: [key], message: `${model.items.length} values, one per item` });
      }
      if (model.dimensions) {
        const names = model.spec.dimensions?.map((d) => d.name) ?? [];
        model.dimensions.forEach((d, g) => {
          if (d.name !== names[g] || d.weights.length !== d.items.length) {
            ctx.addIssue({ code: 'custom', path: ['dimensions', g], message: 'the dimension named by the spec, with one weight per item' });
          }
        });
      } else if (model.spec.dimensions) {
        ctx.addIssue({ code: 'custom', path: ['dimensions'], message: 'the fitted dimensions the spec names' });
      }
    }),
  );

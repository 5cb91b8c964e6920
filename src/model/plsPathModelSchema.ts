import * as z from 'zod/mini';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import { count, finite, fittedSchema, positive } from './miniModelParts.js';
import { plsSpecSchema } from '../satisfaction/pls/plsPathModelSpec.js';

// The model schema of the PLS path model, in zod/mini (issue 21): scorePlsPathModel checks a
// model against it at the door (assertModelOf), so fitPlsPathModel with its scorer bundles
// without zod's classic API or the registry of every kind's schema. parseSpec reads both APIs
// with the same English messages: the refusals are those of the classic schema it replaces
// (test/satisfaction/plsDoorIssues.test.ts recorded them before the move).

const plsConstructSchema = z.strictObject({
  name: z.string().check(z.minLength(1)),
  items: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  mode: z.enum(['A', 'B']),
  weights: z.array(finite()),
  loadings: z.array(finite()),
  alpha: z.nullable(finite()),
  alphaRaw: z.nullable(finite()),
  rhoC: z.nullable(finite()),
  rhoA: z.nullable(finite()),
  ave: z.nullable(finite()),
  itemMeans: z.array(finite()),
  itemSds: z.array(positive()),
});

export const plsPathModelSchema = z
  .strictObject({
    kind: z.literal('plsPathModel'),
    version: z.literal(MODEL_VERSION),
    spec: plsSpecSchema,
    constructs: z.array(plsConstructSchema),
    paths: z.array(z.strictObject({ from: z.string(), to: z.string(), coefficient: finite() })),
    totalEffects: z.array(z.strictObject({ from: z.string(), to: z.string(), effect: finite() })),
    rSquared: z.record(z.string(), z.strictObject({ rSquared: finite(), adjusted: z.nullable(finite()) })),
    constructCorrelations: z.array(z.array(finite())),
    crossLoadings: z.array(z.array(finite())),
    htmt: z.array(z.strictObject({ a: z.string(), b: z.string(), value: z.nullable(finite()) })),
    fitted: fittedSchema({ iterations: count(), converged: z.boolean() }),
  })
  .check(
    z.superRefine((model, ctx) => {
      const names = Object.keys(model.spec.constructs);
      if (model.constructs.length !== names.length)
        ctx.addIssue({ code: 'custom', path: ['constructs'], message: `${names.length} constructs, as the spec names` });
      model.constructs.forEach((c, j) => {
        const spec = model.spec.constructs[names[j]];
        const q = spec?.items.length ?? -1;
        if (c.name !== names[j] || c.items.join('\u0000') !== spec?.items.join('\u0000') || c.mode !== spec?.mode) {
          ctx.addIssue({ code: 'custom', path: ['constructs', j], message: 'the construct the spec names, with its items and mode, in spec order' });
        }
        for (const key of ['weights', 'loadings', 'itemMeans', 'itemSds'] as const) {
          if (c[key].length !== q) ctx.addIssue({ code: 'custom', path: ['constructs', j, key], message: `${q} values, one per item` });
        }
      });
      const pathKeys = model.spec.paths.map(([from, to]) => `${from}\u0000${to}`).join('\n');
      if (model.paths.map((p) => `${p.from}\u0000${p.to}`).join('\n') !== pathKeys)
        ctx.addIssue({ code: 'custom', path: ['paths'], message: 'one coefficient per spec path, in spec order' });
    }),
  );

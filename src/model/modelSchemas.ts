import * as z from 'zod';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import { plsSpecSchema } from '../satisfaction/pls/plsPathModelSpec.js';
import { betaGeoSpecSchema } from '../loyalty/clv/betaGeoSpec.js';
import { paretoNbdSpecSchema } from '../loyalty/clv/paretoNbdSpec.js';
import { modifiedBetaGeoSpecSchema } from '../loyalty/clv/modifiedBetaGeoSpec.js';
import { gammaGammaSpecSchema } from '../loyalty/clv/gammaGammaSpec.js';
import { segmentsSpecSchema } from '../segmentation/segmentsSpec.js';
import { betaGeoBetaBinomialSpecSchema } from '../loyalty/clv/betaGeoBetaBinomialSpec.js';
import { betaGeoCovariatesModelSchema } from '../loyalty/clv/betaGeoCovariatesSpec.js';
import { gammaGammaCovariatesModelSchema } from '../loyalty/clv/gammaGammaCovariatesSpec.js';
import { paretoNbdCovariatesModelSchema } from '../loyalty/clv/paretoNbdCovariatesSpec.js';
import { betaGeoBetaBinomialCovariatesModelSchema } from '../loyalty/clv/betaGeoBetaBinomialCovariatesSpec.js';

const finite = z.number().refine(Number.isFinite, 'a finite number');
const count = z.number().int().min(0);
/** `model.fitted` (see `ModelFit`): the same keys on every kind, the kind's own figures under `diagnostics`. */
const fittedSchema = <Shape extends z.ZodRawShape>(diagnostics: Shape) =>
  z.strictObject({ n: count, skipped: count, warnings: z.array(z.string()), diagnostics: z.strictObject(diagnostics) });

const positive = finite.refine((v) => v > 0, 'a positive number');
const betaGeoParams = z.strictObject({ r: positive, alpha: positive, a: positive, b: positive });
const gammaGammaParams = z.strictObject({ p: positive, q: positive, gamma: positive });

export const betaGeoModelSchema = z.strictObject({
  kind: z.literal('betaGeo'),
  version: z.literal(MODEL_VERSION),
  spec: betaGeoSpecSchema,
  params: betaGeoParams,
  standardErrors: betaGeoParams.nullable(),
  // newtonSteps: since issue 16; aic, bic, gradientNorm, hessianPositiveDefinite: since issue 18
  // (optional, so models saved before still load)
  fitted: fittedSchema({
    logLikelihood: finite,
    aic: finite.optional(),
    bic: finite.optional(),
    gradientNorm: finite.refine((v) => v >= 0, 'a norm ≥ 0').optional(),
    hessianPositiveDefinite: z.boolean().optional(),
    groups: count,
    iterations: count,
    newtonSteps: count.optional(),
  }),
});

export const gammaGammaModelSchema = z.strictObject({
  kind: z.literal('gammaGamma'),
  version: z.literal(MODEL_VERSION),
  spec: gammaGammaSpecSchema,
  params: gammaGammaParams,
  standardErrors: gammaGammaParams.nullable(),
  populationMeanSpend: positive.nullable(),
  fitted: fittedSchema({
    logLikelihood: finite,
    withoutRepeat: count,
    nonPositiveExcluded: count,
    frequencyMonetaryCorrelation: finite,
    // groups and newtonSteps: since issue 16 (optional, so models saved before still load)
    groups: count.optional(),
    iterations: count,
    newtonSteps: count.optional(),
  }),
});

export const segmentsModelSchema = z
  .strictObject({
    kind: z.literal('segments'),
    version: z.literal(MODEL_VERSION),
    spec: segmentsSpecSchema,
    scaling: z.array(z.strictObject({ feature: z.string().min(1), center: finite, scale: positive })),
    centers: z.array(z.array(finite)),
    profiles: z.array(
      z.strictObject({
        segment: count,
        size: count,
        share: finite,
        means: z.array(finite),
        deviations: z.array(finite),
        label: z.string(),
      }),
    ),
    fitted: fittedSchema({ inertia: finite.refine((v) => v >= 0, 'an inertia ≥ 0'), iterations: count, converged: z.boolean() }),
  })
  .superRefine((model, ctx) => {
    const p = model.spec.features.length;
    if (model.centers.length !== model.spec.k || model.centers.some((row) => row.length !== p)) {
      ctx.addIssue({ code: 'custom', path: ['centers'], message: `${model.spec.k} centers of ${p} features` });
    }
    if (model.scaling.length !== p || model.scaling.some((s, j) => s.feature !== model.spec.features[j])) {
      ctx.addIssue({ code: 'custom', path: ['scaling'], message: 'one scaling per feature, in spec order' });
    }
    if (model.profiles.length !== model.spec.k) ctx.addIssue({ code: 'custom', path: ['profiles'], message: `${model.spec.k} profiles` });
  });

const plsConstructSchema = z.strictObject({
  name: z.string().min(1),
  items: z.array(z.string().min(1)).min(1),
  mode: z.enum(['A', 'B']),
  weights: z.array(finite),
  loadings: z.array(finite),
  alpha: finite.nullable(),
  alphaRaw: finite.nullable(),
  rhoC: finite.nullable(),
  rhoA: finite.nullable(),
  ave: finite.nullable(),
  itemMeans: z.array(finite),
  itemSds: z.array(positive),
});

export const plsPathModelSchema = z
  .strictObject({
    kind: z.literal('plsPathModel'),
    version: z.literal(MODEL_VERSION),
    spec: plsSpecSchema,
    constructs: z.array(plsConstructSchema),
    paths: z.array(z.strictObject({ from: z.string(), to: z.string(), coefficient: finite })),
    totalEffects: z.array(z.strictObject({ from: z.string(), to: z.string(), effect: finite })),
    rSquared: z.record(z.string(), z.strictObject({ rSquared: finite, adjusted: finite.nullable() })),
    constructCorrelations: z.array(z.array(finite)),
    crossLoadings: z.array(z.array(finite)),
    htmt: z.array(z.strictObject({ a: z.string(), b: z.string(), value: finite.nullable() })),
    fitted: fittedSchema({ iterations: count, converged: z.boolean() }),
  })
  .superRefine((model, ctx) => {
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
  });

/** `fitted.diagnostics` shared by the discrete-time CLV and retention fits (issue 18): the likelihood and the certificate of the optimum. */
const discreteFitDiagnostics = {
  logLikelihood: finite,
  aic: finite,
  bic: finite,
  gradientNorm: finite.refine((v) => v >= 0, 'a norm ≥ 0'),
  hessianPositiveDefinite: z.boolean(),
  iterations: count,
  newtonSteps: count,
};
// the contractual retention kinds' model schemas (sBG, BdW) are in zod/mini: retentionModelSchemas.ts

const betaGeoBetaBinomialParams = z.strictObject({ alpha: positive, beta: positive, gamma: positive, delta: positive });

export const betaGeoBetaBinomialModelSchema = z.strictObject({
  kind: z.literal('betaGeoBetaBinomial'),
  version: z.literal(MODEL_VERSION),
  spec: betaGeoBetaBinomialSpecSchema,
  params: betaGeoBetaBinomialParams,
  standardErrors: betaGeoBetaBinomialParams.nullable(),
  fitted: fittedSchema({ ...discreteFitDiagnostics, groups: count }),
});
const paretoNbdParams = z.strictObject({ r: positive, alpha: positive, s: positive, beta: positive });

export const paretoNbdModelSchema = z.strictObject({
  kind: z.literal('paretoNbd'),
  version: z.literal(MODEL_VERSION),
  spec: paretoNbdSpecSchema,
  params: paretoNbdParams,
  // a shape held at its cap and its scale have no standard errors (null)
  standardErrors: z.strictObject({ r: positive.nullable(), alpha: positive.nullable(), s: positive.nullable(), beta: positive.nullable() }).nullable(),
  fitted: fittedSchema({
    logLikelihood: finite,
    aic: finite,
    bic: finite,
    gradientNorm: finite.refine((v) => v >= 0, 'a norm ≥ 0'),
    hessianPositiveDefinite: z.boolean(),
    groups: count,
    iterations: count,
    newtonSteps: count,
    // absent on models fitted before shapes were held at their cap
    heldAtCap: z.array(z.strictObject({ parameter: z.enum(['r', 's']), slope: finite })).optional(),
  }),
});

const modifiedBetaGeoParams = z.strictObject({ r: positive, alpha: positive, a: positive, b: positive });

export const modifiedBetaGeoModelSchema = z.strictObject({
  kind: z.literal('modifiedBetaGeo'),
  version: z.literal(MODEL_VERSION),
  spec: modifiedBetaGeoSpecSchema,
  params: modifiedBetaGeoParams,
  standardErrors: modifiedBetaGeoParams.nullable(),
  fitted: fittedSchema({ ...discreteFitDiagnostics, groups: count }),
});

// The covariate kinds (issue 19): the predictions' door schemas (the kind, spec, parameters,
// covariates, terms and coefficients, checked against each other), made strict and completed
// with the standard errors and the fit record a saved model carries.
const likelihoodRatio = z
  .strictObject({
    statistic: finite.refine((v) => v >= 0, 'a statistic ≥ 0'),
    degreesOfFreedom: count,
    pValue: finite.refine((v) => v >= 0 && v <= 1, 'a probability'),
  })
  .nullable();
const covariateFitDiagnostics = {
  logLikelihood: finite,
  penalizedLogLikelihood: finite,
  aic: finite,
  bic: finite,
  gradientNorm: finite.refine((v) => v >= 0, 'a norm ≥ 0'),
  groups: count,
  patterns: count,
  likelihoodRatio,
  iterations: count,
  newtonSteps: count,
};

export const betaGeoCovariatesKindSchema = betaGeoCovariatesModelSchema
  .safeExtend({
    version: z.literal(MODEL_VERSION),
    standardErrors: z
      .strictObject({
        r: positive,
        alpha: positive,
        a: positive,
        b: positive,
        coefficients: z.strictObject({ purchase: z.array(positive), dropout: z.array(positive) }),
      })
      .nullable(),
    fitted: fittedSchema({
      ...covariateFitDiagnostics,
      hessianPositiveDefinite: z.boolean(),
      withoutCovariates: z.strictObject({ params: betaGeoParams, logLikelihood: finite, groups: count }),
    }),
  })
  .strict();

export const gammaGammaCovariatesKindSchema = gammaGammaCovariatesModelSchema
  .safeExtend({
    version: z.literal(MODEL_VERSION),
    standardErrors: z.strictObject({ p: positive, q: positive, gamma: positive, coefficients: z.array(positive) }),
    populationMeanSpend: positive.nullable(),
    fitted: fittedSchema({
      ...covariateFitDiagnostics,
      withoutRepeat: count,
      nonPositiveExcluded: count,
      withoutCovariates: z.strictObject({ params: gammaGammaParams, logLikelihood: finite }),
    }),
  })
  .strict();

export const paretoNbdCovariatesKindSchema = paretoNbdCovariatesModelSchema
  .safeExtend({
    version: z.literal(MODEL_VERSION),
    standardErrors: z
      .strictObject({
        r: positive,
        alpha: positive,
        // null with s held at its cap (fitted.diagnostics.heldAtCap)
        s: positive.nullable(),
        beta: positive.nullable(),
        coefficients: z.strictObject({ purchase: z.array(positive), dropout: z.array(positive) }),
      })
      .nullable(),
    fitted: fittedSchema({
      ...covariateFitDiagnostics,
      hessianPositiveDefinite: z.boolean(),
      withoutCovariates: z.strictObject({ params: paretoNbdParams, logLikelihood: finite, groups: count }),
      // absent on models fitted before the covariate fit reported its cap
      heldAtCap: z.array(z.strictObject({ parameter: z.literal('s'), slope: finite })).optional(),
    }),
  })
  .strict();

export const betaGeoBetaBinomialCovariatesKindSchema = betaGeoBetaBinomialCovariatesModelSchema
  .safeExtend({
    version: z.literal(MODEL_VERSION),
    standardErrors: z
      .strictObject({
        alpha: positive,
        beta: positive,
        gamma: positive,
        delta: positive,
        coefficients: z.strictObject({ purchase: z.array(positive), dropout: z.array(positive) }),
      })
      .nullable(),
    fitted: fittedSchema({
      ...covariateFitDiagnostics,
      hessianPositiveDefinite: z.boolean(),
      withoutCovariates: z.strictObject({ params: betaGeoBetaBinomialParams, logLikelihood: finite, groups: count }),
    }),
  })
  .strict();

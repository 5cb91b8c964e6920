import { z } from 'zod';
import { betaGeoSpecSchema, type BetaGeoSpec } from './betaGeoSpec.js';
import { staticCovariatesSchema, type StaticCovariates } from './staticCovariatesSpec.js';

// The spec of `fitBetaGeoWithCovariates`, apart from the fitter so that predicting from a model
// never loads the optimizer.

export const betaGeoCovariatesSpecSchema = betaGeoSpecSchema.extend({ covariates: staticCovariatesSchema });

/** Spec for `fitBetaGeoWithCovariates`: `fitBetaGeo`'s spec and the covariates. */
export interface BetaGeoCovariatesSpec extends BetaGeoSpec {
  /** The static covariates (one value per customer), their encoding, sharing and L2 penalty. */
  readonly covariates: StaticCovariates;
}

const positive = z.number().gt(0).refine(Number.isFinite);
const finite = z.number().refine(Number.isFinite);
const level = z.union([z.string(), finite]);

/**
 * What the predictions read from a `betaGeoCovariates` model, checked at their door (extra
 * fields, such as `fitted`, are allowed): the kind, the spec's columns and time unit, the
 * parameters, the covariates with their levels, the terms and one coefficient per term.
 */
export const betaGeoCovariatesModelSchema = z
  .object({
    kind: z.literal('betaGeoCovariates'),
    version: z.number().int().min(2),
    spec: betaGeoCovariatesSpecSchema,
    params: z.strictObject({ r: positive, alpha: positive, a: positive, b: positive }),
    covariates: z
      .array(
        z.union([
          z.strictObject({ column: z.string().min(1), type: z.literal('numeric') }),
          z.strictObject({ column: z.string().min(1), type: z.literal('categorical'), reference: level, levels: z.array(level).min(2) }),
        ]),
      )
      .min(1),
    terms: z.array(z.string()).min(1),
    coefficients: z.strictObject({ purchase: z.array(finite), dropout: z.array(finite) }),
  })
  .superRefine((model, context) => {
    const terms = model.covariates.flatMap((c) => (c.type === 'numeric' ? [c.column] : c.levels.slice(1).map((l) => `${c.column}=${String(l)}`)));
    if (terms.join('\u0000') !== model.terms.join('\u0000'))
      context.addIssue({ code: 'custom', path: ['terms'], message: `expected the terms the covariates encode: ${terms.join(', ')}` });
    for (const process of ['purchase', 'dropout'] as const)
      if (model.coefficients[process].length !== terms.length)
        context.addIssue({ code: 'custom', path: ['coefficients', process], message: `expected ${terms.length} coefficients, one per term` });
    model.covariates.forEach((c, i) => {
      if (c.type === 'categorical' && c.levels[0] !== c.reference)
        context.addIssue({ code: 'custom', path: ['covariates', i, 'levels', 0], message: 'expected the reference level first' });
    });
  });

import * as z from 'zod/mini';

// The pieces of the model schemas, all in zod/mini (issue 21: one file per kind in src/model/), as
// the classic API's modelSchemas.ts wrote them before: the same checks in the same order, so
// parseSpec gives the same messages (the recorded-door tests check it).

/** A finite number (`z.number()` refuses NaN and ±Infinity already; the refinement names it). */
export const finite = () => z.number().check(z.refine(Number.isFinite, 'a finite number'));
/** A whole number ≥ 0. */
export const count = () => z.number().check(z.int(), z.gte(0));
/** `model.fitted` (see `ModelFit`): the same keys on every kind, the kind's own figures under `diagnostics`. */
export const fittedSchema = <Shape extends z.core.$ZodLooseShape>(diagnostics: Shape) =>
  z.strictObject({ n: count(), skipped: count(), warnings: z.array(z.string()), diagnostics: z.strictObject(diagnostics) });
/** A finite number > 0 (a model parameter). */
export const positive = () => finite().check(z.refine((v) => v > 0, 'a positive number'));
/** `fitted.diagnostics` of a discrete-time fit (issue 18): the sBG, BdW and BG/BB model schemas. */
export const discreteFitDiagnostics = () => ({
  logLikelihood: finite(),
  aic: finite(),
  bic: finite(),
  gradientNorm: finite().check(z.refine((v) => v >= 0, 'a norm ≥ 0')),
  hessianPositiveDefinite: z.boolean(),
  iterations: count(),
  newtonSteps: count(),
});

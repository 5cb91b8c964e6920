import { MODEL_KINDS, type ModelKind } from './kinds.js';
import { assertModelValues } from './modelValueChecks.js';

/**
 * Check that every value of a model that enters scoring arithmetic is finite and keeps that
 * arithmetic finite for every row its input domain accepts (`inputDomain`): a value pyramid's
 * weight/spread, a segment's 1/scale, an index's weights on its scale, BG/NBD parameters. The
 * schemas check types and signs; this checks what the arithmetic will do with the numbers (a
 * spread of 5e-324 makes weight/spread Infinity, a weight of 1e308 overflows the sum). For
 * `parseModel`: it runs the check the registry names for the model's kind (`values` in
 * `kinds.ts`, one function per kind in `modelValueChecks.ts`); every scorer, `compileScorer` and
 * `toSql` run the same function through `assertModelOf`; kinds that are not scored row by row have none
 * (their schemas' positive, finite parameters are the check). The model's kind is checked by
 * its schema before this is called.
 *
 * @throws {CustomerValueError} `invalid_model` naming the field and the value.
 */
export function checkModelValues(model: unknown, fn: string): void {
  const kind = (model as { kind: ModelKind }).kind;
  assertModelValues(model, MODEL_KINDS[kind].values, fn);
}

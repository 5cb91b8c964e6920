import { CustomerValueError, describeValue } from '../errors.js';
import { parseSpec } from '../internal/parseSpec.js';
import { checkModelValues } from './checkModelValues.js';
import { modelSchemas, type ModelKind } from './modelSchemas.js';

/** Check, at a public entry point, that `model` is a valid fitted model of the given kind whose values keep scoring finite. */
export function assertModelKind(model: unknown, kind: ModelKind, fn: string): void {
  const found = model !== null && typeof model === 'object' ? (model as { kind?: unknown }).kind : undefined;
  if (found !== kind) {
    throw new CustomerValueError('invalid_model', `${fn}: expected a "${kind}" model`, [
      { function: fn, path: 'model.kind', expected: JSON.stringify(kind), received: describeValue(found), hint: `fit one with fit${kind[0].toUpperCase()}${kind.slice(1)} or load one with parseModel` },
    ]);
  }
  parseSpec(modelSchemas[kind], model, fn, 'model', 'invalid_model');
  checkModelValues(model, fn);
}

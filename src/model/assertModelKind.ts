import type * as z from 'zod';
import { CustomerValueError, describeValue } from '../errors.js';
import { MODEL_VERSION } from '../internal/modelVersion.js';
import { parseSpec } from '../internal/parseSpec.js';
import { MODEL_KINDS, type ModelKind } from './kinds.js';
import { assertModelValues, type ModelValueCheck } from './modelValueChecks.js';

/**
 * Check, at a public entry point, that `model` is a valid fitted model of the given kind whose
 * values keep scoring finite, and return it as its schema parsed it: score with the returned
 * model, never the one given (a saved model may leave out a field the schema fills with its
 * default, as `parseModel` would). `at` is where the caller took the model (as `assertModelOf`'s).
 */
export function assertModelKind<M>(model: M, kind: ModelKind, fn: string, at = 'model'): M {
  const entry = MODEL_KINDS[kind];
  return assertModelOf(model, kind, entry.fitter, entry.schema, entry.values, fn, at);
}

/**
 * `assertModelKind` with the kind's fitter, schema and value check given (they must be the
 * registry's, test/model/kinds.test.ts checks it; a covariate kind's predictions pass their door
 * schema, which takes a model without standard errors or fit record), for a scorer whose bundle should not hold the
 * registry, that is every kind's schema and value check (issue 21: the scorers and predictions of
 * the kinds whose schemas are in zod/mini, e.g. `scoreRfm`, `conditionalExpectedPurchases`,
 * `retentionCurve`). Returns the model as parsed (defaults filled): the caller scores with it.
 * `at` is where the caller took the model (`'spec.purchaseModel'` for a model inside a spec): the
 * issues' paths start with it.
 */
export function assertModelOf<M>(
  model: M,
  kind: ModelKind,
  fitter: string,
  schema: z.core.$ZodType,
  values: ModelValueCheck | null,
  fn: string,
  at = 'model',
): M {
  const found = model !== null && typeof model === 'object' ? (model as { kind?: unknown }).kind : undefined;
  if (found !== kind) {
    throw new CustomerValueError('invalid_model', `${fn}: expected a "${kind}" model`, [
      {
        function: fn,
        path: `${at}.kind`,
        expected: JSON.stringify(kind),
        received: describeValue(found),
        hint: `fit one with ${fitter} or load one with parseModel`,
      },
    ]);
  }
  if ((model as { version?: unknown }).version === 1) {
    throw new CustomerValueError('invalid_model', `${fn}: a version-1 "${kind}" model (saved by an earlier release)`, [
      {
        function: fn,
        path: `${at}.version`,
        expected: String(MODEL_VERSION),
        received: '1',
        hint: 'load saved models with parseModel(json), which upgrades version-1 models',
      },
    ]);
  }
  const parsed = parseSpec(schema, model, fn, at, 'invalid_model') as M;
  assertModelValues(parsed, values, fn, at);
  return parsed;
}

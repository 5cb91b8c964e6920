import * as z from 'zod/mini';
import { ColumnReader } from '../internal/columnReader.js';
import { describeRange, inputDomain } from '../internal/inputDomain.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { NumericArray, TableInput } from '../io/tableInput.js';
import { assertModelOf } from '../model/assertModelKind.js';
import { valuePyramidModelValues } from '../model/modelValueChecks.js';
import { valuePyramidModelSchema } from '../model/valueModelSchemas.js';
import type { ValuePyramidModel } from './fitValuePyramid.js';
import { tierIndexes, valueScores } from './pyramidKernel.js';
import { missingValuesMiniSchema, type MissingValues } from '../io/missingValues.js';

const FN = 'scoreValuePyramid';
const optionsSchema = z.strictObject({ missing: z.optional(missingValuesMiniSchema) });

/** Value score and tier per row, in input order. */
export interface ValuePyramidScores {
  /** Value score on the model's scale; NaN only for rows skipped for a missing value. */
  readonly value: Float64Array;
  /** Tier index, 0 = top; −1 for skipped rows. */
  readonly tier: Int32Array;
  readonly tierNames: readonly string[];
  /** Rows skipped for missing values. */
  readonly skipped: number;
}

/**
 * Score customers with a fitted value pyramid: the value score with the scaling learned at
 * fit, and the tier from the fitted thresholds. A saved model (`JSON.stringify` →
 * `parseModel`) scores identically.
 *
 * @param options `missing` overrides the model's policy for this call.
 * @throws {CustomerValueError} `invalid_model` (also for values that would make scores non-finite), `missing_column`, `invalid_value` (also for inputs so large, ≈1e150 and beyond, that the score would not be finite).
 * @example
 * const model = fitValuePyramid(
 *   { profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] },
 *   { dimensions: [{ column: 'profit', scale: 'none' }], tiers: { method: 'cumulativeShare' } },
 * );
 * const scores = scoreValuePyramid(model, [{ profit: 90 }, { profit: 35 }, { profit: 1 }]);
 * Array.from(scores.tier).map((t) => scores.tierNames[t]); // => ['A', 'B', 'C']
 */
export function scoreValuePyramid(model: ValuePyramidModel, data: TableInput, options: { missing?: MissingValues } = {}): ValuePyramidScores {
  model = assertModelOf(model, 'valuePyramid', 'fitValuePyramid', valuePyramidModelSchema, valuePyramidModelValues, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const { value, tier, tierNames, skipped } = scoreValuePyramidUnchecked(model, data, o.missing ?? model.spec.missing, FN);
  return { value, tier, tierNames, skipped };
}

/** Reads the model's dimensions (and any extra columns) with one reader, then scores. */
export function scoreValuePyramidUnchecked(
  model: ValuePyramidModel,
  data: TableInput,
  missing: MissingValues,
  fn: string,
  extra: readonly { column: string; role: string }[] = [],
): ValuePyramidScores & { extra: NumericArray[] } {
  const dims = model.spec.dimensions;
  const reader = new ColumnReader(data, fn, [...dims.map((d) => d.column), ...extra.map((e) => e.column)], missing);
  // the input domain shared with compileScorer and toSql: > −1 under log1p, else bounded so the score stays finite
  const domain = inputDomain(model);
  const columns = dims.map((d) => {
    const range = domain.ranges[domain.columns.indexOf(d.column)];
    return reader.number(d.column, 'value dimension', { ...range, expected: d.transform === 'log1p' ? 'a finite number > −1 (log1p)' : describeRange(range) });
  });
  const extraColumns = extra.map((e) => reader.number(e.column, e.role));
  const { skipMask, skipped } = reader.finish();
  const log1p = dims.map((d) => d.transform === 'log1p');
  const value = valueScores(columns, model.scaling, log1p, reader.rowCount);
  if (skipMask !== null) for (let i = 0; i < value.length; i++) if (skipMask[i] === 1) value[i] = Number.NaN;
  const tier = tierIndexes(value, model.thresholds, skipMask);
  return { value, tier, tierNames: model.tierNames, skipped, extra: extraColumns };
}

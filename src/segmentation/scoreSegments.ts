import * as z from 'zod/mini';
import { ColumnReader } from '../internal/columnReader.js';
import { describeRange, inputDomain } from '../internal/inputDomain.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import { assertModelOf } from '../model/assertModelKind.js';
import { segmentsModelValues } from '../model/modelValueChecks.js';
import { segmentsModelSchema } from '../model/segmentsModelSchema.js';
import type { SegmentsModel } from './fitSegments.js';
import { missingValuesMiniSchema, type MissingValues } from '../io/missingValues.js';

const FN = 'scoreSegments';
const optionsSchema = z.strictObject({ missing: z.optional(missingValuesMiniSchema) });

/** Segment per row, in input order. */
export interface SegmentScores {
  /** Segment index (as in `model.profiles`); −1 for rows skipped for a missing value. */
  readonly segment: Int32Array;
  /** Euclidean distance to the segment's center in scaled units (NaN for skipped rows). */
  readonly distance: Float64Array;
  readonly labels: readonly string[];
  readonly skipped: number;
}

/**
 * Assign rows to the nearest center of a fitted segmentation, with the model's scaling.
 * A saved model (`JSON.stringify` → `parseModel`) assigns identically.
 *
 * @throws {CustomerValueError} `invalid_model` (also for values that would make scores non-finite), `missing_column`, `invalid_value` (also for inputs so large, ≈1e150 and beyond, that the score would not be finite).
 * @example
 * const customers = { visits: [1, 2, 1, 2, 20, 22, 21, 19], spend: [500, 520, 480, 510, 20, 25, 30, 22] };
 * const model = fitSegments(customers, { features: ['visits', 'spend'], k: 2, seed: 1 });
 * const { segment, labels } = scoreSegments(model, [{ visits: 25, spend: 10 }]);
 * labels[segment[0]]; // => 'low spend, high visits'
 */
export function scoreSegments(model: SegmentsModel, data: TableInput, options: { missing?: MissingValues } = {}): SegmentScores {
  model = assertModelOf(model, 'segments', 'fitSegments', segmentsModelSchema, segmentsModelValues, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const features = model.spec.features;
  const reader = new ColumnReader(data, FN, features, o.missing ?? model.spec.missing);
  // the input domain shared with compileScorer and toSql: bounded so distances stay finite
  const domain = inputDomain(model);
  const raw = features.map((f) => {
    const range = domain.ranges[domain.columns.indexOf(f)];
    return reader.number(f, 'segmentation feature', { ...range, expected: describeRange(range) });
  });
  const { skipMask, skipped } = reader.finish();
  const n = reader.rowCount;
  const p = features.length;
  const k = model.centers.length;
  const centers = Float64Array.from(model.centers.flat());
  const center = Float64Array.from(model.scaling, (s) => s.center);
  const inverse = Float64Array.from(model.scaling, (s) => 1 / s.scale);
  const segment = new Int32Array(n);
  const distance = new Float64Array(n);
  const x = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    if (skipMask !== null && skipMask[i] === 1) {
      segment[i] = -1;
      distance[i] = Number.NaN;
      continue;
    }
    for (let j = 0; j < p; j++) x[j] = (raw[j][i] - center[j]) * inverse[j];
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < k; c++) {
      let d = 0;
      for (let j = 0; j < p; j++) {
        const diff = x[j] - centers[c * p + j];
        d += diff * diff;
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    segment[i] = best;
    distance[i] = Math.sqrt(bestDistance);
  }
  return { segment, distance, labels: model.profiles.map((profile) => profile.label), skipped };
}

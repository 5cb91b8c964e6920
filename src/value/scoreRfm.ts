import * as z from 'zod/mini';
import { ColumnReader } from '../internal/columnReader.js';
import { parseSpec } from '../internal/parseSpec.js';
import type { NumericArray, TableInput } from '../io/tableInput.js';
import type { RfmModel } from './fitRfm.js';
import { RFM_DIMENSIONS } from './rfmSpec.js';
import { assertModelOf } from '../model/assertModelKind.js';
import { rfmModelValues } from '../model/modelValueChecks.js';
import { rfmModelSchema } from '../model/valueModelSchemas.js';
import { missingValuesMiniSchema, type MissingValues } from '../io/missingValues.js';

const FN = 'scoreRfm';
const optionsSchema = z.strictObject({ missing: z.optional(missingValuesMiniSchema) });

/** RFM scores per row, in input order. A row skipped for a missing value scores 0 everywhere. */
export interface RfmScores {
  readonly recency: Uint8Array;
  readonly frequency: Uint8Array;
  readonly monetary: Uint8Array;
  /** Three-digit cell code `100·R + 10·F + M` (e.g. 555 for the best customers). */
  readonly cell: Uint16Array;
  /** `R + F + M`, from 3 to 3·bins. */
  readonly total: Uint8Array;
  /** Rows skipped for missing values (their scores are 0). */
  readonly skipped: number;
}

/**
 * Score rows with a fitted RFM model's thresholds: per dimension the bin
 * `1 + #{t : x > t}` over the model's sorted thresholds (branch-free), flipped when lower is
 * better. Values outside the fitted range get the end scores. Rows keep their input order.
 *
 * @param options `missing` overrides the model's policy for this call.
 * @throws {CustomerValueError} `invalid_model`, `missing_column`, `invalid_value`.
 * @example
 * const model = fitRfm(
 *   { r: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], f: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], m: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
 *   { recency: { column: 'r', better: 'lower' }, frequency: { column: 'f' }, monetary: { column: 'm' } },
 * );
 * const scores = scoreRfm(model, [{ r: 1, f: 10, m: 10 }, { r: 9, f: 3, m: 25 }]);
 * Array.from(scores.cell); // => [555, 125]
 * Array.from(scores.total); // => [15, 8]
 */
export function scoreRfm(model: RfmModel, data: TableInput, options: { missing?: MissingValues } = {}): RfmScores {
  model = assertModelOf(model, 'rfm', 'fitRfm', rfmModelSchema, rfmModelValues, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const spec = model.spec;
  const reader = new ColumnReader(
    data,
    FN,
    RFM_DIMENSIONS.map((d) => spec[d].column),
    o.missing ?? spec.missing,
  );
  const columns = RFM_DIMENSIONS.map((d) => reader.number(spec[d].column, `${d} values`));
  const { skipMask, skipped } = reader.finish();
  const n = reader.rowCount;
  const scores = RFM_DIMENSIONS.map((d, i) => binScores(columns[i], Float64Array.from(model.thresholds[d]), spec.bins, spec[d].better === 'lower', skipMask));
  const cell = new Uint16Array(n);
  const total = new Uint8Array(n);
  const [r, f, m] = scores;
  for (let i = 0; i < n; i++) {
    cell[i] = 100 * r[i] + 10 * f[i] + m[i];
    total[i] = r[i] + f[i] + m[i];
  }
  return { recency: r, frequency: f, monetary: m, cell, total, skipped };
}

/** Bin scores 1..bins by counting thresholds below each value; 0 where skipped. */
export function binScores(values: NumericArray, thresholds: Float64Array, bins: number, flip: boolean, skipMask: Uint8Array | null): Uint8Array {
  const n = values.length;
  const out = new Uint8Array(n);
  const t = thresholds.length;
  const base = flip ? bins : 1;
  const sign = flip ? -1 : 1;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    let above = 0;
    for (let j = 0; j < t; j++) above += +(x > thresholds[j]);
    out[i] = base + sign * above;
  }
  if (skipMask !== null) for (let i = 0; i < n; i++) if (skipMask[i] === 1) out[i] = 0;
  return out;
}

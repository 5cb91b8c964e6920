import { momentMatrix, type Moments, type ValueRange } from '../internal/momentMatrix.js';
import type { NumericArray } from '../io/tableInput.js';
import { assertVarying } from './surveyItems.js';

/**
 * Moments of the items, refusing an item every respondent answered the same way. In its own file
 * so that what imports the survey schemas (every model schema, so every scorer) does not load the
 * moment kernel.
 */
export function varyingMoments(fn: string, names: readonly string[], columns: readonly NumericArray[], skip: Uint8Array | null): Moments {
  const moments = momentMatrix(columns, skip);
  assertVarying(fn, names, moments);
  return moments;
}

/**
 * `varyingMoments` of columns read unchecked, proving in the moments' first pass that every
 * value is finite and within `range` (see `momentMatrix`); null when one is not, for the caller
 * to read the columns the checking way.
 */
export function rangeCheckedMoments(fn: string, names: readonly string[], columns: readonly NumericArray[], range: ValueRange): Moments | null {
  const moments = momentMatrix(columns, null, 'auto', range);
  if (moments !== null) assertVarying(fn, names, moments);
  return moments;
}

import type { NumericArray } from '../io/tableInput.js';

/** The values of rows not marked in `skipMask`, copied into a new array (for sorting). */
export function validValues(values: NumericArray, skipMask: Uint8Array | null): Float64Array {
  if (skipMask === null) return Float64Array.from(values);
  let kept = 0;
  for (let i = 0; i < skipMask.length; i++) kept += 1 - skipMask[i];
  const out = new Float64Array(kept);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (skipMask[i] === 0) out[j++] = values[i];
  return out;
}

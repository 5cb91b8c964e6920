const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/**
 * The FNV-1a hash of row `row` of numeric columns over the values' bits (both 32-bit words of
 * each double, −0 read as 0 so it hashes as 0 does), with a final xor-shift mixing the high bits
 * into the low ones a power-of-two table masks by. The one row hash of `groupRows` and
 * `canonicalGroups`: equal rows (exact equality) hash alike.
 */
export function rowHash(columns: readonly ArrayLike<number>[], row: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < columns.length; k++) {
    bits[0] = columns[k][row] + 0; // −0 → 0
    h = Math.imul(h ^ words[0], 0x01000193);
    h = Math.imul(h ^ words[1], 0x01000193);
  }
  return h ^ (h >>> 15);
}

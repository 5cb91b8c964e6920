/**
 * Index every value among the distinct values of a column (first-appearance order): `distinct`
 * holds each value once, `index[i]` where `values[i]` sits in it. The likelihoods of BG/NBD and
 * Gamma-Gamma compute their Γ and ψ terms once per distinct frequency through it.
 */
export function indexDistinct(values: Float64Array): { index: Int32Array; distinct: Float64Array } {
  const seen = new Map<number, number>();
  const index = new Int32Array(values.length);
  for (let g = 0; g < values.length; g++) {
    let k = seen.get(values[g]);
    if (k === undefined) {
      k = seen.size;
      seen.set(values[g], k);
    }
    index[g] = k;
  }
  return { index, distinct: Float64Array.from(seen.keys()) };
}

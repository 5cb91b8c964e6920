/** @internal Path coefficients as a C × C matrix B[from][to]. */
export function pathMatrix(coefficients: ReadonlyMap<number, Float64Array>, predecessors: readonly (readonly number[])[], C: number): Float64Array {
  const B = new Float64Array(C * C);
  for (const [j, beta] of coefficients) predecessors[j].forEach((i, k) => (B[i * C + j] = beta[k]));
  return B;
}

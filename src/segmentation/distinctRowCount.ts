/**
 * The number of distinct rows of a row-major `n × p` matrix, counted up to `limit` (the scan
 * stops once `limit` distinct rows are seen, so checking "at least k distinct rows" costs a few
 * rows on ordinary data and one pass on heavily duplicated data; the set never holds more than
 * `limit` keys).
 */
export function distinctRowCount(matrix: Float64Array, n: number, p: number, limit: number): number {
  const seen = new Set<string>();
  const row = new Array<number>(p);
  for (let i = 0; i < n && seen.size < limit; i++) {
    for (let j = 0; j < p; j++) row[j] = matrix[i * p + j] + 0; // -0 and 0 are the same point
    seen.add(row.join(','));
  }
  return seen.size;
}

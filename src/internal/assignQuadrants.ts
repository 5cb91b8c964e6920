/**
 * Which of the four quadrants of a 2 × 2 map each row falls in: "high" on a dimension at or above
 * its cut (`x[i] >= xCut`). `order` gives the quadrant index of (high x, high y), (high x, low y),
 * (low x, high y) and (low x, low y), so each map keeps its own quadrant order. Rows marked in
 * `skipMask` get 255 and are not counted. With `weights`, also sums them per quadrant (row order).
 * Shared by `loyaltyMatrix` and `valueSatisfactionMap`.
 */
export function assignQuadrants(
  x: ArrayLike<number>,
  xCut: number,
  y: ArrayLike<number>,
  yCut: number,
  skipMask: Uint8Array | null,
  order: readonly [number, number, number, number],
  weights: ArrayLike<number> | null = null,
): { quadrant: Uint8Array; counts: number[]; sums: number[] } {
  const rows = x.length;
  const quadrant = new Uint8Array(rows);
  const counts = [0, 0, 0, 0];
  const sums = [0, 0, 0, 0];
  const [highHigh, highLow, lowHigh, lowLow] = order;
  for (let i = 0; i < rows; i++) {
    if (skipMask !== null && skipMask[i] === 1) {
      quadrant[i] = 255;
      continue;
    }
    const highX = x[i] >= xCut;
    const highY = y[i] >= yCut;
    const q = highX ? (highY ? highHigh : highLow) : highY ? lowHigh : lowLow;
    quadrant[i] = q;
    counts[q]++;
    if (weights !== null) sums[q] += weights[i];
  }
  return { quadrant, counts, sums };
}

import type { Random } from '../internal/random.js';

/** One k-means run: centers (k × p, row-major), labels, inertia. */
export interface KmeansRun {
  readonly centers: Float64Array;
  readonly labels: Int32Array;
  readonly inertia: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** Inertia after each iteration (never increases). */
  readonly inertiaTrace: number[];
}

/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007): the first center uniformly at random, each
 * next one with probability proportional to the squared distance to the nearest chosen center.
 * `columns` are the p feature columns (already scaled); rows in `rows` only.
 */
export function kmeansPlusPlus(columns: readonly Float64Array[], rows: Int32Array, k: number, random: Random): Float64Array {
  const p = columns.length;
  const n = rows.length;
  const centers = new Float64Array(k * p);
  const nearest = new Float64Array(n).fill(Infinity);
  let chosen = rows[Math.floor(random.uniform() * n)];
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < p; j++) centers[c * p + j] = columns[j][chosen];
    let total = 0;
    for (let a = 0; a < n; a++) {
      const i = rows[a];
      let d = 0;
      for (let j = 0; j < p; j++) {
        const diff = columns[j][i] - centers[c * p + j];
        d += diff * diff;
      }
      if (d < nearest[a]) nearest[a] = d;
      total += nearest[a];
    }
    if (c + 1 === k) break;
    if (!(total > 0)) {
      chosen = rows[Math.floor(random.uniform() * n)]; // all points coincide with chosen centers
      continue;
    }
    let target = random.uniform() * total;
    let pick = n - 1;
    for (let a = 0; a < n; a++) {
      target -= nearest[a];
      if (target <= 0) {
        pick = a;
        break;
      }
    }
    chosen = rows[pick];
  }
  return centers;
}

const BLOCK = 512;

/**
 * Lloyd's algorithm over feature columns, a block of rows at a time: assign each row to its
 * nearest center, move centers to their members' means, until no label changes or the centers
 * move less than `tolerance` (squared, summed). An empty cluster is re-seeded at the row farthest
 * from its center, so k clusters always come back. No allocation inside the loop.
 */
export function lloyd(
  columns: readonly Float64Array[],
  rows: Int32Array,
  initial: Float64Array,
  k: number,
  maxIterations: number,
  tolerance: number,
): KmeansRun {
  const p = columns.length;
  const n = rows.length;
  const centers = Float64Array.from(initial);
  const labels = new Int32Array(n).fill(-1);
  const distance = new Float64Array(n);
  const sums = new Float64Array(k * p);
  const counts = new Float64Array(k);
  const block = new Float64Array(BLOCK * p);
  const trace: number[] = [];
  let inertia = Infinity;
  let converged = false;
  let iteration = 0;
  for (iteration = 1; iteration <= maxIterations; iteration++) {
    sums.fill(0);
    counts.fill(0);
    let changed = 0;
    let total = 0;
    for (let from = 0; from < n; from += BLOCK) {
      const to = Math.min(n, from + BLOCK);
      // copy the block row-major so the k·p inner loop reads contiguous memory
      for (let j = 0; j < p; j++) {
        const x = columns[j];
        for (let a = from; a < to; a++) block[(a - from) * p + j] = x[rows[a]];
      }
      for (let a = from; a < to; a++) {
        const base = (a - from) * p;
        let best = 0;
        let bestDistance = Infinity;
        for (let c = 0; c < k; c++) {
          const cb = c * p;
          let d = 0;
          for (let j = 0; j < p; j++) {
            const diff = block[base + j] - centers[cb + j];
            d += diff * diff;
          }
          if (d < bestDistance) {
            bestDistance = d;
            best = c;
          }
        }
        if (labels[a] !== best) changed++;
        labels[a] = best;
        distance[a] = bestDistance;
        total += bestDistance;
        counts[best]++;
        const sb = best * p;
        for (let j = 0; j < p; j++) sums[sb + j] += block[base + j];
      }
    }
    inertia = total;
    trace.push(total);
    // Re-seed empty clusters at the rows farthest from their centers.
    for (let c = 0; c < k; c++) {
      if (counts[c] > 0) continue;
      let far = 0;
      for (let a = 1; a < n; a++) if (distance[a] > distance[far]) far = a;
      const i = rows[far];
      const old = labels[far];
      counts[old]--;
      for (let j = 0; j < p; j++) {
        sums[old * p + j] -= columns[j][i];
        sums[c * p + j] = columns[j][i];
      }
      counts[c] = 1;
      labels[far] = c;
      distance[far] = 0;
      changed++;
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < p; j++) {
        const updated = sums[c * p + j] / counts[c];
        const diff = updated - centers[c * p + j];
        shift += diff * diff;
        centers[c * p + j] = updated;
      }
    }
    if (changed === 0 || shift <= tolerance) {
      converged = true;
      break;
    }
  }
  // Final inertia with the final centers (the loop's inertia is for the previous centers).
  const finalInertia = inertiaOf(columns, rows, centers, k, labels);
  if (finalInertia <= inertia) {
    inertia = finalInertia;
    trace.push(finalInertia);
  }
  return { centers, labels, inertia, iterations: Math.min(iteration, maxIterations), converged, inertiaTrace: trace };
}

/** Sum of squared distances to the nearest center, relabelling in place. */
export function inertiaOf(columns: readonly Float64Array[], rows: Int32Array, centers: Float64Array, k: number, labels: Int32Array): number {
  const p = columns.length;
  let total = 0;
  for (let a = 0; a < rows.length; a++) {
    const i = rows[a];
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < k; c++) {
      let d = 0;
      for (let j = 0; j < p; j++) {
        const diff = columns[j][i] - centers[c * p + j];
        d += diff * diff;
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    labels[a] = best;
    total += bestDistance;
  }
  return total;
}

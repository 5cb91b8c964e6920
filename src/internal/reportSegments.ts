import { CustomerValueError } from '../errors.js';
import { fitSegments, type SegmentsModel } from '../segmentation/fitSegments.js';
import { seededRandom } from './random.js';

/** Customers the report's k-means restarts run on, when there are more (see `reportSegments`). */
export const SEGMENT_RESTART_SAMPLE = 50_000;

/** k-means++ restarts per candidate k in the report's k choice (in memory and in a warehouse; `chooseK`'s default). */
export const CHOICE_RESTARTS = 5;

/** k-means++ restarts of the report's segments. */
const RESTARTS = 10;

/**
 * The report's segmentation with k segments: `fitSegments` with 10 k-means++ restarts on every
 * customer up to `sampleSize` customers (so a report on ≤ 50,000 customers is as before). Above,
 * the 10 restarts run on a seeded sample of that many customers (in input order) and the best one's centers (in original units)
 * start one Lloyd run on every customer, scaled by all customers' z-scores: the segments are a
 * k-means fit of all customers (each in its nearest center, each center its segment's mean),
 * from the start the sample found best, for a tenth of the full passes. Like another seed of
 * the all-customer restarts, the sample may find another local optimum at larger k: on CDNOW
 * with a 10,000 sample, the same segments at the report's k and an inertia within 3% at every k
 * from 2 to 8 (test/report/reportSegments.test.ts); all-customer restarts with seeds 0 and 1
 * differ by up to 1.9% there.
 * Returns the model with what was run: `restarts` k-means++ restarts on `restartRows` customers
 * (n, or the sample's size), for the report's Markdown to say.
 * @param sampleSize Customers the restarts run on (default `SEGMENT_RESTART_SAMPLE`).
 */
export function reportSegments(
  features: Readonly<Record<string, Float64Array>>,
  names: readonly string[],
  k: number,
  seed: number,
  sampleSize: number = SEGMENT_RESTART_SAMPLE,
): { readonly model: SegmentsModel; readonly restarts: number; readonly restartRows: number } {
  const n = features[names[0]].length;
  const onAll = () => ({ model: fitSegments(features, { features: names, k, seed, restarts: RESTARTS }), restarts: RESTARTS, restartRows: n });
  if (n <= sampleSize) return onAll();
  // seeded sample without replacement (partial Fisher–Yates), kept in input order
  const random = seededRandom(seed + 104_729);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let a = 0; a < sampleSize; a++) {
    const b = a + Math.floor(random.uniform() * (n - a));
    const t = order[a];
    order[a] = order[b];
    order[b] = t;
  }
  const rows = order.subarray(0, sampleSize).sort();
  const sample: Record<string, Float64Array> = {};
  for (const name of names) sample[name] = Float64Array.from(rows, (i) => features[name][i]);
  let start: SegmentsModel;
  try {
    start = fitSegments(sample, { features: names, k, seed, restarts: RESTARTS });
  } catch (error) {
    // fewer than k distinct customers in the sample: restart on every customer
    if (error instanceof CustomerValueError && error.code === 'invalid_spec') return onAll();
    throw error;
  }
  const init = start.centers.map((center) => center.map((v, j) => v * start.scaling[j].scale + start.scaling[j].center));
  return { model: fitSegments(features, { features: names, k, seed, init }), restarts: RESTARTS, restartRows: sampleSize };
}

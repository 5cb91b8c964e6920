import * as z from 'zod/mini';
import { ColumnReader, requireRows } from '../internal/columnReader.js';
import { readKeys } from '../internal/keyColumns.js';
import { readTimestamps } from '../internal/dateColumns.js';
import { scaleSchema } from '../satisfaction/surveyItems.js';
import type { NumericArray, TableInput } from '../io/tableInput.js';
import { missingValuesMiniSchema, type MissingValues } from '../io/missingValues.js';

/** Columns of a journey-event log (long form: one row per rated moment). */
export const journeySpecShape = {
  customer: z.string().check(z.minLength(1)),
  journey: z.optional(z.string().check(z.minLength(1))),
  order: z.optional(z.string().check(z.minLength(1))),
  time: z.optional(z.string().check(z.minLength(1))),
  touchpoint: z.optional(z.string().check(z.minLength(1))),
  stage: z.optional(z.string().check(z.minLength(1))),
  rating: z.string().check(z.minLength(1)),
  scale: scaleSchema,
  missing: z._default(missingValuesMiniSchema, 'error'),
};

export const orderRefinement = (spec: { order?: string; time?: string }, ctx: z.core.$RefinementCtx) => {
  if ((spec.order === undefined) === (spec.time === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['order'], message: 'either order (a number column) or time (Date or ISO timestamps), not both' });
  }
};

/** Journeys read from an event log: events grouped by journey, in time order. */
export interface Journeys {
  readonly customer: (string | number)[];
  readonly journey: (string | number)[] | null;
  /** Events of journey j are eventIndex[start[j] .. start[j+1]), in order. */
  readonly start: Int32Array;
  readonly eventIndex: Int32Array;
  readonly rating: NumericArray;
  readonly touchpointCodes: Int32Array | null;
  readonly touchpoints: (string | number)[];
  readonly stageCodes: Int32Array | null;
  readonly stages: (string | number)[];
  readonly rows: number;
  readonly skipped: number;
}

/** Read, check and group journey events. Ties in order keep their input order. */
export function readJourneys(
  data: TableInput,
  fn: string,
  spec: {
    customer: string;
    journey?: string;
    order?: string;
    time?: string;
    touchpoint?: string;
    stage?: string;
    rating: string;
    scale: readonly [number, number];
    missing: MissingValues;
  },
): Journeys {
  const names = [spec.customer, spec.rating, ...[spec.journey, spec.order, spec.time, spec.touchpoint, spec.stage].filter((c): c is string => c !== undefined)];
  const reader = new ColumnReader(data, fn, names, spec.missing);
  const customer = readKeys(reader, spec.customer, 'customer id');
  const journey = spec.journey ? readKeys(reader, spec.journey, 'journey id') : null;
  const rating = reader.number(spec.rating, 'rating', {
    min: spec.scale[0],
    max: spec.scale[1],
    expected: `a rating on the ${spec.scale[0]}–${spec.scale[1]} scale`,
  });
  const order = spec.order ? reader.number(spec.order, 'event order') : readTimestamps(reader, spec.time as string, 'event time');
  const touchpoint = spec.touchpoint ? readKeys(reader, spec.touchpoint, 'touchpoint') : null;
  const stage = spec.stage ? readKeys(reader, spec.stage, 'stage') : null;
  const { skipMask, skipped } = reader.finish();
  const rows = reader.rowCount;
  requireRows(fn, rows - skipped, 1, 'rated moments');
  // Journey key = (customer, journey): dense codes in first-appearance order.
  const journeyOf = new Int32Array(rows).fill(-1);
  const index = new Map<string, number>();
  const customers: (string | number)[] = [];
  const journeys: (string | number)[] = [];
  for (let i = 0; i < rows; i++) {
    if (skipMask !== null && skipMask[i] === 1) continue;
    const key = journey ? `${customer.codes[i]}\u0000${journey.codes[i]}` : String(customer.codes[i]);
    let j = index.get(key);
    if (j === undefined) {
      j = customers.length;
      index.set(key, j);
      customers.push(customer.keys[customer.codes[i]]);
      if (journey) journeys.push(journey.keys[journey.codes[i]]);
    }
    journeyOf[i] = j;
  }
  const m = customers.length;
  const start = new Int32Array(m + 1);
  for (let i = 0; i < rows; i++) if (journeyOf[i] >= 0) start[journeyOf[i] + 1]++;
  for (let j = 0; j < m; j++) start[j + 1] += start[j];
  const fill = start.slice(0, m);
  const eventIndex = new Int32Array(start[m]);
  for (let i = 0; i < rows; i++) if (journeyOf[i] >= 0) eventIndex[fill[journeyOf[i]]++] = i;
  // Stable sort each journey's events by order (insertion sort: journeys are short).
  for (let j = 0; j < m; j++) {
    for (let a = start[j] + 1; a < start[j + 1]; a++) {
      const e = eventIndex[a];
      let b = a - 1;
      while (b >= start[j] && order[eventIndex[b]] > order[e]) {
        eventIndex[b + 1] = eventIndex[b];
        b--;
      }
      eventIndex[b + 1] = e;
    }
  }
  return {
    customer: customers,
    journey: journey ? journeys : null,
    start,
    eventIndex,
    rating,
    touchpointCodes: touchpoint ? touchpoint.codes : null,
    touchpoints: touchpoint ? touchpoint.keys : [],
    stageCodes: stage ? stage.codes : null,
    stages: stage ? stage.keys : [],
    rows,
    skipped,
  };
}

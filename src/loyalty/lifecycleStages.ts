import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../errors.js';
import { daysFromDateValue } from '../internal/civilDays.js';
import { ColumnReader } from '../internal/columnReader.js';
import { readKeys } from '../internal/keyColumns.js';
import { readDates } from '../internal/dateColumns.js';
import { groupRows } from '../internal/groupRows.js';
import { parseSpec, specError } from '../internal/parseSpec.js';
import { DAYS_PER_UNIT, timeUnitSchema } from '../internal/timeUnits.js';
import type { TimeUnit } from '../value/timeUnit.js';
import type { TableInput } from '../io/tableInput.js';
import { assertModelOf } from '../model/assertModelKind.js';
import { betaGeoModelValues } from '../model/modelValueChecks.js';
import { betaGeoModelSchema } from '../model/betaGeoModelSchema.js';
import { probabilityAliveOf } from './clv/betaGeoMath.js';
import type { BetaGeoModel } from './clv/fitBetaGeo.js';
import { missingValuesMiniSchema, type MissingValues } from '../io/missingValues.js';
import { DATE_VALUE_EXPECTED, dateValueSchema } from '../internal/dateValueSchema.js';

const FN = 'lifecycleStages';

// zod/mini (issue 21): with the purchase model checked by its own kind's schema, a bundle of lifecycleStages holds no classic zod
const specSchema = z.strictObject({
  customer: z.string().check(z.minLength(1)),
  date: z.string().check(z.minLength(1)),
  observationEnd: dateValueSchema(),
  timeUnit: timeUnitSchema,
  explorationPeriod: z.number().check(z.gt(0)),
  recentWindow: z.number().check(z.gt(0)),
  declineRatio: z._default(z.number().check(z.gt(0), z.lt(1)), 0.5),
  growthRatio: z._default(z.number().check(z.gt(1)), 1.5),
  purchaseModel: z.optional(z.custom<BetaGeoModel>((v) => v !== null && typeof v === 'object', 'a fitted BG/NBD model')),
  aliveThreshold: z._default(z.number().check(z.gt(0), z.lt(1)), 0.5),
  missing: z._default(missingValuesMiniSchema, 'error'),
});

/** Spec for `lifecycleStages`. Periods are in `timeUnit`. */
export interface LifecycleStagesSpec {
  readonly customer: string;
  readonly date: string;
  /** Last day of observation (inclusive); later transactions are left out and counted. */
  readonly observationEnd: Date | string | number;
  readonly timeUnit: TimeUnit;
  /** Customers younger than this (since first purchase) are exploring. */
  readonly explorationPeriod: number;
  /** Length of the recent window whose purchase rate is compared with the rate before it. */
  readonly recentWindow: number;
  /** Decline when the recent rate is below this fraction of the earlier rate (default 0.5). */
  readonly declineRatio?: number;
  /** Development when the recent rate is above this multiple of the earlier rate (default 1.5). */
  readonly growthRatio?: number;
  /** Optional BG/NBD model (same time unit): P(alive) below `aliveThreshold` means decline. */
  readonly purchaseModel?: BetaGeoModel;
  readonly aliveThreshold?: number;
  readonly missing?: MissingValues;
}

/** Relationship stages, after Dwyer, Schurr & Oh (1987). */
/** A customer's lifecycle stage (Dwyer, Schurr & Oh 1987). */
export type LifecycleStage = 'exploration' | 'development' | 'maturity' | 'decline';
export const LIFECYCLE_STAGES: readonly LifecycleStage[] = ['exploration', 'development', 'maturity', 'decline'];

/** Stage per customer with the figures that decided it. */
export interface LifecycleStagesResult {
  readonly customer: (string | number)[];
  /** Index into `stages`. */
  readonly stage: Uint8Array;
  readonly stages: readonly LifecycleStage[];
  /** Time since first purchase, in `timeUnit`. */
  readonly tenure: Float64Array;
  /**
   * Purchase days per time unit in the recent window, and before it. A customer still exploring
   * has too little history for a trend: both are then the rate over the tenure so far (never NaN).
   */
  readonly recentRate: Float64Array;
  readonly earlierRate: Float64Array;
  readonly probabilityAlive: Float64Array | null;
  readonly counts: Readonly<Record<LifecycleStage, number>>;
  readonly rows: number;
  readonly afterObservationEnd: number;
  readonly skipped: number;
}

/**
 * Each customer's relationship stage — exploration, development, maturity or decline (Dwyer,
 * Schurr & Oh 1987) — from documented rules on tenure and purchase-rate trend. With distinct
 * purchase days counted (same-day purchases merge) and rates per time unit:
 * 1. with a BG/NBD `purchaseModel`, P(alive) < `aliveThreshold` → **decline**;
 * 2. tenure < max(`explorationPeriod`, `recentWindow`) → **exploration**;
 * 3. recent rate < `declineRatio` × earlier rate → **decline**;
 * 4. recent rate > `growthRatio` × earlier rate → **development**;
 * 5. otherwise → **maturity**.
 * The recent window is the last `recentWindow` units up to `observationEnd`; the earlier rate
 * runs from the first purchase to the window's start.
 *
 * Dates: a `Date` counts on its local calendar day in the process's time zone (what `pg` and
 * `mysql2` return for a DATE column: local midnight, or the first local time on a DST day without
 * one); a `Date` at exactly 00:00:00.000 UTC that is not at local midnight counts on its UTC day
 * (as `new Date('2024-01-05')` and `Date.UTC` make). Timestamp text, ISO 8601 or as PostgreSQL
 * prints it (`2024-01-05 10:00:00+00`, `2024-01-05 10:00:00.123456+05:30`, `2024-01-05T10:00Z`;
 * offsets `Z`, `±hh`, `±hh:mm`, `±hhmm`), counts on the date as written — the day in the offset
 * it carries; impossible text (2024-02-30, hour 24, an offset beyond ±14:00) is refused saying
 * why. So results are the same in every time zone.
 *
 * @throws {CustomerValueError} `invalid_spec` (incl. a purchase model in another time unit); `missing_column`; `invalid_value`.
 * @example
 * const log = {
 *   customer: ['new', 'grow', 'grow', 'grow', 'grow', 'steady', 'steady', 'steady', 'gone', 'gone'],
 *   date: [20240320, 20230110, 20240305, 20240312, 20240325, 20230601, 20231001, 20240301, 20230105, 20230301],
 * };
 * const result = lifecycleStages(log, { customer: 'customer', date: 'date', observationEnd: '2024-03-31', timeUnit: 'week', explorationPeriod: 13, recentWindow: 13 });
 * Array.from(result.stage, (s) => result.stages[s]); // => ['exploration', 'development', 'maturity', 'decline']
 */
export function lifecycleStages(transactions: TableInput, spec: LifecycleStagesSpec): LifecycleStagesResult {
  const s = parseSpec(specSchema, spec, FN);
  const endDay = daysFromDateValue(s.observationEnd);
  if (endDay !== endDay) throw specError(FN, 'spec.observationEnd', DATE_VALUE_EXPECTED, describeValue(s.observationEnd));
  if (s.purchaseModel) {
    s.purchaseModel = assertModelOf(s.purchaseModel, 'betaGeo', 'fitBetaGeo', betaGeoModelSchema, betaGeoModelValues, FN, 'spec.purchaseModel'); // as parsed (defaults filled)
    if (s.purchaseModel.spec.timeUnit !== s.timeUnit) {
      throw new CustomerValueError('invalid_spec', `${FN}: the purchase model is in ${s.purchaseModel.spec.timeUnit}s but the spec says ${s.timeUnit}s`, [
        { function: FN, path: 'spec.timeUnit', expected: JSON.stringify(s.purchaseModel.spec.timeUnit), received: JSON.stringify(s.timeUnit) },
      ]);
    }
  }
  const reader = new ColumnReader(transactions, FN, [s.customer, s.date], s.missing);
  const customer = readKeys(reader, s.customer, 'customer id');
  const day = readDates(reader, s.date, 'purchase date');
  const { skipMask, skipped } = reader.finish();
  const rows = reader.rowCount;
  // Drop rows after the end, then keep distinct (customer, day) pairs.
  const keep = new Uint8Array(rows);
  let afterEnd = 0;
  for (let i = 0; i < rows; i++) {
    if (skipMask !== null && skipMask[i] === 1) keep[i] = 1;
    else if (day[i] > endDay) {
      keep[i] = 1;
      afterEnd++;
    }
  }
  const pairs = groupRows([customer.codes, day], rows, keep);
  const [pairCustomer, pairDay] = pairs.columns;
  const k = customer.keys.length;
  const unit = DAYS_PER_UNIT[s.timeUnit];
  const windowStart = endDay - s.recentWindow * unit; // recent window: (windowStart, endDay]
  const first = new Float64Array(k).fill(Infinity);
  const last = new Float64Array(k).fill(-Infinity);
  const days = new Float64Array(k);
  const recentDays = new Float64Array(k);
  for (let g = 0; g < pairCustomer.length; g++) {
    const c = pairCustomer[g];
    const d = pairDay[g];
    if (d < first[c]) first[c] = d;
    if (d > last[c]) last[c] = d;
    days[c]++;
    if (d > windowStart) recentDays[c]++;
  }
  const ids: (string | number)[] = [];
  const slots: number[] = [];
  for (let c = 0; c < k; c++)
    if (days[c] > 0) {
      ids.push(customer.keys[c]);
      slots.push(c);
    }
  const m = ids.length;
  const stage = new Uint8Array(m);
  const tenure = new Float64Array(m);
  const recentRate = new Float64Array(m);
  const earlierRate = new Float64Array(m);
  const alive = s.purchaseModel ? new Float64Array(m) : null;
  const tally = [0, 0, 0, 0];
  const young = Math.max(s.explorationPeriod, s.recentWindow);
  for (let o = 0; o < m; o++) {
    const c = slots[o];
    const T = (endDay - first[c]) / unit;
    tenure[o] = T;
    let pAlive = 1;
    if (alive && s.purchaseModel) {
      pAlive = probabilityAliveOf(s.purchaseModel.params, days[c] - 1, (last[c] - first[c]) / unit, T);
      alive[o] = pAlive;
    }
    let code: number;
    if (T < young) {
      // too young for a trend: both rates are the purchase rate over the tenure so far (a
      // customer bought on their first day, so T = 0 counts as one time unit)
      const rate = days[c] / Math.max(T, 1);
      recentRate[o] = rate;
      earlierRate[o] = rate;
      code = 0;
    } else {
      const recent = recentDays[c] / s.recentWindow;
      const earlier = (days[c] - recentDays[c]) / (T - s.recentWindow);
      recentRate[o] = recent;
      earlierRate[o] = earlier;
      code = recent < s.declineRatio * earlier ? 3 : recent > s.growthRatio * earlier ? 1 : 2;
    }
    if (alive && pAlive < s.aliveThreshold) code = 3;
    stage[o] = code;
    tally[code]++;
  }
  const counts = Object.fromEntries(LIFECYCLE_STAGES.map((name, i) => [name, tally[i]])) as Record<LifecycleStage, number>;
  return {
    customer: ids,
    stage,
    stages: LIFECYCLE_STAGES,
    tenure,
    recentRate,
    earlierRate,
    probabilityAlive: alive,
    counts,
    rows,
    afterObservationEnd: afterEnd,
    skipped,
  };
}

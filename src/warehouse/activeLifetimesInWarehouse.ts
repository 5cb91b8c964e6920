import { CustomerValueError } from '../errors.js';
import { kaplanMeierCurve } from '../internal/kaplanMeierCurve.js';
import type { ActiveLifetimesResult } from '../loyalty/activeLifetimes.js';
import type { KaplanMeierResult } from '../loyalty/kaplanMeier.js';
import { activeLifetimesQuery, type ActiveLifetimesSqlSpec } from './activeLifetimesSql.js';
import { warehouseDoor, type WarehouseTableOptions } from '../internal/warehouseDoor.js';
import { warehouseNumber, type WarehouseEngine } from './warehouseEngine.js';

const FN = 'activeLifetimesInWarehouse';

/** The report's active-lifetime section: who was included or left out, the reach, and the Kaplan–Meier curve. */
export interface ActiveLifetimesInWarehouse {
  readonly counts: ActiveLifetimesResult['counts'];
  /** The largest T − lapseAfter among the included customers (null when none qualifies). */
  readonly reach: number | null;
  /** `kaplanMeier` on the included customers' lifetimes (default options), null when none qualifies. */
  readonly survival: KaplanMeierResult | null;
}

/**
 * Active lifetimes of repeat buyers and their Kaplan–Meier curve where the transactions live: one
 * query (`activeLifetimesSql`) summarizes the log and applies `activeLifetimes`' rule in the
 * engine, and only the distinct `(duration, lapsed)` pairs with their customer counts come out;
 * the curve is computed on those groups by the same code as `kaplanMeier`. The result equals
 * `activeLifetimes` on `summarizeTransactions`' summary followed by `kaplanMeier(durations,
 * lapsed)` — the report's `activeLifetimes` section — exactly (the durations are the summary's
 * doubles bit for bit; tested in DuckDB and PostgreSQL on CDNOW and a generated log).
 *
 * The dialect is `engine.dialect`. A failing query rejects with `engine_failed` naming the
 * stage (`"lifetimes"`) and the engine's message. Customers the summary refuses (an infinite
 * amount) are an `invalid_value` error, never dropped.
 *
 * @throws {CustomerValueError} `invalid_spec` (as `activeLifetimesSql`, the engine or the options); `engine_failed`; `invalid_value`.
 * @example
 * // A stand-in engine answering the lifetimes query with fixed groups (weeks, lapseAfter 26)
 * const rows = [
 *   { customer_group: 0, duration: 2, lapsed: 1, reach: 14, customers: 3n },
 *   { customer_group: 0, duration: 4, lapsed: 0, reach: 4, customers: 1n },
 *   { customer_group: 0, duration: 9, lapsed: 1, reach: 14, customers: 1n },
 *   { customer_group: 1, duration: null, lapsed: null, reach: null, customers: 7n },
 * ];
 * const engine = { dialect: 'duckdb', query: () => rows };
 * const spec = { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '1997-09-30', timeUnit: 'week', missing: 'skip', lapseAfter: 26 };
 * const { counts, reach, survival } = await activeLifetimesInWarehouse(engine, spec, { table: 'orders' });
 * [counts, reach]; // => [{ included: 5, oneTime: 7, tooRecent: 0 }, 14]
 * survival.time; // => [2, 4, 9]
 * survival.survival; // => [0.4, 0.4, 0]
 */
export async function activeLifetimesInWarehouse(
  engine: WarehouseEngine,
  spec: ActiveLifetimesSqlSpec,
  options: WarehouseTableOptions,
): Promise<ActiveLifetimesInWarehouse> {
  const { options: o, job } = warehouseDoor(FN, engine, options);
  const sql = activeLifetimesQuery(spec, { dialect: engine.dialect, table: o.table }, FN);
  const where = { function: FN, stage: 'lifetimes' };
  const rows = await job.query(where.stage, sql);
  const groups = new Map<number, { events: number; censored: number }>();
  const left = [0, 0, 0, 0];
  let reach = -Infinity;
  rows.forEach((row, i) => {
    const group = warehouseNumber(row.customer_group, where, 'customer_group', i);
    const customers = warehouseNumber(row.customers, where, 'customers', i);
    if (group !== 0) {
      left[group] += customers;
      return;
    }
    const duration = warehouseNumber(row.duration, where, 'duration', i);
    const at = groups.get(duration) ?? { events: 0, censored: 0 };
    if (warehouseNumber(row.lapsed, where, 'lapsed', i) === 1) at.events += customers;
    else at.censored += customers;
    groups.set(duration, at);
    left[0] += customers;
    reach = Math.max(reach, warehouseNumber(row.reach, where, 'reach', i));
  });
  if (left[3] > 0) {
    throw new CustomerValueError('invalid_value', `${FN}: ${left[3]} customer(s) have an infinite amount up to the observation end`, [
      {
        function: FN,
        expected: 'finite amounts',
        received: `${left[3]} customer(s) with an infinite value`,
        hint: 'find them with a query on the log (amount = the dialect’s infinity) and correct or exclude them',
      },
    ]);
  }
  const time = [...groups.keys()].sort((a, b) => a - b);
  const counts = { included: left[0], oneTime: left[1], tooRecent: left[2] };
  const survival =
    counts.included > 0
      ? kaplanMeierCurve(
          time,
          time.map((t) => groups.get(t)!.events),
          time.map((t) => groups.get(t)!.censored),
          { confidence: 0.95, confidenceType: 'log' },
        )
      : null;
  return { counts, reach: counts.included > 0 ? reach : null, survival };
}

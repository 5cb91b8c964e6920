import { z } from 'zod';
import { groupRows } from '../internal/groupRows.js';
import { parseSpec } from '../internal/parseSpec.js';
import { DAYS_PER_UNIT, timeUnitSchema } from '../internal/timeUnits.js';
import type { TableInput } from '../io/tableInput.js';
import { probabilityAliveOf } from '../loyalty/clv/betaGeoMath.js';
import type { BetaGeoModel } from '../loyalty/clv/fitBetaGeo.js';
import { discountFactors, periodExpectations } from '../loyalty/clv/periodExpectations.js';
import { readPurchaseSummary } from '../loyalty/clv/purchaseSummary.js';
import { assertModelKind } from '../model/assertModelKind.js';
import type { TimeUnit } from '../value/timeUnit.js';

const FN = 'betaGeoScoreLookup';

/** The warehouse's column names for a history (`summarizeTransactionsSql`, `betaGeoHistogramSql`). */
const WAREHOUSE_COLUMNS = { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' } as const;

const argsSchema = z.strictObject({
  purchaseModel: z.custom<BetaGeoModel>((v) => v !== null && typeof v === 'object', 'a fitted BG/NBD model'),
  histories: z.custom<TableInput>((v) => v !== null && typeof v === 'object', 'a table of histories'),
  horizon: z.number().int().min(1).max(100_000),
  timeUnit: timeUnitSchema,
  discountRate: z.number().min(0).max(10).optional(),
});

/** Arguments of `betaGeoScoreLookup`. */
export interface BetaGeoScoreLookupArgs {
  readonly purchaseModel: BetaGeoModel;
  /**
   * The histories to score: rows or columns named `frequency`, `recency` and `T` (the names
   * `betaGeoHistogramSql` and `summarizeTransactionsSql` give them), in the purchase model's time
   * unit. Repeated histories are computed once (a histogram's `customers` column is not needed);
   * a row with a missing value (the histogram's row of customers the summary refused, all NULL)
   * is left out and counted in `skipped`.
   */
  readonly histories: TableInput;
  /** Number of periods of `timeUnit` to predict, as `customerLifetimeValue`'s `horizon`. */
  readonly horizon: number;
  /** Unit of `horizon` (and of `discountRate`'s period): required, never assumed. */
  readonly timeUnit: TimeUnit;
  /** Discount rate per period, as `customerLifetimeValue`'s; only needed for CLV (adds `discounted_purchases`). */
  readonly discountRate?: number;
}

/** The lookup table's columns: one row per distinct history, as `Float64Array`s. */
export interface BetaGeoScoreLookupColumns {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
  /** P(alive), as `probabilityAlive`. */
  readonly probability_alive: Float64Array;
  /** E[Y(horizon) | x, t_x, T], as `conditionalExpectedPurchases` and `customerLifetimeValue`'s `expectedPurchases`. */
  readonly expected_purchases: Float64Array;
  /** With `discountRate`: Σ_i ΔE_i · (1 + d)^−i for a customer alive now (CLV = margin · spend · P(alive) · this). */
  readonly discounted_purchases?: Float64Array;
}

/** A BG/NBD scoring lookup table over distinct histories, to load into an engine and join (`betaGeoScoresSql`). */
export interface BetaGeoScoreLookup {
  readonly lookup: 'betaGeoScores';
  readonly columns: BetaGeoScoreLookupColumns;
  /** Rows of the table: distinct histories. */
  readonly histories: number;
  /** Input rows left out for a missing value. */
  readonly skipped: number;
  readonly horizon: number;
  readonly timeUnit: TimeUnit;
  readonly discountRate: number | null;
}

/**
 * The per-history part of BG/NBD scoring and CLV as a small table, computed in JavaScript over
 * the distinct histories (x, t_x, T) a warehouse holds, to be loaded into the engine and joined
 * on the three doubles by `betaGeoScoresSql` (`betaGeoScoresInWarehouse` does all of it). The
 * conditional expectation needs the Gaussian hypergeometric 2F1 per history, which SQL engines
 * lack; everything per customer beyond the history (the Gamma-Gamma expected spend, a rational
 * function of (x, m̄), and the margin) stays closed-form SQL.
 *
 * The values are computed by the code `customerLifetimeValue` runs (the same period sums, in the
 * same order, per distinct (x, T), then P(alive) per history), so per customer
 * `expected_purchases` equals `customerLifetimeValue(...).expectedPurchases` and
 * `conditionalExpectedPurchases(model, customers, horizon · step)` bit for bit (step = one
 * `timeUnit` in the model's unit), `probability_alive` equals `probabilityAlive`, and
 * `margin · spend · probability_alive · discounted_purchases` (in that order) is
 * `customerLifetimeValue`'s CLV.
 *
 * Size: one row per distinct history (6 doubles, 48 bytes, with `discountRate`). Recency and T
 * are whole days over the unit, so the table is bounded by the distinct (frequency, first day,
 * last day) of the log, not by the number of customers, and the 2F1 period sums are evaluated
 * once per distinct (x, T), fewer still. Measured (`benchmarks/clv-lookup.mjs`, one run, 12
 * monthly periods with discounting, 2 shared cores): the whole CDNOW log to 1997-09-30 in weeks,
 * 23,570 customers → 8,685 histories, 979 (x, T) pairs, 0.15 s, 0.4 MB; 10,000,000 customers
 * simulated from BG/NBD over a year on a daily grid (`generate-customers.mjs`) → 503,661
 * histories (5% of the customers), 11,042 (x, T) pairs, 2.7 s, 24 MB.
 *
 * @throws {CustomerValueError} `invalid_spec`; `invalid_model`; `missing_column`; `invalid_value`
 *   (a history that is not one: fractional or negative frequency, recency > T, ...), naming the
 *   row; `not_converged` as `customerLifetimeValue`.
 * @example
 * const purchaseModel = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * // a histogram as betaGeoHistogramSql returns it, with the refused customers' NULL row
 * const histories = [
 *   { frequency: 2, recency: 30.43, T: 38.86, customers: 12 },
 *   { frequency: 0, recency: 0, T: 38.86, customers: 40 },
 *   { frequency: null, recency: null, T: null, customers: 1 },
 * ];
 * const table = betaGeoScoreLookup({ purchaseModel, histories, horizon: 39, timeUnit: 'week', discountRate: 0.01 });
 * [table.histories, table.skipped]; // => [2, 1]
 * Math.round(table.columns.expected_purchases[0] * 1000) / 1000; // => 1.226
 */
export function betaGeoScoreLookup(args: BetaGeoScoreLookupArgs): BetaGeoScoreLookup {
  const s = parseSpec(argsSchema, args, FN, 'arguments');
  assertModelKind(s.purchaseModel, 'betaGeo', FN);
  const params = s.purchaseModel.params;
  const read = readPurchaseSummary(s.histories, FN, WAREHOUSE_COLUMNS, s.purchaseModel.spec.timeUnit, 'skip', { minimumRows: 0 });
  const triples = groupRows([read.x, read.tx, read.T], read.rowCount, read.skip);
  const [x, tx, T] = triples.columns;
  const pairs = groupRows([x, T], x.length);
  const [px, pT] = pairs.columns;
  const step = DAYS_PER_UNIT[s.timeUnit] / DAYS_PER_UNIT[s.purchaseModel.spec.timeUnit];
  const discount = discountFactors(s.horizon, s.discountRate ?? 0);
  const { discounted, undiscounted } = periodExpectations(params, px, pT, s.horizon, step, discount, FN, (g) => {
    const history = pairs.groupOf.indexOf(g);
    return { row: triples.groupOf.indexOf(history), tx: tx[history] };
  });
  const n = x.length;
  const alive = new Float64Array(n);
  const expected = new Float64Array(n);
  const perHistory = s.discountRate === undefined ? null : new Float64Array(n);
  for (let h = 0; h < n; h++) {
    const g = pairs.groupOf[h];
    const pAlive = probabilityAliveOf(params, x[h], tx[h], T[h]);
    alive[h] = pAlive;
    expected[h] = pAlive * undiscounted[g]; // customerLifetimeValue's order
    if (perHistory !== null) perHistory[h] = discounted[g];
  }
  return {
    lookup: 'betaGeoScores',
    columns: {
      frequency: x,
      recency: tx,
      T,
      probability_alive: alive,
      expected_purchases: expected,
      ...(perHistory !== null ? { discounted_purchases: perHistory } : {}),
    },
    histories: n,
    skipped: read.skipped,
    horizon: s.horizon,
    timeUnit: s.timeUnit,
    discountRate: s.discountRate ?? null,
  };
}

import * as z from 'zod';
import { ColumnReader } from '../internal/columnReader.js';
import { groupRows } from '../internal/groupRows.js';
import { parseSpec } from '../internal/parseSpec.js';
import { DAYS_PER_UNIT, timeUnitSchema } from '../internal/timeUnits.js';
import type { TableInput } from '../io/tableInput.js';
import type { BetaGeoModel } from '../loyalty/clv/fitBetaGeo.js';
import { discountFactors, periodExpectations } from '../loyalty/clv/periodExpectations.js';
import { assertModelKind } from '../model/assertModelKind.js';
import type { TimeUnit } from '../value/timeUnit.js';

const FN = 'betaGeoScoreLookup';

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
   * The histories to score: rows or columns named `frequency` and `T` (the names
   * `summarizeTransactionsSql` gives them; other columns, e.g. `recency` or a `customers` count,
   * are not read), in the purchase model's time unit. Repeated (frequency, T) pairs are computed
   * once; a row with a missing value (the refused customers' row, all NULL) is left out and
   * counted in `skipped`.
   */
  readonly histories: TableInput;
  /** Number of periods of `timeUnit` to predict, as `customerLifetimeValue`'s `horizon`. */
  readonly horizon: number;
  /** Unit of `horizon` (and of `discountRate`'s period): required, never assumed. */
  readonly timeUnit: TimeUnit;
  /** Discount rate per period, as `customerLifetimeValue`'s; only needed for CLV (adds `discounted_if_alive`). */
  readonly discountRate?: number;
}

/** The lookup table's columns: one row per distinct (frequency, T), as `Float64Array`s. */
export interface BetaGeoScoreLookupColumns {
  readonly frequency: Float64Array;
  readonly T: Float64Array;
  /** ln a − ln(b + x − 1), the part of P(alive)'s log odds in x alone (0 where x = 0: P(alive) is 1 there). */
  readonly log_odds: Float64Array;
  /** ln(α + T), the part of P(alive)'s log odds in T alone. */
  readonly log_age: Float64Array;
  /** E[Y(horizon)] for a customer alive now, as `customerLifetimeValue`'s undiscounted period sum: expected purchases = P(alive) · this. */
  readonly expected_if_alive: Float64Array;
  /** With `discountRate`: Σ_i ΔE_i · (1 + d)^−i for a customer alive now (CLV = margin · spend · P(alive) · this). */
  readonly discounted_if_alive?: Float64Array;
}

/** A BG/NBD scoring lookup table over distinct (frequency, T), to load into an engine and join (`betaGeoScoresSql`). */
export interface BetaGeoScoreLookup {
  readonly lookup: 'betaGeoScores';
  readonly columns: BetaGeoScoreLookupColumns;
  /** Rows of the table: distinct (frequency, T) pairs. */
  readonly rows: number;
  /** Input rows left out for a missing value. */
  readonly skipped: number;
  readonly horizon: number;
  readonly timeUnit: TimeUnit;
  readonly discountRate: number | null;
}

/**
 * The part of BG/NBD scoring and CLV that needs JavaScript, as a small table over the distinct
 * (x, T) a warehouse holds, to be loaded into the engine and joined on the two doubles by
 * `betaGeoScoresSql` (`betaGeoScoresInWarehouse` does all of it). Per customer the conditional
 * expectation factors (Fader, Hardie & Lee 2005, eq. 10) as
 *   E[Y(t) | x, t_x, T] = E[Y(t) | x, T, alive] · P(alive | x, t_x, T),
 *   P(alive) = 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)),
 * where the first factor needs the Gaussian hypergeometric 2F1 (which SQL engines lack) but not
 * t_x, and the second is closed form. So the table holds, per (x, T), the period sums for a
 * customer alive now (`expected_if_alive`, `discounted_if_alive`, by the code
 * `customerLifetimeValue` runs: the same sums in the same order) and the two logarithms of
 * P(alive)'s log odds that do not depend on t_x (`log_odds` = ln a − ln(b+x−1), `log_age` =
 * ln(α+T), computed as `probabilityAlive` computes them); `betaGeoScoresSql` finishes P(alive)
 * per customer with one `LN(α + t_x)` and the logistic, and multiplies. The Gamma-Gamma
 * expected spend (a rational function of x and the mean spend) and the margin stay SQL too.
 *
 * Size: one row per distinct (x, T) (6 doubles, 48 bytes, with `discountRate`): T is whole
 * days over the unit, so the table is bounded by (largest frequency + 1) × (days observed), not
 * by the number of customers. Measured in `benchmarks/README.md` ("Warehouse CLV scoring: the
 * lookup table's size").
 *
 * @throws {CustomerValueError} `invalid_spec`; `invalid_model`; `missing_column`; `invalid_value`
 *   (a history that is not one: fractional or negative frequency, negative T), naming the row;
 *   `not_converged` as `customerLifetimeValue`.
 * @example
 * const purchaseModel = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * // distinct (frequency, T) as the engine returns them, with the refused customers' NULL row
 * const histories = [
 *   { frequency: 2, T: 38.86, customers: 12 },
 *   { frequency: 0, T: 38.86, customers: 40 },
 *   { frequency: null, T: null, customers: 1 },
 * ];
 * const table = betaGeoScoreLookup({ purchaseModel, histories, horizon: 39, timeUnit: 'week', discountRate: 0.01 });
 * [table.rows, table.skipped]; // => [2, 1]
 * // expected purchases of a customer with (x, t_x, T) = (2, 30.43, 38.86): P(alive) · expected_if_alive
 * const c = table.columns;
 * const logOdds = c.log_odds[0] + (0.243 + 2) * (c.log_age[0] - Math.log(4.414 + 30.43));
 * Math.round((1 / (1 + Math.exp(logOdds))) * c.expected_if_alive[0] * 1000) / 1000; // => 1.226
 */
export function betaGeoScoreLookup(args: BetaGeoScoreLookupArgs): BetaGeoScoreLookup {
  const s = parseSpec(argsSchema, args, FN, 'arguments');
  s.purchaseModel = assertModelKind(s.purchaseModel, 'betaGeo', FN, 'arguments.purchaseModel'); // as parsed (defaults filled)
  const params = s.purchaseModel.params;
  const reader = new ColumnReader(s.histories, FN, ['frequency', 'T'], 'skip');
  const x = reader.number('frequency', 'repeat purchases', { min: 0, integer: true, expected: 'a whole number of repeat purchases ≥ 0' });
  const T = reader.number('T', 'customer age T', { min: 0, expected: 'a customer age T ≥ 0' });
  const { skipMask, skipped } = reader.finish();
  const pairs = groupRows([x, T], reader.rowCount, skipMask);
  const [px, pT] = pairs.columns;
  const step = DAYS_PER_UNIT[s.timeUnit] / DAYS_PER_UNIT[s.purchaseModel.spec.timeUnit];
  const discount = discountFactors(s.horizon, s.discountRate ?? 0);
  const { discounted, undiscounted } = periodExpectations(params, px, pT, s.horizon, step, discount, FN, (g) => ({
    row: pairs.groupOf.indexOf(g),
    tx: Number.NaN, // the sums do not depend on t_x: the message shows NaN for it
  }));
  const n = px.length;
  const logOdds = new Float64Array(n);
  const logAge = new Float64Array(n);
  for (let g = 0; g < n; g++) {
    // probabilityAliveOf's terms, computed as it computes them
    logOdds[g] = px[g] === 0 ? 0 : Math.log(params.a) - Math.log(params.b + px[g] - 1);
    logAge[g] = Math.log(params.alpha + pT[g]);
  }
  return {
    lookup: 'betaGeoScores',
    columns: {
      frequency: px,
      T: pT,
      log_odds: logOdds,
      log_age: logAge,
      expected_if_alive: undiscounted,
      ...(s.discountRate !== undefined ? { discounted_if_alive: discounted } : {}),
    },
    rows: n,
    skipped,
    horizon: s.horizon,
    timeUnit: s.timeUnit,
    discountRate: s.discountRate ?? null,
  };
}

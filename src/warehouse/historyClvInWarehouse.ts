import { describeValue } from '../errors.js';
import { CustomerValueError } from '../errors.js';
import { quoteIdentifier, quoteTableName, SQL_DOUBLE, sqlNumber } from '../internal/sqlText.js';
import { DAYS_PER_UNIT } from '../internal/timeUnits.js';
import type { GammaGammaModel } from '../loyalty/clv/fitGammaGamma.js';
import { discountFactors, historyExpectations } from '../loyalty/clv/periodExpectations.js';
import { repeatBuyingOf, type RepeatBuyingModel } from '../loyalty/clv/repeatBuyingOf.js';
import type { TimeUnit } from '../value/timeUnit.js';
import { expectedSpendSql } from './betaGeoScoresSql.js';
import { engineFailure, runWarehouseQuery, warehouseNumber, type WarehouseEngine, type WarehouseStage } from './warehouseEngine.js';

/**
 * Each customer's CLV in the engine under a purchase model scored by history (x, t_x, T) —
 * Pareto/NBD or MBG/NBD, the warehouse report's pick with `spec.holdoutEnd` (BG/NBD goes through
 * `betaGeoScoresInWarehouse`) — as `customerLifetimeValue` computes it: the distinct histories of
 * the summary table leave the engine, their discounted expected purchases over the horizon are
 * computed here (`historyExpectations`, `customerLifetimeValue`'s code path) and loaded back as a
 * lookup table, and `into` is written with `customer` and `clv` = margin × Gamma-Gamma's expected
 * spend (SQL) × the history's discounted purchases; NULL for a customer the summary refused.
 * The lookup table is left for the caller to drop. Returns the customers scored. Internal: the
 * warehouse report's `scores` stage.
 */
export async function historyClvInWarehouse(
  engine: WarehouseEngine,
  models: { readonly purchaseModel: RepeatBuyingModel; readonly spendModel: GammaGammaModel },
  settings: { readonly horizon: number; readonly timeUnit: TimeUnit; readonly discountRate: number; readonly margin: number },
  names: { readonly summary: string; readonly into: string; readonly lookup: string },
  fn: string,
): Promise<{ readonly customers: number }> {
  const d = engine.dialect;
  const q = (name: string) => quoteIdentifier(name, d, fn, 'internal name', { path: 'options.prefix' });
  const num = (v: number) => sqlNumber(v, d, fn);
  const cast = (expr: string) => `CAST(${expr} AS ${SQL_DOUBLE[d]})`;
  const [summary, into, lookup] = [names.summary, names.into, names.lookup].map((name) => quoteTableName(name, d, fn, 'options.prefix'));
  const [frequency, recency, T, monetary, customer, customers, discounted, clv] = [
    'frequency',
    'recency',
    'T',
    'monetary',
    'customer',
    'customers',
    'discounted',
    'clv',
  ].map(q);
  const where = (stage: string): WarehouseStage => ({ function: fn, stage });

  const rows = await runWarehouseQuery(
    engine,
    where('scores'),
    `SELECT ${cast(frequency)} AS ${frequency}, ${cast(recency)} AS ${recency}, ${cast(T)} AS ${T}, COUNT(*) AS ${customers} FROM ${summary} ` +
      `WHERE ${frequency} IS NOT NULL GROUP BY ${frequency}, ${recency}, ${T}`,
  );
  const n = rows.length;
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const age = new Float64Array(n);
  let scored = 0;
  rows.forEach((row, i) => {
    x[i] = warehouseNumber(row.frequency, where('scores'), 'frequency', i);
    tx[i] = warehouseNumber(row.recency, where('scores'), 'recency', i);
    age[i] = warehouseNumber(row.T, where('scores'), 'T', i);
    scored += warehouseNumber(row.customers, where('scores'), 'customers', i);
  });
  const model = repeatBuyingOf(models.purchaseModel, fn);
  const step = DAYS_PER_UNIT[settings.timeUnit] / DAYS_PER_UNIT[model.timeUnit];
  const sums = historyExpectations(model, x, tx, age, settings.horizon, step, discountFactors(settings.horizon, settings.discountRate));
  try {
    await engine.load!(names.lookup, { frequency: x, recency: tx, T: age, discounted: sums.discounted });
  } catch (error) {
    if (error instanceof CustomerValueError) throw error;
    throw engineFailure(where('scores'), error instanceof Error ? error.message.split('\n')[0] : describeValue(error));
  }
  const l = (name: string) => `${q('__cv_lookup')}.${name}`;
  await runWarehouseQuery(
    engine,
    where('scores'),
    `CREATE TABLE ${into} AS SELECT s.${customer} AS ${customer}, CASE WHEN s.${frequency} IS NULL THEN NULL ` +
      `ELSE ${num(settings.margin)} * ${expectedSpendSql(models.spendModel, cast(`s.${frequency}`), cast(`s.${monetary}`), num)} * ${l(discounted)} END AS ${clv} ` +
      `FROM ${summary} s LEFT JOIN ${lookup} ${q('__cv_lookup')} ON ${cast(`s.${frequency}`)} = ${l(frequency)} AND ${cast(`s.${recency}`)} = ${l(recency)} AND ${cast(`s.${T}`)} = ${l(T)}`,
  );
  return { customers: scored };
}

import { CustomerValueError, describeValue } from '../../errors.js';
import { groupRows } from '../../internal/groupRows.js';
import type { MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import type { TimeUnit } from '../../value/timeUnit.js';
import type { CustomerPredictions } from './betaGeoPredictions.js';
import { readPurchaseSummary, type SummaryColumns } from './purchaseSummary.js';

/** A time argument of a prediction (a horizon or an age): a finite number ≥ 0, else `invalid_spec` at `path`. Internal. */
export function checkPredictionTime(fn: string, t: unknown, path = 't'): number {
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    throw new CustomerValueError('invalid_spec', `${fn}: ${path} must be a time ≥ 0`, [
      { function: fn, path, expected: "a finite time ≥ 0 in the model's time unit", received: describeValue(t) },
    ]);
  }
  return t;
}

/**
 * A per-customer prediction of a continuous-time repeat-buying model, evaluated once per distinct
 * history (x, t_x, T) and scattered to the rows (NaN at a skipped row). `notFinite(history, row)`
 * is called (and must throw) for the first history whose value is not finite, with the first row
 * holding it. Internal: the Pareto/NBD and MBG/NBD predictions share it.
 */
export function predictPerHistory(
  model: { readonly spec: { readonly columns: SummaryColumns; readonly timeUnit: TimeUnit; readonly missing: MissingValues } },
  customers: TableInput,
  fn: string,
  missing: MissingValues | undefined,
  f: (x: number, tx: number, T: number) => number,
  notFinite: (history: string, row: number) => never,
): CustomerPredictions {
  const read = readPurchaseSummary(customers, fn, model.spec.columns, model.spec.timeUnit, missing ?? model.spec.missing, { minimumRows: 0 });
  const grouped = groupRows([read.x, read.tx, read.T], read.rowCount, read.skip);
  const [gx, gtx, gT] = grouped.columns;
  const perGroup = new Float64Array(gx.length);
  for (let g = 0; g < gx.length; g++) {
    perGroup[g] = f(gx[g], gtx[g], gT[g]);
    if (!Number.isFinite(perGroup[g])) notFinite(`(x, t_x, T) = (${gx[g]}, ${gtx[g]}, ${gT[g]})`, grouped.groupOf.indexOf(g));
  }
  const values = new Float64Array(read.rowCount);
  for (let i = 0; i < values.length; i++) {
    const g = grouped.groupOf[i];
    values[i] = g < 0 ? Number.NaN : perGroup[g];
  }
  return { values, skipped: read.skipped };
}

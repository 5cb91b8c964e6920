import { readCovariatesForModel } from '../../internal/staticCovariateDesign.js';
import type { MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import type { TimeUnit } from '../../value/timeUnit.js';
import { readPurchaseSummary, type SummaryColumns } from './purchaseSummary.js';
import type { FittedCovariate } from './staticCovariatesSpec.js';

/** Per-customer predictions of a repeat-buying model with covariates, in input order (NaN for skipped rows). */
export interface CovariatePurchasePredictions {
  /** P(alive at T | x, t_x, T, z). */
  readonly probabilityAlive: Float64Array;
  /** E[purchases in (T, T + horizon] | x, t_x, T, z]. */
  readonly expectedPurchases: Float64Array;
  /** Rows skipped for a missing value under `missing: 'skip'`. */
  readonly skipped: number;
}

/**
 * The loop every covariate repeat-buying prediction shares: read the histories (in the model's
 * columns and time unit) and the model's covariates, skip a row missing either, and evaluate
 * `evaluate(design columns, row, x, t_x, T)` → [P(alive), expected purchases] once per distinct
 * (covariates, x, t_x, T), scattered to the rows. `evaluate` throws for a value it cannot compute;
 * `checkDesign`, when given, sees the covariate columns first (the rows kept) and throws for
 * values the model refuses. Internal.
 */
export function covariateHistoryPredictions(
  fn: string,
  model: {
    readonly spec: { readonly columns: SummaryColumns; readonly timeUnit: TimeUnit; readonly missing: MissingValues };
    readonly covariates: readonly FittedCovariate[];
  },
  customers: TableInput,
  missing: MissingValues,
  evaluate: (columns: readonly Float64Array[], row: number, x: number, tx: number, T: number) => [number, number],
  checkDesign?: (columns: readonly Float64Array[], skip: Uint8Array | null) => void,
): CovariatePurchasePredictions {
  const design = readCovariatesForModel(customers, fn, model.covariates, missing);
  checkDesign?.(design.columns, design.skip);
  const read = readPurchaseSummary(customers, fn, model.spec.columns, model.spec.timeUnit, missing, { minimumRows: 0 });
  const rows = read.rowCount;
  const probabilityAlive = new Float64Array(rows);
  const expectedPurchases = new Float64Array(rows);
  const memo = new Map<string, [number, number]>();
  let skipped = 0;
  for (let i = 0; i < rows; i++) {
    if ((read.skip !== null && read.skip[i] === 1) || (design.skip !== null && design.skip[i] === 1)) {
      probabilityAlive[i] = expectedPurchases[i] = Number.NaN;
      skipped += 1;
      continue;
    }
    const [x, tx, T] = [read.x[i], read.tx[i], read.T[i]];
    const key = `${design.columns.map((c) => c[i]).join(',')};${x};${tx};${T}`;
    let values = memo.get(key);
    if (values === undefined) {
      values = evaluate(design.columns, i, x, tx, T);
      memo.set(key, values);
    }
    [probabilityAlive[i], expectedPurchases[i]] = values;
  }
  return { probabilityAlive, expectedPurchases, skipped };
}

import { CustomerValueError } from '../../errors.js';
import type { TableInput } from '../../io/tableInput.js';
import { calibrationHoldout } from './calibrationHoldout.js';
import { compareModels } from './compareModels.js';
import { fitBetaGeo, type BetaGeoModel } from './fitBetaGeo.js';
import { fitModifiedBetaGeo, type ModifiedBetaGeoModel } from './fitModifiedBetaGeo.js';
import { fitParetoNbd, type ParetoNbdModel } from './fitParetoNbd.js';
import { repeatPurchaseTracking } from './repeatPurchaseTracking.js';
import type { RepeatPurchaseTracking } from './repeatPurchaseTrackingFromCounts.js';
import type { TimeUnit } from '../../value/timeUnit.js';

/** The repeat-buying models the report compares, in the order it lists them. */
export type ReportPurchaseModel = BetaGeoModel | ModifiedBetaGeoModel | ParetoNbdModel;

/** One compared model's row: fit on the calibration period, error on the holdout. */
export interface ReportModelRow {
  readonly name: string;
  readonly kind: ReportPurchaseModel['kind'];
  readonly parameters: number;
  readonly logLikelihood: number;
  readonly aic: number;
  readonly bic: number;
  /** Mean absolute error of each customer's holdout purchases against their conditional expectation. */
  readonly mae: number;
  readonly rmse: number;
  /** Expected holdout purchases of the whole base. */
  readonly expected: number;
  /** (expected − actual) / actual over the whole base. */
  readonly aggregateError: number;
}

/** The report's CLV model comparison (`spec.holdoutEnd`): what was compared, what was picked and why, and the picked model's tracking. */
export interface ReportModelComparison {
  /** The holdout period (observation end, holdout end], `YYYY-MM-DD`, and its length in the report's time unit. */
  readonly holdout: { readonly start: string; readonly end: string; readonly duration: number };
  /** Customers compared (those of the report) and their actual holdout repeat purchases. */
  readonly customers: number;
  readonly actual: number;
  readonly models: readonly ReportModelRow[];
  /** Name of the model with the smallest holdout MAE: the report's CLV uses it. */
  readonly picked: string;
  /** Name of the model with the smallest BIC. */
  readonly bestBic: string;
  /** Why `picked` was picked, in one or two sentences. */
  readonly reason: string;
  /** The picked model's expected and actual repeat purchases per period from each customer's first purchase, to the holdout end (period ends in the time unit). */
  readonly tracking: {
    readonly end: readonly number[];
    readonly expected: readonly number[];
    readonly expectedCumulative: readonly number[];
    readonly actual: readonly number[];
    readonly actualCumulative: readonly number[];
    readonly calibrationEnd: number | null;
  };
}

const FITTERS = [
  ['BG/NBD', fitBetaGeo],
  ['MBG/NBD', fitModifiedBetaGeo],
  ['Pareto/NBD', fitParetoNbd],
] as const;

/**
 * `spec.observationEnd`, checked against `spec.holdoutEnd`: required with it (the holdout starts
 * after it) and before it. Internal: both reports check the spec here before any work.
 */
export function checkHoldout(fn: string, observationEnd: string | undefined, holdoutEnd: string): string {
  const hint = 'the models are fitted up to spec.observationEnd and compared on the purchases after it, up to spec.holdoutEnd';
  if (observationEnd === undefined) {
    throw new CustomerValueError('invalid_spec', `${fn}: spec.holdoutEnd needs spec.observationEnd`, [
      {
        function: fn,
        path: 'spec.observationEnd',
        expected: 'the last day of the calibration period (YYYY-MM-DD), before spec.holdoutEnd',
        received: 'undefined',
        hint,
      },
    ]);
  }
  if (!(holdoutEnd > observationEnd)) {
    throw new CustomerValueError('invalid_spec', `${fn}: the holdout must end after the observation end`, [
      { function: fn, path: 'spec.holdoutEnd', expected: `a date after spec.observationEnd (${observationEnd})`, received: holdoutEnd, hint },
    ]);
  }
  return observationEnd;
}

/**
 * Fit BG/NBD, MBG/NBD and Pareto/NBD on the log up to `observationEnd`, compare them on the
 * holdout (observationEnd, holdoutEnd] and pick the one with the smallest per-customer holdout
 * error: the comparison and the picked model (fitted on the calibration period). Internal: the
 * in-memory report's `model comparison` stage (`compareReportModels` on `calibrationHoldout`
 * and `repeatPurchaseTracking`). `fit(run)` wraps each fit (the report adds its short-window note).
 */
export function reportModelComparison(
  transactions: TableInput,
  s: { readonly customer: string; readonly date: string; readonly amount: string; readonly timeUnit: TimeUnit },
  observationEnd: string | undefined,
  holdoutEnd: string,
  fn: string,
  fit: <T>(run: () => T) => T,
): { readonly comparison: ReportModelComparison; readonly model: ReportPurchaseModel } {
  const calibrationEnd = checkHoldout(fn, observationEnd, holdoutEnd);
  const split = inReportPaths(() =>
    calibrationHoldout(transactions, {
      customer: s.customer,
      date: s.date,
      value: s.amount,
      calibrationEnd,
      observationEnd: holdoutEnd,
      timeUnit: s.timeUnit,
    }),
  );
  return compareReportModels(split, { timeUnit: s.timeUnit, duration: split.duration, start: calibrationEnd, end: holdoutEnd }, fit, (model) =>
    inReportPaths(() =>
      repeatPurchaseTracking(model, transactions, { customer: s.customer, date: s.date, amount: s.amount, calibrationEnd, observationEnd: holdoutEnd }),
    ),
  );
}

/** The report spec's names of the fields `calibrationHoldout` and `repeatPurchaseTracking` are given under their own. */
const REPORT_PATHS: Readonly<Record<string, string>> = {
  'spec.calibrationEnd': 'spec.observationEnd',
  'spec.observationEnd': 'spec.holdoutEnd',
  'spec.value': 'spec.amount',
};

/**
 * A refusal of the split or the tracking, its issues at the report spec's fields (the report's
 * `observationEnd` is their `calibrationEnd`, its `holdoutEnd` their `observationEnd`), so that
 * the path names what the user wrote; the caller's stage then names the report and the stage.
 */
function inReportPaths<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof CustomerValueError)) throw error;
    const issues = error.issues.map((issue) =>
      issue.path !== undefined && Object.hasOwn(REPORT_PATHS, issue.path) ? { ...issue, path: REPORT_PATHS[issue.path] } : issue,
    );
    const renamed = new CustomerValueError(error.code, error.message.split('\n')[0], issues, error.totalIssues);
    renamed.cause = error;
    throw renamed;
  }
}

/** Where the compared histories are: their time unit, the holdout's length and dates, and (for a histogram) the column counting customers. */
export interface CompareReportModelsOptions {
  readonly timeUnit: TimeUnit;
  /** The holdout's length in `timeUnit`. */
  readonly duration: number;
  /** The holdout period (start, end], `YYYY-MM-DD`. */
  readonly start: string;
  readonly end: string;
  /** A histogram's column of customers per row (grouped histories); without it, one customer per row. */
  readonly count?: string;
}

/**
 * The comparison on calibration histories with their holdout purchases (`frequency`, `recency`,
 * `T`, `frequencyHoldout`): one row per customer (`calibrationHoldout`) or a histogram of
 * (x, t_x, T, holdout purchases) with `options.count` — the fits and the per-customer errors are
 * exact from groups. Fits the three models, compares them (`compareModels`), picks the smallest
 * holdout MAE, says why, and tracks the pick with `track` (from the log in memory, from the
 * births and per-period counts in the warehouse). Internal: shared by both reports.
 */
export function compareReportModels(
  histories: TableInput,
  options: CompareReportModelsOptions,
  fit: <T>(run: () => T) => T,
  track: (model: ReportPurchaseModel) => RepeatPurchaseTracking & { readonly calibrationEnd: number | null },
): { readonly comparison: ReportModelComparison; readonly model: ReportPurchaseModel } {
  const columns = options.count === undefined ? {} : { columns: { count: options.count } };
  const models = FITTERS.map(([, fitter]) => fit(() => fitter(histories, { timeUnit: options.timeUnit, ...columns }))) as ReportPurchaseModel[];
  const table = compareModels(Object.fromEntries(FITTERS.map(([name], i) => [name, models[i]])), histories, { ...columns, duration: options.duration });
  const rows: ReportModelRow[] = table.name.map((name, i) => ({
    name,
    kind: models[i].kind,
    parameters: table.parameters[i],
    logLikelihood: table.logLikelihood[i],
    aic: table.aic[i],
    bic: table.bic[i],
    mae: table.mae[i]!,
    rmse: table.rmse[i]!,
    expected: table.expected[i]!,
    aggregateError: table.aggregateError[i]!,
  }));
  const smallest = (value: (row: ReportModelRow) => number) => rows.reduce((best, row, i) => (value(row) < value(rows[best]) ? i : best), 0);
  const picked = smallest((r) => r.mae);
  const bestBic = smallest((r) => r.bic);
  const p = rows[picked];
  const b = rows[bestBic];
  const reason =
    picked === bestBic
      ? `${p.name} has both the smallest holdout error (MAE ${p.mae.toFixed(3)} purchases per customer) and the best BIC.`
      : `${b.name} fits the calibration period best by BIC (${b.bic.toFixed(1)} against ${p.bic.toFixed(1)}), but ${p.name} predicts the holdout best (MAE ${p.mae.toFixed(3)} against ${b.mae.toFixed(3)} purchases per customer); a forecast is judged on the holdout, so the CLV uses ${p.name}.`;
  const tracking = track(models[picked]);
  return {
    model: models[picked],
    comparison: {
      holdout: { start: options.start, end: options.end, duration: table.duration ?? options.duration },
      customers: table.customers,
      actual: table.actual ?? 0,
      models: rows,
      picked: p.name,
      bestBic: b.name,
      reason,
      tracking: {
        end: Array.from(tracking.end),
        expected: Array.from(tracking.expected),
        expectedCumulative: Array.from(tracking.expectedCumulative),
        actual: Array.from(tracking.actual ?? []),
        actualCumulative: Array.from(tracking.actualCumulative ?? []),
        calibrationEnd: tracking.calibrationEnd,
      },
    },
  };
}

import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../../errors.js';
import { ColumnReader } from '../../internal/columnReader.js';
import { groupRows } from '../../internal/groupRows.js';
import { openTable } from '../../internal/openTable.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import type { TimeUnit } from '../../value/timeUnit.js';
import type { RetentionPeriodUnit } from '../retention/cohortSurvivorsSpec.js';
import { betaGeoBetaBinomialLogLikelihoodOf } from './betaGeoBetaBinomialMath.js';
import { discreteHistoryColumnsSchema } from './betaGeoBetaBinomialSpec.js';
import { readDiscreteHistories } from './discreteHistories.js';
import type { BetaGeoBetaBinomialModel } from './fitBetaGeoBetaBinomial.js';
import { readPurchaseSummary, summaryColumnsSchema } from './purchaseSummary.js';
import { REPEAT_BUYING_KINDS, repeatBuyingOf, wholeOpportunities, type RepeatBuying } from './repeatBuyingOf.js';
import { refuseHoldoutAboveOpportunities, type RepeatBuyingHistoryColumns } from './repeatBuyingHistories.js';

const FN = 'compareModels';
const NO_NESTING =
  'none: no repeat-buying kind is nested in another (BG/NBD, MBG/NBD and Pareto/NBD differ in how customers drop out; no parameter value of one gives another), so compare them by AIC, BIC and holdout error';
const NO_NESTING_BGBB =
  'none: every BG/BB model has the same four free parameters (α, β, γ, δ), so none is a restriction of another; models fitted on other calibration data (another span, other customers) are named in warnings and compare by holdout error only';

// In zod/mini (issue 21), as the column schemas it hands `columns` to; each model is checked
// against its own kind's schema (repeatBuyingOf). (zod's numbers are finite: the classic API's
// .finite() checked nothing more.)
const optionsSchema = z.strictObject({
  columns: z.optional(z.unknown()),
  holdout: z.optional(z.string().check(z.minLength(1))),
  duration: z.optional(z.number().check(z.gt(0))),
  missing: z._default(missingValuesMiniSchema, 'error'),
});

/** Where the calibration summary and the holdout are. */
export interface CompareModelsOptions {
  /**
   * Column names of the calibration summary (defaults: `frequency`, `recency`, `T`; for BG/BB
   * models `frequency`, `recency`, `periods`, as `fitBetaGeoBetaBinomial`); `count` for a histogram of histories.
   */
  readonly columns?: RepeatBuyingHistoryColumns;
  /**
   * Column with each customer's purchases in the holdout period. Default: `frequencyHoldout` when
   * the table has it (`calibrationHoldout`, the CLI's `summarize --calibration-end`), else a
   * `summarizeTransactions` split's `holdout.frequency`; without any, no holdout columns (null).
   */
  readonly holdout?: string;
  /**
   * The holdout period's length in the models' time unit. Default: the table's `duration`
   * (`calibrationHoldout`) or `holdout.duration` (a `summarizeTransactions` split); required with `holdout`.
   * For BG/BB models: the holdout's transaction opportunities n*, a whole number, always required with a holdout.
   */
  readonly duration?: number;
  /** Rows with a missing value: `'error'` (default) or `'skip'` (counted). */
  readonly missing?: MissingValues;
}

/** A likelihood-ratio test between a model and one nested in it. */
export interface LikelihoodRatioTest {
  readonly restricted: string;
  readonly general: string;
  readonly statistic: number;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
}

/** One column per measure, one entry per model (in the order given). */
export interface ModelComparison {
  /** The models' names: the keys of an object of models, else `'1'`, `'2'`, …. */
  readonly name: readonly string[];
  /** The models' kinds (`betaGeo`, `paretoNbd`, …). */
  readonly kind: readonly string[];
  /** Parameters estimated (k): the entries of `model.params`. */
  readonly parameters: Float64Array;
  /** Log-likelihood at the optimum, as the fit reports it (`model.fitted.diagnostics.logLikelihood`). */
  readonly logLikelihood: Float64Array;
  /** AIC = 2k − 2 LL. */
  readonly aic: Float64Array;
  /** BIC = k ln n − 2 LL, n the customers the model was fitted on (`model.fitted.n`: `customers` when fitted on this table). */
  readonly bic: Float64Array;
  /** Per customer, mean |expected − actual| holdout purchases (null without a holdout). */
  readonly mae: readonly (number | null)[];
  /** Per customer, √mean (expected − actual)² holdout purchases (null without a holdout). */
  readonly rmse: readonly (number | null)[];
  /** Expected holdout purchases summed over customers, each conditional on its history (null without a holdout). */
  readonly expected: readonly (number | null)[];
  /** (expected − actual) / actual summed over the base: the aggregate holdout error (null without a holdout, or when nobody bought). */
  readonly aggregateError: readonly (number | null)[];
  /** Actual holdout purchases summed over customers (null without a holdout). */
  readonly actual: number | null;
  /** Customers compared (holdout errors are per customer of these). */
  readonly customers: number;
  /** Distinct histories (x, t_x, T): each model's expectation is evaluated once per history. */
  readonly histories: number;
  /** The holdout's length in `timeUnit` (null without a holdout); for BG/BB, in transaction opportunities. */
  readonly duration: number | null;
  /** The models' time unit; for BG/BB the length of one transaction opportunity (`spec.periodUnit`). */
  readonly timeUnit: TimeUnit | RetentionPeriodUnit;
  /** True for a table of BG/BB models: histories and holdout count transaction opportunities. */
  readonly opportunities: boolean;
  /**
   * Likelihood-ratio tests, only between a model and one nested in it (a restriction of its
   * parameters), and why there are none. None of the repeat-buying kinds nests another: BG/NBD,
   * MBG/NBD and Pareto/NBD differ in how customers drop out, and no parameter value of one gives
   * another (Pareto/NBD is only BG/NBD's limit as dropout becomes continuous). Nor is one BG/BB
   * model nested in another: each has the same four free parameters. So `tests` is empty: compare
   * them by AIC/BIC and holdout error.
   */
  readonly likelihoodRatio: { readonly tests: readonly LikelihoodRatioTest[]; readonly note: string };
  /** Rows skipped for missing values under `missing: 'skip'`. */
  readonly skipped: number;
  /**
   * What makes the comparison unsound without changing a number: a model fitted on another number
   * of customers than the table holds; for BG/BB, also a model whose log-likelihood is not that of
   * the table's histories (fitted on another calibration span).
   */
  readonly warnings: readonly string[];
}

/**
 * Compare fitted models of repeat buying on the same customers: per model, its parameters k,
 * log-likelihood, AIC (2k − 2LL) and BIC (k ln n − 2LL, n = customers) and, with a holdout,
 * the per-customer holdout error — MAE and RMSE of each customer's actual holdout purchases
 * against the model's expectation conditional on that customer's calibration history
 * (x, t_x, T) — and the aggregate error (total expected − total actual) / total actual. The
 * model selection table of Fader, Hardie & Lee (2005), BTYDplus and CLVTools' `summary`. Takes
 * any kind the repeat-buying diagnostics take (`betaGeo`, `paretoNbd`, …). Each expectation is
 * evaluated once per distinct history, so millions of customers cost their distinct histories;
 * a histogram of histories with `columns.count` (and its holdout column) is exact too.
 *
 * Log-likelihoods are those of the fits, so the models must use one time unit (a likelihood in
 * weeks and one in days differ by a constant); a model fitted on another number of customers
 * than the table holds is named in `warnings`.
 * No likelihood-ratio test is offered: none of these kinds is nested in another (see
 * `likelihoodRatio`).
 *
 * BG/BB models (`fitBetaGeoBetaBinomial`, Fader, Hardie & Shang 2010) compare with each other on
 * discrete histories (`frequency`, `recency`, `periods`, optional `count`) and a holdout of
 * `duration` whole transaction opportunities n*, the holdout column counting the opportunities
 * with a transaction (at most n*); each expectation is E[X(n, n + n*) | x, t_x, n], as
 * `holdoutByFrequency`'s. A BG/BB model is refused beside a continuous-time one: their data differ
 * (whole opportunities against times) and so do their likelihoods (the probability of a discrete
 * history against a density of purchase times). The BG/BB likelihood of the table's histories is
 * computed, and a model whose reported log-likelihood differs (fitted on another calibration span
 * of the same customers) is named in `warnings`.
 *
 * @param models Fitted models: an array, or an object whose keys name them.
 * @param calibration The calibration summary the models were fitted on, with the holdout
 *   column (a `calibrationHoldout` table goes as it is).
 * @throws {CustomerValueError} `invalid_model` (a kind it cannot compare, no log-likelihood,
 *   another time unit, a BG/BB model beside a continuous-time one); `invalid_spec` (a holdout
 *   column without a duration; for BG/BB a duration that is not a whole number of opportunities);
 *   `missing_column`; `invalid_value` (a bad history or holdout count, with the row; for BG/BB a
 *   fractional history or a holdout count above the duration);
 *   `not_converged` from a model's expectation.
 * @example
 * const log = await readCsvFile('examples/data/cdnow_master.csv');
 * const split = calibrationHoldout(log.columns, { customer: 'customer_id', date: 'date', calibrationEnd: '1997-09-30', observationEnd: '1998-06-30', timeUnit: 'week' });
 * const models = { bg: fitBetaGeo(split, { timeUnit: 'week' }), pnbd: fitParetoNbd(split, { timeUnit: 'week' }) };
 * const table = compareModels(models, split);
 * [table.customers, table.duration, table.actual]; // => [23570, 39, 19684]
 * // BG/NBD has the better likelihood (BIC), Pareto/NBD the smaller holdout errors
 * Array.from(table.bic, Math.round); // => [190777, 190871]
 * table.mae.map((v) => +v.toFixed(3)); // => [0.819, 0.794]
 * table.aggregateError.map((v) => +v.toFixed(3)); // => [-0.143, -0.129]
 * // BG/BB models compare with each other only, on discrete histories (11,104 donors, 1996–2001)
 * const donations = await readCsvFile('examples/data/bgbb_donations_summary.csv');
 * const bgbb = fitBetaGeoBetaBinomial(donations.columns, { periodUnit: 'year', columns: { count: 'weights' } });
 * const discrete = compareModels({ bgbb }, donations.columns, { columns: { count: 'weights' } });
 * [discrete.customers, Math.round(discrete.bic[0]), discrete.opportunities]; // => [11104, 66488, true]
 * (() => { try { compareModels({ bgbb, bg: models.bg }, donations.columns); } catch (e) { return e.code; } })(); // => 'invalid_model'
 */
export function compareModels(
  models: readonly unknown[] | Readonly<Record<string, unknown>>,
  calibration: TableInput,
  options: CompareModelsOptions = {},
): ModelComparison {
  const entries: [string, unknown][] = Array.isArray(models)
    ? (models as readonly unknown[]).map((m, i) => [String(i + 1), m])
    : models !== null && typeof models === 'object'
      ? Object.entries(models)
      : [];
  if (entries.length === 0) {
    throw new CustomerValueError('invalid_model', `${FN}: expected fitted models to compare`, [
      { function: FN, path: 'models', expected: 'an array or an object of fitted models (at least one)', received: describeValue(models) },
    ]);
  }
  const buying: RepeatBuying[] = [];
  const k: number[] = [];
  const ll: number[] = [];
  const fittedN: number[] = [];
  let timeUnit: TimeUnit | RetentionPeriodUnit | null = null;
  let discrete: boolean | null = null;
  entries.forEach(([name, model], i) => {
    const path = Array.isArray(models) ? `models.${i}` : `models.${name}`;
    const of = repeatBuyingOf(model, FN, true, path);
    if (discrete !== null && of.opportunities !== discrete) {
      const first = entries[0][0];
      throw new CustomerValueError(
        'invalid_model',
        `${FN}: a BG/BB model (discrete transaction opportunities) and a continuous-time model cannot be compared in one table`,
        [
          {
            function: FN,
            path: `${path}.kind`,
            expected: discrete
              ? `"betaGeoBetaBinomial", as model ${first}`
              : `${REPEAT_BUYING_KINDS.map((kind) => JSON.stringify(kind)).join(' or ')} (continuous time), as model ${first}`,
            received: JSON.stringify((model as { kind: unknown }).kind),
            hint: 'their data differ (whole opportunities against purchase times) and so do their likelihoods (the probability of a discrete history against a density of purchase times): compare BG/BB models with each other, and continuous-time models with each other',
          },
        ],
      );
    }
    discrete = of.opportunities;
    const m = of.model as unknown as { params: Record<string, unknown>; fitted?: { n?: unknown; diagnostics?: { logLikelihood?: unknown } } };
    const logLikelihood = m.fitted?.diagnostics?.logLikelihood;
    if (typeof logLikelihood !== 'number' || !Number.isFinite(logLikelihood)) {
      throw new CustomerValueError('invalid_model', `${FN}: model ${name} reports no log-likelihood`, [
        { function: FN, path: `${path}.fitted.diagnostics.logLikelihood`, expected: 'a finite log-likelihood', received: describeValue(logLikelihood) },
      ]);
    }
    if (timeUnit !== null && of.timeUnit !== timeUnit) {
      throw new CustomerValueError('invalid_model', `${FN}: the models are in different time units`, [
        {
          function: FN,
          path: `${path}.spec.timeUnit`,
          expected: `${JSON.stringify(timeUnit)} as the first model (likelihoods in two units are not comparable)`,
          received: JSON.stringify(of.timeUnit),
          hint: 'fit every model in one time unit',
        },
      ]);
    }
    timeUnit = of.timeUnit;
    buying.push(of);
    k.push(Object.keys(m.params).length);
    ll.push(logLikelihood);
    fittedN.push(Number(m.fitted?.n));
  });
  const unit = timeUnit as unknown as TimeUnit | RetentionPeriodUnit;
  const opportunities = discrete === true;
  const s = parseSpec(optionsSchema, options, FN, 'options');
  const discreteColumns = opportunities ? parseSpec(discreteHistoryColumnsSchema, s.columns, FN, 'options.columns') : null;
  const summaryColumns = opportunities ? null : parseSpec(summaryColumnsSchema, s.columns, FN, 'options.columns');
  if (opportunities && s.duration !== undefined) wholeOpportunities(s.duration, FN, { path: 'options.duration' }, "the holdout's length");
  // the holdout: a named column, `frequencyHoldout`, or a summarizeTransactions split's holdout object
  const summaryHoldout =
    calibration !== null && typeof calibration === 'object' && !Array.isArray(calibration)
      ? (calibration as { holdout?: { frequency?: unknown; duration?: unknown }; duration?: unknown })
      : undefined;
  const names =
    discreteColumns !== null
      ? [discreteColumns.frequency, discreteColumns.recency, discreteColumns.periods]
      : [summaryColumns!.frequency, summaryColumns!.recency, summaryColumns!.T];
  const hasDefault = s.holdout === undefined && openTable(calibration, FN, names).column('frequencyHoldout') !== undefined;
  const fromSummary = !opportunities && s.holdout === undefined && !hasDefault && ArrayBuffer.isView(summaryHoldout?.holdout?.frequency);
  const holdoutName = s.holdout ?? (hasDefault || fromSummary ? 'frequencyHoldout' : null);
  const tableDuration = typeof summaryHoldout?.duration === 'number' ? summaryHoldout.duration : summaryHoldout?.holdout?.duration;
  const duration =
    holdoutName === null ? null : (s.duration ?? (!opportunities && s.holdout === undefined && typeof tableDuration === 'number' ? tableDuration : undefined));
  if (duration === undefined) {
    throw new CustomerValueError('invalid_spec', `${FN}: the holdout's duration is not known`, [
      opportunities
        ? {
            function: FN,
            path: 'options.duration',
            expected: "the holdout's transaction opportunities n* (a whole number ≥ 1) for BG/BB models",
            received: describeValue(undefined),
            hint: 'pass options.duration: the opportunities after the calibration period (5 for the years 2002–2006 of annual donations)',
          }
        : {
            function: FN,
            path: 'options.duration',
            expected: "the holdout period's length in the models' time unit",
            received: describeValue(undefined),
            hint: 'pass options.duration, or a calibrationHoldout table',
          },
    ]);
  }
  const table = fromSummary ? { ...(calibration as object), frequencyHoldout: summaryHoldout.holdout!.frequency } : calibration;
  const read =
    discreteColumns !== null
      ? (({ n, ...rest }) => ({ ...rest, T: n }))(readDiscreteHistories(table, FN, discreteColumns, s.missing, true))
      : readPurchaseSummary(table, FN, summaryColumns!, unit as TimeUnit, s.missing, { counts: true, minimumRows: 1 });
  let holdout: ArrayLike<number> | null = null;
  let skip = read.skip;
  if (holdoutName !== null) {
    const reader = new ColumnReader(table, FN, [holdoutName], s.missing);
    holdout = reader.number(holdoutName, 'holdout purchases', { min: 0, integer: true, expected: 'a whole number of holdout purchases ≥ 0' });
    const holdoutSkip = reader.finish().skipMask;
    if (opportunities && duration !== null) {
      // at most one transaction per opportunity: a holdout count above n* is not a BG/BB history
      refuseHoldoutAboveOpportunities(holdout, holdoutSkip, duration, FN, holdoutName, 'options.duration');
    }
    if (holdoutSkip !== null) {
      const both = skip === null ? new Uint8Array(read.rowCount) : Uint8Array.from(skip);
      for (let i = 0; i < both.length; i++) both[i] |= holdoutSkip[i];
      skip = both;
    }
  }
  const groups = groupRows([read.x, read.tx, read.T], read.rowCount, skip, read.count);
  const [gx, gtx, gT] = groups.columns;
  let customers = 0;
  let skipped = 0;
  for (let i = 0; i < read.rowCount; i++) {
    if (skip !== null && skip[i] === 1) skipped++;
    else customers += read.count === null ? 1 : read.count[i];
  }
  const warnings: string[] = [];
  fittedN.forEach((n, i) => {
    if (n !== customers) {
      warnings.push(
        `model ${entries[i][0]} was fitted on ${Number.isFinite(n) ? n : 'an unknown number of'} customers, the table holds ${customers}: its log-likelihood, AIC and BIC are of other data than its holdout errors, and compare with the other models' only on the same customers`,
      );
    } else if (opportunities) {
      // the BG/BB likelihood of the table's histories: another calibration span of the same customers gives another
      const { params } = entries[i][1] as BetaGeoBetaBinomialModel;
      let scratch = new Float64Array(64);
      let tableLL = 0;
      for (let g = 0; g < groups.weights.length; g++) {
        if (scratch.length < gT[g] - gtx[g] + 1) scratch = new Float64Array(gT[g] - gtx[g] + 1);
        tableLL += groups.weights[g] * betaGeoBetaBinomialLogLikelihoodOf(params, gx[g], gtx[g], gT[g], scratch);
      }
      if (!(Math.abs(tableLL - ll[i]) <= 1e-8 * Math.abs(tableLL))) {
        warnings.push(
          `model ${entries[i][0]} reports a log-likelihood of ${ll[i]}, the table's histories give ${tableLL}: it was fitted on other data (another calibration span?), so its log-likelihood, AIC and BIC compare with the other models' only on the same histories; its holdout errors are of this table`,
        );
      }
    }
  });
  const mae: (number | null)[] = [];
  const rmse: (number | null)[] = [];
  const expected: (number | null)[] = [];
  const aggregateError: (number | null)[] = [];
  let actual: number | null = null;
  if (holdout !== null && duration !== null) {
    let total = 0;
    for (let i = 0; i < read.rowCount; i++) if (skip === null || skip[i] === 0) total += (read.count === null ? 1 : read.count[i]) * holdout[i];
    actual = total;
    const perHistory = new Float64Array(groups.weights.length);
    for (const model of buying) {
      for (let g = 0; g < perHistory.length; g++) perHistory[g] = model.conditional(gx[g], gtx[g], gT[g], duration);
      let absolute = 0;
      let squared = 0;
      let sum = 0;
      for (let i = 0; i < read.rowCount; i++) {
        const g = groups.groupOf[i];
        if (g < 0) continue;
        const c = read.count === null ? 1 : read.count[i];
        const e = perHistory[g];
        const d = e - holdout[i];
        absolute += c * Math.abs(d);
        squared += c * d * d;
        sum += c * e;
      }
      mae.push(absolute / customers);
      rmse.push(Math.sqrt(squared / customers));
      expected.push(sum);
      aggregateError.push(total > 0 ? (sum - total) / total : null);
    }
  } else {
    for (let i = 0; i < buying.length; i++) {
      mae.push(null);
      rmse.push(null);
      expected.push(null);
      aggregateError.push(null);
    }
  }
  return {
    name: entries.map(([name]) => name),
    kind: entries.map(([, model]) => (model as { kind: string }).kind),
    parameters: Float64Array.from(k),
    logLikelihood: Float64Array.from(ll),
    aic: Float64Array.from(ll, (v, i) => 2 * k[i] - 2 * v),
    bic: Float64Array.from(ll, (v, i) => k[i] * Math.log(Number.isFinite(fittedN[i]) && fittedN[i] > 0 ? fittedN[i] : customers) - 2 * v),
    mae,
    rmse,
    expected,
    aggregateError,
    actual,
    customers,
    histories: groups.weights.length,
    duration,
    timeUnit: unit,
    opportunities,
    likelihoodRatio: { tests: [], note: opportunities ? NO_NESTING_BGBB : NO_NESTING },
    skipped,
    warnings,
  };
}

import { z } from 'zod';
import { parseSpec } from '../../internal/parseSpec.js';
import { assertRetentionModel, logSurvival } from './contractualSurvival.js';
import type { RetentionPeriodUnit } from './cohortSurvivorsSpec.js';

const FN = 'retentionCurve';

const optionsSchema = z.strictObject({ periods: z.number().int().min(1).max(1_000_000) });

/** Predicted retention of a cohort by period. */
export interface RetentionCurve {
  /** The unit of one period: the model's `spec.periodUnit`. */
  readonly periodUnit: RetentionPeriodUnit;
  /** Periods 1..periods since acquisition. */
  readonly period: number[];
  /** S(t): the share of the cohort still active after t renewal decisions. */
  readonly survival: number[];
  /** r(t) = S(t)/S(t − 1): the share of those active at t − 1 who renew at t. */
  readonly retentionRate: number[];
  /** P(T = t) = S(t − 1) − S(t): the share of the cohort lost at period t. */
  readonly churnProbability: number[];
}

/**
 * The retention a fitted contractual model predicts for a cohort, period by period: survival
 * S(t), the retention rate r(t) = S(t)/S(t − 1) (rising over time under the sBG as the likelier
 * churners leave first, Fader & Hardie 2007), and the share lost each period, each from log
 * ratios of beta functions (no product of rates, so period 10,000 keeps full precision).
 *
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` (periods not a whole number ≥ 1).
 * @example
 * const table = await readCsvFile('examples/data/fader_hardie_2007_retention.csv');
 * const model = fitShiftedBetaGeometric(table.columns, { periodUnit: 'year', columns: { period: 'year', survivors: 'regular' } });
 * const curve = retentionCurve(model, { periods: 12 });
 * // 239 of 1,000 left after year 7 (observed: 241)
 * Math.round(curve.survival[6] * 1000); // => 239
 * curve.retentionRate.every((r, t) => t === 0 || r > curve.retentionRate[t - 1]); // => true
 */
export function retentionCurve(model: unknown, options: { readonly periods: number }): RetentionCurve {
  assertRetentionModel(model, FN);
  const { periods } = parseSpec(optionsSchema, options, FN, 'options');
  const period: number[] = [];
  const survival: number[] = [];
  const retentionRate: number[] = [];
  const churnProbability: number[] = [];
  let previous = 0;
  for (let t = 1; t <= periods; t++) {
    const current = logSurvival(model, t);
    period.push(t);
    survival.push(Math.exp(current));
    retentionRate.push(Math.exp(current - previous));
    churnProbability.push(-Math.exp(previous) * Math.expm1(current - previous));
    previous = current;
  }
  return { periodUnit: model.spec.periodUnit, period, survival, retentionRate, churnProbability };
}

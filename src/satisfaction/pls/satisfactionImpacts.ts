import * as z from 'zod/mini';
import { CustomerValueError } from '../../errors.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { percentileInterval } from '../../internal/plsIndexMetric.js';
import type { TableInput } from '../../io/tableInput.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { plsPathModelSchema } from '../../model/plsPathModelSchema.js';
import { bootstrapDrawColumns, indexScalesOfDraw, itemBlocks, modelIndexScales } from './bootstrapDrawColumns.js';
import { prepareBootstrap, runResamples } from './bootstrapPlsPathModel.js';
import type { PlsPathModel } from './fitPlsPathModel.js';
import { plsPathModelFromData } from './plsPathModelFromData.js';
import type { PlsPathModelSpec } from './plsPathModelSpec.js';
import { confidenceOption, resampleCount, seedOption } from '../../internal/plsOptionSchemas.js';
import { constructOf } from './satisfactionIndex100.js';

const FN = 'satisfactionImpacts';

/** Options for `satisfactionImpacts`. */
export interface SatisfactionImpactsOptions {
  /** Only the impacts on this construct (default: every pair of constructs joined by a directed route). */
  readonly target?: string;
  /** The driver's gain in index points (default 5, as the ACSI publishes). */
  readonly gain?: number;
  /** Bootstrap resamples (default 1,000; at least 10). */
  readonly samples?: number;
  /** Seed of the resampling (default 1): the same seed gives the same intervals. */
  readonly seed?: number;
  /** Level of the percentile intervals (default 0.95). */
  readonly confidence?: number;
}

/** The impact of one driver on one target. */
export interface SatisfactionImpact {
  readonly driver: string;
  readonly target: string;
  /** Points the target's 0–100 index moves when the driver's index gains `gain` points: `gain` × `effectPerPoint`. */
  readonly impact: number;
  /** Unstandardized total effect on the 0–100 index metric: target index points per driver index point. */
  readonly effectPerPoint: number;
  /** The standardized total effect (as `model.totalEffects`) it comes from. */
  readonly standardizedEffect: number;
  /** Bootstrap standard error of the impact (SD over the resamples) and its percentile interval. */
  readonly sd: number;
  readonly lower: number;
  readonly upper: number;
}

/** The result of `satisfactionImpacts`. */
export interface SatisfactionImpactsResult {
  readonly gain: number;
  readonly impacts: readonly SatisfactionImpact[];
  /** Respondents the model was fitted on (the bootstrap resamples them). */
  readonly n: number;
  readonly samples: number;
  /** Resamples that could not be estimated (an item constant in the resample, collinear predecessors): left out. */
  readonly failed: number;
  readonly seed: number;
  readonly confidence: number;
  /** A construct whose unstandardized weights do not sum to a positive number has no readable index: named here. */
  readonly warnings: readonly string[];
  readonly sources: { readonly impact: string; readonly weighting: string };
}

const optionsSchema = z.strictObject({
  target: z.optional(z.string().check(z.minLength(1))),
  gain: z._default(z.number().check(z.refine(Number.isFinite, 'a finite number')), 5),
  samples: resampleCount(1000),
  seed: seedOption(),
  confidence: confidenceOption(),
});

/**
 * ACSI-style **impacts** (Fornell, Johnson, Anderson, Cha & Bryant 1996): how many points a
 * target's 0–100 index moves when a driver's 0–100 index gains `gain` points (5 by default, the
 * figure the ACSI publishes), from the unstandardized total effect (direct plus indirect) on the
 * index metric, with a bootstrap percentile interval.
 *
 * Each construct's index is the one `satisfactionIndex100` computes: the PLS outer weights
 * rescaled to the item metric (w / sd of each item) and normalized to sum to 1, a weighted mean
 * answer mapped to 0–100. That is how the ACSI describes its own weighting; its actual weights are
 * proprietary, so these indices and impacts are ACSI-style, not ACSI figures. Because each index
 * is a linear function of the construct's unit-variance PLS score, index = a + b · score with
 * b = 100 / ((max − min) · Σ w / sd), the unstandardized total effect is the standardized total
 * effect × b(target) / b(driver) — the answer scale cancels, so no `scale` is needed, and it equals
 * the importance of `importancePerformanceMap`. The bootstrap resamples respondents, re-estimates
 * the model, and recomputes weights, item SDs and total effects in every resample (each from its
 * own seeded stream, as `bootstrapPlsPathModel`).
 *
 * @param model A fitted PLS path model (its estimates on `data`), or a spec that is fitted on `data` first.
 * @param data The survey answers the model was (or is to be) fitted on.
 * @param options `target`, `gain` (5), `samples` (1,000), `seed` (1), `confidence` (0.95).
 * @throws {CustomerValueError} `invalid_model`, `invalid_spec` (unknown target, or one nothing leads to), the data errors of `fitPlsPathModel`, `invalid_value` (fewer than 2 resamples could be estimated).
 * @example
 * const survey = (await readCsvFile('examples/data/ecsi_mobi.csv')).columns;
 * const impacts = satisfactionImpacts(ECSI_MODEL, survey, { target: 'Loyalty', samples: 200 });
 * const satisfaction = impacts.impacts.find((i) => i.driver === 'Satisfaction');
 * [Math.round(satisfaction.impact * 100) / 100, satisfaction.lower < satisfaction.impact && satisfaction.impact < satisfaction.upper]; // => [3.95, true]
 */
export function satisfactionImpacts(
  model: PlsPathModel | PlsPathModelSpec,
  data: TableInput,
  options: SatisfactionImpactsOptions = {},
): SatisfactionImpactsResult {
  const fitted = modelOrFit(model, data, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  if (o.target !== undefined) constructOf(fitted, o.target, FN);
  const pairs = fitted.totalEffects.filter((e) => o.target === undefined || e.to === o.target);
  if (pairs.length === 0) {
    throw new CustomerValueError('invalid_spec', `${FN}: no construct has a path to "${o.target}"`, [
      { function: FN, path: 'options.target', expected: 'an endogenous construct (one with incoming paths)', received: JSON.stringify(o.target) },
    ]);
  }
  const names = fitted.constructs.map((c) => c.name);
  const C = names.length;
  // Σ w / sd per construct: the index moves 100 / ((max − min) · this) points per unit of score
  const itemScale = modelIndexScales(fitted.constructs);
  const job = prepareBootstrap(fitted, data, FN);
  const draws = runResamples(job, o.seed, 0, o.samples);
  const columns = bootstrapDrawColumns(C, fitted.paths.length, job.p, 0);
  const blocks = itemBlocks(fitted.constructs);
  const K = pairs.length;
  const impacts = new Float64Array(o.samples * K);
  const scaleOf = new Float64Array(C);
  let ok = 0;
  for (let b = 0; b < draws.count; b++) {
    const row = b * draws.width;
    if (Number.isNaN(draws.values[row])) continue;
    indexScalesOfDraw(draws.values, row, columns, blocks, scaleOf);
    let finite = true;
    for (let e = 0; e < K; e++) {
      const from = names.indexOf(pairs[e].from);
      const to = names.indexOf(pairs[e].to);
      const v = o.gain * ((draws.values[row + columns.totalEffects + from * C + to] * scaleOf[from]) / scaleOf[to]);
      impacts[ok * K + e] = v;
      if (!Number.isFinite(v)) finite = false;
    }
    if (finite) ok++;
  }
  if (ok < 2) {
    throw new CustomerValueError('invalid_value', `${FN}: fewer than 2 resamples could be estimated`, [
      {
        function: FN,
        path: 'data',
        expected: 'at least 2 bootstrap resamples that can be estimated',
        received: `${ok} of ${o.samples}`,
        hint: 'use more respondents, or raise options.samples',
      },
    ]);
  }
  const column = new Float64Array(ok);
  const result = pairs.map((e, k): SatisfactionImpact => {
    const from = names.indexOf(e.from);
    const to = names.indexOf(e.to);
    const effectPerPoint = (e.effect * itemScale[from]) / itemScale[to];
    for (let b = 0; b < ok; b++) column[b] = impacts[b * K + k];
    const { sd, lower, upper } = percentileInterval(column, o.confidence);
    return { driver: e.from, target: e.to, impact: o.gain * effectPerPoint, effectPerPoint, standardizedEffect: e.effect, sd, lower, upper };
  });
  const negative = names.filter((_, j) => !(itemScale[j] > 0));
  return {
    gain: o.gain,
    impacts: result,
    n: job.n,
    samples: o.samples,
    failed: o.samples - ok,
    seed: o.seed,
    confidence: o.confidence,
    warnings: negative.length ? [`weights of ${negative.join(', ')} do not sum to a positive number: the index runs against the construct score`] : [],
    sources: {
      impact:
        'ACSI impacts (Fornell, Johnson, Anderson, Cha & Bryant 1996, J. Marketing 60(4), 7–18): target index points per `gain` points of the driver index, from the unstandardized total effect on the 0–100 metric (as IPMA, Ringle & Sarstedt 2016)',
      weighting:
        'PLS outer weights rescaled to the item metric (w / item sd) and normalized to sum to 1, as the ACSI describes its method; the ACSI’s own weights are proprietary',
    },
  };
}

/** @internal A fitted model as parsed (checked, defaults filled), or the spec fitted on `data`. */
export function modelOrFit(model: PlsPathModel | PlsPathModelSpec, data: TableInput, fn: string): PlsPathModel {
  if (typeof model === 'object' && model !== null && 'kind' in model) {
    model = assertModelOf(model, 'plsPathModel', 'fitPlsPathModel', plsPathModelSchema, null, fn);
    return model;
  }
  return plsPathModelFromData(data, model, fn);
}

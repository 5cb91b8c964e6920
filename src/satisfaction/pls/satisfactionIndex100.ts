import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../../errors.js';
import { parseSpec } from '../../internal/parseSpec.js';
import type { TableInput } from '../../io/tableInput.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { plsPathModelSchema } from '../../model/plsPathModelSchema.js';
import { readSurvey, scaleSchema } from '../surveyItems.js';
import type { PlsPathModel } from './fitPlsPathModel.js';
import { confidenceOption, resampleCount, seedOption } from '../../internal/plsOptionSchemas.js';
import { fullScaleSum } from '../fullScaleSum.js';
import { percentileInterval } from '../../internal/plsIndexMetric.js';
import { seededRandom, streamSeed } from '../../internal/random.js';

const FN = 'satisfactionIndex100';

/** A construct's 0–100 index (ACSI style). */
export interface SatisfactionIndex100Result {
  readonly construct: string;
  /** Unstandardized outer weights rescaled to sum to 1, per item. */
  readonly weights: readonly { readonly item: string; readonly weight: number }[];
  /** Index per respondent (NaN for respondents dropped listwise). */
  readonly index100: Float64Array;
  /** Mean over respondents: the headline figure. */
  readonly mean: number;
  readonly sd: number;
  readonly n: number;
  readonly skipped: number;
  readonly scale: readonly [number, number];
  /** Negative weights make an index hard to read: reported here. */
  readonly warnings: readonly string[];
  /** With `options.bootstrap`: the percentile interval of `mean` over bootstrap resamples of the respondents. */
  readonly meanInterval?: SatisfactionIndexMeanInterval;
}

/** The bootstrap interval of a construct's mean 0–100 index. */
export interface SatisfactionIndexMeanInterval {
  readonly samples: number;
  readonly seed: number;
  readonly confidence: number;
  /** Standard error: the SD of the resampled means. */
  readonly sd: number;
  readonly lower: number;
  readonly upper: number;
  readonly method: string;
}

/** Options for `satisfactionIndex100`. */
export interface SatisfactionIndex100Options {
  /** The answer scale [min, max] when the model was fitted without one. */
  readonly scale?: readonly [number, number];
  /**
   * A bootstrap interval of the mean index: `samples` resamples of the respondents (default 1,000; at
   * least 10), seeded (`seed`, default 1), percentile interval at `confidence` (default 0.95).
   */
  readonly bootstrap?: { readonly samples?: number; readonly seed?: number; readonly confidence?: number };
}

const optionsSchema = z.strictObject({
  scale: z.optional(scaleSchema),
  bootstrap: z.optional(z.strictObject({ samples: resampleCount(1000), seed: seedOption(), confidence: confidenceOption() })),
});

/**
 * The ACSI-style 0–100 index of a construct (Fornell, Johnson, Anderson, Cha & Bryant 1996):
 * the construct's outer weights unstandardized (w / sd of each item), rescaled to sum to 1, give
 * a weighted mean answer on the item scale, mapped to 0–100 by `100 · (x − min) / (max − min)` —
 * per respondent and overall. The result is a linear function of the PLS construct score, so it
 * ranks respondents exactly as the score does, on the scale managers read.
 *
 * With `options.bootstrap`, `meanInterval` gives the percentile interval of the mean index over
 * bootstrap resamples of the respondents, the weights kept at the model's (the uncertainty of the
 * mean given the weights, as `satisfactionIndexByGroup` with a fitted model gives it per group):
 * seeded, the same on every run.
 *
 * @param construct The construct to index, e.g. `'Satisfaction'`.
 * @param options `scale` when the model was fitted without one; `bootstrap` for an interval of the mean.
 * @throws {CustomerValueError} `invalid_model`, `invalid_spec` (unknown construct, no scale), data errors.
 * @example
 * const survey = (await readCsvFile('examples/data/ecsi_mobi.csv')).columns;
 * const model = fitPlsPathModel(survey, { ...ECSI_MODEL, scale: [1, 10] });
 * const index = satisfactionIndex100(model, survey, 'Satisfaction');
 * [Math.round(index.mean * 10) / 10, index.weights.length]; // => [72.5, 3]
 * const { lower, upper } = satisfactionIndex100(model, survey, 'Satisfaction', { bootstrap: { samples: 1000, seed: 1 } }).meanInterval;
 * lower < index.mean && index.mean < upper; // => true
 */
export function satisfactionIndex100(
  model: PlsPathModel,
  data: TableInput,
  construct: string,
  options: SatisfactionIndex100Options = {},
): SatisfactionIndex100Result {
  model = assertModelOf(model, 'plsPathModel', 'fitPlsPathModel', plsPathModelSchema, null, FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const scale = o.scale ?? model.spec.scale;
  if (!scale) {
    throw new CustomerValueError('invalid_spec', `${FN}: the answer scale is needed for a 0–100 index`, [
      { function: FN, path: 'options.scale', expected: 'the answer scale [min, max], here or in the model spec', received: 'none' },
    ]);
  }
  const c = constructOf(model, construct, FN);
  const survey = readSurvey(data, FN, c.items, scale, model.spec.missing, [], 1, null);
  const raw = c.weights.map((w, a) => w / c.itemSds[a]);
  const total = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => w / total);
  const [min, max] = scale;
  const full = fullScaleSum(weights, scale);
  const index100 = new Float64Array(survey.rowCount);
  let sum = 0;
  for (let i = 0; i < survey.rowCount; i++) {
    if (survey.skip && survey.skip[i]) {
      index100[i] = Number.NaN;
      continue;
    }
    // Σ ŵ·(x − min) over the same sum at the top of the scale: exactly 0 and 100 at the two ends
    let x = 0;
    for (let a = 0; a < weights.length; a++) x += weights[a] * (survey.items[a][i] - min);
    index100[i] = 100 * (x / full);
    sum += index100[i];
  }
  const mean = sum / survey.n;
  let ss = 0;
  for (let i = 0; i < survey.rowCount; i++) if (!(survey.skip && survey.skip[i])) ss += (index100[i] - mean) ** 2;
  const negative = c.items.filter((_, a) => weights[a] < 0);
  return {
    construct: c.name,
    weights: c.items.map((item, a) => ({ item, weight: weights[a] })),
    index100,
    mean,
    sd: Math.sqrt(ss / (survey.n - 1)),
    n: survey.n,
    skipped: survey.skipped,
    scale: [min, max],
    warnings: negative.length ? [`negative weight for ${negative.join(', ')}: the index is not a weighted mean of answers`] : [],
    ...(o.bootstrap ? { meanInterval: meanInterval(index100, survey.skip, survey.n, o.bootstrap) } : {}),
  };
}

/** The percentile interval of the mean of `index100` (respondents not skipped) over seeded bootstrap resamples. */
function meanInterval(
  index100: Float64Array,
  skip: Uint8Array | null,
  n: number,
  o: { samples: number; seed: number; confidence: number },
): SatisfactionIndexMeanInterval {
  // without skipped respondents the scores themselves are the sample; else a copy of the kept ones
  let kept = index100;
  if (skip !== null) {
    kept = new Float64Array(n);
    let k = 0;
    for (let i = 0; i < index100.length; i++) if (!skip[i]) kept[k++] = index100[i];
  }
  const means = new Float64Array(o.samples);
  for (let b = 0; b < o.samples; b++) {
    const random = seededRandom(streamSeed(o.seed, b));
    let sum = 0;
    for (let r = 0; r < n; r++) sum += kept[Math.floor(random.uniform() * n)];
    means[b] = sum / n;
  }
  return {
    samples: o.samples,
    seed: o.seed,
    confidence: o.confidence,
    ...percentileInterval(means, o.confidence),
    method:
      'nonparametric bootstrap of the respondents (each resample n draws with replacement, seeded per resample), the weights kept at the model’s; percentile interval (type 7)',
  };
}

/** @internal The fitted construct named `name`, or an `invalid_spec` error listing the names. */
export function constructOf(model: PlsPathModel, name: string, fn: string) {
  const found = model.constructs.find((c) => c.name === name);
  if (!found) {
    throw new CustomerValueError('invalid_spec', `${fn}: no construct "${String(name)}" in the model`, [
      { function: fn, path: 'construct', expected: `one of ${model.constructs.map((c) => JSON.stringify(c.name)).join(', ')}`, received: describeValue(name) },
    ]);
  }
  return found;
}

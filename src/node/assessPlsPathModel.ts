import * as z from 'zod/mini';
import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import { assertModelKind } from '../model/assertModelKind.js';
import type { AssessPlsBootstrapOptions } from '../satisfaction/pls/assessPlsBootstrap.js';
import { assessBootstrapShape, assessParsed, type PlsAssessment } from '../satisfaction/pls/assessPlsPathModel.js';
import type { PlsPathModel } from '../satisfaction/pls/fitPlsPathModel.js';
import { threadsOption } from '../internal/threadsOption.js';
import { plsPredictShape, type PlsPredictOptions } from '../satisfaction/pls/plsPredict.js';
import { bootstrapThreads, resampleOnThreads } from './bootstrapPlsPathModel.js';

const FN = 'assessPlsPathModel';

/** Options for the Node `assessPlsPathModel`: `customer-value/pls`'s, the bootstrap taking `threads` too. */
export interface ThreadedAssessPlsOptions {
  /** `customer-value/pls`'s bootstrap options, plus `threads` (default `'auto'`: all cores): the caller plus `threads − 1` kept-alive workers. */
  readonly bootstrap?: AssessPlsBootstrapOptions & { readonly threads?: number | 'auto' };
  /** `customer-value/pls`'s PLSpredict options (`folds`, `repetitions`, `seed`); PLSpredict runs on the calling thread. */
  readonly predict?: PlsPredictOptions;
}

const optionsSchema = z.strictObject({
  bootstrap: z.optional(z.strictObject({ ...assessBootstrapShape, threads: threadsOption() })),
  predict: z.optional(z.strictObject(plsPredictShape)),
});

/**
 * `assessPlsPathModel` with its bootstrap on all cores: the resamples (the loadings, weights, HTMT
 * and HTMT2 of each) are computed by the calling thread and kept-alive `worker_threads` workers —
 * the same workers as `bootstrapPlsPathModel`'s — each taking chunks of resamples from a shared
 * counter. Every resample draws from its own seeded stream and the jackknife (for BCa) depends on
 * the seed only, so the report is identical, bit for bit, to the `customer-value/pls` function's on one thread for
 * the same seed. Synchronous, like the `customer-value/pls` function (the caller waits with `Atomics.wait`);
 * fewer than 250 resamples per thread run on fewer threads.
 *
 * @param model A `plsPathModel` from `fitPlsPathModel`.
 * @param data The respondents the model was fitted on.
 * @param options As the `customer-value/pls` function's (`bootstrap`, `predict`); `bootstrap.threads` (`'auto'`).
 * @throws {CustomerValueError} as `assessPlsPathModel` of `customer-value/pls`; `worker_failed` when a worker stops (raised once every other worker has finished its part).
 * @example
 * const survey = (await readCsvFile('examples/data/ecsi_mobi.csv')).columns;
 * const model = fitPlsPathModel(survey, ECSI_MODEL);
 * const report = assessPlsPathModel(model, survey, { bootstrap: { resamples: 1000, seed: 3, threads: 2 } });
 * const pair = report.bootstrap.htmt.find((h) => h.a === 'Image' && h.b === 'Loyalty');
 * pair.htmt.tests.map((t) => t.threshold); // => [0.85, 0.9, 1]
 */
export function assessPlsPathModel(model: PlsPathModel, data: TableInput, options: ThreadedAssessPlsOptions = {}): PlsAssessment {
  model = assertModelKind(model, 'plsPathModel', FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const threads = o.bootstrap === undefined ? 1 : bootstrapThreads(o.bootstrap.threads, o.bootstrap.resamples);
  return assessParsed(model, data, o, (job, seed, samples) => resampleOnThreads(job, seed, samples, threads, FN));
}

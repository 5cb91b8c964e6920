import * as z from 'zod';
import { CustomerValueError } from '../../errors.js';
import { parseSpec } from '../../internal/parseSpec.js';
import type { TableInput } from '../../io/tableInput.js';
import { assertModelKind } from '../../model/assertModelKind.js';
import { scaleSchema } from '../surveyItems.js';
import type { PlsPathModel } from './fitPlsPathModel.js';
import { constructOf, satisfactionIndex100 } from './satisfactionIndex100.js';

const FN = 'importancePerformanceMap';

/** One construct on the map. */
export interface ImportancePerformancePoint {
  readonly construct: string;
  /** Unstandardized total effect on the target's 0–100 index: points gained per point of this construct's index. */
  readonly importance: number;
  /** The standardized total effect the importance comes from. */
  readonly standardizedEffect: number;
  /** Mean 0–100 index of the construct. */
  readonly performance: number;
  /** Against the mean importance and mean performance of the constructs shown. */
  readonly quadrant: 'keepUp' | 'priorityImprovement' | 'lowPriority' | 'possibleOverkill';
}

/** The importance–performance map of a target construct. */
export interface ImportancePerformanceMapResult {
  readonly target: string;
  /** The target's own mean 0–100 index. */
  readonly targetPerformance: number;
  readonly constructs: readonly ImportancePerformancePoint[];
  readonly cuts: { readonly importance: number; readonly performance: number };
}

const optionsSchema = z.strictObject({ scale: scaleSchema.optional() });

/**
 * Importance–performance map analysis of a PLS path model (IPMA; Ringle & Sarstedt 2016): for
 * every construct with a directed route to `target`, its importance — the unstandardized total
 * effect on the target's 0–100 index (standardized total effect × sd(target index) / sd(its
 * index), exact because the indices are linear in the construct scores) — against its
 * performance, the mean 0–100 index. Constructs above the mean importance and below the mean
 * performance are the priorities: improving them moves the target most.
 *
 * @param target The construct to explain, e.g. `'Satisfaction'` or `'Loyalty'`.
 * @param options `scale` when the model was fitted without one.
 * @throws {CustomerValueError} `invalid_model`, `invalid_spec` (unknown target, nothing leads to it, no scale), data errors.
 * @example
 * const survey = (await readCsvFile('examples/data/ecsi_mobi.csv')).columns;
 * const model = fitPlsPathModel(survey, { ...ECSI_MODEL, scale: [1, 10] });
 * const map = importancePerformanceMap(model, survey, 'Loyalty');
 * map.constructs.map((c) => c.construct); // => ['Image', 'Expectation', 'Quality', 'Value', 'Satisfaction', 'Complaints']
 */
export function importancePerformanceMap(
  model: PlsPathModel,
  data: TableInput,
  target: string,
  options: { scale?: readonly [number, number] } = {},
): ImportancePerformanceMapResult {
  assertModelKind(model, 'plsPathModel', FN);
  const o = parseSpec(optionsSchema, options, FN, 'options');
  constructOf(model, target, FN);
  const drivers = model.totalEffects.filter((e) => e.to === target);
  if (drivers.length === 0) {
    throw new CustomerValueError('invalid_spec', `${FN}: no construct has a path to "${target}"`, [
      { function: FN, path: 'target', expected: 'an endogenous construct (one with incoming paths)', received: JSON.stringify(target) },
    ]);
  }
  const scale = o.scale ? { scale: o.scale } : {};
  const targetIndex = satisfactionIndex100(model, data, target, scale);
  const order = model.constructs.map((c) => c.name);
  const points = drivers
    .sort((a, b) => order.indexOf(a.from) - order.indexOf(b.from))
    .map((e) => {
      const index = satisfactionIndex100(model, data, e.from, scale);
      return { construct: e.from, importance: (e.effect * targetIndex.sd) / index.sd, standardizedEffect: e.effect, performance: index.mean };
    });
  const cuts = {
    importance: points.reduce((a, p) => a + p.importance, 0) / points.length,
    performance: points.reduce((a, p) => a + p.performance, 0) / points.length,
  };
  return {
    target,
    targetPerformance: targetIndex.mean,
    constructs: points.map((p) => ({
      ...p,
      quadrant:
        p.importance >= cuts.importance
          ? p.performance >= cuts.performance
            ? 'keepUp'
            : 'priorityImprovement'
          : p.performance >= cuts.performance
            ? 'possibleOverkill'
            : 'lowPriority',
    })),
    cuts,
  };
}

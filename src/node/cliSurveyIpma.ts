// `customer-value survey --model`: the PLS importance–performance map (IPMA) of the model's final
// endogenous construct — importancePerformanceMap's importances and performances, each importance
// with the interval of the report's own bootstrap (bootstrapPlsPathModel's total effects, rescaled
// as the importance is), as a table and the chart pls-ipma.svg.
import { importancePerformanceSvg } from '../charts/importancePerformanceSvg.js';
import type { SurveyJsItems } from '../satisfaction/fromSurveyJs.js';
import type { BootstrapPlsResult } from '../satisfaction/pls/bootstrapPlsPathModel.js';
import type { PlsPathModel } from '../satisfaction/pls/fitPlsPathModel.js';
import { importancePerformanceMap, type ImportancePerformanceMapResult } from '../satisfaction/pls/importancePerformanceMap.js';
import { satisfactionIndex100 } from '../satisfaction/pls/satisfactionIndex100.js';

/** The PLS importance–performance map's file name in the output folder. */
export const IPMA_CHART = 'pls-ipma.svg';

const QUADRANTS = {
  keepUp: 'keep up the good work',
  priorityImprovement: 'priority improvement',
  lowPriority: 'low priority',
  possibleOverkill: 'possible overkill',
} as const;

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The construct the map explains: the last (in the spec's order) with incoming paths and none going out. */
export function ipmaTarget(model: PlsPathModel): string | null {
  const sinks = model.constructs.map((c) => c.name).filter((name) => model.paths.some((p) => p.to === name) && !model.paths.some((p) => p.from === name));
  return sinks.length > 0 ? sinks[sinks.length - 1] : null;
}

/** The answer scale of the 0–100 indices: the spec's, else the one the form gives every item of the model. */
function scaleOf(model: PlsPathModel, survey: SurveyJsItems): readonly [number, number] | null {
  if (model.spec.scale) return model.spec.scale;
  const scales = model.constructs.flatMap((c) => c.items.map((item) => survey.scales[item]));
  if (scales.length === 0 || scales.some((s) => s === undefined)) return null;
  return scales.every((s) => s[0] === scales[0][0] && s[1] === scales[0][1]) ? scales[0] : null;
}

/** One construct of the map with its importance interval (the bootstrap's interval of the standardized total effect, times importance / standardized effect). */
export interface IpmaRow {
  readonly construct: string;
  readonly importance: number;
  readonly lower: number;
  readonly upper: number;
  readonly standardizedEffect: number;
  readonly performance: number;
  readonly quadrant: ImportancePerformanceMapResult['constructs'][number]['quadrant'];
}

/** The IPMA of `target` with the importance intervals from `bootstrap` (the sample's rescaling held fixed over the resamples). */
export function ipmaWithIntervals(
  model: PlsPathModel,
  data: Record<string, Float64Array>,
  target: string,
  bootstrap: BootstrapPlsResult,
  scale: readonly [number, number],
): { map: ImportancePerformanceMapResult; rows: IpmaRow[] } {
  const map = importancePerformanceMap(model, data, target, { scale });
  const targetSd = satisfactionIndex100(model, data, target, { scale }).sd;
  const rows = map.constructs.map((c) => {
    const e = bootstrap.totalEffects.find((t) => t.from === c.construct && t.to === target);
    // importance = standardized effect × sd(target index) / sd(construct index)
    const f = targetSd / satisfactionIndex100(model, data, c.construct, { scale }).sd;
    const [a, b] = e ? [e.lower * f, e.upper * f] : [Number.NaN, Number.NaN];
    return { ...c, lower: Math.min(a, b), upper: Math.max(a, b) };
  });
  return { map, rows };
}

/** The "Importance–performance map" subsection and its chart; a note and no chart when there is no target or no scale. */
export function ipmaSection(survey: SurveyJsItems, model: PlsPathModel, bootstrap: BootstrapPlsResult, n: number): { lines: string[]; svg: string | null } {
  const out = ['### Importance–performance map (IPMA)', ''];
  const target = ipmaTarget(model);
  const scale = scaleOf(model, survey);
  if (target === null || scale === null) {
    out.push(
      `_Not drawn: ${target === null ? 'no construct has incoming paths and none going out' : 'the model has no answer scale (set "scale": [min, max] in the spec), and its items do not share one'}._`,
      '',
    );
    return { lines: out, svg: null };
  }
  const { map, rows } = ipmaWithIntervals(model, survey.columns, target, bootstrap, scale);
  const level = `${+(bootstrap.confidence * 100).toFixed(4)}%`;
  out.push(
    `The drivers of **${cell(target)}** (the model's final endogenous construct; its mean 0–100 index is ${map.targetPerformance.toFixed(1)}), by importancePerformanceMap (Ringle & Sarstedt 2016): ` +
      `importance is the total effect on ${cell(target)}'s 0–100 index, in points per point of the driver's index, with its ${level} bootstrap percentile interval ` +
      `(the path diagram's bootstrap, ${bootstrap.samples.toLocaleString('en-US')} resamples, seed ${bootstrap.seed}); performance is the driver's mean 0–100 index.`,
    '',
  );
  out.push(`| construct | importance [${level} interval] | standardized total effect | performance (0–100) | quadrant |`, '|---|---:|---:|---:|---|');
  for (const r of rows)
    out.push(
      `| ${cell(r.construct)} | ${r.importance.toFixed(3)}${Number.isFinite(r.lower) ? ` [${r.lower.toFixed(3)}, ${r.upper.toFixed(3)}]` : ''} | ${r.standardizedEffect.toFixed(3)} | ${r.performance.toFixed(1)} | ${QUADRANTS[r.quadrant]} |`,
    );
  out.push('', `![Importance–performance map of ${cell(target)}](${IPMA_CHART})`, '');
  out.push(
    `How to read it: the dashed lines are the mean importance (${map.cuts.importance.toFixed(3)}) and the mean performance (${map.cuts.performance.toFixed(1)}); ` +
      `a driver top left (important, performing below the others) is where an improvement moves ${cell(target)} most.`,
    '',
  );
  const svg = importancePerformanceSvg(
    {
      items: rows.map((r) => ({
        item: r.construct,
        importance: r.importance,
        performance: r.performance,
        quadrant: r.quadrant,
        ...(Number.isFinite(r.lower) ? { importanceInterval: [r.lower, r.upper] as [number, number] } : {}),
      })),
      cuts: map.cuts,
      confidence: bootstrap.confidence,
    },
    {
      title: `Importance–performance map of ${target}`,
      subtitle: `${n} respondents · importance: total effect on the 0–100 index of ${target}`,
      performanceLabel: 'performance (mean index, 0–100)',
      importanceLabel: `importance (points of ${target} per point)`,
    },
  );
  return { lines: out, svg };
}

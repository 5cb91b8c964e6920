// `customer-value survey --model`: the PLS importance–performance map (IPMA) of the model's final
// endogenous construct — importancePerformanceMap's importances and performances, each importance
// with its bootstrap interval (importancePerformanceMap's options.bootstrap, on the resamples of the
// report's own bootstrap: same samples, seed and level), as a table and the chart pls-ipma.svg.
import { importancePerformanceSvg } from '../charts/importancePerformanceSvg.js';
import type { SurveyJsItems } from '../satisfaction/fromSurveyJs.js';
import type { BootstrapPlsResult } from '../satisfaction/pls/bootstrapPlsPathModel.js';
import type { PlsPathModel } from '../satisfaction/pls/fitPlsPathModel.js';
import { importancePerformanceMap } from '../satisfaction/pls/importancePerformanceMap.js';

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
  // the report bootstrap's resamples (same samples and seed), each importance re-estimated on them
  const map = importancePerformanceMap(model, survey.columns, target, {
    scale,
    bootstrap: { samples: bootstrap.samples, seed: bootstrap.seed, confidence: bootstrap.confidence, method: 'percentile' },
  });
  const rows = map.constructs;
  const level = `${+(bootstrap.confidence * 100).toFixed(4)}%`;
  out.push(
    `The drivers of **${cell(target)}** (the model's final endogenous construct; its mean 0–100 index is ${map.targetPerformance.toFixed(1)}), by importancePerformanceMap (Ringle & Sarstedt 2016): ` +
      `importance is the total effect on ${cell(target)}'s 0–100 index, in points per point of the driver's index, with its ${level} bootstrap percentile interval ` +
      `(re-estimated on each of the path diagram's ${bootstrap.samples.toLocaleString('en-US')} resamples, seed ${bootstrap.seed}); performance is the driver's mean 0–100 index, with its interval on the same resamples.`,
    '',
  );
  out.push(
    `| construct | importance [${level} interval] | standardized total effect | performance (0–100) [${level} interval] | quadrant |`,
    '|---|---:|---:|---:|---|',
  );
  for (const r of rows)
    out.push(
      `| ${cell(r.construct)} | ${r.importance.toFixed(3)}${r.importanceInterval ? ` [${r.importanceInterval[0].toFixed(3)}, ${r.importanceInterval[1].toFixed(3)}]` : ''} | ${r.standardizedEffect.toFixed(3)} | ${r.performance.toFixed(1)}${r.performanceInterval ? ` [${r.performanceInterval[0].toFixed(1)}, ${r.performanceInterval[1].toFixed(1)}]` : ''} | ${QUADRANTS[r.quadrant]} |`,
    );
  out.push('', `![Importance–performance map of ${cell(target)}](${IPMA_CHART})`, '');
  out.push(
    `How to read it: the dashed lines are the mean importance (${map.cuts.importance.toFixed(3)}) and the mean performance (${map.cuts.performance.toFixed(1)}); ` +
      `a driver top left (important, performing below the others) is where an improvement moves ${cell(target)} most.`,
    '',
  );
  const svg = importancePerformanceSvg(
    {
      items: rows.map((r) => ({ ...r, item: r.construct })),
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

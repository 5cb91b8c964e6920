// `customer-value survey --model`: the "Impacts" subsection — satisfactionImpacts for the
// construct the IPMA explains (cliSurveyIpma.ts's ipmaTarget): how many points its 0–100 index
// moves when a driver's index gains 5 points, with a bootstrap interval. satisfactionImpacts runs
// its own bootstrap (it re-estimates the weights and item SDs in every resample, which the path
// diagram's bootstrap does not keep), with the resamples and seed stated in the report.
import { CustomerValueError } from '../errors.js';
import type { PlsPathModel } from '../satisfaction/pls/fitPlsPathModel.js';
import { satisfactionImpacts } from '../satisfaction/pls/satisfactionImpacts.js';
import { ipmaTarget } from './cliSurveyIpma.js';

/** satisfactionImpacts' options in the report (stated in it): +5 index points, 1,000 resamples, seed 1, 95% intervals. */
export const PLS_IMPACTS = { gain: 5, samples: 1000, seed: 1, confidence: 0.95 } as const;

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The "Impacts" subsection; a note when no construct has incoming paths and none going out, or the bootstrap cannot run. */
export function impactsSection(model: PlsPathModel, columns: Readonly<Record<string, Float64Array>>): string[] {
  const out = ['### Impacts', ''];
  const target = ipmaTarget(model);
  if (target === null) {
    out.push('_Not computed: no construct has incoming paths and none going out._', '');
    return out;
  }
  let result;
  try {
    result = satisfactionImpacts(model, columns, { target, ...PLS_IMPACTS });
  } catch (error) {
    if (!(error instanceof CustomerValueError)) throw error;
    out.push(`_Not computed: ${cell(error.message.split('\n')[0])}._`, '');
    return out;
  }
  const level = `${+(result.confidence * 100).toFixed(4)}%`;
  out.push(
    `What a gain of ${result.gain} points in a driver's 0–100 index is worth in **${cell(target)}**'s index (the construct the importance–performance map explains), ` +
      `by satisfactionImpacts: the total effect (direct and through other constructs) on the 0–100 metric, with its ${level} bootstrap percentile interval ` +
      `(its own bootstrap, ${result.samples.toLocaleString('en-US')} resamples, seed ${result.seed}, re-estimating the weights in every resample` +
      `${result.failed > 0 ? `; ${result.failed} that could not be estimated left out` : ''}).`,
    '',
  );
  out.push(
    `| driver | impact of +${result.gain} points [${level} interval] | points per point | standardized total effect | bootstrap SD |`,
    '|---|---:|---:|---:|---:|',
  );
  for (const i of result.impacts)
    out.push(
      `| ${cell(i.driver)} | ${i.impact.toFixed(2)} [${i.lower.toFixed(2)}, ${i.upper.toFixed(2)}] | ${i.effectPerPoint.toFixed(3)} | ${i.standardizedEffect.toFixed(3)} | ${i.sd.toFixed(2)} |`,
    );
  out.push('');
  out.push(
    `How to read it: a driver whose interval lies above 0 moves ${cell(target)}; the larger the impact, the larger the lever. ` +
      `The indices are ACSI-style (PLS weights rescaled to the answer scale), not ACSI figures.`,
    `- Impact: ${result.sources.impact}.`,
    `- Weighting: ${result.sources.weighting}.`,
    '',
  );
  for (const warning of result.warnings) out.push(`- Warning: ${warning}`);
  if (result.warnings.length > 0) out.push('');
  return out;
}

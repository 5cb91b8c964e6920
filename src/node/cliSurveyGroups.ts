// `customer-value survey --model … --group <key>`: the ACSI-style index of every construct per
// group of respondents (satisfactionIndexByGroup on the fitted model, its weights kept fixed), with
// bootstrap intervals and every pairwise difference, as the report's "Index by group" section and
// the group comparison chart; then MICOM and the multigroup analysis of the paths (cliSurveyMga.ts).
import { groupComparisonSvg } from '../charts/groupComparisonSvg.js';
import { CustomerValueError, describeValue } from '../errors.js';
import type { SurveyJsItems } from '../satisfaction/fromSurveyJs.js';
import type { PlsPathModel } from '../satisfaction/pls/fitPlsPathModel.js';
import { satisfactionIndexByGroup } from '../satisfaction/pls/satisfactionIndexByGroup.js';
import { editDistance } from './cliSupport.js';
import { mgaSection } from './cliSurveyMga.js';

const COMMAND = 'customer-value survey';
/** The group comparison chart's file name in the output folder. */
export const GROUP_CHART = 'index-by-group.svg';
/** The stratified bootstrap of the per-group intervals: resamples and seed (stated in the report). */
export const GROUP_BOOTSTRAP = { samples: 1000, seed: 1 } as const;
const MAX_LEVELS = 8;

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const est = (e: { estimate: number; lower: number; upper: number }) => `${e.estimate.toFixed(1)} [${e.lower.toFixed(1)}, ${e.upper.toFixed(1)}]`;

/** The group of each result: `results[i][key]` when a string or a finite number, else null (no group). */
function groupValues(results: readonly unknown[], key: string): (string | number | null)[] {
  return results.map((r) => {
    const v = r !== null && typeof r === 'object' ? (r as Record<string, unknown>)[key] : undefined;
    return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? v : null;
  });
}

/** The "Index by group" section and its chart. */
export function groupSection(
  survey: SurveyJsItems,
  results: readonly unknown[],
  model: PlsPathModel,
  key: string,
): { lines: string[]; svg: string; groups: number } {
  const values = groupValues(results, key);
  if (values.every((v) => v === null)) {
    const keys = [...new Set(results.flatMap((r) => (r !== null && typeof r === 'object' ? Object.keys(r) : [])))];
    const near = keys.filter((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= Math.max(2, Math.ceil(key.length / 2))).slice(0, 3);
    throw new CustomerValueError('missing_column', `${COMMAND}: no result has an answer "${key}" to group by`, [
      {
        function: COMMAND,
        path: '--group',
        expected: 'a key of the result objects holding a string or a number (a segment, a tier, a region…)',
        received: JSON.stringify(key),
        hint: near.length > 0 ? `close names: ${near.join(', ')}` : `the results' keys: ${keys.slice(0, 20).join(', ')}`,
      },
    ]);
  }
  const keep = values.flatMap((v, i) => (v === null ? [] : [i]));
  const levels = [...new Set(keep.map((i) => values[i] as string | number))];
  if (levels.length < 2 || levels.length > MAX_LEVELS) {
    throw new CustomerValueError(
      'invalid_value',
      `${COMMAND}: --group ${key} has ${levels.length} level${levels.length === 1 ? '' : 's'}; 2 to ${MAX_LEVELS} can be compared`,
      [
        {
          function: COMMAND,
          path: '--group',
          expected: `an answer with 2 to ${MAX_LEVELS} distinct values`,
          received: `${levels.length} level${levels.length === 1 ? '' : 's'}: ${levels
            .slice(0, 10)
            .map((v) => describeValue(v))
            .join(', ')}${levels.length > 10 ? ', …' : ''}`,
          hint: levels.length < 2 ? 'group by an answer that differs between respondents' : 'group by a coarser answer (a tier, a region)',
        },
      ],
    );
  }
  const columns: Record<string, unknown> = {};
  for (const [name, column] of Object.entries(survey.columns)) columns[name] = Float64Array.from(keep, (i) => column[i]);
  const groupColumn = `group:${key}`;
  columns[groupColumn] = keep.map((i) => values[i]);
  const result = satisfactionIndexByGroup(model, columns, { group: groupColumn, ...GROUP_BOOTSTRAP });
  const out = ['## Index by group', ''];
  out.push(
    `The 0–100 index of every construct in each group of \`${cell(key)}\` (satisfactionIndexByGroup: the model's weights rescaled to the item metric, the same in every group), ` +
      `with 95% stratified bootstrap intervals (${GROUP_BOOTSTRAP.samples.toLocaleString('en-US')} resamples within each group, seed ${GROUP_BOOTSTRAP.seed})` +
      `${values.length - keep.length > 0 ? `; ${values.length - keep.length} results without an answer to "${cell(key)}" left out` : ''}` +
      `${result.skipped > 0 ? `; ${result.skipped} left out for a missing answer` : ''}.`,
    '',
  );
  out.push(
    `| construct | ${result.groups.map((g) => `${cell(String(g.level))} (n = ${g.n})`).join(' | ')} |`,
    `|---|${result.groups.map(() => '---:').join('|')}|`,
  );
  for (const c of result.constructs) out.push(`| ${cell(c.construct)} | ${c.groups.map(est).join(' | ')} |`);
  out.push('', '### Differences between groups', '');
  out.push('| construct | groups | difference [95% interval] | interval excludes 0 |', '|---|---|---:|---|');
  for (const c of result.constructs)
    for (const d of c.differences)
      out.push(`| ${cell(c.construct)} | ${cell(String(d.first))} − ${cell(String(d.second))} | ${est(d)} | ${d.lower > 0 || d.upper < 0 ? 'yes' : 'no'} |`);
  out.push('', `![Index by group](${GROUP_CHART})`, '');
  for (const warning of result.warnings) out.push(`- Warning: ${warning}`);
  if (result.warnings.length > 0) out.push('');
  out.push(
    ...mgaSection(
      columns,
      model,
      groupColumn,
      key,
      result.groups.map((g) => g.level),
    ),
  );
  const svg = groupComparisonSvg(result, { title: `Index by ${key}`, subtitle: `${keep.length} respondents · 95% bootstrap intervals` });
  return { lines: out, svg, groups: result.groups.length };
}

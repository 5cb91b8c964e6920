// `customer-value survey`: a SurveyJS form and its results (`fromSurveyJs`) to a Markdown report —
// what was read, Cronbach's alpha per block the form declares and for all items, KMO and
// Bartlett, the PCA satisfaction index with its weights, the NPS — and an importance–performance
// chart of the index's items; with --model, the PLS path model and its assessment (cliSurveyPls.ts).
import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { importancePerformanceSvg } from '../charts/importancePerformanceSvg.js';
import { CustomerValueError } from '../errors.js';
import { bartlettSphericity, type BartlettResult } from '../satisfaction/bartlettSphericity.js';
import { cronbachAlpha, type CronbachAlphaResult } from '../satisfaction/cronbachAlpha.js';
import { fitSatisfactionIndex, type SatisfactionIndexModel } from '../satisfaction/fitSatisfactionIndex.js';
import { fromSurveyJs, type SurveyJsItems } from '../satisfaction/fromSurveyJs.js';
import { kmo, type KmoResult } from '../satisfaction/kmo.js';
import { HTMT_CHART, PLS_CHART, plsSection } from './cliSurveyPls.js';
import { GROUP_CHART, groupSection } from './cliSurveyGroups.js';
import { IPMA_CHART } from './cliSurveyIpma.js';
import { outputError } from './atomicOutput.js';
import { type Args, type CommandIo, type FlagSpec, one, readJson, removeEmptyDirectories, usage, withOutputs } from './cliSupport.js';

const COMMAND = 'customer-value survey';
const CHART = 'importance-performance.svg';

/** A comma-separated flag as a list (absent: undefined). */
function listFlag(args: Args, flag: string): string[] | undefined {
  const text = one(args, flag, false);
  if (!text) return undefined;
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) throw usage(`survey: --${flag} takes question names separated by commas (got ${JSON.stringify(text)})`, 'survey');
  return names;
}

/** The library's option paths in the command's words (`options.items.0` → `--items`). */
function inFlagWords(error: unknown): unknown {
  if (!(error instanceof CustomerValueError)) return error;
  const flag = (path: string | undefined) => path?.replace(/^options\.(items|reverse|nps)(\.\d+)?$/, '--$1');
  const hint = (text: string | undefined) => text?.replace('set options.nps to false', 'pass --nps none').replace('set nps: false', 'pass --nps none');
  const issues = error.issues.map((issue) => ({
    ...issue,
    ...(issue.path ? { path: flag(issue.path) } : {}),
    ...(issue.hint ? { hint: hint(issue.hint) } : {}),
  }));
  return new CustomerValueError(error.code, error.message.split('\n')[0].replace('the options have', 'the command line has'), issues, error.totalIssues);
}

/** A statistic, or the reason it could not be computed on these answers. */
function attempt<T>(work: () => T): { value: T } | { reason: string } {
  try {
    return { value: work() };
  } catch (error) {
    if (error instanceof CustomerValueError) return { reason: error.message.split('\n').slice(0, 3).join(' ').replace(/\s+/g, ' ') };
    throw error;
  }
}

const fixed = (value: number | null, digits: number) => (value === null ? '—' : value.toFixed(digits));
const pValue = (p: number) => (p < 1e-4 ? p.toExponential(2) : p.toFixed(4));
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
const range = (scale: readonly [number, number]) => `${scale[0]}–${scale[1]}`;

/** The items the statistics use, on one scale: as read, or each rescaled to 0–100 when the scales differ. */
function analysisColumns(
  survey: SurveyJsItems,
  items: readonly string[],
): { columns: Record<string, Float64Array>; scale: readonly [number, number]; rescaled: boolean } {
  const scales = items.map((item) => survey.scales[item]);
  const shared = scales.every((s) => s[0] === scales[0][0] && s[1] === scales[0][1]);
  if (shared) return { columns: { ...survey.columns }, scale: scales[0], rescaled: false };
  const columns: Record<string, Float64Array> = {};
  items.forEach((item, j) => {
    const [min, max] = scales[j];
    columns[item] = survey.columns[item].map((x) => (100 * (x - min)) / (max - min));
  });
  return { columns, scale: [0, 100], rescaled: true };
}

/** The report's Markdown and its chart. */
export function surveyReport(
  survey: SurveyJsItems,
  used: readonly string[],
  files: { form: string; results: string; title: string },
): { markdown: string; charts: Record<string, string> } {
  const out: string[] = [];
  const nps = survey.nps;
  out.push(`# ${files.title}`, '');
  out.push(
    `${survey.n.toLocaleString('en-US')} results read from \`${files.results}\` with the form \`${files.form}\`: ${plural(survey.items.length, 'item')}, ` +
      `${plural(survey.report.skipped.length, 'question')} skipped, ${nps ? `NPS question \`${nps.question}\`` : 'no NPS question'}.`,
    '',
  );

  out.push('## What was read', '');
  out.push('| column | question | type | scale | role | answered | missing | notes |', '|---|---|---|---|---|---:|---:|---|');
  for (const c of survey.report.mapped) {
    const notes = [
      c.reversed ? 'reverse-coded' : '',
      c.conditional ? 'conditional (visibleIf)' : '',
      c.declined > 0 ? `${c.declined} declined` : '',
      c.role === 'item' && !used.includes(c.name) ? 'not in the statistics (conditional: --items includes it)' : '',
    ].filter(Boolean);
    out.push(
      `| ${cell(c.name)} | ${cell(c.title ?? c.question)} | ${c.type} | ${range(c.scale)} | ${c.role} | ${c.answered} | ${c.missing} | ${notes.join('; ')} |`,
    );
  }
  out.push('');
  if (survey.report.skipped.length > 0) {
    out.push('Skipped questions:', '', '| question | type | why |', '|---|---|---|');
    for (const s of survey.report.skipped) out.push(`| ${cell(s.question)} | ${s.type} | ${cell(s.reason)} |`);
    out.push('');
  }
  if (survey.report.unknownKeys.length > 0)
    out.push(`Keys in the results that no question of the form names (not read): ${survey.report.unknownKeys.map((k) => `\`${k}\``).join(', ')}.`, '');
  for (const note of survey.report.notes) out.push(`- ${note}`);
  if (survey.report.notes.length > 0) out.push('');

  const charts: Record<string, string> = {};
  if (used.length < 2) {
    out.push(
      '## Reliability and the satisfaction index',
      '',
      `_Not computed: ${used.length} item${used.length === 1 ? '' : 's'} (at least 2 are needed)._`,
      '',
    );
  } else {
    const { columns, scale, rescaled } = analysisColumns(survey, used);
    const scaleNote = rescaled
      ? `The items are on different scales (${[...new Set(used.map((i) => range(survey.scales[i])))].join(', ')}): each is rescaled to 0–100 first, \`100·(x − min)/(max − min)\`.`
      : `All items are on the ${range(scale)} scale.`;

    out.push('## Reliability', '');
    out.push(`${scaleNote} A respondent missing any item of a row is left out of that row (listwise).`, '');
    out.push(`| items | k | α (raw) | α (standardized) | respondents | left out |`, '|---|---:|---:|---:|---:|---:|');
    const blocks = [
      ...survey.blocks.map((b) => ({ label: `${b.kind} \`${b.name}\``, items: b.items.filter((i) => used.includes(i)) })).filter((b) => b.items.length >= 2),
      { label: 'all items', items: [...used] },
    ];
    for (const block of blocks) {
      const result = attempt<CronbachAlphaResult>(() => cronbachAlpha(columns, block.items, { missing: 'skip' }));
      if ('value' in result) {
        const a = result.value;
        out.push(`| ${block.label} | ${block.items.length} | ${fixed(a.alpha, 4)} | ${fixed(a.standardizedAlpha, 4)} | ${a.n} | ${a.skipped} |`);
      } else out.push(`| ${block.label} | ${block.items.length} | — | — | — | ${cell(result.reason)} |`);
    }
    out.push('', "Cronbach's alpha ≥ 0.7 is the usual bar for a scale used to compare groups (Nunnally 1978).", '');

    out.push('## Sampling adequacy', '');
    const adequacy = attempt<KmoResult>(() => kmo(columns, used, { missing: 'skip' }));
    out.push(
      'value' in adequacy
        ? `- KMO (overall MSA): ${fixed(adequacy.value.overall, 4)} — Kaiser (1974): ≥ 0.9 marvelous, ≥ 0.8 meritorious, ≥ 0.7 middling, ≥ 0.6 mediocre, ≥ 0.5 miserable, below unacceptable.`
        : `- KMO: not computed (${adequacy.reason}).`,
    );
    const sphericity = attempt<BartlettResult>(() => bartlettSphericity(columns, used, { missing: 'skip' }));
    out.push(
      'value' in sphericity
        ? `- Bartlett's test of sphericity (Bartlett 1950): χ² = ${sphericity.value.chiSquare.toFixed(2)}, df = ${sphericity.value.df}, p = ${pValue(sphericity.value.p)} (n = ${sphericity.value.n}); a small p says the items are correlated enough to combine.`
        : `- Bartlett's test: not computed (${sphericity.reason}).`,
      '',
    );

    out.push('## Satisfaction index (PCA weights)', '');
    const fitted = attempt<SatisfactionIndexModel>(() => fitSatisfactionIndex(columns, { items: [...used], scale: [scale[0], scale[1]], missing: 'skip' }));
    if ('reason' in fitted) out.push(`_Not computed: ${fitted.reason}_`, '');
    else {
      const model = fitted.value;
      const extraction = model.components.varianceExplained.extraction;
      const d = model.fitted.diagnostics;
      out.push(
        `${model.components.components} component${model.components.components === 1 ? '' : 's'} kept (eigenvalue > 1), explaining ${extraction[extraction.length - 1].cumulativePercent.toFixed(1)}% of the items' variance; ` +
          `${model.fitted.n} respondents with every item (${model.fitted.skipped} left out). Item weights are the components' loadings weighted by their variance, normalized to sum 1 (see fitSatisfactionIndex).`,
        '',
      );
      out.push(`Mean index: **${d.meanIndex100.toFixed(1)}** on 0–100${rescaled ? '' : ` (${d.meanIndex.toFixed(3)} on the ${range(scale)} scale)`}.`, '');
      out.push('| item | weight | mean | mean 0–100 |', '|---|---:|---:|---:|');
      const performance = model.itemMeans.map((m) => (100 * (m - scale[0])) / (scale[1] - scale[0]));
      model.items.forEach((item, j) =>
        out.push(`| ${cell(item)} | ${model.weights[j].toFixed(4)} | ${model.itemMeans[j].toFixed(3)} | ${performance[j].toFixed(1)} |`),
      );
      out.push('');
      for (const warning of model.fitted.warnings) out.push(`- Warning: ${warning}`);
      if (model.fitted.warnings.length > 0) out.push('');
      const cuts = { importance: 1 / model.items.length, performance: performance.reduce((a, b) => a + b, 0) / performance.length };
      charts[CHART] = importancePerformanceSvg(
        {
          items: model.items.map((item, j) => ({
            item,
            importance: model.weights[j],
            performance: performance[j],
            quadrant:
              model.weights[j] >= cuts.importance
                ? performance[j] >= cuts.performance
                  ? 'keepUp'
                  : 'priorityImprovement'
                : performance[j] >= cuts.performance
                  ? 'possibleOverkill'
                  : 'lowPriority',
          })),
          cuts,
        },
        {
          title: 'Satisfaction index: item weight and mean',
          subtitle: `${model.fitted.n} respondents; cuts at the equal weight 1/${model.items.length} and the mean of the item means`,
          performanceLabel: 'mean rating (0–100)',
          importanceLabel: 'weight in the index',
        },
      );
      out.push(`![Item weight and mean](${CHART})`, '');
    }
  }

  out.push('## Net Promoter Score', '');
  if (nps === null) out.push('_No NPS question: none was found (a 0–10 question named or titled NPS/recommend), or --nps none._', '');
  else if (nps.result === null) out.push(`_No answer to the NPS question \`${nps.question}\`._`, '');
  else {
    const r = nps.result;
    out.push(
      `NPS (question \`${nps.question}\`, found by its ${nps.detectedBy === 'option' ? '--nps flag' : nps.detectedBy}): **${r.score.toFixed(1)}**, 95% interval ${r.confidenceInterval[0].toFixed(1)} to ${r.confidenceInterval[1].toFixed(1)}; ` +
        `${r.promoters} promoters (9–10), ${r.passives} passives (7–8), ${r.detractors} detractors (0–6) among ${r.n} answers (${r.missing} without an answer). Reichheld (2003).`,
      '',
    );
  }
  return { markdown: `${out.join('\n').trimEnd()}\n`, charts };
}

/** Write report.md and the charts into `outDir`, all or nothing. */
async function writeSurveyReport(outDir: string, markdown: string, charts: Readonly<Record<string, string>>): Promise<void> {
  let created: string | undefined;
  try {
    created = mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw outputError(error, COMMAND, 'output directory', outDir);
  }
  try {
    await withOutputs('survey', async (open) => {
      for (const [name, text] of [['report.md', markdown], ...Object.entries(charts)]) {
        const file = await open(join(outDir, name), 'report file');
        await new Promise<void>((done, fail) => file.write(text, (error) => (error ? fail(error) : done())));
      }
    });
  } catch (error) {
    if (created !== undefined) removeEmptyDirectories(resolve(outDir), resolve(created));
    throw error;
  }
}

async function survey(args: Args, io: CommandIo): Promise<number> {
  const formPath = one(args, 'form');
  const resultsPath = one(args, 'results');
  const outDir = one(args, 'out-dir');
  const items = listFlag(args, 'items');
  const reverse = listFlag(args, 'reverse');
  const npsFlag = one(args, 'nps', false);
  const modelPath = one(args, 'model', false);
  const groupKey = one(args, 'group', false);
  if (groupKey && !modelPath) {
    throw new CustomerValueError('invalid_spec', `${COMMAND}: --group needs --model (the index per group is the PLS model's)`, [
      { function: COMMAND, path: '--group', expected: '--model <model.json> as well', received: `--group ${groupKey} without --model` },
    ]);
  }
  const form = readJson(formPath);
  const results = readJson(resultsPath);
  const spec = modelPath ? readJson(modelPath) : undefined;
  let read: SurveyJsItems;
  try {
    read = fromSurveyJs(form, results as unknown[], {
      ...(items ? { items } : {}),
      ...(reverse ? { reverse } : {}),
      ...(npsFlag ? { nps: npsFlag === 'none' ? false : npsFlag } : {}),
    });
  } catch (error) {
    throw inFlagWords(error);
  }
  // conditional items drop every respondent who did not see them: in the statistics only when named
  const conditional = new Set(read.report.mapped.filter((c) => c.conditional).map((c) => c.name));
  const used = items ? [...read.items] : read.items.filter((item) => !conditional.has(item));
  const title = one(args, 'title', false) || (typeof (form as { title?: unknown }).title === 'string' ? (form as { title: string }).title : 'Survey report');
  const report = surveyReport(read, used, { form: basename(formPath), results: basename(resultsPath), title });
  const pls = modelPath ? plsSection(read, spec, basename(modelPath)) : undefined;
  const groups = pls && groupKey ? groupSection(read, results as unknown[], pls.model, groupKey) : undefined;
  const plsLines = pls ? [...pls.lines, ...(groups ? groups.lines : [])] : [];
  const markdown = pls ? `${report.markdown}\n${plsLines.join('\n').trimEnd()}\n` : report.markdown;
  const charts = pls
    ? {
        ...report.charts,
        [PLS_CHART]: pls.svg,
        ...(pls.assessment.htmt.length > 0 ? { [HTMT_CHART]: pls.htmtSvg } : {}),
        ...(pls.ipmaSvg !== null ? { [IPMA_CHART]: pls.ipmaSvg } : {}),
        ...(groups ? { [GROUP_CHART]: groups.svg } : {}),
      }
    : report.charts;
  await writeSurveyReport(outDir, markdown, charts);
  const written = Object.keys(charts);
  io.err(
    `${COMMAND}: wrote ${join(outDir, 'report.md')}${written.length > 0 ? ` and ${written.join(' and ')}` : ''} from ${read.n.toLocaleString('en-US')} results: ${plural(used.length, 'item')} in the statistics, ${plural(read.report.skipped.length, 'question')} skipped` +
      `${pls ? `; the PLS path model on ${plural(pls.n, 'respondent')}${pls.skipped > 0 ? ` (${pls.skipped} left out)` : ''}` : ''}` +
      `${groups ? `; the index in ${groups.groups} groups of ${groupKey}` : ''}\n`,
  );
  return 0;
}

/** The `survey` entry of `CLI_COMMANDS`. */
export const SURVEY_COMMAND = {
  run: survey,
  inputs: { form: 'form', results: 'results', model: 'model' },
  outputs: ['out-dir'],
  formats: ['markdown+svg'],
  stdout: false,
  summary:
    "A SurveyJS form and its results to a Markdown report: Cronbach's alpha, KMO, Bartlett, the PCA satisfaction index, NPS, and with --model the PLS path model and its assessment.",
  flags: {
    form: { value: '<form.json>', required: true, help: 'The SurveyJS form JSON the survey was built from (pages → elements).' },
    results: { value: '<results.json>', required: true, help: 'The results: a JSON array of result objects (survey.data of each respondent).' },
    'out-dir': {
      value: '<folder>',
      required: true,
      help: `Write report.md and ${CHART} (with --model also ${PLS_CHART}, ${HTMT_CHART} and ${IPMA_CHART}) here (created if needed).`,
    },
    items: {
      value: '<a,b,…>',
      help: "The items, in order (a matrix's name stands for its rows). Default: every scored question except the NPS question, yes/no questions and conditional (visibleIf) ones.",
    },
    reverse: { value: '<a,b,…>', help: "Reverse-coded items: x becomes min + max − x on the item's own scale." },
    nps: {
      value: '<question|none>',
      help: 'The NPS question (default: a 0–10 question named or titled NPS or recommend, or the only 0–10 one); none for no NPS.',
    },
    title: { value: '<text>', help: "The report's title (default: the form's title)." },
    group: {
      value: '<key>',
      help: `With --model: a key of the result objects (a segment, tier, region… 2 to 8 values) to compare the index of every construct across its groups (satisfactionIndexByGroup, 95% stratified bootstrap intervals, 1,000 resamples, every pairwise difference), with the chart ${GROUP_CHART}; and for up to 4 groups, each pair's MICOM (measurement invariance) and multigroup comparison of every path (permutation and Welch tests, Holm-corrected).`,
    },
    model: {
      value: '<model.json>',
      help: `A PLS path model spec as JSON (fitPlsPathModel's spec: constructs with their items — the form's item names, question.row for a matrix row — paths, and optionally scheme, missing, scale): fitted on the answers and assessed (path coefficients, R², f², α, ρA, ρC, AVE, HTMT, inner VIF, SRMR, each with its guideline) in the report, with ${PLS_CHART} (paths with 95% bootstrap intervals, 1,000 resamples) and the HTMT heat map ${HTMT_CHART} (each pair's one-sided 95% bootstrap upper bound, outlined where not below 0.85), and the importance–performance map ${IPMA_CHART} of the final endogenous construct (importance intervals from the same bootstrap), the impacts of +5 points of each driver on that construct (satisfactionImpacts, 1,000 resamples, seed 1), and the prediction of the endogenous items from the exogenous ones (PLSpredict: Q²predict, RMSE and MAE against the linear model, CVPAT; 10 folds × 10 repetitions, seed 1).`,
    },
  } satisfies Record<string, FlagSpec>,
  examples: [
    'customer-value survey --form form.json --results results.json --out-dir survey-report',
    'customer-value survey --form form.json --results results.json --reverse wait_too_long --nps likelihood_to_recommend --out-dir survey-report',
    'customer-value survey --form examples/data/mobi_surveyjs_form.json --results examples/data/mobi_surveyjs_results.json --model examples/data/mobi_surveyjs_ecsi.json --out-dir survey-report',
  ],
} as const;

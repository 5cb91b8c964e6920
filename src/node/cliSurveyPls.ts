// `customer-value survey --model`: a PLS path model spec (the JSON form of `fitPlsPathModel`'s
// spec) fitted on the columns `fromSurveyJs` read, and its standard assessment
// (`assessPlsPathModel`) as the report's "PLS path model" section, with the path diagram (paths
// with their bootstrap intervals, `bootstrapPlsPathModel`) and the HTMT heat map (with the
// assessment's bootstrap: each pair's one-sided upper bound, outlined where not below 0.85, and
// the table's verdict column), and the importance–performance map of the final endogenous
// construct (cliSurveyIpma.ts, on the path diagram's bootstrap), the impacts on that construct
// (cliSurveyImpacts.ts) and the model's out-of-sample prediction (cliSurveyPredict.ts).
import { htmtHeatmapSvg } from '../charts/htmtHeatmapSvg.js';
import { plsPathDiagramSvg } from '../charts/plsPathDiagramSvg.js';
import { bootstrapPlsPathModel } from '../satisfaction/pls/bootstrapPlsPathModel.js';
import { CustomerValueError, type CustomerValueIssue } from '../errors.js';
import type { SurveyJsItems } from '../satisfaction/fromSurveyJs.js';
import { assessPlsPathModel, type PlsAssessedValue, type PlsAssessment } from '../satisfaction/pls/assessPlsPathModel.js';
import type { PlsHtmtTest } from '../satisfaction/pls/assessPlsBootstrap.js';
import { fitPlsPathModel, type PlsPathModel } from '../satisfaction/pls/fitPlsPathModel.js';
import type { PlsPathModelSpec } from '../satisfaction/pls/plsPathModelSpec.js';
import { editDistance } from './cliSupport.js';
import { impactsSection } from './cliSurveyImpacts.js';
import { ipmaSection } from './cliSurveyIpma.js';
import { predictSection } from './cliSurveyPredict.js';

const COMMAND = 'customer-value survey';
/** The path diagram's file name in the output folder. */
export const PLS_CHART = 'pls-paths.svg';
/** The HTMT heat map's file name in the output folder. */
export const HTMT_CHART = 'pls-htmt.svg';
/** The bootstrap behind the diagram's intervals: resamples and seed (stated in the report). */
export const PLS_BOOTSTRAP = { samples: 1000, seed: 1 } as const;
/** The assessment's bootstrap behind the HTMT heat map's one-sided upper bounds (the same resamples and seed). */
export const PLS_ASSESS_BOOTSTRAP = { resamples: PLS_BOOTSTRAP.samples, seed: PLS_BOOTSTRAP.seed } as const;
/** The threshold the heat map marks and tests against. */
const HTMT_THRESHOLD = 0.85;

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const num = (value: number | null, digits = 3) => (value === null ? '—' : value.toFixed(digits));
const judged = (a: PlsAssessedValue, digits = 3) => (a.value === null ? '—' : `${a.value.toFixed(digits)} (${a.verdict})`);
const guidelineLine = (label: string, a: PlsAssessedValue) => `- ${label}: ${a.guideline.rule} — ${a.guideline.source}.`;

/** The survey's columns nearest to `item`: those it ends (`image.IMAG1` for `IMAG1`) first, then by edit distance and the longer shared start; at most 3. */
function closeNames(item: string, names: readonly string[]): string[] {
  const lower = item.toLowerCase();
  const score = (name: string) => {
    const n = name.toLowerCase();
    if (n.endsWith(`.${lower}`) || lower.endsWith(`.${n}`)) return -1;
    return editDistance(lower, n);
  };
  const prefix = (name: string) => {
    let k = 0;
    while (k < name.length && k < lower.length && name[k].toLowerCase() === lower[k]) k++;
    return k;
  };
  return [...names]
    .map((name) => ({ name, d: score(name) }))
    .filter(({ d }) => d <= Math.max(2, Math.ceil(item.length / 2)))
    .sort((a, b) => a.d - b.d || prefix(b.name) - prefix(a.name) || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map(({ name }) => name);
}

/** Every item the spec names must be a column the form gave: else one error naming each item and the close names. */
function checkItems(spec: unknown, survey: SurveyJsItems, file: string): void {
  if (spec === null || typeof spec !== 'object') return; // fitPlsPathModel names the bad spec
  const constructs = (spec as { constructs?: unknown }).constructs;
  if (constructs === null || typeof constructs !== 'object') return;
  const columns = Object.keys(survey.columns);
  const issues: CustomerValueIssue[] = [];
  for (const [name, construct] of Object.entries(constructs as Record<string, unknown>)) {
    const items = (construct as { items?: unknown } | null)?.items;
    if (!Array.isArray(items)) continue;
    items.forEach((item: unknown, k) => {
      if (typeof item !== 'string' || columns.includes(item)) return;
      const near = closeNames(item, columns);
      issues.push({
        function: COMMAND,
        path: `--model ${file}: constructs.${name}.items.${k}`,
        expected: 'an item of the form (a question, or question.row for a matrix row)',
        received: JSON.stringify(item),
        hint: near.length > 0 ? `close names: ${near.join(', ')}` : `the form's items: ${survey.items.join(', ')}`,
      });
    });
  }
  if (issues.length > 0)
    throw new CustomerValueError(
      'missing_column',
      `${COMMAND}: the model names ${issues.length === 1 ? 'an item' : `${issues.length} items`} the form does not have`,
      issues,
    );
}

/** fitPlsPathModel's spec paths and hints in the words of the command (`spec.paths.0` → `--model ecsi.json: paths.0`). */
function inModelWords(error: unknown, file: string): unknown {
  if (!(error instanceof CustomerValueError)) return error;
  const issues = error.issues.map((issue) => ({
    ...issue,
    ...(issue.path ? { path: issue.path.replace(/^spec\./, `--model ${file}: `).replace(/^spec$/, `--model ${file}`) } : {}),
    ...(issue.hint ? { hint: issue.hint.replace(/pass missing: '(\w+)'/, `set "missing": "$1" in ${file}`) } : {}),
  }));
  return new CustomerValueError(error.code, error.message.split('\n')[0], issues, error.totalIssues);
}

/** The assessment bootstrap's test of H0: HTMT ≥ HTMT_THRESHOLD for the pair (null: no bootstrap, a single-item construct, HTMT not defined). */
function htmtTest(a: PlsAssessment, first: string, second: string): PlsHtmtTest | null {
  const pair = a.bootstrap?.htmt.find((h) => h.a === first && h.b === second);
  return pair?.htmt?.tests.find((t) => t.threshold === HTMT_THRESHOLD) ?? null;
}

/** The "PLS path model" section of the report and its path diagram. */
export function plsSection(
  survey: SurveyJsItems,
  spec: unknown,
  file: string,
): {
  lines: string[];
  svg: string;
  htmtSvg: string;
  ipmaSvg: string | null;
  n: number;
  skipped: number;
  model: PlsPathModel;
  assessment: PlsAssessment;
} {
  checkItems(spec, survey, file);
  let model: PlsPathModel;
  try {
    model = fitPlsPathModel(survey.columns, spec as PlsPathModelSpec);
  } catch (error) {
    throw inModelWords(error, file);
  }
  const a = assessPlsPathModel(model, survey.columns, { bootstrap: PLS_ASSESS_BOOTSTRAP });
  const bootstrap = bootstrapPlsPathModel(model, survey.columns, PLS_BOOTSTRAP);
  const d = model.fitted.diagnostics;
  const out: string[] = ['## PLS path model', ''];
  out.push(
    `The model of \`${file}\`: ${a.constructs.length} constructs, ${model.paths.length} paths, fitted with fitPlsPathModel (Wold's PLS, ${a.scheme} weighting) on ` +
      `**${a.n} respondents**, ${model.fitted.skipped} left out under the spec's missing-answer policy \`${model.spec.missing}\`` +
      `${model.spec.missing === 'error' ? ' (a missing answer stops the fit)' : ' (a respondent missing an item of the model is left out)'}; ` +
      `${d.iterations} iterations, ${d.converged ? 'converged' : '**not converged**'}. Every figure below is from assessPlsPathModel, with the guideline it is read against and its source.`,
    '',
  );
  out.push(`![PLS path model](${PLS_CHART})`, '');
  out.push(
    `The diagram labels each path with its coefficient and its 95% bootstrap percentile interval (bootstrapPlsPathModel, ` +
      `${PLS_BOOTSTRAP.samples.toLocaleString('en-US')} resamples, seed ${PLS_BOOTSTRAP.seed}${bootstrap.failed > 0 ? `, ${bootstrap.failed} that could not be estimated left out` : ''}); ` +
      `a grey path marked n.s. has an interval that covers 0.`,
    '',
  );

  out.push('### Path coefficients and effect sizes', '');
  out.push('| path | coefficient | f² | f² reading |', '|---|---:|---:|---|');
  for (const p of a.paths)
    out.push(`| ${cell(p.from)} → ${cell(p.to)} | ${p.coefficient.toFixed(4)} | ${num(p.fSquared.value)} | ${p.fSquared.verdict ?? '—'} |`);
  out.push('');
  if (a.paths.length > 0) out.push(guidelineLine('f²', a.paths[0].fSquared), '');

  out.push('### R²', '');
  out.push('| construct | R² | reading | adjusted R² |', '|---|---:|---|---:|');
  for (const r of a.rSquared) out.push(`| ${cell(r.construct)} | ${num(r.rSquared.value)} | ${r.rSquared.verdict ?? '—'} | ${num(r.adjusted)} |`);
  out.push('');
  if (a.rSquared.length > 0) out.push(guidelineLine('R²', a.rSquared[0].rSquared), '');

  out.push('### Reliability and convergent validity', '');
  out.push('| construct | mode | items | α | ρA | ρC | AVE |', '|---|---|---:|---|---|---|---|');
  for (const r of a.reliability)
    out.push(`| ${cell(r.construct)} | ${r.mode} | ${r.items.length} | ${judged(r.alpha)} | ${judged(r.rhoA)} | ${judged(r.rhoC)} | ${judged(r.ave)} |`);
  out.push('');
  if (a.reliability.length > 0) {
    const r = a.reliability[0];
    out.push(
      "α is Cronbach's alpha from the item correlations (standardized); the criteria are meant for mode A constructs.",
      '',
      guidelineLine('α', r.alpha),
      guidelineLine('ρA', r.rhoA),
      guidelineLine('ρC', r.rhoC),
      guidelineLine('AVE', r.ave),
      '',
    );
  }

  out.push('### Discriminant validity (HTMT)', '');
  const htmtLevel = `${+((a.bootstrap?.level ?? 0.95) * 100).toFixed(4)}%`;
  const threshold = HTMT_THRESHOLD.toFixed(2);
  out.push(
    `| constructs | HTMT | reading | one-sided ${htmtLevel} upper bound | H0: HTMT ≥ ${threshold} | HTMT2 | reading |`,
    '|---|---:|---|---:|---|---:|---|',
  );
  for (const h of a.htmt) {
    const test = htmtTest(a, h.a, h.b);
    out.push(
      `| ${cell(h.a)} – ${cell(h.b)} | ${num(h.htmt.value)} | ${h.htmt.verdict ?? '—'} | ${num(test?.upper ?? null)} | ${test ? (test.rejected ? 'rejected' : 'not rejected') : '—'} | ${num(h.htmt2.value)} | ${h.htmt2.verdict ?? '—'} |`,
    );
  }
  out.push('');
  if (a.htmt.length > 0 && a.bootstrap)
    out.push(
      `H0: HTMT ≥ ${threshold} is rejected — discriminant validity established — when the pair's one-sided ${htmtLevel} bootstrap upper bound is below ${threshold} — ` +
        `${a.bootstrap.guideline.source}. "—": a pair with a single-item construct, or HTMT not defined.`,
      '',
    );
  if (a.htmt.length > 0) out.push(guidelineLine('HTMT', a.htmt[0].htmt), guidelineLine('HTMT2', a.htmt[0].htmt2), '');
  if (a.htmt.length > 0) {
    const level = `${+((a.bootstrap?.level ?? 0.95) * 100).toFixed(4)}%`;
    out.push(
      `![HTMT heat map](${HTMT_CHART})`,
      '',
      `Each cell of the heat map gives the pair's HTMT and beneath it its one-sided ${level} bootstrap upper bound (assessPlsPathModel's bootstrap, ` +
        `${PLS_ASSESS_BOOTSTRAP.resamples.toLocaleString('en-US')} resamples, seed ${PLS_ASSESS_BOOTSTRAP.seed}); an outlined cell's bound is not below ${HTMT_THRESHOLD.toFixed(2)}: ` +
        `H0 HTMT ≥ ${HTMT_THRESHOLD.toFixed(2)} is not rejected, so that pair's discriminant validity is not established (Henseler, Ringle & Sarstedt 2015; Franke & Sarstedt 2019).`,
      '',
    );
  }

  out.push('### Collinearity of the predecessors (inner VIF)', '');
  out.push('| predecessor → construct | VIF | reading |', '|---|---:|---|');
  for (const v of a.innerVif) out.push(`| ${cell(v.from)} → ${cell(v.to)} | ${num(v.vif.value)} | ${v.vif.verdict ?? '—'} |`);
  out.push('');
  if (a.innerVif.length > 0) out.push(guidelineLine('VIF', a.innerVif[0].vif), '');

  out.push('### Model fit (SRMR)', '');
  out.push(
    `- SRMR, saturated model: ${judged(a.srmr.saturated)}; estimated model: ${judged(a.srmr.estimated)}.`,
    guidelineLine('SRMR', a.srmr.saturated),
    `- How: ${a.srmr.method}`,
    '',
  );
  // the assessment's warnings begin with the fit's own
  for (const warning of a.warnings) out.push(`- Warning: ${warning}`);
  if (a.warnings.length > 0) out.push('');

  const ipma = ipmaSection(survey, model, bootstrap, a.n);
  out.push(...ipma.lines);
  out.push(...impactsSection(model, survey.columns));
  out.push(...predictSection(model, survey.columns));

  const svg = plsPathDiagramSvg(
    model,
    { title: 'PLS path model', subtitle: `${a.n} respondents · ${a.scheme} weighting · standardized path coefficients` },
    { bootstrap },
  );
  const htmtSvg = htmtHeatmapSvg(
    a,
    { title: 'Discriminant validity (HTMT)', subtitle: `${a.n} respondents · ${a.scheme} weighting` },
    { threshold: HTMT_THRESHOLD },
  );
  return { lines: out, svg, htmtSvg, ipmaSvg: ipma.svg, n: a.n, skipped: model.fitted.skipped, model, assessment: a };
}

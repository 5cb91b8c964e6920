import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cronbachAlpha, fromSurveyJs } from '../../src/index.js';
import {
  ECSI_MODEL,
  assessPlsPathModel,
  bootstrapPlsPathModel,
  comparePlsGroups,
  fitPlsPathModel,
  importancePerformanceMap,
  measurementInvariance,
  satisfactionIndexByGroup,
  type PlsPathModelSpec,
} from '../../src/pls.js';
import { mgaSection } from '../../src/node/cliSurveyMga.js';
import { plsSection } from '../../src/node/cliSurveyPls.js';
import { runInProcess } from '../helpers/cli.js';
import { readFixtureCsv, readFixtureJson } from '../helpers/fixtures.js';

// `customer-value survey` end to end (runCli in process) on the ECSI mobile-phone survey written
// as a SurveyJS form and its 250 result objects (examples/data/make_surveyjs_mobi.mjs). Witness:
// psych 2.2.9 on the same 17 items (test/fixtures/satisfaction/make_reference.R →
// r_reference.json: alpha, KMO, Bartlett, the Kaiser PCA weights); the per-block alphas against
// cronbachAlpha on the CSV columns (the command adds reading and writing, never arithmetic).

const root = join(__dirname, '../..');
const FORM = join(root, 'examples/data/mobi_surveyjs_form.json');
const RESULTS = join(root, 'examples/data/mobi_surveyjs_results.json');
const CSAT_FORM = join(root, 'test/fixtures/satisfaction/surveyjs_csat_form.json');
const CSAT_RESULTS = join(root, 'test/fixtures/satisfaction/surveyjs_csat_results.json');
const R = readFixtureJson<any>('satisfaction/r_reference.json');
const dir = mkdtempSync(join(tmpdir(), 'cv-survey-'));
const run = (args: string[]) => runInProcess(args);

describe('customer-value survey on the ECSI survey as a SurveyJS export', () => {
  it('reports the alpha, KMO, Bartlett and PCA weights psych gives on the same 17 items', async () => {
    const out = join(dir, 'mobi');
    const { code, stderr } = await run(['survey', '--form', FORM, '--results', RESULTS, '--out-dir', out]);
    expect(stderr).toBe(
      `customer-value survey: wrote ${join(out, 'report.md')} and importance-performance.svg from 250 results: 17 items in the statistics, 1 question skipped\n`,
    );
    expect(code).toBe(0);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(R.items).toHaveLength(17);
    expect(report).toContain(`| all items | 17 | ${R.alpha.raw.toFixed(4)} | ${R.alpha.std.toFixed(4)} | 250 | 0 |`);
    expect(report).toContain(`KMO (overall MSA): ${R.kmo.overall.toFixed(4)}`);
    expect(report).toContain(`χ² = ${R.bartlett.chisq.toFixed(2)}, df = ${R.bartlett.df}, p = ${R.bartlett.p.toExponential(2)}`);
    expect(report).toContain(`${R.kaiser.components} components kept`);
    const columnOf = (item: string) => (item.startsWith('IMAG') ? `image.${item}` : item);
    R.items.forEach((item: string, j: number) => expect(report).toContain(`| ${columnOf(item)} | ${R.kaiser.weights[j].toFixed(4)} |`));
    // the blocks the form declares: the image matrix and the quality panel
    const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns;
    const image = cronbachAlpha(mobi, ['IMAG1', 'IMAG2', 'IMAG3', 'IMAG4', 'IMAG5']);
    const quality = cronbachAlpha(mobi, ['PERQ1', 'PERQ2', 'PERQ3', 'PERQ4', 'PERQ5', 'PERQ6', 'PERQ7']);
    expect(report).toContain(`| matrix \`image\` | 5 | ${image.alpha!.toFixed(4)} | ${image.standardizedAlpha!.toFixed(4)} | 250 | 0 |`);
    expect(report).toContain(`| panel \`quality\` | 7 | ${quality.alpha!.toFixed(4)} |`);
    expect(report).toContain('| comments | comment | free text: kept out of the items |');
    expect(report).toContain('![Item weight and mean](importance-performance.svg)');
    const svg = readFileSync(join(out, 'importance-performance.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('>PERQ6<');
  });

  it('a customer-satisfaction form: rescales 1–5 and 1–7 items, leaves the conditional item out, reports NPS and what it skipped', async () => {
    const out = join(dir, 'csat');
    const { code } = await run([
      'survey',
      '--form',
      CSAT_FORM,
      '--results',
      CSAT_RESULTS,
      '--reverse',
      'wait_too_long',
      '--out-dir',
      out,
      '--title',
      'Shop survey',
    ]);
    expect(code).toBe(0);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report.startsWith('# Shop survey\n')).toBe(true);
    expect(report).toContain('on different scales (1–5, 1–7): each is rescaled to 0–100');
    expect(report).toContain(
      '| support | How satisfied were you with our support? | rating | 1–5 | item | 3 | 5 | conditional (visibleIf); not in the statistics',
    );
    expect(report).toContain('| wait_too_long |');
    expect(report).toMatch(/\| wait_too_long \|[^\n]*reverse-coded/);
    // 10, 9, 9, 9 promoters; 3, 6, 0 detractors; 7 passive among 8 answers
    expect(report).toContain('NPS (question `likelihood_to_recommend`, found by its name): **12.5**');
    expect(report).toContain('4 promoters (9–10), 1 passives (7–8), 3 detractors (0–6) among 8 answers');
    expect(report).toContain('| channel | dropdown | its choices are not numbers ("web") |');
    expect(report).toContain('`utm_source`, `quality.packaging`');
    // 5 respondents for 8 items: KMO and Bartlett are not defined, and the report says why instead of failing
    expect(report).toContain("- KMO: not computed (kmo: the items' correlation matrix is singular");
  });

  it('--items takes the conditional item in by name; --nps none keeps the 0–10 question an item', async () => {
    const out = join(dir, 'csat-items');
    const { code } = await run(['survey', '--form', CSAT_FORM, '--results', CSAT_RESULTS, '--items', 'quality,support', '--nps', 'none', '--out-dir', out]);
    expect(code).toBe(0);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('| all items | 4 |');
    expect(report).toContain('_No NPS question');
  });

  it('names bad input in the words of the command line, and writes nothing', async () => {
    const out = join(dir, 'bad');
    const unmatched = await run(['survey', '--form', FORM, '--results', RESULTS, '--reverse', 'PERQ9', '--out-dir', out]);
    expect(unmatched.code).toBe(1);
    expect(unmatched.stderr).toContain('fromSurveyJs: the command line has 1 problem');
    expect(unmatched.stderr).toContain('at "--reverse": expected a scored question of the form');
    expect(unmatched.stderr).toContain('got "PERQ9"');
    const notArray = join(dir, 'one.json');
    writeFileSync(notArray, JSON.stringify({ CUEX1: 5 }));
    const single = await run(['survey', '--form', FORM, '--results', notArray, '--out-dir', out]);
    expect(single.stderr).toContain('fromSurveyJs: the results are not an array of result objects');
    const offScale = join(dir, 'off-scale.json');
    const results = JSON.parse(readFileSync(RESULTS, 'utf8'));
    results[3].PERQ2 = 11;
    writeFileSync(offScale, JSON.stringify(results));
    const off = await run(['survey', '--form', FORM, '--results', offScale, '--out-dir', out]);
    expect(off.stderr).toContain('row 3, column "PERQ2": expected a whole number from 1 to 10 (the scale of question "PERQ2" in the form), got 11');
    const nps = await run(['survey', '--form', CSAT_FORM, '--results', CSAT_RESULTS, '--nps', 'overall', '--out-dir', out]);
    expect(nps.stderr).toContain('at "--nps": expected a question answered on 0–10');
    expect(nps.stderr).toContain('pass --nps none');
    expect(existsSync(out)).toBe(false);
  });
});

// --model: the PLS path model fitted on the columns fromSurveyJs reads. Witness: fitPlsPathModel
// and assessPlsPathModel on the same answers read from examples/data/ecsi_mobi.csv (they are
// checked against seminr and a numpy implementation in test/satisfaction); the command adds
// reading and writing, never arithmetic, so the figures are the same to rounding.
describe('customer-value survey --model (the PLS path model report)', () => {
  const MODEL = join(root, 'examples/data/mobi_surveyjs_ecsi.json');
  const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns;
  /** A spec on the SurveyJS names (`image.IMAG1`, the matrix rows) back on the CSV's names. */
  const onCsvNames = (spec: PlsPathModelSpec): PlsPathModelSpec => ({
    ...spec,
    constructs: Object.fromEntries(
      Object.entries(spec.constructs).map(([name, c]) => [name, { ...c, items: c.items.map((item) => item.replace(/^image\./, '')) }]),
    ),
  });
  /** ECSI_MODEL on the SurveyJS names. */
  const onSurveyNames = (spec: PlsPathModelSpec): PlsPathModelSpec => ({
    ...spec,
    constructs: Object.fromEntries(
      Object.entries(spec.constructs).map(([name, c]) => [name, { ...c, items: c.items.map((item) => (item.startsWith('IMAG') ? `image.${item}` : item)) }]),
    ),
  });

  it('the bundled spec on the bundled export: the paths, R², reliability, HTMT, VIF, f² and SRMR fitPlsPathModel gives on the CSV, and the diagram', async () => {
    const out = join(dir, 'pls');
    const { code, stderr } = await run(['survey', '--form', FORM, '--results', RESULTS, '--model', MODEL, '--out-dir', out]);
    expect(stderr).toBe(
      `customer-value survey: wrote ${join(out, 'report.md')} and importance-performance.svg and pls-paths.svg and pls-htmt.svg and pls-ipma.svg from 250 results: 17 items in the statistics, 1 question skipped; the PLS path model on 250 respondents\n`,
    );
    expect(code).toBe(0);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    const spec = JSON.parse(readFileSync(MODEL, 'utf8')) as PlsPathModelSpec;
    const reference = fitPlsPathModel(mobi, onCsvNames(spec));
    const assessed = assessPlsPathModel(reference, mobi);
    expect(report).toContain('## PLS path model');
    expect(report).toContain("**250 respondents**, 0 left out under the spec's missing-answer policy `error`");
    expect(reference.paths).toHaveLength(4);
    for (const p of assessed.paths)
      expect(report).toContain(`| ${p.from} → ${p.to} | ${p.coefficient.toFixed(4)} | ${p.fSquared.value!.toFixed(3)} | ${p.fSquared.verdict} |`);
    for (const r of assessed.rSquared)
      expect(report).toContain(`| ${r.construct} | ${r.rSquared.value!.toFixed(3)} | ${r.rSquared.verdict} | ${r.adjusted!.toFixed(3)} |`);
    for (const r of assessed.reliability)
      expect(report).toContain(
        `| ${r.construct} | A | ${r.items.length} | ${r.alpha.value!.toFixed(3)} (${r.alpha.verdict}) | ${r.rhoA.value!.toFixed(3)} (${r.rhoA.verdict}) | ${r.rhoC.value!.toFixed(3)} (${r.rhoC.verdict}) | ${r.ave.value!.toFixed(3)} (${r.ave.verdict}) |`,
      );
    // each pair's HTMT, its one-sided upper bound and the verdict on H0: HTMT ≥ 0.85 from the assessment's bootstrap (1,000 resamples, seed 1, on the CSV)
    const inferred = assessPlsPathModel(reference, mobi, { bootstrap: { resamples: 1000, seed: 1 } });
    expect(report).toContain('| constructs | HTMT | reading | one-sided 95% upper bound | H0: HTMT ≥ 0.85 | HTMT2 | reading |');
    for (const h of assessed.htmt) {
      const test = inferred.bootstrap!.htmt.find((b) => b.a === h.a && b.b === h.b)!.htmt!.tests.find((t) => t.threshold === 0.85)!;
      expect(report).toContain(
        `| ${h.a} – ${h.b} | ${h.htmt.value!.toFixed(3)} | ${h.htmt.verdict} | ${test.upper.toFixed(3)} | ${test.rejected ? 'rejected' : 'not rejected'} | ${h.htmt2.value!.toFixed(3)} | ${h.htmt2.verdict} |`,
      );
    }
    expect(inferred.bootstrap!.htmt.some((b) => b.htmt!.tests[0].rejected)).toBe(true);
    expect(report).toContain(`when the pair's one-sided 95% bootstrap upper bound is below 0.85 — ${inferred.bootstrap!.guideline.source}.`);
    for (const v of assessed.innerVif) expect(report).toContain(`| ${v.from} → ${v.to} | ${v.vif.value!.toFixed(3)} | ${v.vif.verdict} |`);
    expect(report).toContain(`- SRMR, saturated model: ${assessed.srmr.saturated.value!.toFixed(3)} (${assessed.srmr.saturated.verdict}); estimated model:`);
    // every guideline with its source
    for (const g of [
      assessed.paths[0].fSquared,
      assessed.rSquared[0].rSquared,
      assessed.reliability[0].rhoA,
      assessed.reliability[0].ave,
      assessed.htmt[0].htmt,
      assessed.innerVif[0].vif,
      assessed.srmr.saturated,
    ])
      expect(report).toContain(`${g.guideline.rule} — ${g.guideline.source}.`);
    expect(report).toContain('![PLS path model](pls-paths.svg)');
    const svg = readFileSync(join(out, 'pls-paths.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain(`>${reference.paths[0].coefficient.toFixed(2)}<`);
    // the paths' intervals: the same seeded bootstrap of the same model on the CSV
    const boot = bootstrapPlsPathModel(reference, mobi, { samples: 1000, seed: 1 });
    for (const b of boot.paths) expect(svg).toContain(`>[${b.lower.toFixed(2)}, ${b.upper.toFixed(2)}]<`);
    expect(report).toContain('95% bootstrap percentile interval (bootstrapPlsPathModel, 1,000 resamples, seed 1)');
    // the HTMT heat map: every pair's HTMT, those at or above 0.85 flagged
    expect(report).toContain('![HTMT heat map](pls-htmt.svg)');
    const heat = readFileSync(join(out, 'pls-htmt.svg'), 'utf8');
    for (const h of assessed.htmt) expect(heat).toContain(`>${Math.abs(h.htmt.value!) >= 0.85 ? '≥ ' : ''}${h.htmt.value!.toFixed(2)}<`);
    // with the assessment's bootstrap (1,000 resamples, seed 1, on the CSV): each pair's one-sided upper bound, outlined where not below 0.85
    const bounds = assessPlsPathModel(reference, mobi, { bootstrap: { resamples: 1000, seed: 1 } }).bootstrap!;
    expect(bounds.htmt).toHaveLength(assessed.htmt.length);
    for (const h of bounds.htmt) expect(heat).toContain(`>upper ${h.htmt!.tests[0].upper.toFixed(2)}<`);
    const notBelow = bounds.htmt.filter((h) => h.htmt!.tests[0].upper >= 0.85);
    expect(heat.match(/fill="none" stroke="#111111"/g)).toHaveLength(notBelow.length + 1); // the cells and the legend swatch
    expect(heat).toContain('outlined: one-sided 95% upper bound ≥ 0.85, not significantly below it');
    expect(report).toContain(
      "Each cell of the heat map gives the pair's HTMT and beneath it its one-sided 95% bootstrap upper bound (assessPlsPathModel's bootstrap, 1,000 resamples, seed 1); an outlined cell's bound is not below 0.85",
    );
    // the IPMA of the final endogenous construct (Value): importancePerformanceMap on the CSV with
    // options.bootstrap on the report bootstrap's resamples (1,000, seed 1) — each importance's
    // interval re-estimated per resample (checked against refits of resampled data in plsPathModel.test.ts)
    const ipma = importancePerformanceMap(reference, mobi, 'Value', { bootstrap: { samples: 1000, seed: 1 } });
    expect(ipma.constructs.map((c) => c.construct)).toEqual(['Image', 'Expectation', 'Quality']);
    expect(report).toContain('### Importance–performance map (IPMA)');
    expect(report).toContain(
      "The drivers of **Value** (the model's final endogenous construct; its mean 0–100 index is " + `${ipma.targetPerformance.toFixed(1)})`,
    );
    const quadrant = {
      keepUp: 'keep up the good work',
      priorityImprovement: 'priority improvement',
      lowPriority: 'low priority',
      possibleOverkill: 'possible overkill',
    };
    const ipmaSvg = readFileSync(join(out, 'pls-ipma.svg'), 'utf8');
    expect(ipmaSvg.startsWith('<svg')).toBe(true);
    expect(ipmaSvg).toContain('Vertical bars: 95% intervals of the importance.');
    for (const c of ipma.constructs) {
      const [lower, upper] = c.importanceInterval!;
      // the performance's interval holds its estimate (a mean over the resampled respondents)
      expect(c.performanceInterval![0]).toBeLessThan(c.performance);
      expect(c.performanceInterval![1]).toBeGreaterThan(c.performance);
      // near the former approximation (the total effect's interval with the sample's rescaling held
      // fixed): the resamples' own rescaling moves each end by well under half the width
      const e = boot.totalEffects.find((t) => t.from === c.construct && t.to === 'Value')!;
      const f = c.importance / c.standardizedEffect;
      expect(Math.abs(lower - e.lower * f)).toBeLessThan(0.5 * (upper - lower));
      expect(Math.abs(upper - e.upper * f)).toBeLessThan(0.5 * (upper - lower));
      expect(report).toContain(
        `| ${c.construct} | ${c.importance.toFixed(3)} [${lower.toFixed(3)}, ${upper.toFixed(3)}] | ${c.standardizedEffect.toFixed(3)} | ${c.performance.toFixed(1)} [${c.performanceInterval![0].toFixed(1)}, ${c.performanceInterval![1].toFixed(1)}] | ${quadrant[c.quadrant]} |`,
      );
      expect(ipmaSvg).toContain(`>${c.construct}<`);
    }
    expect(report).toContain('![Importance–performance map of Value](pls-ipma.svg)');
    expect(report).toContain(
      `the dashed lines are the mean importance (${ipma.cuts.importance.toFixed(3)}) and the mean performance (${ipma.cuts.performance.toFixed(1)})`,
    );
  });

  it("ECSI_MODEL's seven constructs on the export with the satisfaction and loyalty questions: the same paths as on the CSV to 1e-12", async () => {
    // the bundled export holds the 17 driver items; add a page with CUSA1–3, CUSCO and CUSL1–3 (answers from the CSV)
    const form = JSON.parse(readFileSync(FORM, 'utf8'));
    const results = JSON.parse(readFileSync(RESULTS, 'utf8'));
    const more = ['CUSA1', 'CUSA2', 'CUSA3', 'CUSCO', 'CUSL1', 'CUSL2', 'CUSL3'];
    form.pages.push({ name: 'outcomes', elements: more.map((name) => ({ type: 'rating', name, rateMax: 10 })) });
    results.forEach((result: Record<string, unknown>, i: number) => more.forEach((name) => (result[name] = mobi[name][i])));
    const formPath = join(dir, 'ecsi-form.json');
    const resultsPath = join(dir, 'ecsi-results.json');
    const modelPath = join(dir, 'ecsi.json');
    writeFileSync(formPath, JSON.stringify(form));
    writeFileSync(resultsPath, JSON.stringify(results));
    const spec = onSurveyNames(ECSI_MODEL);
    writeFileSync(modelPath, JSON.stringify(spec));
    const reference = fitPlsPathModel(mobi, ECSI_MODEL);
    expect(reference.paths).toHaveLength(12);
    const section = plsSection(fromSurveyJs(form, results), spec, 'ecsi.json');
    expect(section.n).toBe(250);
    section.model.paths.forEach((p, k) => {
      expect([p.from, p.to]).toEqual([reference.paths[k].from, reference.paths[k].to]);
      expect(Math.abs(p.coefficient - reference.paths[k].coefficient)).toBeLessThan(1e-12);
    });
    for (const [name, r] of Object.entries(reference.rSquared)) expect(Math.abs(section.model.rSquared[name].rSquared - r.rSquared)).toBeLessThan(1e-12);
    const out = join(dir, 'ecsi');
    const { code } = await run(['survey', '--form', formPath, '--results', resultsPath, '--model', modelPath, '--out-dir', out]);
    expect(code).toBe(0);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    for (const p of reference.paths) expect(report).toContain(`| ${p.from} → ${p.to} | ${p.coefficient.toFixed(4)} |`);
    // the IPMA explains Loyalty, the last construct with no path going out; ECSI_MODEL has no scale: the form's 1–10
    const ipma = importancePerformanceMap(reference, mobi, 'Loyalty', { scale: [1, 10] });
    expect(report).toContain('The drivers of **Loyalty**');
    for (const c of ipma.constructs) expect(report).toContain(`| ${c.construct} | ${c.importance.toFixed(3)} [`);
    expect(existsSync(join(out, 'pls-ipma.svg'))).toBe(true);
  });

  it("the HTMT table's verdict column is the assessment's test of H0: HTMT ≥ 0.85, pair by pair", () => {
    const survey = fromSurveyJs(JSON.parse(readFileSync(FORM, 'utf8')), JSON.parse(readFileSync(RESULTS, 'utf8')));
    const section = plsSection(survey, JSON.parse(readFileSync(MODEL, 'utf8')), 'ecsi.json');
    const rows = section.lines.filter((line) => / – .*(rejected|—) \|/.test(line));
    const boot = section.assessment.bootstrap!;
    expect(rows).toHaveLength(section.assessment.htmt.length);
    expect(boot.resamples).toBe(1000);
    for (const row of rows) {
      const [pair, , , upper, verdict] = row.split(' | ').map((c) => c.replace(/^\| /, ''));
      const [a, b] = pair.split(' – ');
      const test = boot.htmt.find((h) => h.a === a && h.b === b)!.htmt!.tests.find((t) => t.threshold === 0.85)!;
      expect([upper, verdict]).toEqual([test.upper.toFixed(3), test.rejected ? 'rejected' : 'not rejected']);
    }
  });

  it('no IPMA chart when the model has no scale and its items do not share one: the report says why', () => {
    const survey = fromSurveyJs(JSON.parse(readFileSync(FORM, 'utf8')), JSON.parse(readFileSync(RESULTS, 'utf8')));
    const { scale: _, ...spec } = JSON.parse(readFileSync(MODEL, 'utf8')) as PlsPathModelSpec;
    const mixed = { ...survey, scales: { ...survey.scales, PERV1: [0, 20] as [number, number] } };
    const section = plsSection(mixed, spec, 'ecsi.json');
    expect(section.ipmaSvg).toBeNull();
    expect(section.lines.join('\n')).toContain(
      '_Not drawn: the model has no answer scale (set "scale": [min, max] in the spec), and its items do not share one._',
    );
    // the form's shared 1–10 scale stands in for the spec's
    expect(plsSection(survey, spec, 'ecsi.json').ipmaSvg).toContain('>Quality<');
  });

  it('a spec naming an item the form does not have: an error naming the item and the close names, and nothing written', async () => {
    const spec = JSON.parse(readFileSync(MODEL, 'utf8'));
    spec.constructs.Image.items[0] = 'IMAG1';
    spec.constructs.Value.items[1] = 'PERV3';
    const bad = join(dir, 'bad-model.json');
    writeFileSync(bad, JSON.stringify(spec));
    const out = join(dir, 'pls-bad');
    const { code, stderr } = await run(['survey', '--form', FORM, '--results', RESULTS, '--model', bad, '--out-dir', out]);
    expect(code).toBe(1);
    expect(stderr).toContain('customer-value survey: the model names 2 items the form does not have');
    expect(stderr).toContain('--model bad-model.json: constructs.Image.items.0');
    expect(stderr).toContain('got "IMAG1"');
    expect(stderr).toContain('close names: image.IMAG1');
    expect(stderr).toContain('got "PERV3"');
    expect(stderr).toContain('close names: PERV1, PERV2, PERQ3');
    expect(existsSync(out)).toBe(false);
  });

  it("missing answers follow the spec's policy: skip leaves the respondents out and says how many were used; error stops", async () => {
    const results = JSON.parse(readFileSync(RESULTS, 'utf8'));
    delete results[4].PERQ3;
    delete results[9].image.IMAG2;
    const gaps = join(dir, 'gaps.json');
    writeFileSync(gaps, JSON.stringify(results));
    const spec = { ...JSON.parse(readFileSync(MODEL, 'utf8')), missing: 'skip' };
    const skipping = join(dir, 'skip-model.json');
    writeFileSync(skipping, JSON.stringify(spec));
    const out = join(dir, 'pls-skip');
    const { code, stderr } = await run(['survey', '--form', FORM, '--results', gaps, '--model', skipping, '--out-dir', out]);
    expect(code).toBe(0);
    expect(stderr).toContain('; the PLS path model on 248 respondents (2 left out)\n');
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain("**248 respondents**, 2 left out under the spec's missing-answer policy `skip`");
    const kept = Array.from({ length: 250 }, (_, i) => i).filter((i) => i !== 4 && i !== 9);
    const reference = fitPlsPathModel(
      Object.fromEntries(Object.entries(mobi).map(([name, column]) => [name, Float64Array.from(kept, (i) => Number(column[i]))])),
      onCsvNames(spec),
    );
    for (const p of reference.paths) expect(report).toContain(`| ${p.from} → ${p.to} | ${p.coefficient.toFixed(4)} |`);
    const stopped = await run(['survey', '--form', FORM, '--results', gaps, '--model', MODEL, '--out-dir', join(dir, 'pls-error')]);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain('fitPlsPathModel: 2 of 250 rows have invalid values');
    expect(stopped.stderr).toContain('set "missing": "skip" in mobi_surveyjs_ecsi.json');
    expect(existsSync(join(dir, 'pls-error'))).toBe(false);
  });

  it('the help names --model and what it reports', async () => {
    const { code, stdout } = await run(['survey', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--model <model.json>');
    expect(stdout).toContain("fitPlsPathModel's spec");
    expect(stdout).toContain('mobi_surveyjs_ecsi.json');
    expect(stdout).not.toContain('not available yet');
  });
});

// --group: satisfactionIndexByGroup on the model --model fits. Witness: the same call on the
// bundled CSV (the export's source) with the spec on the CSV's names, on the respondents that
// have a group (two results without one are left out).
describe('customer-value survey --model --group (the index by group)', () => {
  const MODEL = join(root, 'examples/data/mobi_surveyjs_ecsi.json');
  const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
  const results = JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>[];
  const tier = (v: number) => (v >= 9 ? 'high' : v >= 7 ? 'mid' : 'low');
  const grouped = results.map((r, i) => (i === 3 || i === 10 ? r : { ...r, segment: tier(mobi.CUEX1[i]) }));
  const resultsPath = join(dir, 'grouped-results.json');
  writeFileSync(resultsPath, JSON.stringify(grouped));

  it('writes the index of every construct per group with its interval, every pairwise difference, and the chart', async () => {
    const out = join(dir, 'groups');
    const { code, stderr } = await run(['survey', '--form', FORM, '--results', resultsPath, '--model', MODEL, '--group', 'segment', '--out-dir', out]);
    expect(stderr).toContain('and index-by-group.svg from 250 results');
    expect(stderr).toContain('; the index in 3 groups of segment\n');
    expect(code).toBe(0);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    const spec = JSON.parse(readFileSync(MODEL, 'utf8')) as PlsPathModelSpec;
    const csvSpec = {
      ...spec,
      constructs: Object.fromEntries(
        Object.entries(spec.constructs).map(([name, c]) => [name, { ...c, items: c.items.map((item) => item.replace(/^image\./, '')) }]),
      ),
    };
    const keep = Array.from(mobi.CUEX1, (_, i) => i).filter((i) => i !== 3 && i !== 10);
    const subset = Object.fromEntries(Object.entries(mobi).map(([k, v]) => [k, Float64Array.from(keep, (i) => v[i])]));
    const want = satisfactionIndexByGroup(
      fitPlsPathModel(mobi, csvSpec),
      { ...subset, segment: keep.map((i) => tier(mobi.CUEX1[i])) },
      { group: 'segment', samples: 1000, seed: 1 },
    );
    const f = (e: { estimate: number; lower: number; upper: number }) => `${e.estimate.toFixed(1)} [${e.lower.toFixed(1)}, ${e.upper.toFixed(1)}]`;
    expect(report).toContain('## Index by group');
    expect(report).toContain(`| construct | ${want.groups.map((g) => `${g.level} (n = ${g.n})`).join(' | ')} |`);
    for (const c of want.constructs) {
      expect(report).toContain(`| ${c.construct} | ${c.groups.map(f).join(' | ')} |`);
      for (const d of c.differences)
        expect(report).toContain(`| ${c.construct} | ${d.first} − ${d.second} | ${f(d)} | ${d.lower > 0 || d.upper < 0 ? 'yes' : 'no'} |`);
    }
    expect(report).toContain('2 results without an answer to "segment" left out');
    expect(report).toContain('![Index by group](index-by-group.svg)');
    const svg = readFileSync(join(out, 'index-by-group.svg'), 'utf8');
    for (const g of want.groups) expect(svg).toContain(`: ${g.level} (n = ${g.n})`);
    // then, for each pair of groups, MICOM and the multigroup analysis, as the library gives them on the same respondents
    expect(report).toContain('## Paths by group (MICOM and multigroup analysis)');
    const data = { ...subset, segment: keep.map((i) => tier(mobi.CUEX1[i])) };
    const f3 = (v: number) => v.toFixed(3);
    const p3 = (p: number) => (p < 0.001 ? '< 0.001' : p.toFixed(3));
    const levels = want.groups.map((g) => g.level);
    expect(levels).toHaveLength(3);
    for (const [a, b] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      const pair = [levels[a], levels[b]] as [string, string];
      const micom = measurementInvariance(data, csvSpec, { group: 'segment', levels: pair, permutations: 1000, seed: 1 });
      const mga = comparePlsGroups(data, csvSpec, { group: 'segment', levels: pair, permutations: 1000, samples: 1000, seed: 1 });
      const section = report.slice(report.indexOf(`### ${pair[0]} (n = ${micom.groups[0].n}) vs ${pair[1]} (n = ${micom.groups[1].n})`));
      expect(section.length).toBeLessThan(report.length);
      for (const c of micom.constructs) {
        const range = (d: { difference: number; lower: number; upper: number; established: boolean }) =>
          `${f3(d.difference)} [${f3(d.lower)}, ${f3(d.upper)}]${d.established ? '' : ' ≠'}`;
        expect(section).toContain(
          `| ${c.construct} | ${f3(c.compositional.c)} | ${f3(c.compositional.quantile)} | ${c.compositional.established ? 'yes' : 'no'} | ${range(c.means)} | ${range(c.variances)} | ${c.invariance} |`,
        );
      }
      const partial = new Set(micom.constructs.filter((c) => c.invariance !== 'none').map((c) => c.construct));
      for (const p of mga.paths)
        expect(section).toContain(
          `| ${p.from} → ${p.to} | ${f3(p.coefficients[0])} | ${f3(p.coefficients[1])} | ${f3(p.difference)} | ${p3(p.permutation.p)} (${p3(p.permutation.pAdjusted)}) | ${p3(p.welch.p)} (${p3(p.welch.pAdjusted)}) | ${partial.has(p.from) && partial.has(p.to) ? 'yes' : 'no (MICOM step 2 fails)'} |`,
        );
    }
  });

  it('with more than 4 groups, names the library calls instead of comparing 10 or more pairs', () => {
    const model = fitPlsPathModel(mobi, ECSI_MODEL);
    const lines = mgaSection(mobi, model, 'segment', 'segment', ['a', 'b', 'c', 'd', 'e']);
    expect(lines.join('\n')).toContain('5 groups of `segment` make 10 pairs; the report compares path coefficients for up to 4 groups');
    expect(lines.join('\n')).toContain('measurementInvariance(data, spec, { group, levels: [a, b] })');
    expect(lines.some((l) => l.startsWith('###'))).toBe(false);
  });

  it('refuses --group without --model, and a key no result has, naming close keys', async () => {
    const alone = await run(['survey', '--form', FORM, '--results', resultsPath, '--group', 'segment', '--out-dir', join(dir, 'g1')]);
    expect(alone.code).not.toBe(0);
    expect(alone.stderr).toContain('--group needs --model');
    const typo = await run(['survey', '--form', FORM, '--results', resultsPath, '--model', MODEL, '--group', 'segmnt', '--out-dir', join(dir, 'g2')]);
    expect(typo.code).not.toBe(0);
    expect(typo.stderr).toContain('no result has an answer "segmnt" to group by');
    expect(typo.stderr).toContain('close names: segment');
  });

  it('refuses a --group key with one value, in the singular', async () => {
    const onePath = join(dir, 'one-wave-results.json');
    writeFileSync(onePath, JSON.stringify(results.map((r) => ({ ...r, wave: 'spring' }))));
    const one = await run(['survey', '--form', FORM, '--results', onePath, '--model', MODEL, '--group', 'wave', '--out-dir', join(dir, 'g3')]);
    expect(one.code).not.toBe(0);
    expect(one.stderr).toContain('--group wave has 1 level; 2 to');
    expect(one.stderr).toContain('1 level: "spring"');
    expect(one.stderr).not.toContain('1 levels');
  });
});

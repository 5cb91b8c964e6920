import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cronbachAlpha } from '../../src/index.js';
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
    const model = await run(['survey', '--form', FORM, '--results', RESULTS, '--out-dir', out, '--model', 'ecsi.json']);
    expect(model.code).toBe(1);
    expect(model.stderr).toContain('--model (the PLS path model report) is not available yet');
    const nps = await run(['survey', '--form', CSAT_FORM, '--results', CSAT_RESULTS, '--nps', 'overall', '--out-dir', out]);
    expect(nps.stderr).toContain('at "--nps": expected a question answered on 0–10');
    expect(nps.stderr).toContain('pass --nps none');
    expect(existsSync(out)).toBe(false);
  });
});

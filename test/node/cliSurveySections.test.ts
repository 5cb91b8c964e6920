import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitPlsPathModel, PLS_GUIDELINES, plsPredict, satisfactionImpacts, type CvpatTest, type PlsPathModelSpec } from '../../src/pls.js';
import { predictSection } from '../../src/node/cliSurveyPredict.js';
import { runInProcess } from '../helpers/cli.js';
import { readFixtureCsv } from '../helpers/fixtures.js';

// The "Impacts" and "Prediction (PLSpredict, CVPAT)" sections of `customer-value survey --model`,
// end to end on the bundled SurveyJS export and spec. Witness: satisfactionImpacts and plsPredict
// called directly on the CSV the export was written from (test/fixtures/satisfaction/ecsi_mobi.csv,
// the spec on the CSV's item names): every number in the two sections is the library's, rounded as
// printed, and every reading follows from those numbers by its guideline's rule.
const root = join(__dirname, '../..');
const FORM = join(root, 'examples/data/mobi_surveyjs_form.json');
const RESULTS = join(root, 'examples/data/mobi_surveyjs_results.json');
const MODEL = join(root, 'examples/data/mobi_surveyjs_ecsi.json');
const mobi = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
const surveySpec = JSON.parse(readFileSync(MODEL, 'utf8')) as PlsPathModelSpec;
const csvSpec: PlsPathModelSpec = {
  ...surveySpec,
  constructs: Object.fromEntries(
    Object.entries(surveySpec.constructs).map(([name, c]) => [name, { ...c, items: c.items.map((item) => item.replace(/^image\./, '')) }]),
  ),
};

/** The lines of report.md from `### title` to the next `###`. */
function section(report: string, title: string): string[] {
  const lines = report.split('\n');
  const start = lines.indexOf(`### ${title}`);
  expect(start, title).toBeGreaterThan(-1);
  const end = lines.findIndex((line, k) => k > start && /^##/.test(line));
  return lines.slice(start, end === -1 ? undefined : end);
}

let report = '';
beforeAll(async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'cv-survey-sections-')), 'report');
  const { code } = await runInProcess(['survey', '--form', FORM, '--results', RESULTS, '--model', MODEL, '--out-dir', out]);
  expect(code).toBe(0);
  report = readFileSync(join(out, 'report.md'), 'utf8');
}, 120_000);

describe('customer-value survey --model: Impacts', () => {
  it("the impacts of +5 points of each driver on the IPMA's target, as satisfactionImpacts gives them on the CSV (1,000 resamples, seed 1)", () => {
    const lines = section(report, 'Impacts');
    const text = lines.join('\n');
    // the same target as the IPMA section: Value, the final endogenous construct
    expect(report).toContain('The drivers of **Value**');
    expect(text).toContain("worth in **Value**'s index");
    expect(text).toContain('1,000 resamples, seed 1');
    const expected = satisfactionImpacts(fitPlsPathModel(mobi, csvSpec), mobi, { target: 'Value', gain: 5, samples: 1000, seed: 1, confidence: 0.95 });
    expect(expected.impacts.map((i) => i.driver)).toEqual(['Image', 'Expectation', 'Quality']);
    const rows = lines.filter((line) => /^\| (Image|Expectation|Quality) \|/.test(line));
    expect(rows).toEqual(
      expected.impacts.map(
        (i) =>
          `| ${i.driver} | ${i.impact.toFixed(2)} [${i.lower.toFixed(2)}, ${i.upper.toFixed(2)}] | ${i.effectPerPoint.toFixed(3)} | ${i.standardizedEffect.toFixed(3)} | ${i.sd.toFixed(2)} |`,
      ),
    );
    // the README's doc-tested impacts on the same data (Quality: 4.06 [2.83, 5.25])
    expect(rows[2]).toContain('| 4.06 [2.83, 5.25] |');
    expect(text).toContain(`- Impact: ${expected.sources.impact}.`);
  });
});

describe('customer-value survey --model: Prediction (PLSpredict, CVPAT)', () => {
  const expected = plsPredict(mobi, csvSpec, { folds: 10, repetitions: 10, seed: 1 });
  const num = (v: number | null, digits = 3) => (v === null ? '—' : v.toFixed(digits));
  const p = (v: number | null) => (v === null ? '—' : v < 0.001 ? '< 0.001' : v.toFixed(3));

  it('states the folds, repetitions and seed, and predicts the endogenous items from the exogenous ones', () => {
    const text = section(report, 'Prediction (PLSpredict, CVPAT)').join('\n');
    expect(text).toContain('the 250 respondents are split into 10 folds, 10 times (seed 1)');
    expect(text).toContain('from the items of Image alone');
    expect(expected.exogenous).toEqual(['Image']);
  });

  it('per item: Q²predict and its reading, PLS and LM RMSE and MAE, as plsPredict gives them on the CSV', () => {
    const lines = section(report, 'Prediction (PLSpredict, CVPAT)');
    const rows = lines.filter((line) => /^\| (Expectation|Quality|Value) \| [A-Z]+\d \|/.test(line));
    expect(rows).toEqual(
      expected.items.map((i) => {
        const q2 = i.pls.q2predict as number;
        const reading = q2 > 0 ? 'above 0 (better than the training mean)' : 'not above 0 (no better than the training mean)';
        const lower = (a: number, b: number) => (a < b ? 'yes' : 'no');
        return (
          `| ${i.construct} | ${i.item} | ${q2.toFixed(3)} | ${reading} | ${i.pls.rmse.toFixed(3)} | ${i.linearModel.rmse.toFixed(3)} | ` +
          `${i.pls.mae.toFixed(3)} | ${i.linearModel.mae.toFixed(3)} | ${lower(i.pls.rmse, i.linearModel.rmse)}, ${lower(i.pls.mae, i.linearModel.mae)} |`
        );
      }),
    );
    expect(rows).toHaveLength(12);
    expect(lines).toContain(`- Q²predict: ${PLS_GUIDELINES.q2predict.rule} — ${PLS_GUIDELINES.q2predict.source}.`);
  });

  it('the predictive power against LM, overall and per construct, counted from plsPredict and read by Shmueli et al. (2019)', () => {
    const lines = section(report, 'Prediction (PLSpredict, CVPAT)');
    const reading = (items: typeof expected.items, error: 'rmse' | 'mae') => {
      const k = items.filter((i) => i.pls[error] < i.linearModel[error]).length;
      return `${k === items.length ? 'high' : 2 * k >= items.length ? 'medium' : k > 0 ? 'low' : 'none'} `;
    };
    const groups = [
      ['all endogenous items', expected.items] as const,
      ...expected.endogenous.map((c) => [c, expected.items.filter((i) => i.construct === c)] as const),
    ];
    for (const [label, items] of groups) {
      const row = lines.find((line) => line.startsWith(`| ${label} | `) && /^(high|medium|low|none) /.test(line.slice(label.length + 5)))!;
      const [, rmse, mae] = row.split(' | ');
      expect(rmse.startsWith(reading(items, 'rmse')), `${label} ${rmse}`).toBe(true);
      expect(mae.startsWith(reading(items, 'mae')), `${label} ${mae}`).toBe(true);
    }
    // 3 of the 12 items by RMSE overall; all 3 of Expectation
    expect(lines).toContain('| all endogenous items | low (below for 3 of 12 indicators: a minority) | low (below for 2 of 12 indicators: a minority) |');
    expect(lines.join('\n')).toContain(`- Predictive power: ${PLS_GUIDELINES.predictLinearModel.rule} — ${PLS_GUIDELINES.predictLinearModel.source}.`);
  });

  it("CVPAT against both benchmarks, overall and per construct, as plsPredict's tests, read against one-sided p < 0.05", () => {
    const lines = section(report, 'Prediction (PLSpredict, CVPAT)');
    const read = (t: CvpatTest) =>
      (t.pOneSided as number) < 0.05 ? 'significantly lower loss (one-sided p < 0.05)' : 'not significantly lower loss (one-sided p ≥ 0.05)';
    const row = (label: string, c: { vsIndicatorAverage: CvpatTest; vsLinearModel: CvpatTest }) => {
      const ia = c.vsIndicatorAverage;
      const lm = c.vsLinearModel;
      return (
        `| ${label} | ${num(ia.plsLoss)} | ${num(ia.benchmarkLoss)} | ${num(ia.t, 2)} | ${p(ia.pOneSided)} | ${read(ia)} | ` +
        `${num(lm.benchmarkLoss)} | ${num(lm.t, 2)} | ${p(lm.pOneSided)} | ${read(lm)} |`
      );
    };
    expect(lines).toContain(row('all endogenous items', expected.cvpat.overall));
    for (const c of expected.cvpat.constructs) expect(lines).toContain(row(c.construct, c));
    // the PLS loss is the same whichever benchmark it is compared with
    expect(expected.cvpat.overall.vsLinearModel.plsLoss).toBe(expected.cvpat.overall.vsIndicatorAverage.plsLoss);
    expect(lines).toContain(`- CVPAT: ${PLS_GUIDELINES.cvpat.rule} — ${PLS_GUIDELINES.cvpat.source}.`);
  });

  it('says why there is no prediction when PLSpredict cannot run on the data, instead of failing the report', () => {
    // 6 respondents cannot be split into the report's 10 folds
    const few = Object.fromEntries(Object.entries(mobi).map(([k, v]) => [k, v.subarray(0, 6)]));
    const model = fitPlsPathModel(few, {
      ...csvSpec,
      constructs: { Image: csvSpec.constructs.Image, Value: csvSpec.constructs.Value },
      paths: [['Image', 'Value']],
    });
    const text = predictSection(model, few).join('\n');
    expect(text).toContain('_Not computed: assessPlsPathModel: options.predict: 10 folds for 6 respondents._');
  });
});

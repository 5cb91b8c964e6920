// The report is an analysis (plain JSON-safe data) rendered to Markdown and SVG. Reference: the
// Markdown and charts (sha256) that customerValueReport gave before the split, on the bundled
// CDNOW log with three specs (test/fixtures/report/customerValueReport.json names the commit).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CustomerValueError } from '../../src/index.js';
import { readCsvFile } from '../../src/node/index.js';
import {
  analyzeCustomerValue,
  customerValueReport,
  renderReportCharts,
  renderReportMarkdown,
  type CustomerValueAnalysis,
  type CustomerValueReportSpec,
} from '../../src/report/index.js';
import { caught, readFixtureJson } from '../helpers/fixtures.js';

const fixture = readFixtureJson<{ source: string; cases: { spec: CustomerValueReportSpec; markdown: string; charts: Record<string, string> }[] }>(
  'report/customerValueReport.json',
);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hashes = (charts: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(charts).map(([name, svg]) => [name, sha256(svg)]));

describe('analyzeCustomerValue, renderReportMarkdown and renderReportCharts', async () => {
  const log = (await readCsvFile('examples/data/cdnow_master.csv')).columns;

  it('has reference cases', () => {
    expect(fixture.cases.length).toBe(3);
  });

  it.each(fixture.cases.map((c) => [c.spec.title ?? c.spec.timeUnit ?? '', c] as const))(
    '%s: the analysis survives JSON and renders the Markdown and charts customerValueReport gave before',
    (_name, reference) => {
      const report = customerValueReport(log, reference.spec);
      const revived = JSON.parse(JSON.stringify(report.analysis)) as CustomerValueAnalysis;
      // plain data: no typed array, NaN, Infinity, undefined or function that JSON would change
      expect(revived).toStrictEqual(report.analysis);
      expect(report.markdown).toBe(reference.markdown);
      expect(hashes(report.charts)).toEqual(reference.charts);
      expect(renderReportMarkdown(revived)).toBe(reference.markdown);
      expect(hashes(renderReportCharts(revived))).toEqual(reference.charts);
    },
  );

  it("analyzeCustomerValue(log, spec) is the analysis customerValueReport renders; its errors and the renderers' name them", () => {
    const spec = fixture.cases[0].spec;
    const analysis = analyzeCustomerValue(log, spec);
    expect(analysis).toStrictEqual(customerValueReport(log, spec).analysis);
    // the renderers check what they read, naming the field
    const broken = { ...analysis, segments: { ...analysis.segments, k: 'three' } } as unknown as CustomerValueAnalysis;
    for (const render of [renderReportMarkdown, renderReportCharts]) {
      const error = caught(() => render(broken));
      expect(error).toBeInstanceOf(CustomerValueError);
      expect(error.issues.map((i: { path?: string; column?: string }) => i.path ?? i.column)).toEqual(['analysis.segments.k']); // `path` once spec paths get their own field
    }
    expect(() => analyzeCustomerValue(log, { ...spec, horizon: 0 })).toThrow(/^analyzeCustomerValue: /);
  });

  it('names itself and the stage when a function it calls refuses the data (the issues keep who found what)', () => {
    const spec = fixture.cases[0].spec;
    // no amount column: found by the summary it makes with summarizeTransactions
    const noAmount = Object.fromEntries(Object.entries(log).filter(([name]) => name !== spec.amount));
    const missing = caught(() => analyzeCustomerValue(noAmount, spec));
    expect(missing.code).toBe('missing_column');
    expect(missing.message.split('\n')[0]).toBe('analyzeCustomerValue: the summary stage failed: summarizeTransactions: 1 required column is missing');
    expect(missing.issues[0]).toMatchObject({ function: 'summarizeTransactions', column: spec.amount });
    // a holdout split the comparison refuses: at the report spec's field (its observationEnd is the split's calibrationEnd)
    const early = caught(() =>
      analyzeCustomerValue(
        { customer: ['a', 'a', 'b', 'b', 'c'], date: ['2020-01-03', '2020-02-01', '2020-03-05', '2020-04-01', '2020-05-01'], amount: [10, 20, 30, 40, 50] },
        { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '2019-06-30', holdoutEnd: '2020-12-31' },
      ),
    );
    expect(early.message.split('\n')[0]).toBe('analyzeCustomerValue: the model comparison stage failed: calibrationHoldout: the spec has 1 problem');
    expect(early.issues[0]).toMatchObject({ path: 'spec.observationEnd', received: '"2019-06-30"' });
    expect(caught(() => customerValueReport(noAmount as never, spec)).message).toMatch(
      /^customerValueReport: the summary stage failed: summarizeTransactions: /,
    );
  });

  it('refuses an analysis whose side-by-side arrays disagree in length, naming the array (it crashed or failed in a chart)', () => {
    const analysis = analyzeCustomerValue(log, { ...fixture.cases[0].spec, holdoutEnd: '1998-06-30' });
    expect(analysis.modelComparison).toBeDefined();
    const tracking = analysis.modelComparison!.tracking;
    const cases: [string, unknown][] = [
      ['analysis.cohorts.size', { ...analysis, cohorts: { ...analysis.cohorts, size: analysis.cohorts.size.slice(1) } }],
      ['analysis.cohorts.retention', { ...analysis, cohorts: { ...analysis.cohorts, retention: analysis.cohorts.retention.slice(1) } }],
      [
        'analysis.modelComparison.tracking.expected',
        { ...analysis, modelComparison: { ...analysis.modelComparison, tracking: { ...tracking, expected: tracking.expected.slice(1) } } },
      ],
      [
        'analysis.modelComparison.tracking.end',
        {
          ...analysis,
          modelComparison: {
            ...analysis.modelComparison,
            tracking: { ...tracking, end: [], expected: [], expectedCumulative: [], actual: [], actualCumulative: [] },
          },
        },
      ],
      [
        'analysis.activeLifetimes.survival.upper',
        { ...analysis, activeLifetimes: { ...analysis.activeLifetimes, survival: { ...analysis.activeLifetimes.survival!, upper: [1] } } },
      ],
      [
        'analysis.segments.profiles.0.means',
        {
          ...analysis,
          segments: { ...analysis.segments, profiles: [{ ...analysis.segments.profiles[0], means: [1] }, ...analysis.segments.profiles.slice(1)] },
        },
      ],
    ];
    for (const [path, broken] of cases) {
      for (const render of [renderReportMarkdown, renderReportCharts]) {
        const error = caught(() => render(broken as CustomerValueAnalysis));
        expect(error.code, path).toBe('invalid_value');
        expect(error.issues[0].path, path).toBe(path);
        expect(error.message.startsWith(`${render.name}: `), path).toBe(true);
      }
    }
  });

  it('the Segments paragraph says which k-means runs were made: all customers, or a sample then one Lloyd run on all', () => {
    const analysis = analyzeCustomerValue(log, fixture.cases[0].spec);
    // CDNOW: 23,570 customers, under the report's 50,000-customer restart sample (reportSegments)
    expect(analysis.segments.runs).toEqual({ choiceRestarts: 5, choiceCustomers: 3000, restarts: 10, restartCustomers: 23_570, customers: 23_570 });
    const paragraph = (a: CustomerValueAnalysis) => renderReportMarkdown(a).split('## Segments\n\n')[1].split('\n')[0];
    expect(paragraph(analysis)).toMatch(
      /seeded sample of 3,000 customers, with 5 restarts for each k on that sample .*\. The segments: 10 restarts on all 23,570 customers\.$/,
    );
    // above the sample (bench:report's 831,108 customers), the restarts ran on the sample only
    const sampled = { ...analysis, segments: { ...analysis.segments, runs: { ...analysis.segments.runs, restartCustomers: 50_000, customers: 831_108 } } };
    expect(paragraph(sampled)).toMatch(
      /The segments: 10 restarts on a seeded sample of 50,000 customers, then one Lloyd run on all 831,108 from the best one's centers\.$/,
    );
    expect(paragraph(sampled)).not.toMatch(/10 restarts on all/);
    // an analysis saved before the runs were recorded still renders, claiming no counts
    const { runs: _runs, ...older } = analysis.segments;
    expect(paragraph({ ...analysis, segments: older } as unknown as CustomerValueAnalysis)).not.toMatch(/restarts/);
  });
});

// The report is an analysis (plain JSON-safe data) rendered to Markdown and SVG. Reference: the
// Markdown and charts (sha256) that customerValueReport gave before the split, on the bundled
// CDNOW log with three specs (test/fixtures/report/customerValueReport.json names the commit).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/node/index.js';
import { analyzeCustomerValue, customerValueReport, renderReportCharts, renderReportMarkdown, type CustomerValueAnalysis, type CustomerValueReportSpec } from '../../src/report/index.js';
import { readFixtureJson } from '../helpers/fixtures.js';

const fixture = readFixtureJson('report/customerValueReport.json') as { source: string; cases: { spec: CustomerValueReportSpec; markdown: string; charts: Record<string, string> }[] };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hashes = (charts: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(charts).map(([name, svg]) => [name, sha256(svg)]));

describe('analyzeCustomerValue, renderReportMarkdown and renderReportCharts', async () => {
  const log = (await readCsvFile('examples/data/cdnow_master.csv')).columns;

  it('has reference cases', () => {
    expect(fixture.cases.length).toBe(3);
  });

  it.each(fixture.cases.map((c) => [c.spec.title ?? c.spec.timeUnit ?? '', c] as const))('%s: the analysis survives JSON and renders the Markdown and charts customerValueReport gave before', (_name, reference) => {
    const report = customerValueReport(log, reference.spec);
    const revived = JSON.parse(JSON.stringify(report.analysis)) as CustomerValueAnalysis;
    // plain data: no typed array, NaN, Infinity, undefined or function that JSON would change
    expect(revived).toStrictEqual(report.analysis);
    expect(report.markdown).toBe(reference.markdown);
    expect(hashes(report.charts)).toEqual(reference.charts);
    expect(renderReportMarkdown(revived)).toBe(reference.markdown);
    expect(hashes(renderReportCharts(revived))).toEqual(reference.charts);
  });

  it('analyzeCustomerValue(log, spec) is the analysis customerValueReport renders, and its errors name it', () => {
    const spec = fixture.cases[0].spec;
    expect(analyzeCustomerValue(log, spec)).toStrictEqual(customerValueReport(log, spec).analysis);
    expect(() => analyzeCustomerValue(log, { ...spec, horizon: 0 })).toThrow(/^analyzeCustomerValue: /);
  });
});

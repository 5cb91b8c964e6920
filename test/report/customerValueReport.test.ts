import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeTransactions } from '../../src/index.js';
import { customerLifetimeValue, fitBetaGeo, fitGammaGamma } from '../../src/clv.js';
import { customerValueReport } from '../../src/report/index.js';
import { readCsvFile, runCli } from '../../src/node/index.js';
import { caught, readFixtureJson } from '../helpers/fixtures.js';

const LOG = 'examples/data/cdnow_master.csv';
const spec = { customer: 'customer_id', date: 'date', amount: 'dollar_value' } as const;

describe('customerValueReport and `customer-value report`', async () => {
  const log = (await readCsvFile(LOG)).columns;
  const report = customerValueReport(log, { ...spec, observationEnd: '1997-09-30', title: 'CDNOW' });

  it('values customers as the separate functions do, and its tiers hold the pyramid shares', () => {
    // the same CLV computed step by step with the public functions
    const summary = summarizeTransactions(log, { ...spec, observationEnd: '1997-09-30', timeUnit: 'week' });
    const { clv } = customerLifetimeValue({
      purchaseModel: fitBetaGeo(summary, { timeUnit: 'week' }),
      spendModel: fitGammaGamma(summary, { nonPositiveSpend: 'exclude' }),
      customers: summary,
      horizon: 52,
      timeUnit: 'week',
      discountRate: 1.1 ** (1 / (365.25 / 7)) - 1,
      margin: 1,
    });
    expect(report.customers.clv).toEqual(clv);
    const { tiers, total } = report.valueTiers;
    expect(tiers.map((t) => t.tier)).toEqual(['top', 'large', 'medium', 'small']);
    expect(tiers.map((t) => Math.round(1000 * t.customerShare) / 10)).toEqual([1, 4, 15, 80]);
    for (const field of ['customerShare', 'revenueShare', 'profitShare'] as const) expect(tiers.reduce((a, t) => a + (t[field] ?? 0), 0)).toBeCloseTo(1, 12);
    expect(total.profit).toBeCloseTo(
      clv.reduce((a, b) => a + b, 0),
      6,
    );
    // revenue per customer falls from tier to tier (tiers are cut on value)
    const perCustomer = tiers.map((t) => t.revenuePerCustomer ?? 0);
    expect(perCustomer).toEqual([...perCustomer].sort((a, b) => b - a));
    for (const name of Object.keys(report.charts)) expect(report.markdown).toContain(`](${name})`);
  });

  it('says how returns entered the summary: refund days, customers with net spend ≤ 0, refund-only customers left out', () => {
    // CDNOW has no refunds: its 0-dollar customers are reported as such
    expect(report.markdown).toMatch(/customer\(s\) have a net spend of 0 \(no refunds/);
    expect(report.markdown).not.toMatch(/Returns are netted/);
    // the same log plus a refund larger than customer 1's purchases, a small one, and a refund-only customer
    const n = log.customer_id.length;
    const refunds = {
      customer_id: [...Array.from(log.customer_id as ArrayLike<number>), 1, 2, 99999],
      date: [...Array.from(log.date as ArrayLike<number>), 19970301, 19970112, 19970301],
      dollar_value: [...Array.from(log.dollar_value as ArrayLike<number>), -500, -12, -5],
    };
    expect(refunds.customer_id.length).toBe(n + 3);
    const refunded = customerValueReport(refunds, { ...spec, observationEnd: '1997-09-30' });
    const c = refunded.customers.counts;
    expect(c.withoutPurchase).toBe(1);
    expect(refunded.markdown).toContain(
      `Returns are netted per customer and day: ${c.refundDays} day(s) holding a refund that nets to ≤ 0 are not purchases; ${c.nonPositiveNet.toLocaleString('en-US')} customer(s) have a net spend ≤ 0; 1 customer(s) with refunds only (1 rows) are left out.`,
    );
    expect(c.nonPositiveNet).toBeGreaterThan(report.customers.counts.nonPositiveNet);
  });

  it("censors active lifetimes at T − lapse window and prints no survival figure beyond the data's reach", () => {
    // numpy Kaplan–Meier from the raw log (test/fixtures/loyalty/make_active_lifetime_reference.py)
    const [ref] = readFixtureJson<{ curves: { observationEnd: string; final: number; reach: number; lapsed: number }[] }>(
      'loyalty/active_lifetime_reference.json',
    ).curves;
    expect(ref.observationEnd).toBe('1997-09-30');
    const text = report.markdown.slice(report.markdown.indexOf('Active lifetime'));
    // 39 weeks of data and a 26.1-week lapse window: the curve reaches 12.8 weeks, nothing is said beyond
    expect(text).toContain(
      `${ref.lapsed.toLocaleString('en-US')} lapsed; still active: ${(100 * ref.final).toFixed(1)}% after ${ref.reach.toFixed(1)} weeks (a quarter, half a year, a year: beyond the data's reach, not shown)`,
    );
    expect(text).not.toMatch(/\d% after (a quarter|half a year|a year)/);
    expect(text).toContain(`median active lifetime not reached within ${ref.reach.toFixed(1)} weeks`);
    // the chart stops at the reach too: no x beyond it is plotted
    // the subtitle may wrap: compare the chart's text with its line breaks joined
    const chartText = [...report.charts['survival.svg'].matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ');
    expect(chartText).toContain(`the data reach ${ref.reach.toFixed(1)} weeks`);
    // with the whole log (78 weeks), the quarter and half-year figures are within reach, the year is not
    const whole = readFixtureJson<{ curves: { survivalAt: Record<string, number>; reach: number }[] }>('loyalty/active_lifetime_reference.json').curves[1];
    const full = customerValueReport(log, { ...spec, observationEnd: '1998-06-30' }).markdown;
    expect(full).toContain(`after half a year, `);
    expect(full).toContain(`% after ${whole.reach.toFixed(1)} weeks (a year: beyond the data's reach, not shown)`);
    expect(full).toContain(`${(100 * whole.survivalAt['26']).toFixed(1)}% after half a year`);
  });

  it('uses one window for every section, stated in its header, and leaves out the period the end cuts short', () => {
    // the header: from–to and the time unit, and the rows after the end left out everywhere
    expect(report.markdown).toContain(
      'Window: 1997-01-01 to 1997-09-30, for every section; time unit: week. 49,086 transaction rows by 23,570 customers (20,573 rows dated after 1997-09-30 left out of every section, 0 skipped).',
    );
    // flows and cohorts stop at the end (the log runs to June 1998)
    const quarters = [...report.markdown.matchAll(/^\| (\d{4}-Q\d) \|/gm)].map((m) => m[1]);
    expect(quarters).toEqual(['1997-Q1', '1997-Q2', '1997-Q3']);
    expect(report.charts['cohort-retention.svg']).not.toContain('1997-10');
    expect(report.markdown).not.toContain('cuts the');
    // an end in mid-May cuts May and the second quarter short: both left out, said, never churn
    const may = customerValueReport(log, { ...spec, observationEnd: '1997-05-15' }).markdown;
    expect(may).toContain('The end, 1997-05-15, cuts the quarter 1997-Q2 (1997-04-01 to 1997-06-30) short: it is left out of the flows');
    expect(may).toContain('The end, 1997-05-15, cuts the month 1997-05 (1997-05-01 to 1997-05-31) short: it is left out of the cohorts');
    expect([...may.matchAll(/^\| (\d{4}-Q\d) \|/gm)].map((m) => m[1])).toEqual(['1997-Q1']);
  });

  it("states the summary's warnings (duplicates, times of day, a short calibration) and they change no figure", () => {
    expect(report.warnings).toEqual(summarizeTransactions(log, { ...spec, observationEnd: '1997-09-30', timeUnit: 'week' }).warnings);
    expect(report.warnings.map((w) => w.code)).toEqual(['non_positive_revenue', 'duplicate_rows']);
    // every warning is in the Markdown: refunds and net spend ≤ 0 by the returns line, the others quoted
    expect(report.markdown).toContain(`> Data warning (duplicate_rows): ${report.warnings[1].message}`);
    expect(report.markdown).toMatch(/70 customer\(s\) have a net spend of 0/);
    // the same log with its dates as timestamp text at noon: the same figures, one more warning
    const timed = {
      ...log,
      date: Array.from(log.date as ArrayLike<number>, (d) => `${String(d).slice(0, 4)}-${String(d).slice(4, 6)}-${String(d).slice(6)} 12:00`),
    };
    const noon = customerValueReport(timed, { ...spec, observationEnd: '1997-09-30', title: 'CDNOW' });
    expect(noon.customers.clv).toEqual(report.customers.clv);
    expect(noon.warnings.map((w) => w.code)).toEqual(['non_positive_revenue', 'duplicate_rows', 'time_of_day']);
    expect(noon.markdown).toContain('> Data warning (time_of_day): 49,086 dates carry a time of day');
    const figures = (markdown: string) => markdown.replace(/^>.*\n/gm, '');
    expect(figures(noon.markdown)).toBe(figures(report.markdown));
    // a window too short for BG/NBD: the fit fails and the error says the window is too short
    const error = caught(() => customerValueReport(log, { ...spec, observationEnd: '1997-02-07' }));
    expect(error.issues.at(-1)).toMatchObject({ path: 'spec.observationEnd', expected: 'a calibration window long enough for BG/NBD' });
    expect(error.issues.at(-1).received).toContain('spans 4.11 median gaps between purchases');
  });

  it('defaults the end to the last purchase and checks its spec', () => {
    const whole = customerValueReport(log, { ...spec, timeUnit: 'month' });
    expect(whole.customers.observationEnd).toBe('1998-06-30');
    expect(whole.markdown).toContain('over the next 12 months');
    expect(caught(() => customerValueReport(log, { ...spec, amount: 'nope' })).code).toBe('missing_column');
    expect(caught(() => customerValueReport(log, { ...spec, observationEnd: '30/09/1997' })).issues[0]).toMatchObject({ path: 'spec.observationEnd' });
  });

  it('is written by the command from CSV or NDJSON alike, with every chart it links', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cv-report-'));
    const quiet = { stdout: { write: () => true }, stderr: { write: () => true } };
    const args = ['--customer', 'customer_id', '--date', 'date', '--amount', 'dollar_value', '--observation-end', '1997-09-30', '--title', 'CDNOW'];
    expect(await runCli(['report', '--input', LOG, '--out-dir', join(dir, 'csv'), ...args], quiet)).toBe(0);
    const text = readFileSync(LOG, 'utf8').trim().split('\n');
    const header = text[0].split(',');
    const ndjson = text
      .slice(1)
      .map((line) => JSON.stringify(Object.fromEntries(line.split(',').map((v, j) => [header[j], header[j] === 'date' ? v : Number(v)]))))
      .join('\n');
    writeFileSync(join(dir, 'log.ndjson'), ndjson);
    expect(await runCli(['report', '--input', join(dir, 'log.ndjson'), '--out-dir', join(dir, 'ndjson'), ...args], quiet)).toBe(0);
    const markdown = readFileSync(join(dir, 'csv', 'report.md'), 'utf8');
    expect(readFileSync(join(dir, 'ndjson', 'report.md'), 'utf8')).toBe(markdown);
    expect(markdown).toBe(report.markdown);
    for (const [, name] of markdown.matchAll(/\]\(([\w-]+\.svg)\)/g)) {
      expect(existsSync(join(dir, 'csv', name)), name).toBe(true);
      expect(readFileSync(join(dir, 'csv', name), 'utf8')).toBe(report.charts[name]);
    }
    const err: string[] = [];
    expect(
      await runCli(['report', '--input', LOG, '--out-dir', dir, ...args.slice(0, 4), '--amount', 'total'], {
        ...quiet,
        stderr: { write: (t: string) => err.push(t) },
      }),
    ).toBe(1);
    expect(err.join('')).toContain('total');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerValueError, fitSegments, summarizeTransactions } from '../../src/index.js';
import { type WarehouseProgress } from '../../src/warehouse.js';
import { analyzeCustomerValue, analyzeCustomerValueInWarehouse, renderReportMarkdown, type CustomerValueAnalysis } from '../../src/report/index.js';
import { cdnowLog, differences, generatedLog, outsideSegments, reportEngines, type ReportLog, type TestEngine } from '../helpers/reportLogs.js';

// The witness is the in-memory report on the same log: analyzeCustomerValue. Every number of the
// analysis computed in the engine must equal it (counts exactly, the rest to 1e-9 relative), in
// DuckDB and PostgreSQL, except the k-means segments, whose k is chosen on a sample drawn in SQL.

const CDNOW_SPEC = { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '1997-09-30', title: 'CDNOW' } as const; // the demo's spec
const GENERATED_SPEC = {
  customer: 'customer',
  date: 'date',
  amount: 'amount',
  observationEnd: '1997-10-31',
  title: 'Generated',
  horizon: 26,
  lapseAfter: 13,
} as const;

const cases: [string, ReportLog, typeof CDNOW_SPEC | typeof GENERATED_SPEC][] = [
  ['CDNOW', cdnowLog(), CDNOW_SPEC],
  ['a generated log with refunds, ties and one-purchase customers', generatedLog(), GENERATED_SPEC],
  ['a small generated log whose calibration is too short (few repeat buyers: the median gap is computed)', generatedLog(100, 1), GENERATED_SPEC],
];
const timed = generatedLog();
const TIMED = { ...timed, date: timed.date.map((d, i) => `${d} ${i % 2 ? '23:30:00' : '00:15:00'}`) }; // timestamps without an offset
const inMemory = new Map<string, CustomerValueAnalysis>();
const memory = (name: string, log: ReportLog, spec: typeof CDNOW_SPEC | typeof GENERATED_SPEC) => {
  if (!inMemory.has(name)) inMemory.set(name, analyzeCustomerValue(log, spec));
  return inMemory.get(name)!;
};
const withoutSegments = ({ segments: _segments, ...rest }: CustomerValueAnalysis) => rest;

describe.each(reportEngines())('analyzeCustomerValueInWarehouse in %s', (_name, open) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await open();
    for (const [i, [, log]] of cases.entries()) await engine.load!(`orders_${i}`, log as never);
    await engine.load!('orders_timed', TIMED);
    await engine.run('CREATE TABLE orders_timestamp AS SELECT customer, CAST(date AS TIMESTAMP) AS date, amount FROM orders_timed');
  }, 120_000);
  afterAll(() => engine?.close());

  it.each(cases.map((c, i) => [c[0], i] as const))(
    'equals analyzeCustomerValue on %s, all but the segments',
    async (name, i) => {
      const [, log, spec] = cases[i];
      const want = memory(name, log, spec);
      const progress: WarehouseProgress[] = [];
      const { analysis, models, transferred } = await analyzeCustomerValueInWarehouse(engine, spec, {
        table: `orders_${i}`,
        onProgress: (e) => progress.push(e),
      });
      expect(differences(withoutSegments(analysis), withoutSegments(want))).toEqual([]);
      // the Markdown differs in the segments section only
      expect(outsideSegments(renderReportMarkdown(analysis))).toBe(outsideSegments(renderReportMarkdown(want)));
      expect(outsideSegments(renderReportMarkdown(want))).not.toBe(renderReportMarkdown(want)); // the cut found the section
      // segments: profiles cover every customer; k-means in the engine within 0.1% of fitSegments at the same k
      const { segments } = analysis;
      expect(segments.features).toEqual(want.segments.features);
      expect(segments.profiles.reduce((a, p) => a + p.size, 0)).toBe(want.counts.customers);
      expect(models.segments.fitted.n).toBe(want.counts.customers);
      // what the Markdown says was run: 10 restarts on the engine's sample, Lloyd's passes on every customer
      expect(segments.runs).toEqual({
        choiceRestarts: 5,
        choiceCustomers: models.choice.sampleSize,
        restarts: 10,
        restartCustomers: models.counts.sample,
        customers: want.counts.customers,
      });
      expect(segments.curve.every((point) => point.k >= 2 && point.k <= 8)).toBe(true);
      if (name === 'CDNOW') expect(segments.k).toBe(want.segments.k); // the same k on CDNOW
      // only aggregates and the ≤ 3,000-customer sample crossed
      expect(models.counts.sample).toBe(Math.min(3000, want.counts.customers));
      // only aggregates crossed, and the sample: per stage, the rows that left the engine
      expect(transferred.rows).toBe(progress.reduce((a, p) => a + p.rows, 0));
      const histories = models.betaGeo.fitted.diagnostics.groups;
      for (const { stage, rows } of progress) {
        if (stage === 'segment sample')
          expect(rows).toBe(models.counts.sample); // the only customer-level rows
        else if (stage === 'segments')
          expect(rows, stage).toBeLessThanOrEqual(models.counts.sample + 100 * models.segments.spec.k); // the same customers, scaled, then k rows per pass
        else if (stage === 'histograms')
          expect(rows, stage).toBeLessThanOrEqual(histories + models.gammaGamma.fitted.n + 1); // distinct histories
        else if (stage === 'scores')
          expect(rows, stage).toBeLessThanOrEqual(histories + 2); // the distinct (frequency, T) (≤ histories), a NULL group, one row of counts
        else if (stage === 'lifetimes') expect(rows, stage).toBeLessThanOrEqual(histories + 1);
        else expect(rows, stage).toBeLessThanOrEqual(200); // one row, tiers, cells, periods, the ≤ 125 RFM cells
      }
      expect(progress.map((p) => p.stage)).toEqual(
        expect.arrayContaining([
          'summary',
          'histograms',
          'scores',
          'segment sample',
          'counts',
          'value tiers',
          'rfm segments',
          'cohort cells',
          'flows',
          'lifetimes',
        ]),
      );
    },
    300_000,
  );

  it('counts a TIMESTAMP on its date as written (no time zone), as in memory, but gives no time_of_day warning and compares duplicates by date: the engine casts to DATE', async () => {
    const want = analyzeCustomerValue(TIMED, GENERATED_SPEC);
    expect(want.warnings.map((w) => w.code)).toContain('time_of_day');
    const { analysis } = await analyzeCustomerValueInWarehouse(engine, GENERATED_SPEC, { table: 'orders_timestamp' });
    expect(analysis.warnings.map((w) => w.code)).not.toContain('time_of_day');
    const { warnings: _w, ...rest } = withoutSegments(analysis);
    const { warnings: _v, ...wanted } = withoutSegments(want);
    expect(differences(rest, wanted)).toEqual([]);
    // duplicates are compared by date in the engine (in memory by timestamp, when dates carry times): as on the untimed log
    const untimed = analyzeCustomerValue(timed, GENERATED_SPEC).warnings;
    expect(analysis.warnings).toEqual(untimed);
    expect(want.warnings.filter((w) => w.code !== 'time_of_day' && w.code !== 'duplicate_rows')).toEqual(untimed.filter((w) => w.code !== 'duplicate_rows'));
  }, 300_000);

  it('gives the segments of fitSegments at the same k (inertia within 0.1%)', async () => {
    const [name, log, spec] = cases[0];
    memory(name, log, spec);
    const { models } = await analyzeCustomerValueInWarehouse(engine, spec, { table: 'orders_0' });
    const summary = summarizeTransactions(log, {
      customer: spec.customer,
      date: spec.date,
      amount: spec.amount,
      observationEnd: spec.observationEnd,
      timeUnit: 'week',
    });
    const features = {
      'weeks inactive': summary.T.map((t, i) => t - summary.recency[i]),
      'repeat purchases': summary.frequency,
      'log revenue': summary.revenue.map((v) => Math.log1p(Math.max(v, 0))),
    };
    const reference = fitSegments(features, { features: Object.keys(features), k: models.segments.spec.k, seed: 1, restarts: 10 });
    expect(Math.abs(models.segments.fitted.diagnostics.inertia / reference.fitted.diagnostics.inertia - 1)).toBeLessThan(1e-3);
  }, 300_000);

  it('refuses an engine error naming the stage, returns nothing and drops its work tables', async () => {
    const failing: TestEngine = {
      ...engine,
      dialect: engine.dialect,
      query: (sql: string) => {
        if (sql.includes('rfm_recency')) throw new Error('out of memory');
        return engine.query(sql);
      },
      load: engine.load!.bind(engine),
    };
    const error = await analyzeCustomerValueInWarehouse(failing, GENERATED_SPEC, { table: 'orders_1', prefix: 'fail_' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CustomerValueError);
    expect((error as CustomerValueError).code).toBe('engine_failed');
    expect((error as CustomerValueError).message.split('\n')[0]).toBe(
      'analyzeCustomerValueInWarehouse: the rfm segments query failed in the engine: out of memory',
    );
    const tables = await engine.query(`SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'fail_%'`);
    expect(tables).toEqual([]);
  }, 300_000);
});

describe('the duplicate-row example both paths give', () => {
  it('is the earliest duplicate, then the smallest amount, whatever the row order (an engine has none)', () => {
    const log = generatedLog();
    const order = log.customer.map((_, i) => log.customer.length - 1 - i);
    const reversed = { customer: order.map((i) => log.customer[i]), date: order.map((i) => log.date[i]), amount: order.map((i) => log.amount[i]) };
    const spec = { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '1997-10-31', timeUnit: 'week' } as const;
    const message = (l: ReportLog) => summarizeTransactions(l, spec).warnings.find((w) => w.code === 'duplicate_rows')!.message;
    expect(message(reversed)).toBe(message(log));
    expect(message(log)).toContain('(e.g. 1997-01-03, amount 2.75)');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CustomerValueError } from '../../src/index.js';
import { calibrationHoldout, compareModels, customerLifetimeValue, fitBetaGeo, fitGammaGamma, fitModifiedBetaGeo, fitParetoNbd } from '../../src/clv.js';
import { type WarehouseProgress } from '../../src/warehouse.js';
import {
  analyzeCustomerValue,
  analyzeCustomerValueInWarehouse,
  customerValueReport,
  renderReportCharts,
  renderReportMarkdown,
  type CustomerValueAnalysis,
} from '../../src/report/index.js';
import { caught } from '../helpers/fixtures.js';
import { cdnowLog, differences, generatedLog, outsideSegments, reportEngines, type TestEngine } from '../helpers/reportLogs.js';

// The report with a holdout (spec.holdoutEnd) on the whole CDNOW log: fitted to 1997-09-30 (week 39), compared on weeks 40–78.
const log = cdnowLog();
const spec = { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '1997-09-30', holdoutEnd: '1998-06-30', title: 'CDNOW' } as const;
const analysis = analyzeCustomerValue(log, spec);

describe('the report compares BG/NBD, MBG/NBD and Pareto/NBD on a holdout (spec.holdoutEnd)', () => {
  it('equals compareModels on calibrationHoldout with the three fits, and picks the smallest holdout MAE', () => {
    const split = calibrationHoldout(log, {
      customer: 'customer',
      date: 'date',
      value: 'amount',
      calibrationEnd: '1997-09-30',
      observationEnd: '1998-06-30',
      timeUnit: 'week',
    });
    const models = {
      'BG/NBD': fitBetaGeo(split, { timeUnit: 'week' }),
      'MBG/NBD': fitModifiedBetaGeo(split, { timeUnit: 'week' }),
      'Pareto/NBD': fitParetoNbd(split, { timeUnit: 'week' }),
    };
    const table = compareModels(models, split);
    const c = analysis.modelComparison!;
    expect(c.models.map((m) => m.name)).toEqual(table.name);
    expect(c.models.map((m) => [m.logLikelihood, m.aic, m.bic, m.mae, m.rmse, m.expected, m.aggregateError])).toEqual(
      table.name.map((_, i) => [table.logLikelihood[i], table.aic[i], table.bic[i], table.mae[i], table.rmse[i], table.expected[i], table.aggregateError[i]]),
    );
    expect([c.customers, c.actual, c.holdout]).toEqual([23570, table.actual, { start: '1997-09-30', end: '1998-06-30', duration: 39 }]);
    const best = table.mae.indexOf(Math.min(...(table.mae as number[])));
    expect(c.picked).toBe(table.name[best]);
    // CDNOW: MBG/NBD has the best BIC, Pareto/NBD the smallest holdout error — the reason says both
    expect([c.picked, c.bestBic]).toEqual(['Pareto/NBD', 'MBG/NBD']);
    expect(c.reason).toContain('predicts the holdout best');
    // the CLV uses the picked model, fitted on the calibration period
    expect(analysis.purchaseModel.kind).toBe('paretoNbd');
    expect(analysis.purchaseModel.params).toEqual({ ...models['Pareto/NBD'].params });
    const spendModel = fitGammaGamma(split, { nonPositiveSpend: 'exclude' });
    const discountRate = Math.pow(1.1, 7 / 365.25) - 1;
    const { clv } = customerLifetimeValue({
      purchaseModel: models['Pareto/NBD'],
      spendModel,
      customers: split,
      horizon: 52,
      timeUnit: 'week',
      discountRate,
      margin: 1,
    });
    expect(analysis.clv.total).toBeCloseTo(
      clv.reduce((a, b) => a + b, 0),
      6,
    );
    // the tracking runs 78 weeks with the calibration end at 39
    expect([c.tracking.end.length, c.tracking.calibrationEnd, c.tracking.actualCumulative.at(-1)]).toEqual([78, 39, 44021]);
  });

  it('renders the comparison, the pick and the tracking chart, from the analysis or its JSON', () => {
    const markdown = renderReportMarkdown(analysis);
    expect(markdown).toContain('## Potential value: Pareto/NBD and Gamma-Gamma');
    expect(markdown).toContain('| Pareto/NBD (used) |');
    expect(markdown).toContain('![tracking](tracking.svg)');
    expect(markdown).toContain('Pareto/NBD (Schmittlein, Morrison & Colombo 1987) on 23,570 customers: r = ');
    const copy = JSON.parse(JSON.stringify(analysis));
    expect(renderReportMarkdown(copy)).toBe(markdown);
    const charts = renderReportCharts(copy);
    expect(Object.keys(charts).sort()).toEqual(['cohort-retention.svg', 'segments.svg', 'survival.svg', 'tracking.svg', 'value-pyramid.svg']);
    expect(charts['tracking.svg']).toContain('How to read it');
    expect(Object.keys(customerValueReport(log, spec).charts)).toContain('tracking.svg');
  });

  it('without spec.holdoutEnd nothing is compared and the CLV is BG/NBD’s, as before', () => {
    const plain = analyzeCustomerValue(log, { ...spec, holdoutEnd: undefined });
    expect(plain.modelComparison).toBeUndefined();
    expect(plain.purchaseModel.kind).toBe('betaGeo');
    const markdown = renderReportMarkdown(plain);
    expect(markdown).toContain('## Potential value: BG/NBD and Gamma-Gamma\n\nBG/NBD (Fader, Hardie & Lee 2005) on 23,570 customers: r = ');
    expect(markdown).not.toContain('tracking.svg');
    // an analysis saved before purchaseModel had a kind renders as BG/NBD
    const { kind: _kind, ...old } = plain.purchaseModel;
    expect(renderReportMarkdown({ ...plain, purchaseModel: old })).toBe(markdown);
  });

  it('refuses a holdout without an observation end, and one that does not end after it (in memory and in the warehouse, before any work)', async () => {
    const noEnd = caught(() => analyzeCustomerValue(log, { ...spec, observationEnd: undefined }));
    expect([noEnd.code, noEnd.issues[0].path]).toEqual(['invalid_spec', 'spec.observationEnd']);
    const early = caught(() => analyzeCustomerValue(log, { ...spec, holdoutEnd: '1997-09-30' }));
    expect([early.code, early.issues[0].path]).toEqual(['invalid_spec', 'spec.holdoutEnd']);
    const queried: string[] = [];
    const engine = { dialect: 'duckdb' as const, query: (sql: string) => (queried.push(sql), []), load: () => undefined };
    for (const [bad, path] of [
      [{ ...spec, observationEnd: undefined }, 'spec.observationEnd'],
      [{ ...spec, holdoutEnd: '1997-09-30' }, 'spec.holdoutEnd'],
    ] as const) {
      const error = (await analyzeCustomerValueInWarehouse(engine, bad, { table: 'orders' }).catch((e: unknown) => e)) as CustomerValueError;
      expect([error.code, error.issues[0].path]).toEqual(['invalid_spec', path]);
    }
    expect(queried).toEqual([]);
  });
});

// The warehouse report with a holdout: the same comparison computed on sufficient statistics (the
// calibration histogram by holdout purchases, births and repeat purchases per day), witnessed by
// the in-memory report above on the same log, in DuckDB and PostgreSQL.
const generated = generatedLog();
const GENERATED = { ...spec, observationEnd: '1997-10-31', holdoutEnd: '1997-12-31', title: 'Generated', horizon: 26 } as const;
const small = generatedLog(800, 2); // MBG/NBD has the smallest holdout error here
const withoutSegments = ({ segments: _segments, ...rest }: CustomerValueAnalysis) => rest;

describe.each(reportEngines())('the warehouse report compares the models on a holdout in %s', (_name, open) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await open();
    await engine.load!('orders', log as never);
    await engine.load!('generated', generated as never);
    await engine.load!('small', small as never);
  }, 120_000);
  afterAll(() => engine?.close());

  it.each([
    ['CDNOW (Pareto/NBD picked)', 'orders', log, spec],
    ['a generated log with refunds, ties and one-purchase customers', 'generated', generated, GENERATED],
    ['another generated log (MBG/NBD picked)', 'small', small, GENERATED],
  ] as const)(
    'equals analyzeCustomerValue on %s, all but the segments, from aggregates only',
    async (_case, table, data, s) => {
      const want = data === log ? analysis : analyzeCustomerValue(data, s);
      if (data === small) expect(want.modelComparison!.picked).toBe('MBG/NBD');
      const progress: WarehouseProgress[] = [];
      const { analysis: got, models } = await analyzeCustomerValueInWarehouse(engine, s, { table, onProgress: (e) => progress.push(e) });
      expect(got.modelComparison).toBeDefined();
      expect(differences(withoutSegments(got), withoutSegments(want))).toEqual([]);
      // holdout errors are exact from the groups
      expect(
        differences(
          got.modelComparison!.models.map((m) => [m.mae, m.rmse]),
          want.modelComparison!.models.map((m) => [m.mae, m.rmse]),
          1e-12,
        ),
      ).toEqual([]);
      expect([got.modelComparison!.picked, got.purchaseModel.kind, models.purchaseModel.kind]).toEqual([
        want.modelComparison!.picked,
        want.purchaseModel.kind,
        want.purchaseModel.kind,
      ]);
      expect(outsideSegments(renderReportMarkdown(got))).toBe(outsideSegments(renderReportMarkdown(want)));
      // the comparison's rows: the histogram's groups (x, t_x, T, holdout purchases), the birth days and the repeat-purchase days
      const split = calibrationHoldout(data, {
        customer: 'customer',
        date: 'date',
        calibrationEnd: s.observationEnd,
        observationEnd: s.holdoutEnd,
        timeUnit: 'week',
      });
      const groups = new Set(Array.from(split.frequency, (x, i) => `${x} ${split.recency[i]} ${split.T[i]} ${split.frequencyHoldout[i]}`)).size;
      const days = (Date.parse(s.holdoutEnd) - Date.parse(want.window.start)) / 86_400_000 + 1;
      const comparison = progress.find((p) => p.stage === 'model comparison')!;
      expect(comparison.rows).toBeLessThanOrEqual(groups + 2 * days);
      if (data === log) expect(comparison.rows).toBeLessThan(want.counts.customers / 2); // 10,154 rows for 23,570 customers
    },
    300_000,
  );
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScorer, CustomerValueError, fitRfm, fitValuePyramid, parseModel, scoreValuePyramid, summarizeTransactions, toSql } from '../../src/index.js';
import { customerLifetimeValue, fitBetaGeo, fitGammaGamma } from '../../src/clv.js';
import { fitInWarehouse, type WarehouseProgress } from '../../src/warehouse.js';
import { cdnowLog, differences, generatedLog, reportEngines, type ReportLog, type TestEngine } from '../helpers/reportLogs.js';

// The witness: the report's models fitted in memory on the same log, as analyzeCustomerValue fits
// them (summary → BG/NBD, Gamma-Gamma → CLV → pyramid on revenue + CLV, RFM on periods inactive).

const SPEC = { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '1997-09-30', title: 'CDNOW' } as const;
const logs: [string, ReportLog][] = [
  ['CDNOW', cdnowLog()],
  ['a generated log with refunds, ties and one-purchase customers', generatedLog()],
];

function inMemoryModels(log: ReportLog) {
  const summary = summarizeTransactions(log, { customer: 'customer', date: 'date', amount: 'amount', observationEnd: SPEC.observationEnd, timeUnit: 'week' });
  const betaGeo = fitBetaGeo(summary, { timeUnit: 'week' });
  const gammaGamma = fitGammaGamma(summary, { nonPositiveSpend: 'exclude' });
  const perYear = 365.25 / 7;
  const discountRate = Math.pow(1.1, 1 / perYear) - 1;
  const { clv } = customerLifetimeValue({
    purchaseModel: betaGeo,
    spendModel: gammaGamma,
    customers: summary,
    horizon: 52,
    timeUnit: 'week',
    discountRate,
    margin: 1,
  });
  const customers = { ...summary, clv, periodsInactive: summary.T.map((t, i) => t - summary.recency[i]) };
  const valuePyramid = fitValuePyramid(customers, {
    dimensions: [
      { column: 'revenue', scale: 'none' },
      { column: 'clv', scale: 'none' },
    ],
  });
  const rfm = fitRfm(customers, {
    recency: { column: 'periodsInactive', better: 'lower' },
    frequency: { column: 'frequency' },
    monetary: { column: 'revenue' },
  });
  return { summary, customers, betaGeo, gammaGamma, valuePyramid, rfm };
}
const expected = logs.map(([, log]) => inMemoryModels(log));

describe.each(reportEngines())('fitInWarehouse in %s', (_name, open) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await open();
    for (const [i, [, log]] of logs.entries()) await engine.load!(`log_${i}`, log as never);
  }, 120_000);
  afterAll(() => engine?.close());

  it.each(logs.map(([name], i) => [name, i] as const))(
    'fits the models of the in-memory report on %s',
    async (_log, i) => {
      const want = expected[i];
      // a stale work table of an earlier run is replaced
      await engine.run('CREATE TABLE cv_summary AS SELECT 1 AS stale');
      const progress: WarehouseProgress[] = [];
      const got = await fitInWarehouse(engine, SPEC, { table: `log_${i}`, onProgress: (e) => progress.push(e) });
      expect(differences(got.betaGeo.params, want.betaGeo.params)).toEqual([]);
      expect(differences(got.gammaGamma.params, want.gammaGamma.params)).toEqual([]);
      expect([got.betaGeo.fitted.n, got.gammaGamma.fitted.n]).toEqual([want.betaGeo.fitted.n, want.gammaGamma.fitted.n]);
      // pyramid and RFM: the same learned values; their specs differ only in missing ('skip' in the engine)
      const { spec: pyramidSpec, ...pyramid } = got.valuePyramid;
      const { spec: wantPyramidSpec, ...wantPyramid } = want.valuePyramid;
      expect(differences(pyramid, wantPyramid)).toEqual([]);
      expect({ ...pyramidSpec, missing: 'error' }).toEqual(wantPyramidSpec);
      const { spec: rfmSpec, ...rfm } = got.rfm;
      const { spec: wantRfmSpec, ...wantRfm } = want.rfm;
      expect(differences(rfm, wantRfm)).toEqual([]);
      expect({ ...rfmSpec, missing: 'error' }).toEqual(wantRfmSpec);
      // plain JSON models: parseModel, compileScorer and toSql take them
      for (const model of [got.betaGeo, got.gammaGamma, got.valuePyramid, got.rfm, got.segments]) {
        const parsed = parseModel(JSON.parse(JSON.stringify(model)));
        expect(parsed).toEqual(JSON.parse(JSON.stringify(model)));
        if (parsed.kind === 'gammaGamma') continue; // scored through customerLifetimeValue, not compiled
        expect(compileScorer({ model: parsed }).inputs.length).toBeGreaterThan(0);
        expect(toSql(parsed as never, { dialect: engine.dialect, table: 'customers' })).toContain('SELECT');
      }
      // the pyramid scores the in-memory customers into the same tiers, but for a customer whose
      // value is a threshold itself (a type-1 quantile is a customer's value) to within 1e-9: the
      // engine's threshold may sit an ulp to either side of the in-memory one
      const engineScores = scoreValuePyramid(got.valuePyramid, want.customers);
      const memoryScores = scoreValuePyramid(want.valuePyramid, want.customers);
      const atAThreshold = (v: number) => want.valuePyramid.thresholds.some((t) => Math.abs(v - t) <= 1e-9 * Math.max(1, Math.abs(t)));
      const moved = Array.from(engineScores.tier.keys()).filter((c) => engineScores.tier[c] !== memoryScores.tier[c]);
      expect(moved.filter((c) => !atAThreshold(memoryScores.value[c]))).toEqual([]);
      expect(moved.length).toBeLessThanOrEqual(want.valuePyramid.thresholds.length);
      // segments: every customer in a segment, k from the sample's silhouette curve
      expect(got.segments.fitted.n).toBe(want.summary.counts.customers);
      expect(got.choice.curve.map((c) => c.k)).toContain(got.segments.spec.k);
      expect(got.counts).toEqual({ customers: want.summary.counts.customers, sample: Math.min(3000, want.summary.counts.customers) });
      expect(got.transferred.rows).toBe(progress.reduce((a, p) => a + p.rows, 0));
      // what crossed, stage by stage: the sample is the only customer-level data; the rest is histograms and aggregates
      const histories = got.betaGeo.fitted.diagnostics.groups;
      for (const { stage, rows } of progress) {
        if (stage === 'segment sample') expect(rows).toBe(got.counts.sample);
        else if (stage === 'segments') expect(rows, stage).toBeLessThanOrEqual(got.counts.sample + 100 * got.segments.spec.k);
        else if (stage === 'histograms') expect(rows, stage).toBeLessThanOrEqual(histories + got.gammaGamma.fitted.n + 1);
        else if (stage === 'scores') expect(rows, stage).toBeLessThanOrEqual(histories + 1);
        else expect(rows, stage).toBeLessThanOrEqual(20);
      }
      // the work tables are gone
      const left = await engine.query(`SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'cv\\_%' ESCAPE '\\'`);
      expect(left).toEqual([]);
    },
    300_000,
  );

  it('refuses a bad prefix and an engine without load before running anything', async () => {
    const queries: string[] = [];
    const spy = { dialect: engine.dialect, query: (sql: string) => (queries.push(sql), []) };
    const noLoad = await fitInWarehouse(spy, SPEC, { table: 'log_1' }).catch((e: unknown) => e);
    expect((noLoad as CustomerValueError).code).toBe('invalid_spec');
    expect((noLoad as CustomerValueError).issues[0].path).toBe('engine.load');
    const badPrefix = await fitInWarehouse({ ...spy, load: () => undefined }, SPEC, { table: 'log_1', prefix: 'x; DROP' }).catch((e: unknown) => e);
    expect((badPrefix as CustomerValueError).issues[0].path).toBe('options.prefix');
    expect(queries).toEqual([]);
  });

  it('names itself and the stage when a function it calls refuses the data (here no repeat buyer for BG/NBD)', async () => {
    await engine.load!('one_purchase_log', {
      customer: ['a', 'b', 'c', 'd'],
      date: ['2020-01-03', '2020-02-01', '2020-03-05', '2020-04-01'],
      amount: Float64Array.from([10, 20, 30, 40]),
    });
    const spec = { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '2020-06-30' };
    const error = (await fitInWarehouse(engine, spec, { table: 'one_purchase_log', prefix: 'once_' }).catch((e: unknown) => e)) as CustomerValueError;
    expect(error).toBeInstanceOf(CustomerValueError);
    expect(error.message.split('\n')[0]).toMatch(/^fitInWarehouse: the fit clv stage failed: fitClvInWarehouse: the BG\/NBD fit stage failed: fitBetaGeo: /);
    expect(error.issues[0].function).toBe('fitBetaGeo');
    expect(await engine.query(`SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'once\\_%' ESCAPE '\\'`)).toEqual([]);
  }, 120_000);

  it('names the stage of an engine error (here the scores) and drops the work tables', async () => {
    const failing = {
      dialect: engine.dialect,
      query: (sql: string) => engine.query(sql),
      load: () => {
        throw new Error('disk full');
      },
    };
    const error = (await fitInWarehouse(failing, SPEC, { table: 'log_1', prefix: 'broken_' }).catch((e: unknown) => e)) as CustomerValueError;
    expect(error.code).toBe('engine_failed');
    expect(error.message.split('\n')[0]).toBe(
      'fitInWarehouse: the scores stage failed: betaGeoScoresInWarehouse: the lookup load query failed in the engine: disk full',
    );
    expect(await engine.query(`SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'broken%'`)).toEqual([]);
  }, 120_000);
});

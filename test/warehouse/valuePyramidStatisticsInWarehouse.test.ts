import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerValueError, fitValuePyramid, scoreValuePyramid, type ValuePyramidModel, type ValuePyramidSpec } from '../../src/index.js';
import { valuePyramidStatisticsInWarehouse } from '../../src/warehouse/valuePyramidStatisticsInWarehouse.js';
import type { WarehouseEngine } from '../../src/warehouse/warehouseEngine.js';
import { duckdbTestEngine, postgresTestEngine } from '../helpers/engines.js';
import { postgresBin } from '../helpers/postgres.js';
import { cdnowCustomers, generatedCustomers, loadTable, wholesaleCustomers, withNaN, type ValueTable } from '../helpers/valueTables.js';

// The witness is the in-memory fit on the same rows: fitValuePyramid on statistics computed in
// DuckDB and PostgreSQL must give the raw-row model — the same customers per tier and tier of
// every customer, scaling and thresholds bit for bit when no dimension is z-scored (they are data
// values, or affine maps of data values computed by the same JavaScript), and within 1e-12
// relative when one is (the engine's AVG/STDDEV_SAMP add in another order than Welford), value
// shares within 1e-12 — on the CDNOW customer summary, the UCI wholesale customers, and a
// generated table with heavy ties, NULLs, a NaN, zeros and negatives.

type Engine = WarehouseEngine & { run(sql: string): unknown; close(): void };

const skip = { missing: 'skip' } as const;
const cases: { table: string; data: () => ValueTable; specs: ValuePyramidSpec[] }[] = [
  {
    table: 'cdnow',
    data: cdnowCustomers,
    specs: [
      { dimensions: [{ column: 'zbar', transform: 'log1p' }, { column: 'x' }, { column: 't_x', weight: 0.5 }], ...skip },
      { dimensions: [{ column: 'zbar', scale: 'none' }], tiers: { method: 'cumulativeShare' }, ...skip },
      {
        dimensions: [
          { column: 'x', scale: 'minmax' },
          { column: 'T', scale: 'minmax', better: 'lower' },
          { column: 'zbar', scale: 'minmax', transform: 'log1p' },
        ],
        tiers: {
          method: 'cumulativeShare',
          cuts: [
            { name: 'A', share: 0.5 },
            { name: 'B', share: 0.3 },
            { name: 'C', share: 0.2 },
          ],
        },
        ...skip,
      },
      {
        dimensions: [
          { column: 'x', scale: 'minmax', weight: 2 },
          { column: 'zbar', scale: 'minmax' },
        ],
        tiers: {
          method: 'quantile',
          cuts: [
            { name: 'a', share: 0.1 },
            { name: 'b', share: 0.3 },
            { name: 'c', share: 0.6 },
          ],
        },
        ...skip,
      },
    ],
  },
  {
    table: 'wholesale',
    data: wholesaleCustomers,
    specs: [
      { dimensions: [{ column: 'Fresh' }, { column: 'Milk' }, { column: 'Grocery', weight: 2 }, { column: 'Detergents_Paper', better: 'lower' }], ...skip },
      { dimensions: [{ column: 'Grocery', scale: 'none' }], tiers: { method: 'cumulativeShare' }, ...skip },
      {
        dimensions: [
          { column: 'Fresh', scale: 'minmax', transform: 'log1p' },
          { column: 'Delicassen', scale: 'minmax', transform: 'log1p' },
        ],
        ...skip,
      },
    ],
  },
  {
    table: 'generated',
    data: generatedCustomers,
    specs: [
      {
        dimensions: [
          { column: 'recency', better: 'lower' },
          { column: 'frequency' },
          { column: 'spend', transform: 'log1p' },
          { column: 'margin', weight: 0.3 },
        ],
        ...skip,
      },
      {
        dimensions: [
          { column: 'margin', scale: 'minmax' },
          { column: 'frequency', scale: 'minmax' },
        ],
        tiers: { method: 'cumulativeShare' },
        ...skip,
      },
      {
        dimensions: [
          { column: 'spend', scale: 'none' },
          { column: 'frequency', scale: 'none', weight: 0 },
        ],
        tiers: { method: 'cumulativeShare' },
        ...skip,
      },
      {
        dimensions: [
          { column: 'frequency', scale: 'none' },
          { column: 'recency', scale: 'none', better: 'lower' },
        ],
        ...skip,
      },
    ],
  },
];

/** The in-memory view of a table: nulls, and the NaN row the engine table gets too. */
function inMemory(name: string, table: ValueTable): Record<string, number[]> {
  const columns = withNaN(table);
  if (name === 'generated') for (const values of Object.values(columns)) values.push(values === columns.spend ? Number.NaN : 1);
  return columns;
}

function close(actual: number, expected: number, scale: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(expected), scale));
}

/** The engine model against the raw-row model (see the header for what is exact). */
function expectSameModel(engineModel: ValuePyramidModel, memory: ValuePyramidModel, data: Record<string, number[]>): void {
  expect(engineModel.spec).toEqual(memory.spec);
  expect(engineModel.tierNames).toEqual(memory.tierNames);
  expect(engineModel.fitted.n).toBe(memory.fitted.n);
  expect(engineModel.fitted.skipped).toBe(memory.fitted.skipped);
  expect(engineModel.fitted.diagnostics.customersPerTier).toEqual(memory.fitted.diagnostics.customersPerTier);
  const zscored = memory.spec.dimensions.some((d) => d.scale === 'zscore');
  if (zscored) {
    memory.scaling.forEach((s, i) => {
      expect(engineModel.scaling[i].column).toBe(s.column);
      close(engineModel.scaling[i].center, s.center, s.spread);
      close(engineModel.scaling[i].spread, s.spread, 0);
      close(engineModel.scaling[i].weight, s.weight, 0);
    });
    const scale = Math.max(...memory.thresholds.map(Math.abs), 1);
    memory.thresholds.forEach((t, j) => close(engineModel.thresholds[j], t, scale));
  } else {
    expect(engineModel.scaling).toEqual(memory.scaling);
    expect(engineModel.thresholds).toEqual(memory.thresholds);
  }
  const shares = memory.fitted.diagnostics.valueSharePerTier;
  if (shares === null) expect(engineModel.fitted.diagnostics.valueSharePerTier).toBeNull();
  else shares.forEach((share, j) => close(engineModel.fitted.diagnostics.valueSharePerTier![j], share, 1));
  close(engineModel.fitted.diagnostics.meanValue, memory.fitted.diagnostics.meanValue, Math.max(...memory.thresholds.map(Math.abs), 1));
  // every customer lands in the same tier under either model
  expect(Array.from(scoreValuePyramid(engineModel, data).tier)).toEqual(Array.from(scoreValuePyramid(memory, data).tier));
}

const bin = postgresBin();
if (!bin && process.env.CI) throw new Error('PostgreSQL is not installed: .ci/run should have installed the postgresql package');

const engines: [string, () => Promise<Engine> | Engine, boolean][] = [
  ['DuckDB', duckdbTestEngine, false],
  ['PostgreSQL', () => postgresTestEngine(bin!), !bin],
];

for (const [name, start, skipped] of engines) {
  describe.skipIf(skipped)(`valuePyramidStatisticsInWarehouse in ${name}`, () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await start();
      for (const c of cases) await loadTable(engine, c.table, c.data(), name === 'DuckDB' ? 'DOUBLE' : 'DOUBLE PRECISION');
      await engine.run(`INSERT INTO "generated" VALUES (1, 1, CAST('NaN' AS ${name === 'DuckDB' ? 'DOUBLE' : 'DOUBLE PRECISION'}), 1)`);
      await engine.run(`CREATE TABLE "infinite" AS SELECT * FROM "cdnow"`);
      await engine.run(`UPDATE "infinite" SET "zbar" = CAST('Infinity' AS ${name === 'DuckDB' ? 'DOUBLE' : 'DOUBLE PRECISION'}) WHERE "x" = 3`);
      await engine.run(`CREATE TABLE "flat" AS SELECT "x", 7 AS "seven" FROM "cdnow"`);
    }, 120_000);
    afterAll(() => engine?.close());

    for (const c of cases) {
      c.specs.forEach((spec, k) => {
        it(`${c.table} #${k}: fitValuePyramid(statistics, spec) equals fitValuePyramid(rows, spec)`, async () => {
          const data = inMemory(c.table, c.data());
          const memory = fitValuePyramid(data, spec);
          const statistics = await valuePyramidStatisticsInWarehouse(engine, spec, { table: c.table });
          expect(statistics.rows).toBe(data[Object.keys(data)[0]].length);
          expectSameModel(fitValuePyramid(statistics, spec), memory, data);
          // plain data: the statistics survive JSON
          expect(fitValuePyramid(JSON.parse(JSON.stringify(statistics)), spec)).toEqual(fitValuePyramid(statistics, spec));
        });
      });
    }

    it('refuses what the in-memory fit refuses, by the same error', async () => {
      const infinite = await valuePyramidStatisticsInWarehouse(engine, { dimensions: [{ column: 'zbar' }], ...skip }, { table: 'infinite' }).catch(
        (e: unknown) => e,
      );
      expect(infinite).toBeInstanceOf(CustomerValueError);
      expect(infinite).toMatchObject({ code: 'invalid_value', issues: [{ column: 'zbar', expected: 'a finite number' }] });
      const constant = await valuePyramidStatisticsInWarehouse(
        engine,
        { dimensions: [{ column: 'x' }, { column: 'seven' }], ...skip },
        { table: 'flat' },
      ).catch((e: unknown) => e);
      expect(constant).toMatchObject({ code: 'invalid_value', issues: [{ column: 'seven', hint: "drop the dimension or set dimensions[1].scale: 'none'" }] });
      const negative = { dimensions: [{ column: 'margin', scale: 'none' }], tiers: { method: 'cumulativeShare' }, ...skip } as const;
      const memoryError = (() => {
        try {
          fitValuePyramid(inMemory('generated', generatedCustomers()), negative);
        } catch (error) {
          return error as CustomerValueError;
        }
      })();
      // refused in the engine path too, after the cuts query and before the ranks and tiers queries
      const stages: string[] = [];
      const engineError = (await valuePyramidStatisticsInWarehouse(engine, negative, { table: 'generated', onProgress: (e) => stages.push(e.stage) }).then(
        () => null,
        (e: unknown) => e,
      )) as CustomerValueError;
      expect(engineError).toMatchObject({ code: 'invalid_value', issues: [{ path: 'spec.tiers.method', received: memoryError!.issues[0].received }] });
      expect(engineError.message).toBe(memoryError!.message.replace('fitValuePyramid', 'valuePyramidStatisticsInWarehouse'));
      expect(stages).toEqual(['moments', 'cuts']);
    });

    it('names the stage and the engine message for a missing table or column', async () => {
      const column = await valuePyramidStatisticsInWarehouse(engine, { dimensions: [{ column: 'nope' }], ...skip }, { table: 'cdnow' }).catch(
        (e: unknown) => e,
      );
      expect(column).toMatchObject({ code: 'engine_failed' });
      expect((column as Error).message).toMatch(/^valuePyramidStatisticsInWarehouse: the moments query failed in the engine: .*nope/);
      const table = await valuePyramidStatisticsInWarehouse(engine, { dimensions: [{ column: 'x' }], ...skip }, { table: 'missing_table' }).catch(
        (e: unknown) => e,
      );
      expect((table as Error).message).toMatch(/the moments query failed in the engine: .*missing_table/);
    });

    it('an engine error mid-way names that stage and returns nothing', async () => {
      let calls = 0;
      const failing: WarehouseEngine = {
        dialect: engine.dialect,
        query: (sql) => (++calls === 2 ? Promise.reject(new Error('connection reset')) : engine.query(sql)),
      };
      const error = await valuePyramidStatisticsInWarehouse(failing, { dimensions: [{ column: 'x' }], ...skip }, { table: 'cdnow' }).catch((e: unknown) => e);
      expect((error as Error).message).toBe(
        'valuePyramidStatisticsInWarehouse: the ranks query failed in the engine: connection reset\n  ✖ expected the ranks query to run, got "connection reset"',
      );
    });
  });
}

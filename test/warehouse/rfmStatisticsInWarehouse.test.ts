import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerValueError, fitRfm, type RfmSpec } from '../../src/index.js';
import { rfmQuantilesSql } from '../../src/warehouse/rfmQuantilesSql.js';
import { rfmStatisticsInWarehouse } from '../../src/warehouse/rfmStatisticsInWarehouse.js';
import { runWarehouseQuery, type WarehouseEngine } from '../../src/warehouse/warehouseEngine.js';
import { duckdbTestEngine, postgresTestEngine } from '../helpers/engines.js';
import { postgresBin } from '../helpers/postgres.js';
import { cdnowCustomers, generatedCustomers, loadTable, wholesaleCustomers, withNaN, type ValueTable } from '../helpers/valueTables.js';

// The witness is the in-memory fit on the same rows: fitRfm on statistics computed in DuckDB and
// PostgreSQL must equal fitRfm on the rows exactly (thresholds are data values, score counts are
// counts) — on the CDNOW customer summary (most customers have x = 0: heavy ties, empty scores),
// the UCI wholesale customers, and a generated table with ties, NULLs, a NaN, zeros and
// negatives — with the dialect's ordered-set aggregate and with the ROW_NUMBER() form Spark and
// BigQuery get, both executed here.

type Engine = WarehouseEngine & { run(sql: string): unknown; close(): void };

const cases: { table: string; data: () => ValueTable; specs: RfmSpec[] }[] = [
  {
    table: 'cdnow',
    data: cdnowCustomers,
    specs: [
      { recency: { column: 't_x', better: 'higher' }, frequency: { column: 'x' }, monetary: { column: 'zbar' }, missing: 'skip' },
      { recency: { column: 'T', better: 'lower' }, frequency: { column: 'x' }, monetary: { column: 'zbar', better: 'lower' }, bins: 9, missing: 'skip' },
      { recency: { column: 't_x', better: 'lower' }, frequency: { column: 'x' }, monetary: { column: 'zbar' }, bins: 2, missing: 'skip' },
    ],
  },
  {
    table: 'wholesale',
    data: wholesaleCustomers,
    specs: [
      { recency: { column: 'Fresh', better: 'higher' }, frequency: { column: 'Milk' }, monetary: { column: 'Grocery' }, missing: 'skip' },
      {
        recency: { column: 'Frozen', better: 'lower' },
        frequency: { column: 'Delicassen' },
        monetary: { column: 'Detergents_Paper' },
        bins: 7,
        missing: 'skip',
      },
    ],
  },
  {
    table: 'generated',
    data: generatedCustomers,
    specs: [
      { recency: { column: 'recency', better: 'lower' }, frequency: { column: 'frequency' }, monetary: { column: 'spend' }, missing: 'skip' },
      { recency: { column: 'recency', better: 'lower' }, frequency: { column: 'frequency' }, monetary: { column: 'margin' }, bins: 3, missing: 'skip' },
      { recency: { column: 'margin', better: 'higher' }, frequency: { column: 'frequency' }, monetary: { column: 'spend' }, bins: 9, missing: 'skip' },
    ],
  },
];

// 2,520 = lcm(1..9) customers: every rank b·n/k is a whole number for every bins, so each
// threshold sits exactly on a boundary of a tie group (a: three values; b: nine groups of 280;
// c: all distinct) — where a percentile definition off by one, or p·n rounding the wrong way,
// would return the neighbouring value.
const boundaries = (): ValueTable => ({
  a: Array.from({ length: 2520 }, (_, i) => i % 3),
  b: Array.from({ length: 2520 }, (_, i) => Math.floor(i / 280)),
  c: Array.from({ length: 2520 }, (_, i) => (i * 7919) % 2520),
});
cases.push({
  table: 'boundaries',
  data: boundaries,
  specs: [2, 3, 4, 5, 6, 7, 8, 9].map((bins) => ({
    recency: { column: 'a', better: 'lower' },
    frequency: { column: 'b' },
    monetary: { column: 'c' },
    bins,
    missing: 'skip',
  })),
});

/** The in-memory view of a table: nulls, and the NaN row the engine table gets too. */
function inMemory(name: string, table: ValueTable): Record<string, number[]> {
  const columns = withNaN(table);
  if (name === 'generated') for (const [k, values] of Object.entries(columns)) values.push(k === 'spend' ? Number.NaN : 1);
  return columns;
}

const bin = postgresBin();
if (!bin && process.env.CI) throw new Error('PostgreSQL is not installed: .ci/run should have installed the postgresql package');

const engines: [string, () => Promise<Engine> | Engine, boolean][] = [
  ['DuckDB', duckdbTestEngine, false],
  ['PostgreSQL', () => postgresTestEngine(bin!), !bin],
];

for (const [name, start, skipped] of engines) {
  describe.skipIf(skipped)(`rfmStatisticsInWarehouse in ${name}`, () => {
    let engine: Engine;
    const double = name === 'DuckDB' ? 'DOUBLE' : 'DOUBLE PRECISION';
    beforeAll(async () => {
      engine = await start();
      for (const c of cases) await loadTable(engine, c.table, c.data(), double);
      await engine.run(`INSERT INTO "generated" VALUES (1, 1, CAST('NaN' AS ${double}), 1)`);
      await engine.run(`CREATE TABLE "infinite" AS SELECT * FROM "cdnow"`);
      await engine.run(`UPDATE "infinite" SET "zbar" = CAST('-Infinity' AS ${double}) WHERE "x" = 3`);
    }, 120_000);
    afterAll(() => engine?.close());

    for (const c of cases) {
      c.specs.forEach((spec, k) => {
        it(`${c.table} #${k}: fitRfm(statistics, spec) equals fitRfm(rows, spec), exactly`, async () => {
          const data = inMemory(c.table, c.data());
          const memory = fitRfm(data, spec);
          const statistics = await rfmStatisticsInWarehouse(engine, spec, { table: c.table });
          expect(fitRfm(statistics, spec)).toEqual(memory);
          expect(fitRfm(JSON.parse(JSON.stringify(statistics)), spec)).toEqual(memory);
        });

        it(`${c.table} #${k}: the ROW_NUMBER() form gives the ordered-set aggregate's quantiles and counts`, async () => {
          const statistics = await rfmStatisticsInWarehouse(engine, spec, { table: c.table });
          const columns = [spec.recency, spec.frequency, spec.monetary].map((d) => ({ column: d.column, log1p: false }));
          const where = { function: 'test', stage: 'quantiles' };
          const bins = spec.bins ?? 5;
          const [ordered, windowed] = await Promise.all(
            (['orderedSet', 'rowNumber'] as const).map((form) =>
              runWarehouseQuery(engine, where, rfmQuantilesSql('test', engine.dialect, c.table, columns, statistics.n, bins, form)),
            ),
          );
          expect(windowed.map((row) => Object.fromEntries(Object.entries(row).map(([key, v]) => [key, Number(v)])))).toEqual(
            ordered.map((row) => Object.fromEntries(Object.entries(row).map(([key, v]) => [key, Number(v)]))),
          );
        });
      });
    }

    it('refuses ±Infinity as the in-memory fit does, naming the column', async () => {
      const spec = { recency: { column: 't_x', better: 'higher' }, frequency: { column: 'x' }, monetary: { column: 'zbar' }, missing: 'skip' } as const;
      const error = await rfmStatisticsInWarehouse(engine, spec, { table: 'infinite' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CustomerValueError);
      expect(error).toMatchObject({ code: 'invalid_value', issues: [{ column: 'zbar', expected: 'a finite number' }] });
    });

    it('names the stage and the engine message for a missing column', async () => {
      const spec = { recency: { column: 't_x', better: 'higher' }, frequency: { column: 'nope' }, monetary: { column: 'zbar' }, missing: 'skip' } as const;
      const error = await rfmStatisticsInWarehouse(engine, spec, { table: 'cdnow' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'engine_failed' });
      expect((error as Error).message).toMatch(/^rfmStatisticsInWarehouse: the moments query failed in the engine: .*nope/);
    });
  });
}

// Runs the exported SQL (toSql) of the same two models in embedded DuckDB on the same rows
// (loaded once from a CSV copy of the columns; loading is not timed), with THREADS threads.
// Times SELECT sum(...) over the scored rows (so every output is computed), best of 3.
// Usage: node duckdb-scoring.mjs N THREADS. Prints a JSON line.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { toSql } from 'customer-value';
import { COLUMNS, scoringDir } from './generate-scoring.mjs';

const n = Number(process.argv[2]);
const threads = Number(process.argv[3] ?? 1);
const dir = scoringDir(n);
const csv = `${dir}data.csv`;
if (!existsSync(csv)) {
  const cols = COLUMNS.map((c) => {
    const bytes = readFileSync(`${dir}${c}.f64`);
    return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  });
  const lines = [COLUMNS.join(',')];
  for (let i = 0; i < n; i++) lines.push(cols.map((x) => String(x[i])).join(','));
  writeFileSync(csv, `${lines.join('\n')}\n`);
}
const models = JSON.parse(readFileSync(`${dir}models.json`, 'utf8'));
const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const connection = await db.connect();
await connection.run(
  `CREATE TABLE customers AS SELECT * FROM read_csv('${csv}', header = true, columns = {${COLUMNS.map((c) => `'${c}': 'DOUBLE'`).join(', ')}})`,
);
const rfmSql = toSql(models.rfm, { dialect: 'duckdb', table: 'customers', keep: COLUMNS, name: 'rfm' });
// score both models: the pyramid over the RFM query's output (it keeps the input columns)
const sql = toSql(models.pyramid, { dialect: 'duckdb', table: 'scored_rfm', keep: [...COLUMNS, 'rfm_cell'], name: 'pyramid' });
const query = `WITH scored_rfm AS (${rfmSql}) SELECT sum(rfm_cell) AS cell, sum(pyramid_tier) AS tier, sum(pyramid_value) AS value FROM (${sql.replace('FROM "scored_rfm"', 'FROM scored_rfm')})`;
let best = Infinity;
let check = null;
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  const result = await connection.runAndReadAll(query);
  best = Math.min(best, performance.now() - t0);
  const row = result.getRowObjectsJS()[0];
  check = { cellSum: Number(row.cell), tierSum: Number(row.tier), valueSum: Number(row.value) };
}
console.log(JSON.stringify({ impl: `DuckDB ${threads} thread${threads > 1 ? 's' : ''} (exported SQL)`, n, seconds: best / 1000, check }));

// Runs the exported SQL (toSql) of the same three models (two RFM, one value pyramid) in embedded DuckDB on the same rows
// (loaded once from a CSV copy of the columns; loading is not timed), with THREADS threads.
// Times SELECT sum(...) over the scored rows (so every output is computed), best of 3.
// Usage: node duckdb-scoring.mjs N THREADS. Prints a JSON line.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { toSql } from 'customer-value';
import { COLUMNS, scoringDir, WORKLOAD_MODELS } from './generate-scoring.mjs';
import { RFM_MODELS, SCORE_FIELDS } from './lib/scoringChecks.mjs';

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
const models = JSON.parse(readFileSync(`${dir}${WORKLOAD_MODELS}`, 'utf8'));
const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const connection = await db.connect();
await connection.run(
  `CREATE TABLE customers AS SELECT * FROM read_csv('${csv}', header = true, columns = {${COLUMNS.map((c) => `'${c}': 'DOUBLE'`).join(', ')}})`,
);
// score the three models in a chain, each over the previous query's output (which keeps the columns)
const kept = [...COLUMNS];
const ctes = [];
let from = 'customers';
for (const name of RFM_MODELS) {
  const sql = toSql(models[name], { dialect: 'duckdb', table: from, keep: kept, name });
  ctes.push(`scored_${name} AS (${sql.replace(`FROM "${from}"`, `FROM ${from}`)})`);
  kept.push(...['cell', 'total', ...SCORE_FIELDS].map((f) => `${name}_${f}`));
  from = `scored_${name}`;
}
const pyramidSql = toSql(models.pyramid, { dialect: 'duckdb', table: from, keep: kept, name: 'pyramid' }).replace(`FROM "${from}"`, `FROM ${from}`);
const sum = (fields) => fields.map((f) => `sum(${f})`).join(' + ');
const query = `WITH ${ctes.join(', ')} SELECT ${sum(RFM_MODELS.map((m) => `${m}_cell`))} AS cell, ${sum(RFM_MODELS.map((m) => `${m}_total`))} AS total, ${sum(
  RFM_MODELS.flatMap((m) => SCORE_FIELDS.map((f) => `${m}_${f}`)),
)} AS score, sum(pyramid_tier) AS tier, sum(pyramid_value) AS value FROM (${pyramidSql})`;
let best = Infinity;
let check = null;
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  const result = await connection.runAndReadAll(query);
  best = Math.min(best, performance.now() - t0);
  const row = result.getRowObjectsJS()[0];
  check = { cellSum: Number(row.cell), totalSum: Number(row.total), scoreSum: Number(row.score), tierSum: Number(row.tier), valueSum: Number(row.value) };
}
console.log(JSON.stringify({ impl: `DuckDB ${threads} thread${threads > 1 ? 's' : ''} (exported SQL)`, n, seconds: best / 1000, check }));

// CSV → score → CSV in embedded DuckDB: COPY (the exported SQL over read_csv) TO a CSV file,
// keeping the id column, with THREADS threads. Prints a JSON line like ours-streaming.mjs.
// Usage: node duckdb-streaming.mjs N THREADS
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { toSql } from 'customer-value';
import { COLUMNS, scoringDir } from './generate-scoring.mjs';
import { scoredChecksum } from './lib/scoredChecksum.mjs';

const n = Number(process.argv[2]);
const threads = Number(process.argv[3] ?? 1);
const dir = scoringDir(n);
const models = JSON.parse(readFileSync(`${dir}models.json`, 'utf8'));
const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const connection = await db.connect();
const source = `read_csv('${dir}stream.csv', header = true, columns = {'id': 'VARCHAR', ${COLUMNS.map((c) => `'${c}': 'DOUBLE'`).join(', ')}})`;
const rfm = toSql(models.rfm, { dialect: 'duckdb', table: 'input', keep: ['id', ...COLUMNS], name: 'rfm' }).replace('FROM "input"', `FROM ${source}`);
const both = toSql(models.pyramid, {
  dialect: 'duckdb',
  table: 'scored',
  keep: ['id', 'rfm_recency', 'rfm_frequency', 'rfm_monetary', 'rfm_cell', 'rfm_total'],
  name: 'pyramid',
}).replace('FROM "scored"', `FROM (${rfm}) AS scored`);
const output = `${dir}duckdb-scored.csv`;
const t0 = performance.now();
await connection.run(`COPY (${both}) TO '${output}' (HEADER)`);
const seconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    impl: `DuckDB COPY (SELECT exported SQL) TO csv, ${threads} thread${threads > 1 ? 's' : ''}`,
    n,
    seconds,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    check: await scoredChecksum(output),
  }),
);

// DuckDB's read_csv into memory on the CSV-read benchmark's file: CREATE TABLE t AS SELECT *
// FROM read_csv(FILE) with SET threads = THREADS (types detected, as a user would write it).
// Prints one JSON line like ours-csv-read.mjs.
// Usage: node duckdb-csv-read.mjs FILE THREADS
import { DuckDBInstance } from '@duckdb/node-api';

const [file, threads = '1'] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
await connection.run(`SET threads = ${Number(threads)}`);
const baseRssMB = process.memoryUsage().rss / 2 ** 20;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await connection.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}')`);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const peakRssMB = process.resourceUsage().maxRSS / 1024;
const names = (await connection.runAndReadAll(`SELECT column_name FROM (DESCRIBE t)`)).getRowObjects().map((r) => String(r.column_name));
const sums = (
  await connection.runAndReadAll(`SELECT count(*) AS n, ${names.map((c) => `sum("${c}")::DOUBLE, count(*) - count("${c}")`).join(', ')} FROM t`)
).getRows()[0];
const check = {};
names.forEach((name, i) => (check[name] = [Number(sums[1 + 2 * i]), Number(sums[2 + 2 * i])]));
console.log(
  JSON.stringify({
    impl: `DuckDB read_csv, ${threads} thread${threads === '1' ? '' : 's'}`,
    rows: Number(sums[0]),
    seconds,
    cpuSeconds,
    peakRssMB,
    baseRssMB,
    check,
  }),
);

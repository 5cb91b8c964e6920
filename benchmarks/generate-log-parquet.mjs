// Writes a synthetic transaction log of about N rows to benchmarks/.data/log-N.parquet, generated
// inside DuckDB (no row passes through Node) the BG/NBD way: N/6 customers, each with a first
// purchase day in 1997, a purchase rate λ (per day, heavy-tailed), a dropout probability p after
// each purchase (so 1 + Geometric(p) purchases), exponential gaps between purchases, cut at the end
// of 1998 (some after the 1998-06-30 observation end); amounts s·(5 + 200·u²) dollars with a
// customer spend level s, 1% of them refunds (negative). Deterministic: every value is a hash of
// (customer, transaction, stream). The exact row count is printed and stored in log-N.rows.
// Usage: node generate-log-parquet.mjs N
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

export const logParquet = (n) => new URL(`./.data/log-${n}.parquet`, import.meta.url).pathname;

export async function ensureLogParquet(n) {
  const file = logParquet(n);
  if (existsSync(file)) return file;
  mkdirSync(new URL('./.data/', import.meta.url).pathname, { recursive: true });
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  const customers = Math.max(1, Math.round(n / 6));
  const u = (args) => `((hash(${args}) % 1000003) + 0.5) / 1000003.0`;
  await connection.run(`
    COPY (
      WITH c AS (
        SELECT i AS customer_id, CAST(floor(${u('i, 1')} * 365) AS INTEGER) AS first_day,
               0.002 + 0.03 * pow(-ln(${u('i, 6')}), 1.5) AS rate,
               0.05 + 0.4 * pow(${u('i, 7')}, 2) AS dropout,
               0.3 + 2 * pow(${u('i, 8')}, 2) AS spend
        FROM range(${customers}) t(i)
      ),
      k AS (SELECT *, 1 + LEAST(300, CAST(floor(ln(${u('customer_id, 2')}) / ln(1 - dropout)) AS INTEGER)) AS purchases FROM c),
      t AS (SELECT customer_id, first_day, rate, spend, UNNEST(range(purchases)) AS j FROM k),
      d AS (
        SELECT customer_id, j, spend,
               first_day + CAST(floor(SUM(CASE WHEN j = 0 THEN 0 ELSE -ln(${u('customer_id, j, 3')}) / rate END) OVER (PARTITION BY customer_id ORDER BY j)) AS INTEGER) AS day
        FROM t
      )
      SELECT customer_id, DATE '1997-01-01' + day AS order_date,
             round((CASE WHEN hash(customer_id, j, 4) % 100 = 0 THEN -1 ELSE 1 END) * spend * (5 + 200 * pow(${u('customer_id, j, 5')}, 2)), 2) AS amount
      FROM d WHERE day < 730
    ) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)`);
  const rows = (await connection.runAndReadAll(`SELECT COUNT(*) AS n FROM read_parquet('${file}')`)).getRowObjects()[0].n;
  writeFileSync(file.replace(/\.parquet$/, '.rows'), String(rows));
  connection.closeSync();
  return file;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2]);
  const t = performance.now();
  const file = await ensureLogParquet(n);
  console.log(file, readFileSync(file.replace(/\.parquet$/, '.rows'), 'utf8'), 'rows', ((performance.now() - t) / 1000).toFixed(1), 's');
}

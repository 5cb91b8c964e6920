// The engine side of engineProcess.mjs: DuckDB through customer-value/duckdb, one message at a time.
import { duckdbEngine } from 'customer-value/duckdb';

let engine;
process.on('message', async ({ id, open, sql, load, close }) => {
  try {
    let value;
    if (open) engine = await duckdbEngine(open);
    else if (sql !== undefined) value = await engine.query(sql);
    else if (load) value = await engine.load(load.name, load.columns);
    else if (close) {
      engine.close();
      value = process.resourceUsage().maxRSS / 1024;
    }
    process.send({ id, ok: true, value });
  } catch (error) {
    process.send({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});

// The `customer-value/duckdb` entry: a WarehouseEngine on DuckDB (the optional peer dependency
// `@duckdb/node-api`, imported when `duckdbEngine` is called). Kept out of the root entry, which
// stays runtime-neutral.
export { duckdbEngine } from './warehouse/duckdbEngine.js';
export type { DuckdbEngine, DuckdbEngineOptions } from './warehouse/duckdbEngine.js';

// The `customer-value/postgres` entry: a WarehouseEngine on PostgreSQL (the optional peer
// dependency `pg`, imported when `postgresEngine` is called). Kept out of the root entry, which
// stays runtime-neutral.
export { postgresEngine } from './warehouse/postgresEngine.js';
export type { PostgresClient, PostgresEngine, PostgresEngineOptions, PostgresQueryResult } from './warehouse/postgresEngine.js';

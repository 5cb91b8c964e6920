import { DuckDBInstance } from '@duckdb/node-api';
import type { WarehouseColumns, WarehouseEngine, WarehouseRow } from '../../src/warehouse/warehouseEngine.js';
import { startPostgres } from './postgres.js';

// Test engines for the warehouse functions, speaking the WarehouseEngine interface: DuckDB in
// memory through @duckdb/node-api (values as the client gives them: BIGINT as bigint), and a
// throwaway PostgreSQL cluster through psql (every value as text, as `pg` gives BIGINT and
// NUMERIC). `load` writes the columns with INSERT ... VALUES (test-sized tables only).

function literal(value: number | string | null, double: string): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return Number.isFinite(value) ? `CAST('${value}' AS ${double})` : 'NULL';
  return `'${value.replace(/'/g, "''")}'`;
}

/** CREATE TABLE + INSERT statements for a columns object. */
export function loadStatements(name: string | readonly string[], columns: WarehouseColumns, double: string): string[] {
  const table = (typeof name === 'string' ? [name] : name).map((part) => `"${part}"`).join('.');
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]].length : 0;
  const types = names.map((c) => {
    const values = columns[c];
    const text = !(values instanceof Float64Array) && values.some((v) => typeof v === 'string');
    return `"${c}" ${text ? 'VARCHAR' : double}`;
  });
  const statements = [`DROP TABLE IF EXISTS ${table}`, `CREATE TABLE ${table} (${types.join(', ')})`];
  for (let start = 0; start < n; start += 1000) {
    const rows: string[] = [];
    for (let i = start; i < Math.min(n, start + 1000); i++) rows.push(`(${names.map((c) => literal(columns[c][i], double)).join(', ')})`);
    statements.push(`INSERT INTO ${table} VALUES ${rows.join(', ')}`);
  }
  return statements;
}

/** A DuckDB engine in memory, with `run` for setting up tables and `close`. */
export async function duckdbTestEngine(): Promise<WarehouseEngine & { run(sql: string): Promise<void>; close(): void }> {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  return {
    dialect: 'duckdb',
    async query(sql: string) {
      return (await connection.runAndReadAll(sql)).getRowObjects();
    },
    async load(name: string | readonly string[], columns: WarehouseColumns) {
      for (const statement of loadStatements(name, columns, 'DOUBLE')) await connection.run(statement);
    },
    async run(sql: string) {
      await connection.run(sql);
    },
    close() {
      connection.closeSync();
    },
  };
}

/** Parse psql's unaligned CSV-ish output (header line, `,` separated, no quoting needed for our tests) into text rows. */
function psqlRows(text: string): WarehouseRow[] {
  const lines = text.split('\n').filter((line) => line.length > 0);
  if (lines.length === 0) return [];
  const header = lines[0].split(',');
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(header.map((h, i) => [h, cells[i] === '' ? null : cells[i]]));
  });
}

/** A PostgreSQL engine on a throwaway cluster through psql: every value comes back as text (NULL as null). */
export function postgresTestEngine(bin: string): WarehouseEngine & { run(sql: string): void; close(): void } {
  const pg = startPostgres(bin);
  return {
    dialect: 'postgres',
    query(sql: string) {
      return psqlRows(pg.psql(`SET extra_float_digits = 3; ${sql}`).replace(/^SET\n/, ''));
    },
    // on stdin (pg.script): a statement given as an argument (psql -c) is limited to 128 KB
    load(name: string | readonly string[], columns: WarehouseColumns) {
      pg.script(`${loadStatements(name, columns, 'DOUBLE PRECISION').join(';\n')};`);
    },
    run(sql: string) {
      pg.script(sql);
    },
    close() {
      pg.stop();
    },
  };
}

// A DuckDB engine in its own process, for measuring what the warehouse path costs the Node process
// that runs our code: a warehouse is a separate server, so the orchestrating process's peak RSS
// should not count the engine's buffers. The child (engineChild.mjs) opens `duckdbEngine` from
// customer-value/duckdb and answers { sql } / { load } messages; values cross as Node's structured
// clone (bigint, typed arrays and NaN intact), so the library reads exactly what DuckDB returned.
// The engine's own peak RSS comes back from close().
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A WarehouseEngine whose DuckDB runs in a child process. `settings` are SQL statements run first. */
export async function engineProcess({ file, table, settings = [] }) {
  const child = fork(fileURLToPath(new URL('./engineChild.mjs', import.meta.url)), [], {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map();
  let next = 0;
  child.on('message', ({ id, ok, value, error }) => {
    const pending = waiting.get(id);
    waiting.delete(id);
    if (ok) pending.resolve(value);
    else pending.reject(new Error(error));
  });
  child.on('exit', (code) => {
    for (const pending of waiting.values()) pending.reject(new Error(`the engine process exited (${code})`));
    waiting.clear();
  });
  const call = (message) =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      child.send({ id, ...message });
    });
  await call({ open: { file, table } });
  for (const sql of settings) await call({ sql });
  return {
    dialect: 'duckdb',
    query: (sql) => call({ sql }),
    load: (name, columns) => call({ load: { name, columns } }),
    /** Close the engine; resolves with its process's peak RSS in MB. */
    async close() {
      const peakRssMB = await call({ close: true });
      child.disconnect();
      return peakRssMB;
    },
  };
}

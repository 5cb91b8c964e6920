import { CustomerValueError } from '../errors.js';

// Optional peer dependencies (the engine clients) are imported when an adapter is called, never
// at module top, so `customer-value/duckdb` and `customer-value/postgres` load without them and
// say what to install. Internal: not exported.

function missingModule(error: unknown, name: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(name);
}

/**
 * Run `load` (a dynamic `import()` of the optional peer `name`); a module that is not installed
 * becomes `engine_failed` naming `fn` with an `npm install` hint, any other loading error (a
 * native binary for another platform, say) `engine_failed` with its own message.
 */
export async function importOptionalPeer<T>(fn: string, name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (missingModule(error, name)) {
      throw new CustomerValueError('engine_failed', `${fn}: the optional peer dependency ${name} is not installed`, [
        { function: fn, expected: `the package ${name} to be installed`, received: JSON.stringify(message), hint: `npm install ${name}` },
      ]);
    }
    throw new CustomerValueError('engine_failed', `${fn}: the optional peer dependency ${name} failed to load: ${message}`, [
      {
        function: fn,
        expected: `the package ${name} to load`,
        received: JSON.stringify(message),
        hint: `reinstall ${name} for this platform (npm install ${name})`,
      },
    ]);
  }
}

import { CustomerValueError, describeValue } from '../errors.js';

/** Throw unless `value` is an async (or sync) iterable — a stream, a generator, an array of chunks. */
export function assertIterable(value: unknown, fn: string, column: string, what: string): void {
  const ok =
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    (typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' || typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function');
  if (!ok)
    throw new CustomerValueError('invalid_value', `${fn}: ${column} is not ${what}`, [
      { function: fn, path: column, expected: what, received: describeValue(value) },
    ]);
}

/** Throw unless `value` is a file path or a writable stream. */
export function assertOutput(value: unknown, fn: string, column: string): void {
  const ok =
    (typeof value === 'string' && value !== '') ||
    (value !== null &&
      typeof value === 'object' &&
      typeof (value as { write?: unknown }).write === 'function' &&
      typeof (value as { once?: unknown }).once === 'function');
  if (!ok)
    throw new CustomerValueError('invalid_value', `${fn}: ${column} is not a file path or a writable stream`, [
      { function: fn, path: column, expected: 'a file path or a Writable stream', received: describeValue(value) },
    ]);
}

/** A file-system error (missing file, no permission) as a CustomerValueError naming the path. */
export function fileError(error: unknown, fn: string, path: string): unknown {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return error;
  return new CustomerValueError('invalid_value', `${fn}: cannot read "${path}": ${(error as Error).message}`, [
    { function: fn, path: 'input', expected: 'a readable file', received: `${code} for "${path}"` },
  ]);
}

/** Throw unless `batch` looks like a batch of columns: `columns` (object), `rowCount` (whole number) and `names` when asked. */
export function assertBatch(batch: unknown, fn: string, withNames: boolean): void {
  const b = batch as { columns?: unknown; rowCount?: unknown; names?: unknown } | null;
  const ok =
    b !== null &&
    typeof b === 'object' &&
    b.columns !== null &&
    typeof b.columns === 'object' &&
    Number.isInteger(b.rowCount) &&
    (!withNames || Array.isArray(b.names));
  if (!ok) {
    throw new CustomerValueError('invalid_value', `${fn}: a batch is not a batch of columns`, [
      {
        function: fn,
        path: 'batches',
        expected: withNames
          ? '{ columns, names, rowCount, rejects } batches (from scoreStream)'
          : '{ columns, rowCount, lines, rejects } batches (from a reader)',
        received: describeValue(batch),
      },
    ]);
  }
  if (!withNames) return;
  // every named column present and long enough: a writer indexes them by row (no raw TypeError)
  const { columns, rowCount, names } = b as { columns: Record<string, unknown>; rowCount: number; names: unknown[] };
  for (const name of names) {
    const column = typeof name === 'string' && Object.hasOwn(columns, name) ? (columns[name] as { length?: unknown } | null) : undefined;
    const length = column !== null && typeof column === 'object' ? column.length : undefined;
    if (typeof length !== 'number' || length < rowCount) {
      throw new CustomerValueError('invalid_value', `${fn}: a batch names a column it does not hold for every row`, [
        {
          function: fn,
          path: 'batches',
          column: String(name),
          expected: `a column of at least rowCount (${rowCount}) values under each of the batch's names`,
          received: column === undefined ? 'no such column' : typeof length === 'number' ? `${length} values` : describeValue(column),
        },
      ]);
    }
  }
}

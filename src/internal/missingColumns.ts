import { CustomerValueError } from '../errors.js';

/** The delimiters tried when a header lacks a column: the ones exports use. */
const COMMON_DELIMITERS = [',', ';', '\t', '|'] as const;

/** How a delimiter is written in a message: `","`, `"\t"`. */
export function showDelimiter(delimiter: string): string {
  return JSON.stringify(delimiter);
}

/**
 * The one other common delimiter (`,` `;` tab `|`) that splits the header's fields into names
 * including every one of `absent`, or `undefined` when none or more than one does. The header is
 * re-split as text (its fields joined back with the delimiter used), quotes ignored: a hint, not
 * a parse.
 */
export function suggestDelimiter(header: readonly string[], delimiter: string, absent: readonly string[]): string | undefined {
  const line = header.join(delimiter);
  const fits = COMMON_DELIMITERS.filter((other) => other !== delimiter && line.includes(other)).filter((other) => {
    const names = new Set(line.split(other).map((name) => name.trim().replace(/^"(.*)"$/s, '$1')));
    return absent.every((name) => names.has(name));
  });
  return fits.length === 1 ? fits[0] : undefined;
}

/**
 * The `missing_column` error of a CSV reader: each absent column named, with the header that was
 * found (its fields, as split with `delimiter`) and, when exactly one other common delimiter would
 * split the header into fields including the absent columns, that delimiter as a hint.
 */
export function missingColumnsError(fn: string, absent: readonly string[], header: readonly string[], delimiter: string): CustomerValueError {
  const found =
    header.length === 1 ? `one field, ${JSON.stringify(header[0])}` : `${header.length} fields: ${header.map((name) => JSON.stringify(name)).join(', ')}`;
  const shown = found.length > 300 ? `${found.slice(0, 297)}...` : found;
  const other = suggestDelimiter(header, delimiter, absent);
  const hint =
    other === undefined
      ? undefined
      : `split at ${showDelimiter(other)} the header names ${absent.map((name) => `"${name}"`).join(', ')}: is the delimiter ${showDelimiter(other)}? options.delimiter, or --delimiter on the command line, sets it`;
  return new CustomerValueError(
    'missing_column',
    `${fn}: ${absent.length} column${absent.length === 1 ? ' is' : 's are'} missing from the header; with delimiter ${showDelimiter(delimiter)} the header has ${shown}`,
    absent.map((column) => ({
      function: fn,
      column,
      line: 1,
      expected: `a column "${column}" in the header`,
      received: 'no such column',
      ...(hint ? { hint } : {}),
    })),
  );
}

import { readFile } from 'node:fs/promises';
import { CustomerValueError } from '../errors.js';
import { parseCsv, type CsvColumns, type ParseCsvOptions } from '../io/parseCsv.js';

/**
 * Read a UTF-8 CSV file into columns with `parseCsv` (numbers as `Float64Array`). Loads the whole
 * file; streaming readers for files larger than memory come with the scoring tools. Line ends,
 * quoting, size limits and the number grammar are `parseCsv`'s (README "Data in").
 *
 * @throws {CustomerValueError} `invalid_value` when the file cannot be read or is not valid CSV.
 * @example
 * const { rowCount } = await readCsvFile('examples/data/cdnow_master.csv');
 * rowCount; // => 69659
 */
export async function readCsvFile(path: string, options: ParseCsvOptions = {}): Promise<CsvColumns> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new CustomerValueError('invalid_value', `readCsvFile: cannot read "${path}"`, [
      { function: 'readCsvFile', column: 'path', expected: 'a readable file', received: (cause as Error).message },
    ]);
  }
  return parseCsv(text, options);
}

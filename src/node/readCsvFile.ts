import { readFile } from 'node:fs/promises';
import { CustomerValueError } from '../errors.js';
import { parseCsv, type CsvColumns, type ParseCsvOptions } from '../io/parseCsv.js';

/**
 * Read a UTF-8 CSV file into columns with `parseCsv` (numbers as `Float64Array`). Loads the whole
 * file; streaming readers for files larger than memory come with the scoring tools. Typing is
 * `parseCsv`'s: a column becomes numbers only when that loses nothing, so id columns with
 * leading zeros (`007`) or 19-digit ids stay text and distinct customers never merge; pass
 * `text: [idColumn]` to keep ids as text always and `numbers: [amountColumn]` to have every bad
 * cell named with its file line (as the CLI does).
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

import { readFile } from 'node:fs/promises';
import { CustomerValueError } from '../errors.js';
import { parseCsv, type CsvColumns, type ParseCsvOptions } from '../io/parseCsv.js';
import { csvFileColumns } from '../internal/csvFileColumns.js';
import { parseCsvOptions, type CsvOptions } from '../internal/parseCsvOptions.js';

/**
 * Read a UTF-8 CSV file into columns with `parseCsv`'s rules (numbers as `Float64Array`). The
 * file is read in 1 MiB chunks and parsed straight from the bytes — never the whole file as bytes
 * or as a string, no string per number — so memory is about the columns returned (about 1.1× on
 * a 125 MB numeric file; `bench:csv-read`), and the result is exactly `parseCsv`'s on the decoded
 * text, bit for bit. A file `parseCsv` would refuse (a malformed quote, a ragged line, a bad
 * `numbers` cell, invalid UTF-8…) is re-read as text so every error is `parseCsv`'s, word for word.
 * For files larger than memory, stream them with `readCsvBatches`. Line ends,
 * quoting, size limits, the number grammar and typing are `parseCsv`'s (README "Data in"): a column becomes numbers only when that loses nothing, so id columns with
 * leading zeros (`007`) or 19-digit ids stay text and distinct customers never merge; pass
 * `text: [idColumn]` to keep ids as text always and `numbers: [amountColumn]` to have every bad
 * cell named with its file line (as the CLI does).
 *
 * @throws {CustomerValueError} `invalid_value` when the file cannot be read, is not UTF-8 (naming
 * the line of the first invalid byte, never a silent U+FFFD), or is not valid CSV.
 * @example
 * const { rowCount } = await readCsvFile('examples/data/cdnow_master.csv');
 * rowCount; // => 69659
 */
export async function readCsvFile(path: string, options: ParseCsvOptions = {}): Promise<CsvColumns> {
  let o: CsvOptions | undefined;
  try {
    o = parseCsvOptions(options);
  } catch {
    o = undefined; // the text path reports bad options (after an unreadable file, as it always has)
  }
  const columns = o === undefined || typeof path !== 'string' ? undefined : await csvFileColumns(path, o);
  return columns ?? readCsvText(path, options);
}

/** The text path: the whole file decoded, then `parseCsv` (the reference, and the one that reports every problem). */
async function readCsvText(path: string, options: ParseCsvOptions): Promise<CsvColumns> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new CustomerValueError('invalid_value', `readCsvFile: cannot read "${path}"`, [
      { function: 'readCsvFile', path: 'path', expected: 'a readable file', received: (cause as Error).message },
    ]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // never a silent U+FFFD in place of the bytes: name the line holding the first invalid one
    const line = lineAt(bytes, firstInvalidUtf8(bytes));
    throw new CustomerValueError('invalid_value', `readCsvFile: "${path}" is not valid UTF-8 (line ${line})`, [
      { function: 'readCsvFile', line, path: 'path', expected: `UTF-8 text (save the export as UTF-8)`, received: 'bytes that are not UTF-8' },
    ]);
  }
  return parseCsv(text, options);
}

/** The file line (LF, CRLF or a lone CR end a line, as in `parseCsv`) of byte `offset`. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 10 || (bytes[i] === 13 && bytes[i + 1] !== 10)) line++;
  }
  return line;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (Unicode 15, table 3-7). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return b.length;
}

import { CustomerValueError, describeValue } from '../errors.js';
import { IssueList } from '../internal/issueList.js';
import { DECIMAL_COMMA_EXPECTED, losslessNumber, pointFor } from '../internal/losslessNumber.js';
import { NUMBER_TEXT_EXPECTED, numberTextProblem, parseNumberText } from '../internal/numberText.js';
import { parseCsvOptions } from '../internal/parseCsvOptions.js';
import { missingColumnsError } from '../internal/missingColumns.js';

const FN = 'parseCsv';

/** Options for `parseCsv`. */
export interface ParseCsvOptions {
  /** Field delimiter, one character (default `,`). */
  readonly delimiter?: string;
  /**
   * Columns to keep as text even when every cell looks like a number (ids, zip codes): each
   * cell exactly as written (`007`, `42`, a 19-digit id), empty cells `null`. Name id columns
   * here so ids are typed the same whatever a file holds (an export whose ids are all plain
   * digits would otherwise give numbers). A name missing from the header is an error, and a
   * column cannot be in both `text` and `numbers`.
   */
  readonly text?: readonly string[];
  /**
   * Largest field in characters, default 1,048,576 (1 Mi). A longer field — usually a stray
   * opening quote swallowing the lines after it — is an error naming the line where it starts.
   */
  readonly maxFieldSize?: number;
  /** Largest record (one line, or several when quoted fields hold line breaks) in characters, default 4,194,304 (4 Mi). */
  readonly maxRecordSize?: number;
  /**
   * Columns that must be numeric (amounts, counts): every non-empty cell must be a number in
   * the grammar of every reader (decimal, no hex or `Infinity`, integers of magnitude below 2^53; leading
   * zeros allowed here). A cell outside it is an error naming the column, the file line and the
   * value (the first ten are listed), never a silent switch to text.
   */
  readonly numbers?: readonly string[];
  /**
   * The decimal mark of numbers in the file: `'.'` (default) or `','` (a decimal comma, as
   * European exports write `12,5`). With `','` a number cell is read in the same grammar with a
   * comma for the point (`-3,5`, `1,2e3`), a cell holding a point is not a number (`1.234,5` has
   * a thousands separator, which no reader accepts), and the delimiter must be another character
   * (usually `;`).
   */
  readonly decimal?: '.' | ',';
}

/** A parsed CSV: an object of columns (numbers as `Float64Array`, text as `(string | null)[]`). */
export interface CsvColumns {
  readonly columns: Record<string, Float64Array | (string | null)[]>;
  /** Column names in file order. */
  readonly names: string[];
  readonly rowCount: number;
  /**
   * The 1-based file line where each row's record starts (the header is line 1; a quoted field
   * holding line breaks makes a record span lines; blank lines are skipped but counted), so a
   * problem found later by row can be named by its line.
   */
  readonly lines: Int32Array;
}

/**
 * Parse CSV text (RFC 4180: quoted fields holding delimiters, doubled quotes and line breaks;
 * LF, CRLF or lone-CR line ends, mixed freely) into columns. A quote inside an unquoted field,
 * text after a closing quote, a quote never closed, or a field or record longer than
 * `maxFieldSize` / `maxRecordSize` (1 Mi / 4 Mi characters) is an error naming the file line
 * (where the quote opened) and the column.
 *
 * Column typing never loses information: a column becomes a `Float64Array` (empty cells as
 * `NaN`, missing) only when reading it as numbers loses nothing — every non-empty cell is a
 * decimal number in the readers' one grammar (README "Numbers in text": `12`, `-3.5`, `1.2e3`;
 * surrounding spaces allowed; no hex, binary, octal or `Infinity`), no integer lies beyond ±2^53
 * (a 19-digit id), and no integer has a leading zero (`007`, a code or an id, not a count). Any
 * other column stays text with empty cells as `null`, so ids such as `007` and `7`, or two
 * 19-digit ids differing in the last digit, remain distinct. `text` forces columns to text
 * (name the id columns there, so ids are text whatever the file holds); `numbers` requires columns to be numeric and names every bad cell. A line with the wrong
 * number of fields is an error naming its line number, never dropped. `decimal: ','` reads
 * numbers written with a decimal comma (`12,5`, with another delimiter). `lines` gives the file
 * line of each row, so a problem found later by row can be named by its line. A `numbers` column
 * absent from the header is named with the header found and, when exactly one other common
 * delimiter (`,` `;` tab `|`) would split the header into names including it, that delimiter.
 *
 * @throws {CustomerValueError} `invalid_value` for ragged lines, a stray or unterminated quote, an
 * over-long field or record, an empty or duplicate header, or a cell of a `numbers` column
 * outside the grammar (with its file line); `missing_column` when a `numbers` or `text` column
 * is not in the header; `invalid_spec` for a column named in both.
 * @example
 * const { columns, rowCount } = parseCsv('id,amount,zip\n007,9.5,01234\n7,,02134\n', { numbers: ['amount'] });
 * rowCount; // => 2
 * columns.id; // => ['007', '7']
 * Array.from(columns.amount); // => [9.5, NaN]
 * columns.zip; // => ['01234', '02134']
 * Array.from(parseCsv('id;amount\n007;12,5\n', { delimiter: ';', decimal: ',' }).columns.amount); // => [12.5]
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): CsvColumns {
  const o = parseCsvOptions(options);
  if (typeof text !== 'string') {
    throw new CustomerValueError('invalid_value', `${FN}: expected CSV text`, [
      { function: FN, path: 'text', expected: 'a string of CSV text', received: typeof text },
    ]);
  }
  const records = splitRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, o.delimiter, { maxField: o.maxFieldSize, maxRecord: o.maxRecordSize });
  if (records.length === 0 || (records[0].fields.length === 1 && records[0].fields[0] === '')) {
    throw new CustomerValueError('invalid_value', `${FN}: the CSV has no header line`, [
      { function: FN, line: 1, expected: 'a header line naming the columns', received: 'an empty file' },
    ]);
  }
  const header = records[0].fields;
  const issues = new IssueList();
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name === '' || seen.has(name)) {
      issues.add({ function: FN, line: 1, column: name, expected: `a unique, non-empty name for header field ${i + 1}`, received: JSON.stringify(name) });
    }
    seen.add(name);
  });
  const width = header.length;
  for (let r = 1; r < records.length; r++) {
    const { fields, line } = records[r];
    if (fields.length !== width) {
      issues.add({ function: FN, line, expected: `${width} fields, as the header has`, received: `${fields.length} fields` });
    }
  }
  issues.throwIfAny('invalid_value', FN, records.length - 1);
  const rowCount = records.length - 1;
  const forcedText = new Set(o.text);
  const required = new Set(o.numbers);
  // a name in text or numbers that the header lacks is an error: a misspelt id column would
  // otherwise be typed as numbers without a word
  const absent = [...o.numbers, ...o.text].filter((name) => !seen.has(name));
  if (absent.length > 0) throw missingColumnsError(FN, absent, header, o.delimiter);
  const comma = o.decimal === ',';
  const bad = new IssueList();
  const columns = Object.create(null) as Record<string, Float64Array | (string | null)[]>;
  for (let c = 0; c < width; c++) {
    const name = header[c];
    if (required.has(name) && !forcedText.has(name)) columns[name] = requiredNumbers(records, c, name, bad, comma);
    else {
      const numbers = forcedText.has(name) ? null : losslessNumbers(records, c, comma);
      columns[name] = numbers ?? records.slice(1).map((rec) => (rec.fields[c] === '' ? null : rec.fields[c]));
    }
  }
  bad.throwIfAny('invalid_value', FN, rowCount);
  const lines = new Int32Array(rowCount);
  for (let r = 0; r < rowCount; r++) lines[r] = records[r + 1].line;
  return { columns: { ...columns }, names: header, rowCount, lines };
}

/**
 * Column `c` as numbers when reading it so loses nothing, else `null` (the column stays text):
 * every non-empty cell in the number grammar, no integer beyond ±2^53 (the grammar refuses plain
 * ones; a fraction-written one such as `9007199254740993.0` is caught here), no leading zero.
 */
function losslessNumbers(records: readonly CsvRecord[], c: number, comma: boolean): Float64Array | null {
  const rowCount = records.length - 1;
  const numbers = new Float64Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    const cell = records[r + 1].fields[c];
    if (cell === '') {
      numbers[r] = Number.NaN;
      continue;
    }
    const v = losslessNumber(comma ? pointFor(cell) : cell);
    if (v !== v) return null;
    numbers[r] = v;
  }
  return numbers;
}

/** Column `c` read as numbers, every cell outside the grammar added to `bad` with its file line. */
function requiredNumbers(records: readonly CsvRecord[], c: number, name: string, bad: IssueList, comma: boolean): Float64Array {
  const rowCount = records.length - 1;
  const numbers = new Float64Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    const cell = records[r + 1].fields[c];
    if (cell === '') {
      numbers[r] = Number.NaN;
      continue;
    }
    const v = parseNumberText(comma ? pointFor(cell) : cell);
    if (v !== v) {
      const line = records[r + 1].line;
      const problem = comma ? DECIMAL_COMMA_EXPECTED : (numberTextProblem(cell) ?? NUMBER_TEXT_EXPECTED);
      bad.add({ function: FN, column: name, row: r, line, expected: problem, received: describeValue(cell) });
    }
    numbers[r] = v;
  }
  return numbers;
}

interface CsvRecord {
  readonly fields: string[];
  /** 1-based line where the record starts. */
  readonly line: number;
}

/** Limits on fields and records, in characters (UTF-16 code units). */
interface SplitLimits {
  readonly maxField: number;
  readonly maxRecord: number;
}

/**
 * Split CSV text into records (RFC 4180): a record ends at LF, CRLF or a lone CR outside
 * quotes; a quoted field may hold delimiters, doubled quotes and line breaks (each counted as
 * one line, so later records keep their file line numbers). A quote inside an unquoted field,
 * text after a closing quote, a quote never closed, or a field or record over its limit is an
 * error naming the line (where the quote opened) and the column. Linear in the text's length.
 */
function splitRecords(text: string, delimiter: string, limits: SplitLimits): CsvRecord[] {
  const records: CsvRecord[] = [];
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const recordStart = i;
    const recordLine = line;
    const fields: string[] = [];
    let blank = false;
    for (;;) {
      const column = records.length === 0 ? undefined : columnName(records[0].fields, fields.length);
      let value: string;
      if (i < n && text.charCodeAt(i) === QUOTE) {
        const quoteLine = line;
        const from = i + 1;
        let j = from;
        value = '';
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0 || q - from > limits.maxField) {
            if (q < 0 && n - from <= limits.maxField)
              throw splitError(
                `unterminated quoted field: the quote opened on line ${quoteLine} is never closed`,
                quoteLine,
                column,
                'a closing quote for the field opened on this line',
                'the end of the text',
              );
            throw splitError(
              `the quoted field opened on line ${quoteLine} runs past ${limits.maxField.toLocaleString('en-US')} characters without a closing quote: an unbalanced quote on line ${quoteLine}?`,
              quoteLine,
              column,
              `a field of at most ${limits.maxField.toLocaleString('en-US')} characters (options.maxFieldSize)`,
              'more',
            );
          }
          value += text.slice(j, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            j = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        for (let k = from; k < i - 1; k++) {
          const c = text.charCodeAt(k);
          if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) line++;
        }
        if (i < n) {
          const c = text.charCodeAt(i);
          if (c !== d && c !== LF && c !== CR && line !== quoteLine)
            throw splitError(
              `the quoted field opened on line ${quoteLine} runs to a quote on line ${line} followed by text: an unbalanced quote on line ${quoteLine}?`,
              quoteLine,
              column,
              'a closing quote, then a delimiter or line end',
              JSON.stringify(text.slice(i - 1, Math.min(n, i + 10))),
            );
          if (c !== d && c !== LF && c !== CR)
            throw splitError(
              `text after a closing quote on line ${line}`,
              line,
              column,
              'a delimiter or line end after a closing quote (a quote inside a quoted field is doubled: "")',
              JSON.stringify(text.slice(from - 1, Math.min(n, i + 10))),
            );
        }
      } else {
        let j = i;
        const stop = Math.min(n, i + limits.maxField + 1);
        while (j < stop) {
          const c = text.charCodeAt(j);
          if (c === d || c === LF || c === CR) break;
          if (c === QUOTE)
            throw splitError(
              `a quote inside an unquoted field on line ${line}`,
              line,
              column,
              'a quote only around a whole field, doubled inside it (RFC 4180)',
              JSON.stringify(text.slice(i, Math.min(j + 10, n))),
            );
          j++;
        }
        if (j - i > limits.maxField)
          throw splitError(
            `a field on line ${line} is longer than ${limits.maxField.toLocaleString('en-US')} characters`,
            line,
            column,
            `a field of at most ${limits.maxField.toLocaleString('en-US')} characters (options.maxFieldSize)`,
            'more',
          );
        value = text.slice(i, j);
        if (fields.length === 0 && j === i && (j >= n || text.charCodeAt(j) === LF || text.charCodeAt(j) === CR)) blank = true;
        i = j;
      }
      fields.push(value);
      if (i - recordStart > limits.maxRecord)
        throw splitError(
          `the record on line ${recordLine} is longer than ${limits.maxRecord.toLocaleString('en-US')} characters`,
          recordLine,
          undefined,
          `a record of at most ${limits.maxRecord.toLocaleString('en-US')} characters (options.maxRecordSize)`,
          'more',
        );
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === d) {
        i++;
        continue;
      }
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    // an empty line (LF, CRLF or CR alone) is skipped; its number is still counted
    if (!blank) records.push({ fields, line: recordLine });
  }
  return records;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

function columnName(header: readonly string[], index: number): string {
  return index < header.length ? header[index] : `field ${index + 1} (beyond the header's ${header.length})`;
}

function splitError(what: string, line: number, column: string | undefined, expected: string, received: string): CustomerValueError {
  return new CustomerValueError('invalid_value', `${FN}: ${what}${column === undefined ? '' : ` (column "${column}")`}`, [
    { function: FN, line, column, expected, received },
  ]);
}

import { z } from 'zod';
import { CustomerValueError, describeValue } from '../errors.js';
import { IssueList } from '../internal/issueList.js';
import { hasLeadingZero, NUMBER_TEXT_EXPECTED, numberTextProblem, parseNumberText } from '../internal/numberText.js';
import { parseSpec } from '../internal/parseSpec.js';

const FN = 'parseCsv';

const optionsSchema = z.strictObject({
  delimiter: z.string().length(1).default(','),
  text: z.array(z.string()).default([]),
  numbers: z.array(z.string()).default([]),
});

/** Options for `parseCsv`. */
export interface ParseCsvOptions {
  /** Field delimiter, one character (default `,`). */
  readonly delimiter?: string;
  /** Columns to keep as text even when every cell looks like a number (zip codes, ids). */
  readonly text?: readonly string[];
  /**
   * Columns that must be numeric (amounts, counts): every non-empty cell must be a number in
   * the grammar of every reader (decimal, no hex or `Infinity`, integers within ±2^53; leading
   * zeros allowed here). A cell outside it is an error naming the column, the file line and the
   * value (the first ten are listed), never a silent switch to text.
   */
  readonly numbers?: readonly string[];
}

/** A parsed CSV: an object of columns (numbers as `Float64Array`, text as `(string | null)[]`). */
export interface CsvColumns {
  readonly columns: Record<string, Float64Array | (string | null)[]>;
  /** Column names in file order. */
  readonly names: string[];
  readonly rowCount: number;
}

/**
 * Parse CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into columns.
 *
 * Column typing never loses information: a column becomes a `Float64Array` (empty cells as
 * `NaN`, missing) only when reading it as numbers loses nothing — every non-empty cell is a
 * decimal number in the readers' one grammar (`12`, `-3.5`, `1.2e3`; surrounding spaces
 * allowed; no hex, binary, octal or `Infinity`), no integer lies beyond ±2^53 (a 19-digit id),
 * and no integer has a leading zero (`007`, a code or an id, not a count). Any other column stays
 * text with empty cells as `null`, so ids such as `007` and `7`, or two 19-digit ids differing
 * in the last digit, remain distinct. `text` forces columns to text; `numbers` requires columns
 * to be numeric and names every bad cell. A line with the wrong number of fields is an error
 * naming its line number, never dropped.
 *
 * @throws {CustomerValueError} `invalid_value` for ragged lines, an unterminated quote, an empty
 * or duplicate header, or a cell of a `numbers` column outside the grammar (with its file line);
 * `missing_column` when a `numbers` column is not in the header.
 * @example
 * const { columns, rowCount } = parseCsv('id,amount,zip\n007,9.5,01234\n7,,02134\n', { numbers: ['amount'] });
 * rowCount; // => 2
 * columns.id; // => ['007', '7']
 * Array.from(columns.amount); // => [9.5, NaN]
 * columns.zip; // => ['01234', '02134']
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): CsvColumns {
  const o = parseSpec(optionsSchema, options, FN, 'options');
  if (typeof text !== 'string') {
    throw new CustomerValueError('invalid_value', `${FN}: expected CSV text`, [
      { function: FN, column: 'text', expected: 'a string of CSV text', received: typeof text },
    ]);
  }
  const records = splitRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, o.delimiter);
  if (records.length === 0 || (records[0].fields.length === 1 && records[0].fields[0] === '')) {
    throw new CustomerValueError('invalid_value', `${FN}: the CSV has no header line`, [
      { function: FN, row: 0, expected: 'a header line naming the columns', received: 'an empty file' },
    ]);
  }
  const header = records[0].fields;
  const issues = new IssueList();
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name === '' || seen.has(name)) {
      issues.add({ function: FN, row: 1, column: name, expected: `a unique, non-empty name for header field ${i + 1}`, received: JSON.stringify(name) });
    }
    seen.add(name);
  });
  const width = header.length;
  for (let r = 1; r < records.length; r++) {
    const { fields, line } = records[r];
    if (fields.length !== width) {
      issues.add({ function: FN, row: line, expected: `${width} fields (line ${line})`, received: `${fields.length} fields` });
    }
  }
  issues.throwIfAny('invalid_value', FN, records.length - 1);
  const rowCount = records.length - 1;
  const forcedText = new Set(o.text);
  const required = new Set(o.numbers);
  const absent = new IssueList();
  for (const name of o.numbers) {
    if (!seen.has(name)) absent.add({ function: FN, column: name, expected: `a column "${name}" in the header`, received: 'no such column' });
  }
  absent.throwIfAny('missing_column', FN);
  const bad = new IssueList();
  const columns = Object.create(null) as Record<string, Float64Array | (string | null)[]>;
  for (let c = 0; c < width; c++) {
    const name = header[c];
    if (required.has(name) && !forcedText.has(name)) columns[name] = requiredNumbers(records, c, name, bad);
    else {
      const numbers = forcedText.has(name) ? null : losslessNumbers(records, c);
      columns[name] = numbers ?? records.slice(1).map((rec) => (rec.fields[c] === '' ? null : rec.fields[c]));
    }
  }
  bad.throwIfAny('invalid_value', FN, rowCount);
  return { columns: { ...columns }, names: header, rowCount };
}

/**
 * Column `c` as numbers when reading it so loses nothing, else `null` (the column stays text):
 * every non-empty cell in the number grammar, no integer beyond ±2^53 (the grammar refuses plain
 * ones; a fraction-written one such as `9007199254740993.0` is caught here), no leading zero.
 */
function losslessNumbers(records: readonly CsvRecord[], c: number): Float64Array | null {
  const rowCount = records.length - 1;
  const numbers = new Float64Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    const cell = records[r + 1].fields[c];
    if (cell === '') {
      numbers[r] = Number.NaN;
      continue;
    }
    const v = losslessNumber(cell);
    if (v !== v) return null;
    numbers[r] = v;
  }
  return numbers;
}

/**
 * The number a cell holds when reading it as one loses nothing, else `NaN`. Plain decimals
 * (`-12`, `3.50`, `.5`: the bulk of real files) are checked in one scan of char codes; anything
 * else (exponents, padding, garbage) goes through the shared grammar (`parseNumberText`).
 */
function losslessNumber(cell: string): number {
  const n = cell.length;
  let i = 0;
  let ch = cell.charCodeAt(0);
  if (ch === 43 /* + */ || ch === 45 /* - */) ch = cell.charCodeAt(++i);
  const intStart = i;
  while (ch >= 48 && ch <= 57) ch = cell.charCodeAt(++i);
  const intDigits = i - intStart;
  let fracDigits = 0;
  if (ch === 46 /* . */) {
    const fracStart = ++i;
    ch = cell.charCodeAt(i);
    while (ch >= 48 && ch <= 57) ch = cell.charCodeAt(++i);
    fracDigits = i - fracStart;
  }
  if (i === n && intDigits + fracDigits > 0) {
    if (intDigits > 1 && cell.charCodeAt(intStart) === 48) return Number.NaN; // 007: an id or a code, not a count
    const v = Number(cell);
    // an integer beyond 2^53 written out (9007199254740993.0) was rounded: keep the text
    return v > Number.MAX_SAFE_INTEGER || v < -Number.MAX_SAFE_INTEGER ? Number.NaN : v;
  }
  const v = parseNumberText(cell);
  if (v !== v || hasLeadingZero(cell)) return Number.NaN;
  if ((v > Number.MAX_SAFE_INTEGER || v < -Number.MAX_SAFE_INTEGER) && !/[eE]/.test(cell)) return Number.NaN;
  return v;
}

/** Column `c` read as numbers, every cell outside the grammar added to `bad` with its file line. */
function requiredNumbers(records: readonly CsvRecord[], c: number, name: string, bad: IssueList): Float64Array {
  const rowCount = records.length - 1;
  const numbers = new Float64Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    const cell = records[r + 1].fields[c];
    if (cell === '') {
      numbers[r] = Number.NaN;
      continue;
    }
    const v = parseNumberText(cell);
    if (v !== v) {
      const line = records[r + 1].line;
      const problem = numberTextProblem(cell) ?? NUMBER_TEXT_EXPECTED;
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

function splitRecords(text: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const d = delimiter.charCodeAt(0);
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const n = text.length;
  let atRecordStart = true;
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */ && field === '') {
      const quoteLine = line;
      let j = i + 1;
      let value = '';
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          throw new CustomerValueError('invalid_value', `${FN}: unterminated quoted field`, [
            { function: FN, row: quoteLine, expected: 'a closing quote for the field opened on this line', received: 'end of text' },
          ]);
        }
        const chunk = text.slice(j, q);
        for (let k = 0; k < chunk.length; k++) if (chunk.charCodeAt(k) === 10) line++;
        value += chunk;
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      field = value;
      atRecordStart = false;
      continue;
    }
    if (ch === d) {
      fields.push(field);
      field = '';
      atRecordStart = false;
      i++;
    } else if (ch === 10 || ch === 13) {
      fields.push(field);
      if (!(atRecordStart && fields.length === 1 && field === '')) records.push({ fields, line: recordLine });
      fields = [];
      field = '';
      i += ch === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      recordLine = line;
      atRecordStart = true;
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === d || c === 10 || c === 13) break;
        j++;
      }
      field += text.slice(i, j);
      i = j;
      atRecordStart = false;
    }
  }
  if (!atRecordStart || field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ fields, line: recordLine });
  }
  return records;
}

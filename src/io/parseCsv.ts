import { z } from 'zod';
import { CustomerValueError } from '../errors.js';
import { IssueList } from '../internal/issueList.js';
import { parseSpec } from '../internal/parseSpec.js';

const FN = 'parseCsv';

const optionsSchema = z.strictObject({
  delimiter: z.string().length(1).default(','),
  text: z.array(z.string()).default([]),
});

/** Options for `parseCsv`. */
export interface ParseCsvOptions {
  /** Field delimiter, one character (default `,`). */
  readonly delimiter?: string;
  /** Columns to keep as text even when every cell looks like a number (zip codes, ids). */
  readonly text?: readonly string[];
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
 * A column whose non-empty cells are all numbers becomes a `Float64Array` with empty cells as
 * `NaN` (missing); any other column stays text with empty cells as `null`. A line with the
 * wrong number of fields is an error naming its line number, never dropped.
 *
 * @throws {CustomerValueError} `invalid_value` for ragged lines, an unterminated quote, or an empty or duplicate header.
 * @example
 * const { columns, rowCount } = parseCsv('id,amount,zip\n1,9.5,01234\n2,,02134\n', { text: ['zip'] });
 * rowCount; // => 2
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
  const columns = Object.create(null) as Record<string, Float64Array | (string | null)[]>;
  for (let c = 0; c < width; c++) {
    const name = header[c];
    const numbers = new Float64Array(rowCount);
    let numeric = !forcedText.has(name);
    for (let r = 0; numeric && r < rowCount; r++) {
      const cell = records[r + 1].fields[c];
      if (cell === '') numbers[r] = Number.NaN;
      else {
        const v = Number(cell);
        if (Number.isNaN(v) || cell.trim() !== cell) numeric = false;
        else numbers[r] = v;
      }
    }
    if (numeric) columns[name] = numbers;
    else columns[name] = records.slice(1).map((rec) => (rec.fields[c] === '' ? null : rec.fields[c]));
  }
  return { columns: { ...columns }, names: header, rowCount };
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

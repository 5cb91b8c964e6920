import { createReadStream } from 'node:fs';
import { CustomerValueError } from '../errors.js';

/** A line the reader or scorer could not use: kept, never dropped. */
export interface RejectedLine {
  /** 1-based line number in the input (the header is line 1). */
  readonly line: number;
  /** The line as read (without the line break). */
  readonly text: string;
  readonly reason: string;
}

/** A batch of parsed rows: numeric columns as `Float64Array` (empty cell = NaN), others as text. */
export interface ColumnBatch {
  readonly columns: Record<string, Float64Array | readonly unknown[]>;
  readonly rowCount: number;
  /** Input line number of each row. */
  readonly lines: Int32Array;
  /** Each row's line as read, for reject files. */
  readonly texts: readonly string[];
  readonly rejects: readonly RejectedLine[];
  /** Header names in file order. */
  readonly names: readonly string[];
}

/** Options for `readCsvBatches`. */
export interface ReadCsvBatchesOptions {
  /** Rows per batch (default 65,536). */
  readonly batchSize?: number;
  /** Columns to parse as numbers; the rest stay text. A non-number there rejects the line. */
  readonly numeric: readonly string[];
  /** Field delimiter (default `,`). */
  readonly delimiter?: string;
}

/**
 * Stream a CSV file (or any async iterable of byte/text chunks) as batches of columns, in
 * constant memory: RFC 4180 quoting, CRLF or LF, a UTF-8 BOM skipped. A line with the wrong
 * number of fields, an unterminated quote, invalid UTF-8 or a non-number in a numeric column is
 * returned in `rejects` with its line number — never silently dropped — and every input line is
 * either a row or a reject.
 *
 * @throws {CustomerValueError} `invalid_value` for a missing or bad header; `missing_column` when a numeric column is absent.
 * @example
 * import { Readable } from 'node:stream';
 * const batches = readCsvBatches(Readable.from(['id,spend\n1,9.5\n2,oops\n3,4\n']), { numeric: ['spend'] });
 * const rows = [];
 * for await (const batch of batches) rows.push(...batch.columns.spend, ...batch.rejects.map((r) => r.line));
 * rows; // => [9.5, 4, 3]
 */
export async function* readCsvBatches(input: string | AsyncIterable<Uint8Array | string>, options: ReadCsvBatchesOptions): AsyncGenerator<ColumnBatch> {
  const batchSize = options.batchSize ?? 65_536;
  const delimiter = options.delimiter ?? ',';
  const source = typeof input === 'string' ? createReadStream(input) : input;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let names: string[] | null = null;
  let numericIndex: number[] = [];
  let pending = '';
  let lineNumber = 0;
  let batch = newBatch(0);

  function newBatch(width: number) {
    return { rows: [] as string[][], texts: [] as string[], lines: [] as number[], rejects: [] as RejectedLine[], width };
  }

  let yielded = false;
  function* flush(final: boolean): Generator<ColumnBatch> {
    // the last batch is always yielded once, even empty, so writers can emit a header
    if (batch.rows.length === 0 && batch.rejects.length === 0 && !(final && !yielded)) return;
    if (!final && batch.rows.length < batchSize) return;
    yielded = true;
    yield toBatch(batch, names as string[], numericIndex);
    batch = newBatch(batch.width);
  }

  const handleRecord = (fields: string[], text: string, line: number, broken: boolean) => {
    if (names === null) {
      if (fields.length === 1 && fields[0] === '') throw headerError('an empty first line');
      names = fields;
      numericIndex = options.numeric.map((name) => names!.indexOf(name));
      const absent = options.numeric.filter((_, k) => numericIndex[k] < 0);
      if (absent.length > 0) {
        throw new CustomerValueError('missing_column', `readCsvBatches: ${absent.length} numeric column${absent.length === 1 ? ' is' : 's are'} missing from the header`, absent.map((column) => ({
          function: 'readCsvBatches', column, expected: `a column "${column}" in the header`, received: 'no such column',
        })));
      }
      batch = newBatch(names.length);
      return;
    }
    if (broken) batch.rejects.push({ line, text, reason: 'invalid UTF-8' });
    else if (fields.length !== batch.width) batch.rejects.push({ line, text, reason: `${fields.length} fields, expected ${batch.width}` });
    else {
      batch.rows.push(fields);
      batch.texts.push(text);
      batch.lines.push(line);
    }
  };

  for await (const chunk of source) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
    if (lineNumber === 0 && pending.charCodeAt(0) === 0xfeff) pending = pending.slice(1);
    let start = 0;
    // split complete records (a newline inside quotes does not end a record)
    for (;;) {
      const end = recordEnd(pending, start);
      if (end < 0) break;
      const text = pending.slice(start, end).replace(/\r$/, '');
      const lineCount = countNewlines(pending, start, end) + 1;
      lineNumber += lineCount;
      const firstLine = lineNumber - lineCount + 1;
      if (!(text === '' && names !== null)) {
        const broken = text.includes('\ufffd');
        handleRecord(splitFields(text, delimiter), text, firstLine, broken);
      }
      start = end + 1;
      yield* flush(false);
    }
    pending = pending.slice(start);
  }
  pending += decoder.decode();
  if (pending.length > 0) {
    lineNumber++;
    const text = pending.replace(/\r$/, '');
    const unterminated = (text.match(/"/g)?.length ?? 0) % 2 === 1;
    if (unterminated && names !== null) batch.rejects.push({ line: lineNumber, text, reason: 'unterminated quoted field at end of input' });
    else if (text !== '') handleRecord(splitFields(text, delimiter), text, lineNumber, text.includes('\ufffd'));
  }
  if (names === null) throw headerError('an empty input');
  yield* flush(true);
}

function headerError(received: string): CustomerValueError {
  return new CustomerValueError('invalid_value', 'readCsvBatches: the CSV has no header line', [
    { function: 'readCsvBatches', row: 1, expected: 'a header line naming the columns', received },
  ]);
}

/** Index of the newline ending the record that starts at `from`, or −1 if incomplete. */
function recordEnd(text: string, from: number): number {
  let inQuotes = false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (c === 10 && !inQuotes) return i;
  }
  return -1;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) count++;
  return count;
}

function splitFields(text: string, delimiter: string): string[] {
  if (!text.includes('"')) return text.split(delimiter);
  const fields: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += c;
    } else if (c === '"') inQuotes = true;
    else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

function toBatch(batch: { rows: string[][]; texts: string[]; lines: number[]; rejects: RejectedLine[] }, names: string[], numericIndex: number[]): ColumnBatch {
  const numericSet = new Set(numericIndex);
  // numbers first: a row with a non-number in a numeric column becomes a reject
  const keep: number[] = [];
  const rejects = [...batch.rejects];
  for (let r = 0; r < batch.rows.length; r++) {
    const row = batch.rows[r];
    const bad = numericIndex.find((j) => row[j] !== '' && (Number.isNaN(Number(row[j])) || row[j].trim() !== row[j]));
    if (bad === undefined) keep.push(r);
    else rejects.push({ line: batch.lines[r], text: batch.texts[r], reason: `column "${names[bad]}": not a number: ${JSON.stringify(row[bad])}` });
  }
  rejects.sort((a, b) => a.line - b.line);
  const columns: Record<string, Float64Array | string[]> = Object.create(null);
  names.forEach((name, j) => {
    if (numericSet.has(j)) {
      const out = new Float64Array(keep.length);
      keep.forEach((r, a) => (out[a] = batch.rows[r][j] === '' ? Number.NaN : Number(batch.rows[r][j])));
      columns[name] = out;
    } else columns[name] = keep.map((r) => batch.rows[r][j]);
  });
  return { columns, rowCount: keep.length, lines: Int32Array.from(keep, (r) => batch.lines[r]), texts: keep.map((r) => batch.texts[r]), rejects, names };
}

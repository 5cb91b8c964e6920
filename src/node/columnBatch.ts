import { CustomerValueError, describeValue } from '../errors.js';
/** A line the reader or scorer could not use: kept, never dropped. */
export interface RejectedLine {
  /** 1-based line number in the input (the header is line 1). */
  readonly line: number;
  /** The line as read (without the line break). */
  readonly text: string;
  readonly reason: string;
}

/**
 * A batch of parsed rows from a streaming reader: numeric columns as `Float64Array` (a missing
 * value is NaN), others as the values read (or, for CSV pass-through columns, as the raw fields).
 */
export interface ColumnBatch {
  readonly columns: Record<string, Float64Array | readonly unknown[] | CsvFieldColumn>;
  readonly rowCount: number;
  /** Input line number of each row. */
  readonly lines: Int32Array;
  /** The input line of row `i` as read (decoded on demand, for reject files). */
  lineText(row: number): string;
  readonly rejects: readonly RejectedLine[];
  /** Column names in input order. */
  readonly names: readonly string[];
  /**
   * True for NDJSON batches: fields belong to lines, not to the input, so a field no line of this
   * batch carries may still be on later lines. `scoreStream` then takes a kept field absent from
   * the batch as missing on each of its lines (never an error that depends on the batch size).
   */
  readonly fieldsPerLine?: boolean;
}

/**
 * A text column passed through from a CSV file undecoded: each row's field exactly as it was in
 * the file (quotes included, so it is valid CSV as it stands), one byte range per row. The CSV
 * writer copies the bytes; `csvFieldText` decodes one when text is needed.
 */
export interface CsvFieldColumn {
  readonly kind: 'csvFields';
  readonly bytes: Uint8Array;
  /** Row `i` is `bytes[offsets[i] .. offsets[i + 1])`. */
  readonly offsets: Int32Array;
  readonly length: number;
}

/** Is this column a `CsvFieldColumn`? */
export function isCsvFieldColumn(column: unknown): column is CsvFieldColumn {
  return typeof column === 'object' && column !== null && (column as { kind?: unknown }).kind === 'csvFields';
}

const utf8 = new TextDecoder();

/**
 * The text of row `i` of a pass-through CSV column: UTF-8 decoded, quotes resolved.
 *
 * @example
 * const column = { kind: 'csvFields', bytes: new TextEncoder().encode('a"say ""hi"""'), offsets: Int32Array.of(0, 1, 13), length: 2 };
 * [csvFieldText(column, 0), csvFieldText(column, 1)]; // => ['a', 'say "hi"']
 */
export function csvFieldText(column: CsvFieldColumn, i: number): string {
  if (!isCsvFieldColumn(column) || !(column.bytes instanceof Uint8Array) || !(column.offsets instanceof Int32Array)) {
    throw new CustomerValueError('invalid_value', 'csvFieldText: not a pass-through CSV column', [
      { function: 'csvFieldText', path: 'column', expected: 'a CsvFieldColumn from readCsvBatches', received: describeValue(column) },
    ]);
  }
  if (!Number.isInteger(i) || i < 0 || i >= column.length) {
    throw new CustomerValueError('invalid_value', 'csvFieldText: row out of range', [
      { function: 'csvFieldText', path: 'row', expected: `a row from 0 to ${column.length - 1}`, received: describeValue(i) },
    ]);
  }
  const start = column.offsets[i];
  const end = column.offsets[i + 1];
  if (end > start && column.bytes[start] === 34) return utf8.decode(column.bytes.subarray(start + 1, end - 1)).replace(/""/g, '"');
  return utf8.decode(column.bytes.subarray(start, end));
}

/** Rows `keep` (ascending indexes) of a pass-through column, as a new column. */
export function selectCsvFields(column: CsvFieldColumn, keep: ArrayLike<number>): CsvFieldColumn {
  let size = 0;
  for (let k = 0; k < keep.length; k++) size += column.offsets[keep[k] + 1] - column.offsets[keep[k]];
  const bytes = new Uint8Array(size);
  const offsets = new Int32Array(keep.length + 1);
  let at = 0;
  for (let k = 0; k < keep.length; k++) {
    const i = keep[k];
    bytes.set(column.bytes.subarray(column.offsets[i], column.offsets[i + 1]), at);
    at += column.offsets[i + 1] - column.offsets[i];
    offsets[k + 1] = at;
  }
  return { kind: 'csvFields', bytes, offsets, length: keep.length };
}

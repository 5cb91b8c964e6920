import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { CustomerValueError } from '../errors.js';
import { parseSpec } from '../internal/parseSpec.js';
import { assertIterable, fileError } from './nodeArguments.js';
import type { ColumnBatch, CsvFieldColumn, RejectedLine } from './columnBatch.js';

/** Options for `readCsvBatches`. */
export interface ReadCsvBatchesOptions {
  /** Rows per batch (default 65,536). */
  readonly batchSize?: number;
  /** Columns to parse as numbers; an empty cell is missing (NaN); anything else not a number rejects the line. */
  readonly numeric: readonly string[];
  /** Text columns to return (default: every column not in `numeric`); the rest are skipped without decoding. */
  readonly text?: readonly string[];
  /**
   * Columns to pass through undecoded, as `CsvFieldColumn`s of the fields' bytes (for ids that
   * are only copied to the output: no string per row is made).
   */
  readonly passThrough?: readonly string[];
  /** Field delimiter, one ASCII character (default `,`). */
  readonly delimiter?: string;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
/** Powers of ten exactly representable as doubles: m × 10^e (or m / 10^−e) is then one correctly rounded operation. */
const POW10 = Array.from({ length: 23 }, (_, e) => Number(`1e${e}`));
const utf8 = new TextDecoder('utf-8', { fatal: true });

const names = z.array(z.string().min(1));
const optionsSchema = z.strictObject({ batchSize: z.number().optional(), numeric: names, text: names.optional(), passThrough: names.optional(), delimiter: z.string().optional() });

/** Field kinds: skipped, parsed as a number, or decoded as text. */
const SKIP = 0;
const NUMBER = 1;
const TEXT = 2;
const RAW = 3;

/** One batch being filled: columns preallocated to the batch size, rows referenced by byte range. */
class BatchBuilder {
  rows = 0;
  readonly numbers: Float64Array[];
  readonly texts: string[][];
  /** Pass-through columns: field bytes appended, one end offset per row. */
  raw: Uint8Array[];
  rawEnds: Int32Array[];
  rawSize: number[];
  readonly lines: Int32Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly chunkOf: Int32Array;
  readonly chunks: Uint8Array[] = [];
  readonly rejects: RejectedLine[] = [];

  constructor(readonly size: number, numberCount: number, textCount: number, rawCount: number) {
    this.numbers = Array.from({ length: numberCount }, () => new Float64Array(size));
    this.texts = Array.from({ length: textCount }, () => new Array<string>(size));
    this.raw = Array.from({ length: rawCount }, () => new Uint8Array(size * 16));
    this.rawEnds = Array.from({ length: rawCount }, () => new Int32Array(size + 1));
    this.rawSize = new Array<number>(rawCount).fill(0);
    this.lines = new Int32Array(size);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
    this.chunkOf = new Int32Array(size);
  }
}

/**
 * The parser: a byte-level scan over each chunk that parses numbers straight from the bytes
 * (decimal text of up to 15 significant digits and exponents within ±22 by one exact
 * operation, anything else by `Number`), decodes only the text columns asked for, and keeps
 * each row's byte range so a rejected line's text is decoded only when it is rejected.
 */
class CsvParser {
  names: string[] | null = null;
  kinds = new Int8Array(0);
  slots = new Int32Array(0);
  width = 0;
  line = 1;
  numberNames: string[] = [];
  textNames: string[] = [];
  rawNames: string[] = [];
  private bad = '';

  constructor(
    readonly numeric: readonly string[],
    readonly text: readonly string[] | undefined,
    readonly passThrough: readonly string[],
    readonly delimiter: number,
  ) {}

  /** Set up the columns from the header record's fields. */
  header(fields: string[]): void {
    if (fields.length === 1 && fields[0] === '') throw headerError('an empty first line');
    const seen = new Set<string>();
    const duplicates = fields.filter((name) => (seen.has(name) ? true : (seen.add(name), false)));
    if (duplicates.length > 0) {
      throw new CustomerValueError('invalid_value', `readCsvBatches: the header names a column twice`, duplicates.map((name) => ({
        function: 'readCsvBatches', row: 1, column: name, expected: 'unique column names', received: `"${name}" more than once`,
      })));
    }
    const absent = [...this.numeric, ...(this.text ?? []), ...this.passThrough].filter((name) => !seen.has(name));
    if (absent.length > 0) {
      throw new CustomerValueError('missing_column', `readCsvBatches: ${absent.length} column${absent.length === 1 ? ' is' : 's are'} missing from the header`, absent.map((column) => ({
        function: 'readCsvBatches', column, expected: `a column "${column}" in the header`, received: 'no such column',
      })));
    }
    this.names = fields;
    this.width = fields.length;
    this.kinds = new Int8Array(fields.length);
    this.slots = new Int32Array(fields.length);
    const textSet = this.text === undefined ? null : new Set(this.text);
    fields.forEach((name, j) => {
      if (this.numeric.includes(name)) {
        this.kinds[j] = NUMBER;
        this.slots[j] = this.numberNames.push(name) - 1;
      } else if (this.passThrough.includes(name)) {
        this.kinds[j] = RAW;
        this.slots[j] = this.rawNames.push(name) - 1;
      } else if (textSet === null || textSet.has(name)) {
        this.kinds[j] = TEXT;
        this.slots[j] = this.textNames.push(name) - 1;
      }
    });
  }

  /**
   * Parse whole records from `buf[pos..]` into `batch` until it is full or the bytes run out.
   * Returns the position after the last whole record; a record cut by the end of a non-final
   * chunk is left for the next call.
   */
  parse(buf: Buffer, pos: number, batch: BatchBuilder, chunk: number, final: boolean): number {
    const end = buf.length;
    const delim = this.delimiter;
    const kinds = this.kinds;
    const slots = this.slots;
    const width = this.width;
    while (pos < end && batch.rows < batch.size) {
      const start = pos;
      const row = batch.rows;
      let field = 0;
      let newlines = 0;
      let ascii = true;
      this.bad = '';
      let complete = false;
      // fields
      for (;;) {
        const kind = field < width ? kinds[field] : SKIP;
        let fieldStart = pos;
        let fieldEnd = pos;
        let quoted = false;
        if (pos < end && buf[pos] === QUOTE) {
          quoted = true;
          let p = pos + 1;
          for (;;) {
            if (p >= end) {
              if (!final) return start;
              this.reject(batch, buf, start, end, 'unterminated quoted field at end of input', newlines);
              return end;
            }
            const c = buf[p];
            if (c === QUOTE) {
              if (p + 1 < end && buf[p + 1] === QUOTE) p += 2;
              else break;
            } else {
              if (c === LF) newlines++;
              else if (c > 127) ascii = false;
              p++;
            }
          }
          if (p + 1 >= end && !final) return start; // the byte after the closing quote decides
          fieldStart = pos + 1;
          fieldEnd = p;
          pos = p + 1;
          if (pos < end && buf[pos] !== delim && buf[pos] !== LF && !(buf[pos] === CR && pos + 1 < end && buf[pos + 1] === LF) && !(buf[pos] === CR && pos + 1 === end)) {
            if (this.bad === '') this.bad = 'characters after a closing quote';
            while (pos < end && buf[pos] !== delim && buf[pos] !== LF) pos++;
          }
        } else {
          let p = pos;
          while (p < end) {
            const c = buf[p];
            if (c === delim || c === LF) break;
            if (c === QUOTE && this.bad === '') this.bad = 'a quote inside an unquoted field';
            if (c > 127) ascii = false;
            p++;
          }
          fieldEnd = p > pos && buf[p - 1] === CR && (p === end || buf[p] === LF) ? p - 1 : p;
          pos = p;
        }
        if (pos >= end && !final) return start; // the record may go on in the next chunk
        if (kind === NUMBER && row < batch.size && this.bad === '') {
          batch.numbers[slots[field]][row] = quoted ? this.slowNumber(buf, fieldStart, fieldEnd, field) : this.number(buf, fieldStart, fieldEnd, field);
        } else if (kind === TEXT) {
          const text = fieldEnd > fieldStart ? decode(buf, fieldStart, fieldEnd) : '';
          batch.texts[slots[field]][row] = quoted && text.includes('"') ? text.replace(/""/g, '"') : text;
        } else if (kind === RAW) {
          // the field as it stands in the file (quotes included); an unquoted field holding a
          // comma or CR (possible under another delimiter) is quoted so it stays one CSV field
          const from = quoted ? fieldStart - 1 : fieldStart;
          const to = quoted ? fieldEnd + 1 : fieldEnd;
          let wrap = false;
          if (!quoted) for (let p = from; p < to && !wrap; p++) wrap = buf[p] === 44 || buf[p] === CR;
          const slot = slots[field];
          const need = to - from + (wrap ? 2 : 0);
          let raw = batch.raw[slot];
          const at = row === 0 ? 0 : batch.rawEnds[slot][row];
          if (at + need > raw.length) {
            const bigger = new Uint8Array(Math.max(raw.length * 2, at + need));
            bigger.set(raw.subarray(0, at));
            raw = batch.raw[slot] = bigger;
          }
          let w = at;
          if (wrap) raw[w++] = QUOTE;
          raw.set(buf.subarray(from, to), w);
          w += to - from;
          if (wrap) raw[w++] = QUOTE;
          batch.rawEnds[slot][row + 1] = w;
        }
        field++;
        if (pos >= end) {
          complete = true;
          break;
        }
        if (buf[pos] === LF) {
          pos++;
          complete = true;
          break;
        }
        pos++; // the delimiter
      }
      if (!complete) return start;
      const recordEnd = pos;
      const lineNo = this.line;
      this.line += 1 + newlines;
      // an empty line (LF or CRLF alone) is skipped; its number is still counted
      if (field === 1 && (recordEnd - start === 1 || (recordEnd - start === 2 && buf[start] === CR)) && buf[start] !== QUOTE) continue;
      if (recordEnd === start) continue;
      if (!ascii && !validUtf8(buf, start, recordEnd)) this.bad = 'invalid UTF-8';
      else if (field !== width && this.bad === '') this.bad = `${field} fields, expected ${width}`;
      if (this.bad !== '') {
        batch.rejects.push({ line: lineNo, text: lineText(buf, start, recordEnd), reason: this.bad });
        continue;
      }
      batch.lines[row] = lineNo;
      batch.starts[row] = start;
      batch.ends[row] = recordEnd;
      batch.chunkOf[row] = chunk;
      batch.rows++;
    }
    return pos;
  }

  private reject(batch: BatchBuilder, buf: Buffer, start: number, end: number, reason: string, newlines: number): void {
    batch.rejects.push({ line: this.line, text: lineText(buf, start, end), reason });
    this.line += 1 + newlines;
  }

  /** A number straight from the bytes; empty is missing (NaN); other text goes to `slowNumber`. */
  private number(buf: Buffer, s: number, e: number, field: number): number {
    if (s === e) return Number.NaN;
    let p = s;
    let negative = false;
    let c = buf[p];
    if (c === MINUS || c === PLUS) {
      negative = c === MINUS;
      p++;
    }
    let mantissa = 0;
    let digits = 0;
    let exponent = 0;
    while (p < e && (c = buf[p]) >= ZERO && c <= NINE) {
      if (digits > 0 || c !== ZERO) digits++;
      mantissa = mantissa * 10 + (c - ZERO);
      p++;
    }
    let any = p > s + (negative || buf[s] === PLUS ? 1 : 0);
    if (p < e && buf[p] === DOT) {
      p++;
      while (p < e && (c = buf[p]) >= ZERO && c <= NINE) {
        if (digits > 0 || c !== ZERO) digits++;
        mantissa = mantissa * 10 + (c - ZERO);
        exponent--;
        p++;
        any = true;
      }
    }
    if (p < e && (buf[p] | 32) === 101 && any) {
      p++;
      let sign = 1;
      if (p < e && (buf[p] === MINUS || buf[p] === PLUS)) sign = buf[p++] === MINUS ? -1 : 1;
      let power = 0;
      let powerDigits = 0;
      while (p < e && (c = buf[p]) >= ZERO && c <= NINE && powerDigits < 6) {
        power = power * 10 + (c - ZERO);
        powerDigits++;
        p++;
      }
      if (powerDigits === 0) return this.slowNumber(buf, s, e, field);
      exponent += sign * power;
    }
    if (p !== e || !any || digits > 15 || exponent > 22 || exponent < -22) return this.slowNumber(buf, s, e, field);
    const value = exponent >= 0 ? mantissa * POW10[exponent] : mantissa / POW10[-exponent];
    return negative ? -value : value;
  }

  /** Any other text: `Number` decides, as a number must have no surrounding spaces. */
  private slowNumber(buf: Buffer, s: number, e: number, field: number): number {
    const text = buf.toString('utf8', s, e).replace(/""/g, '"');
    if (text === '') return Number.NaN;
    const value = Number(text);
    if (Number.isNaN(value) || text.trim() !== text) {
      if (this.bad === '') this.bad = `column "${(this.names as string[])[field]}": not a number: ${JSON.stringify(text)}`;
      return Number.NaN;
    }
    return value;
  }
}

/** UTF-8 text of a byte range (Node's direct slice when present: no encoding lookup per field). */
const decode: (buf: Buffer, start: number, end: number) => string =
  typeof (Buffer.prototype as { utf8Slice?: unknown }).utf8Slice === 'function'
    ? (buf, start, end) => (buf as unknown as { utf8Slice(s: number, e: number): string }).utf8Slice(start, end)
    : (buf, start, end) => buf.toString('utf8', start, end);

function validUtf8(buf: Buffer, start: number, end: number): boolean {
  try {
    utf8.decode(buf.subarray(start, end));
    return true;
  } catch {
    return false;
  }
}

/** A record's text without its line break (invalid UTF-8 shown as U+FFFD). */
function lineText(buf: Buffer, start: number, end: number): string {
  let e = end;
  if (e > start && buf[e - 1] === LF) e--;
  if (e > start && buf[e - 1] === CR) e--;
  return buf.toString('utf8', start, e);
}

function toBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function headerError(received: string): CustomerValueError {
  return new CustomerValueError('invalid_value', 'readCsvBatches: the CSV has no header line', [
    { function: 'readCsvBatches', row: 1, expected: 'a header line naming the columns', received },
  ]);
}

/** Split the header line (RFC 4180 quoting) into names. */
function headerFields(text: string, delimiter: string): string[] {
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

/**
 * Stream a CSV file (or any async iterable of byte/text chunks) as batches of columns, in
 * constant memory: RFC 4180 quoting, CRLF or LF, a UTF-8 BOM skipped. Numbers are parsed
 * straight from the bytes (exactly as `Number` would), only the text columns asked for are
 * decoded, and a line with the wrong number of fields, a stray or unterminated quote, invalid
 * UTF-8 or a non-number in a numeric column is returned in `rejects` with its line number —
 * never silently dropped — so every input line is a row, a reject or an empty line.
 *
 * @throws {CustomerValueError} `invalid_value` for a missing, empty or duplicated header; `missing_column` when a named column is absent; `invalid_spec` for a bad batch size or delimiter.
 * @example
 * import { Readable } from 'node:stream';
 * const batches = readCsvBatches(Readable.from(['id,spend\n1,9.5\n2,oops\n3,4\n']), { numeric: ['spend'] });
 * const rows = [];
 * for await (const batch of batches) rows.push(...batch.columns.spend, ...batch.rejects.map((r) => r.line));
 * rows; // => [9.5, 4, 3]
 */
export async function* readCsvBatches(input: string | AsyncIterable<Uint8Array | string>, options: ReadCsvBatchesOptions): AsyncGenerator<ColumnBatch> {
  if (typeof input !== 'string') assertIterable(input, 'readCsvBatches', 'input', 'a file path or an async iterable of chunks');
  const o = parseSpec(optionsSchema, options, 'readCsvBatches', 'options');
  const batchSize = o.batchSize ?? 65_536;
  const delimiter = o.delimiter ?? ',';
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1 << 24) throw specError('batchSize', 'a whole number from 1 to 16,777,216', String(batchSize));
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 127 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') throw specError('delimiter', 'one ASCII character other than a quote or line break', JSON.stringify(delimiter));
  const parser = new CsvParser(o.numeric, o.text?.filter((name) => !(o.passThrough ?? []).includes(name)), o.passThrough ?? [], delimiter.charCodeAt(0));
  const source = typeof input === 'string' ? createReadStream(input, { highWaterMark: 1 << 20 }) : input;
  let batch: BatchBuilder | null = null;
  let pending: Buffer | null = null;
  let yielded = false;
  let first = true;

  const finish = (b: BatchBuilder): ColumnBatch => {
    const n = b.rows;
    const columns: Record<string, Float64Array | string[] | CsvFieldColumn> = Object.create(null);
    const names: string[] = [];
    (parser.names as string[]).forEach((name, j) => {
      const kind = parser.kinds[j];
      if (kind === NUMBER) columns[name] = n === b.size ? b.numbers[parser.slots[j]] : b.numbers[parser.slots[j]].slice(0, n);
      else if (kind === TEXT) columns[name] = n === b.size ? b.texts[parser.slots[j]] : b.texts[parser.slots[j]].slice(0, n);
      else if (kind === RAW) {
        const ends = b.rawEnds[parser.slots[j]];
        columns[name] = { kind: 'csvFields', bytes: b.raw[parser.slots[j]].subarray(0, ends[n]), offsets: ends.subarray(0, n + 1), length: n };
      }
      if (kind !== SKIP) names.push(name);
    });
    const { chunks, starts, ends, chunkOf } = b;
    return {
      columns,
      rowCount: n,
      lines: b.lines.slice(0, n),
      lineText: (row: number) => lineText(chunks[chunkOf[row]] as Buffer, starts[row], ends[row]),
      rejects: b.rejects.sort((x, y) => x.line - y.line),
      names,
    };
  };

  async function* feed(chunk: Buffer, final: boolean): AsyncGenerator<ColumnBatch> {
    const buf: Buffer = pending === null ? chunk : Buffer.concat([pending, chunk]);
    pending = null;
    let pos = 0;
    if (first && buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    else if (first && buf.length < 3 && !final) {
      pending = buf;
      return;
    }
    first = false;
    if (parser.names === null) {
      // the header: up to its line break, quotes respected
      let inQuotes = false;
      let p = pos;
      for (; p < buf.length; p++) {
        if (buf[p] === QUOTE) inQuotes = !inQuotes;
        else if (buf[p] === LF && !inQuotes) break;
      }
      if (p >= buf.length && !final) {
        pending = buf.subarray(pos);
        return;
      }
      if (pos >= buf.length) return; // an empty input
      const text = lineText(buf, pos, Math.min(p + 1, buf.length));
      if (text.includes('\ufffd') && !validUtf8(buf, pos, p)) throw headerError('a header line that is not valid UTF-8');
      parser.header(headerFields(text, delimiter));
      parser.line = 2 + (text.match(/\n/g)?.length ?? 0);
      pos = Math.min(p + 1, buf.length);
    }
    while (pos < buf.length) {
      if (batch === null) batch = new BatchBuilder(batchSize, parser.numberNames.length, parser.textNames.length, parser.rawNames.length);
      if (batch.chunks[batch.chunks.length - 1] !== buf) batch.chunks.push(buf);
      const next = parser.parse(buf, pos, batch, batch.chunks.length - 1, final);
      const full = batch.rows === batch.size;
      if (full) {
        yielded = true;
        yield finish(batch);
        batch = null;
      } else {
        // the bytes ran out: keep an incomplete record for the next chunk
        if (next < buf.length && !final) pending = buf.subarray(next);
        break;
      }
      pos = next;
    }
  }

  try {
    for await (const chunk of source) yield* feed(toBuffer(chunk as Uint8Array | string), false);
  } catch (error) {
    throw typeof input === 'string' ? fileError(error, 'readCsvBatches', input) : error;
  }
  yield* feed(Buffer.alloc(0), true);
  if (parser.names === null) throw headerError('an empty input');
  // the last batch is always yielded once, even empty, so writers can emit a header
  const last = batch as BatchBuilder | null;
  if (last !== null && (last.rows > 0 || last.rejects.length > 0 || !yielded)) yield finish(last);
  else if (!yielded) yield finish(new BatchBuilder(1, parser.numberNames.length, parser.textNames.length, parser.rawNames.length));
}

function specError(column: string, expected: string, received: string): CustomerValueError {
  return new CustomerValueError('invalid_spec', `readCsvBatches: options.${column} is invalid`, [{ function: 'readCsvBatches', column: `options.${column}`, expected, received }]);
}

import { createReadStream } from 'node:fs';
import * as z from 'zod';
import { missingColumnsError } from '../internal/missingColumns.js';
import { CustomerValueError } from '../errors.js';
import { NUMBER_TEXT_EXPECTED, numberTextProblem, parseNumberText } from '../internal/numberText.js';
import { parseSpec } from '../internal/parseSpec.js';
import { shortDecimal, shortDecimalEnd } from '../internal/shortDecimal.js';
import { assertIterable, fileError } from './nodeArguments.js';
import type { ColumnBatch, CsvFieldColumn, RejectedLine } from './columnBatch.js';

/** Options for `readCsvBatches`. */
export interface ReadCsvBatchesOptions {
  /** Rows per batch (default 65,536). */
  readonly batchSize?: number;
  /**
   * Columns to parse as numbers, in the one number grammar of every reader (README "Numbers in
   * text"): decimal (`12`, `-3.5`, `.5`, `1.2e3`), spaces or tabs around allowed; an empty cell is
   * missing (NaN); anything else — hex/binary/octal (`0x1F`), `Infinity`, `NaN`, an integer
   * beyond ±2^53, a value beyond a double's range (`1e400`) — rejects the line, naming the column.
   */
  readonly numeric: readonly string[];
  /**
   * Text columns to return (default: every column not in `numeric`); the rest are skipped
   * without decoding. A column not in `numeric` is never typed by its content: ids come back as
   * written (`007`, a 19-digit id) in every batch. Name id columns here; a name the header lacks
   * is an error, and a column cannot be in two of `numeric`, `text` and `passThrough`.
   */
  readonly text?: readonly string[];
  /**
   * Columns to pass through undecoded, as `CsvFieldColumn`s of the fields' bytes (for ids that
   * are only copied to the output: no string per row is made).
   */
  readonly passThrough?: readonly string[];
  /** Field delimiter, one ASCII character (default `,`). */
  readonly delimiter?: string;
  /**
   * Largest field, in bytes as they stand in the file (quotes included), default 1 MiB
   * (1,048,576). A longer field — usually a stray opening quote swallowing the lines after it —
   * stops the read with an error naming the line and column where it starts, having buffered
   * about this much.
   */
  readonly maxFieldSize?: number;
  /** Largest record (a line, or several when quoted fields hold line breaks), in bytes; default 4 MiB (4,194,304). */
  readonly maxRecordSize?: number;
  /**
   * Fill every batch into the same memory (default `false`: each batch is new memory, yours to
   * keep). With `true`, a batch's columns, `lines`, pass-through bytes and `lineText` are valid
   * until the next batch is asked for, then overwritten: use or copy them before (as
   * `scoreStream` → `writeCsvBatches` do, and as gathering batches into whole columns does).
   * `rejects` stay yours either way. It saves allocating and collecting the batch's arrays
   * (about 8 bytes per numeric cell, plus the id bytes) once per batch.
   */
  readonly reuseBatches?: boolean;
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
const size = z
  .int()
  .min(1)
  .max(1 << 30);
const optionsSchema = z.strictObject({
  batchSize: z.number().optional(),
  numeric: names,
  text: names.optional(),
  passThrough: names.optional(),
  delimiter: z.string().optional(),
  maxFieldSize: size.default(1 << 20),
  maxRecordSize: size.default(1 << 22),
  reuseBatches: z.boolean().default(false),
});

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
  rejects: RejectedLine[] = [];

  constructor(
    readonly size: number,
    numberCount: number,
    textCount: number,
    rawCount: number,
  ) {
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

  /** Empty again, its arrays kept (`reuseBatches`): every row filled later overwrites all of its cells. */
  reset(): this {
    this.rows = 0;
    this.chunks.length = 0;
    this.rejects = [];
    return this;
  }
}

/**
 * The parser: a byte-level scan over each chunk that parses numbers straight from the bytes
 * (decimal text of up to 15 significant digits and a net exponent within ±22, by one exact
 * operation — Clinger's fast path, so the result is the correctly rounded double `Number` gives),
 * anything else through `parseNumberText`, so both paths apply the one grammar exactly; it decodes
 * only the text columns asked for, and keeps each row's byte range so a rejected line's text is
 * decoded only when it is rejected.
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
  /** After an incomplete record: bytes to gather before parsing it again. */
  retryAt = 0;
  private bad = '';

  constructor(
    readonly numeric: readonly string[],
    readonly text: readonly string[] | undefined,
    readonly passThrough: readonly string[],
    readonly delimiter: number,
    readonly maxField: number,
    readonly maxRecord: number,
  ) {}

  /** Set up the columns from the header record's fields. */
  header(fields: string[]): void {
    if (fields.length === 1 && fields[0] === '') throw headerError('an empty first line');
    const seen = new Set<string>();
    const duplicates = fields.filter((name) => (seen.has(name) ? true : (seen.add(name), false)));
    if (duplicates.length > 0) {
      throw new CustomerValueError(
        'invalid_value',
        `readCsvBatches: the header names a column twice`,
        duplicates.map((name) => ({
          function: 'readCsvBatches',
          line: 1,
          column: name,
          expected: 'unique column names',
          received: `"${name}" more than once`,
        })),
      );
    }
    const absent = [...this.numeric, ...(this.text ?? []), ...this.passThrough].filter((name) => !seen.has(name));
    if (absent.length > 0) {
      throw missingColumnsError('readCsvBatches', absent, fields, String.fromCharCode(this.delimiter));
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
   * chunk is left for the next call (and `retryAt` says how many bytes to gather before trying
   * again). A record ends at LF, CRLF or a lone CR outside quotes; a CR that is the last byte of
   * a chunk waits for the next byte.
   */
  parse(buf: Buffer, pos: number, end: number, batch: BatchBuilder, chunk: number, final: boolean): number {
    const delim = this.delimiter;
    const kinds = this.kinds;
    const slots = this.slots;
    const width = this.width;
    const maxField = this.maxField;
    while (pos < end && batch.rows < batch.size) {
      const start = pos;
      const row = batch.rows;
      let field = 0;
      let newlines = 0;
      let ascii = true;
      this.bad = '';
      let blank = false;
      // fields
      for (;;) {
        const kind = field < width ? kinds[field] : SKIP;
        let fieldStart = pos;
        let fieldEnd: number;
        let quoted = false;
        let fast = Number.NaN;
        if (pos < end && buf[pos] === QUOTE) {
          quoted = true;
          fieldStart = pos + 1;
          const quoteLine = this.line + newlines;
          // scan to the closing quote, never further than the field limit allows
          const stop = Math.min(end, fieldStart + maxField + 2);
          let p = fieldStart;
          for (;;) {
            if (p >= stop) {
              if (p - fieldStart > maxField) throw this.tooLong('field', quoteLine, field, true);
              if (!final) return this.incomplete(start, end, fieldStart);
              // the input ends inside quotes: a cut last line is a reject; a quote that
              // swallowed line breaks (the rest of the file) is an error naming its line
              let last = end;
              while (last > fieldStart && (buf[last - 1] === LF || buf[last - 1] === CR)) last--;
              if (buf.subarray(fieldStart, last).some((b) => b === LF || b === CR)) throw this.unbalanced(quoteLine, field);
              this.reject(batch, buf, start, end, 'unterminated quoted field at end of input', newlines);
              return end;
            }
            const c = buf[p];
            if (c === QUOTE) {
              if (p + 1 < end && buf[p + 1] === QUOTE) p += 2;
              else break;
            } else {
              if (c === LF || (c === CR && buf[p + 1] !== LF)) newlines++;
              else if (c > 127) ascii = false;
              p++;
            }
          }
          if (p - fieldStart > maxField) throw this.tooLong('field', quoteLine, field, true);
          if (p + 1 >= end && !final) return this.incomplete(start, end, fieldStart); // the byte after the closing quote decides
          fieldEnd = p;
          pos = p + 1;
          if (pos < end && buf[pos] !== delim && buf[pos] !== LF && buf[pos] !== CR) {
            // a malformed quoted field that took in line breaks is a stray quote that swallowed
            // the lines up to the next stray quote: an error naming its line, not one reject
            if (this.line + newlines !== quoteLine) throw this.unbalanced(quoteLine, field, this.line + newlines);
            if (this.bad === '') this.bad = 'characters after a closing quote';
            while (pos < end && buf[pos] !== delim && buf[pos] !== LF && buf[pos] !== CR) pos++;
          }
        } else {
          let p = pos;
          // a short decimal in a numeric column: scanned and computed in one pass over its bytes
          // (the general scan below, then `number`, read every byte twice)
          if (kind === NUMBER && this.bad === '') {
            fast = shortDecimal(buf, pos, end, delim, true);
            if (fast === fast && shortDecimalEnd - pos <= maxField) {
              p = shortDecimalEnd;
              // the common cell — a short decimal followed by the delimiter — stored and passed at
              // once (readCsvFile's fast path): not the last field, not cut by the end of the bytes
              if (p < end && buf[p] === delim && p - start <= this.maxRecord) {
                batch.numbers[slots[field]][row] = fast;
                field++;
                pos = p + 1;
                continue;
              }
            } else fast = Number.NaN;
          }
          if (fast !== fast) {
            const stop = Math.min(end, pos + maxField + 1);
            while (p < stop) {
              const c = buf[p];
              if (c === delim || c === LF || c === CR) break;
              if (c === QUOTE && this.bad === '') this.bad = 'a quote inside an unquoted field';
              if (c > 127) ascii = false;
              p++;
            }
          }
          if (p - pos > maxField) throw this.tooLong('field', this.line + newlines, field, false);
          fieldEnd = p;
          pos = p;
          if (field === 0 && p === start && (p >= end || buf[p] === LF || buf[p] === CR)) blank = true;
        }
        if (pos - start > this.maxRecord) throw this.tooLong('record', this.line, field, false);
        if (pos >= end && !final) return this.incomplete(start, end, fieldStart); // the record may go on in the next chunk
        if (pos < end && buf[pos] === CR && pos + 1 >= end && !final) return this.incomplete(start, end, end); // CR or CRLF?
        if (kind === NUMBER && row < batch.size && this.bad === '') {
          batch.numbers[slots[field]][row] = quoted
            ? this.slowNumber(buf, fieldStart, fieldEnd, field)
            : fast === fast
              ? fast
              : this.number(buf, fieldStart, fieldEnd, field);
        } else if (kind === TEXT) {
          const text = fieldEnd > fieldStart ? decode(buf, fieldStart, fieldEnd) : '';
          batch.texts[slots[field]][row] = quoted && text.includes('"') ? text.replace(/""/g, '"') : text;
        } else if (kind === RAW) {
          // the field as it stands in the file (quotes included); an unquoted field holding a
          // comma (possible under another delimiter) is quoted so it stays one CSV field
          const from = quoted ? fieldStart - 1 : fieldStart;
          const to = quoted ? fieldEnd + 1 : fieldEnd;
          // (under a comma delimiter an unquoted field cannot hold one, nor a CR: no scan)
          let wrap = false;
          if (!quoted && delim !== 44) for (let p = from; p < to && !wrap; p++) wrap = buf[p] === 44 || buf[p] === CR;
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
          // a short field (an id) byte by byte: a subarray per row cost more than the copy
          if (to - from <= 64) for (let p = from; p < to; p++) raw[w++] = buf[p];
          else {
            raw.set(buf.subarray(from, to), w);
            w += to - from;
          }
          if (wrap) raw[w++] = QUOTE;
          batch.rawEnds[slot][row + 1] = w;
        }
        field++;
        if (pos >= end) break;
        const c = buf[pos];
        if (c === LF) {
          pos++;
          break;
        }
        if (c === CR) {
          pos += pos + 1 < end && buf[pos + 1] === LF ? 2 : 1;
          break;
        }
        pos++; // the delimiter
      }
      const recordEnd = pos;
      const lineNo = this.line;
      this.line += 1 + newlines;
      // an empty line (LF, CRLF or CR alone) is skipped; its number is still counted
      if (blank && field === 1) continue;
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

  /**
   * A record cut by the end of the bytes: remember how many bytes to gather before parsing it
   * again — twice as many (so a long record is rescanned a bounded number of times: linear
   * time), but no more than what shows the open field or the record to be over its limit
   * (bounded memory).
   */
  private incomplete(start: number, end: number, openField: number): number {
    const have = end - start;
    this.retryAt = Math.min(2 * have, openField - start + this.maxField + 2, this.maxRecord + 2);
    return start;
  }

  /** The name of field `index` for messages. */
  private columnName(index: number): string {
    const names = this.names as string[];
    return index < names.length ? names[index] : `field ${index + 1} (beyond the header's ${names.length})`;
  }

  private tooLong(what: 'field' | 'record', line: number, field: number, quoted: boolean): CustomerValueError {
    const limit = what === 'field' ? this.maxField : this.maxRecord;
    const option = what === 'field' ? 'maxFieldSize' : 'maxRecordSize';
    const column = this.columnName(field);
    const summary = quoted
      ? `readCsvBatches: the quoted field opened on line ${line} (column "${column}") runs past ${limit.toLocaleString('en-US')} bytes without a closing quote: an unbalanced quote on line ${line}?`
      : `readCsvBatches: the ${what} on line ${line}${what === 'field' ? ` (column "${column}")` : ''} is longer than ${limit.toLocaleString('en-US')} bytes`;
    return new CustomerValueError('invalid_value', summary, [
      {
        function: 'readCsvBatches',
        line,
        column: what === 'field' ? column : undefined,
        expected: `a ${what} of at most ${limit.toLocaleString('en-US')} bytes (options.${option}) starting on line ${line}`,
        received: 'more bytes',
        hint: quoted ? `look for a stray quote on line ${line}, or raise options.${option}` : `raise options.${option} if such ${what}s are expected`,
      },
    ]);
  }

  /** A quote opened on `line` and never closed (`closedOn` undefined), or closed on a later line and followed by text. */
  private unbalanced(line: number, field: number, closedOn?: number): CustomerValueError {
    const column = this.columnName(field);
    const what =
      closedOn === undefined
        ? `is never closed: an unbalanced quote on line ${line} swallowed the rest of the input`
        : `runs to a quote on line ${closedOn} followed by text: an unbalanced quote on line ${line} swallowed the lines between`;
    return new CustomerValueError('invalid_value', `readCsvBatches: the quoted field opened on line ${line} (column "${column}") ${what}`, [
      {
        function: 'readCsvBatches',
        line,
        column,
        expected: `a closing quote for the field opened on line ${line}, then a delimiter or line end`,
        received: closedOn === undefined ? 'the end of the input' : `text after a quote on line ${closedOn}`,
        hint: `look for a stray quote on line ${line}`,
      },
    ]);
  }

  private reject(batch: BatchBuilder, buf: Buffer, start: number, end: number, reason: string, newlines: number): void {
    batch.rejects.push({ line: this.line, text: lineText(buf, start, end), reason });
    this.line += 1 + newlines;
  }

  /**
   * A number straight from the bytes; empty is missing (NaN). Decimal text is checked against the
   * grammar here; within the exact case it is computed by one operation, otherwise by `Number`;
   * padded or other text, and any refusal, goes to `slowNumber` (`parseNumberText`).
   */
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
    let plain = true;
    if (p < e && buf[p] === DOT) {
      plain = false;
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
      plain = false;
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
    if (p !== e || !any) return this.slowNumber(buf, s, e, field); // padding, or not in the grammar
    if (digits > 15 || exponent > 22 || exponent < -22) {
      // in the grammar, beyond the exact case: `Number` rounds correctly; refused beyond a double's
      // range, or as a plain integer beyond 2^53 (the slow path then names why)
      const value = Number(buf.toString('latin1', s, e));
      if (!Number.isFinite(value) || (plain && !Number.isSafeInteger(value))) return this.slowNumber(buf, s, e, field);
      return value;
    }
    const value = exponent >= 0 ? mantissa * POW10[exponent] : mantissa / POW10[-exponent];
    return negative ? -value : value;
  }

  /**
   * Any other text: the one number grammar (`parseNumberText`) decides — decimal only, spaces
   * and tabs around allowed, no hex/binary/octal/Infinity, no integer beyond 2^53, nothing
   * beyond a double's range. A refused cell rejects its line, naming the column and why.
   */
  private slowNumber(buf: Buffer, s: number, e: number, field: number): number {
    const text = buf.toString('utf8', s, e).replace(/""/g, '"');
    if (text === '') return Number.NaN;
    const value = parseNumberText(text);
    if (Number.isNaN(value)) {
      if (this.bad === '') {
        const problem = numberTextProblem(text) as string;
        // the grammar in words for a text that is no number at all; the reason for one out of range
        const why = problem.startsWith(NUMBER_TEXT_EXPECTED) ? '' : ` (expected ${problem})`;
        this.bad = `column "${(this.names as string[])[field]}": not a number: ${JSON.stringify(text)}${why}`;
      }
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
    { function: 'readCsvBatches', line: 1, expected: 'a header line naming the columns', received },
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
 * constant memory: RFC 4180 quoting (delimiters, doubled quotes and line breaks inside quoted
 * fields), a UTF-8 BOM skipped. A record ends at LF, CRLF or a lone CR (old Mac and some Excel
 * exports) outside quotes, mixed freely, wherever the chunks are cut; a line break inside a
 * quoted field counts as a line, so `lines` and `rejects` give file line numbers. Numbers are
 * parsed straight from the bytes in the one number grammar (`parseNumberText`: decimal only,
 * no hex, `Infinity` or integers beyond ±2^53; the correctly rounded double), only the text columns asked for are
 * decoded, and a line with the wrong number of fields, a stray quote, invalid UTF-8 or a
 * non-number in a numeric column is returned in `rejects` with its line number — never silently
 * dropped — so every input line is a row, a reject or an empty line. A last line cut inside
 * quotes (a truncated file) is a reject; a quote that is never closed and swallowed line breaks
 * (or closes on a later line followed by text: a second stray quote), or a field or record longer than `maxFieldSize` / `maxRecordSize` (1 MiB / 4 MiB), stops the
 * read with an error naming the line and column where it started, after buffering about that
 * limit (linear time, bounded memory). With `reuseBatches: true` every batch is filled into the
 * memory of the one before (no allocation or collection per batch): use or copy a batch before
 * asking for the next (`scoreStream` → `writeCsvBatches` and the CLI's `score` do).
 *
 * @throws {CustomerValueError} `invalid_value` for a missing, empty or duplicated header, an unbalanced quote or an over-long field or record (naming the line and column); `missing_column` when a named column is absent; `invalid_spec` for a bad batch size, delimiter or size limit.
 * @example
 * import { Readable } from 'node:stream';
 * const batches = readCsvBatches(Readable.from(['id,spend\n1,9.5\n2,oops\n3,4\n']), { numeric: ['spend'] });
 * const rows = [];
 * for await (const batch of batches) rows.push(...batch.columns.spend, ...batch.rejects.map((r) => r.line));
 * rows; // => [9.5, 4, 3]
 * // reuseBatches: every batch in the same memory, valid until the next is asked for (copy what you keep)
 * const gathered = [];
 * for await (const batch of readCsvBatches(Readable.from(['x\n1\n2\n3\n']), { numeric: ['x'], batchSize: 2, reuseBatches: true })) gathered.push(...batch.columns.x);
 * gathered; // => [1, 2, 3]
 */
export async function* readCsvBatches(input: string | AsyncIterable<Uint8Array | string>, options: ReadCsvBatchesOptions): AsyncGenerator<ColumnBatch> {
  if (typeof input !== 'string') assertIterable(input, 'readCsvBatches', 'input', 'a file path or an async iterable of chunks');
  const o = parseSpec(optionsSchema, options, 'readCsvBatches', 'options');
  const roles: [string, readonly string[]][] = [
    ['numeric', o.numeric],
    ['text', o.text ?? []],
    ['passThrough', o.passThrough ?? []],
  ];
  for (const [role, list] of roles) {
    for (const [other, otherList] of roles) {
      const both = role < other ? list.find((name) => otherList.includes(name)) : undefined;
      if (both !== undefined)
        throw specError(
          role,
          'a column in one of numeric, text and passThrough (an id column in text or passThrough, a measure in numeric)',
          `"${both}" in ${role} and ${other}`,
        );
    }
  }
  const batchSize = o.batchSize ?? 65_536;
  const delimiter = o.delimiter ?? ',';
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1 << 24)
    throw specError('batchSize', 'a whole number from 1 to 16,777,216', String(batchSize));
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 127 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
    throw specError('delimiter', 'one ASCII character other than a quote or line break', JSON.stringify(delimiter));
  const parser = new CsvParser(
    o.numeric,
    o.text?.filter((name) => !(o.passThrough ?? []).includes(name)),
    o.passThrough ?? [],
    delimiter.charCodeAt(0),
    o.maxFieldSize,
    o.maxRecordSize,
  );
  const source = typeof input === 'string' ? createReadStream(input, { highWaterMark: 1 << 20 }) : input;
  let batch: BatchBuilder | null = null;
  /** The batch last yielded, filled again once the next is asked for (`reuseBatches`). */
  let spare: BatchBuilder | null = null;
  let yielded = false;
  let first = true;

  const finish = (b: BatchBuilder): ColumnBatch => {
    const n = b.rows;
    const columns: Record<string, Float64Array | string[] | CsvFieldColumn> = Object.create(null) as Record<string, Float64Array | string[] | CsvFieldColumn>;
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
      lines: n === b.size ? b.lines : b.lines.slice(0, n),
      lineText: (row: number) => lineText(chunks[chunkOf[row]] as Buffer, starts[row], ends[row]),
      rejects: b.rejects.sort((x, y) => x.line - y.line),
      names,
    };
  };

  // bytes not parsed yet (a record or header cut by a chunk end), gathered until `retryAt`
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let retryAt = 0;
  const keep = (rest: Buffer, at: number) => {
    pending = [rest];
    pendingBytes = rest.length;
    retryAt = at;
  };

  // eslint-disable-next-line @typescript-eslint/require-await -- async so that the yield* of its caller (an async generator) awaits each batch
  async function* feed(chunk: Buffer, final: boolean): AsyncGenerator<ColumnBatch> {
    if (chunk.length > 0) {
      pending.push(chunk);
      pendingBytes += chunk.length;
    }
    if (!final && pendingBytes < retryAt) return;
    // the bytes in one buffer with a sentinel byte after them (`shortDecimal` scans with no bounds
    // test per byte, and reads past the end of a buffer slow down V8's loads)
    const size = pendingBytes;
    const buf = Buffer.allocUnsafe(size + 1);
    let at = 0;
    for (const piece of pending) at += piece.copy(buf, at);
    buf[size] = 0;
    pending = [];
    pendingBytes = 0;
    retryAt = 0;
    let pos = 0;
    if (first && size >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    else if (first && size < 3 && !final) {
      keep(buf.subarray(0, size), 3);
      return;
    }
    first = false;
    if (parser.names === null) {
      // the header: up to its line break (LF, CRLF or CR), quotes respected
      let inQuotes = false;
      let p = pos;
      const stop = Math.min(size, pos + o.maxRecordSize + 1);
      for (; p < stop; p++) {
        const c = buf[p];
        if (c === QUOTE) inQuotes = !inQuotes;
        else if ((c === LF || c === CR) && !inQuotes) break;
      }
      if (p - pos > o.maxRecordSize)
        throw headerError(
          `a header line longer than options.maxRecordSize (${o.maxRecordSize.toLocaleString('en-US')} bytes)${inQuotes ? ': an unbalanced quote?' : ''}`,
        );
      if ((p >= size || (buf[p] === CR && p + 1 >= size)) && !final) {
        keep(buf.subarray(pos, size), Math.min(2 * (size - pos), o.maxRecordSize + 2));
        return;
      }
      if (pos >= size) return; // an empty input
      if (inQuotes) throw headerError('a header line whose quote is never closed');
      const text = buf.toString('utf8', pos, p);
      if (text.includes('\ufffd') && !validUtf8(buf, pos, p)) throw headerError('a header line that is not valid UTF-8');
      parser.header(headerFields(text, delimiter));
      parser.line = 2 + (text.match(/\r\n|\r|\n/g)?.length ?? 0);
      pos = p >= size ? p : buf[p] === CR && buf[p + 1] === LF ? p + 2 : p + 1;
    }
    while (pos < size) {
      if (batch === null) batch = spare?.reset() ?? new BatchBuilder(batchSize, parser.numberNames.length, parser.textNames.length, parser.rawNames.length);
      if (batch.chunks[batch.chunks.length - 1] !== buf) batch.chunks.push(buf);
      const next = parser.parse(buf, pos, size, batch, batch.chunks.length - 1, final);
      const full = batch.rows === batch.size;
      if (full) {
        yielded = true;
        yield finish(batch);
        if (o.reuseBatches) spare = batch;
        batch = null;
      } else {
        // the bytes ran out: keep an incomplete record for the next chunk
        if (next < size && !final) keep(buf.subarray(next, size), parser.retryAt);
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
  return new CustomerValueError('invalid_spec', `readCsvBatches: options.${column} is invalid`, [
    { function: 'readCsvBatches', path: `options.${column}`, expected, received },
  ]);
}

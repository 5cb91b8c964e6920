import { isUtf8 } from 'node:buffer';
import { open, type FileHandle } from 'node:fs/promises';
import type { CsvColumns } from '../io/parseCsv.js';
import { losslessNumber, pointFor } from './losslessNumber.js';
import { parseNumberText } from './numberText.js';
import { csvRecordStart } from './csvRecordStart.js';
import { shortDecimal, shortDecimalEnd } from './shortDecimal.js';
import type { CsvOptions } from './parseCsvOptions.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;
/** Bytes read per call; the window holding them grows only for a record longer than half of it. */
const CHUNK = 1 << 20;
/** Bytes of the first chunk whose line ends size the columns. */
const SAMPLE = 1 << 20;

/** Column kinds while reading: text, numbers that must be numbers (`numbers`), numbers while that loses nothing. */
const TEXT = 0;
const REQUIRED = 1;
const LOSSLESS = 2;

/** Why a parse stopped early: the old path must decide (an error to report exactly), or a column turned out to be text. */
export const FALLBACK = -1;
const INCOMPLETE = -2;
export const RESTART = -3;
/** A part's rows did not fit the rows set aside for it (`csvPartColumns`). */
export const OVERFLOW = -5;

/**
 * One part of a file for one thread (`readCsvFile` with `threads > 1`): the records from the
 * first record boundary at or after `split` (found by `csvRecordStart`, unless `exact`: then
 * `split` is a record start) up to the first record boundary at or after `stop`, parsed into
 * rows `base..capacity` of the shared columns.
 */
export interface CsvPartTask {
  readonly path: string;
  readonly o: CsvOptions;
  readonly header: readonly string[];
  readonly kinds: Int8Array;
  readonly split: number;
  readonly exact: boolean;
  readonly stop: number;
  /** Per column: the shared numbers (null for a text column). */
  readonly numbers: readonly (Float64Array | null)[];
  readonly lines: Int32Array;
  readonly base: number;
  readonly capacity: number;
}

/** What a part gave: lines in `lines` are counted from 1 at `start` (the caller adds the lines before it). */
export interface CsvPartResult {
  /** 0, or `FALLBACK`, `RESTART`, `OVERFLOW`. */
  readonly code: number;
  readonly start: number;
  readonly end: number;
  readonly rows: number;
  /** Line ends from `start` to `end`. */
  readonly lineEnds: number;
  /** Per column: the part's text cells (null for a numeric column). */
  readonly texts: ((string | null)[] | null)[];
  readonly turnedText: number;
}

/** What `csvHeader` gives: the header, its kinds, where the data starts and its line, and a row estimate. */
export interface CsvHeader {
  readonly header: string[];
  readonly kinds: Int8Array;
  readonly dataStart: number;
  readonly dataLine: number;
  readonly size: number;
}

/** `TEXT`, the kind of a text column in `CsvHeader.kinds`. */
export const TEXT_KIND = 0;

/**
 * `readCsvFile`'s fast path: the file read in 1 MiB chunks and parsed straight from the bytes
 * into the columns `parseCsv` would return for its decoded text — never the whole file as bytes
 * or as a string, no string per numeric cell, no per-row objects. An unquoted number of up to 15
 * digits with a net exponent within ±22 is scanned and computed in one pass (`shortDecimal`:
 * Clinger's fast path, the correctly rounded double `Number` gives); every other cell goes
 * through `parseCsv`'s own cell functions (`losslessNumber`, `parseNumberText`), so the typing
 * and the grammar are `parseCsv`'s by construction. Numeric columns are `Float64Array`s sized
 * from the line ends of the first MiB scaled to the file's size (2% over; grown by a quarter when
 * short, a view of the rows read when at most 1/16 over at the end, else a copy).
 * A column that turns out to be text restarts the read with it as text (at most once per column).
 *
 * Returns `undefined` whenever the input holds anything `parseCsv` would report — invalid UTF-8,
 * a malformed quote, a ragged line, a bad header, a field or record that may be over its limit,
 * a bad cell in a `numbers` column — or the file cannot be read: the caller then runs the text
 * path, which throws the exact error.
 */
export async function csvFileColumns(path: string, o: CsvOptions, textual = new Set(o.text)): Promise<CsvColumns | undefined> {
  return withNonEmptyFile(path, async (file, size) => {
    let capacity = -1;
    for (;;) {
      const reader = new CsvBytesReader(o, textual, size, capacity);
      const outcome = await reader.read(file);
      if (outcome === RESTART) {
        textual.add(reader.header[reader.turnedText]);
        capacity = reader.capacity;
        reader.numbers = []; // let the next read's columns take their place
        continue;
      }
      return outcome === FALLBACK ? undefined : reader.result();
    }
  });
}

/**
 * Run `work` on a file opened for reading and its size; `undefined` when the file cannot be
 * opened, is empty, or `work` throws (the callers' text path then reports the exact error).
 * The file is closed either way.
 */
async function withNonEmptyFile<T>(path: string, work: (file: FileHandle, size: number) => Promise<T | undefined>): Promise<T | undefined> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = (await file.stat()).size;
    return size === 0 ? undefined : await work(file, size);
  } catch {
    return undefined;
  } finally {
    await file.close();
  }
}

/**
 * The header of a file as `csvFileColumns` reads it (the first record that is not an empty line,
 * after a BOM), with `textual` columns as text; `undefined` when the file is empty, unreadable
 * or its header is one `parseCsv` refuses.
 */
export async function csvHeader(path: string, o: CsvOptions, textual: ReadonlySet<string>): Promise<CsvHeader | undefined> {
  return withNonEmptyFile(path, async (file, size) => {
    const reader = new CsvBytesReader(o, textual, size, 0);
    reader.stop = 0; // done once the header is read
    const outcome = await reader.read(file, 0);
    if (outcome !== 0 || reader.width < 0) return undefined;
    return { header: reader.header, kinds: reader.kinds, dataStart: reader.end, dataLine: reader.line, size };
  });
}

/**
 * Parse one part of a file into its rows of the shared columns (`readCsvFile` with threads):
 * the same reader, started at a record boundary with the header known, stopped at the first
 * record boundary at or after `task.stop`.
 */
export async function csvPartColumns(task: CsvPartTask): Promise<CsvPartResult> {
  const file = await open(task.path, 'r');
  try {
    const size = (await file.stat()).size;
    const start = task.exact ? task.split : await csvRecordStart(file, task.split, size);
    const reader = new CsvBytesReader(task.o, new Set(), size, task.capacity);
    reader.header = [...task.header];
    reader.width = task.header.length;
    reader.kinds = task.kinds;
    reader.numbers = [...task.numbers];
    reader.texts = task.header.map((_, c) => (task.kinds[c] === TEXT ? [] : null));
    reader.lines = task.lines;
    reader.rows = task.base;
    reader.base = task.base;
    reader.part = true;
    reader.stop = task.stop;
    const code = start >= task.stop || start >= size ? 0 : await reader.read(file, start);
    const end = start >= task.stop || start >= size ? start : reader.end;
    return { code, start, end, rows: reader.rows - task.base, lineEnds: reader.line - 1, texts: reader.texts, turnedText: reader.turnedText };
  } finally {
    await file.close();
  }
}

/** Line ends (LF, CRLF or a lone CR) in `buf[0..end)`. */
export function lineEnds(buf: Uint8Array, end: number): number {
  let ends = 0;
  for (let i = 0; i < end; i++) {
    const c = buf[i];
    if (c === LF || (c === CR && buf[i + 1] !== LF)) ends++;
  }
  return ends;
}

class CsvBytesReader {
  header: string[] = [];
  width = -1;
  kinds: Int8Array = new Int8Array(0);
  numbers: (Float64Array | null)[] = [];
  texts: ((string | null)[] | null)[] = [];
  lines: Int32Array = new Int32Array(0);
  rows = 0;
  line = 1;
  /** The column whose cell was no lossless number (after `RESTART`). */
  turnedText = -1;
  /** Stop at the first record boundary at or after this byte (a part of the file; the header only when 0). */
  stop = Number.POSITIVE_INFINITY;
  /** Where the parse stopped (the file byte after the last record read). */
  end = 0;
  /** A part of a file: rows from `base` into shared columns that never grow (`OVERFLOW` instead). */
  part = false;
  base = 0;
  /** File offset of the window's first byte. */
  private offset = 0;
  private done = false;
  private readonly delimiter: number;
  private readonly comma: boolean;

  constructor(
    readonly o: CsvOptions,
    readonly textual: ReadonlySet<string>,
    readonly size: number,
    /** Rows the columns hold (estimated from the first chunk's lines when `-1`; grown when a file has more). */
    public capacity: number,
  ) {
    this.delimiter = o.delimiter.charCodeAt(0);
    this.comma = o.decimal === ',';
  }

  /**
   * Size the columns from the first chunk: the line ends of its first MiB (an upper bound on its
   * records) scaled to the file's size, 2% over; exact-or-over when the chunk is the whole file.
   */
  private estimate(buf: Buffer, have: number): void {
    if (this.capacity < 0) {
      const sample = have >= this.size ? have : Math.min(have, SAMPLE);
      const ends = lineEnds(buf, sample) + 1;
      this.capacity = sample >= this.size ? ends : Math.ceil(((ends * this.size) / sample) * 1.02) + 16;
    }
    this.lines = new Int32Array(this.capacity);
  }

  /** More rows than estimated: every column a quarter longer (rare: the first chunk's rows were longer than the rest's). */
  private grow(): boolean {
    if (this.part) return false;
    const capacity = Math.ceil(this.capacity * 1.25) + 1024;
    const longer = <T extends Float64Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(capacity);
      b.set(a);
      return b;
    };
    this.lines = longer(this.lines);
    this.numbers = this.numbers.map((column) => (column === null ? null : longer(column)));
    this.capacity = capacity;
    return true;
  }

  /**
   * Read the whole file: `0` when done, else `FALLBACK` or `RESTART`. The next chunk is read (on
   * libuv's thread) while this one is parsed; a record cut by a chunk's end is carried over to
   * the front of the window.
   */
  async read(file: FileHandle, from = 0): Promise<number> {
    // a small file gets buffers of its size (+ the sentinel), a big one a 1 MiB read buffer and a window of twice that
    const chunk = Math.min(CHUNK, this.size + 1);
    let window = Buffer.allocUnsafe(2 * chunk + 1);
    const spare = Buffer.allocUnsafe(chunk);
    let have = 0;
    let position = from;
    let first = from === 0;
    this.offset = from;
    let pending: Promise<{ bytesRead: number }> | null = file.read(spare, 0, chunk, position);
    try {
      for (;;) {
        const { bytesRead } = await (pending as Promise<{ bytesRead: number }>);
        pending = null;
        if (have + bytesRead + 1 > window.length) {
          const bigger = Buffer.allocUnsafe(2 * (have + bytesRead) + 1);
          window.copy(bigger, 0, 0, have);
          window = bigger;
        }
        spare.copy(window, have, 0, bytesRead);
        position += bytesRead;
        have += bytesRead;
        const final = bytesRead === 0;
        if (!final) {
          pending = file.read(spare, 0, chunk, position);
        }
        window[have] = 0; // shortDecimal's sentinel
        let pos = 0;
        if (first && have >= 3 && window[0] === 0xef && window[1] === 0xbb && window[2] === 0xbf) pos = 3;
        else if (first && have < 3 && !final) continue;
        if (first && !this.part && this.stop !== 0) this.estimate(window, have);
        first = false;
        const next = this.records(window, pos, have, final);
        if (next < 0) return next;
        // every byte is checked once: the records just parsed (a record ends at an ASCII byte)
        if (!isUtf8(window.subarray(0, next))) return FALLBACK;
        if (this.done || final) {
          this.end = this.offset + next;
          return this.width < 0 ? FALLBACK : 0;
        }
        window.copy(window, 0, next, have);
        have -= next;
        this.offset += next;
      }
    } finally {
      if (pending !== null) await pending.catch(() => undefined);
    }
  }

  /**
   * Parse whole records from `buf[pos..end)`; returns where the first record cut by the end of
   * the bytes starts (`end` when none is), or `FALLBACK` / `RESTART`.
   */
  private records(buf: Buffer, pos: number, end: number, final: boolean): number {
    while (pos < end) {
      if (this.width >= 0 && this.offset + pos >= this.stop) {
        this.done = true;
        return pos;
      }
      const next = this.width < 0 ? this.headerRecord(buf, pos, end, final) : this.record(buf, pos, end, final);
      if (next === INCOMPLETE) return pos;
      if (next < 0) return next;
      pos = next;
    }
    return pos;
  }

  /** The header (the first record that is not an empty line), checked as `parseCsv` checks it. */
  private headerRecord(buf: Buffer, start: number, end: number, final: boolean): number {
    const fields: string[] = [];
    const line = this.line;
    let pos = start;
    this.newlines = 0;
    for (;;) {
      const f = this.field(buf, pos, end, final, start);
      if (f < 0) return f;
      if (fields.length === 0 && this.fieldEnd === pos && !this.quoted && this.isRecordEnd(buf, this.fieldEnd, end)) {
        // an empty line before the header: skipped, counted
        const after = this.afterRecord(buf, this.fieldEnd, end, final);
        if (after < 0) return after;
        this.line = line + 1;
        return after;
      }
      fields.push(this.text(buf, this.fieldStart, this.fieldEnd));
      const after = this.afterField(buf, f, end, final);
      if (after === INCOMPLETE) return INCOMPLETE;
      if (after >= 0) {
        this.line = line + 1 + this.newlines;
        pos = after;
        break;
      }
      pos = f + 1;
    }
    const seen = new Set(fields);
    if (fields.some((name) => name === '') || seen.size !== fields.length) return FALLBACK;
    if ([...this.o.numbers, ...this.o.text].some((name) => !seen.has(name))) return FALLBACK;
    const required = new Set(this.o.numbers);
    this.header = fields;
    this.width = fields.length;
    this.kinds = Int8Array.from(fields, (name) => (this.textual.has(name) ? TEXT : required.has(name) ? REQUIRED : LOSSLESS));
    this.numbers = fields.map((_, c) => (this.kinds[c] === TEXT || this.stop === 0 ? null : new Float64Array(this.capacity)));
    this.texts = fields.map((_, c) => (this.kinds[c] === TEXT ? [] : null));
    return pos;
  }

  /** One data record into row `this.rows`; returns the position after it. */
  private record(buf: Buffer, start: number, end: number, final: boolean): number {
    const line = this.line;
    const row = this.rows;
    const width = this.width;
    const kinds = this.kinds;
    const fused = !this.comma; // a decimal comma: every number cell through pointFor
    const delim = this.delimiter;
    const maxField = this.o.maxFieldSize;
    const maxRecord = this.o.maxRecordSize;
    let pos = start;
    this.newlines = 0;
    if (row >= this.capacity && !this.grow()) return OVERFLOW;
    const numbers = this.numbers;
    for (let c = 0; ; c++) {
      if (c >= width) return FALLBACK; // a ragged line: the text path names it
      const kind = kinds[c];
      // a short unquoted decimal: scanned and computed in one pass over its bytes
      const fast = kind !== TEXT && fused ? shortDecimal(buf, pos, end, delim, kind !== LOSSLESS) : Number.NaN;
      let f = shortDecimalEnd;
      if (fast === fast && f - pos <= maxField && f - start <= maxRecord) {
        (numbers[c] as Float64Array)[row] = fast;
        if (buf[f] === delim) {
          pos = f + 1;
          continue;
        }
      } else {
        f = this.field(buf, pos, end, final, start);
        if (f < 0) return f;
        const s = this.fieldStart;
        const e = this.fieldEnd;
        if (c === 0 && e === pos && !this.quoted && this.isRecordEnd(buf, e, end)) {
          // an empty line: skipped, its number counted
          const after = this.afterRecord(buf, e, end, final);
          if (after < 0) return after;
          this.line = line + 1;
          return after;
        }
        if (kind === TEXT) {
          const text = s === e ? '' : this.text(buf, s, e);
          (this.texts[c] as (string | null)[])[row - this.base] = text === '' ? null : text;
        } else {
          // not a short decimal: parseCsv's own cell functions decide
          let v = Number.NaN;
          const cell = s === e ? '' : this.text(buf, s, e);
          if (cell !== '') {
            const grammar = this.comma ? pointFor(cell) : cell;
            v = kind === LOSSLESS ? losslessNumber(grammar) : parseNumberText(grammar);
            if (v !== v) {
              if (kind === REQUIRED) return FALLBACK; // a bad cell in a numbers column: the text path names it
              this.turnedText = c;
              return RESTART;
            }
          }
          (this.numbers[c] as Float64Array)[row] = v;
        }
      }
      const after = this.afterField(buf, f, end, final);
      if (after === INCOMPLETE) return INCOMPLETE;
      if (after >= 0) {
        if (c !== width - 1) return FALLBACK; // too few fields
        this.lines[row] = line;
        this.rows = row + 1;
        this.line = line + 1 + this.newlines;
        return after;
      }
      pos = f + 1;
    }
  }

  /** Set by `field`: the field's content bytes, whether it was quoted (and held a doubled quote), line breaks inside quotes so far. */
  private fieldStart = 0;
  private fieldEnd = 0;
  private quoted = false;
  private doubled = false;
  private newlines = 0;

  /**
   * Scan one field from `pos`; returns the position after it (at a delimiter, a line end or the
   * end of the bytes), `INCOMPLETE` when the bytes end before it does, or `FALLBACK` for
   * anything `parseCsv` reports (a stray or unterminated quote, a field or record that may be
   * over its limit: byte counts are never below character counts, so within bytes is within).
   */
  private field(buf: Buffer, pos: number, end: number, final: boolean, recordStart: number): number {
    const delim = this.delimiter;
    const maxField = this.o.maxFieldSize;
    let p = pos;
    if (p < end && buf[p] === QUOTE) {
      const from = p + 1;
      const stop = Math.min(end, from + maxField + 1);
      let doubled = false;
      p = from;
      for (;;) {
        if (p >= stop) return stop < end || final ? FALLBACK : INCOMPLETE;
        const c = buf[p];
        if (c === QUOTE) {
          if (p + 1 >= end && !final) return INCOMPLETE;
          if (buf[p + 1] !== QUOTE) break;
          doubled = true;
          p += 2;
        } else {
          if (c === LF) this.newlines++;
          else if (c === CR) {
            if (p + 1 >= end && !final) return INCOMPLETE;
            if (buf[p + 1] !== LF) this.newlines++;
          }
          p++;
        }
      }
      if (p - from > maxField) return FALLBACK;
      this.fieldStart = from;
      this.fieldEnd = p;
      this.quoted = true;
      this.doubled = doubled;
      p++;
      if (p < end) {
        const c = buf[p];
        if (c !== delim && c !== LF && c !== CR) return FALLBACK; // text after a closing quote
      }
    } else {
      const stop = Math.min(end, p + maxField + 1);
      for (; p < stop; p++) {
        const c = buf[p];
        if (c === delim || c === LF || c === CR) break;
        if (c === QUOTE) return FALLBACK; // a quote inside an unquoted field
      }
      if (p - pos > maxField) return FALLBACK;
      if (p >= end && !final) return INCOMPLETE;
      this.fieldStart = pos;
      this.fieldEnd = p;
      this.quoted = false;
      this.doubled = false;
    }
    if (p - recordStart > this.o.maxRecordSize) return FALLBACK;
    return p;
  }

  private isRecordEnd(buf: Buffer, p: number, end: number): boolean {
    return p >= end || buf[p] === LF || buf[p] === CR;
  }

  /**
   * After a field ending at `p`: `-4` when a delimiter follows (another field), else the position
   * after the record's line end (or `end`), or `INCOMPLETE` for a CR that may be a CRLF's.
   */
  private afterField(buf: Buffer, p: number, end: number, final: boolean): number {
    if (p < end && buf[p] === this.delimiter) return -4;
    return this.afterRecord(buf, p, end, final);
  }

  private afterRecord(buf: Buffer, p: number, end: number, final: boolean): number {
    if (p >= end) return final ? end : INCOMPLETE;
    if (buf[p] === LF) return p + 1;
    if (p + 1 >= end && !final) return INCOMPLETE; // CR or CRLF?
    return buf[p + 1] === LF ? p + 2 : p + 1;
  }

  /** The field's text as `parseCsv` has it: UTF-8 decoded, doubled quotes resolved. */
  private text(buf: Buffer, s: number, e: number): string {
    const text = buf.toString('utf8', s, e);
    return this.doubled ? text.replace(/""/g, '"') : text;
  }

  result(): CsvColumns {
    const rows = this.rows;
    const columns = Object.create(null) as Record<string, Float64Array | (string | null)[]>;
    this.header.forEach((name, c) => {
      const numbers = this.numbers[c];
      if (numbers !== null) columns[name] = trim(numbers, rows);
      else {
        const texts = this.texts[c] as (string | null)[];
        texts.length = rows;
        columns[name] = texts;
      }
      this.numbers[c] = null;
    });
    const lines = trim(this.lines, rows);
    return { columns: { ...columns }, names: this.header, rowCount: rows, lines };
  }
}

/**
 * The first `rows` values: a view when the estimate was close (at most 1/16 over, so no copy of
 * every column at the end: peak memory), else a copy.
 */
export function trim<T extends Float64Array | Int32Array>(column: T, rows: number): T {
  if (rows === column.length) return column;
  return (column.length - rows <= column.length / 16 ? column.subarray(0, rows) : column.slice(0, rows)) as T;
}

import { createReadStream } from 'node:fs';
import * as z from 'zod';
import { numberTextProblem, parseNumberText } from '../internal/numberText.js';
import { parseJsonExact } from '../internal/parseJsonExact.js';
import { parseSpec } from '../internal/parseSpec.js';
import { assertIterable, fileError } from './nodeArguments.js';
import type { ColumnBatch, RejectedLine } from './columnBatch.js';

/** Options for `readNdjsonBatches`. */
export interface ReadNdjsonBatchesOptions {
  /** Rows per batch (default 65,536). */
  readonly batchSize?: number;
  /**
   * Fields to read as numbers: a JSON number, or a string holding a decimal number in the one
   * grammar every reader applies (`"12"`, `"-3.5"`, `"1.2e3"`: BigQuery and other warehouses
   * export numbers as strings); `null` or an absent field is missing (NaN). Anything else — text,
   * `"0x1F"`, `"Infinity"`, or an integer beyond ±2^53 written as a JSON number or a string,
   * which no double holds exactly — rejects the line with its number and the field.
   */
  readonly numeric: readonly string[];
}

const optionsSchema = z.strictObject({
  batchSize: z
    .int()
    .min(1)
    .max(1 << 24)
    .default(65_536),
  numeric: z.array(z.string().min(1)),
});

const encoder = new TextEncoder();
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/** The parts one after the other (no copy for a single part). */
function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Stream newline-delimited JSON (one object per line; a file path or any async iterable of
 * byte/text chunks) as batches of columns, in constant memory. Numeric fields become
 * `Float64Array` columns (a JSON number or a numeric string, see `numeric`); every other field is
 * passed through as it was parsed, except that an integer beyond ±2^53 written as a JSON number
 * (a 19-digit id) is passed through as the string of its exact digits, never rounded. A line that is
 * not valid JSON, not an object, not valid UTF-8, or holds a non-number in a numeric field is
 * returned in `rejects` with its line number — never dropped; blank lines are skipped.
 *
 * UTF-8: lines are cut at the line-break byte and then decoded strictly, so a character split
 * across chunks is read whole, and only a line holding bytes that are not UTF-8 (0xFF, a
 * truncated or overlong sequence, an encoded surrogate) is refused; U+FFFD, the replacement
 * character (bytes EF BF BD), is valid text like any other.
 *
 * Fields belong to lines, not to the file: a batch has a column for every numeric field and for
 * every other field seen on any line so far; a line without a field has `null` there, as if it
 * held `"field": null` (NaN in a numeric column), at every batch size. Batches are marked
 * `fieldsPerLine`, so `scoreStream` takes a kept field absent from a whole batch as missing on
 * its lines, and the output does not depend on `batchSize` or on how the bytes are chunked.
 *
 * @example
 * import { Readable } from 'node:stream';
 * const text = '{"id":"a","spend":9.5}\n{"id":"b","spend":"12"}\n{"id":"c","spend":true}\n{oops\n';
 * const seen = [];
 * for await (const batch of readNdjsonBatches(Readable.from([text]), { numeric: ['spend'] })) {
 *   seen.push(...batch.columns.spend, ...batch.rejects.map((r) => `${r.line}: ${r.reason}`));
 * }
 * seen; // => [9.5, 12, '3: field "spend": not a number: true', '4: not valid JSON']
 */
export async function* readNdjsonBatches(input: string | AsyncIterable<Uint8Array | string>, options: ReadNdjsonBatchesOptions): AsyncGenerator<ColumnBatch> {
  if (typeof input !== 'string') assertIterable(input, 'readNdjsonBatches', 'input', 'a file path or an async iterable of chunks');
  const o = parseSpec(optionsSchema, options, 'readNdjsonBatches', 'options');
  const batchSize = o.batchSize;
  const numeric = o.numeric;
  const numericSet = new Set(numeric);
  const source = typeof input === 'string' ? createReadStream(input) : input;
  const names: string[] = [...numeric];
  const known = new Set(names);
  let rows: Record<string, unknown>[] = [];
  let texts: string[] = [];
  let lines: number[] = [];
  let rejects: RejectedLine[] = [];
  let lineNumber = 0;

  const ready: ColumnBatch[] = [];
  const take = (text: string, validUtf8: boolean) => {
    lineNumber++;
    if (lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (!validUtf8) return void rejects.push({ line: lineNumber, text, reason: 'invalid UTF-8' });
    if (text.trim() === '') return;
    let value: unknown;
    let bigIntegers: Set<string> | null;
    try {
      ({ value, bigIntegers } = parseJsonExact(text));
    } catch {
      return void rejects.push({ line: lineNumber, text, reason: 'not valid JSON' });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return void rejects.push({ line: lineNumber, text, reason: 'not a JSON object' });
    const row = value as Record<string, unknown>;
    for (const name of numeric) {
      const reason = numericFieldProblem(row[name], bigIntegers);
      if (reason !== undefined) return void rejects.push({ line: lineNumber, text, reason: `field "${name}": ${reason}` });
    }
    for (const key of Object.keys(row)) {
      if (!known.has(key)) {
        known.add(key);
        names.push(key);
      }
    }
    rows.push(row);
    texts.push(text);
    lines.push(lineNumber);
    if (rows.length >= batchSize) ready.push(batch());
  };

  // Lines are cut at LF, CRLF or a lone CR (bytes 0x0A, 0x0D: never part of a multibyte UTF-8
  // sequence, and never raw inside a JSON string), as the CSV readers cut them, and only then
  // decoded, strictly: a character split across chunks is whole again, and only bytes that are
  // not UTF-8 refuse their line (U+FFFD, bytes EF BF BD, is a valid character like any other).
  // `bytes` holds k line breaks and so k + 1 lines; all of them are taken.
  const takeLines = (bytes: Uint8Array) => {
    let text: string | null = null;
    try {
      text = strict.decode(bytes);
    } catch {
      // some line holds invalid bytes: decode line by line below to find which
    }
    if (text !== null) {
      for (const line of text.split(LINE_BREAK)) take(line, true);
      return;
    }
    for (let start = 0; ;) {
      const end = nextLineBreak(bytes, start);
      const line = bytes.subarray(start, end < 0 ? bytes.length : end);
      let decoded: string | null = null;
      try {
        decoded = strict.decode(line);
      } catch {
        take(lenient.decode(line), false);
      }
      if (decoded !== null) take(decoded, true);
      if (end < 0) return;
      start = end + (bytes[end] === 13 && bytes[end + 1] === 10 ? 2 : 1);
    }
  };

  const batch = (): ColumnBatch => {
    const n = rows.length;
    const rowTexts = texts;
    const columns: Record<string, Float64Array | unknown[]> = Object.create(null) as Record<string, Float64Array | unknown[]>;
    for (const name of names) {
      if (numericSet.has(name)) {
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const v = Object.prototype.hasOwnProperty.call(rows[i], name) ? rows[i][name] : undefined;
          out[i] = v === undefined || v === null ? Number.NaN : typeof v === 'string' ? parseNumberText(v) : (v as number);
        }
        columns[name] = out;
      } else columns[name] = rows.map((row) => (Object.prototype.hasOwnProperty.call(row, name) ? row[name] : null));
    }
    const result: ColumnBatch = {
      columns: columns,
      rowCount: n,
      lines: Int32Array.from(lines),
      lineText: (row) => rowTexts[row],
      rejects: rejects.sort((a, b) => a.line - b.line),
      names: [...names],
      fieldsPerLine: true,
    };
    rows = [];
    texts = [];
    lines = [];
    rejects = [];
    return result;
  };

  let yielded = false;
  const chunks = (async function* () {
    try {
      for await (const chunk of source) yield chunk;
    } catch (error) {
      throw typeof input === 'string' ? fileError(error, 'readNdjsonBatches', input) : error;
    }
  })();
  // the bytes of the unfinished last line, kept as parts (joined once its line break arrives)
  let pending: Uint8Array[] = [];
  for await (const chunk of chunks) {
    const data = typeof chunk === 'string' ? encoder.encode(chunk) : (chunk as Uint8Array);
    const last = lastLineBreak(data);
    if (last < 0) {
      if (data.length > 0) pending.push(data.slice());
      continue;
    }
    pending.push(data.subarray(0, last));
    let whole = concatBytes(pending);
    // a cut at the LF of a CRLF: its CR (in this chunk or the last) is part of the line break
    if (data[last] === 10 && whole.length > 0 && whole[whole.length - 1] === 13) whole = whole.subarray(0, whole.length - 1);
    takeLines(whole);
    pending = last + 1 < data.length ? [data.slice(last + 1)] : [];
    for (const full of ready.splice(0)) {
      yielded = true;
      yield full;
    }
  }
  if (pending.length > 0) takeLines(concatBytes(pending));
  for (const full of ready.splice(0)) {
    yielded = true;
    yield full;
  }
  // the last batch is always yielded once, even empty, so writers can start their output
  if (rows.length > 0 || rejects.length > 0 || !yielded) yield batch();
}

/** Line breaks: CRLF, LF or a lone CR (old Mac exports), as the CSV readers take them. */
const LINE_BREAK = /\r\n|\n|\r/;

/** Index of the next LF or CR byte from `start`, or −1. */
function nextLineBreak(bytes: Uint8Array, start: number): number {
  for (let i = start; i < bytes.length; i++) if (bytes[i] === 10 || bytes[i] === 13) return i;
  return -1;
}

/**
 * Index of the last line break of a chunk that can be cut at: the last LF, or a later CR that is
 * not the chunk's last byte (a CR at the end may be the first half of a CRLF cut by the chunk).
 */
function lastLineBreak(data: Uint8Array): number {
  const lf = data.lastIndexOf(10);
  const cr = data.length >= 2 ? data.lastIndexOf(13, data.length - 2) : -1;
  return Math.max(lf, cr);
}

/** Why a numeric field's value is refused, or `undefined` when it is a number or missing. */
function numericFieldProblem(v: unknown, bigIntegers: Set<string> | null): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : `not a number within the range of a double: ${String(v)}`;
  if (typeof v === 'string') {
    if (bigIntegers !== null && bigIntegers.has(v))
      return `the integer ${v} is beyond 2^53 and cannot be read exactly as a number (send ids as strings and read them as text)`;
    const problem = numberTextProblem(v);
    if (problem === undefined) return undefined;
    return problem.startsWith('a decimal number') ? `not a number: ${JSON.stringify(v)}` : `not a number: ${JSON.stringify(v)} (expected ${problem})`;
  }
  return `not a number: ${JSON.stringify(v)}`;
}

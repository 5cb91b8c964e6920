import type { Writable } from 'node:stream';
import type { RejectedLine } from './columnBatch.js';
import type { ScoredBatch } from './scoreStream.js';
import { openSink, writeWithBackpressure } from './writableSink.js';

/** Quote a CSV field when it needs it (delimiter, quote, line break). */
export function csvField(value: unknown): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Write scored batches as CSV (header first, numbers at round-trip precision, missing as empty
 * cells) to a writable stream or a file, honouring backpressure, and rejected lines to an
 * optional reject sink as `line,reason,text`. Resolves with the rows and rejects written.
 *
 * @example
 * import { Writable } from 'node:stream';
 * const chunks = [];
 * const sink = new Writable({ write(chunk, _e, done) { chunks.push(String(chunk)); done(); } });
 * async function* one() { yield { columns: { id: ['a'], 'pyramid.tier': Int32Array.of(0) }, names: ['id', 'pyramid.tier'], rowCount: 1, rejects: [] }; }
 * await writeCsvBatches(one(), sink);
 * chunks.join(''); // => 'id,pyramid.tier\na,0\n'
 */
export async function writeCsvBatches(
  batches: AsyncIterable<ScoredBatch>,
  output: Writable | string,
  rejectSink?: Writable | string,
): Promise<{ rows: number; rejects: number }> {
  const sink = openSink(output);
  const rejectSinkOpen = rejectSink === undefined ? null : openSink(rejectSink);
  const out = sink.stream;
  const rejectOut = rejectSinkOpen?.stream;
  let rows = 0;
  let rejects = 0;
  let header = false;
  if (rejectOut) await writeWithBackpressure(rejectOut, 'line,reason,text\n');
  const bytes = new ByteBuffer();
  for await (const batch of batches) {
    if (!header) {
      await writeWithBackpressure(out, `${batch.names.map(csvField).join(',')}\n`);
      header = true;
    }
    const columns = batch.names.map((name) => batch.columns[name]);
    const kinds = columns.map(columnKind);
    const last = columns.length - 1;
    for (let i = 0; i < batch.rowCount; i++) {
      for (let c = 0; c <= last; c++) {
        const kind = kinds[c];
        if (kind === INTEGERS) bytes.integer((columns[c] as Int32Array)[i]);
        else if (kind === FLOATS) bytes.float((columns[c] as Float64Array)[i]);
        else bytes.field((columns[c] as ArrayLike<unknown>)[i]);
        bytes.byte(c === last ? LF : COMMA);
      }
      if (bytes.full()) await writeWithBackpressure(out, bytes.take());
    }
    if (bytes.size() > 0) await writeWithBackpressure(out, bytes.take());
    rows += batch.rowCount;
    if (rejectOut && batch.rejects.length) await writeWithBackpressure(rejectOut, batch.rejects.map(rejectLine).join(''));
    rejects += batch.rejects.length;
  }
  await sink.close();
  await rejectSinkOpen?.close();
  return { rows, rejects };
}

const COMMA = 44;
const LF = 10;
const MINUS = 45;
const ZERO = 48;
/** Digits of 0–999, right-aligned in three bytes each, and how many of them to write. */
const SMALL_DIGITS = new Uint8Array(3000);
const SMALL_LENGTH = new Uint8Array(1000);
for (let v = 0; v < 1000; v++) {
  const text = String(v).padStart(3, '0');
  for (let k = 0; k < 3; k++) SMALL_DIGITS[3 * v + k] = text.charCodeAt(k);
  SMALL_LENGTH[v] = String(v).length;
}
const INTEGERS = 0;
const FLOATS = 1;
const OTHER = 2;

function columnKind(column: ArrayLike<unknown>): number {
  if (column instanceof Int32Array || column instanceof Uint8Array || column instanceof Uint16Array || column instanceof Int16Array || column instanceof Int8Array) return INTEGERS;
  return column instanceof Float64Array || column instanceof Float32Array ? FLOATS : OTHER;
}

/**
 * Output bytes built in place: integers digit by digit, other numbers as `String(v)` (the
 * shortest text that reads back to the same double), text UTF-8 encoded; handed to the stream
 * in chunks of about 1 MiB.
 */
class ByteBuffer {
  private buf = Buffer.allocUnsafe(1 << 20);
  private pos = 0;
  private readonly digits = new Uint8Array(12);

  size(): number {
    return this.pos;
  }

  full(): boolean {
    return this.pos > this.buf.length - 65_536;
  }

  take(): Buffer {
    const chunk = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(1 << 20);
    this.pos = 0;
    return chunk;
  }

  private room(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  integer(value: number): void {
    this.room(12);
    if (value >= 0 && value < 1000) {
      // small whole numbers (tiers, scores, cells) from a table of their digits
      const at = value * 3;
      const length = SMALL_LENGTH[value];
      for (let k = 3 - length; k < 3; k++) this.buf[this.pos++] = SMALL_DIGITS[at + k];
      return;
    }
    let v = value;
    if (v < 0) {
      this.buf[this.pos++] = MINUS;
      v = -v;
    }
    let k = 0;
    do {
      this.digits[k++] = ZERO + (v % 10);
      v = Math.floor(v / 10);
    } while (v > 0);
    while (k > 0) this.buf[this.pos++] = this.digits[--k];
  }

  float(value: number): void {
    if (value !== value) return; // missing: an empty cell
    if (Number.isInteger(value) && value < 2 ** 31 && value > -(2 ** 31)) this.integer(value);
    else {
      const text = String(value);
      this.room(text.length);
      // ASCII only: copied a code unit at a time (cheaper than an encoder call for short text)
      for (let k = 0; k < text.length; k++) this.buf[this.pos++] = text.charCodeAt(k);
    }
  }

  /** A CSV field: plain ASCII text copied as is, anything else quoted as needed and UTF-8 encoded. */
  field(value: unknown): void {
    if (typeof value === 'string' && value.length < 256) {
      this.room(value.length);
      const start = this.pos;
      let k = 0;
      for (; k < value.length; k++) {
        const c = value.charCodeAt(k);
        if (c > 127 || c === 34 || c === 44 || c === 10 || c === 13) break;
        this.buf[this.pos++] = c;
      }
      if (k === value.length) return;
      this.pos = start;
    }
    this.text(csvField(value));
  }

  text(text: string): void {
    this.room(3 * text.length);
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }
}

function rejectLine(r: RejectedLine): string {
  return `${r.line},${csvField(r.reason)},${csvField(r.text)}\n`;
}

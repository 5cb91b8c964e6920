import type { NumberWriter } from '../internal/createNumberWriter.js';

/**
 * Format rows of columns as CSV bytes, straight into one byte buffer (no string per value, no
 * join): integers digit by digit, other numbers as the bytes of `String(v)` written by `numbers`
 * (`createNumberWriter`: the shortest text that reads back to the same double; integers from 2^53
 * to 1e21 in exponent form, `5.1e+20`, so the readers' number grammar reads every written number
 * back), or of `v.toFixed(d)` where `columnDecimals[c]` (any number column) or `floatDecimals`
 * (float columns) asks for `d` decimals (−1: shortest), NaN and null/undefined as empty
 * cells, objects and arrays as their JSON text (a `Date` as its ISO instant), text quoted when
 * it holds a comma, quote or line break, UTF-8 encoded; pass-through
 * CSV fields (`CsvFieldColumn`) copied as they were read.
 *
 * Self-contained on purpose — no runtime imports, no module state — because its source is also
 * the program of the formatting workers `writeCsvBatches` starts for `threads > 1` (which build
 * their own `numbers` from `createNumberWriter`'s source).
 */
export function formatCsvRows(
  columns: readonly unknown[],
  rowCount: number,
  numbers: NumberWriter,
  columnDecimals: readonly number[] = [],
  floatDecimals = -1,
): Uint8Array {
  const COMMA = 44;
  const LF = 10;
  let buf = new Uint8Array(Math.max(1024, rowCount * columns.length * 12));
  let pos = 0;
  const room = (bytes: number) => {
    if (pos + bytes <= buf.length) return;
    const bigger = new Uint8Array(Math.max(buf.length * 2, pos + bytes));
    bigger.set(buf.subarray(0, pos));
    buf = bigger;
  };
  const digits = new Uint8Array(24);
  // 0–999 (tiers, scores, cells) from a table of their digits, right-aligned in three bytes
  const small = new Uint8Array(4000);
  for (let v = 0; v < 1000; v++) {
    const text = String(v);
    small[4 * v] = text.length;
    for (let k = 0; k < text.length; k++) small[4 * v + 1 + k] = text.charCodeAt(k);
  }
  // writes an integer's digits at `at` in `out`, returns the position after them
  const integer = (out: Uint8Array, at: number, value: number): number => {
    if (value >= 0 && value < 1000) {
      const from = 4 * value;
      const length = small[from];
      for (let k = 1; k <= length; k++) out[at++] = small[from + k];
      return at;
    }
    let v = value;
    if (v < 0) {
      out[at++] = 45;
      v = -v;
    }
    let k = 0;
    do {
      digits[k++] = 48 + (v % 10);
      v = Math.floor(v / 10);
    } while (v > 0);
    while (k > 0) out[at++] = digits[--k];
    return at;
  };
  const ascii = (text: string) => {
    room(text.length + rowBytes);
    for (let k = 0; k < text.length; k++) buf[pos++] = text.charCodeAt(k);
  };
  const encoder = new TextEncoder();
  const field = (value: unknown, decimals: number) => {
    if (value === null || value === undefined || (typeof value === 'number' && value !== value)) return;
    if (typeof value === 'number') {
      // as formatNumberText (internal/numberText), in bytes
      room(48 + rowBytes);
      pos = decimals >= 0 ? numbers.fixed(value, decimals, buf, pos) : numbers.shortest(value, buf, pos, true);
      return;
    }
    // objects and arrays (kept NDJSON fields) as their JSON text, never "[object Object]"
    const text =
      typeof value === 'object'
        ? value instanceof Date
          ? value.toISOString()
          : JSON.stringify(value)
        : // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects are written as JSON above; what reaches String() is a string, boolean or bigint
          String(value);
    let plain = true;
    for (let k = 0; k < text.length && plain; k++) {
      const c = text.charCodeAt(k);
      plain = c < 128 && c !== 34 && c !== COMMA && c !== LF && c !== 13;
    }
    if (plain) return ascii(text);
    const quoted = /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    room(3 * quoted.length + rowBytes);
    pos += encoder.encodeInto(quoted, buf.subarray(pos)).written;
  };
  // kinds: 0 integers (other integer typed arrays), 1 doubles, 2 anything else, 3 CSV fields
  // passed through as bytes, 4 Uint8Array, 5 Uint16Array, 6 Int32Array (the scorer's outputs:
  // each read at its own site, so every element load sees one array type)
  const kinds = columns.map((c) =>
    c instanceof Uint8Array
      ? 4
      : c instanceof Uint16Array
        ? 5
        : c instanceof Int32Array
          ? 6
          : c instanceof Int16Array || c instanceof Int8Array || c instanceof Uint32Array
            ? 0
            : c instanceof Float64Array || c instanceof Float32Array
              ? 1
              : typeof c === 'object' && c !== null && (c as { kind?: unknown }).kind === 'csvFields'
                ? 3
                : 2,
  );
  // decimals per column: asked for by name, else for every float column, else −1 (shortest)
  const decimals = kinds.map((kind, c) => {
    const named = columnDecimals[c];
    return named !== undefined && named >= 0 ? named : kind === 1 ? floatDecimals : -1;
  });
  // bytes a row's number columns and separators take at most: made room for once per row (a
  // text or pass-through field makes room for itself and this much more)
  const rowBytes = kinds.reduce<number>((sum, kind, c) => sum + 1 + (kind === 2 || kind === 3 ? 0 : decimals[c] >= 0 ? 48 : kind === 1 ? 32 : 24), 0);
  const last = columns.length - 1;
  for (let i = 0; i < rowCount; i++) {
    room(rowBytes);
    // the row is written through locals (the closures above share `buf` and `pos`)
    let out = buf;
    let at = pos;
    for (let c = 0; c <= last; c++) {
      const kind = kinds[c];
      const fixed = decimals[c];
      if (fixed >= 0 && kind !== 2 && kind !== 3) {
        const v = (columns[c] as Float64Array)[i];
        if (v === v) at = numbers.fixed(v, fixed, out, at);
      } else if (kind === 4) {
        const from = 4 * (columns[c] as Uint8Array)[i];
        const length = small[from];
        for (let k = 1; k <= length; k++) out[at++] = small[from + k];
      } else if (kind === 5) at = integer(out, at, (columns[c] as Uint16Array)[i]);
      else if (kind === 6) at = integer(out, at, (columns[c] as Int32Array)[i]);
      else if (kind === 1) {
        const v = (columns[c] as Float64Array)[i];
        if (v === v) at = Number.isInteger(v) && v < 2147483648 && v > -2147483648 ? integer(out, at, v) : numbers.shortest(v, out, at, true);
      } else if (kind === 3) {
        const raw = columns[c] as { bytes: Uint8Array; offsets: Int32Array };
        const from = raw.offsets[i];
        const to = raw.offsets[i + 1];
        pos = at;
        room(to - from + rowBytes);
        out = buf;
        const bytes = raw.bytes;
        for (let k = from; k < to; k++) out[at++] = bytes[k];
      } else if (kind === 0) at = integer(out, at, (columns[c] as Int32Array)[i]);
      else {
        pos = at;
        field((columns[c] as ArrayLike<unknown>)[i], fixed);
        out = buf;
        at = pos;
      }
      out[at++] = c === last ? LF : COMMA;
    }
    pos = at;
  }
  return buf.subarray(0, pos);
}

import { open } from 'node:fs/promises';
import type { CsvColumns } from '../io/parseCsv.js';
import {
  csvFileColumns,
  csvHeader,
  csvPartColumns,
  FALLBACK,
  lineEnds,
  OVERFLOW,
  RESTART,
  TEXT_KIND,
  trim,
  type CsvPartResult,
  type CsvPartTask,
} from './csvFileColumns.js';
import type { CsvOptions } from './parseCsvOptions.js';

/** Parses part `index` (≥ 1) of a file elsewhere (a worker) or here (tests): `csvPartColumns`'s contract. */
export type CsvPartRunner = (task: CsvPartTask, index: number) => Promise<CsvPartResult>;

/** Data bytes per part below which a file is read by fewer parts (a worker's start costs about as much as parsing a few MiB). */
export const MIN_PART_BYTES = 8 << 20;
/** Bytes read at each split point to size that part's rows. */
const SAMPLE = 1 << 18;

/**
 * `csvFileColumns` on several threads: the data after the header is cut into `parts` byte
 * ranges of about equal size; part 0 is parsed here and the others by `run` (workers), each into
 * its own rows of shared columns (`SharedArrayBuffer`), sized from the line ends of the first
 * 256 KiB at its split point. Each part but the first starts at the record boundary that
 * `csvRecordStart` guesses and ends at the first record boundary at or after the next split point;
 * the guesses are checked in order (a part must start where the one before ended, which is known
 * exactly for part 0 and so, inductively, for every part that passes) and a part that fails is
 * parsed again from the right start. The parts' rows are then moved together in place and their
 * line numbers offset by the line ends before them: the columns, lines and text cells are exactly
 * the one-thread parse's.
 *
 * Returns what `csvFileColumns` returns: `undefined` when a checked part meets anything
 * `parseCsv` would report (the caller's text path then throws the exact error, with the same line
 * and row); a column that turns out to be text restarts the read with it as text; a part with
 * more rows than set aside for it reads the file on one thread instead.
 */
export async function csvFileColumnsParallel(
  path: string,
  o: CsvOptions,
  parts: number,
  run: CsvPartRunner,
  minPartBytes = MIN_PART_BYTES,
): Promise<CsvColumns | undefined> {
  const textual = new Set(o.text);
  for (;;) {
    const head = await csvHeader(path, o, textual);
    if (head === undefined) return undefined;
    const { header, kinds, dataStart, size } = head;
    const k = Math.max(1, Math.min(parts, Math.floor((size - dataStart) / minPartBytes)));
    if (k <= 1) return csvFileColumns(path, o, textual);
    const splits = Array.from({ length: k + 1 }, (_, i) => dataStart + Math.floor(((size - dataStart) * i) / k));
    const capacities = await partRows(path, splits);
    const total = capacities.reduce((a, b) => a + b, 0);
    const numbers = header.map((_, c) => (kinds[c] === TEXT_KIND ? null : new Float64Array(new SharedArrayBuffer(8 * total))));
    const lines = new Int32Array(new SharedArrayBuffer(4 * total));
    let base = 0;
    const tasks = capacities.map((rows, i): CsvPartTask => {
      const task = { path, o, header, kinds, split: splits[i], exact: i === 0, stop: splits[i + 1], numbers, lines, base, capacity: base + rows };
      base += rows;
      return task;
    });
    const results = await Promise.all(tasks.map((task, i) => (i === 0 ? csvPartColumns(task) : run(task, i))));
    // check the chain: each part starts where the one before ended (else parse it again from there)
    let end = dataStart;
    let outcome = 0;
    for (let i = 0; i < k && outcome === 0; i++) {
      if (results[i].start !== end) results[i] = await csvPartColumns({ ...tasks[i], split: end, exact: true });
      outcome = results[i].code;
      end = results[i].end;
    }
    if (outcome === FALLBACK) return undefined;
    if (outcome === RESTART) {
      textual.add(header[results.find((r) => r.code === RESTART)?.turnedText ?? -1]);
      continue;
    }
    if (outcome === OVERFLOW) return csvFileColumns(path, o, textual);
    // the parts' rows together, in place (each moves down, never past a later part's rows)
    let rows = 0;
    let lineBefore = head.dataLine - 1;
    results.forEach((r, i) => {
      const from = tasks[i].base;
      if (from !== rows) {
        for (const column of numbers) column?.copyWithin(rows, from, from + r.rows);
        lines.copyWithin(rows, from, from + r.rows);
      }
      for (let row = rows; row < rows + r.rows; row++) lines[row] += lineBefore;
      rows += r.rows;
      lineBefore += r.lineEnds;
    });
    const columns = Object.create(null) as Record<string, Float64Array | (string | null)[]>;
    header.forEach((name, c) => {
      const column = numbers[c];
      columns[name] = column !== null ? trim(column, rows) : ([] as (string | null)[]).concat(...results.map((r) => r.texts[c] as (string | null)[]));
    });
    return { columns: { ...columns }, names: header, rowCount: rows, lines: trim(lines, rows) };
  }
}

/**
 * Rows to set aside for each part `[splits[i], splits[i + 1])`: its line ends plus two when the
 * sample holds it all, else the sample's line ends scaled to the part's bytes, 3% over.
 */
async function partRows(path: string, splits: readonly number[]): Promise<number[]> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(SAMPLE);
    const rows: number[] = [];
    for (let i = 0; i + 1 < splits.length; i++) {
      const bytes = splits[i + 1] - splits[i];
      const { bytesRead } = await file.read(buf, 0, Math.min(bytes, SAMPLE), splits[i]);
      const ends = lineEnds(buf, bytesRead);
      rows.push(bytesRead >= bytes ? ends + 2 : Math.ceil(((ends + 1) * bytes * 1.03) / bytesRead) + 16);
    }
    return rows;
  } finally {
    await file.close();
  }
}

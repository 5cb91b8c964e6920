import * as z from 'zod';
import { CustomerValueError, describeValue, type CustomerValueIssue } from '../errors.js';
import { parseSpec } from '../internal/parseSpec.js';
import { breaksRelation, inRange } from '../internal/inputDomain.js';
import { assertScorer } from '../scoring/scoreColumns.js';
import { assertBatch, assertIterable } from './nodeArguments.js';
import type { CompiledScorer } from '../scoring/compileScorer.js';
import { streamMissingValuesSchema, type StreamMissingValues } from '../io/missingValues.js';
import { csvFieldText, isCsvFieldColumn, selectCsvFields, type ColumnBatch, type CsvFieldColumn, type RejectedLine } from './columnBatch.js';
import { fileLevels, type FileLevels } from '../internal/fileLevels.js';

const optionsSchema = z.strictObject({ keep: z.array(z.string().min(1)).default([]), missing: streamMissingValuesSchema.default('reject') });

/** A scored batch: the kept columns and the scorer's outputs, plus the lines rejected so far in it. */
export interface ScoredBatch {
  readonly columns: Record<string, ArrayLike<unknown> | CsvFieldColumn>;
  /** Column names in output order: kept columns, then the scorer's outputs. */
  readonly names: readonly string[];
  readonly rowCount: number;
  readonly rejects: readonly RejectedLine[];
}

/** Options for `scoreStream`. */
export interface ScoreStreamOptions {
  /** Input columns passed through to the output (ids). */
  readonly keep?: readonly string[];
  /**
   * A row with a missing input: `'reject'` it (default: written to the reject sink with its line
   * and reason, counted in `rejected`, the stream goes on) or `'skip'` it (scored with the
   * skipped marks, counted in `skipped`), as the library's `missing: 'skip'`. `'reject'` is not
   * the library's `'error'`: a stream does not stop for a row it can set aside, so the word
   * differs (see `src/io/missingValues.ts`).
   */
  readonly missing?: StreamMissingValues;
}

/** Running totals; `rowsIn = rowsOut + rejected` always holds. */
export interface StreamCounts {
  rowsIn: number;
  rowsOut: number;
  rejected: number;
  /** Rows out that were skipped for a missing input (`missing: 'skip'`), written with the skipped marks; counted when present. */
  skipped?: number;
}

/**
 * Score a stream of column batches (from `readCsvBatches` or `readNdjsonBatches`) with a
 * compiled scorer, batch by batch, in constant memory. A row whose input is out of a model's
 * range (an answer off the scale, log1p of a value ≤ −1) or not finite is rejected with its line
 * number and reason; a missing input is rejected too unless `missing: 'skip'`. A kept column
 * named like an output column (in any case) or like another kept column is refused before any
 * row is read, never written twice with the kept data lost. `counts` is
 * updated as batches pass, and the stream checks at the end that rows in = rows out + rejected.
 *
 * Kept columns from NDJSON (`readNdjsonBatches`) are per line: a line without the field gives
 * `null` (written as an empty CSV field or NDJSON `null`), even when no line of the batch
 * has it, so any batch size gives the same rows. A kept field on no line of the whole input is a
 * misspelt name: `missing_column`, thrown after the last batch (the same error at every batch
 * size). From CSV, a kept column not in the header is `missing_column` at the first batch.
 *
 * A categorical input (a covariate model's categorical covariate, listed in `scorer.levels`) is
 * read from its column as text — read it with the reader's text columns, not its `numeric` ones —
 * and handed to the loop as its level's index. In a file every value is text: a cell matches a
 * text level exactly, or a numeric level when it reads as that number (`"2"`, `"2.0"` are level 2
 * of a covariate fitted on numbers); an NDJSON number matches a numeric level (or the text level
 * written as it). A value that is no fitted level rejects its line (`column "segment": "vip" is
 * not a level the model was fitted with ("low", "high")`); an empty cell or `null` is a missing
 * value, rejected (or skipped under `missing: 'skip'`) as any missing input. Line numbers are the
 * input's, whatever the batch size.
 *
 * @throws {CustomerValueError} `missing_column` for a kept column not in the input (see above), or a categorical input a CSV batch does not hold (read it as text); `invalid_spec` for a categorical input with text levels that the reader parsed as numbers (its lines were rejected as not a number: read it as text); `invalid_value` if the counts ever fail to reconcile.
 * @example
 * import { Readable } from 'node:stream';
 * const pyramid = fitValuePyramid({ profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] }, { dimensions: [{ column: 'profit', scale: 'none' }], tiers: { method: 'cumulativeShare' } });
 * const scorer = compileScorer({ pyramid });
 * const counts = { rowsIn: 0, rowsOut: 0, rejected: 0 };
 * const batches = readCsvBatches(Readable.from(['id,profit\na,90\nb,x\nc,1\n']), { numeric: scorer.inputs });
 * const tiers = [];
 * for await (const batch of scoreStream(batches, scorer, { keep: ['id'] }, counts)) tiers.push(...batch.columns['pyramid.tier']);
 * [tiers, counts]; // => [[0, 2], { rowsIn: 3, rowsOut: 2, rejected: 1 }]
 */
export async function* scoreStream(
  batches: AsyncIterable<ColumnBatch>,
  scorer: CompiledScorer,
  options: ScoreStreamOptions = {},
  counts: StreamCounts = { rowsIn: 0, rowsOut: 0, rejected: 0 },
): AsyncGenerator<ScoredBatch> {
  assertIterable(batches, 'scoreStream', 'batches', 'an async iterable of column batches (from readCsvBatches or readNdjsonBatches)');
  assertScorer(scorer, 'scoreStream');
  // categorical inputs (covariate levels): each batch's values read as their level's index (fileLevels.ts)
  const levelReaders = scorer.inputs.map((_, k) => {
    const levels = (scorer.levels ?? [])[k];
    return levels === null || levels === undefined ? null : fileLevels(levels);
  });
  const codeBuffers: (Float64Array | null)[] = scorer.inputs.map(() => null);
  const o = parseSpec(optionsSchema, options, 'scoreStream', 'options');
  const keep = o.keep;
  // a kept column named like an output column (in any case, as engines and spreadsheets compare
  // headers) would give two columns of one name, the kept data lost behind the scores
  const outputNames = new Map(scorer.outputs.map((out) => [out.name.toLowerCase(), out.name]));
  const seenKeep = new Map<string, string>();
  const clashes: CustomerValueIssue[] = [];
  for (const name of keep) {
    const other = outputNames.get(name.toLowerCase()) ?? seenKeep.get(name.toLowerCase());
    if (other !== undefined)
      clashes.push({
        function: 'scoreStream',
        path: 'options.keep',
        expected: `a kept column not named like the output or kept column "${other}"`,
        received: JSON.stringify(name),
        hint: 'rename the column, or name the models differently (name=model.json)',
      });
    seenKeep.set(name.toLowerCase(), name);
  }
  if (clashes.length > 0)
    throw new CustomerValueError('invalid_spec', `scoreStream: ${clashes.length} kept column(s) would collide with another output column`, clashes);
  const skipMissing = o.missing === 'skip';
  if (counts === null || typeof counts !== 'object') {
    throw new CustomerValueError('invalid_value', 'scoreStream: counts is not an object', [
      { function: 'scoreStream', path: 'counts', expected: '{ rowsIn, rowsOut, rejected } to update', received: describeValue(counts) },
    ]);
  }
  // NDJSON: kept fields seen on some line, and whether any line was read at all
  const carried = new Set<string>();
  let perLine = false;
  let lineRows = 0;
  for await (const batch of batches) {
    assertBatch(batch, 'scoreStream', false);
    const absent = keep.filter((name) => !(name in batch.columns));
    if (batch.fieldsPerLine === true) {
      perLine = true;
      lineRows += batch.rowCount;
      for (const name of keep) if (name in batch.columns) carried.add(name);
    } else if (absent.length > 0) {
      throw new CustomerValueError(
        'missing_column',
        `scoreStream: ${absent.length} kept column(s) missing`,
        absent.map((column) => ({ function: 'scoreStream', column, expected: 'a column to pass through', received: 'no such column' })),
      );
    }
    const n = batch.rowCount;
    const keptColumn = (name: string) => batch.columns[name] ?? (new Array(n).fill(null) as unknown[]);
    const inputs = scorer.inputs.map((name, k) => {
      const levels = levelReaders[k];
      if (levels === null) return batch.columns[name] as Float64Array;
      codeBuffers[k] = levelCodes(batch, name, levels, codeBuffers[k]);
      return codeBuffers[k].subarray(0, n);
    });
    const allocate = (rows: number) =>
      scorer.outputs.map((o) =>
        o.type === 'float64'
          ? new Float64Array(rows)
          : o.type === 'int32'
            ? new Int32Array(rows)
            : o.type === 'uint16'
              ? new Uint16Array(rows)
              : new Uint8Array(rows),
      );
    let arrays = allocate(n);
    let kept = n;
    let rejects: RejectedLine[] = batch.rejects as RejectedLine[];
    const columns = Object.create(null) as Record<string, ArrayLike<unknown> | CsvFieldColumn>;
    if (scorer.runChecked(inputs, arrays, 0, n) < 0) {
      // every row clean: the fused loop has scored the whole batch
      for (const name of keep) columns[name] = keptColumn(name);
    } else {
      // Per-row checks against the scorer's ranges: bad rows become rejects, kept rows are compacted.
      const ok = new Uint8Array(n).fill(1);
      const missing = new Uint8Array(n);
      rejects = [...batch.rejects];
      for (let k = 0; k < inputs.length; k++) {
        const x = inputs[k];
        const range = scorer.ranges[k];
        for (let i = 0; i < n; i++) {
          const v = x[i];
          if (v !== v) {
            if (skipMissing) missing[i] = 1;
            else if (ok[i]) {
              ok[i] = 0;
              rejects.push({ line: batch.lines[i], text: batch.lineText(i), reason: `column "${scorer.inputs[k]}": missing value` });
            }
          } else if (!inRange(v, range)) {
            if (ok[i]) {
              ok[i] = 0;
              const levels = levelReaders[k];
              rejects.push({
                line: batch.lines[i],
                text: batch.lineText(i),
                reason:
                  levels === null
                    ? `column "${scorer.inputs[k]}": ${describeValue(v)} is out of the model's range`
                    : `column "${scorer.inputs[k]}": ${describeValue(cellOf(batch.columns[scorer.inputs[k]], i))} is not a level the model was fitted with (${levels.listed})`,
              });
            }
          }
        }
      }
      for (const relation of scorer.relations ?? []) {
        for (let i = 0; i < n; i++) {
          const value = (column: string) => inputs[scorer.inputs.indexOf(column)][i];
          if (ok[i] && !missing[i] && breaksRelation(relation, value)) {
            ok[i] = 0;
            rejects.push({
              line: batch.lines[i],
              text: batch.lineText(i),
              reason: `column "${relation.column}": ${describeValue(value(relation.column))} breaks the model's rule (${relation.expected})`,
            });
          }
        }
      }
      kept = 0;
      for (let i = 0; i < n; i++) kept += ok[i];
      const select = <T>(column: ArrayLike<T>): ArrayLike<T> => {
        if (kept === n) return column;
        if (column instanceof Float64Array) {
          const out = new Float64Array(kept);
          for (let i = 0, a = 0; i < n; i++) if (ok[i]) out[a++] = column[i];
          return out as unknown as ArrayLike<T>;
        }
        const out: T[] = [];
        for (let i = 0; i < n; i++) if (ok[i]) out.push(column[i]);
        return out;
      };
      const keptInputs = inputs.map((x) => select(x) as Float64Array);
      const keptMissing = select(missing);
      arrays = allocate(kept);
      scorer.run(keptInputs, arrays, 0, kept);
      if (skipMissing) {
        scorer.outputs.forEach((o, k) => {
          for (let i = 0; i < kept; i++) if (keptMissing[i] === 1) arrays[k][i] = o.skippedValue;
        });
        let skipped = 0;
        for (let i = 0; i < kept; i++) skipped += keptMissing[i] === 1 ? 1 : 0;
        counts.skipped = (counts.skipped ?? 0) + skipped;
      }
      const keptRows: number[] = [];
      for (let i = 0; i < n; i++) if (ok[i]) keptRows.push(i);
      for (const name of keep) {
        const column = keptColumn(name);
        columns[name] = isCsvFieldColumn(column) ? selectCsvFields(column, keptRows) : select(column as ArrayLike<unknown>);
      }
    }
    scorer.outputs.forEach((o, k) => (columns[o.name] = arrays[k]));
    counts.rowsIn += n + batch.rejects.length;
    counts.rowsOut += kept;
    counts.rejected += rejects.length;
    if (counts.rowsIn !== counts.rowsOut + counts.rejected) {
      throw new CustomerValueError('invalid_value', 'scoreStream: row counts do not reconcile', [
        { function: 'scoreStream', expected: 'rows in = rows out + rejected', received: `${counts.rowsIn} ≠ ${counts.rowsOut} + ${counts.rejected}` },
      ]);
    }
    rejects.sort((a, b) => a.line - b.line);
    yield { columns, names: [...keep, ...scorer.outputs.map((o) => o.name)], rowCount: kept, rejects };
  }
  // a kept NDJSON field on no line at all is a misspelt name, as a CSV column absent from the header
  const never = perLine && lineRows > 0 ? keep.filter((name) => !carried.has(name)) : [];
  if (never.length > 0) {
    throw new CustomerValueError(
      'missing_column',
      `scoreStream: ${never.length} kept field(s) on no line of the input`,
      never.map((column) => ({
        function: 'scoreStream',
        column,
        expected: 'a field to pass through, on at least one line',
        received: 'no such field on any line',
      })),
    );
  }
}

/** Row `i` of a batch column as read (a pass-through CSV field decoded). */
function cellOf(column: ColumnBatch['columns'][string] | undefined, i: number): unknown {
  if (column === undefined) return null;
  return isCsvFieldColumn(column) ? csvFieldText(column, i) : column[i];
}

/**
 * A categorical input's column of a batch as level indexes (NaN missing, −1 not a level), written
 * into `buffer` when it is long enough. A column absent from an NDJSON batch is missing on each of
 * its lines; absent from a CSV batch, or parsed as numbers while the model has text levels no
 * number can match (the reader then rejected those lines), it is an error before any row is written.
 */
function levelCodes(batch: ColumnBatch, name: string, levels: FileLevels, buffer: Float64Array | null): Float64Array {
  const n = batch.rowCount;
  const codes = buffer !== null && buffer.length >= n ? buffer : new Float64Array(Math.max(n, 1024));
  const column = batch.columns[name];
  if (column === undefined && batch.fieldsPerLine !== true)
    throw new CustomerValueError('missing_column', `scoreStream: the categorical input "${name}" is not in the batch`, [
      {
        function: 'scoreStream',
        column: name,
        expected: `a column of the model's levels (${levels.listed}), read as text`,
        received: 'no such column',
        hint: `read it as text: readCsvBatches(file, { numeric: [the numeric inputs], text: [..., ${JSON.stringify(name)}] })`,
      },
    ]);
  if (column instanceof Float64Array && levels.textOnly)
    throw new CustomerValueError('invalid_spec', `scoreStream: the categorical input "${name}" was read as numbers`, [
      {
        function: 'scoreStream',
        column: name,
        expected: `a column read as text: its levels (${levels.listed}) are text`,
        received: 'a column parsed as numbers (lines holding a level were rejected as not a number)',
        hint: `leave it out of the reader's numeric columns and read it as text: readCsvBatches(file, { numeric: [the numeric inputs], text: [..., ${JSON.stringify(name)}] })`,
      },
    ]);
  if (column === undefined) codes.fill(Number.NaN, 0, n);
  else if (isCsvFieldColumn(column)) for (let i = 0; i < n; i++) codes[i] = levels.code(csvFieldText(column, i));
  else for (let i = 0; i < n; i++) codes[i] = levels.code(column[i]);
  return codes;
}

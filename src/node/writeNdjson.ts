import type { Writable } from 'node:stream';
import { csvFieldText, isCsvFieldColumn, type RejectedLine } from './columnBatch.js';
import type { ScoredBatch } from './scoreStream.js';
import { openOutputs, writeWithBackpressure } from './writableSink.js';
import { assertBatch } from './nodeArguments.js';
import { formatNumberText } from '../internal/numberText.js';

/**
 * Write scored batches as newline-delimited JSON — one object per row with the batch's columns
 * in order, numbers at round-trip precision, NaN (missing) as `null` — to a writable stream or
 * a file, honouring backpressure; rejected lines go to an optional reject sink as
 * `{"line","reason","text"}` objects. Resolves with the rows and rejects written. Given a path,
 * the file appears complete or not at all (a temporary file in the same directory, renamed once
 * every batch is written, removed if the batches or a write fail), as with `writeCsvBatches`.
 *
 * @example
 * import { Writable } from 'node:stream';
 * const chunks = [];
 * const sink = new Writable({ write(chunk, _e, done) { chunks.push(String(chunk)); done(); } });
 * async function* one() { yield { columns: { id: ['a', 'b'], 'pyramid.value': Float64Array.of(0.25, NaN) }, names: ['id', 'pyramid.value'], rowCount: 2, rejects: [] }; }
 * await writeNdjsonBatches(one(), sink);
 * chunks.join(''); // => '{"id":"a","pyramid.value":0.25}\n{"id":"b","pyramid.value":null}\n'
 */
export async function writeNdjsonBatches(
  batches: AsyncIterable<ScoredBatch>,
  output: Writable | string,
  rejectSink?: Writable | string,
): Promise<{ rows: number; rejects: number }> {
  const { out, rejectOut, close, abort, named } = await openOutputs('writeNdjsonBatches', batches, output, rejectSink);
  let rows = 0;
  let rejects = 0;
  try {
    for await (const batch of batches) {
      assertBatch(batch, 'writeNdjsonBatches', true);
      const keys = batch.names.map((name) => `${JSON.stringify(name)}:`);
      const columns = batch.names.map((name) => batch.columns[name]);
      let text = '';
      for (let i = 0; i < batch.rowCount; i++) {
        let line = '{';
        for (let c = 0; c < columns.length; c++) {
          const column = columns[c];
          line += (c ? ',' : '') + keys[c] + jsonValue(isCsvFieldColumn(column) ? csvFieldText(column, i) : column[i]);
        }
        text += `${line}}\n`;
        if (text.length > 1 << 20) {
          await writeWithBackpressure(out, text);
          text = '';
        }
      }
      if (text) await writeWithBackpressure(out, text);
      rows += batch.rowCount;
      if (rejectOut && batch.rejects.length) await writeWithBackpressure(rejectOut, batch.rejects.map(rejectLine).join(''));
      rejects += batch.rejects.length;
    }
  } catch (error) {
    // a failed run leaves nothing at the output paths (files opened here are temporary until closed)
    await abort();
    throw named(error);
  }
  await close();
  return { rows, rejects };
}

function jsonValue(value: unknown): string {
  if (value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return 'null';
  // integers from 2^53 to 1e21 in exponent form, which the NDJSON reader reads back as numbers
  if (typeof value === 'number') return formatNumberText(value);
  return JSON.stringify(value);
}

function rejectLine(r: RejectedLine): string {
  return `${JSON.stringify({ line: r.line, reason: r.reason, text: r.text })}\n`;
}

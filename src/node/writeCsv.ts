import type { Writable } from 'node:stream';
import type { RejectedLine } from './csvBatches.js';
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
  for await (const batch of batches) {
    if (!header) {
      await writeWithBackpressure(out, `${batch.names.map(csvField).join(',')}\n`);
      header = true;
    }
    const columns = batch.names.map((name) => batch.columns[name]);
    let text = '';
    for (let i = 0; i < batch.rowCount; i++) {
      let line = '';
      for (let c = 0; c < columns.length; c++) line += (c ? ',' : '') + csvField(columns[c][i]);
      text += `${line}\n`;
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
  await sink.close();
  await rejectSinkOpen?.close();
  return { rows, rejects };
}

function rejectLine(r: RejectedLine): string {
  return `${r.line},${csvField(r.reason)},${csvField(r.text)}\n`;
}

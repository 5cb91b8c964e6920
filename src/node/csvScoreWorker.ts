// A CSV scoring worker (customer-value/node): CSV → score → CSV for pieces of a file, each the
// header then whole records, with the very functions of the one-thread pipeline (readCsvBatches'
// parser, scoreStream, formatCsvRows). Started by `customer-value score --threads n` (through
// scoreCsvChunks), one per thread, and terminated when the input is done; built as its own file
// next to the node entry.
import { Readable } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import { compileScorer, type CompiledScorer, type ScorerModels } from '../scoring/compileScorer.js';
import type { StreamMissingValues } from '../io/missingValues.js';
import type { RejectedLine } from './columnBatch.js';
import { csvBatchesOf, type ReadCsvBatchesOptions } from './csvBatches.js';
import { formatCsvRows } from './formatCsvRows.js';
import { scoreStream, type StreamCounts } from './scoreStream.js';

/** The first message: what every piece is scored with. */
export interface CsvScoreSetup {
  readonly models: ScorerModels;
  readonly read: ReadCsvBatchesOptions;
  readonly keep: readonly string[];
  readonly missing: StreamMissingValues;
}

/** A piece's answer: its output rows as CSV bytes, its rejects (lines counted from the piece's first data line `first`), counts, and the line after its last record. */
export interface CsvScoreAnswer {
  readonly id: number;
  readonly bytes?: Uint8Array;
  readonly rejects?: readonly RejectedLine[];
  readonly counts?: StreamCounts;
  readonly first?: number;
  readonly line?: number;
  readonly error?: string;
}

let setup: (CsvScoreSetup & { scorer: CompiledScorer }) | null = null;

parentPort?.on('message', (message: CsvScoreSetup | { id: number; bytes: Uint8Array }) => {
  if ('models' in message) {
    setup = { ...message, scorer: compileScorer(message.models) };
    return;
  }
  piece(message.id, message.bytes).then(
    (answer) => parentPort?.postMessage(answer, answer.bytes ? [answer.bytes.buffer as ArrayBuffer] : []),
    (error: unknown) => parentPort?.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies CsvScoreAnswer),
  );
});

async function piece(id: number, bytes: Uint8Array): Promise<CsvScoreAnswer> {
  if (setup === null) throw new Error('no setup');
  const state = { line: 0, first: 0 };
  const counts: StreamCounts = { rowsIn: 0, rowsOut: 0, rejected: 0 };
  const parts: Uint8Array[] = [];
  const rejects: RejectedLine[] = [];
  let size = 0;
  const input = Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
  for await (const batch of scoreStream(csvBatchesOf(input, setup.read, state), setup.scorer, { keep: setup.keep, missing: setup.missing }, counts)) {
    const part = formatCsvRows(
      batch.names.map((name) => batch.columns[name]),
      batch.rowCount,
    );
    parts.push(part);
    size += part.length;
    rejects.push(...batch.rejects);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return { id, bytes: out, rejects, counts, first: state.first, line: state.line };
}

// CSV → score → CSV with customer-value/node (readCsvBatches → scoreStream → writeCsvBatches,
// as `customer-value score` runs it), keeping the id column; with THREADS > 1 the output is
// formatted on worker threads. Prints a JSON line: seconds, rows,
// peak RSS and a checksum of the output. Usage: node ours-streaming.mjs N [THREADS]
import { readFileSync } from 'node:fs';
import { compileScorer } from 'customer-value';
import { readCsvBatches, scoreStream, writeCsvBatches } from 'customer-value/node';
import { scoringDir } from './generate-scoring.mjs';
import { scoredChecksum } from './lib/scoredChecksum.mjs';

const n = Number(process.argv[2]);
const threads = Number(process.argv[3] ?? 1);
const dir = scoringDir(n);
const scorer = compileScorer(JSON.parse(readFileSync(`${dir}models.json`, 'utf8')));
const output = `${dir}ours-scored.csv`;
const counts = { rowsIn: 0, rowsOut: 0, rejected: 0 };
const t0 = performance.now();
const batches = readCsvBatches(`${dir}stream.csv`, { numeric: scorer.inputs, text: [], passThrough: ['id'], reuseBatches: true });
await writeCsvBatches(scoreStream(batches, scorer, { keep: ['id'] }, counts), output, undefined, { threads });
const seconds = (performance.now() - t0) / 1000;
if (counts.rowsOut !== n) throw new Error(`expected ${n} rows, got ${JSON.stringify(counts)}`);
console.log(
  JSON.stringify({
    impl: `customer-value CSV → score → CSV, ${threads} thread${threads > 1 ? 's' : ''}`,
    n,
    seconds,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    check: await scoredChecksum(output),
  }),
);

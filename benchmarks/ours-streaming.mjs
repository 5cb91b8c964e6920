// CSV → score → CSV with customer-value/node (readCsvBatches → scoreStream → writeCsvBatches,
// as `customer-value score` runs it), keeping the id column; with THREADS > 1 the output is
// formatted on worker threads. Prints a JSON line: seconds, rows,
// peak RSS and a checksum of the output. With "cli", `customer-value score --threads THREADS` runs
// instead (runCli): with THREADS > 1 it parses, scores and formats pieces of the input on the
// threads at once (scoreCsvChunks). Usage: node ours-streaming.mjs N [THREADS] [cli]
import { readFileSync } from 'node:fs';
import { compileScorer } from 'customer-value';
import { readCsvBatches, runCli, scoreStream, writeCsvBatches } from 'customer-value/node';
import { writeFileSync } from 'node:fs';
import { scoringDir } from './generate-scoring.mjs';
import { scoredChecksum } from './lib/scoredChecksum.mjs';

const n = Number(process.argv[2]);
const threads = Number(process.argv[3] ?? 1);
const dir = scoringDir(n);
const cli = process.argv[4] === 'cli';
const models = JSON.parse(readFileSync(`${dir}models.json`, 'utf8'));
const scorer = compileScorer(models);
// the CLI takes one model per file
if (cli) for (const [name, model] of Object.entries(models)) writeFileSync(`${dir}model-${name}.json`, JSON.stringify(model));
const output = `${dir}ours-scored.csv`;
const counts = { rowsIn: 0, rowsOut: 0, rejected: 0 };
const t0 = performance.now();
if (cli) {
  const quiet = { write: () => true };
  const args = ['score', ...Object.keys(models).flatMap((name) => ['--model', `${name}=${dir}model-${name}.json`])];
  const code = await runCli([...args, '--input', `${dir}stream.csv`, '--output', output, '--keep', 'id', '--threads', String(threads)], {
    stdout: quiet,
    stderr: quiet,
  });
  if (code !== 0) throw new Error(`customer-value score exited with ${code}`);
  counts.rowsOut = n;
} else {
  const batches = readCsvBatches(`${dir}stream.csv`, { numeric: scorer.inputs, text: [], passThrough: ['id'] });
  await writeCsvBatches(scoreStream(batches, scorer, { keep: ['id'] }, counts), output, undefined, { threads });
}
const seconds = (performance.now() - t0) / 1000;
if (counts.rowsOut !== n) throw new Error(`expected ${n} rows, got ${JSON.stringify(counts)}`);
console.log(
  JSON.stringify({
    impl: `customer-value ${cli ? 'score (CLI)' : 'CSV → score → CSV'}, ${threads} thread${threads > 1 ? 's' : ''}${cli && threads > 1 ? ' (pieces parsed, scored, formatted on each)' : ''}`,
    n,
    seconds,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    check: await scoredChecksum(output),
  }),
);

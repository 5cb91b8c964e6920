// One timed run of `customer-value report --input <csv>` in this process (the CLI as a user runs
// it, through runCli from dist/), printing a JSON line: wall seconds, peak RSS (this process's
// maxRSS, so the CSV read, the analysis and the charts are all in it) and the seconds of each stage
// from the CLI's own progress lines (stderr is presented as a terminal so they are printed).
// Usage: node ours-report.mjs <log.csv> <out-dir>
// BENCH_REPORT_NODE_MODULE: another build's node entry (e.g. /tmp/base/dist/node.js), to compare side by side
const { runCli } = await import(process.env.BENCH_REPORT_NODE_MODULE ?? 'customer-value/node');

const [input, outDir] = process.argv.slice(2);
const lines = [];
const stderr = {
  isTTY: true,
  write(chunk) {
    lines.push(String(chunk));
    return true;
  },
};
const stdout = { write: () => true };
const t = performance.now();
const code = await runCli(
  [
    'report',
    '--input',
    input,
    '--customer',
    'customer_id',
    '--date',
    'order_date',
    '--amount',
    'amount',
    '--observation-end',
    '1998-06-30',
    '--time-unit',
    'week',
    '--out-dir',
    outDir,
    '--title',
    'Benchmark log',
  ],
  { stdout, stderr },
);
const seconds = (performance.now() - t) / 1000;
if (code !== 0) {
  console.error(lines.join(''));
  process.exit(1);
}
// `customer-value report: <stage>: X s, N rows in …` (or, before issue 17, `<stage> N rows in S s`)
const stages = {};
for (const line of lines
  .join('')
  .split(/\r|\n/)
  .map((part) => part.replace(`\x1b[K`, ''))) {
  const staged = /^customer-value report: (.+?): ([\d.]+) s, [\d,]+ rows in/.exec(line);
  const plain = /^customer-value report: (.+?) [\d,]+ rows in ([\d.]+) s/.exec(line);
  if (staged) stages[staged[1]] = Number(staged[2]);
  else if (plain) stages[plain[1]] = Number(plain[2]);
}
const wrote = /\((\d+) customers\)/.exec(lines.join(''));
console.log(JSON.stringify({ seconds, peakRssMB: process.resourceUsage().maxRSS / 1024, stages, customers: wrote ? Number(wrote[1]) : null }));

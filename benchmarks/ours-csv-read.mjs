// customer-value's readCsvFile on the CSV-read benchmark's file, into columns. Prints one JSON
// line: seconds, peak RSS, the RSS before the read (Node and the library loaded), the bytes of
// the columns returned (Float64Arrays and the lines array) and a checksum per column.
// With MODULE "batches", readCsvBatches (every column numeric) streams the file instead, and its
// batches are kept as chunked columns (each column a list of the batches' Float64Arrays, as an
// Arrow table holds record batches and DuckDB a table's row groups): nothing is copied twice.
// With THREADS, readCsvFile's `threads` option (default: its own default, all cores).
// Usage: node ours-csv-read.mjs FILE [MODULE] [THREADS] (MODULE: a build's node entry, default customer-value/node; or batches)
import { pathToFileURL } from 'node:url';

const [file, module = 'customer-value/node', threadsArg] = process.argv.slice(2);
const threads = threadsArg === undefined ? undefined : Number(threadsArg);
const batches = module === 'batches';
const { readCsvFile, readCsvBatches } = await import(module.startsWith('/') ? pathToFileURL(module).href : batches ? 'customer-value/node' : module);
const baseRssMB = process.memoryUsage().rss / 2 ** 20;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = batches ? await gather(file) : await readCsvFile(file, threads === undefined ? {} : { threads });
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const peakRssMB = process.resourceUsage().maxRSS / 1024;
const chunksOf = (column) => (Array.isArray(column) ? column : [column]);
let columnBytes = chunksOf(result.lines).reduce((bytes, chunk) => bytes + chunk.byteLength, 0);
const check = {};
for (const name of result.names) {
  let sum = 0;
  let missing = 0;
  for (const chunk of chunksOf(result.columns[name])) {
    if (!(chunk instanceof Float64Array)) throw new Error(`column ${name} is not numeric`);
    columnBytes += chunk.byteLength;
    for (const v of chunk)
      if (v === v) sum += v;
      else missing++;
  }
  check[name] = [sum, missing];
}
console.log(
  JSON.stringify({
    impl:
      (batches ? 'readCsvBatches, kept as chunked columns' : module === 'customer-value/node' ? 'readCsvFile' : `readCsvFile (${module})`) +
      (threads === undefined ? '' : `, ${threads} thread${threads === 1 ? '' : 's'}`),
    rows: result.rowCount,
    seconds,
    cpuSeconds,
    peakRssMB,
    baseRssMB,
    columnMB: columnBytes / 2 ** 20,
    check,
  }),
);

/** readCsvBatches into chunked columns: every batch's columns kept as they come (fresh memory per batch, no copy). */
async function gather(path) {
  // the header from the file's first 4 KiB (not the whole file as a string: that was 125 MB of RSS and 0.2 s in the timing)
  const fs = await import('node:fs');
  const fd = fs.openSync(path, 'r');
  const head = Buffer.alloc(4096);
  fs.readSync(fd, head, 0, 4096, 0);
  fs.closeSync(fd);
  const header = head.toString('latin1').split(/\r?\n/)[0].split(',');
  const columns = Object.fromEntries(header.map((name) => [name, []]));
  const lines = [];
  let rows = 0;
  for await (const batch of readCsvBatches(path, { numeric: header })) {
    if (batch.rejects.length > 0) throw new Error(`rejected line ${batch.rejects[0].line}: ${batch.rejects[0].reason}`);
    for (const name of header) columns[name].push(batch.columns[name]);
    lines.push(batch.lines);
    rows += batch.rowCount;
  }
  return { columns, names: header, rowCount: rows, lines };
}

// customer-value's readCsvFile on the CSV-read benchmark's file, into columns. Prints one JSON
// line: seconds, peak RSS, the RSS before the read (Node and the library loaded), the bytes of
// the columns returned (Float64Arrays and the lines array) and a checksum per column.
// Usage: node ours-csv-read.mjs FILE [MODULE] (MODULE: a build's node entry, default customer-value/node)
import { pathToFileURL } from 'node:url';

const [file, module = 'customer-value/node'] = process.argv.slice(2);
const { readCsvFile } = await import(module.startsWith('/') ? pathToFileURL(module).href : module);
const baseRssMB = process.memoryUsage().rss / 2 ** 20;
const t0 = performance.now();
const result = await readCsvFile(file);
const seconds = (performance.now() - t0) / 1000;
const peakRssMB = process.resourceUsage().maxRSS / 1024;
let columnBytes = result.lines.byteLength;
const check = {};
for (const name of result.names) {
  const column = result.columns[name];
  if (!(column instanceof Float64Array)) throw new Error(`column ${name} is not numeric`);
  columnBytes += column.byteLength;
  let sum = 0;
  let missing = 0;
  for (const v of column)
    if (v === v) sum += v;
    else missing++;
  check[name] = [sum, missing];
}
console.log(
  JSON.stringify({
    impl: module === 'customer-value/node' ? 'readCsvFile' : `readCsvFile (${module})`,
    rows: result.rowCount,
    seconds,
    peakRssMB,
    baseRssMB,
    columnMB: columnBytes / 2 ** 20,
    check,
  }),
);

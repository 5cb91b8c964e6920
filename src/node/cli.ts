import { createReadStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CustomerValueError } from '../errors.js';
import { compileScorer, type ScorerModels } from '../scoring/compileScorer.js';
import { toSql, SQL_DIALECTS, type SqlDialect } from '../scoring/toSql.js';
import { parseModel, type CustomerValueModel } from '../model/parseModel.js';
import { customerValueReport } from '../report/customerValueReport.js';
import { fitRfm } from '../value/fitRfm.js';
import { fitValuePyramid } from '../value/fitValuePyramid.js';
import { fitSatisfactionIndex } from '../satisfaction/fitSatisfactionIndex.js';
import { fitSegments } from '../segmentation/fitSegments.js';
import { fitBetaGeo } from '../loyalty/clv/fitBetaGeo.js';
import { fitGammaGamma } from '../loyalty/clv/fitGammaGamma.js';
import type { ColumnBatch } from './columnBatch.js';
import { readCsvBatches } from './csvBatches.js';
import { readNdjsonBatches } from './ndjsonBatches.js';
import { writeNdjsonBatches } from './writeNdjson.js';
import { readCsvFile } from './readCsvFile.js';
import { scoreStream, type StreamCounts } from './scoreStream.js';
import { writeCsvBatches } from './writeCsv.js';

/**
 * Exit codes of the `customer-value` command.
 *
 * @example
 * [EXIT.ok, EXIT.error, EXIT.rejected]; // => [0, 1, 3]
 */
export const EXIT = {
  /** Everything was read and scored. */
  ok: 0,
  /** Bad arguments, an invalid model or spec, an unreadable file. */
  error: 1,
  /** Scoring finished, but some lines were rejected (listed in the reject file if given). */
  rejected: 3,
} as const;

const HELP = `customer-value — customer-value analytics from the command line

Usage:
  customer-value fit --kind <kind> --spec <spec.json> --input <data.csv|.ndjson> [--output <model.json>]
  customer-value score --model <name=model.json>... --input <data.csv|.ndjson> [--output <scored.csv|.ndjson>]
                       [--keep <column>...] [--missing reject|skip] [--reject-file <rejects>]
                       [--batch-size <rows>] [--format csv|ndjson] [--output-format csv|ndjson]
                       [--threads <n>]
  customer-value report --input <transactions.csv|.ndjson> --customer <column> --date <column>
                        --amount <column> --out-dir <folder> [--time-unit day|week|month]
                        [--observation-end YYYY-MM-DD] [--horizon <periods>] [--title <text>]
  customer-value sql --model <model.json> --dialect <${SQL_DIALECTS.join('|')}> --table <table>
                     [--keep <column>...] [--name <prefix>]
  customer-value --help

Kinds for fit: rfm, valuePyramid, satisfactionIndex, segments, betaGeo, gammaGamma (the spec is
the JSON of the fit function's spec).

Formats: CSV (header line, RFC 4180 quoting) or NDJSON (one JSON object per line), chosen by
--format or the file extension (.ndjson, .jsonl → NDJSON; otherwise CSV). The output has the
input's format unless --output-format or the output file's extension says otherwise; the reject
file has the output's format (CSV: line,reason,text; NDJSON: {"line","reason","text"}).

Examples:
  customer-value fit --kind valuePyramid --spec pyramid.json --input customers.csv --output pyramid.model.json
  customer-value score --model pyramid=pyramid.model.json --model rfm=rfm.model.json \\
      --input customers.csv --output scored.csv --keep customer_id --reject-file rejects.csv
  customer-value score --model pyramid.model.json --input events.ndjson --keep customer_id > scored.ndjson
  customer-value sql --model pyramid.model.json --dialect postgres --table crm.customers --keep customer_id
  customer-value report --input orders.csv --customer customer_id --date order_date --amount total \
      --out-dir report --title "Online shop"

--threads 2 (or more) formats the CSV output on worker threads while the next rows are read
and scored: the same bytes, faster on a multi-core machine.

Exit codes: 0 all rows scored; 3 finished with rejected lines (see --reject-file); 1 error.
Counts (rows in = rows out + rejected) are printed to stderr; a progress line with rows/s and
ETA is shown when stderr is a terminal.
`;

type Args = { command: string; options: Map<string, string[]> };

function parseArgs(argv: string[]): Args {
  const [command = '--help', ...rest] = argv;
  const options = new Map<string, string[]>();
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (!flag.startsWith('--')) throw usage(`unexpected argument ${JSON.stringify(flag)}`);
    const value = rest[i + 1];
    if (value === undefined || value.startsWith('--')) throw usage(`${flag} needs a value`);
    options.set(flag.slice(2), [...(options.get(flag.slice(2)) ?? []), value]);
    i++;
  }
  return { command, options };
}

function usage(message: string): CustomerValueError {
  return new CustomerValueError('invalid_spec', `customer-value: ${message} (see --help)`, []);
}

function one(args: Args, name: string, required = true): string {
  const values = args.options.get(name);
  if (!values || values.length === 0) {
    if (required) throw usage(`--${name} is required`);
    return '';
  }
  return values[values.length - 1];
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new CustomerValueError('invalid_spec', `customer-value: cannot read JSON from "${path}": ${(cause as Error).message}`, []);
  }
}

const FITTERS: Record<string, (data: never, spec: never) => unknown> = {
  rfm: fitRfm as never,
  valuePyramid: fitValuePyramid as never,
  satisfactionIndex: fitSatisfactionIndex as never,
  segments: fitSegments as never,
  betaGeo: fitBetaGeo as never,
  gammaGamma: fitGammaGamma as never,
};

type Format = 'csv' | 'ndjson';

/** The format a flag names, or else the one a file's extension implies. */
function formatOf(args: Args, flag: string, path: string, fallback: Format = 'csv'): Format {
  const given = one(args, flag, false);
  if (given) {
    if (given !== 'csv' && given !== 'ndjson') throw usage(`--${flag} must be csv or ndjson`);
    return given;
  }
  if (/\.(ndjson|jsonl)$/i.test(path)) return 'ndjson';
  if (/\.(csv|tsv|txt)$/i.test(path)) return 'csv';
  return fallback;
}

/** A whole NDJSON file as columns of the values as parsed; any rejected line is an error (a fit never drops rows). */
async function readNdjsonColumns(path: string): Promise<Record<string, unknown[]>> {
  const columns: Record<string, unknown[]> = Object.create(null);
  let rows = 0;
  for await (const batch of readNdjsonBatches(path, { numeric: [] })) {
    if (batch.rejects.length > 0) {
      const r = batch.rejects[0];
      throw new CustomerValueError('invalid_value', `customer-value: line ${r.line} of "${path}": ${r.reason} (${batch.rejects.length} bad line(s) in this batch)`, []);
    }
    for (const name of batch.names) {
      if (!(name in columns)) columns[name] = new Array(rows).fill(null);
      const values = batch.columns[name] as readonly unknown[] | undefined;
      for (let i = 0; i < batch.rowCount; i++) columns[name].push(values === undefined ? null : values[i]);
    }
    rows += batch.rowCount;
  }
  return columns;
}

async function fit(args: Args, out: (text: string) => void): Promise<number> {
  const kind = one(args, 'kind');
  const fitter = FITTERS[kind];
  if (!fitter) throw usage(`--kind must be one of ${Object.keys(FITTERS).join(', ')}`);
  const spec = readJson(one(args, 'spec'));
  const input = one(args, 'input');
  const columns = formatOf(args, 'format', input) === 'ndjson' ? await readNdjsonColumns(input) : (await readCsvFile(input)).columns;
  const model = fitter(columns as never, spec as never);
  const json = `${JSON.stringify(model, null, 2)}\n`;
  const output = one(args, 'output', false);
  if (output) writeFileSync(output, json);
  else out(json);
  return EXIT.ok;
}

async function score(args: Args, err: (text: string) => void, stdout: NodeJS.WritableStream): Promise<number> {
  const entries = args.options.get('model') ?? [];
  if (entries.length === 0) throw usage('--model is required');
  const models: Record<string, CustomerValueModel> = {};
  for (const entry of entries) {
    const [name, path] = entry.includes('=') ? [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] : ['', entry];
    const model = parseModel(readJson(path));
    models[name || model.kind] = model;
  }
  const scorer = compileScorer(models as ScorerModels);
  const input = one(args, 'input');
  const batchSize = Number(one(args, 'batch-size', false) || 65_536);
  const missing = (one(args, 'missing', false) || 'reject') as 'reject' | 'skip';
  if (missing !== 'reject' && missing !== 'skip') throw usage('--missing must be reject or skip');
  const inputFormat = formatOf(args, 'format', input);
  const keep = args.options.get('keep') ?? [];
  const output = one(args, 'output', false);
  const outputFormat = formatOf(args, 'output-format', output, inputFormat);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw usage('--batch-size must be a whole number ≥ 1');
  const threads = Number(one(args, 'threads', false) || 1);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw usage('--threads must be a whole number from 1 to 64');
  const counts: StreamCounts = { rowsIn: 0, rowsOut: 0, rejected: 0 };
  let total: number;
  try {
    total = statSync(input).size;
  } catch (cause) {
    throw new CustomerValueError('invalid_value', `customer-value: cannot read --input "${input}": ${(cause as Error).message}`, []);
  }
  let bytes = 0;
  const started = Date.now();
  // bytes are tallied as the reader pulls them (a 'data' listener would start the stream
  // flowing and lose chunks while the output file opens)
  const file = createReadStream(input, { highWaterMark: 1 << 20 });
  async function* source(): AsyncGenerator<Buffer> {
    for await (const chunk of file) {
      bytes += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  }
  const tty = Boolean((process.stderr as { isTTY?: boolean }).isTTY);
  const progress = tty
    ? setInterval(() => {
        const seconds = (Date.now() - started) / 1000;
        const rate = counts.rowsIn / Math.max(seconds, 1e-3);
        const eta = bytes > 0 ? (seconds * (total - bytes)) / bytes : 0;
        process.stderr.write(`\r${counts.rowsIn.toLocaleString('en-US')} rows · ${Math.round(rate).toLocaleString('en-US')} rows/s · ${((100 * bytes) / total).toFixed(0)}% · ETA ${eta.toFixed(0)} s   `);
      }, 250)
    : null;
  try {
    const batches: AsyncIterable<ColumnBatch> = inputFormat === 'ndjson' ? readNdjsonBatches(source(), { numeric: scorer.inputs, batchSize }) : readCsvBatches(source(), { numeric: scorer.inputs, text: [], passThrough: keep.filter((name) => !scorer.inputs.includes(name)), batchSize });
    const scored = scoreStream(batches, scorer, { keep, missing }, counts);
    const rejectFile = one(args, 'reject-file', false) || undefined;
    if (outputFormat === 'ndjson') await writeNdjsonBatches(scored, output || (stdout as never), rejectFile);
    else await writeCsvBatches(scored, output || (stdout as never), rejectFile, { threads });
  } finally {
    if (progress) {
      clearInterval(progress);
      process.stderr.write('\n');
    }
  }
  err(`rows in ${counts.rowsIn}, rows out ${counts.rowsOut}, rejected ${counts.rejected}\n`);
  return counts.rejected > 0 ? EXIT.rejected : EXIT.ok;
}

async function report(args: Args, err: (text: string) => void): Promise<number> {
  const input = one(args, 'input');
  const outDir = one(args, 'out-dir');
  const columns = formatOf(args, 'format', input) === 'ndjson' ? await readNdjsonColumns(input) : (await readCsvFile(input)).columns;
  const optional = (flag: string) => one(args, flag, false) || undefined;
  const horizon = optional('horizon');
  const result = customerValueReport(columns as never, {
    customer: one(args, 'customer'),
    date: one(args, 'date'),
    amount: one(args, 'amount'),
    ...(optional('time-unit') ? { timeUnit: optional('time-unit') as 'day' | 'week' | 'month' } : {}),
    ...(optional('observation-end') ? { observationEnd: optional('observation-end') } : {}),
    ...(horizon ? { horizon: Number(horizon) } : {}),
    ...(optional('title') ? { title: optional('title') } : {}),
  });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'report.md'), result.markdown);
  for (const [name, svg] of Object.entries(result.charts)) writeFileSync(join(outDir, name), svg);
  err(`wrote ${join(outDir, 'report.md')} and ${Object.keys(result.charts).length} charts (${result.customers.counts.customers} customers)\n`);
  return EXIT.ok;
}

function sql(args: Args, out: (text: string) => void): number {
  const model = parseModel(readJson(one(args, 'model')));
  const dialect = one(args, 'dialect') as SqlDialect;
  const table = one(args, 'table').split('.');
  const name = one(args, 'name', false);
  out(`${toSql(model, { dialect, table, keep: args.options.get('keep') ?? [], ...(name ? { name } : {}) })};\n`);
  return EXIT.ok;
}

/**
 * Run the `customer-value` command with arguments (without `node` and the script). Returns the
 * exit code; output goes to the given streams (scored CSV without `--output` goes to `stdout`,
 * which must then be a real writable stream).
 *
 * @example
 * const lines = [];
 * const code = await runCli(['--help'], { stdout: { write: (t) => lines.push(t) }, stderr: { write: () => {} } });
 * [code, lines.join('').includes('Exit codes')]; // => [0, true]
 */
export async function runCli(argv: string[], io: { stdout: { write(text: string): unknown }; stderr: { write(text: string): unknown } } = process): Promise<number> {
  const out = (text: string) => void io.stdout.write(text);
  const err = (text: string) => void io.stderr.write(text);
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case '--help':
      case 'help':
        out(HELP);
        return EXIT.ok;
      case 'fit':
        return await fit(args, out);
      case 'score':
        return await score(args, err, io.stdout as NodeJS.WritableStream);
      case 'sql':
        return sql(args, out);
      case 'report':
        return await report(args, err);
      default:
        throw usage(`unknown command ${JSON.stringify(args.command)}`);
    }
  } catch (error) {
    err(`${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.error;
  }
}

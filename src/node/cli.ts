import { createReadStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CustomerValueError } from '../errors.js';
import { IssueList } from '../internal/issueList.js';
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

fit and report read the columns the spec (or --amount) names as numbers: a CSV cell or NDJSON
value that is not a decimal number is an error naming its line; NDJSON numbers may be JSON
numbers or numeric strings. report reads the --customer column as text: 007 and 7, or two
19-digit ids, are different customers.

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

/**
 * A whole NDJSON file as columns: `numeric` fields as numbers under the readers' one policy (a
 * JSON number, or a string holding a decimal number), other fields as parsed. Any rejected line
 * is an error listing the first ten with their line (a fit never drops rows).
 */
async function readNdjsonColumns(path: string, numeric: readonly string[]): Promise<Record<string, unknown[]>> {
  const columns: Record<string, unknown[]> = Object.create(null);
  let rows = 0;
  const issues = new IssueList();
  for await (const batch of readNdjsonBatches(path, { numeric })) {
    for (const r of batch.rejects) {
      const field = /^field "((?:[^"\\]|\\.)*)": (.*)$/s.exec(r.reason);
      if (field) issues.add({ function: 'customer-value', line: r.line, column: field[1], expected: 'a number (a JSON number or a numeric string) or null', received: field[2].replace(/^not a number: /, '') });
      else issues.add({ function: 'customer-value', line: r.line, expected: 'one valid JSON object per line', received: r.reason });
    }
    for (const name of batch.names) {
      if (!(name in columns)) columns[name] = new Array(rows).fill(null);
      const values = batch.columns[name] as readonly unknown[] | undefined;
      for (let i = 0; i < batch.rowCount; i++) columns[name].push(values === undefined ? null : values[i]);
    }
    rows += batch.rowCount;
  }
  for (const name in columns) while (columns[name].length < rows) columns[name].push(undefined);
  if (issues.size > 0) {
    throw new CustomerValueError('invalid_value', `customer-value: ${issues.size.toLocaleString('en-US')} bad line(s) in "${path}"`, issues.issues, issues.size);
  }
  return columns;
}

/**
 * The input of `fit` and `report` as columns. CSV columns are typed by `parseCsv`'s lossless
 * rule; `numbers` must be numeric (a bad cell is named with its file line); `text` stays text
 * (customer ids: ids are strings, so `007` and `7`, or 19-digit ids, never merge). NDJSON
 * `numbers` accept JSON numbers and numeric strings alike; NDJSON `text` fields holding JSON
 * numbers become their decimal text.
 */
async function readInputColumns(args: Args, input: string, numbers: readonly string[], text: readonly string[] = []): Promise<Record<string, unknown>> {
  if (formatOf(args, 'format', input) === 'csv') return (await readCsvFile(input, { numbers: [...numbers], text: [...text] })).columns;
  const columns = await readNdjsonColumns(input, numbers);
  // the reader gives every numeric field a column; one no line holds a value for (absent, or
  // null throughout) is dropped, so the fitter names it as a missing column
  for (const name of numbers) if (columns[name] && columns[name].every((v) => v !== v)) delete columns[name];
  for (const name of text) {
    const values = columns[name];
    if (values) for (let i = 0; i < values.length; i++) if (typeof values[i] === 'number') values[i] = String(values[i]);
  }
  return columns;
}

/** The columns a fit spec names as numeric inputs, read from the raw spec JSON (the fitter validates it). */
function numericColumnsOf(kind: string, spec: unknown): string[] {
  const s = (spec ?? {}) as Record<string, unknown>;
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : []);
  const column = (value: unknown): string[] => (value !== null && typeof value === 'object' && typeof (value as { column?: unknown }).column === 'string' ? [(value as { column: string }).column] : []);
  const summary = (fields: readonly string[]): string[] => {
    const given = (s.columns ?? {}) as Record<string, unknown>;
    return fields.map((field) => (typeof given[field] === 'string' ? (given[field] as string) : field));
  };
  let names: string[] = [];
  if (kind === 'rfm') names = [...column(s.recency), ...column(s.frequency), ...column(s.monetary)];
  else if (kind === 'valuePyramid') names = Array.isArray(s.dimensions) ? s.dimensions.flatMap(column) : [];
  else if (kind === 'satisfactionIndex') {
    const dimensions = s.dimensions;
    names = strings(s.items);
    if (Array.isArray(dimensions)) names.push(...dimensions.flatMap((d) => strings((d as { items?: unknown })?.items)));
    else if (dimensions !== null && typeof dimensions === 'object') names.push(...Object.values(dimensions).flatMap(strings));
  } else if (kind === 'segments') names = strings(s.features);
  else if (kind === 'betaGeo') names = summary(['frequency', 'recency', 'T']);
  else if (kind === 'gammaGamma') names = summary(['frequency', 'monetary']);
  return [...new Set(names)];
}

async function fit(args: Args, out: (text: string) => void): Promise<number> {
  const kind = one(args, 'kind');
  const fitter = FITTERS[kind];
  if (!fitter) throw usage(`--kind must be one of ${Object.keys(FITTERS).join(', ')}`);
  const spec = readJson(one(args, 'spec'));
  const input = one(args, 'input');
  const columns = await readInputColumns(args, input, numericColumnsOf(kind, spec));
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
  const columns = await readInputColumns(args, input, [one(args, 'amount')], [one(args, 'customer')]);
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

import { accessSync, constants, createReadStream, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { CustomerValueError, MAX_LISTED_ISSUES } from '../errors.js';
import { sqlStringLiteral } from '../internal/sqlText.js';
import { compileScorer } from '../scoring/compileScorer.js';
import { toSql, SQL_DIALECTS, type SqlDialect } from '../scoring/toSql.js';
import { parseModel, type CustomerValueModel } from '../model/parseModel.js';
import { internStrings } from '../internal/internStrings.js';
import { customerValueReport } from '../report/customerValueReport.js';
import { analyzeCustomerValueInWarehouse } from '../report/analyzeCustomerValueInWarehouse.js';
import type { CustomerValueReportSpec } from '../report/customerValueReportSpec.js';
import { renderReportCharts } from '../report/renderReportCharts.js';
import { renderReportMarkdown } from '../report/renderReportMarkdown.js';
import type { WarehouseEngine } from '../warehouse/warehouseEngine.js';
import type { ColumnBatch, RejectedLine } from './columnBatch.js';
import { readCsvBatches } from './csvBatches.js';
import { readNdjsonBatches } from './ndjsonBatches.js';
import {
  type Args,
  type CommandIo,
  type CommandSpec,
  inputError,
  isFileSystemError,
  one,
  parseArgs,
  readInputColumns,
  readJson,
  removeEmptyDirectories,
  stdoutError,
  usage,
  withOutputs,
  cleanupNotes,
  formatOf,
  atFileLines,
  commandHelp,
  commandList,
  delimiterOf,
  DATE_FLAGS,
  INPUT_FLAGS,
  stageProgress,
  unknownCommand,
  wantsHelp,
} from './cliSupport.js';
import { parseNumberText } from '../internal/numberText.js';
import { version } from '../../package.json';
import { writeNdjsonBatches } from './writeNdjson.js';
import { scoreStream, type ScoredBatch, type StreamCounts } from './scoreStream.js';
import { writeCsvBatches } from './writeCsv.js';
import { decimalsOf } from './cliDecimals.js';
import { isBrokenPipe, outputError, writeFileAtomic } from './atomicOutput.js';
import { SUMMARIZE_COMMAND } from './cliSummarize.js';
import { SURVEY_COMMAND } from './cliSurvey.js';
import { CLV_COMMAND, FIT_LOG_FLAGS, orFromLog, orLifetimeValue, SCORE_CLV_FLAGS } from './cliClv.js';
import { CLI_KIND_LIST, cliFitterOf, numericColumnsOf } from './cliFitters.js';
import { SCORABLE_KINDS } from '../model/kinds.js';
import { streamMissingValuesSchema, type StreamMissingValues } from '../io/missingValues.js';

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

const PROGRAM = 'customer-value';

/** The notes every command shares, printed after the command list in `customer-value --help`. */
const HELP_NOTES = `Formats: CSV (header line, RFC 4180 quoting) or NDJSON (one JSON object per line), chosen by
--format or the file extension (.ndjson, .jsonl → NDJSON; otherwise CSV). The output has the
input's format unless --output-format or the output file's extension says otherwise; the reject
file has the output's format (CSV: line,reason,text; NDJSON: {"line","reason","text"}).

Reading tables: --delimiter (one character, or tab), --decimal-comma (12,5), and for dates
--date-format (iso, YYYYMMDD, DD/MM/YYYY, MM/DD/YYYY…) and --timezone. Which calendar day an
order counts on is the date as written; with --timezone, a timestamp carrying an offset counts on
its day in that zone (a plain date, or a timestamp without an offset, keeps its day). fit and
report read the columns the spec (or --amount) names as numbers: a CSV cell or NDJSON value that
is not a decimal number is an error naming its line; NDJSON numbers may be JSON numbers or numeric
strings. report reads the --customer column as text (--id-type number reads it as numbers): 007
and 7, or two 19-digit ids, are different customers. A column missing from the header is named
with the header found, and the delimiter that would split it when one would. Every error names
the file line (the header is line 1).

CLV: summarize writes frequency, recency, T, monetary per customer (BTYD conventions: same-day
orders are one purchase; a refund day is no purchase); clv fits BG/NBD and Gamma-Gamma and writes
probabilityAlive, expectedPurchases, expectedSpend and clv per customer. fit --kind betaGeo or
gammaGamma with --customer reads a transaction log and summarizes it first. score with a betaGeo
and a gammaGamma model (--model bg=betaGeo.json --model gg=gammaGamma.json) and --horizon writes
bg.probabilityAlive, bg.expectedPurchases, gg.expectedSpend and clv; the horizon counts periods
of the betaGeo model's time unit, --discount-rate is per period (default 0), --margin a share of
spend (default 1). That path reads the summary whole: a bad line stops it, named (no reject file).

Output files (--output, --reject-file, the files in --out-dir and --models-out) appear complete
or not at all: each is written to a temporary file in its directory (.<name>.<pid>-<random>.tmp)
and renamed when the command succeeds. When it fails (a full disk, an unreadable input, Ctrl-C) the
temporary files are removed, stderr says so, and existing files keep their contents. Without
--output, results go to standard output. A file that cannot be read or written is named in the
error with what it was for: cannot read input "x.csv" / model / spec, cannot write output
"y.csv" / reject file / output directory, cannot write output to standard output.

Exit codes: 0 all rows scored; 3 finished with rejected lines (see --reject-file); 1 error.
Interrupted (SIGINT, SIGTERM, SIGHUP), the command removes its unfinished files and dies of the
signal (the shell shows 130 for Ctrl-C, 143 for SIGTERM). A standard output closed by its
reader (customer-value score … | head) is a normal end: the command stops reading, prints
nothing and exits 0 (a reject file, incomplete then, is removed, with a note).
Counts (rows in = rows out + rejected) and a one-line summary are printed to stderr; progress
lines (per stage, with rows/s) are shown when stderr is a terminal.
`;

/** `customer-value --help`: the commands with their summaries, then the shared notes. */
function topHelp(): string {
  return `${PROGRAM} ${version} — customer-value analytics from the command line

Usage:
  ${PROGRAM} <command> [options]
  ${PROGRAM} <command> --help     the command's options and examples
  ${PROGRAM} --version

Commands:
${commandList(CLI_COMMANDS)}

${HELP_NOTES}`;
}

/** Rows of columns read by `readInputColumns` (the longest column). */
function rowsOf(columns: Record<string, unknown>): number {
  let rows = 0;
  for (const name in columns) rows = Math.max(rows, (columns[name] as ArrayLike<unknown>).length);
  return rows;
}

/** Wait until what was written to a real standard output is flushed (a closed pipe then shows as EPIPE). */
async function flushed(stdout: NodeJS.WritableStream, fn: string): Promise<void> {
  if (typeof (stdout as Writable).writableLength !== 'number') return;
  await new Promise<void>((done, fail) =>
    stdout.write('', (error) => (error ? fail(isBrokenPipe(error) || !isFileSystemError(error) ? error : stdoutError(error, fn)) : done())),
  );
}

async function fit(args: Args, io: CommandIo): Promise<number> {
  const kind = one(args, 'kind');
  // the kinds and their fitters come from the registry (src/model/kinds.ts, cliFitters.ts)
  const fitter = cliFitterOf(kind);
  if ('refused' in fitter) throw usage(fitter.refused, 'fit');
  const spec = readJson(one(args, 'spec'));
  const input = one(args, 'input');
  const progress = stageProgress(io, 'fit');
  progress.start(`reading ${input}`);
  const columns = await readInputColumns(args, input, numericColumnsOf(fitter, spec));
  const rows = rowsOf(columns);
  progress.done('read', rows);
  progress.start(`fitting ${kind}`);
  const model = atFileLines(columns, () => fitter.fit(columns as never, spec as never));
  progress.done(`fitted ${kind} on`, rows);
  const json = `${JSON.stringify(model, null, 2)}\n`;
  const output = one(args, 'output', false);
  if (output) await writeFileAtomic(output, json, 'customer-value fit', 'output');
  else {
    io.out(json);
    await flushed(io.stdout, 'customer-value fit');
  }
  // the same words for the same data (no timing, no paths: runs compare by their output)
  io.err(`customer-value fit: ${kind} fitted on ${rows.toLocaleString('en-US')} rows\n`);
  return EXIT.ok;
}

async function score(args: Args, err: (text: string) => void, stdout: NodeJS.WritableStream): Promise<number> {
  const entries = args.options.get('model') ?? [];
  const models: Record<string, CustomerValueModel> = {};
  for (const entry of entries) {
    const [name, path] = entry.includes('=') ? [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] : ['', entry];
    const model = parseModel(readJson(path));
    models[name || model.kind] = model;
  }
  const scorer = compileScorer(models);
  const input = one(args, 'input');
  const batchSize = Number(one(args, 'batch-size', false) || 65_536);
  const missing = (one(args, 'missing', false) || 'reject') as StreamMissingValues;
  if (!streamMissingValuesSchema.options.includes(missing))
    throw usage(`score: --missing must be ${streamMissingValuesSchema.options.join(' or ')} (got ${JSON.stringify(missing)})`, 'score');
  const inputFormat = formatOf(args, 'format', input);
  const delimiter = delimiterOf(args);
  if (inputFormat === 'ndjson' && args.options.has('delimiter'))
    throw usage(`score: --delimiter applies to CSV input; "${input}" is read as NDJSON (--format csv reads it as CSV)`, 'score');
  const keep = args.options.get('keep') ?? [];
  const output = one(args, 'output', false);
  const outputFormat = formatOf(args, 'output-format', output, inputFormat);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw usage('score: --batch-size must be a whole number ≥ 1', 'score');
  const threads = Number(one(args, 'threads', false) || 1);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw usage('score: --threads must be a whole number from 1 to 64', 'score');
  const decimals = decimalsOf(args, outputFormat);
  const counts: StreamCounts = { rowsIn: 0, rowsOut: 0, rejected: 0 };
  const shownRejects: RejectedLine[] = [];
  let total: number;
  try {
    total = statSync(input).size;
  } catch (cause) {
    // checkInputs has read it already; a file gone since is named the same way
    throw inputError(cause, 'customer-value score', 'input', input);
  }
  let bytes = 0;
  const started = Date.now();
  // bytes are tallied as the reader pulls them (a 'data' listener would start the stream
  // flowing and lose chunks while the output file opens)
  const file = createReadStream(input, { highWaterMark: 1 << 20 });
  async function* source(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of file) {
        bytes += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    } catch (error) {
      throw inputError(error, 'customer-value score', 'input', input);
    }
  }
  const tty = Boolean((process.stderr as { isTTY?: boolean }).isTTY);
  const progress = tty
    ? setInterval(() => {
        const seconds = (Date.now() - started) / 1000;
        const rate = counts.rowsIn / Math.max(seconds, 1e-3);
        const eta = bytes > 0 ? (seconds * (total - bytes)) / bytes : 0;
        process.stderr.write(
          `\r${counts.rowsIn.toLocaleString('en-US')} rows · ${Math.round(rate).toLocaleString('en-US')} rows/s · ${((100 * bytes) / total).toFixed(0)}% · ETA ${eta.toFixed(0)} s   `,
        );
      }, 250)
    : null;
  try {
    // files appear at their paths only when the whole input was scored (see withOutputs)
    await withOutputs('score', async (open) => {
      const target = output ? await open(output, 'output') : (stdout as Writable);
      const rejectFile = one(args, 'reject-file', false);
      if (rejectFile && output && resolve(rejectFile) === resolve(output))
        throw usage('score: --reject-file and --output name the same file: the rejects would replace the scored rows', 'score');
      const rejects = rejectFile ? await open(rejectFile, 'reject file') : undefined;
      // a covariate model's categorical inputs are read as text: scoreStream matches them to the fitted levels
      const categorical = scorer.inputs.filter((_, k) => scorer.levels[k] !== null);
      const numeric = scorer.inputs.filter((name) => !categorical.includes(name));
      const batches: AsyncIterable<ColumnBatch> =
        inputFormat === 'ndjson'
          ? readNdjsonBatches(source(), { numeric, batchSize })
          : readCsvBatches(source(), {
              numeric,
              text: categorical,
              passThrough: keep.filter((name) => !scorer.inputs.includes(name)),
              batchSize,
              delimiter,
              // each batch is scored and written (or sent to a formatting worker) before the next is read
              reuseBatches: true,
            });
      const scored = firstRejects(scoreStream(batches, scorer, { keep, missing }, counts), shownRejects);
      if (outputFormat === 'ndjson') await writeNdjsonBatches(scored, target, rejects);
      else await writeCsvBatches(scored, target, rejects, { threads, decimals });
    });
  } catch (error) {
    // input errors are named above: a file-system error left is standard output's
    throw !output && !isBrokenPipe(error) && isFileSystemError(error) ? stdoutError(error, 'customer-value score') : error;
  } finally {
    file.destroy(); // closed already when read to the end; not when an output could not be opened
    if (progress) {
      clearInterval(progress);
      process.stderr.write('\n');
    }
  }
  err(
    `rows in ${counts.rowsIn}, rows out ${counts.rowsOut}, rejected ${counts.rejected}${missing === 'skip' ? `, skipped ${counts.skipped ?? 0} (missing inputs, written with the skipped marks)` : ''}\n`,
  );
  // the first rejected lines on stderr, so one bad cell is found without a reject file
  for (const r of shownRejects) err(`  ✖ line ${r.line.toLocaleString('en-US')}: ${r.reason}\n`);
  if (counts.rejected > shownRejects.length)
    err(
      `  … and ${(counts.rejected - shownRejects.length).toLocaleString('en-US')} more${one(args, 'reject-file', false) ? ' (all in the reject file)' : ' (--reject-file <file> lists them all)'}\n`,
    );
  return counts.rejected > 0 ? EXIT.rejected : EXIT.ok;
}

/** Pass scored batches through, keeping the first `MAX_LISTED_ISSUES` rejected lines in `into`. */
async function* firstRejects(batches: AsyncIterable<ScoredBatch>, into: RejectedLine[]): AsyncGenerator<ScoredBatch> {
  for await (const batch of batches) {
    for (const r of batch.rejects) {
      if (into.length >= MAX_LISTED_ISSUES) break;
      into.push(r);
    }
    yield batch;
  }
}

/** Where `report` reads the log: a file read in this process, or a table an engine reads. */
const REPORT_SOURCES = ['input', 'duckdb', 'postgres'] as const;

/** The report's spec from the command line (the same for a file and an engine). */
function reportSpec(args: Args): CustomerValueReportSpec {
  const optional = (flag: string) => one(args, flag, false) || undefined;
  const horizonText = optional('horizon');
  const horizon = horizonText === undefined ? undefined : parseNumberText(horizonText);
  if (horizon !== undefined && !(Number.isInteger(horizon) && horizon >= 1))
    throw usage(`report: --horizon must be a whole number of time units ≥ 1 (got ${JSON.stringify(horizonText)})`, 'report');
  return {
    customer: one(args, 'customer'),
    date: one(args, 'date'),
    amount: one(args, 'amount'),
    ...(optional('time-unit') ? { timeUnit: optional('time-unit') as 'day' | 'week' | 'month' } : {}),
    ...(optional('observation-end') ? { observationEnd: optional('observation-end') } : {}),
    ...(optional('holdout-end') ? { holdoutEnd: optional('holdout-end') } : {}),
    ...(horizon !== undefined ? { horizon } : {}),
    ...(optional('title') ? { title: optional('title') } : {}),
  };
}

/** Write report.md and the charts into `outDir`, all or nothing. */
async function writeReport(outDir: string, markdown: string, charts: Readonly<Record<string, string>>): Promise<void> {
  let created: string | undefined;
  try {
    created = mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw outputError(error, 'customer-value report', 'output directory', outDir);
  }
  try {
    // every file is written under a temporary name first; all are renamed once all were written
    await withOutputs('report', async (open) => {
      for (const [name, text] of [['report.md', markdown], ...Object.entries(charts)]) {
        const file = await open(join(outDir, name), 'report file');
        await new Promise<void>((done, fail) => file.write(text, (error) => (error ? fail(error) : done())));
      }
    });
  } catch (error) {
    if (created !== undefined) removeEmptyDirectories(resolve(outDir), resolve(created));
    throw error;
  }
}

async function report(args: Args, io: CommandIo): Promise<number> {
  const sources = REPORT_SOURCES.filter((flag) => args.options.has(flag));
  if (sources.length !== 1) {
    throw usage(
      `report: give exactly one input: --input <file>, --duckdb <file> or --postgres <URL> (got ${sources.length === 0 ? 'none' : sources.map((flag) => `--${flag}`).join(' and ')})`,
      'report',
    );
  }
  if (sources[0] !== 'input') return reportInWarehouse(args, io, sources[0]);
  if (args.options.has('table')) throw usage('report: --table names the table of --duckdb <database> or --postgres, not of an --input file', 'report');
  const input = one(args, 'input');
  const outDir = one(args, 'out-dir');
  const idType = one(args, 'id-type', false) || 'text';
  if (idType !== 'text' && idType !== 'number') throw usage(`report: --id-type must be text or number (got ${JSON.stringify(idType)})`, 'report');
  const customer = one(args, 'customer');
  const spec = reportSpec(args);
  const progress = stageProgress(io, 'report');
  progress.start(`reading ${input}`);
  const columns = await readInputColumns(
    args,
    input,
    idType === 'number' ? [one(args, 'amount'), customer] : [one(args, 'amount')],
    idType === 'number' ? [] : [customer],
    [one(args, 'date')],
  );
  const rows = rowsOf(columns);
  // one string per distinct id and date instead of one per cell (the reader's text columns): the
  // report's largest memory at millions of rows (see customerValueReport)
  for (const name of [customer, one(args, 'date')]) if (Array.isArray(columns[name])) internStrings(columns[name] as unknown[]);
  progress.done('read', rows);
  // one line per finished stage, as the report in an engine prints them
  const result = atFileLines(columns, () =>
    customerValueReport(columns as never, spec, { onProgress: (event) => progress.done(`${event.stage}: ${event.seconds.toFixed(1)} s,`, event.rows) }),
  );
  await writeReport(outDir, result.markdown, result.charts);
  io.err(
    `wrote ${join(outDir, 'report.md')} and ${Object.keys(result.charts).length} charts (${result.customers.counts.customers} customers) from ${rows.toLocaleString('en-US')} rows\n`,
  );
  return EXIT.ok;
}

/** The engine adapters, loaded when a report runs in an engine: the node entry (which holds runCli) then never loads them. */
async function engines() {
  const [{ duckdbEngine }, { postgresEngine }] = await Promise.all([import('../duckdb.js'), import('../postgres.js')]);
  return { duckdbEngine, postgresEngine };
}

/** A DuckDB path read as the table itself (a Parquet or CSV file), not as a database file. */
const DATA_FILE = /\.(parquet|csv|tsv|txt)(\.(gz|zst))?$/i;

/**
 * `report --duckdb` / `--postgres`: the analysis computed in the engine
 * (`analyzeCustomerValueInWarehouse`), rendered and written as the in-memory report.
 */
async function reportInWarehouse(args: Args, io: CommandIo, source: 'duckdb' | 'postgres'): Promise<number> {
  // the file-reading flags do not apply: the engine reads the table with its own types
  for (const flag of ['id-type', ...Object.keys(INPUT_FLAGS), ...Object.keys(DATE_FLAGS)]) {
    if (args.options.has(flag)) throw usage(`report: --${flag} is for --input files; with --${source} the engine reads the table with its own types`, 'report');
  }
  const target = one(args, source);
  if (source === 'duckdb') {
    // a missing path would become a new, empty database: name it as an unreadable input instead
    try {
      if (statSync(target).isDirectory()) throw Object.assign(new Error('EISDIR: it is a directory'), { code: 'EISDIR' });
      accessSync(target, constants.R_OK);
    } catch (error) {
      throw inputError(error, 'customer-value report', 'input', target);
    }
  }
  const outDir = one(args, 'out-dir');
  const tableFlag = one(args, 'table', false);
  const spec = reportSpec(args);
  let engine: WarehouseEngine & { close(): void | Promise<void> };
  let table: string | string[];
  if (source === 'duckdb' && DATA_FILE.test(target)) {
    if (tableFlag) throw usage(`report: --table names a table of a DuckDB database file; ${target} is a data file, read as the table itself`, 'report');
    engine = await (await engines()).duckdbEngine({ file: target, table: 'orders' });
    table = 'orders';
  } else {
    if (!tableFlag)
      throw usage(
        `report: --table is required with ${source === 'duckdb' ? '--duckdb <database file>' : '--postgres'} (the table of orders; schema.table allowed)`,
        'report',
      );
    const { duckdbEngine, postgresEngine } = await engines();
    if (source === 'duckdb') {
      // the user's database is attached read-only to an in-memory one: nothing is written to it
      // (the work tables live in memory) and it may be read-only or open in another reader
      engine = await duckdbEngine();
      try {
        await engine.query(`ATTACH ${sqlStringLiteral(target, 'duckdb', 'customer-value report', 'database path', 'duckdb')} AS "cv_source" (READ_ONLY)`);
      } catch (error) {
        await engine.close();
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        throw new CustomerValueError('invalid_value', `customer-value report: cannot open "${target}" as a DuckDB database: ${reason}`, [
          { function: 'customer-value report', path: 'duckdb', expected: 'a DuckDB database file (or a .parquet/.csv data file)', received: reason },
        ]);
      }
      table = ['cv_source', ...tableFlag.split('.')];
    } else {
      engine = await postgresEngine({ connectionString: target });
      table = tableFlag.split('.');
    }
  }
  const progress = stageProgress(io, 'report');
  progress.start(`computing the report in ${source === 'duckdb' ? 'DuckDB' : 'PostgreSQL'}`);
  let result: Awaited<ReturnType<typeof analyzeCustomerValueInWarehouse>>;
  try {
    result = await analyzeCustomerValueInWarehouse(engine, spec, {
      table,
      // one line per finished stage: what it brought out of the engine and its time
      onProgress: (event) => progress.done(`${event.stage}: ${event.seconds.toFixed(1)} s,`, event.rows),
    });
  } finally {
    await engine.close();
  }
  const { analysis, transferred } = result;
  const charts = renderReportCharts(analysis);
  await writeReport(outDir, renderReportMarkdown(analysis), charts);
  io.err(
    `wrote ${join(outDir, 'report.md')} and ${Object.keys(charts).length} charts (${analysis.counts.customers} customers) from ${analysis.counts.rows.toLocaleString('en-US')} rows in ${source === 'duckdb' ? 'DuckDB' : 'PostgreSQL'}; ` +
      `${transferred.rows.toLocaleString('en-US')} result rows (${transferred.values.toLocaleString('en-US')} values) left the engine\n`,
  );
  return EXIT.ok;
}

async function sql(args: Args, out: (text: string) => void): Promise<number> {
  const model = parseModel(readJson(one(args, 'model')));
  const dialect = one(args, 'dialect') as SqlDialect;
  const table = one(args, 'table').split('.');
  const name = one(args, 'name', false);
  const text = `${toSql(model, { dialect, table, keep: args.options.get('keep') ?? [], ...(name ? { name } : {}) })};\n`;
  const output = one(args, 'output', false);
  if (output) await writeFileAtomic(output, text, 'customer-value sql', 'output');
  else out(text);
  return EXIT.ok;
}

/**
 * Check, before any work, that every file the command reads can be opened: a missing file, a
 * directory or an unreadable file is named with its role (`input`, `model`, `spec`) and path.
 */
function checkInputs(command: CliCommand, args: Args): void {
  const fn = `customer-value ${command}`;
  for (const [flag, role] of Object.entries(CLI_COMMANDS[command].inputs)) {
    for (const value of args.options.get(flag) ?? []) {
      // --model name=path
      const path = flag === 'model' && value.includes('=') ? value.slice(value.indexOf('=') + 1) : value;
      try {
        if (statSync(path).isDirectory()) throw Object.assign(new Error('EISDIR: it is a directory'), { code: 'EISDIR' });
        accessSync(path, constants.R_OK);
      } catch (error) {
        throw inputError(error, fn, role, path);
      }
    }
  }
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
export async function runCli(
  argv: string[],
  io: { stdout: { write(text: string): unknown }; stderr: { write(text: string): unknown } } = process,
): Promise<number> {
  const out = (text: string) => {
    try {
      io.stdout.write(text);
    } catch (error) {
      // a file or device as standard output fails at once (`> /dev/full`)
      throw isBrokenPipe(error) || !isFileSystemError(error) ? error : stdoutError(error, 'customer-value');
    }
  };
  const err = (text: string) => void io.stderr.write(text);
  try {
    const [first, ...rest] = argv;
    const commands: Record<string, CommandSpec> = CLI_COMMANDS;
    const isCommand = (name: string | undefined) => name !== undefined && Object.prototype.hasOwnProperty.call(CLI_COMMANDS, name);
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      // `customer-value help score` is `customer-value score --help`
      if (first === 'help' && isCommand(rest[0])) out(commandHelp(PROGRAM, rest[0], commands[rest[0]]));
      else if (first === 'help' && rest[0] !== undefined) throw unknownCommand(rest[0], Object.keys(CLI_COMMANDS));
      else out(topHelp());
      return EXIT.ok;
    }
    if (first === '--version' || first === '-V') {
      out(`${version}\n`);
      return EXIT.ok;
    }
    if (first.startsWith('-'))
      throw usage(`a command comes first (${Object.keys(CLI_COMMANDS).join(', ')}), then its options: ${PROGRAM} <command> ${first} …`);
    if (isCommand(first) && wantsHelp(rest, commands[first].flags)) {
      out(commandHelp(PROGRAM, first, commands[first]));
      return EXIT.ok;
    }
    const args = parseArgs(argv, commands);
    const command = CLI_COMMANDS[args.command as CliCommand];
    checkInputs(args.command as CliCommand, args);
    return await command.run(args, { out, err, stdout: io.stdout as NodeJS.WritableStream, tty: Boolean((io.stderr as { isTTY?: boolean }).isTTY) });
  } catch (error) {
    // a progress line left open (`reading orders.csv…`) is cleared before the error
    if ((io.stderr as { isTTY?: boolean }).isTTY) err('\r\x1b[K');
    const notes = (error !== null && typeof error === 'object' && cleanupNotes.get(error)) || [];
    // a closed downstream pipe (`| head`) is a normal end: exit 0, quietly
    if (isBrokenPipe(error)) {
      for (const note of notes) err(note);
      return EXIT.ok;
    }
    err(`${error instanceof Error ? error.message : String(error)}\n`);
    for (const note of notes) err(note);
    return EXIT.error;
  }
}

/**
 * The commands of `customer-value`: for each, a one-line `summary`, the `flags` it accepts (the
 * parser refuses any other, and the help is written from them), `examples`, the options naming
 * the files it reads (checked before any work, errors naming role and path) and writes (each
 * written atomically: under a temporary name, renamed when complete), the formats it writes, and
 * whether its result goes to standard output when no output file is given. The contract suites
 * (`test/contracts/cliOutputs.test.ts`, `test/contracts/cliFlags.test.ts`) cover every entry.
 */
export const CLI_COMMANDS = {
  fit: {
    summary: 'Fit a model (RFM, value pyramid, satisfaction index, segments, BG/NBD, Gamma-Gamma) from a table and write it as JSON.',
    flags: {
      kind: { value: '<kind>', required: true, help: `The model to fit: ${CLI_KIND_LIST}.` },
      spec: {
        value: '<spec.json>',
        help: "The fit function's spec as JSON (fitRfm, fitValuePyramid, …); it names the input columns. Required, except for betaGeo and gammaGamma on a log (--customer), where it may add options.",
      },
      input: {
        value: '<data.csv|.ndjson>',
        required: true,
        help: 'One row per customer (per respondent for satisfactionIndex; a per-customer summary for betaGeo and gammaGamma, or with --customer their transaction log).',
      },
      output: { value: '<model.json>', help: 'Write the model here (default: standard output).' },
      ...INPUT_FLAGS,
      ...FIT_LOG_FLAGS,
      ...DATE_FLAGS,
    },
    examples: [
      'customer-value fit --kind valuePyramid --spec pyramid.json --input customers.csv --output pyramid.model.json',
      'customer-value fit --kind rfm --spec rfm.json --input customers.csv --delimiter ";" --decimal-comma > rfm.model.json',
      'customer-value fit --kind betaGeo --input orders.csv --customer customer_id --date order_date --time-unit week --output betaGeo.json',
    ],
    run: orFromLog((args: Args, io: CommandIo) => fit(args, io)),
    inputs: { spec: 'spec', input: 'input' },
    outputs: ['output'],
    formats: ['json'],
    stdout: true,
  },
  score: {
    summary: 'Score a large CSV or NDJSON file with fitted models, streaming, to CSV or NDJSON.',
    flags: {
      model: {
        value: '<[name=]model.json>',
        required: true,
        repeatable: true,
        help: `A fitted model; its outputs are prefixed with name (default: its kind). Repeat to score several. Scored row by row: ${SCORABLE_KINDS.join(', ')}; a gammaGamma model with a betaGeo one and --horizon (CLV). A covariate model (betaGeoCovariates: P(alive)) reads its covariate columns from the input by the names it was fitted with: a numeric covariate as a number, a categorical one as one of the levels the model was fitted with (the model's covariates[].levels: a text level matched exactly, case and spaces included; a numeric level as that number, 2 or 2.0); a value that is no fitted level rejects its line, naming the column and the levels; an empty cell is missing (--missing). paretoNbdCovariates, betaGeoBetaBinomialCovariates and gammaGammaCovariates are not scored here: use their *Predictions functions in the library.`,
      },
      input: { value: '<data.csv|.ndjson>', required: true, help: 'The rows to score (with a covariate model, its covariate columns too).' },
      output: { value: '<scored.csv|.ndjson>', help: 'Write the scored rows here (default: standard output).' },
      keep: { value: '<column>', repeatable: true, help: 'Copy this input column to the output (an id, say). Repeatable.' },
      missing: {
        value: '<reject|skip|error>',
        help: 'A row missing a model input is rejected to the reject file (reject, the default) or written with empty outputs and counted as skipped (skip). With a gammaGamma model or --horizon the summary is read whole: error (the default there) stops naming the line, skip as above; reject is read as error there (deprecated).',
      },
      'reject-file': { value: '<rejects.csv|.ndjson>', help: 'Write every rejected line here, with its line number and reason.' },
      'batch-size': { value: '<rows>', help: 'Rows per batch (default 65536).' },
      format: INPUT_FLAGS.format,
      delimiter: INPUT_FLAGS.delimiter,
      'output-format': { value: '<csv|ndjson>', help: "Output format (default: from --output's extension, else the input's)." },
      threads: {
        value: '<n>',
        help: 'Format the CSV output on n worker threads while the next rows are read (1–64, default 1): the same bytes, faster on several cores.',
      },
      decimals: {
        value: '<d|column=d>',
        repeatable: true,
        help: 'CSV output: write float columns (or the named column, repeatable) with d decimals (0–20), rounded as toFixed rounds; default: the shortest text that reads back to the same double.',
      },
      ...SCORE_CLV_FLAGS,
    },
    examples: [
      'customer-value score --model pyramid=pyramid.model.json --model rfm=rfm.model.json --input customers.csv --output scored.csv --keep customer_id --reject-file rejects.csv',
      'customer-value score --model pyramid.model.json --input events.ndjson --keep customer_id > scored.ndjson',
      'customer-value score --model bg=models/betaGeo.json --model gg=models/gammaGamma.json --input summary.csv --keep customer_id --horizon 52 --output clv.csv',
    ],
    run: orLifetimeValue((args: Args, io: CommandIo) => score(args, io.err, io.stdout)),
    inputs: { model: 'model', input: 'input' },
    outputs: ['output', 'reject-file'],
    formats: ['csv', 'ndjson'],
    stdout: true,
  },
  report: {
    summary: 'Write a Markdown report with SVG charts (tiers, CLV, cohorts, survival) from a transaction log, read here or computed in DuckDB or PostgreSQL.',
    flags: {
      input: {
        value: '<transactions.csv|.ndjson>',
        help: 'The transaction log: one row per order, read in this process. Give exactly one of --input, --duckdb, --postgres.',
      },
      duckdb: {
        value: '<orders.parquet|.csv|db.duckdb>',
        help: 'Compute the report in DuckDB: a Parquet or CSV file read in place, or a DuckDB database file with --table. Only aggregates and a 3,000-customer sample leave the engine.',
      },
      postgres: {
        value: '<URL>',
        help: 'Compute the report in PostgreSQL (postgresql://user@host/db), on --table. Only aggregates and a 3,000-customer sample leave the server.',
      },
      table: {
        value: '<[schema.]table>',
        help: 'The table of orders, with --postgres or a --duckdb database file. The engine casts --date to DATE (a DATE, TIMESTAMP or ISO text column; convert YYYYMMDD integers first). A DuckDB database file is attached read-only (nothing is written to it; the work tables live in memory); with --postgres, work tables cv_* are created and dropped.',
      },
      customer: { value: '<column>', required: true, help: 'The customer id column (read as text: 007 and 7 are two customers).' },
      date: { value: '<column>', required: true, help: 'The order date column (see --date-format, --timezone).' },
      amount: { value: '<column>', required: true, help: 'The order amount column.' },
      'out-dir': { value: '<folder>', required: true, help: 'Write report.md and the charts here (created if needed).' },
      'time-unit': { value: '<day|week|month>', help: 'Unit of recency, tenure and the horizon (default week).' },
      'observation-end': { value: '<YYYY-MM-DD>', help: 'Last day of the observation window (default: the latest order date).' },
      'holdout-end': {
        value: '<YYYY-MM-DD>',
        help: 'With --observation-end: fit BG/NBD, MBG/NBD and Pareto/NBD to the observation end, compare them on the orders after it up to this day, and use the one with the smallest holdout error for the CLV (also with --duckdb or --postgres: computed on aggregates in the engine).',
      },
      horizon: { value: '<periods>', help: 'CLV horizon in time units (default one year).' },
      title: { value: '<text>', help: "The report's title." },
      'id-type': {
        value: '<text|number>',
        help: 'Read the customer ids as text (default: 007 and 7 differ) or as numbers (007 is 7; a cell that is no number is an error).',
      },
      ...INPUT_FLAGS,
      ...DATE_FLAGS,
    },
    examples: [
      'customer-value report --input orders.csv --customer customer_id --date order_date --amount total --out-dir report --title "Online shop"',
      'customer-value report --input orders.csv --customer id --date ordered_at --amount total --out-dir report --delimiter ";" --decimal-comma --date-format DD.MM.YYYY',
      'customer-value report --input orders.csv --customer id --date created_at --amount total --out-dir report --timezone Europe/Berlin',
      'customer-value report --duckdb orders.parquet --customer customer_id --date order_date --amount total --out-dir report',
      'customer-value report --postgres postgresql://analyst@db/shop --table sales.orders --customer customer_id --date order_date --amount total --out-dir report',
    ],
    run: (args: Args, io: CommandIo) => report(args, io),
    inputs: { input: 'input' },
    outputs: ['out-dir'],
    formats: ['markdown+svg'],
    stdout: false,
  },
  sql: {
    summary: 'Write the SQL that scores a table with a fitted model in a database.',
    flags: {
      model: { value: '<model.json>', required: true, help: 'The fitted model.' },
      dialect: { value: `<${SQL_DIALECTS.join('|')}>`, required: true, help: 'The SQL dialect.' },
      table: { value: '<table>', required: true, help: 'The table to score (schema.table allowed).' },
      keep: { value: '<column>', repeatable: true, help: 'Select this column too (an id, say). Repeatable.' },
      name: { value: '<prefix>', help: "Prefix of the output columns (default: the model's kind)." },
      output: { value: '<query.sql>', help: 'Write the query here (default: standard output).' },
    },
    examples: ['customer-value sql --model pyramid.model.json --dialect postgres --table crm.customers --keep customer_id'],
    run: (args: Args, io: CommandIo) => sql(args, io.out),
    inputs: { model: 'model' },
    outputs: ['output'],
    formats: SQL_DIALECTS,
    stdout: true,
  },
  summarize: SUMMARIZE_COMMAND,
  clv: CLV_COMMAND,
  survey: SURVEY_COMMAND,
} as const satisfies Record<
  string,
  CommandSpec & {
    run(args: Args, io: CommandIo): Promise<number>;
    inputs: Record<string, string>;
    outputs: readonly string[];
    formats: readonly string[];
    stdout: boolean;
  }
>;

/** The name of a `customer-value` command. */
export type CliCommand = keyof typeof CLI_COMMANDS;

/** The version of the package, as `customer-value --version` prints it. */
export const CLI_VERSION: string = version;

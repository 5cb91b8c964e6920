import { accessSync, constants, createReadStream, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { CustomerValueError, MAX_LISTED_ISSUES } from '../errors.js';
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
import type { ColumnBatch, RejectedLine } from './columnBatch.js';
import { readCsvBatches } from './csvBatches.js';
import { readNdjsonBatches } from './ndjsonBatches.js';
import { type Args, type CommandIo, inputError, isFileSystemError, one, parseArgs, readInputColumns, readJson, removeEmptyDirectories, stdoutError, usage, withOutputs, cleanupNotes, formatOf } from './cliSupport.js';
import { writeNdjsonBatches } from './writeNdjson.js';
import { scoreStream, type ScoredBatch, type StreamCounts } from './scoreStream.js';
import { writeCsvBatches } from './writeCsv.js';
import { isBrokenPipe, outputError, writeFileAtomic } from './atomicOutput.js';
import type { FlagSpec } from './cliSupport.js';
import { SUMMARIZE_COMMAND } from './cliSummarize.js';
import { CLV_COMMAND, orFromLog, orLifetimeValue } from './cliClv.js';

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
                     [--keep <column>...] [--name <prefix>] [--output <query.sql>]
  customer-value summarize --input <transactions.csv|.ndjson> --customer <column> --date <column>
                           --time-unit day|week|month [--amount <column>]
                           [--observation-end YYYY-MM-DD] [--calibration-end YYYY-MM-DD]
                           [--missing error|skip] [--output <summary.csv|.ndjson>]
  customer-value clv --input <transactions.csv|.ndjson> --customer <column> --date <column>
                     --amount <column> --time-unit day|week|month --horizon <periods>
                     [--discount-rate <rate per period>] [--margin <share>]
                     [--observation-end YYYY-MM-DD] [--output <clv.csv|.ndjson>]
                     [--models-out <folder>]
  customer-value fit --kind betaGeo|gammaGamma --input <transactions.csv|.ndjson>
                     --customer <column> --date <column> [--amount <column>]
                     --time-unit day|week|month [--observation-end YYYY-MM-DD]
                     [--spec <options.json>] [--output <model.json>]
  customer-value --help

Kinds for fit: rfm, valuePyramid, satisfactionIndex, segments, betaGeo, gammaGamma (the spec is
the JSON of the fit function's spec). With --customer, fit's input is a transaction log (one row
per order), summarized first as summarize does (betaGeo, gammaGamma); without it, a summary.

CLV: summarize writes frequency, recency, T, monetary per customer (BTYD conventions: same-day
orders are one purchase; a refund day is no purchase); clv fits BG/NBD and Gamma-Gamma and writes
probabilityAlive, expectedPurchases, expectedSpend and clv per customer. score with a betaGeo and
a gammaGamma model (--model bg=betaGeo.json --model gg=gammaGamma.json) and --horizon writes
bg.probabilityAlive, bg.expectedPurchases, gg.expectedSpend and clv; the horizon counts periods
of the betaGeo model's time unit, --discount-rate is per period (default 0), --margin a share of
spend (default 1). That path reads the summary whole: a bad line stops it, named (no reject file).

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
  customer-value report --input orders.csv --customer customer_id --date order_date --amount total \\
      --out-dir report --title "Online shop"
  customer-value clv --input orders.csv --customer customer_id --date order_date --amount total \\
      --time-unit week --horizon 52 --discount-rate 0.002 --output clv.csv --models-out models
  customer-value score --model bg=models/betaGeo.json --model gg=models/gammaGamma.json \\
      --input summary.csv --keep customer_id --horizon 52 --output clv.csv

fit and report read the columns the spec (or --amount) names as numbers: a CSV cell or NDJSON
value that is not a decimal number is an error naming its line; NDJSON numbers may be JSON
numbers or numeric strings. report reads the --customer column as text: 007 and 7, or two
19-digit ids, are different customers.

--threads 2 (or more) formats the CSV output on worker threads while the next rows are read
and scored: the same bytes, faster on a multi-core machine.

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
Counts (rows in = rows out + rejected) are printed to stderr; a progress line with rows/s and
ETA is shown when stderr is a terminal.
`;

const FITTERS: Record<string, (data: never, spec: never) => unknown> = {
  rfm: fitRfm as never,
  valuePyramid: fitValuePyramid as never,
  satisfactionIndex: fitSatisfactionIndex as never,
  segments: fitSegments as never,
  betaGeo: fitBetaGeo as never,
  gammaGamma: fitGammaGamma as never,
};

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
  if (output) await writeFileAtomic(output, json, 'customer-value fit', 'output');
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
        process.stderr.write(`\r${counts.rowsIn.toLocaleString('en-US')} rows · ${Math.round(rate).toLocaleString('en-US')} rows/s · ${((100 * bytes) / total).toFixed(0)}% · ETA ${eta.toFixed(0)} s   `);
      }, 250)
    : null;
  try {
    // files appear at their paths only when the whole input was scored (see withOutputs)
    await withOutputs('score', async (open) => {
      const target = output ? await open(output, 'output') : (stdout as Writable);
      const rejectFile = one(args, 'reject-file', false);
      if (rejectFile && output && resolve(rejectFile) === resolve(output)) throw usage('--reject-file and --output name the same file: the rejects would replace the scored rows');
      const rejects = rejectFile ? await open(rejectFile, 'reject file') : undefined;
      const batches: AsyncIterable<ColumnBatch> = inputFormat === 'ndjson' ? readNdjsonBatches(source(), { numeric: scorer.inputs, batchSize }) : readCsvBatches(source(), { numeric: scorer.inputs, text: [], passThrough: keep.filter((name) => !scorer.inputs.includes(name)), batchSize });
      const scored = firstRejects(scoreStream(batches, scorer, { keep, missing }, counts), shownRejects);
      if (outputFormat === 'ndjson') await writeNdjsonBatches(scored, target, rejects);
      else await writeCsvBatches(scored, target, rejects, { threads });
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
  err(`rows in ${counts.rowsIn}, rows out ${counts.rowsOut}, rejected ${counts.rejected}${missing === 'skip' ? `, skipped ${counts.skipped ?? 0} (missing inputs, written with the skipped marks)` : ''}\n`);
  // the first rejected lines on stderr, so one bad cell is found without a reject file
  for (const r of shownRejects) err(`  ✖ line ${r.line.toLocaleString('en-US')}: ${r.reason}\n`);
  if (counts.rejected > shownRejects.length) err(`  … and ${(counts.rejected - shownRejects.length).toLocaleString('en-US')} more${one(args, 'reject-file', false) ? ' (all in the reject file)' : ' (--reject-file <file> lists them all)'}\n`);
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
  let created: string | undefined;
  try {
    created = mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw outputError(error, 'customer-value report', 'output directory', outDir);
  }
  try {
    // every file is written under a temporary name first; all are renamed once all were written
    await withOutputs('report', async (open) => {
      for (const [name, text] of [['report.md', result.markdown], ...Object.entries(result.charts)]) {
        const file = await open(join(outDir, name), 'report file');
        await new Promise<void>((done, fail) => file.write(text, (error) => (error ? fail(error) : done())));
      }
    });
  } catch (error) {
    if (created !== undefined) removeEmptyDirectories(resolve(outDir), resolve(created));
    throw error;
  }
  err(`wrote ${join(outDir, 'report.md')} and ${Object.keys(result.charts).length} charts (${result.customers.counts.customers} customers)\n`);
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
export async function runCli(argv: string[], io: { stdout: { write(text: string): unknown }; stderr: { write(text: string): unknown } } = process): Promise<number> {
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
    const args = parseArgs(argv);
    if (args.command === '--help' || args.command === 'help') {
      out(HELP);
      return EXIT.ok;
    }
    const command = Object.prototype.hasOwnProperty.call(CLI_COMMANDS, args.command) ? CLI_COMMANDS[args.command as CliCommand] : undefined;
    if (!command) throw usage(`unknown command ${JSON.stringify(args.command)}`);
    checkInputs(args.command as CliCommand, args);
    return await command.run(args, { out, err, stdout: io.stdout as NodeJS.WritableStream });
  } catch (error) {
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
 * The commands of `customer-value`, with the options naming the files each reads (checked before
 * any work, errors naming role and path) and writes (each written atomically: under a temporary
 * name, renamed when complete), the formats it writes, and whether its result goes to standard
 * output when no output file is given. The
 * contract suite (`test/contracts/cliOutputs.test.ts`) covers every entry.
 */
export const CLI_COMMANDS = {
  fit: { run: orFromLog((args: Args, io: CommandIo) => fit(args, io.out)), inputs: { spec: 'spec', input: 'input' }, outputs: ['output'], formats: ['json'], stdout: true },
  score: { run: orLifetimeValue((args: Args, io: CommandIo) => score(args, io.err, io.stdout)), inputs: { model: 'model', input: 'input' }, outputs: ['output', 'reject-file'], formats: ['csv', 'ndjson'], stdout: true },
  report: { run: (args: Args, io: CommandIo) => report(args, io.err), inputs: { input: 'input' }, outputs: ['out-dir'], formats: ['markdown+svg'], stdout: false },
  sql: { run: (args: Args, io: CommandIo) => sql(args, io.out), inputs: { model: 'model' }, outputs: ['output'], formats: SQL_DIALECTS, stdout: true },
  summarize: SUMMARIZE_COMMAND,
  clv: CLV_COMMAND,
} as const satisfies Record<string, { run(args: Args, io: CommandIo): Promise<number>; inputs: Record<string, string>; outputs: readonly string[]; formats: readonly string[]; stdout: boolean; summary?: string; flags?: Record<string, FlagSpec>; examples?: readonly string[] }>;

/** The name of a `customer-value` command. */
export type CliCommand = keyof typeof CLI_COMMANDS;

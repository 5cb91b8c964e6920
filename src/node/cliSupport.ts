// The plumbing every `customer-value` command shares: argument parsing, reading inputs as
// columns, atomic output files and the errors that name a file with its role. The commands
// themselves live in cli.ts (and cli<Command>.ts files); nothing here is exported from the package.
import { readFileSync, rmdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { CustomerValueError, type CustomerValueIssue } from '../errors.js';
import { readCsvFile } from './readCsvFile.js';
import { readNdjsonColumns } from './readNdjsonColumns.js';
import { openAtomicOutput, outputError, type AtomicOutput } from './atomicOutput.js';
import { missingColumnsError } from '../internal/missingColumns.js';
import { DATE_FORMATS, toIsoDates, type DateFormat } from '../io/toIsoDates.js';

/** What a command's `run` receives besides its arguments: where text and results go. */
export type CommandIo = {
  out: (text: string) => void;
  err: (text: string) => void;
  stdout: NodeJS.WritableStream;
  /** True when stderr is a terminal: progress lines are shown (see `stageProgress`). */
  tty?: boolean;
};

export type Args = { command: string; options: Map<string, string[]> };

/** What the parser and the help read from a command's entry in `CLI_COMMANDS`. */
export type CommandSpec = {
  /** One line for the command list. */
  readonly summary: string;
  /** Every option the command accepts, without the leading `--`. */
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** Invocations shown in the command's help (and the README). */
  readonly examples: readonly string[];
};

/**
 * Parse `customer-value <command> [--flag value | --flag=value | --switch]...` against the
 * command's declared flags (`commands[command].flags`): an unknown flag is an error naming the
 * nearest declared one (or the commands it belongs to, when it is another command's), a flag
 * given twice that is not `repeatable` is an error, a switch takes no value, and every `required`
 * flag missing is named. A switch given is stored as `['']`.
 */
export function parseArgs(argv: readonly string[], commands: Readonly<Record<string, CommandSpec>>): Args {
  const [command = '--help', ...rest] = argv;
  const spec = Object.prototype.hasOwnProperty.call(commands, command) ? commands[command] : undefined;
  if (!spec) throw unknownCommand(command, Object.keys(commands));
  const flags = spec.flags;
  const options = new Map<string, string[]>();
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i];
    if (!token.startsWith('--') || token === '--') {
      throw usage(
        token.startsWith('-') && token.length > 1
          ? `${command}: unknown option ${JSON.stringify(token)}${hintFor(token.replace(/^-+/, ''), command, commands)}`
          : `${command}: unexpected argument ${JSON.stringify(token)} (a value follows its option: --name value)`,
        command,
      );
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq < 0 ? undefined : eq);
    const flag = Object.prototype.hasOwnProperty.call(flags, name) ? flags[name] : undefined;
    if (!flag) throw usage(`${command}: unknown option --${name}${hintFor(name, command, commands)}`, command);
    let value: string;
    if (flag.value === undefined) {
      if (eq >= 0) throw usage(`${command}: --${name} is a switch and takes no value (got ${JSON.stringify(token.slice(eq + 1))})`, command);
      value = '';
    } else if (eq >= 0) value = token.slice(eq + 1);
    else {
      const next = rest[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw usage(`${command}: --${name} needs a value ${flag.value}`, command);
      value = next;
      i++;
    }
    const seen = options.get(name);
    if (seen && !flag.repeatable) throw usage(`${command}: --${name} is given twice; it takes one ${flag.value === undefined ? 'switch' : 'value'}`, command);
    options.set(name, [...(seen ?? []), value]);
  }
  const missing = Object.entries(flags).filter(([name, flag]) => flag.required && !options.has(name));
  if (missing.length > 0) {
    throw usage(
      `${command}: missing required option${missing.length === 1 ? '' : 's'} ${missing.map(([name, flag]) => `--${name}${flag.value ? ` ${flag.value}` : ''}`).join(', ')}`,
      command,
    );
  }
  return { command, options };
}

/** True when the arguments after the command ask for its help (`-h` or `--help` in a flag's place). */
export function wantsHelp(rest: readonly string[], flags: Readonly<Record<string, FlagSpec>>): boolean {
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i];
    if (token === '-h' || token === '--help') return true;
    const name = token.startsWith('--') && !token.includes('=') ? token.slice(2) : undefined;
    if (name !== undefined && Object.prototype.hasOwnProperty.call(flags, name) && flags[name].value !== undefined) i++; // skip its value
  }
  return false;
}

/** The error for an unknown command, naming the nearest one. */
export function unknownCommand(command: string, names: readonly string[]): CustomerValueError {
  const near = nearest(command, names);
  return usage(`unknown command ${JSON.stringify(command)}${near ? `: did you mean ${near}?` : ''} (commands: ${names.join(', ')})`);
}

/** What to say after "unknown option --name": the nearest flag of this command, or the commands that take it. */
function hintFor(name: string, command: string, commands: Readonly<Record<string, CommandSpec>>): string {
  if (name === 'h' || name === 'help') return '';
  const own = Object.keys(commands[command].flags);
  const others = Object.keys(commands).filter((other) => other !== command && Object.prototype.hasOwnProperty.call(commands[other].flags, name));
  if (others.length > 0) return `: it does not apply to ${command}; ${others.join(' and ')} ${others.length === 1 ? 'takes' : 'take'} it`;
  const near = nearest(name, own);
  return near ? `: did you mean --${near}?` : ` (${command} takes ${own.map((flag) => `--${flag}`).join(', ')})`;
}

/**
 * The candidate nearest to `name` by edit distance (insertions, deletions, substitutions and
 * swaps of neighbours count one each), when it is near enough to be a typo: at most 1 edit for
 * names up to 4 characters, 2 up to 8, 3 beyond; or else the one candidate `name` starts.
 */
export function nearest(name: string, candidates: readonly string[]): string | undefined {
  const limit = name.length <= 4 ? 1 : name.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best !== undefined && bestDistance <= limit) return best;
  const prefixed = candidates.filter((candidate) => name.length >= 2 && candidate.startsWith(name));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** Optimal-string-alignment distance: Levenshtein plus the swap of two neighbouring characters. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0].push(j);
        continue;
      }
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i].push(d);
    }
  }
  return rows[a.length][b.length];
}

/** The width help text is wrapped to. */
const HELP_WIDTH = 100;

/**
 * Wrap `text` to lines of at most `width` columns: the first line starts at column `first` (after
 * a prefix the caller prints), the next ones are indented by `indent` spaces.
 */
export function wrapText(text: string, width: number, indent: number, first = indent): string {
  const words = text.split(/\s+/).filter((word) => word !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const room = width - (lines.length === 0 ? first : indent);
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** `--name <value>` as help and usage show a flag (`...` when repeatable). */
function flagSignature(name: string, flag: FlagSpec): string {
  return `--${name}${flag.value === undefined ? '' : ` ${flag.value}`}${flag.repeatable ? '...' : ''}`;
}

/**
 * A command's help, written from its declaration: the summary, a usage line with the required
 * flags, every flag with its placeholder and help in aligned columns (required ones first), and
 * the examples.
 */
export function commandHelp(program: string, command: string, spec: CommandSpec): string {
  const flags = Object.entries(spec.flags);
  const required = flags.filter(([, flag]) => flag.required);
  const optional = flags.filter(([, flag]) => !flag.required);
  const head = `${program} ${command}`;
  // a flag and its placeholder stay on one line (joined by U+0000 while wrapping)
  const usageLine = wrapText(
    `${head} ${required.map(([name, flag]) => flagSignature(name, flag).replace(/ /g, '\0')).join(' ')}${optional.length > 0 ? ' [options]' : ''}`,
    HELP_WIDTH,
    head.length + 3,
    2,
  ).replace(/\0/g, ' ');
  const rows: [string, string][] = [...required, ...optional].map(([name, flag]) => [
    flagSignature(name, flag),
    `${flag.required ? 'Required. ' : ''}${flag.help}`,
  ]);
  rows.push(['-h, --help', 'Print this help.']);
  const left = Math.min(Math.max(...rows.map(([signature]) => signature.length)), 34);
  const options = rows.map(([signature, help]) => {
    const pad = signature.length > left ? `\n${' '.repeat(left + 4)}` : ' '.repeat(left - signature.length + 2);
    return `  ${signature}${pad}${wrapText(help, HELP_WIDTH, left + 4)}`;
  });
  const parts = [wrapText(`${head}: ${spec.summary}`, HELP_WIDTH, 2, 0), `Usage:\n  ${usageLine}`, `Options:\n${options.join('\n')}`];
  if (spec.examples.length > 0) parts.push(`Examples:\n${spec.examples.map((example) => `  ${example}`).join('\n')}`);
  return `${parts.join('\n\n')}\n`;
}

/** The list of commands with their summaries, aligned, for the top-level help. */
export function commandList(commands: Readonly<Record<string, CommandSpec>>): string {
  const names = Object.keys(commands);
  const width = Math.max(...names.map((name) => name.length));
  return names.map((name) => `  ${name.padEnd(width + 2)}${wrapText(commands[name].summary, HELP_WIDTH, width + 4)}`).join('\n');
}

/** A usage error: `customer-value: <message> (see customer-value <command> --help)`. */
export function usage(message: string, command?: string): CustomerValueError {
  return new CustomerValueError('invalid_spec', `customer-value: ${message} (see customer-value ${command ? `${command} ` : ''}--help)`, []);
}

export function one(args: Args, name: string, required = true): string {
  const values = args.options.get(name);
  if (!values || values.length === 0) {
    if (required) throw usage(`--${name} is required`);
    return '';
  }
  return values[values.length - 1];
}

export function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new CustomerValueError('invalid_spec', `customer-value: cannot read JSON from "${path}": ${(cause as Error).message}`, []);
  }
}

export type Format = 'csv' | 'ndjson';

/** The format a flag names, or else the one a file's extension implies. */
export function formatOf(args: Args, flag: string, path: string, fallback: Format = 'csv'): Format {
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
 * The input options every command reading a table declares (`fit`, `report`, `summarize`…):
 * spread them into the command's `flags`; `readInputColumns` honours them.
 */
export const INPUT_FLAGS = {
  format: { value: '<csv|ndjson>', help: 'Input format (default: from the extension: .ndjson or .jsonl is NDJSON, anything else CSV).' },
  delimiter: { value: '<char>', help: 'CSV field delimiter: one character, or tab (\\t) (default ,).' },
  'decimal-comma': { help: 'CSV numbers are written with a decimal comma (12,5); a cell with a point is an error. Needs another --delimiter, usually ";".' },
} as const satisfies Record<string, FlagSpec>;

/** The options of commands reading a date column (`report`, `summarize`…); `readInputColumns` honours them. */
export const DATE_FLAGS = {
  'date-format': {
    value: '<format>',
    help: `How the dates are written: ${DATE_FORMATS.join(', ')} (default iso: YYYY-MM-DD, YYYYMMDD or a timestamp). With a separator, day and month may have one digit; a time may follow the date.`,
  },
  timezone: {
    value: '<zone>',
    help: 'IANA zone (Europe/Berlin) or offset (+02:00) in which a timestamp with an offset counts on its calendar day. Without it a timestamp counts on the date as written; a plain date or a timestamp without an offset always does.',
  },
} as const satisfies Record<string, FlagSpec>;

/** The delimiter `--delimiter` names (`tab` and `\t` for a tab), checked. */
export function delimiterOf(args: Args): string {
  const given = one(args, 'delimiter', false);
  if (given === '') return ',';
  const delimiter = given === '\\t' || given.toLowerCase() === 'tab' ? '\t' : given;
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
    throw usage(`${args.command}: --delimiter must be one character other than a quote or line break, or tab (got ${JSON.stringify(given)})`, args.command);
  return delimiter;
}

/** The file line of each row of the columns `readInputColumns` returned, for `atFileLines`. */
const inputLines = new WeakMap<object, Int32Array | number[]>();

/**
 * The input of `fit`, `report` (and any command reading a table) as columns, under the input
 * options the command declares (`INPUT_FLAGS`, `DATE_FLAGS`). CSV columns are typed by
 * `parseCsv`'s lossless rule; `numbers` must be numeric (a bad cell is named with its file line;
 * `--decimal-comma` reads `12,5`); `text` stays text (customer ids: `007` and `7`, or 19-digit ids,
 * never merge); `dates` must be in the header and, with `--date-format` or `--timezone`, are
 * turned into `YYYY-MM-DD` by `toIsoDates` (a bad date named by its line). NDJSON `numbers` accept JSON numbers
 * and numeric strings alike; NDJSON `text` fields holding JSON numbers become their decimal text.
 * A column absent from a CSV header is an error listing the header found and, when one other
 * common delimiter would split it into the names wanted, suggesting it. The file line of every
 * row is kept: wrap the library call in `atFileLines(columns, …)` to have its errors name lines.
 */
export async function readInputColumns(
  args: Args,
  input: string,
  numbers: readonly string[],
  text: readonly string[] = [],
  dates: readonly string[] = [],
): Promise<Record<string, unknown>> {
  const fn = `customer-value ${args.command}`;
  let columns: Record<string, unknown>;
  let lines: Int32Array | number[];
  if (formatOf(args, 'format', input) === 'csv') {
    const delimiter = delimiterOf(args);
    const decimal = args.options.has('decimal-comma') ? ',' : '.';
    if (decimal === ',' && delimiter === ',')
      throw usage(`${args.command}: --decimal-comma needs another field delimiter: add --delimiter ";" (or the file's delimiter)`, args.command);
    const csv = await readCsvFile(input, { numbers: [...numbers], text: [...text], delimiter, decimal });
    const absent = [...new Set([...text, ...dates])].filter((name) => !csv.names.includes(name));
    if (absent.length > 0) throw missingColumnsError(fn, absent, csv.names, delimiter);
    columns = csv.columns;
    lines = csv.lines;
  } else {
    for (const flag of ['delimiter', 'decimal-comma'])
      if (args.options.has(flag))
        throw usage(`${args.command}: --${flag} applies to CSV input; "${input}" is read as NDJSON (--format csv reads it as CSV)`, args.command);
    const read = await readNdjsonColumns(input, numbers);
    columns = read.columns;
    lines = read.lines;
    // the reader gives every numeric field a column; one no line holds a value for (absent, or
    // null throughout) is dropped, so the fitter names it as a missing column
    for (const name of numbers) if (columns[name] && (columns[name] as unknown[]).every((v) => v !== v)) delete columns[name];
    const absent = [...new Set([...text, ...dates])].filter((name) => !(name in columns));
    if (absent.length > 0) {
      const fields = Object.keys(columns)
        .map((name) => JSON.stringify(name))
        .join(', ');
      throw new CustomerValueError(
        'missing_column',
        `${fn}: ${absent.length} field${absent.length === 1 ? ' is' : 's are'} on no line of "${input}"; the lines have ${fields || 'no fields'}`,
        absent.map((column) => ({ function: fn, column, expected: `a field "${column}" on the lines`, received: 'no such field' })),
      );
    }
    for (const name of text) {
      const values = columns[name] as unknown[] | undefined;
      if (values) for (let i = 0; i < values.length; i++) if (typeof values[i] === 'number') values[i] = String(values[i]);
    }
  }
  inputLines.set(columns, lines);
  const format = one(args, 'date-format', false);
  const timeZone = one(args, 'timezone', false);
  if (format !== '' && !(DATE_FORMATS as readonly string[]).includes(format))
    throw usage(`${args.command}: --date-format must be one of ${DATE_FORMATS.join(', ')} (got ${JSON.stringify(format)})`, args.command);
  if (format !== '' || timeZone !== '') {
    for (const name of dates) {
      const values = columns[name] as ArrayLike<unknown> | undefined;
      if (values === undefined) continue;
      columns[name] = atFileLines(columns, () =>
        toIsoDates(values, { column: name, ...(format ? { format: format as DateFormat } : {}), ...(timeZone ? { timeZone } : {}) }),
      );
    }
  }
  return columns;
}

/**
 * Run `body` (a library call on columns from `readInputColumns`) so that its errors name file
 * lines: every issue naming a row (0-based, as the library does) of a column of the input gains
 * the file line of that row (the header is line 1; a record spanning lines is named by its
 * first), which the message then shows. The library's `row` is kept in the issue. Issues about
 * tables the library derived (a per-customer summary) keep their row.
 */
export function atFileLines<T>(columns: object, body: () => T): T {
  try {
    return body();
  } catch (error) {
    throw withFileLines(error, columns, inputLines.get(columns));
  }
}

function withFileLines(error: unknown, columns: object, lines: Int32Array | number[] | undefined): unknown {
  if (!(error instanceof CustomerValueError) || lines === undefined) return error;
  // only an issue naming a column of the input names an input row (a row of a table the library
  // derived, such as a per-customer summary, is not a line of the file)
  const mapped = (issue: CustomerValueIssue) =>
    issue.row !== undefined &&
    issue.line === undefined &&
    issue.column !== undefined &&
    Object.prototype.hasOwnProperty.call(columns, issue.column) &&
    Number.isInteger(issue.row) &&
    issue.row >= 0 &&
    issue.row < lines.length;
  if (!error.issues.some(mapped)) return error;
  const issues = error.issues.map((issue) => (mapped(issue) ? { ...issue, line: lines[issue.row!] } : issue));
  const summary = error.message.split('\n')[0];
  return new CustomerValueError(error.code, summary, issues, error.totalIssues);
}

/**
 * Progress of a command's stages on stderr, when it is a terminal (`io.tty`): `start` shows what
 * runs (`reading orders.csv…`), `done` replaces it with the stage's rows, time and rows/s. The
 * final one-line summary is the command's, printed always.
 */
export function stageProgress(io: CommandIo, command: string): { start(stage: string): void; done(stage: string, rows: number): void; seconds(): number } {
  const began = Date.now();
  let since = began;
  return {
    start(stage) {
      since = Date.now();
      if (io.tty) io.err(`customer-value ${command}: ${stage}…`);
    },
    done(stage, rows) {
      if (!io.tty) return;
      const seconds = Math.max((Date.now() - since) / 1000, 1e-3);
      io.err(
        `\r\x1b[Kcustomer-value ${command}: ${stage} ${rows.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s (${Math.round(rows / seconds).toLocaleString('en-US')} rows/s)\n`,
      );
      since = Date.now(); // the next stage's time starts here
    },
    seconds: () => (Date.now() - began) / 1000,
  };
}

/** Lines printed after an error's message: the unfinished files that were removed. */
export const cleanupNotes = new WeakMap<object, string[]>();

/**
 * Run `body` with output files opened through `open` (see `openAtomicOutput`: each is written
 * under a temporary name in its directory). When `body` succeeds every file is renamed into
 * place; when it fails — a bad row, a full disk, a closed pipe — every unfinished file is removed
 * (noted for stderr), the paths are left as they were, and a write error names its file.
 */
export async function withOutputs(command: string, body: (open: (path: string, role: string) => Promise<Writable>) => Promise<void>): Promise<void> {
  const fn = `customer-value ${command}`;
  const opened: AtomicOutput[] = [];
  try {
    await body(async (path, role) => {
      const file = await openAtomicOutput(path, fn, role);
      opened.push(file);
      return file.stream;
    });
    // every file flushed (a full disk shows here) before any is renamed: all or nothing
    for (const file of opened) await file.finish();
    for (const file of opened) await file.commit();
  } catch (caught) {
    const source = opened.find((file) => (file.stream as { errored?: unknown }).errored === caught);
    const error = source ? outputError(caught, fn, source.role, source.path) : caught;
    const notes: string[] = [];
    for (const file of opened) if (await file.discard()) notes.push(`customer-value: removed the unfinished ${file.role}; "${file.path}" was left as it was\n`);
    if (notes.length > 0 && error !== null && typeof error === 'object') cleanupNotes.set(error, notes);
    throw error;
  }
}

/** A failure to write standard output (other than a closed pipe), named as such. */
export function stdoutError(error: unknown, fn: string): CustomerValueError {
  const reason = /^(E[A-Z]+: [^,]+)/.exec((error as Error).message)?.[1] ?? (error as Error).message;
  return new CustomerValueError('invalid_value', `${fn}: cannot write output to standard output: ${reason}`, [
    { function: fn, path: 'output', expected: 'a writable standard output', received: String((error as { code?: string }).code ?? 'an error') },
  ]);
}

/** True for an error from the file system (`ENOENT`, `ENOSPC`, `EISDIR`…), not yet explained. */
export function isFileSystemError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return !(error instanceof CustomerValueError) && typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

/** A file error while reading, naming the operation and the path: `fn: cannot read input "x.csv": EISDIR: …`. */
export function inputError(error: unknown, fn: string, role: string, path: string): unknown {
  if (!isFileSystemError(error)) return error;
  const code = (error as { code: string }).code;
  const reason =
    code === 'EISDIR' ? 'EISDIR: it is a directory, not a file' : (/^(E[A-Z]+: [^,]+)/.exec((error as Error).message)?.[1] ?? (error as Error).message);
  return new CustomerValueError('invalid_value', `${fn}: cannot read ${role} "${path}": ${reason}`, [
    { function: fn, path: role, expected: 'a readable file', received: `${code} for "${path}"` },
  ]);
}

/** Remove `path` and its parents up to `top` (the first directory this run created), if empty. */
export function removeEmptyDirectories(path: string, top: string): void {
  for (let dir = path; ; dir = dirname(dir)) {
    try {
      rmdirSync(dir);
    } catch {
      return;
    }
    if (dir === top || dirname(dir) === dir) return;
  }
}

/**
 * One option of a command, as declared in `CLI_COMMANDS[command].flags` (the parser accepts only
 * declared flags, and the help text is written from these declarations).
 */
export type FlagSpec = {
  /** The placeholder shown in help (`<data.csv|.ndjson>`); absent for a switch that takes no value. */
  value?: string;
  /** True when the command cannot run without it. */
  required?: boolean;
  /** True when it may be given more than once (`--keep a --keep b`). */
  repeatable?: boolean;
  /** One line saying what it does (and its default). */
  help: string;
};

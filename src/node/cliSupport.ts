// The plumbing every `customer-value` command shares: argument parsing, reading inputs as
// columns, atomic output files and the errors that name a file with its role. The commands
// themselves live in cli.ts (and cli<Command>.ts files); nothing here is exported from the package.
import { readFileSync, rmdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { CustomerValueError } from '../errors.js';
import { IssueList } from '../internal/issueList.js';
import { readNdjsonBatches } from './ndjsonBatches.js';
import { readCsvFile } from './readCsvFile.js';
import { openAtomicOutput, outputError, type AtomicOutput } from './atomicOutput.js';

/** What a command's `run` receives besides its arguments: where text and results go. */
export type CommandIo = { out: (text: string) => void; err: (text: string) => void; stdout: NodeJS.WritableStream };

export type Args = { command: string; options: Map<string, string[]> };

export function parseArgs(argv: string[]): Args {
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

export function usage(message: string): CustomerValueError {
  return new CustomerValueError('invalid_spec', `customer-value: ${message} (see --help)`, []);
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
 * A whole NDJSON file as columns: `numeric` fields as numbers under the readers' one policy (a
 * JSON number, or a string holding a decimal number), other fields as parsed. Any rejected line
 * is an error listing the first ten with their line (a fit never drops rows).
 */
export async function readNdjsonColumns(path: string, numeric: readonly string[]): Promise<Record<string, unknown[]>> {
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
export async function readInputColumns(args: Args, input: string, numbers: readonly string[], text: readonly string[] = []): Promise<Record<string, unknown>> {
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
    { function: fn, column: 'output', expected: 'a writable standard output', received: String((error as { code?: unknown }).code ?? 'an error') },
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
  const reason = code === 'EISDIR' ? 'EISDIR: it is a directory, not a file' : (/^(E[A-Z]+: [^,]+)/.exec((error as Error).message)?.[1] ?? (error as Error).message);
  return new CustomerValueError('invalid_value', `${fn}: cannot read ${role} "${path}": ${reason}`, [
    { function: fn, column: role, expected: 'a readable file', received: `${code} for "${path}"` },
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

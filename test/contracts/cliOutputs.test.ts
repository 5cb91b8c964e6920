import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_COMMANDS, type CliCommand } from '../../src/node/cli.js';
import { bigCustomers, CLI, mountTinyDisk, scratch, startDist, temporaryFiles, runInProcess } from '../helpers/cli.js';

// Contract for every command of `customer-value` (from its own table, CLI_COMMANDS) × every
// format it writes: a failing or interrupted run leaves no file at the final path (and no
// temporary file), a closed downstream pipe is a normal end (exit 0, silent), and every file
// error names the path. A new command fails the first test until it has a recipe here.
// The pipe and SIGINT cases run dist/cli.js: build first (npx tsup --silent).

type Outputs = Partial<Record<string, string>>;
interface Recipe {
  /** A valid invocation writing `format`, with the given output options. */
  args(dir: string, format: string, outputs: Outputs): string[];
  /** A run long enough to interrupt, when the command streams (else the file is written in one go after the work). */
  long?(dir: string, format: string, outputs: Outputs): string[];
}

const flags = (outputs: Outputs) => Object.entries(outputs).flatMap(([flag, path]) => [`--${flag}`, path!]);
const recipes: Record<CliCommand, Recipe> = {
  fit: {
    args: (dir, _format, outputs) => [
      'fit',
      '--kind',
      'valuePyramid',
      '--spec',
      join(dir, 'spec.json'),
      '--input',
      join(dir, 'customers.csv'),
      ...flags(outputs),
    ],
  },
  score: {
    // one bad line, so the reject file has bytes to write too
    args: (dir, format, outputs) => [
      'score',
      '--model',
      join(dir, 'model.json'),
      '--input',
      join(dir, 'with-reject.csv'),
      '--keep',
      'id',
      '--output-format',
      format,
      ...flags(outputs),
    ],
    long: (dir, format, outputs) => [
      'score',
      '--model',
      join(dir, 'model.json'),
      '--input',
      join(dir, 'big.csv'),
      '--keep',
      'id',
      '--output-format',
      format,
      ...flags(outputs),
    ],
  },
  report: {
    args: (dir, _format, outputs) => [
      'report',
      '--input',
      join(dir, 'orders.csv'),
      '--customer',
      'customer',
      '--date',
      'date',
      '--amount',
      'amount',
      ...flags({ 'out-dir': join(dir, 'report'), ...outputs }),
    ],
  },
  sql: {
    args: (dir, format, outputs) => [
      'sql',
      '--model',
      join(dir, 'model.json'),
      '--dialect',
      format,
      '--table',
      'crm.customers',
      '--keep',
      'id',
      ...flags(outputs),
    ],
  },
  summarize: {
    args: (dir, format, outputs) => [
      'summarize',
      '--input',
      join(dir, 'orders.csv'),
      '--customer',
      'customer',
      '--date',
      'date',
      '--amount',
      'amount',
      '--time-unit',
      'week',
      '--output-format',
      format,
      ...flags(outputs),
    ],
  },
  survey: {
    // the ECSI survey as a SurveyJS export (examples/data/make_surveyjs_mobi.mjs), with the ECSI drivers' PLS model
    args: (dir, _format, outputs) => [
      'survey',
      '--form',
      join(__dirname, '../../examples/data/mobi_surveyjs_form.json'),
      '--results',
      join(__dirname, '../../examples/data/mobi_surveyjs_results.json'),
      '--model',
      join(__dirname, '../../examples/data/mobi_surveyjs_ecsi.json'),
      ...flags({ 'out-dir': join(dir, 'survey'), ...outputs }),
    ],
  },
  clv: {
    args: (dir, format, outputs) => [
      'clv',
      '--input',
      join(dir, 'orders.csv'),
      '--customer',
      'customer',
      '--date',
      'date',
      '--amount',
      'amount',
      '--time-unit',
      'week',
      '--horizon',
      '52',
      '--output-format',
      format,
      ...flags(outputs),
    ],
  },
};

const commands = Object.keys(CLI_COMMANDS) as CliCommand[];
const cases = commands.flatMap((command) => CLI_COMMANDS[command].formats.map((format) => [command, format] as const));

const run = (args: string[]) => runInProcess(args);

let dir = '';
beforeAll(() => {
  dir = scratch('cv-contract-out-');
  bigCustomers(join(dir, 'big.csv'), 2_000_000);
  writeFileSync(join(dir, 'with-reject.csv'), `${readFileSync(join(dir, 'customers.csv'), 'utf8')}bad,not-a-number\n`);
});

describe('cli outputs contract: coverage', () => {
  it('every command in CLI_COMMANDS has a recipe, and every recipe a command', () => {
    expect(Object.keys(recipes).sort()).toEqual([...commands].sort());
  });

  it.each(cases)('%s writing %s succeeds as the recipe says (the attacks below start from a valid run)', async (command, format) => {
    const outputs = Object.fromEntries(CLI_COMMANDS[command].outputs.map((flag) => [flag, join(dir, `ok-${command}-${format}-${flag}`)]));
    const result = await run(recipes[command].args(dir, format, outputs));
    expect(result.stderr).not.toMatch(/cannot/);
    expect([0, 3]).toContain(result.code);
    for (const path of Object.values(outputs)) expect(existsSync(path)).toBe(true);
    expect(temporaryFiles(dir)).toEqual([]);
  });
});

describe('cli outputs contract: file errors name the path', () => {
  it.each(cases)('%s (%s): every input given as a directory is named with its role', async (command, format) => {
    for (const [flag, role] of Object.entries(CLI_COMMANDS[command].inputs)) {
      const args = recipes[command].args(dir, format, {});
      const at = args.indexOf(`--${flag}`);
      expect(at, `the ${command} recipe passes --${flag}`).toBeGreaterThan(0);
      args[at + 1] = join(dir, 'a-directory');
      const result = await run(args);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`customer-value ${command}: cannot read ${role} "${join(dir, 'a-directory')}"`);
    }
  });

  it.each(cases)('%s (%s): every output in a missing directory is named, and no other output is left behind', async (command, format) => {
    for (const flag of CLI_COMMANDS[command].outputs) {
      const outputs: Outputs = Object.fromEntries(CLI_COMMANDS[command].outputs.map((other) => [other, join(dir, `missing-${command}-${format}-${other}`)]));
      const bad = join(dir, 'no-such-directory', 'deeper', `out-${flag}`);
      outputs[flag] = flag === 'out-dir' ? join(dir, 'customers.csv', 'report') : bad; // a folder cannot be made under a file
      const result = await run(recipes[command].args(dir, format, outputs));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`customer-value ${command}: cannot write [a-z ]+ "${outputs[flag].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
      for (const path of Object.values(outputs)) expect(existsSync(path!), path).toBe(false);
      expect(temporaryFiles(dir)).toEqual([]);
    }
  });
});

describe('cli outputs contract: a failing run leaves no file at the final path (full disk)', () => {
  // mounted when the tests are collected, so without a tmpfs (not root) the cases show as skipped, not as passed
  const disk = mountTinyDisk();
  const full = 'dir' in disk ? disk : null;
  if (!('dir' in disk)) console.warn(`skipping the full-disk contract: ${disk.reason}`);
  beforeAll(() => {
    // fill it: any write to it now fails with ENOSPC
    for (let i = 0; full !== null; i++) {
      try {
        writeFileSync(join(full.dir, `filler-${i}`), Buffer.alloc(4096));
      } catch {
        break;
      }
    }
  });
  afterAll(() => full?.unmount());

  it.skipIf(full === null).each(cases)(
    '%s (%s): each output on a full disk: exit 1, ENOSPC and the path named, no file, no temporary file',
    async (command, format) => {
      const disk = full!;
      for (const flag of CLI_COMMANDS[command].outputs) {
        const outputs: Outputs = Object.fromEntries(CLI_COMMANDS[command].outputs.map((other) => [other, join(dir, `full-${command}-${format}-${other}`)]));
        outputs[flag] = join(disk.dir, `out-${command}-${format}-${flag}`);
        const result = await run(recipes[command].args(dir, format, outputs));
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('ENOSPC');
        expect(result.stderr).toContain(outputs[flag]);
        for (const path of Object.values(outputs)) {
          expect(existsSync(path!) && !(statSync(path!).isDirectory() && readdirSync(path!).length === 0), path).toBe(false);
        }
        expect(readdirSync(disk.dir).filter((name) => !name.startsWith('filler-'))).toEqual([]);
        expect(temporaryFiles(dir)).toEqual([]);
      }
    },
  );
});

describe('cli outputs contract: an interrupted run leaves no file at the final path', () => {
  it.each(cases.filter(([command]) => recipes[command].long))(
    '%s (%s): SIGINT while writing: every output removed, the signal kept',
    async (command, format) => {
      const outputs: Outputs = Object.fromEntries(CLI_COMMANDS[command].outputs.map((flag) => [flag, join(dir, `sigint-${command}-${format}-${flag}`)]));
      const child = startDist(recipes[command].long!(dir, format, outputs));
      let exited = false;
      void child.done.then(() => (exited = true));
      // interrupt once the first output has bytes in its temporary file
      const first = Object.values(outputs)[0]!.split('/').pop()!;
      for (;;) {
        const partial = temporaryFiles(dir).filter((name) => name.includes(first));
        if (partial.length > 0 && statSync(join(dir, partial[0])).size > 50_000) break;
        if (exited) throw new Error('the run ended before it could be interrupted');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      child.child.kill('SIGINT');
      const result = await child.done;
      expect(result.signal).toBe('SIGINT');
      for (const path of Object.values(outputs)) expect(existsSync(path!), path).toBe(false);
      expect(temporaryFiles(dir)).toEqual([]);
    },
  );
});

describe('cli outputs contract: a closed downstream pipe is a normal end', () => {
  it.each(cases.filter(([command]) => CLI_COMMANDS[command].stdout))('%s (%s) into a closed pipe: exit 0, nothing on stderr', async (command, format) => {
    const child = spawn(process.execPath, [CLI, ...(recipes[command].long?.(dir, format, {}) ?? recipes[command].args(dir, format, {}))], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

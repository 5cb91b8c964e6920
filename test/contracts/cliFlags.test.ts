import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_COMMANDS, type CliCommand } from '../../src/node/cli.js';
import type { FlagSpec } from '../../src/node/cliSupport.js';
import { runDist, runInProcess } from '../helpers/cli.js';

// Contract for the flags of every command of `customer-value`, enumerated from its own table
// (CLI_COMMANDS): each command's help is written from its declaration and shows every flag, an
// unknown or misspelled flag is refused naming the nearest declared one, a flag of another
// command is refused naming the commands that take it, a repeated single flag and a missing
// required one are named, a switch takes no value, and the README's "Command line" section
// documents every flag. A new command is covered by declaring its flags.

const commands = Object.keys(CLI_COMMANDS) as CliCommand[];
const flagsOf = (command: CliCommand) => Object.entries(CLI_COMMANDS[command].flags as Record<string, FlagSpec>);

const run = (args: string[]) => runInProcess(args);

/** Every required flag with a made-up value (the parser runs before any file is opened). */
const requiredArgs = (command: CliCommand, without?: string) =>
  flagsOf(command)
    .filter(([name, flag]) => flag.required && name !== without)
    .flatMap(([name]) => [`--${name}`, join(tmpdir(), 'no-such-file-for-the-flag-contract')]);

/** A misspelling of `name`: its second and third characters swapped (or, if equal, one dropped). */
function misspell(name: string): string {
  return name[1] !== name[2] ? `${name[0]}${name[2]}${name[1]}${name.slice(3)}` : `${name.slice(0, 2)}${name.slice(3)}`;
}

/** The lines of a help text that are not examples. */
const nonExampleLines = (help: string) => help.split('Examples:')[0].split('\n');

describe('cli flags contract: help', () => {
  it('customer-value --help lists every command with its summary, and keeps the shared notes', async () => {
    for (const args of [['--help'], ['-h'], ['help'], []]) {
      const { code, stdout } = await run(args);
      expect(code).toBe(0);
      for (const command of commands) expect(stdout).toMatch(new RegExp(`\\n  ${command} +${CLI_COMMANDS[command].summary.split(' ').slice(0, 3).join(' ')}`));
      for (const note of ['Formats:', 'Output files', 'Exit codes:', '--timezone']) expect(stdout).toContain(note);
      expect(stdout).not.toMatch(/\n\n\n| +\n/);
      for (const line of stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    }
  });

  it.each(commands)('%s --help, -h and `help <command>` print its help, with every declared flag and its placeholder', async (command) => {
    const { code, stdout } = await run([command, '--help']);
    expect(code).toBe(0);
    expect(stdout.startsWith(`customer-value ${command}: `)).toBe(true);
    expect(stdout).toContain(`Usage:\n  customer-value ${command} `);
    for (const [name, flag] of flagsOf(command)) {
      expect(stdout).toContain(`  --${name}${flag.value ? ` ${flag.value}` : ''}`);
      if (flag.required) expect(stdout.split('[options]')[0]).toContain(`--${name}`); // in the usage line
    }
    for (const example of CLI_COMMANDS[command].examples) expect(stdout).toContain(example);
    expect((await run([command, '-h'])).stdout).toBe(stdout);
    expect((await run(['help', command])).stdout).toBe(stdout);
    // help after other flags, even an incomplete or wrong command line
    expect((await run([command, '--no-such-flag', '--help'])).stdout).toBe(stdout);
  });

  it.each(commands)('%s --help has no stray gaps: no blank runs, no trailing spaces, lines within 100 columns, the help column aligned', async (command) => {
    const { stdout } = await run([command, '--help']);
    expect(stdout).not.toMatch(/\n\n\n/);
    expect(stdout).not.toMatch(/ +\n/);
    expect(stdout.endsWith('\n') && !stdout.endsWith('\n\n')).toBe(true);
    for (const line of nonExampleLines(stdout)) expect(line.length, line).toBeLessThanOrEqual(100);
    // every option's help starts in the same column; continuation lines are indented to it
    const options = stdout.split('Options:\n')[1].split('\n\n')[0].split('\n');
    const columns = new Set(
      options.map((line) => (line.startsWith('  -') ? /^ {2}\S+(?: \S+)? {2,}/.exec(line)?.[0].length : line.search(/\S/))).filter((c) => c !== undefined),
    );
    expect([...columns]).toHaveLength(1);
  });

  it('--version and -V print the version of package.json, from the source and from dist/cli.js run anywhere', async () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect((await run(['-V'])).stdout).toBe(`${version}\n`);
    const built = runDist(['--version'], tmpdir());
    expect([built.code, built.stdout]).toEqual([0, `${version}\n`]);
  });
});

describe('cli flags contract: strict parsing', () => {
  it.each(commands)('%s: every misspelled flag is refused, naming the nearest declared flag', async (command) => {
    for (const [name] of flagsOf(command)) {
      if (name.length < 4) continue;
      const wrong = misspell(name);
      const { code, stderr } = await run([command, ...requiredArgs(command), `--${wrong}`, 'x']);
      expect(code, wrong).toBe(1);
      expect(stderr, wrong).toContain(`unknown option --${wrong}: did you mean --${name}?`);
    }
  });

  it.each(commands)('%s: a flag nothing declares is refused, listing the flags when none is near', async (command) => {
    const { code, stderr } = await run([command, ...requiredArgs(command), '--zzzzzzzzzzzz', 'x']);
    expect(code).toBe(1);
    expect(stderr).toContain('unknown option --zzzzzzzzzzzz');
    for (const [name] of flagsOf(command)) expect(stderr).toContain(`--${name}`);
    expect(stderr).toContain(`customer-value ${command} --help`);
  });

  it.each(commands)("%s: another command's flag is refused, naming the commands that take it", async (command) => {
    const own = new Set(flagsOf(command).map(([name]) => name));
    for (const other of commands) {
      for (const [name] of flagsOf(other)) {
        if (own.has(name)) continue;
        const { code, stderr } = await run([command, ...requiredArgs(command), `--${name}`, 'x']);
        expect(code).toBe(1);
        expect(stderr).toContain(`unknown option --${name}: it does not apply to ${command};`);
        expect(stderr).toContain(other);
      }
    }
  });

  it.each(commands)('%s: each missing required flag is named, with its placeholder', async (command) => {
    const required = flagsOf(command).filter(([, flag]) => flag.required);
    for (const [name, flag] of required) {
      const { code, stderr } = await run([command, ...requiredArgs(command, name)]);
      expect(code).toBe(1);
      expect(stderr).toContain(`missing required option --${name}${flag.value ? ` ${flag.value}` : ''}`);
    }
    if (required.length > 0) {
      const { stderr } = await run([command]);
      for (const [name] of required) expect(stderr).toContain(`--${name}`);
    }
  });

  it.each(commands)('%s: a single-valued flag given twice is refused; a repeatable one is not refused as repeated', async (command) => {
    for (const [name, flag] of flagsOf(command)) {
      const value = flag.value === undefined ? [] : ['x'];
      const { stderr } = await run([command, ...requiredArgs(command, name), `--${name}`, ...value, `--${name}`, ...value]);
      if (flag.repeatable) expect(stderr).not.toContain('given twice');
      else expect(stderr).toContain(`--${name} is given twice`);
    }
  });

  it.each(commands)('%s: a flag that takes a value refuses to be last without one; a switch refuses a value', async (command) => {
    for (const [name, flag] of flagsOf(command)) {
      if (flag.value !== undefined) {
        const { code, stderr } = await run([command, ...requiredArgs(command, name), `--${name}`]);
        expect(code).toBe(1);
        expect(stderr).toContain(`--${name} needs a value ${flag.value}`);
      } else {
        const { code, stderr } = await run([command, ...requiredArgs(command), `--${name}=yes`]);
        expect(code).toBe(1);
        expect(stderr).toContain(`--${name} is a switch and takes no value`);
      }
    }
  });

  it('a misspelled command names the nearest; an option before the command is refused', async () => {
    expect((await run(['scroe'])).stderr).toContain('unknown command "scroe": did you mean score?');
    const early = await run(['--input', 'x.csv', 'fit']);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('a command comes first');
  });
});

describe('cli flags contract: the README documents every flag', () => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const section = /\n## Command line\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';

  it('has a "Command line" section saying how to run the command from the registry and from a clone', () => {
    expect(section).toContain('npx customer-value');
    expect(section).toContain('node dist/cli.js');
    expect(section).toContain('npm link');
  });

  it.each(commands)('%s: the section names the command and every one of its flags', (command) => {
    expect(section).toContain(`customer-value ${command}`);
    for (const [name] of flagsOf(command)) expect(section, `--${name} of ${command}`).toContain(`--${name}`);
  });
});

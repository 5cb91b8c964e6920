import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runInProcess } from '../helpers/cli.js';
import { scratch } from '../helpers/cli.js';
import { spawnSync } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

// Every file error names the operation (read input / model / spec, write output) and the path.
const run = (args: string[]) => runInProcess(args);

const dir = scratch('cv-file-errors-');
const folder = join(dir, 'a-directory');
const p = (name: string) => join(dir, name);

describe('customer-value: a directory where a file is read', () => {
  it.each([
    ['fit', 'input', ['fit', '--kind', 'valuePyramid', '--spec', p('spec.json'), '--input', folder]],
    ['fit', 'spec', ['fit', '--kind', 'valuePyramid', '--spec', folder, '--input', p('customers.csv')]],
    ['score', 'input', ['score', '--model', p('model.json'), '--input', folder]],
    ['score', 'model', ['score', '--model', `pyramid=${folder}`, '--input', p('customers.csv')]],
    ['report', 'input', ['report', '--input', folder, '--customer', 'customer', '--date', 'date', '--amount', 'amount', '--out-dir', p('report')]],
    ['sql', 'model', ['sql', '--model', folder, '--dialect', 'duckdb', '--table', 't']],
  ])('%s --%s <directory>: exit 1, "cannot read <role> <path>: it is a directory"', async (command, role, args) => {
    const result = await run(args);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`customer-value ${command}: cannot read ${role} "${folder}": EISDIR: it is a directory, not a file`);
  });

  it('a missing input is named with its role', async () => {
    const result = await run(['score', '--model', p('model.json'), '--input', p('nope.csv')]);
    expect(result.stderr).toContain(`customer-value score: cannot read input "${p('nope.csv')}": ENOENT: no such file or directory`);
  });
});

describe('customer-value: an output that cannot be written', () => {
  it.each([
    ['fit', ['fit', '--kind', 'valuePyramid', '--spec', p('spec.json'), '--input', p('customers.csv'), '--output', folder]],
    ['score', ['score', '--model', p('model.json'), '--input', p('customers.csv'), '--output', folder]],
    ['score (reject file)', ['score', '--model', p('model.json'), '--input', p('customers.csv'), '--output', p('ok.csv'), '--reject-file', folder]],
    ['sql', ['sql', '--model', p('model.json'), '--dialect', 'duckdb', '--table', 't', '--output', folder]],
  ])('%s with a directory as output: exit 1, "cannot write <role> <path>", nothing left', async (_label, args) => {
    const result = await run(args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`customer-value \\w+: cannot write (output|reject file) "${folder}": EISDIR`));
    expect(existsSync(p('ok.csv'))).toBe(false);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('report into a folder whose parent is a file: the folder named', async () => {
    const target = join(p('customers.csv'), 'report');
    const result = await run(['report', '--input', p('orders.csv'), '--customer', 'customer', '--date', 'date', '--amount', 'amount', '--out-dir', target]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`customer-value report: cannot write output directory "${target}": ENOTDIR`);
  });

  it.each([
    ['score', ['score', '--model', p('model.json'), '--input', p('customers.csv')]],
    ['score (NDJSON, threads)', ['score', '--model', p('model.json'), '--input', p('customers.ndjson'), '--threads', '2']],
    ['sql', ['sql', '--model', p('model.json'), '--dialect', 'duckdb', '--table', 't']],
    ['fit', ['fit', '--kind', 'valuePyramid', '--spec', p('spec.json'), '--input', p('customers.csv')]],
  ])('%s with standard output on a full device (> /dev/full): exit 1, once, "cannot write output to standard output: ENOSPC"', (_label, args) => {
    const full = openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, [CLI, ...args], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^customer-value( \w+)?: cannot write output to standard output: ENOSPC: no space left on device\n/);
      expect(result.stderr.match(/cannot write/g)).toHaveLength(1);
    } finally {
      closeSync(full);
    }
  });
});

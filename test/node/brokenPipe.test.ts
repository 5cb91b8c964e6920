import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bigCustomers, CLI, scratch, temporaryFiles } from '../helpers/cli.js';

// A closed downstream pipe (`customer-value score … | head`) is a normal end: the reader has
// what it wanted. The command stops, prints nothing and exits 0. These tests run dist/cli.js.
let dir = '';
beforeAll(() => {
  dir = scratch('cv-pipe-');
  bigCustomers(join(dir, 'big.csv'), 300_000);
});

/** `customer-value args… | head -n 3` in bash: the command's exit code, its stderr, and what head printed. */
function throughHead(args: string[]) {
  const script = `"${process.execPath}" "${CLI}" "$@" 2>"${dir}/stderr" | head -n 3; echo "exit=\${PIPESTATUS[0]}"; cat "${dir}/stderr"`;
  const result = spawnSync('bash', ['-c', script, 'bash', ...args], { encoding: 'utf8' });
  const [head, rest] = result.stdout.split(/^exit=/m);
  const [code, ...stderr] = rest.split('\n');
  return { head: head.trim().split('\n'), code: Number(code), stderr: stderr.join('\n') };
}

describe('customer-value with its standard output piped to `head -n 3`', () => {
  it.each([
    ['CSV', []],
    ['CSV on formatting threads', ['--threads', '2']],
    ['NDJSON', ['--output-format', 'ndjson']],
  ])('score to %s: exit 0, nothing on stderr, the first lines intact', (_label, extra) => {
    const run = throughHead(['score', '--model', join(dir, 'model.json'), '--input', join(dir, 'big.csv'), '--keep', 'id', ...extra]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.head.length).toBe(3);
    expect(run.head[2]).toMatch(/^(c1,|\{"id":"c2",)/); // CSV: header + 2 rows; NDJSON: 3 rows
  });

  it('with a reject file: exit 0, and the reject file (incomplete) removed, with a note', () => {
    const rejects = join(dir, 'rejects.csv');
    const run = throughHead(['score', '--model', join(dir, 'model.json'), '--input', join(dir, 'big.csv'), '--keep', 'id', '--reject-file', rejects]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`customer-value: removed the unfinished reject file; "${rejects}" was left as it was\n`);
    expect(existsSync(rejects)).toBe(false);
    expect(temporaryFiles(dir)).toEqual([]);
  });

  it.each([
    ['sql', () => ['sql', '--model', join(dir, 'model.json'), '--dialect', 'duckdb', '--table', 't']],
    ['fit', () => ['fit', '--kind', 'valuePyramid', '--spec', join(dir, 'spec.json'), '--input', join(dir, 'customers.csv')]],
    ['--help', () => ['--help']],
  ])('%s into a pipe already closed: exit 0, no stack trace', async (_label, args) => {
    const child = spawn(process.execPath, [CLI, ...args()], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader is gone before the command writes
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

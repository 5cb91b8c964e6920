// Running the built `customer-value` command (dist/cli.js: build with `npx tsup --silent` first)
// on files in a scratch directory, and a tiny tmpfs as a full disk.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fitValuePyramid } from '../../src/index.js';
import { runCli } from '../../src/node/cli.js';

export const CLI = join(__dirname, '../../dist/cli.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Run the CLI in this process with captured output. `stdout` is a real `Writable` (the commands
 * that stream to stdout pipe into it); with `tty`, stderr says it is a terminal (progress lines).
 */
export async function runInProcess(args: readonly string[], options: { tty?: boolean } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new Writable({ write: (chunk, _encoding, done) => (out.push(String(chunk)), done()) });
  const code = await runCli([...args], {
    stdout: Object.assign(stdout, { write: stdout.write.bind(stdout) }),
    stderr: Object.assign({ write: (t: string) => err.push(t) }, options.tty ? { isTTY: true } : {}),
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Run the command to completion (stdin closed). */
export function runDist(args: readonly string[], cwd?: string): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** Start the command; `done` resolves when it exits. */
export function startDist(args: readonly string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<CliRun>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

/** A scratch directory with a pyramid model, its fit spec, a small customer file in CSV and NDJSON, a transaction log, and an empty directory. */
export function scratch(prefix = 'cv-out-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const profit = Array.from({ length: 40 }, (_, i) => (i * 37) % 600);
  const model = fitValuePyramid({ profit }, { dimensions: [{ column: 'profit' }] });
  writeFileSync(join(dir, 'model.json'), JSON.stringify(model));
  writeFileSync(join(dir, 'spec.json'), JSON.stringify({ dimensions: [{ column: 'profit' }] }));
  writeFileSync(join(dir, 'customers.csv'), `id,profit\n${profit.map((p, i) => `c${i},${p}`).join('\n')}\n`);
  writeFileSync(join(dir, 'customers.ndjson'), profit.map((p, i) => `${JSON.stringify({ id: `c${i}`, profit: p })}\n`).join(''));
  // the first 6,000 orders of the CDNOW log (examples/data), as `report` input
  const orders = readFileSync(join(__dirname, '../../examples/data/cdnow_master.csv'), 'utf8').split('\n').slice(0, 6001);
  writeFileSync(join(dir, 'orders.csv'), `${orders.join('\n').replace('customer_id,date,number_of_cds,dollar_value', 'customer,date,cds,amount')}\n`);
  mkdirSync(join(dir, 'a-directory'));
  return dir;
}

/** A large customer file (`rows` lines), for runs long enough to interrupt. */
export function bigCustomers(path: string, rows: number): void {
  const parts: string[] = ['id,profit\n'];
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += `c${i},${(i * 7919) % 600}\n`;
    if (chunk.length > 1 << 20) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  writeFileSync(path, parts.join(''));
}

/** Every file in `dir` whose name looks like an unfinished temporary output. */
export function temporaryFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.tmp'));
}

/**
 * Mount a 64 KiB tmpfs at a new directory (a full disk after 64 KiB): needs root. Returns the
 * directory and an unmount function, or the reason it could not be mounted.
 */
export function mountTinyDisk(): { dir: string; unmount(): void } | { reason: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cv-full-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.error || mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return { reason: `mount -t tmpfs failed (${mounted.error?.message ?? mounted.stderr.trim()}); not root or no CAP_SYS_ADMIN` };
  }
  return {
    dir,
    unmount() {
      // a file still open in a child (a killed run) keeps the mount busy: detach it lazily then
      if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // EBUSY until the last user exits; the directory is empty and in the temp dir
      }
    },
  };
}

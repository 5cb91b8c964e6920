// The published package, as a consumer gets it: `npm pack` holds only dist/, README, CHANGELOG and LICENSE;
// the tarball installs into a scratch project, and an example runs there under Node ESM, Node
// CommonJS and Deno, and through the `customer-value` command.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const run = (command: string, args: string[], cwd: string) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const example = `
const log = { customer: [1, 1, 2], date: ['2024-01-05', '2024-02-01', '2024-01-20'], amount: [10, 20, 5] };
const s = summarizeTransactions(log, { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '2024-03-01', timeUnit: 'week' });
const svg = valuePyramidSvg([{ tier: 'top', customerShare: 0.5, revenueShare: 0.86 }], { title: 't' });
console.log(JSON.stringify([Array.from(s.frequency), typeof readCsvBatches, svg.startsWith('<svg')]));`;
const expected = '[[1,0],"function",true]';

describe('the packed package in a scratch project', () => {
  let scratch = '';
  let files: string[] = [];
  let installWarnings: string[] = [];

  beforeAll(() => {
    const packs = mkdtempSync(join(tmpdir(), 'cv-pack-'));
    const [info] = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packs], ROOT)) as {
      filename: string;
      files: { path: string }[];
    }[];
    files = info.files.map((f) => f.path);
    scratch = mkdtempSync(join(tmpdir(), 'cv-consumer-'));
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, version: '1.0.0' }));
    const install = spawnSync('npm', ['install', join(packs, info.filename), '--no-audit', '--no-fund', '--no-package-lock'], {
      cwd: scratch,
      encoding: 'utf8',
    });
    expect(install.status, install.stderr).toBe(0);
    installWarnings = install.stderr.split('\n').filter((line) => /\bwarn\b/i.test(line));
  }, 240_000);

  it('installs quietly, and only the runtime dependencies the lockfile lists (no benchmark or test packages)', () => {
    expect(installWarnings).toEqual([]);
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean; optional?: boolean; peer?: boolean }>;
    };
    const runtime = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && !p.dev && !p.optional && !p.peer)
      .map(([path]) => path.replace(/^node_modules\//, ''));
    const installed = readdirSync(join(scratch, 'node_modules'))
      .filter((name) => !name.startsWith('.'))
      .flatMap((name) => (name.startsWith('@') ? readdirSync(join(scratch, 'node_modules', name)).map((sub) => `${name}/${sub}`) : [name]));
    expect(installed.sort()).toEqual(['customer-value', ...runtime].sort());
  });

  it('ships only dist/, README.md, CHANGELOG.md, LICENSE and package.json', () => {
    expect(files.filter((f) => !f.startsWith('dist/') && !['README.md', 'CHANGELOG.md', 'LICENSE', 'package.json'].includes(f))).toEqual([]);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('CHANGELOG.md');
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
  });

  it('runs an example as ESM, as CommonJS and in Deno', () => {
    writeFileSync(
      join(scratch, 'esm.mjs'),
      `import { summarizeTransactions } from 'customer-value';\nimport { readCsvBatches } from 'customer-value/node';\nimport { valuePyramidSvg } from 'customer-value/charts';\n${example}`,
    );
    writeFileSync(
      join(scratch, 'cjs.cjs'),
      `const { summarizeTransactions } = require('customer-value');\nconst { readCsvBatches } = require('customer-value/node');\nconst { valuePyramidSvg } = require('customer-value/charts');\n${example}`,
    );
    expect(run(process.execPath, ['esm.mjs'], scratch)).toBe(expected);
    expect(run(process.execPath, ['cjs.cjs'], scratch)).toBe(expected);
    const deno = join(ROOT, 'node_modules/.bin/deno');
    expect(run(deno, ['run', '--allow-read', '--allow-env', 'esm.mjs'], scratch)).toBe(expected);
  });

  it('runs the customer-value command: its help lists the commands, --version is the package version', () => {
    const bin = join(scratch, 'node_modules/.bin/customer-value');
    expect(run(bin, ['--help'], scratch)).toMatch(/\n {2}report +\S/);
    expect(run(bin, ['report', '--help'], scratch)).toContain('customer-value report --input');
    const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
    expect(run(bin, ['--version'], scratch)).toBe(version);
  });
  it('loads customer-value/clv, /pls and /warehouse as ESM and as CommonJS', () => {
    const names = "[typeof clv.fitBetaGeo, typeof pls.fitPlsPathModel, typeof warehouse.fitInWarehouse].join(' ')";
    const esm = `import * as clv from 'customer-value/clv';\nimport * as pls from 'customer-value/pls';\nimport * as warehouse from 'customer-value/warehouse';\nconsole.log(${names});`;
    const cjs = `const clv = require('customer-value/clv');\nconst pls = require('customer-value/pls');\nconst warehouse = require('customer-value/warehouse');\nconsole.log(${names});`;
    expect(run(process.execPath, ['--input-type=module', '-e', esm], scratch)).toBe('function function function');
    expect(run(process.execPath, ['-e', cjs], scratch)).toBe('function function function');
  });

  it('loads customer-value/duckdb and customer-value/postgres without their optional peers, and says what to install when called', () => {
    // the scratch project has neither @duckdb/node-api nor pg (optional peer dependencies)
    const probe = (entry: string, call: string) =>
      `import('customer-value/${entry}').then((m) => ${call}).then(() => console.log('no error'), (e) => console.log(JSON.stringify([e.name, e.code, e.issues[0].hint])));`;
    expect(run(process.execPath, ['-e', probe('duckdb', 'm.duckdbEngine()')], scratch)).toBe(
      '["CustomerValueError","engine_failed","npm install @duckdb/node-api"]',
    );
    expect(run(process.execPath, ['-e', probe('postgres', "m.postgresEngine({ connectionString: 'postgresql://localhost/x' })")], scratch)).toBe(
      '["CustomerValueError","engine_failed","npm install pg"]',
    );
    const cjs = `try { require('customer-value/duckdb').duckdbEngine().catch((e) => console.log(e.code, e.issues[0].hint)); } catch (e) { console.log('threw at require', e.message); }`;
    expect(run(process.execPath, ['-e', cjs], scratch)).toBe('engine_failed npm install @duckdb/node-api');
  });
});

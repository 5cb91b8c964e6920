// The built package works for every consumer the README promises: Node ESM, Node CJS and Deno,
// and the root entry stays free of Node-only API (file IO lives in `customer-value/node`).
// `npm test` builds first (pretest), so dist/ matches src/.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const dist = (file: string) => join(ROOT, 'dist', file);
const run = (command: string, args: string[]) => execFileSync(command, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 }).trim();

const probe = `const s = summarizeTransactions({ c: [1, 1, 2], d: [20200101, 20200105, 20200103], a: [1, 2, 3] },
  { customer: 'c', date: 'd', amount: 'a', observationEnd: '2020-01-31', timeUnit: 'day' });
console.log(JSON.stringify(Array.from(s.frequency)));`;

describe('built entries', () => {
  it('has ESM, CJS and both kinds of type declarations for each entry', () => {
    for (const file of ['index', 'clv', 'pls', 'warehouse', 'node', 'charts', 'arrow', 'report', 'duckdb', 'postgres'].flatMap((entry) =>
      ['.js', '.cjs', '.d.ts', '.d.cts'].map((ext) => `${entry}${ext}`),
    )) {
      expect(existsSync(dist(file)), file).toBe(true);
    }
  });

  it('keeps Node-only modules out of the runtime-neutral entries (root, clv, pls, warehouse, charts, report), chunks they load included', () => {
    for (const entry of ['index', 'clv', 'pls', 'warehouse', 'charts', 'report'].flatMap((name) => [`${name}.js`, `${name}.cjs`])) {
      // follow the entry's relative imports (shared chunks) and check every file it loads
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        const code = readFileSync(dist(file), 'utf8');
        expect(code, file).not.toMatch(/from ["']node:|require\(["']node:|from ["'](fs|path|stream|child_process|worker_threads)["']/);
        expect(code, file).not.toMatch(/\bprocess\.|\bBuffer\b/);
        for (const [, next] of code.matchAll(/(?:from |require\()["']\.\/([\w.-]+)["']/g)) visit(next);
      };
      visit(entry);
      // each entry loads shared chunks: the walk must have reached them, or it checked nothing
      expect(seen.size, `${entry} and the chunks it loads`).toBeGreaterThan(1);
    }
  });

  it('keeps the engine clients out of every entry but their own, and imports them there only when called (optional peers)', () => {
    const clients = /["'](@duckdb\/node-api|pg)["']/;
    for (const entry of ['index', 'clv', 'pls', 'warehouse', 'node', 'charts', 'arrow', 'report'].flatMap((name) => [`${name}.js`, `${name}.cjs`])) {
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        const code = readFileSync(dist(file), 'utf8');
        expect(code, file).not.toMatch(clients);
        for (const [, next] of code.matchAll(/(?:from |require\()["']\.\/([\w.-]+)["']/g)) visit(next);
      };
      visit(entry);
    }
    for (const [entry, client] of [
      ['duckdb', '@duckdb/node-api'],
      ['postgres', 'pg'],
    ]) {
      for (const file of [`${entry}.js`, `${entry}.cjs`]) {
        const code = readFileSync(dist(file), 'utf8');
        // a dynamic import inside the function, never a static import or require at module top
        expect(code, file).toContain(`import('${client}')`);
        expect(code, file).not.toMatch(new RegExp(`from ["']${client}["']|require\\(["']${client}["']\\)`));
      }
    }
  });

  it('loads the duckdb and postgres entries under ESM and CommonJS', () => {
    const probe = 'console.log(typeof duckdbEngine, typeof postgresEngine)';
    expect(
      run(process.execPath, [
        '--input-type=module',
        '-e',
        `import { duckdbEngine } from 'customer-value/duckdb';\nimport { postgresEngine } from 'customer-value/postgres';\n${probe}`,
      ]),
    ).toBe('function function');
    expect(
      run(process.execPath, [
        '-e',
        `const { duckdbEngine } = require('customer-value/duckdb');\nconst { postgresEngine } = require('customer-value/postgres');\n${probe}`,
      ]),
    ).toBe('function function');
    // the CommonJS build runs DuckDB too (its dynamic import of the ES client)
    expect(
      run(process.execPath, [
        '-e',
        "require('customer-value/duckdb').duckdbEngine().then(async (e) => { console.log(JSON.stringify(await e.query('SELECT 42 AS n'))); e.close(); })",
      ]),
    ).toBe('[{"n":42}]');
  });

  it('keeps chart and report code out of the root entry: no module it loads comes from src/charts/ or src/report/', () => {
    // the source modules behind an entry: its file and every chunk it imports, through their
    // source maps (tsup writes one per file), so the check names modules, not function names
    const sourcesOf = (entry: string) => {
      const seen = new Set<string>();
      const sources = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const source of JSON.parse(readFileSync(dist(`${file}.map`), 'utf8')).sources as string[]) sources.add(source.replace(/^(\.\.\/)+/, ''));
        for (const [, next] of readFileSync(dist(file), 'utf8').matchAll(/(?:from |require\()["']\.\/([\w.-]+)["']/g)) visit(next);
      };
      visit(entry);
      return [...sources];
    };
    const rendering = (source: string) => /^src\/(charts|report)\//.test(source);
    for (const entry of ['index.js', 'index.cjs']) {
      const sources = sourcesOf(entry);
      expect(sources.length, `${entry}: the walk reached its modules`).toBeGreaterThan(50);
      expect(sources.filter(rendering), entry).toEqual([]);
    }
    // the walk sees chart modules where they are: behind the report entry
    for (const entry of ['report.js', 'report.cjs']) {
      expect(sourcesOf(entry).filter(rendering)).toEqual(expect.arrayContaining(['src/charts/valuePyramidSvg.ts', 'src/report/renderReportMarkdown.ts']));
    }
  });

  it('loads the clv, pls and warehouse entries under ESM and CommonJS, and the root no longer exports what moved there (issue 21)', () => {
    const probe =
      'console.log(typeof clv.fitBetaGeo, typeof pls.fitPlsPathModel, typeof warehouse.fitInWarehouse, typeof root.fitBetaGeo, typeof root.fitPlsPathModel, typeof root.fitInWarehouse, typeof root.itemMoments)';
    const expected = 'function function function undefined undefined undefined function';
    expect(
      run(process.execPath, [
        '--input-type=module',
        '-e',
        `import * as root from 'customer-value';\nimport * as clv from 'customer-value/clv';\nimport * as pls from 'customer-value/pls';\nimport * as warehouse from 'customer-value/warehouse';\n${probe}`,
      ]),
    ).toBe(expected);
    expect(
      run(process.execPath, [
        '-e',
        `const root = require('customer-value');\nconst clv = require('customer-value/clv');\nconst pls = require('customer-value/pls');\nconst warehouse = require('customer-value/warehouse');\n${probe}`,
      ]),
    ).toBe(expected);
  });

  it('loads the report entry under ESM and CommonJS', () => {
    const probeReport = 'console.log(typeof customerValueReport, typeof analyzeCustomerValue, typeof renderReportMarkdown, typeof renderReportCharts)';
    expect(
      run(process.execPath, [
        '--input-type=module',
        '-e',
        `import { customerValueReport, analyzeCustomerValue, renderReportMarkdown, renderReportCharts } from 'customer-value/report';\n${probeReport}`,
      ]),
    ).toBe('function function function function');
    expect(
      run(process.execPath, [
        '-e',
        `const { customerValueReport, analyzeCustomerValue, renderReportMarkdown, renderReportCharts } = require('customer-value/report');\n${probeReport}`,
      ]),
    ).toBe('function function function function');
  });

  it('gives one copy of the library behind every entry: errors from customer-value/node are CustomerValueErrors of the root', () => {
    const probe = (kind: 'esm' | 'cjs') =>
      kind === 'esm'
        ? `import { CustomerValueError } from 'customer-value';\nimport { shareColumns } from 'customer-value/node';\ntry { shareColumns({ a: [1, 'x'] }); } catch (e) { console.log(e instanceof CustomerValueError); }`
        : `const { CustomerValueError } = require('customer-value');\nconst { shareColumns } = require('customer-value/node');\ntry { shareColumns({ a: [1, 'x'] }); } catch (e) { console.log(e instanceof CustomerValueError); }`;
    expect(run(process.execPath, ['--input-type=module', '-e', probe('esm')])).toBe('true');
    expect(run(process.execPath, ['-e', probe('cjs')])).toBe('true');
  });

  it('imports under Node as ESM by package name', () => {
    expect(run(process.execPath, ['--input-type=module', '-e', `import { summarizeTransactions } from 'customer-value';\n${probe}`])).toBe('[1,0]');
  });

  it('requires under Node as CommonJS by package name', () => {
    expect(run(process.execPath, ['-e', `const { summarizeTransactions } = require('customer-value');\n${probe}`])).toBe('[1,0]');
  });

  it('loads the charts entry under ESM and CommonJS', () => {
    const probeCharts = "console.log(escapeXml('<a&b>'))";
    expect(run(process.execPath, ['--input-type=module', '-e', `import { escapeXml } from 'customer-value/charts';\n${probeCharts}`])).toBe('&lt;a&amp;b&gt;');
    expect(run(process.execPath, ['-e', `const { escapeXml } = require('customer-value/charts');\n${probeCharts}`])).toBe('&lt;a&amp;b&gt;');
  });

  it('runs the customer-value command from the bin entry', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin['customer-value']).toBe('./dist/cli.js');
    expect(readFileSync(dist('cli.js'), 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    expect(run(process.execPath, [dist('cli.js'), '--help'])).toContain('Exit codes: 0 all rows scored');
  });

  it('imports in Deno', () => {
    const deno = join(ROOT, 'node_modules/.bin/deno');
    expect(run(deno, ['eval', `import { summarizeTransactions } from './dist/index.js';\n${probe}`])).toBe('[1,0]');
  });
});

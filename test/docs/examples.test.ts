// Every public export carries a JSDoc @example, and every example runs: each line of the form
// `expression; // => expected` is asserted with toEqual. This keeps the documentation honest.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as root from '../../src/index.js';
import * as clv from '../../src/clv.js';
import * as pls from '../../src/pls.js';
import * as warehouse from '../../src/warehouse.js';
import * as node from '../../src/node/index.js';
import * as charts from '../../src/charts/index.js';
import * as arrow from '../../src/arrow/index.js';
import * as report from '../../src/report/index.js';
import * as duckdb from '../../src/duckdb.js';
import * as postgres from '../../src/postgres.js';

const SRC = join(__dirname, '../../src');
const library: Record<string, unknown> = { ...root, ...clv, ...pls, ...warehouse, ...node, ...charts, ...arrow, ...report, ...duckdb, ...postgres };

interface Example {
  readonly name: string;
  readonly file: string;
  readonly code: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function examplesIn(file: string): Example[] {
  const text = readFileSync(file, 'utf8');
  const found: Example[] = [];
  const pattern = /\/\*\*([\s\S]*?)\*\/\s*export (?:async )?(?:function\*?|class|const) (\w+)/g;
  for (const match of text.matchAll(pattern)) {
    const lines = match[1].split('\n').map((line) => line.replace(/^\s*\* ?/, ''));
    const start = lines.findIndex((line) => line.startsWith('@example'));
    if (start < 0) continue;
    const body: string[] = [];
    for (const line of lines.slice(start + 1)) {
      if (line.startsWith('@')) break;
      body.push(line);
    }
    found.push({ name: match[2], file: relative(SRC, file), code: body.join('\n') });
  }
  return found;
}

const examples = sourceFiles(SRC).flatMap(examplesIn);
const exported = Object.keys(library).sort();

function toRunnable(code: string): string {
  return code
    .split('\n')
    .map((line) => {
      // `import { a, b } from 'mod';` → a dynamic import, so examples can use Node modules
      const imported = /^import \{([^}]+)\} from '([^']+)';$/.exec(line.trim());
      if (imported) return `const {${imported[1]}} = __modules[${JSON.stringify(imported[2])}];`;
      const m = /^(.*?);\s*\/\/ => (.*)$/.exec(line);
      return m ? `__check(${m[1]}, ${m[2]}, ${JSON.stringify(m[1].trim())});` : line;
    })
    .join('\n');
}

describe('JSDoc examples', () => {
  it('every public export has a runnable @example', () => {
    const documented = new Set(examples.map((e) => e.name));
    expect(exported.filter((name) => !documented.has(name))).toEqual([]);
  });

  for (const example of examples.filter((e) => exported.includes(e.name))) {
    it(`${example.name} (${example.file}) example runs and its outputs hold`, async () => {
      const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
      let checks = 0;
      const check = (actual: unknown, expected: unknown, source: string) => {
        checks++;
        expect(actual, source).toEqual(expected);
      };
      const names = Object.keys(library);
      const modules = {
        'node:stream': await import('node:stream'),
        'node:fs': await import('node:fs'),
        'node:os': await import('node:os'),
        'node:path': await import('node:path'),
      };
      const run = new AsyncFunction(...names, '__check', '__modules', toRunnable(example.code));
      await run(...names.map((n) => library[n]), check, modules);
      expect(checks, 'an example should assert at least one output').toBeGreaterThan(0);
    });
  }
});

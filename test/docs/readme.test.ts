import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// The README keeps its promises: the two set-up commands, every image it shows exists, and every
// ```js block runs as written against the built package (dist/), its `// =>` outputs asserted.
const ROOT = join(__dirname, '../..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('gives the two set-up commands', () => {
    expect(readme).toContain('npm install && npm run demo');
    expect(readme).toMatch(/^npm test\b/m);
  });

  it('shows only images that exist, one per domain at least', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    // the registry page resolves nothing relative: images point into the package's repository
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.repository.url).toBe('git+https://github.com/customer-value/customer-value.git');
    expect(images.length).toBeGreaterThanOrEqual(5);
    for (const image of images) {
      // absolute links (the registry page cannot resolve relative ones) to this repository's files
      const local = image.replace(/^https:\/\/raw\.githubusercontent\.com\/customer-value\/customer-value\/HEAD\//, '');
      expect(image, 'link images absolutely (the npm page cannot resolve a relative link)').toMatch(/^https:\/\//);
      expect(existsSync(join(ROOT, local)), image).toBe(true);
    }
  });
});

/** The ```js blocks of a Markdown text, with the line each starts on. */
function jsBlocks(markdown: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```js') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trim() !== '```') end++;
    blocks.push({ line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

// `expression; // => expected` becomes an assertion. Numbers are compared at the digits shown
// (the README prints rounded figures), an object checks the fields it lists, an array every
// element. Any other comment that looks like an output (`// {`, `// [`, `// 12`) is refused, so
// no printed figure goes unchecked.
const OUTPUT = /^(\s*)(.*?);\s*\/\/ => (.*)$/;
const UNCHECKED = /;\s*\/\/\s*[[{\d'"-]/;

function toRunnable(code: string): { source: string; checks: number } {
  let checks = 0;
  const body = code.split('\n').map((line) => {
    const m = OUTPUT.exec(line);
    if (!m) return line;
    checks++;
    return `${m[1]}__check(${m[2]}, ${m[3]}, ${JSON.stringify(m[2].trim())});`;
  });
  const prelude = `const __done = [];
function __matches(actual, expected) {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return false;
    const digits = (String(expected).split('.')[1] ?? '').length;
    return Math.abs(actual - expected) <= 0.5 * 10 ** -digits + 1e-12 * Math.abs(expected);
  }
  if (Array.isArray(expected)) {
    if (!(Array.isArray(actual) || ArrayBuffer.isView(actual)) || actual.length !== expected.length) return false;
    return expected.every((e, i) => __matches(actual[i], e));
  }
  if (expected !== null && typeof expected === 'object') {
    return actual !== null && typeof actual === 'object' && Object.keys(expected).every((k) => __matches(actual[k], expected[k]));
  }
  return Object.is(actual, expected);
}
function __show(v) {
  return JSON.stringify(v, (_, x) => (ArrayBuffer.isView(x) ? Array.from(x) : x));
}
function __check(actual, expected, source) {
  if (!__matches(actual, expected)) throw new Error(source + ': expected ' + __show(expected) + ', got ' + __show(actual));
  __done.push(source);
}
`;
  return { source: `${prelude}${body.join('\n')}\nconsole.log('README-CHECKS ' + __done.length);\n`, checks };
}

const blocks = jsBlocks(readme);
// Block files live inside the package so `customer-value` resolves to this package's dist/
// (self-reference through "exports"); they run in a scratch directory holding `examples/`, so
// the files a block writes land there.
const blockDir = join(ROOT, 'out', 'readme-blocks');
const work = mkdtempSync(join(tmpdir(), 'cv-readme-'));
symlinkSync(join(ROOT, 'examples'), join(work, 'examples'));
mkdirSync(blockDir, { recursive: true });
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('README js blocks run as written', () => {
  it('has js blocks, each with its own imports and no unchecked output comment', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    for (const block of blocks) {
      expect(block.code, `block at README line ${block.line} imports what it uses`).toMatch(/^import .* from 'customer-value(\/\w+)?';$/m);
      const unchecked = block.code.split('\n').filter((line) => !OUTPUT.test(line) && UNCHECKED.test(line));
      expect(unchecked, `block at README line ${block.line}: write outputs as \`// => value\``).toEqual([]);
    }
  });

  for (const block of blocks) {
    it(`block at README line ${block.line} runs and its outputs hold`, async () => {
      const { source, checks } = toRunnable(block.code);
      const file = join(blockDir, `line-${block.line}.mjs`);
      writeFileSync(file, source);
      const { stdout } = await promisify(execFile)(process.execPath, [file], { cwd: work, maxBuffer: 64 << 20 }).catch(
        (error: { stderr?: string; message: string }) => {
          throw new Error(`README block at line ${block.line} failed:\n${error.stderr ?? error.message}`);
        },
      );
      expect(Number(/^README-CHECKS (\d+)$/m.exec(stdout)?.[1]), 'every // => line was reached').toBe(checks);
      expect(checks, 'a block should show at least one output').toBeGreaterThan(0);
    });
  }
});

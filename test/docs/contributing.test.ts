import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_KIND_NAMES } from '../../src/model/kinds.js';

// CONTRIBUTING.md keeps its promises: every command in its ```sh blocks names an npm script that
// package.json has, a tool one of the declared dependencies installs, or a file of this
// repository; every path it passes exists. The commands are read from the file, so a new block is
// checked without editing this test.
const ROOT = join(__dirname, '../..');
const text = readFileSync(join(ROOT, 'CONTRIBUTING.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  scripts: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

/** npm's own commands the guide may use (anything else after `npm` must be a script). */
const NPM_COMMANDS = new Set(['install', 'ci']);
/** git subcommands that read or stage; the guide never tells anyone to rewrite history. */
const GIT_COMMANDS = new Set(['grep', 'diff', 'add', 'log', 'status']);
/** Interpreters whose first argument is a file of the repository. */
const RUNS_A_FILE = new Set(['node', 'bash', 'python3', 'Rscript']);

/** The bin names of the declared dependencies (what `npx` runs without fetching anything). */
function declaredTools(): Set<string> {
  const tools = new Set<string>();
  for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
    const manifest = join(ROOT, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) continue;
    const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> };
    if (typeof bin === 'string') tools.add(name.replace(/^@[^/]+\//, ''));
    else for (const tool of Object.keys(bin ?? {})) tools.add(tool);
  }
  return tools;
}

/** Shell words of one command line: quotes removed, a `#` comment dropped. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(#.*$)|(\S+)/g)) {
    if (m[3] !== undefined) break;
    out.push(m[1] ?? m[2] ?? m[4]);
  }
  return out;
}

/** The commands of every ```sh block (indented ones in lists too), with the line each is on. */
function shCommands(markdown: string): { line: number; words: string[] }[] {
  const commands: { line: number; words: string[] }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```sh') continue;
    for (i++; i < lines.length && lines[i].trim() !== '```'; i++) {
      let line = lines[i];
      const at = i + 1;
      while (line.trimEnd().endsWith('\\') && i + 1 < lines.length) line = `${line.trimEnd().slice(0, -1)} ${lines[++i]}`;
      // one command per segment of a list (&&, ||, ;, |)
      for (const segment of line.split(/&&|\|\||;|\|/)) {
        const w = words(segment);
        if (w.length > 0) commands.push({ line: at, words: w });
      }
    }
  }
  return commands;
}

/** What is wrong with one command, or undefined. */
function problem(command: string[], tools: Set<string>): string | undefined {
  let [program, ...args] = command;
  if (program === 'npx' && /^npm@\d+$/.test(args[0] ?? '')) [program, ...args] = ['npm', ...args.slice(1)];
  if (program === 'npm') {
    const [sub, script] = args;
    if (sub === 'run') return script in pkg.scripts ? undefined : `npm run ${script}: no such script in package.json`;
    if (sub === 'test') return 'test' in pkg.scripts ? undefined : 'npm test: no test script in package.json';
    return NPM_COMMANDS.has(sub) ? undefined : `npm ${sub}: neither a script nor one of npm's ${[...NPM_COMMANDS].join(', ')}`;
  }
  if (program === 'npx') return tools.has(args[0]) ? undefined : `npx ${args[0]}: no declared dependency installs it`;
  if (program === 'git') return GIT_COMMANDS.has(args[0]) ? undefined : `git ${args[0]}: not one of ${[...GIT_COMMANDS].join(', ')}`;
  if (RUNS_A_FILE.has(program)) return existsSync(join(ROOT, args[0] ?? '')) && args[0] !== undefined ? undefined : `${program} ${args[0]}: no such file`;
  if (program.includes('/')) return existsSync(join(ROOT, program)) ? undefined : `${program}: no such file`;
  return `${program}: not an npm script, a declared tool or a file of the repository`;
}

/** Paths named as arguments (a slash, or a file extension) that do not exist. */
function missingPaths(command: string[]): string[] {
  return command
    .slice(1)
    .filter((w) => !w.startsWith('-') && !/^npm@/.test(w) && !/^https?:/.test(w))
    .filter((w) => w.includes('/') || /\.(json|ts|mjs|cjs|js|py|R|sh|md|ipynb)$/.test(w))
    .filter((w) => !existsSync(join(ROOT, w)));
}

describe('CONTRIBUTING.md', () => {
  const commands = shCommands(text);
  const tools = declaredTools();

  it('shows the README set-up commands, the tests, CI, benchmarks and notebooks in sh blocks', () => {
    const shown = commands.map((c) => c.words.join(' '));
    for (const expected of ['npm install', 'npm run demo', 'npm test', 'bash .ci/run', 'npm run bench', 'npm run notebooks']) expect(shown).toContain(expected);
    expect(shown.some((c) => c.startsWith('npx vitest run test/'))).toBe(true);
  });

  it('names in every sh command an npm script that exists, a declared tool or a file of the repository', () => {
    const wrong = commands.map((c) => [c.line, problem(c.words, tools)] as const).filter(([, p]) => p !== undefined);
    expect(wrong.map(([line, p]) => `line ${line}: ${p}`)).toEqual([]);
  });

  it('passes only paths that exist', () => {
    const wrong = commands.flatMap((c) => missingPaths(c.words).map((path) => `line ${c.line}: ${path}`));
    expect(wrong).toEqual([]);
  });

  it('names every npm script it mentions in the text as one that exists (`npm run x`, `bench:x`)', () => {
    const mentioned = [...text.matchAll(/`npm run ([\w:-]+)`|`(bench:[\w-]+)`/g)].map((m) => m[1] ?? m[2]);
    expect(mentioned.length).toBeGreaterThan(5);
    expect(mentioned.filter((s) => !(s in pkg.scripts))).toEqual([]);
  });
});

// The model-kind checklist (what the registry, src/model/kinds.ts, leaves to do by hand): every
// file that names most model kinds (found by reading src/ and test/, the kinds from the registry)
// must be on it, and every identifier a bullet names must occur in a file that bullet names.
describe('CONTRIBUTING.md: adding a model kind', () => {
  const section = text.slice(text.indexOf('## Adding a model kind'), text.indexOf('\n## ', text.indexOf('## Adding a model kind') + 1));
  const kinds: string[] = [...MODEL_KIND_NAMES];
  const sources = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sources(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : [],
    );

  it('names every backticked path of the guide as a file or folder that exists', () => {
    const paths = [...text.matchAll(/`((?:src|test|benchmarks|examples|\.ci)\/[^`<>\s]*)`/g)].map((m) => m[1]);
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });

  it('lists every file that names most model kinds', () => {
    expect(kinds.length).toBeGreaterThanOrEqual(7);
    const namesMostKinds = [...sources('src'), ...sources('test')].filter((file) => {
      const code = readFileSync(join(ROOT, file), 'utf8');
      return kinds.filter((k) => new RegExp(`['"]${k}['"]|^\\s*${k}\\s*[:(]`, 'm').test(code)).length >= 4;
    });
    expect(namesMostKinds.length).toBeGreaterThanOrEqual(8);
    expect(namesMostKinds.filter((file) => !section.includes(`\`${file}\``))).toEqual([]);
  });

  it('names in each bullet identifiers that occur in the files the bullet names', () => {
    const bullets = section.split(/\n- /).slice(1);
    expect(bullets.length).toBeGreaterThanOrEqual(5);
    const wrong = bullets.flatMap((bullet) => {
      const files = [...bullet.matchAll(/`((?:src|test)\/[^`<>\s]+\.ts)`/g)].map((m) => readFileSync(join(ROOT, m[1]), 'utf8'));
      const identifiers = [...bullet.matchAll(/`([A-Za-z_]\w{4,})`/g)]
        .map((m) => m[1])
        .filter((id) => !kinds.includes(id) && id !== 'switch' && !/^X|X$/.test(id)); // XModel, scoreX: placeholders
      return identifiers.filter((id) => !files.some((code) => new RegExp(`\\b${id}\\b`).test(code))).map((id) => `${bullet.slice(0, 30)}…: ${id}`);
    });
    expect(wrong).toEqual([]);
  });
});

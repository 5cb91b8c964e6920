import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Supply chain: no install-time scripts in this package or any runtime dependency, the
// dependency count the README states is the lockfile's, and the runtime dependencies are exactly
// what the built package (dist/, built by `npm test`'s pretest) imports: a consumer installs
// nothing it does not run (benchmark peers and test oracles are devDependencies).
const ROOT = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dev?: boolean; optional?: boolean; peer?: boolean; hasInstallScript?: boolean }>;
};
const runtime = Object.entries(lock.packages).filter(([path, p]) => path !== '' && !p.dev && !p.optional && !p.peer);

describe('supply chain', () => {
  it('runs nothing at install time: no preinstall/install/postinstall/prepare here, none in runtime dependencies', () => {
    // `prepare` runs on a git or directory install and on `npm install` in a clone (a tsup build
    // needing the devDependencies); `prepack` builds dist/ for `npm pack` and `npm publish` only
    expect(Object.keys(pkg.scripts).filter((s) => ['preinstall', 'install', 'postinstall', 'prepare'].includes(s))).toEqual([]);
    expect(pkg.scripts.prepack).toBe('tsup');
    expect(runtime.filter(([, p]) => p.hasInstallScript).map(([path]) => path)).toEqual([]);
  });

  it('reviews every dependency install script in allowScripts (npm 11 skips unreviewed ones with a warning)', () => {
    // deno and esbuild only swap their bin shim for the native binary; the shim works without it
    const withScripts = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts.filter((name) => !(name in (pkg.allowScripts ?? {}))).sort()).toEqual([]);
  });

  it('takes runtime dependencies as caret ranges and pins devDependencies exactly', () => {
    // a consumer's npm can dedupe zod with their own copy within the major version;
    // our own builds and tests stay reproducible (exact dev tools, and the lockfile for both)
    const notCaret = Object.entries(pkg.dependencies as Record<string, string>).filter(([, spec]) => !/^\^\d+\.\d+\.\d+$/.test(spec));
    expect(notCaret.map(([name, spec]) => `${name}@${spec}`)).toEqual([]);
    const notExact = Object.entries(pkg.devDependencies as Record<string, string>).filter(([, spec]) => !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec));
    expect(notExact.map(([name, spec]) => `${name}@${spec}`)).toEqual([]);
  });

  it('states the real dependency count in the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const direct = Object.keys(pkg.dependencies).length;
    const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    expect(readme).toContain(
      `${plural(direct, 'direct runtime dependency', 'direct runtime dependencies')} (${plural(runtime.length, 'package', 'packages')} in all, transitive included`,
    );
  });

  it('declares as runtime dependencies exactly the packages dist/ imports', () => {
    const dist = join(ROOT, 'dist');
    const imported = new Set<string>();
    for (const file of readdirSync(dist).filter((f) => /\.(c?js)$/.test(f))) {
      const code = readFileSync(join(dist, file), 'utf8');
      // static imports and requires at the start of a line, dynamic import() and require() calls
      for (const m of code.matchAll(/(?:^import\s[^;'"]*?from\s*|^import\s*|\bimport\(\s*|\brequire\(\s*)["']([^"']+)["']/gm)) {
        const specifier = m[1];
        if (!/^(@[\w.~-]+\/)?[\w.~-]+(\/[\w./~-]*)?$/.test(specifier) || specifier.startsWith('.')) continue;
        if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
        imported.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
      }
    }
    const declared = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
    expect([...imported].filter((name) => !declared.includes(name)).sort(), 'imported by dist/ but not declared').toEqual([]);
    expect(
      Object.keys(pkg.dependencies ?? {})
        .filter((name) => !imported.has(name))
        .sort(),
      'runtime dependencies dist/ never imports',
    ).toEqual([]);
  });
});

// The committed lockfile is complete for every platform, so `npm ci` works on a fresh clone on
// Linux, macOS and Windows, x64 and arm64 (npm drops the binaries of platforms it has not seen
// when a lockfile is written from a node_modules installed elsewhere: npm/cli#4828). Checked with
// `npm ci --os=darwin --cpu=arm64` and `--os=win32 --cpu=x64` on a clean clone; .ci/run runs
// `npm ci` itself.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface LockEntry {
  readonly version?: string;
  readonly os?: readonly string[];
  readonly cpu?: readonly string[];
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly engines?: Readonly<Record<string, string>> | readonly string[];
  readonly libc?: readonly string[];
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}
const ROOT = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { lockfileVersion: number; packages: Record<string, LockEntry> };
const entries = lock.packages;
// semver is npm's own range logic (a dependency of the dev tools, hoisted in node_modules)
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string };
};
const PLATFORMS = ['linux', 'darwin', 'win32'].flatMap((os) => ['x64', 'arm64'].map((cpu) => ({ os, cpu })));

/** The lock entry npm resolves `name` to from the package at `from` (node_modules lookup). */
function resolve(from: string, name: string): [string, LockEntry] | undefined {
  for (let dir = from; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
    const path = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (entries[path]) return [path, entries[path]];
    if (dir === '') return undefined;
  }
}

// Packages that ship native binaries as per-platform optional dependencies (esbuild, rollup,
// rolldown, lightningcss, deno, duckdb, …), found from the lockfile itself.
const withBinaries = Object.entries(entries).filter(([path, entry]) => {
  const optional = Object.keys(entry.optionalDependencies ?? {});
  return optional.filter((name) => resolve(path, name)?.[1].os !== undefined).length >= 2;
});

describe('package-lock.json', () => {
  it('is in step with package.json', () => {
    expect(lock.lockfileVersion).toBe(3);
    const root = entries[''];
    expect(root.dependencies ?? {}).toEqual(pkg.dependencies ?? {});
    expect(root.devDependencies ?? {}).toEqual(pkg.devDependencies ?? {});
  });

  it('lists every optional dependency of every package (other platforms included)', () => {
    const missing = Object.entries(entries).flatMap(([path, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((name) => !resolve(path, name))
        .map((name) => `${path || '(root)'} → ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it('has the binaries for linux, darwin and win32 on x64 and arm64 for each package that ships them', () => {
    expect(withBinaries.map(([path]) => path)).toEqual(
      expect.arrayContaining(['node_modules/esbuild', 'node_modules/rollup', 'node_modules/deno', 'node_modules/@duckdb/node-bindings']),
    );
    const gaps = withBinaries.flatMap(([path, entry]) => {
      const binaries = Object.keys(entry.optionalDependencies ?? {})
        .map((name) => resolve(path, name)?.[1])
        .filter((e): e is LockEntry => e?.os !== undefined);
      return PLATFORMS.filter(({ os, cpu }) => !binaries.some((b) => b.os?.includes(os) && (b.cpu === undefined || b.cpu.includes(cpu)))).map(
        ({ os, cpu }) => `${path}: no ${os}-${cpu}`,
      );
    });
    expect(gaps).toEqual([]);
  });

  it('holds no package whose engines exclude the oldest Node the package supports (no EBADENGINE warning on install)', () => {
    const oldest = semver.minVersion(pkg.engines.node).version;
    expect(oldest).toBe('20.19.0');
    const excluded = Object.entries(entries)
      .filter(([, entry]) => !Array.isArray(entry.engines) && typeof (entry.engines as Record<string, string> | undefined)?.node === 'string')
      .filter(([, entry]) => !semver.satisfies(oldest, (entry.engines as Record<string, string>).node))
      .map(([path, entry]) => `${path}@${entry.version} needs node ${(entry.engines as Record<string, string>).node}`);
    expect(excluded).toEqual([]);
  });

  it('is written in the form npm 10 (bundled with Node 20) and npm 11 both leave unchanged on npm install', () => {
    // npm 11 records `libc` on the glibc/musl binaries; npm 10's `npm install` deletes those fields
    // again (87 lines of diff in a fresh clone), while npm 11 keeps a lockfile without them as it is
    expect(
      Object.entries(entries)
        .filter(([, entry]) => entry.libc !== undefined)
        .map(([path]) => path),
    ).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Supply chain: no install-time scripts in this package or any runtime dependency, and the
// dependency count the README states is the lockfile's.
const ROOT = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; optional?: boolean; peer?: boolean; hasInstallScript?: boolean }> };
const runtime = Object.entries(lock.packages).filter(([path, p]) => path !== '' && !p.dev && !p.optional && !p.peer);

describe('supply chain', () => {
  it('runs nothing at install time: no preinstall/install/postinstall here, none in runtime dependencies', () => {
    expect(Object.keys(pkg.scripts).filter((s) => ['preinstall', 'install', 'postinstall'].includes(s))).toEqual([]);
    expect(runtime.filter(([, p]) => p.hasInstallScript).map(([path]) => path)).toEqual([]);
  });

  it('states the real dependency count in the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const direct = Object.keys(pkg.dependencies).length;
    expect(readme).toContain(`${direct} direct runtime dependencies (${runtime.length} packages in all, transitive included)`);
  });
});

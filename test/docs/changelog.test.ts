import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// CHANGELOG.md keeps the Keep a Changelog 1.1.0 form (keepachangelog.com): an Unreleased section
// on top, then released versions newest first, each grouped under the six change types only; and
// it ships in the package (package.json `files`).
const ROOT = join(__dirname, '../..');
const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; files: string[] };
const TYPES = ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'];
const versions = [...changelog.matchAll(/^## \[([^\]]+)\](.*)$/gm)].map((m) => ({ name: m[1], rest: m[2] }));

describe('CHANGELOG.md', () => {
  it('opens with the title and an Unreleased section before any version', () => {
    expect(changelog.startsWith('# Changelog\n')).toBe(true);
    expect(versions[0]?.name).toBe('Unreleased');
  });

  it('dates each released version (YYYY-MM-DD), newest first, none newer than package.json', () => {
    const released = versions.slice(1);
    for (const v of released) {
      expect(v.name, 'a version').toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
      expect(v.rest, `${v.name}: " - YYYY-MM-DD"`).toMatch(/^ - \d{4}-\d{2}-\d{2}$/);
    }
    const numbers = released.map((v) => v.name.split(/[.-]/).slice(0, 3).map(Number));
    const newerFirst = numbers.every(
      (n, i) => i === 0 || n[0] * 1e6 + n[1] * 1e3 + n[2] <= numbers[i - 1][0] * 1e6 + numbers[i - 1][1] * 1e3 + numbers[i - 1][2],
    );
    expect(newerFirst).toBe(true);
    if (released.length > 0) expect(released[0].name).toBe(pkg.version);
  });

  it('groups changes under the six Keep a Changelog types only, each at most once per version', () => {
    for (const section of changelog.split(/^## /m).slice(1)) {
      const groups = [...section.matchAll(/^### (.*)$/gm)].map((m) => m[1]);
      expect(groups.length, section.split('\n')[0]).toBeGreaterThan(0);
      expect(
        groups.filter((g) => !TYPES.includes(g)),
        section.split('\n')[0],
      ).toEqual([]);
      expect(new Set(groups).size).toBe(groups.length);
    }
  });

  it('has a link for every version heading', () => {
    for (const v of versions) expect(changelog, v.name).toMatch(new RegExp(`^\\[${v.name.replace(/\./g, '\\.')}\\]: https://`, 'm'));
  });

  it('ships in the package', () => {
    expect(pkg.files).toContain('CHANGELOG.md');
  });
});

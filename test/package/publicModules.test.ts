// Public API lives in public modules: no package entry re-exports anything from `src/internal/`
// (never exported, per STYLE.md) or from a kernel file (`*Kernel.ts`, the hot loops), so a reader
// following a public type or function from an entry lands in the module that owns it. The entries
// are read from tsup.config.ts, so a new entry is covered without editing this test.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const config = readFileSync(join(ROOT, 'tsup.config.ts'), 'utf8');
const entryBlock = /entry:\s*\{([^}]*)\}/.exec(config)?.[1] ?? '';
const entries = [...entryBlock.matchAll(/'(src\/[^']+\.ts)'/g)].map((m) => m[1]);

/** The source files an entry re-exports from (`export … from '…'`), relative to the repository. */
function exportSources(entry: string): string[] {
  const text = readFileSync(join(ROOT, entry), 'utf8');
  return [...text.matchAll(/^export\b[^;]*?\bfrom\s+'(\.[^']+)'/gms)].map((m) => relative(ROOT, join(ROOT, dirname(entry), m[1])));
}

describe('public modules', () => {
  it('reads the entries from tsup.config.ts', () => {
    expect(entries).toContain('src/index.ts');
    expect(entries).toContain('src/node/index.ts');
    expect(exportSources('src/index.ts').length).toBeGreaterThan(20);
  });

  it.each(entries)('%s exports nothing from src/internal/ or a kernel file', (entry) => {
    const offending = exportSources(entry).filter((source) => source.startsWith('src/internal/') || /Kernel\.[jt]s$/.test(source));
    expect(offending).toEqual([]);
  });
});

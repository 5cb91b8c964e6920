// PLS modules in their rooms: the fitter file exports the fitter only, and what the bootstrap
// shares with it (the index structure, estimation from moments, path matrix, total effects)
// lives in estimation modules, each named after its export. Enumerated from the sources, so a
// helper added to the fitter for the bootstrap fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(__dirname, '../../src/satisfaction/pls');
const source = (file: string) => readFileSync(join(DIR, file), 'utf8');
/** Names a module exports as values (functions, constants, classes), not types. */
const valueExports = (text: string) => [...text.matchAll(/^export (?:async )?(?:function\*?|const|let|class) (\w+)/gm)].map((m) => m[1]);
/** Values a module imports from sibling modules, by module file. */
const valueImports = (text: string) =>
  [...text.matchAll(/^import \{([^}]*)\} from '\.\/(\w+)\.js';$/gm)]
    .map((m) => ({
      file: `${m[2]}.ts`,
      names: m[1]
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '' && !n.startsWith('type ')),
    }))
    .filter((i) => i.names.length > 0);

describe('PLS modules', () => {
  it('fitPlsPathModel.ts exports fitPlsPathModel and no helper', () => {
    expect(valueExports(source('fitPlsPathModel.ts'))).toEqual(['fitPlsPathModel']);
  });

  it('no PLS module imports values from a fitter (fit*.ts)', () => {
    const modules = readdirSync(DIR).filter((f) => f.endsWith('.ts'));
    expect(modules).toContain('bootstrapPlsPathModel.ts');
    for (const file of modules)
      expect(
        valueImports(source(file)).filter((i) => /^fit[A-Z]/.test(i.file)),
        file,
      ).toEqual([]);
  });

  it('the helpers the bootstrap imports each come from a file named after them (plsEstimate.ts holds the kernel)', () => {
    const imports = valueImports(source('bootstrapPlsPathModel.ts'));
    expect(imports.length).toBeGreaterThan(3);
    for (const { file, names } of imports)
      if (file !== 'plsEstimate.ts')
        expect(
          names.map((n) => `${n}.ts`),
          file,
        ).toEqual([file]);
  });
});

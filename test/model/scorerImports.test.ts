import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// Importing a scorer never pulls in a fitter or its kernel (issue 15: `scoreSegments` used to
// load the k-means kernel through the spec schema that lived in fitSegments.ts). Each scorer of
// the root entry — every export named scoreX, read from src/index.ts so a new scorer is covered,
// and the model doors parseModel, compileScorer and toSql — is bundled alone from the module
// that defines it (esbuild, the bundler tsup runs), and the modules it loads are listed.
const ROOT = join(__dirname, '../..');
const index = readFileSync(join(ROOT, 'src/index.ts'), 'utf8');

/** The module each root export comes from. */
const sources = new Map<string, string>();
for (const m of index.matchAll(/^export \{([^}]+)\} from '(\.[^']+)';$/gm)) {
  for (const name of m[1].split(',').map((s) => s.trim()).filter(Boolean)) sources.set(name, `./src/${m[2].slice(2).replace(/\.js$/, '.ts')}`);
}
const scorers = [...sources.keys()].filter((name) => /^score[A-Z]/.test(name) || ['parseModel', 'compileScorer', 'toSql'].includes(name));
/** Fitters, kernels and the optimizer: what scoring must not load. */
const FITTING = /(^|\/)(fit[A-Z]\w*|\w*Kernel|minimizeBfgs|screenAndPolish|hessianStandardErrors)\.ts$/;

/**
 * The kernels a scorer's own module imports: shared on purpose (`scoreValuePyramid` and
 * `fitValuePyramid` run the one `pyramidKernel`, so scores equal the fit's), allowed.
 */
function sharedKernels(name: string): string[] {
  const module = sources.get(name)!.slice(2);
  const code = readFileSync(join(ROOT, module), 'utf8');
  const dir = module.slice(0, module.lastIndexOf('/'));
  return [...code.matchAll(/^import [^;]*? from '(\.[^']+Kernel)\.js';$/gm)].map((m) => join(dir, `${m[1]}.ts`));
}

async function modulesLoadedBy(name: string): Promise<string[]> {
  const result = await build({
    stdin: { contents: `export { ${name} } from '${sources.get(name)}';`, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    external: ['zod', 'ml-pca'],
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('importing a scorer loads no fitter, kernel or optimizer', () => {
  it('finds the scorers of the root entry', () => {
    expect(scorers.length).toBeGreaterThanOrEqual(8);
    expect(scorers).toEqual(expect.arrayContaining(['scoreRfm', 'scoreValuePyramid', 'scoreSatisfactionIndex', 'scoreSegments', 'scorePlsPathModel', 'scoreColumns', 'parseModel', 'compileScorer', 'toSql']));
  });

  it.each(scorers)('%s', async (name) => {
    const loaded = await modulesLoadedBy(name);
    expect(loaded.length).toBeGreaterThan(3); // the bundle really resolved the module graph
    const shared = sharedKernels(name);
    expect(loaded.filter((file) => FITTING.test(file) && !shared.includes(file))).toEqual([]);
  });
});

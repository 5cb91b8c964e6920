import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// Importing a scorer never pulls in a fitter or its kernel (issue 15: `scoreSegments` used to
// load the k-means kernel through the spec schema that lived in fitSegments.ts). Each scorer of
// the runtime-neutral entries — every export named scoreX and every function taking a fitted model
// (its module calls assertModelKind or assertModelOf), read from src/index.ts and the entries split
// out of it (src/clv.ts, src/pls.ts, src/warehouse.ts, issue 21) so a new one is covered, and the model doors
// parseModel, compileScorer and toSql — is bundled alone from the module that defines it
// (esbuild, the bundler tsup runs), and the modules it loads are listed.
const ROOT = join(__dirname, '../..');
const index = ['index', 'clv', 'pls', 'warehouse'].map((entry) => readFileSync(join(ROOT, `src/${entry}.ts`), 'utf8')).join('\n');

/** The module each root export comes from. */
const sources = new Map<string, string>();
for (const m of index.matchAll(/^export \{([^}]+)\} from '(\.[^']+)';$/gm)) {
  for (const name of m[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean))
    sources.set(name, `./src/${m[2].slice(2).replace(/\.js$/, '.ts')}`);
}
/** True when the module checks a fitted model (every function that takes one calls assertModelKind or assertModelOf). */
const takesModel = (name: string) => /\bassertModel(Kind|Of)\(/.test(readFileSync(join(ROOT, sources.get(name)!), 'utf8'));
// bootstrapPlsPathModel refits the model on resamples, and assessPlsPathModel re-estimates it on its
// data (to refuse other data) and regresses for VIF and f²: both need the estimation kernel; so does
// satisfactionImpacts, which takes a spec as well as a model and fits it first (fitPlsPathModel's body);
// clvModelAtDraw checks a model of any of the nine kinds clvParameterDraws draws (through the registry),
// and is used with clvParameterDraws, whose bootstrap refits: it loads the fitters anyway
const estimates = (name: string) => /^(bootstrap|assess)/.test(name) || name === 'satisfactionImpacts' || name === 'clvModelAtDraw';
const scorers = [...sources.keys()].filter(
  (name) => /^score[A-Z]/.test(name) || ['parseModel', 'compileScorer', 'toSql'].includes(name) || (takesModel(name) && !estimates(name)),
);
/** Fitters, kernels and the optimizer: what scoring must not load. */
const FITTING = /(^|\/)(fit[A-Z]\w*|\w*Kernel|minimizeBfgs|screenAndPolish|newtonPolish|likelihoodStandardErrors)\.ts$/;

/**
 * Scoring kernels: those a scoreX module imports itself, shared with its fitter on purpose
 * (`scoreValuePyramid` and `fitValuePyramid` run the one `pyramidKernel`, so scores equal the
 * fit's). Allowed; every other kernel is a fitter's.
 */
function scoringKernels(dir = 'src'): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return scoringKernels(`${dir}/${e.name}`);
    if (!/^score[A-Z]\w*\.ts$/.test(e.name)) return [];
    const code = readFileSync(join(ROOT, dir, e.name), 'utf8');
    return [...code.matchAll(/^import [^;]*? from '(\.[^']+Kernel)\.js';$/gm)].map((m) => join(dir, `${m[1]}.ts`));
  });
}
const shared = scoringKernels();

async function modulesLoadedBy(name: string): Promise<string[]> {
  const result = await build({
    stdin: { contents: `export { ${name} } from '${sources.get(name)}';`, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    external: ['zod'],
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('importing a scorer loads no fitter, kernel or optimizer', () => {
  it('finds the scorers of the runtime-neutral entries', () => {
    expect(shared).toEqual(['src/value/pyramidKernel.ts']);
    expect(scorers.length).toBeGreaterThanOrEqual(8);
    expect(scorers).toEqual(
      expect.arrayContaining([
        'scoreRfm',
        'scoreValuePyramid',
        'scoreSatisfactionIndex',
        'scoreSegments',
        'scorePlsPathModel',
        'scoreColumns',
        'parseModel',
        'compileScorer',
        'toSql',
      ]),
    );
  });

  it.each(scorers)('%s', async (name) => {
    const loaded = await modulesLoadedBy(name);
    expect(loaded.length).toBeGreaterThan(3); // the bundle really resolved the module graph
    expect(loaded.filter((file) => FITTING.test(file) && !shared.includes(file))).toEqual([]);
  });
});

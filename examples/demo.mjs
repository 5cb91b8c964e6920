// The main job on bundled real data: the CDNOW purchase log (23,570 customers who first bought
// in Q1 1997, 69,659 purchases to mid-1998; Fader, Hardie & Lee 2005).
//
// 1. Summarize the log per customer over a 39-week calibration period (to 1997-09-30).
// 2. Potential value: BG/NBD + Gamma-Gamma fits and 52-week CLV, checked on the holdout.
// 3. The value pyramid on realized + potential value (top 1% / large 4% / medium 15% /
//    small 80%), a behavioural pyramid and ABC tiers, each checked against the 39-week
//    holdout revenue; RFM quintiles.
// 4. Retention: cohort matrix, quarterly flows, time to lapse (Kaplan–Meier).
// 5. Segments: k-means with k chosen by silhouette, profiles, named RFM segments.
// 6. Satisfaction on the bundled ECSI survey: PCA-weighted index, reliability, key drivers.
// 7. Experience: peak-end scoring of (synthetic) customer journeys.
// Prints the tables and writes out/report.md with its SVG charts.
//
// Run with `npm run demo` (after `npm install`, which builds the package).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fitRfm, fitValuePyramid, scoreRfm, summarizeTransactions, tierSummary } from 'customer-value';
import { readCsvFile } from 'customer-value/node';
import { pyramidSvg } from './lib/pyramidSvg.mjs';
import { satisfactionReport } from './lib/satisfactionReport.mjs';
import { loyaltyReport } from './lib/loyaltyReport.mjs';
import { segmentReport } from './lib/segmentReport.mjs';
import { experienceReport } from './lib/experienceReport.mjs';

const started = performance.now();
const log = await readCsvFile(new URL('./data/cdnow_master.csv', import.meta.url).pathname);
const logSpec = { customer: 'customer_id', date: 'date', amount: 'dollar_value', timeUnit: 'week' };
const calibration = summarizeTransactions(log.columns, { ...logSpec, observationEnd: '1997-09-30' });
const whole = summarizeTransactions(log.columns, { ...logSpec, observationEnd: '1998-06-30' });

// Holdout revenue (1997-10-01 to 1998-06-30) per calibration customer, joined by id.
const wholeRevenue = new Map(whole.customer.map((id, i) => [id, whole.revenue[i]]));
const holdoutRevenue = Float64Array.from(calibration.customer, (id, i) => wholeRevenue.get(id) - calibration.revenue[i]);
const weeksSinceLast = calibration.T.map((t, i) => t - calibration.recency[i]);
const loyalty = loyaltyReport(log, calibration, whole);
const customers = { ...calibration, weeksSinceLast, holdoutRevenue, clv52: loyalty.clv };

// RFM quintiles: recency as weeks since the last purchase (lower is better).
const rfm = fitRfm(customers, {
  recency: { column: 'weeksSinceLast', better: 'lower' },
  frequency: { column: 'frequency' },
  monetary: { column: 'revenue' },
});
const rfmScores = scoreRfm(rfm, customers);
const cellCounts = new Map();
for (const cell of rfmScores.cell) cellCounts.set(cell, (cellCounts.get(cell) ?? 0) + 1);
const topCells = [...cellCounts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);

// The value pyramid: realized value (revenue to date) + potential value (52-week CLV), both in
// dollars, so the value score is their (weighted) sum.
const valuePyramid = fitValuePyramid(customers, {
  dimensions: [
    { column: 'revenue', scale: 'none', weight: 1 },
    { column: 'clv52', scale: 'none', weight: 1 },
  ],
});
const valueTiers = tierSummary(valuePyramid, customers, { revenue: 'revenue', profit: 'holdoutRevenue' });

// A behavioural pyramid for comparison: revenue (log scale) weighted 2, repeat frequency and
// recency of activity 1 each.
const pyramid = fitValuePyramid(customers, {
  dimensions: [
    { column: 'revenue', transform: 'log1p', weight: 2 },
    { column: 'frequency', weight: 1 },
    { column: 'weeksSinceLast', better: 'lower', weight: 1 },
  ],
});
const tiers = tierSummary(pyramid, customers, { revenue: 'revenue', profit: 'holdoutRevenue' });
const abc = fitValuePyramid(customers, { dimensions: [{ column: 'revenue', scale: 'none' }], tiers: { method: 'cumulativeShare' } });
const abcTiers = tierSummary(abc, customers, { revenue: 'revenue', profit: 'holdoutRevenue' });

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (share) => (share === null ? 'n/a' : `${(100 * share).toFixed(1)}%`);
function table(result) {
  const header = '| tier | customers | share of customers | revenue (calibration) | share of revenue | holdout revenue | share of holdout | revenue / customer |';
  const rule = '|---|---:|---:|---:|---:|---:|---:|---:|';
  const line = (r) =>
    `| ${r.tier} | ${fmt(r.customers)} | ${pct(r.customerShare)} | $${fmt(r.revenue)} | ${pct(r.revenueShare)} | $${fmt(r.profit)} | ${pct(r.profitShare)} | $${fmt(r.revenuePerCustomer ?? 0, 2)} |`;
  return [header, rule, ...result.tiers.map(line), line(result.total)].join('\n');
}

const counts = calibration.counts;
const report = `# Customer value report: CDNOW purchase log

Data: \`examples/data/cdnow_master.csv\` — ${fmt(log.rowCount)} purchases by ${fmt(whole.counts.customers)} customers
who first bought at CDNOW in Q1 1997 (Fader, Hardie & Lee 2005). Calibration period to
${calibration.observationEnd} (${fmt(counts.used)} purchases used, ${fmt(counts.afterObservationEnd)} later ones held out,
${fmt(counts.skipped)} skipped); holdout 1997-10-01 to ${whole.observationEnd}.

${loyalty.markdown}
## Value pyramid: realized + potential value (top 1% / large 4% / medium 15% / small 80%)

Customer value = revenue to date + expected revenue over the next 52 weeks (BG/NBD × Gamma-Gamma).
The holdout columns test the tiers against revenue they had not seen.

${table(valueTiers)}

![value pyramid](value-pyramid.svg)

## Behavioural pyramid for comparison

Value score = 2 × z(log(1 + revenue)) + 1 × z(repeat purchase days) − 1 × z(weeks since last purchase), weights normalized.

${table(tiers)}

## ABC tiers on calibration revenue (A = first 80% of revenue, B = next 15%, C = rest)

${table(abcTiers)}

## RFM quintiles

Thresholds (type-1 quantiles; ties share a score):
- weeks since last purchase (lower is better): ${rfm.thresholds.recency.map((t) => t.toFixed(2)).join(', ')}
- repeat purchase days: ${rfm.thresholds.frequency.join(', ')} — customers per score 1–5: ${rfm.scoreCounts.frequency.join(', ')}
- revenue: ${rfm.thresholds.monetary.map((t) => `$${t.toFixed(2)}`).join(', ')}

Most common RFM cells: ${topCells.map(([cell, n]) => `${cell} (${fmt(n)})`).join(', ')}.
`;
const satisfaction = await satisfactionReport(new URL('./data/ecsi_mobi.csv', import.meta.url).pathname);
const segments = segmentReport(customers, rfmScores);
const experience = experienceReport();

mkdirSync('out', { recursive: true });
writeFileSync('out/report.md', `${report}\n${segments.markdown}\n${satisfaction.markdown}\n${experience.markdown}`);
writeFileSync('out/segments.svg', segments.svg);
writeFileSync('out/touchpoints.svg', experience.svg);
writeFileSync('out/importance-performance.svg', satisfaction.svg);
for (const [name, svg] of Object.entries(loyalty.svgs)) writeFileSync(`out/${name}`, svg);
writeFileSync(
  'out/value-pyramid.svg',
  pyramidSvg(valueTiers.tiers, {
    title: 'CDNOW customer value pyramid: realized + potential value',
    subtitle: `${fmt(counts.customers)} customers · calibration to ${calibration.observationEnd} · holdout to ${whole.observationEnd}`,
    shareNames: ['customers', 'revenue', 'holdout revenue'],
  }),
);

console.log(`CDNOW: ${fmt(log.rowCount)} purchases, ${fmt(counts.customers)} customers; calibration to ${calibration.observationEnd}\n`);
console.log(loyalty.console);
console.log('\nValue pyramid: realized + potential (52-week CLV) value');
console.log(table(valueTiers));
console.log('\nBehavioural pyramid');
console.log(table(tiers));
console.log('\nABC tiers on revenue');
console.log(table(abcTiers));
console.log(`\n${segments.console}`);
console.log(`\n${satisfaction.console}`);
console.log(experience.console);
console.log('\nReliability (Cronbach\'s alpha) of the ECSI constructs');
console.log(satisfaction.reliabilityTable);
console.log(`\nWrote out/report.md and 7 SVG charts (value pyramid, cohort retention, survival, segments, importance-performance, touchpoints) in ${fmt(performance.now() - started)} ms`);

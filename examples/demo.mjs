// The main job on bundled real data: the CDNOW purchase log (23,570 customers who first bought
// in Q1 1997, 69,659 purchases to mid-1998; Fader, Hardie & Lee 2005).
//
// 1. customerValueReport over a 39-week calibration period (to 1997-09-30): BG/NBD + Gamma-Gamma
//    CLV, the value pyramid on realized + potential value, RFM, retention and segments — the
//    same report `customer-value report` writes for any transaction log.
// 2. The holdout check: BG/NBD, MBG/NBD and Pareto/NBD fitted on the 39 calibration weeks,
//    compared on fit and on the 39 holdout weeks, the model picked by its holdout error, tracked
//    week by week and its value ranking checked by decile; the value tiers on holdout revenue.
// 3. Satisfaction on the bundled ECSI survey: PCA-weighted index, reliability, key drivers, and
//    the ECSI structural model by PLS path modeling (bootstrapped, 0–100 indices, IPMA).
// 4. Experience: peak-end scoring of (synthetic) customer journeys.
// Prints the main figures and writes out/report.md with its SVG charts.
//
// Run with `npm run demo` (after `npm install`, which builds the package).
import { mkdirSync, writeFileSync } from 'node:fs';
import { summarizeTransactions } from 'customer-value';
import { readCsvFile } from 'customer-value/node';
import { customerValueReport } from 'customer-value/report';
import { holdoutReport } from './lib/holdoutReport.mjs';
import { modelComparisonReport } from './lib/modelComparisonReport.mjs';
import { satisfactionReport } from './lib/satisfactionReport.mjs';
import { experienceReport } from './lib/experienceReport.mjs';

const started = performance.now();
const log = await readCsvFile(new URL('./data/cdnow_master.csv', import.meta.url).pathname);
const spec = { customer: 'customer_id', date: 'date', amount: 'dollar_value' };
const report = customerValueReport(log.columns, { ...spec, timeUnit: 'week', observationEnd: '1997-09-30', title: 'CDNOW purchase log' });
const whole = summarizeTransactions(log.columns, { ...spec, timeUnit: 'week', observationEnd: '1998-06-30' });
const holdout = holdoutReport(report.customers, whole);
const comparison = modelComparisonReport(log.columns, spec);
const satisfaction = await satisfactionReport(new URL('./data/ecsi_mobi.csv', import.meta.url).pathname);
const experience = experienceReport();

const intro = `Data: \`examples/data/cdnow_master.csv\` — ${log.rowCount.toLocaleString('en-US')} purchases by ${whole.counts.customers.toLocaleString('en-US')} customers who first
bought at CDNOW in Q1 1997 (Fader, Hardie & Lee 2005). Calibration period to 1997-09-30; holdout to ${whole.observationEnd}.
`;
const [title, ...body] = report.markdown.split('\n');
mkdirSync('out', { recursive: true });
writeFileSync(
  'out/report.md',
  `${title}\n\n${intro}${body.join('\n')}\n${comparison.markdown}\n${holdout.markdown}\n${satisfaction.markdown}\n${experience.markdown}`,
);
for (const [name, svg] of Object.entries(report.charts)) writeFileSync(`out/${name}`, svg);
writeFileSync('out/touchpoints.svg', experience.svg);
writeFileSync('out/importance-performance.svg', satisfaction.svg);
for (const [name, svg] of Object.entries(satisfaction.svgs)) writeFileSync(`out/${name}`, svg);
for (const [name, svg] of Object.entries(comparison.svgs)) writeFileSync(`out/${name}`, svg);

const tiers = report.valueTiers;
console.log(
  `CDNOW: ${log.rowCount.toLocaleString('en-US')} purchases, ${report.customers.counts.customers.toLocaleString('en-US')} customers; calibration to 1997-09-30\n`,
);
console.log('Value pyramid (realized + potential 52-week value): share of customers / revenue to date / expected revenue');
for (const t of tiers.tiers)
  console.log(
    `  ${t.tier.padEnd(7)} ${(100 * t.customerShare).toFixed(1).padStart(5)}% ${(100 * t.revenueShare).toFixed(1).padStart(5)}% ${(100 * t.profitShare).toFixed(1).padStart(5)}%`,
  );
console.log(`\n${comparison.console}`);
console.log(holdout.console);
console.log(satisfaction.console);
console.log(experience.console);
console.log("\nReliability (Cronbach's alpha) of the ECSI constructs");
console.log(satisfaction.reliabilityTable);
console.log(
  `\nWrote out/report.md and ${Object.keys(report.charts).length + 2 + Object.keys(satisfaction.svgs).length + Object.keys(comparison.svgs).length} SVG charts in ${Math.round(performance.now() - started).toLocaleString('en-US')} ms`,
);

// Writes the two small synthetic tables the README's examples use, deterministically (fixed
// seeds): run `node examples/data/make_synthetic.mjs` after `npm run build` to regenerate them.
//
// - journeys.csv, journey_ratings.csv: 500 buyer journeys of a property developer (marketing →
//   sales → handover → property service), the demo's generator (examples/lib/experienceReport.mjs):
//   remembered satisfaction follows the end and the peak, as the peak-end literature reports.
//   No public journey data with touchpoint ratings exists.
// - service_events.csv: service contacts (pre-sale advice, delivery problems, after-sale returns
//   and complaints) with their cost and budget, for the CDNOW customers who bought by 1997-09-30;
//   about one customer in six contacts the service, frequent buyers more often. CDNOW published
//   no service costs; the costs are invented to show the calls.
import { writeFileSync } from 'node:fs';
import { summarizeTransactions } from 'customer-value';
import { readCsvFile } from 'customer-value/node';
import { journeys } from '../lib/experienceReport.mjs';
import { rng } from '../lib/rng.mjs';

const here = (name) => new URL(`./${name}`, import.meta.url).pathname;

const { events, overall } = journeys(500, 2026);
const lines = ['buyer,step,stage,touchpoint,rating'];
for (let i = 0; i < events.buyer.length; i++) lines.push([events.buyer[i], events.step[i], events.stage[i], events.touchpoint[i], events.rating[i]].join(','));
writeFileSync(here('journeys.csv'), `${lines.join('\n')}\n`);
writeFileSync(here('journey_ratings.csv'), `buyer,overall\n${overall.map((v, b) => `${b},${v.toFixed(1)}`).join('\n')}\n`);

const log = await readCsvFile(here('cdnow_master.csv'));
const customers = summarizeTransactions(log.columns, {
  customer: 'customer_id',
  date: 'date',
  amount: 'dollar_value',
  observationEnd: '1997-09-30',
  timeUnit: 'week',
});
const random = rng(1997);
const STAGES = [
  // stage, chance per order, cost range, budget per contact
  ['pre-sale', 0.03, [2, 6], 4],
  ['delivery', 0.05, [4, 15], 6],
  ['after-sale', 0.06, [5, 30], 10],
];
const rows = ['account,stage,cost,budget'];
for (let i = 0; i < customers.customer.length; i++) {
  const orders = customers.frequency[i] + 1;
  for (const [stage, chance, [low, high], budget] of STAGES) {
    for (let o = 0; o < orders; o++) {
      if (random.uniform() >= chance) continue;
      rows.push([customers.customer[i], stage, (low + random.uniform() * (high - low)).toFixed(2), budget].join(','));
    }
  }
}
writeFileSync(here('service_events.csv'), `${rows.join('\n')}\n`);
console.log(`journeys: ${events.buyer.length} events of 500 buyers; service events: ${rows.length - 1}`);

// The main job on bundled real data: the CDNOW purchase log (23,570 customers who first bought
// in Q1 1997; Fader, Hardie & Lee 2005), summarized per customer.
// Run with `npm run demo` (after `npm install`, which builds the package).
import { summarizeTransactions } from 'customer-value';
import { readCsvFile } from 'customer-value/node';

const log = await readCsvFile(new URL('./data/cdnow_master.csv', import.meta.url).pathname);
const summary = summarizeTransactions(log.columns, {
  customer: 'customer_id',
  date: 'date',
  amount: 'dollar_value',
  observationEnd: '1998-06-30',
  timeUnit: 'week',
});
const { counts } = summary;
console.log(`CDNOW master log: ${counts.rows.toLocaleString('en-US')} transactions, ${counts.customers.toLocaleString('en-US')} customers`);

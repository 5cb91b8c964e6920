// One timed run of our CLV pipeline on N synthetic customers: fitBetaGeo, fitGammaGamma and
// 52-week CLV scoring. Prints a JSON line. Usage: node ours-clv.mjs N
import { readFileSync } from 'node:fs';
import { customerLifetimeValue, fitBetaGeo, fitGammaGamma } from 'customer-value/clv';
import { customersDir } from './generate-customers.mjs';

const n = Number(process.argv[2]);
const dir = customersDir(n);
const read = (name) => {
  const bytes = readFileSync(`${dir}${name}.f64`);
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
};
const customers = { frequency: read('frequency'), recency: read('recency'), T: read('T'), monetary: read('monetary') };
const t0 = performance.now();
const purchaseModel = fitBetaGeo(customers, { timeUnit: 'week' });
const t1 = performance.now();
const spendModel = fitGammaGamma(customers);
const t2 = performance.now();
const { clv } = customerLifetimeValue({ purchaseModel, spendModel, customers, horizon: 52, timeUnit: 'week', discountRate: 0.002, margin: 0.3 });
const t3 = performance.now();
let total = 0;
for (let i = 0; i < clv.length; i++) total += clv[i];
console.log(
  JSON.stringify({
    impl: 'customer-value',
    n,
    fitSeconds: (t1 - t0) / 1000,
    spendFitSeconds: (t2 - t1) / 1000,
    clvSeconds: (t3 - t2) / 1000,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    groups: purchaseModel.fitted.diagnostics.groups,
    check: { params: purchaseModel.params, logLikelihood: purchaseModel.fitted.diagnostics.logLikelihood, spend: spendModel.params, meanClv: total / n },
  }),
);

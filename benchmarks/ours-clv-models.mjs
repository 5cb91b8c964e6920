// One timed run of our Pareto/NBD and BG/BB fits on N synthetic customers
// (generate-clv-models.mjs), from the raw per-customer columns (the fitters group them into
// distinct histories themselves). Prints a JSON line. Usage: node ours-clv-models.mjs N
import { readFileSync } from 'node:fs';
import { fitBetaGeoBetaBinomial, fitParetoNbd } from 'customer-value/clv';
import { bgbbDir, paretoNbdDir } from './generate-clv-models.mjs';

const n = Number(process.argv[2]);
const read = (dir, name) => {
  const bytes = readFileSync(`${dir}${name}.f64`);
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
};
const pnbd = { frequency: read(paretoNbdDir(n), 'frequency'), recency: read(paretoNbdDir(n), 'recency'), T: read(paretoNbdDir(n), 'T') };
const bgbb = { frequency: read(bgbbDir(n), 'frequency'), recency: read(bgbbDir(n), 'recency'), periods: read(bgbbDir(n), 'periods') };
const t0 = performance.now();
const paretoNbd = fitParetoNbd(pnbd, { timeUnit: 'week' });
const t1 = performance.now();
const discrete = fitBetaGeoBetaBinomial(bgbb, { periodUnit: 'year' });
const t2 = performance.now();
console.log(
  JSON.stringify({
    impl: 'customer-value',
    n,
    paretoNbdSeconds: (t1 - t0) / 1000,
    bgbbSeconds: (t2 - t1) / 1000,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    groups: { paretoNbd: paretoNbd.fitted.diagnostics.groups, bgbb: discrete.fitted.diagnostics.groups },
    check: {
      paretoNbd: { params: paretoNbd.params, logLikelihood: paretoNbd.fitted.diagnostics.logLikelihood },
      bgbb: { params: discrete.params, logLikelihood: discrete.fitted.diagnostics.logLikelihood },
    },
  }),
);

// The values at every draw of clvConfidenceIntervals under many distinct keys (issue 19): one
// process runs `clvConfidenceIntervals` from customer-value/node on N synthetic customers whose
// histories are nearly all distinct (continuous recency, T and mean spend, so distinct (x, t_x, T),
// (x, T) and (x, m̄) are each about N), valued with CDNOW's BG/NBD and Gamma-Gamma (fitted on the
// fixture) at 200 delta-method draws, 12 months. Prints the call's wall and CPU seconds and the
// process's peak RSS (before the call and after). To compare two builds side by side, give another
// checkout's root (its dist/ is imported) and alternate the processes.
// Usage: node benchmarks/clv-intervals-values.mjs [build root, default this checkout] [N, default 200000] [threads, default auto]
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const [dirArg, nText = '200000', tText = 'auto'] = process.argv.slice(2);
const dir = dirArg ?? here('..');
// the CLV models moved from the root to customer-value/clv (issue 21); an older build has them in the root
const root = existsSync(`${dir}/dist/clv.js`) ? await import(`${dir}/dist/clv.js`) : await import(`${dir}/dist/index.js`);
const node = await import(`${dir}/dist/node.js`);
const n = Number(nText);
let s = 7;
const u = () => {
  s = (s + 0x6d2b79f5) | 0;
  let t = Math.imul(s ^ (s >>> 15), 1 | s);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const frequency = new Float64Array(n),
  recency = new Float64Array(n),
  T = new Float64Array(n),
  monetary = new Float64Array(n);
for (let i = 0; i < n; i++) {
  T[i] = 27 + u() * 12;
  const x = Math.floor(u() * u() * 20);
  frequency[i] = x;
  recency[i] = x > 0 ? u() * T[i] : 0;
  monetary[i] = x > 0 ? 5 + u() * 300 : 0;
}
const data = { frequency, recency, T, monetary };
// the models are CDNOW's (fitted on the fixture), the customers the synthetic ones
const lines = readFileSync(here('../test/fixtures/loyalty/cdnow_btyd_cbs.csv'), 'utf8').trim().split('\n');
const head = lines[0].split(',');
const cb = Object.fromEntries(head.map((h, j) => [h, Float64Array.from(lines.slice(1), (l) => Number(l.split(',')[j]))]));
const cdnow = { frequency: cb.x, recency: cb.t_x, T: cb.T_cal, monetary: cb.m_x };
const purchaseModel = root.fitBetaGeo(cdnow, { timeUnit: 'week' });
const spendModel = root.fitGammaGamma(cdnow, {});
const purchaseDraws = root.clvParameterDraws(purchaseModel, cdnow, { method: 'delta', draws: 200, seed: 1 });
const spendDraws = root.clvParameterDraws(spendModel, cdnow, { method: 'delta', draws: 200, seed: 2 });
const rssBefore = process.resourceUsage().maxRSS / 1024;
const c0 = process.cpuUsage();
const t0 = performance.now();
const ci = node.clvConfidenceIntervals({
  purchaseModel,
  purchaseDraws,
  spendModel,
  spendDraws,
  customers: data,
  horizon: 12,
  timeUnit: 'month',
  margin: 0.3,
  threads: tText === 'auto' ? 'auto' : Number(tText),
});
const seconds = (performance.now() - t0) / 1000;
const c = process.cpuUsage(c0);
console.log(
  JSON.stringify({
    dir,
    n,
    threads: tText,
    distinctHistories: ci.distinctHistories,
    seconds: +seconds.toFixed(2),
    cpuSeconds: +((c.user + c.system) / 1e6).toFixed(2),
    rssBeforeMB: Math.round(rssBefore),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    total: ci.totals.value.estimate,
    p95: ci.totals.value.percentiles.p95,
  }),
);
process.exit(0);

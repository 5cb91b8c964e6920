// One timed run for the CLV-intervals benchmark (clv-intervals.mjs): N synthetic customers as a
// histogram of distinct (frequency, recency, T, monetary) with a count column (what a GROUP BY
// returns), then either one plain fit (`fit`: BG/NBD + Gamma-Gamma) or the same fit followed by
// `draws` bootstrap refits of each model on the histogram and the confidence intervals of every
// row's P(alive), expected purchases, spend and CLV over 12 months with the base totals
// (`intervals`). Prints a JSON line with the times and the peak RSS.
// The bootstrap and the intervals run on `threads` threads (customer-value/node's clvParameterDraws
// and clvConfidenceIntervals; default 'auto': all cores; the draws and the intervals are the same,
// bit for bit, on any number). CPU seconds (all threads) are printed beside the wall-clock ones.
// Usage: node ours-clv-intervals.mjs fit|intervals N [draws] [threads]
import { fitBetaGeo, fitGammaGamma } from 'customer-value/clv';
import { clvConfidenceIntervals, clvParameterDraws } from 'customer-value/node';
import { rng } from './lib/rng.mjs';

const [mode, nText, drawsText, threadsText] = process.argv.slice(2);
const n = Number(nText);
const draws = Number(drawsText ?? 1000);
const threads = threadsText === undefined || threadsText === 'auto' ? 'auto' : Number(threadsText);

// BG/NBD purchases (r = 0.25, α = 4, a = 0.8, b = 2.5, weekly), cohorts of 13 to 78 weeks, recency
// in whole days; Gamma-Gamma spend (p = 6, q = 4, γ = 15), the mean rounded to whole currency units.
// Grouped on the fly, so memory is O(distinct histories).
function histogram(n) {
  const random = rng(19);
  const groups = new Map();
  for (let i = 0; i < n; i++) {
    const lambda = random.gamma(0.25) / 4;
    const ga = random.gamma(0.8);
    const p = ga / (ga + random.gamma(2.5));
    const T = 13 * (1 + Math.floor(random.uniform() * 6));
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += -Math.log(1 - random.uniform()) / lambda;
      if (t > T) break;
      x++;
      tx = Math.round(t * 7) / 7;
      if (random.uniform() < p) break;
    }
    let m = 0;
    if (x > 0) {
      const nu = random.gamma(4) / 15;
      let sum = 0;
      for (let k = 0; k < x; k++) sum += random.gamma(6) / nu;
      m = Math.max(1, Math.round(sum / x));
    }
    const key = `${x} ${tx} ${T} ${m}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  const rows = groups.size;
  const out = {
    frequency: new Float64Array(rows),
    recency: new Float64Array(rows),
    T: new Float64Array(rows),
    monetary: new Float64Array(rows),
    customers: new Float64Array(rows),
  };
  let i = 0;
  for (const [key, count] of groups) {
    const [x, tx, T, m] = key.split(' ').map(Number);
    out.frequency[i] = x;
    out.recency[i] = tx;
    out.T[i] = T;
    out.monetary[i] = m;
    out.customers[i] = count;
    i++;
  }
  return out;
}

const data = histogram(n);
const columns = { count: 'customers' };
const c0 = process.cpuUsage();
const t0 = performance.now();
const purchaseModel = fitBetaGeo(data, { timeUnit: 'week', columns });
const spendModel = fitGammaGamma(data, { columns });
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
const result = { impl: `customer-value ${mode}`, mode, n, rows: data.frequency.length, fitSeconds: (t1 - t0) / 1000 };
if (mode === 'intervals') {
  const purchaseDraws = clvParameterDraws(purchaseModel, data, { draws, seed: 1, threads });
  const spendDraws = clvParameterDraws(spendModel, data, { draws, seed: 2, threads });
  const t2 = performance.now();
  const c2 = process.cpuUsage(c0);
  const ci = clvConfidenceIntervals({
    purchaseModel,
    purchaseDraws,
    spendModel,
    spendDraws,
    customers: data,
    horizon: 12,
    timeUnit: 'month',
    discountRate: 0.01,
    margin: 0.3,
    count: true,
    threads,
  });
  const t3 = performance.now();
  const c3 = process.cpuUsage(c0);
  Object.assign(result, {
    draws,
    failures: [purchaseDraws.failures.count, spendDraws.failures.count],
    groups: [purchaseDraws.groups, spendDraws.groups],
    threads,
    drawsSeconds: (t2 - t1) / 1000,
    drawsCpuSeconds: (c2.user + c2.system - c1.user - c1.system) / 1e6,
    intervalsSeconds: (t3 - t2) / 1000,
    intervalsCpuSeconds: (c3.user + c3.system - c2.user - c2.system) / 1e6,
    distinctHistories: ci.distinctHistories,
    totalValue: ci.totals.value,
  });
}
result.totalSeconds = (performance.now() - t0) / 1000;
const c9 = process.cpuUsage(c0);
result.totalCpuSeconds = (c9.user + c9.system) / 1e6;
result.peakRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify(result));

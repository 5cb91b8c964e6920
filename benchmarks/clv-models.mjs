// Side-by-side benchmark of the CLV model family's fits beyond BG/NBD: Pareto/NBD and BG/BB on
// 1,000,000 and 10,000,000 synthetic customers (generate-clv-models.mjs), ours against
// numpy/scipy maximizing the same grouped likelihoods (scipy_clv_models.py). Medians of
// alternating runs (BENCH_REPEATS, default 3 at 1M and 1 at 10M); both must agree on the
// log-likelihood at their optima (scipy's finite-difference BFGS stops earlier: parameters agree
// to ~1e-4, the likelihood to 1e-8). Run: `npm run bench:clv-models`.
import { fileURLToPath } from 'node:url';
import { ensureBetaGeoBetaBinomial, ensureParetoNbd } from './generate-clv-models.mjs';
import { close, runAlternating, summarize } from './lib/sideBySide.mjs';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const sizes = (process.env.BENCH_CLV_SIZES ?? '1000000,10000000').split(',').map(Number);
const f = (x, d = 2) => x.toFixed(d);
const fields = ['paretoNbdSeconds', 'bgbbSeconds', 'peakRssMB'];

console.log('| customers | implementation | Pareto/NBD fit s (histories) | BG/BB fit s (histories) | peak RSS MB |');
console.log('|---:|---|---:|---:|---:|');
const ratios = [];
for (const n of sizes) {
  ensureParetoNbd(n);
  ensureBetaGeoBetaBinomial(n);
  const repeats = Number(process.env.BENCH_REPEATS ?? (n > 2_000_000 ? 1 : 3));
  const [ours, scipy] = runAlternating(
    [
      [process.execPath, ['--max-old-space-size=8000', here('./ours-clv-models.mjs'), String(n)]],
      ['python3', [here('./scipy_clv_models.py'), String(n)]],
    ],
    repeats,
  ).map((runs) => summarize(runs, fields));
  for (const model of ['paretoNbd', 'bgbb']) {
    const a = ours.check[model];
    const b = scipy.check[model];
    const agree = close(a.logLikelihood, b.logLikelihood, 1e-8) && Object.keys(a.params).every((k) => close(a.params[k], b.params[k], 1e-3));
    if (!agree || ours.groups[model] !== scipy.groups[model]) {
      console.error(`Results differ at n = ${n} (${model}):`, JSON.stringify({ ours: a, scipy: b, groups: [ours.groups[model], scipy.groups[model]] }));
      process.exit(1);
    }
  }
  for (const r of [ours, scipy]) {
    console.log(
      `| ${n.toLocaleString('en-US')} | ${r.impl} | ${f(r.paretoNbdSeconds)} (${r.groups.paretoNbd.toLocaleString('en-US')}) | ${f(r.bgbbSeconds)} (${r.groups.bgbb.toLocaleString('en-US')}) | ${f(r.peakRssMB, 0)} |`,
    );
  }
  ratios.push(
    `${n.toLocaleString('en-US')} customers (${repeats} run${repeats > 1 ? 's' : ''}): scipy / ours = ${f(scipy.paretoNbdSeconds / ours.paretoNbdSeconds)}× for Pareto/NBD, ${f(scipy.bgbbSeconds / ours.bgbbSeconds)}× for BG/BB`,
  );
}
console.log(
  `\n${ratios.join('\n')}\nLog-likelihoods agree to 1e-8 and parameters to 1e-3 (relative). Ours: 3 starts, analytic gradient, Newton polish, certificate and standard errors; scipy: one start, BFGS on finite differences.`,
);

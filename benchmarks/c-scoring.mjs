// Generates, compiles (gcc -O3 -march=native) and runs two C references of the same scoring as
// the compiled scorer — the physical-limit anchors:
// - "plain loop": the scorer's own generated JavaScript loop translated to C (the same
//   expressions and constants), one fused pass per row;
// - "blocked kernel": blocks of BLOCK rows, one pass per output group within a block (each RFM
//   score, the cells and totals, the pyramid value, the tier), simple loops gcc vectorizes with
//   AVX2, the block staying in L1; also run on 2 threads (OpenMP, blocks split statically), the
//   anchor for the 2-thread speed-up: how far two cores scale this memory-bound pass on this machine.
// -ffp-contract=off: no fused multiply-add, so C computes what JavaScript and WebAssembly compute
// (with FMA contraction a value within an ulp of a tier threshold tiers differently).
// Usage: node c-scoring.mjs N. Prints one JSON line per variant.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileScorer } from 'customer-value';
import { scoringDir, WORKLOAD_MODELS } from './generate-scoring.mjs';
import { RFM_MODELS, SCORE_FIELDS } from './lib/scoringChecks.mjs';

const BLOCK = 1024;
const n = Number(process.argv[2]);
const dir = scoringDir(n);
const models = JSON.parse(readFileSync(`${dir}${WORKLOAD_MODELS}`, 'utf8'));
const scorer = compileScorer(models);
const C_TYPES = { float64: 'double', int32: 'int32_t', uint8: 'uint8_t', uint16: 'uint16_t' };
const out = (name) => `out${scorer.outputs.findIndex((o) => o.name === name)}`;
const inp = (column) => `in${scorer.inputs.indexOf(column)}`;
const num = (v) => (Number.isFinite(v) ? v.toPrecision(17) : v > 0 ? 'INFINITY' : '-INFINITY');

// The plain loop: JS → C (const/let → double, RFM scores → int, +(a > b) → (a > b)).
const plain = scorer.source
  .split('\n')
  .filter((line) => line.startsWith('  '))
  .join('\n')
  .replace(/const (\w+) = in(\d+)\[i\];/g, 'const double $1 = in$2[i];')
  .replace(/const (\w+_(?:recency|frequency|monetary)) =/g, 'const int $1 =')
  .replace(/let (\w+) = 0;/g, 'double $1 = 0;')
  .replace(/\+\(/g, '(');

// The blocked kernel, written from the models (the benchmark's kinds: RFM and value pyramid).
const blocked = [];
for (const m of RFM_MODELS) {
  const rfm = models[m];
  for (const d of SCORE_FIELDS) {
    const above = rfm.thresholds[d].map((t) => `(x[j] > ${num(t)})`).join(' + ') || '0';
    const flip = rfm.spec[d].better === 'lower';
    blocked.push(
      `{ const double *x = ${inp(rfm.spec[d].column)} + s; uint8_t *o = ${out(`${m}.${d}`)} + s; for (long j = 0; j < len; j++) o[j] = (uint8_t)(${flip ? `${rfm.spec.bins} - (${above})` : `1 + (${above})`}); }`,
    );
  }
  const [r, f, mo] = SCORE_FIELDS.map((d) => `${out(`${m}.${d}`)}[s + j]`);
  blocked.push(`for (long j = 0; j < len; j++) ${out(`${m}.cell`)}[s + j] = (uint16_t)(100 * ${r} + 10 * ${f} + ${mo});`);
  blocked.push(`for (long j = 0; j < len; j++) ${out(`${m}.total`)}[s + j] = (uint8_t)(${r} + ${f} + ${mo});`);
}
const pyramid = models.pyramid;
const terms = pyramid.spec.dimensions.map(
  (d, j) => `v += ${num(pyramid.scaling[j].weight / pyramid.scaling[j].spread)} * (${inp(d.column)}[s + j2] - ${num(pyramid.scaling[j].center)});`,
);
blocked.push(`for (long j2 = 0; j2 < len; j2++) { double v = 0; ${terms.join(' ')} ${out('pyramid.value')}[s + j2] = v; }`);
const below = pyramid.thresholds.map((t) => `(v[j] < ${num(t)})`).join(' + ') || '0';
blocked.push(`{ const double *v = ${out('pyramid.value')} + s; int32_t *o = ${out('pyramid.tier')} + s; for (long j = 0; j < len; j++) o[j] = ${below}; }`);

const checks = (label, threads = '1 thread') => {
  const sum = (names) => names.map((name) => `for (long i = 0; i < n; i++) acc += ${out(name)}[i];`).join(' ');
  const fields = {
    cellSum: RFM_MODELS.map((m) => `${m}.cell`),
    totalSum: RFM_MODELS.map((m) => `${m}.total`),
    scoreSum: RFM_MODELS.flatMap((m) => SCORE_FIELDS.map((f) => `${m}.${f}`)),
    tierSum: ['pyramid.tier'],
    valueSum: ['pyramid.value'],
  };
  return `{
    double sums[5]; int k = 0; double acc;
${Object.values(fields)
  .map((names) => `    acc = 0; ${sum(names)} sums[k++] = acc;`)
  .join('\n')}
    printf("{\\"impl\\":\\"C ${label} (gcc -O3 -march=native, ${threads})\\",\\"n\\":%ld,\\"seconds\\":%.9f,\\"check\\":{\\"cellSum\\":%.17g,\\"totalSum\\":%.17g,\\"scoreSum\\":%.17g,\\"tierSum\\":%.17g,\\"valueSum\\":%.17g}}\\n", n, best, sums[0], sums[1], sums[2], sums[3], sums[4]);
  }`;
};
const timed = (body) => `  best = 1e30;
  for (int r = 0; r < 5; r++) {
    struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
${body}
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double sec = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9; if (sec < best) best = sec;
  }`;
const source = `#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <time.h>
static double *load(const char *path, long n) {
  FILE *f = fopen(path, "rb"); double *x = malloc(n * sizeof(double));
  if (!f || fread(x, sizeof(double), n, f) != (size_t)n) { fprintf(stderr, "cannot read %s\\n", path); exit(1); }
  fclose(f); return x;
}
int main(void) {
  const long n = ${n};
  double best;
${scorer.inputs.map((c, k) => `  const double *in${k} = load("${dir}${c}.f64", n);`).join('\n')}
${scorer.outputs.map((o, k) => `  ${C_TYPES[o.type]} *out${k} = malloc(n * sizeof(${C_TYPES[o.type]}));`).join('\n')}
${timed(`    for (long i = 0; i < n; i++) {\n${plain}\n    }`)}
  ${checks('plain loop')}
${scorer.outputs.map((o, k) => `  for (long i = 0; i < n; i++) out${k}[i] = 0;`).join('\n')}
${timed(`    for (long s = 0; s < n; s += ${BLOCK}) {\n      const long len = n - s < ${BLOCK} ? n - s : ${BLOCK};\n${blocked.map((line) => `      ${line}`).join('\n')}\n    }`)}
  ${checks(`blocked kernel (${BLOCK} rows)`)}
${scorer.outputs.map((o, k) => `  for (long i = 0; i < n; i++) out${k}[i] = 0;`).join('\n')}
  omp_set_num_threads(2);
${timed(`    #pragma omp parallel for schedule(static)\n    for (long s = 0; s < n; s += ${BLOCK}) {\n      const long len = n - s < ${BLOCK} ? n - s : ${BLOCK};\n${blocked.map((line) => `      ${line}`).join('\n')}\n    }`)}
  ${checks(`blocked kernel (${BLOCK} rows)`, '2 threads, OpenMP')}
  return 0;
}
`;
const work = mkdtempSync(join(tmpdir(), 'cv-c-'));
writeFileSync(join(work, 'score.c'), source);
execFileSync('gcc', ['-O3', '-march=native', '-ffp-contract=off', '-fopenmp', '-o', join(work, 'score'), join(work, 'score.c')]);
process.stdout.write(execFileSync(join(work, 'score'), { encoding: 'utf8' }));

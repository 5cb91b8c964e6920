// Generates, compiles (gcc -O3 -march=native) and runs a C reference of the same scoring as the
// compiled scorer — the physical-limit anchor. The C source is generated from the compiled
// scorer's own loop source (the same expressions and constants), so both compute the same thing.
// Usage: node c-scoring.mjs N. Prints a JSON line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileScorer } from 'customer-value';
import { scoringDir } from './generate-scoring.mjs';

const n = Number(process.argv[2]);
const dir = scoringDir(n);
const scorer = compileScorer(JSON.parse(readFileSync(`${dir}models.json`, 'utf8')));
const C_TYPES = { float64: 'double', int32: 'int32_t', uint8: 'uint8_t', uint16: 'uint16_t' };
// Translate the loop body: JS → C (const/let → double, +(a > b) → (a > b)).
const body = scorer.source
  .split('\n')
  .filter((line) => line.startsWith('  '))
  .join('\n')
  .replace(/const (\w+) = in(\d+)\[i\];/g, 'const double $1 = in$2[i];')
  .replace(/const (rfm_\w+) =/g, 'const int $1 =')
  .replace(/let (\w+) = 0;/g, 'double $1 = 0;')
  .replace(/\+\(/g, '(');
const source = `#include <stdio.h>
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
${scorer.inputs.map((c, k) => `  const double *in${k} = load("${dir}${c}.f64", n);`).join('\n')}
${scorer.outputs.map((o, k) => `  ${C_TYPES[o.type]} *out${k} = malloc(n * sizeof(${C_TYPES[o.type]}));`).join('\n')}
  double best = 1e30;
  for (int r = 0; r < 5; r++) {
    struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < n; i++) {
${body}
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9; if (s < best) best = s;
  }
  double cell = 0, tier = 0, value = 0;
  for (long i = 0; i < n; i++) { cell += out${scorer.outputs.findIndex((o) => o.name === 'rfm.cell')}[i]; tier += out${scorer.outputs.findIndex((o) => o.name === 'pyramid.tier')}[i]; value += out${scorer.outputs.findIndex((o) => o.name === 'pyramid.value')}[i]; }
  printf("{\\"impl\\":\\"C (gcc -O3 -march=native, 1 thread)\\",\\"n\\":%ld,\\"seconds\\":%.9f,\\"check\\":{\\"cellSum\\":%.17g,\\"tierSum\\":%.17g,\\"valueSum\\":%.17g}}\\n", n, best, cell, tier, value);
  return 0;
}
`;
const work = mkdtempSync(join(tmpdir(), 'cv-c-'));
writeFileSync(join(work, 'score.c'), source);
execFileSync('gcc', ['-O3', '-march=native', '-o', join(work, 'score'), join(work, 'score.c')]);
process.stdout.write(execFileSync(join(work, 'score'), { encoding: 'utf8' }));

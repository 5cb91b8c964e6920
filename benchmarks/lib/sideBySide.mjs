// Runs several implementations of one task in their own processes, alternating, and returns
// the median of each timing field. Each command prints one JSON line.
import { execFileSync } from 'node:child_process';

export function runAlternating(commands, repeats) {
  const runs = commands.map(() => []);
  for (let r = 0; r < repeats; r++) {
    commands.forEach(([command, args, env], i) => {
      runs[i].push(JSON.parse(execFileSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 24, ...(env ? { env: { ...process.env, ...env } } : {}) })));
    });
  }
  return runs;
}

export function median(values) {
  return values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/** Medians of the numeric fields named, plus the first run's other fields. */
export function summarize(list, fields) {
  const out = { ...list[0] };
  for (const field of fields) out[field] = median(list.map((r) => r[field]));
  return out;
}

export const close = (x, y, tolerance = 1e-9) => Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(x), Math.abs(y));

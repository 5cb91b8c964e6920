import { expect } from 'vitest';
import { seededRandom } from '../../src/internal/random.js';
import type { SatisfactionIndexSpec } from '../../src/index.js';
import { readFixtureCsv } from './fixtures.js';

// Shared by the item-moment tests (in memory and in the engines): the surveys, the fit specs
// every moment-based path must reproduce, and a relative comparison of whole results.

export type SurveyColumns = Record<string, (number | null)[]>;

/** The ECSI mobile-phone survey (250 respondents, 24 items on 1–10, no missing answers). */
export function ecsiSurvey(): SurveyColumns {
  const columns = readFixtureCsv('satisfaction/ecsi_mobi.csv').columns as Record<string, Float64Array>;
  return Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, Array.from(values)]));
}

/**
 * 500 seeded respondents × 7 items on a 1–7 scale driven by two latent factors (so PCA keeps
 * more than one component), about 4% NULL and 1% NaN answers; one item named with a quote,
 * a space and a non-ASCII letter to exercise quoting.
 */
export function generatedSurvey(): SurveyColumns {
  const rng = seededRandom(1607);
  const names = ['a1', 'a2', 'a3', 'b1', 'b2', 'b "3" ä', 'c1'];
  const out: SurveyColumns = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < 500; i++) {
    const f = rng.normal();
    const g = rng.normal();
    names.forEach((name, j) => {
      const latent = j < 3 ? f : j < 6 ? g : 0.5 * f + 0.5 * g;
      const answer = Math.min(7, Math.max(1, Math.round(4 + 1.2 * latent + 0.9 * rng.normal())));
      const u = rng.uniform();
      out[name].push(u < 0.04 ? null : u < 0.05 ? Number.NaN : answer);
    });
  }
  return out;
}

export const ECSI_ITEMS = ['IMAG1', 'IMAG2', 'IMAG3', 'IMAG4', 'IMAG5', 'PERQ1', 'PERQ2', 'PERQ3', 'PERV1', 'PERV2'];
export const GENERATED_ITEMS = ['a1', 'a2', 'a3', 'b1', 'b2', 'b "3" ä', 'c1'];

/** The fit specs each moment path must reproduce: one level (Kaiser, varimax, fixed k, a variance target) and three levels. */
export function indexSpecs(survey: 'ecsi' | 'generated'): [string, SatisfactionIndexSpec][] {
  const items = survey === 'ecsi' ? ECSI_ITEMS : GENERATED_ITEMS;
  const scale: [number, number] = survey === 'ecsi' ? [1, 10] : [1, 7];
  const dimensions: Record<string, string[]> =
    survey === 'ecsi'
      ? { Image: ECSI_ITEMS.slice(0, 5), Quality: ECSI_ITEMS.slice(5, 8), Value: ECSI_ITEMS.slice(8) }
      : { A: GENERATED_ITEMS.slice(0, 3), B: GENERATED_ITEMS.slice(3, 6), C: GENERATED_ITEMS.slice(6) };
  return [
    ['one level, Kaiser', { items, scale, missing: 'skip' }],
    ['one level, varimax, 2 components', { items, scale, missing: 'skip', retention: { rule: 'fixed', k: 2 }, rotation: 'varimax' }],
    ['one level, 80% of the variance', { items, scale, missing: 'skip', retention: { rule: 'variance', target: 0.8 } }],
    ['three levels, varimax', { dimensions, scale, missing: 'skip', rotation: 'varimax' }],
  ];
}

/**
 * Every number of `actual` within `relative` of the one of `expected` (|a − b| ≤ relative ·
 * max(|a|, |b|), or ≤ 1e-13 for numbers that are 0 in exact arithmetic and come out as
 * rounding noise), every other value equal, the same keys and lengths.
 */
export function expectRelativelyEqual(actual: unknown, expected: unknown, relative = 1e-9, path = 'result'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const diff = Math.abs(actual - expected);
    const ok = Object.is(actual, expected) || diff <= relative * Math.max(Math.abs(actual), Math.abs(expected)) || diff <= 1e-13;
    expect(ok, `${path}: ${actual} vs ${expected} (relative ${diff / Math.abs(expected)})`).toBe(true);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((value, i) => expectRelativelyEqual((actual as unknown[])[i], value, relative, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', path).toBe(true);
    expect(Object.keys(actual as object).sort(), `${path} keys`).toEqual(Object.keys(expected).sort());
    for (const [key, value] of Object.entries(expected)) expectRelativelyEqual((actual as Record<string, unknown>)[key], value, relative, `${path}.${key}`);
    return;
  }
  expect(actual, path).toEqual(expected);
}

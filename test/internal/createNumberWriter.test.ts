import { describe, expect, it } from 'vitest';
import { createNumberWriter, type NumberWriter } from '../../src/internal/createNumberWriter.js';
import { formatNumberText } from '../../src/internal/numberText.js';
import { seededRandom } from '../../src/internal/random.js';

// The witness is the engine itself: `String(v)` (ECMAScript Number::toString), `v.toFixed(d)`
// and the CSV writer's `formatNumberText(v)` must give the same bytes for every value.
// 10^6 seeded values per category here; `benchmarks/number-text-check.mjs` runs 10^8.
const PER_CATEGORY = 1_000_000;
const decoder = new TextDecoder();

function randomBits(seed: number): () => number {
  const random = seededRandom(seed);
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  return () => {
    words[0] = (random.uniform() * 4294967296) >>> 0;
    words[1] = (random.uniform() * 4294967296) >>> 0;
    return bits[0];
  };
}

/** Values whose written bytes differ from the reference, counted, with the first few shown. */
function mismatches(writer: NumberWriter, values: Iterable<number>, mode: 'string' | 'csv' | number): { count: number; first: string[] } {
  const out = new Uint8Array(64);
  const first: string[] = [];
  let count = 0;
  for (const v of values) {
    const end = typeof mode === 'number' ? writer.fixed(v, mode, out, 0) : writer.shortest(v, out, 0, mode === 'csv');
    const got = decoder.decode(out.subarray(0, end));
    const want = typeof mode === 'number' ? v.toFixed(mode) : mode === 'csv' ? formatNumberText(v) : String(v);
    if (got !== want) {
      count++;
      if (first.length < 5) first.push(`${want} written as ${got}`);
    }
  }
  return { count, first };
}

function* generate(n: number, next: () => number): Generator<number> {
  for (let i = 0; i < n; i++) yield next();
}

function nextUp(v: number, steps: number): number {
  const bits = new Float64Array([v]);
  const big = new BigInt64Array(bits.buffer);
  big[0] += BigInt(steps);
  return bits[0];
}

// categories of doubles, each a seeded generator of PER_CATEGORY values
const CATEGORIES: Record<string, () => Generator<number>> = {
  'random bit patterns (NaN, ±Infinity, subnormals included)': () => generate(PER_CATEGORY, randomBits(1)),
  subnormals: () => {
    const bits = randomBits(2);
    return generate(PER_CATEGORY, () => {
      const v = bits();
      const tiny = Math.abs(v) % 2.2250738585072014e-308; // keeps the sign and random mantissa bits
      return v < 0 ? -tiny : tiny;
    });
  },
  'integers up to 2^53': () => {
    const random = seededRandom(3);
    return generate(PER_CATEGORY, () => Math.floor(random.uniform() * 2 ** Math.floor(random.uniform() * 54)) * (random.uniform() < 0.5 ? -1 : 1));
  },
  'integers beyond 2^53 (to 1e25)': () => {
    const random = seededRandom(4);
    return generate(PER_CATEGORY, () => Math.floor(random.uniform() * 2 ** 53) * 2 ** Math.floor(random.uniform() * 31));
  },
  'powers of ten and their neighbours (±3 ulps)': () => {
    const random = seededRandom(5);
    return generate(PER_CATEGORY, () => nextUp(Number(`1e${Math.floor(random.uniform() * 632) - 323}`), Math.floor(random.uniform() * 7) - 3));
  },
  'short decimals (12.34, 0.005, 1234.5678)': () => {
    const random = seededRandom(6);
    return generate(PER_CATEGORY, () => {
      const digits = Math.floor(random.uniform() * 10 ** (1 + Math.floor(random.uniform() * 8)));
      return Number(`${random.uniform() < 0.5 ? '-' : ''}${digits}e${Math.floor(random.uniform() * 24) - 12}`);
    });
  },
  'the form switches at 1e21 and 1e-7 (decimal ↔ exponent)': () => {
    const random = seededRandom(7);
    const anchors = [1e21, 1e-7, 1e-6, 2 ** 53, 1e20, 9.999999999999999e20];
    return generate(PER_CATEGORY, () => {
      const anchor = anchors[Math.floor(random.uniform() * anchors.length)];
      return random.uniform() < 0.5 ? nextUp(anchor, Math.floor(random.uniform() * 2001) - 1000) : anchor * (0.9 + 0.2 * random.uniform());
    });
  },
  'computed values (ratios, logs, sums)': () => {
    const random = seededRandom(8);
    return generate(PER_CATEGORY, () => Math.log1p(random.uniform() * 1000) * (random.uniform() - 0.5) * 10 ** Math.floor(random.uniform() * 10 - 4));
  },
};

describe('createNumberWriter().shortest(value, out, at, bigExponential)', () => {
  for (const [name, values] of Object.entries(CATEGORIES)) {
    it(`writes exactly String(v) for ${PER_CATEGORY.toLocaleString('en-US')} ${name}`, () => {
      const result = mismatches(createNumberWriter(), values(), 'string');
      expect(result.first).toEqual([]);
      expect(result.count).toBe(0);
    });
  }

  it('writes exactly the CSV form (toExponential from 2^53 to 1e21) for integers beyond 2^53, the form switches and random bit patterns', () => {
    const writer = createNumberWriter();
    for (const name of [
      'integers beyond 2^53 (to 1e25)',
      'the form switches at 1e21 and 1e-7 (decimal ↔ exponent)',
      'random bit patterns (NaN, ±Infinity, subnormals included)',
    ]) {
      expect(mismatches(writer, CATEGORIES[name](), 'csv').first, name).toEqual([]);
    }
  });

  it('writes the edge values: ±0, NaN, ±Infinity, the extremes, ties broken to the even digit', () => {
    const values = [
      0,
      -0,
      NaN,
      Infinity,
      -Infinity,
      5e-324,
      -5e-324,
      Number.MAX_VALUE,
      -Number.MIN_VALUE,
      2.2250738585072014e-308,
      1e23,
      2 ** 53 + 2,
      2 ** 60,
      0.1,
      0.3,
      1 / 3,
      123e-20,
      4.35,
      0.000001,
      1e-7,
      1e21,
    ];
    expect(mismatches(createNumberWriter(), values, 'string').first).toEqual([]);
    const out = new Uint8Array(64);
    const writer = createNumberWriter();
    expect(decoder.decode(out.subarray(0, writer.shortest(-0, out, 0, false)))).toBe('0');
  });

  it('falls back to String(v) rarely: under 1 in 1,000 random bit patterns, never for computed values', () => {
    const writer = createNumberWriter();
    const out = new Uint8Array(64);
    for (const v of CATEGORIES['random bit patterns (NaN, ±Infinity, subnormals included)']()) writer.shortest(v, out, 0, false);
    expect(writer.fallbacks).toBeLessThan(PER_CATEGORY / 1000);
    writer.fallbacks = 0;
    for (const v of CATEGORIES['computed values (ratios, logs, sums)']()) writer.shortest(v, out, 0, false);
    expect(writer.fallbacks).toBe(0);
  });

  it('the comparison catches a deliberately wrong digit choice (the farther of two candidates, the odd one at a tie)', () => {
    // mutants of the writer's own source: the check above must see them differ from String(v)
    const source = createNumberWriter.toString();
    // (patterns, not text: the source reaches the test transpiled, its parentheses rewritten)
    const mutants: [RegExp, string][] = [
      [/up = upward < down \|\| \(?upward === down && \(quotient & 1\) === 1\)?/, 'up = upward < down || (upward === down && (quotient & 1) === 0)'],
      [/else up = upward < down;/, 'else up = upward > down;'],
    ];
    for (const [right, wrong] of mutants) {
      expect(source).toMatch(right);
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the mutant is built from the writer's own source on purpose
      const mutant = (new Function(`return (${source.replace(right, wrong)})();`) as () => NumberWriter)();
      const found = ['random bit patterns (NaN, ±Infinity, subnormals included)', 'integers beyond 2^53 (to 1e25)', 'computed values (ratios, logs, sums)']
        .map((name) => mismatches(mutant, CATEGORIES[name](), 'string').count)
        .reduce((a, b) => a + b);
      expect(found, wrong).toBeGreaterThan(0);
    }
  });
});

describe('createNumberWriter().fixed(value, decimals, out, at)', () => {
  it(`writes exactly v.toFixed(d) for ${PER_CATEGORY.toLocaleString('en-US')} values per group, d from 0 to 20`, () => {
    const random = seededRandom(9);
    const writer = createNumberWriter();
    const halves = () => generate(PER_CATEGORY, () => (Math.floor(random.uniform() * 2e6) - 1e6 + 0.5) / 10 ** Math.floor(random.uniform() * 6));
    const wide = () => generate(PER_CATEGORY, () => (random.uniform() - 0.5) * 10 ** Math.floor(random.uniform() * 30 - 8));
    const bits = randomBits(10);
    for (const group of [halves, wide, () => generate(PER_CATEGORY, bits)]) {
      const byDecimals = new Map<number, number[]>();
      for (const v of group()) {
        const d = Math.floor(random.uniform() * 21);
        const list = byDecimals.get(d) ?? [];
        list.push(v);
        byDecimals.set(d, list);
      }
      for (const [d, values] of byDecimals) expect(mismatches(writer, values, d).first, `${d} decimals`).toEqual([]);
    }
    const edges = [0, -0, -0.001, 1.005, 2.5, 0.5, -2.5, 1e21, -1e21, 1e-10, 123.456, NaN, Infinity, -Infinity, 4503599627370495.5, 8.345, 1.45];
    for (let d = 0; d <= 20; d++) expect(mismatches(writer, edges, d).first, `${d} decimals`).toEqual([]);
  });
});

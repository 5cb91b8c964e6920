import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as root from '../helpers/library.js';
import { clvConfidenceIntervals } from '../../src/node/index.js';
import { clvIntervalsThreads, clvIntervalsWorker } from '../../src/node/clvConfidenceIntervals.js';
import { HISTORY_BLOCK } from '../../src/loyalty/clv/clvIntervalPercentiles.js';
import { caught, fixturePath, readFixtureCsv } from '../helpers/fixtures.js';

// clvConfidenceIntervals from customer-value/node (issue 19): the percentile pass split over
// worker threads must give the root function's result bit for bit, for every model kind the
// root takes, on 1, 2, 3 and 'auto' threads. Witness: the root (one-thread) function on the same
// arguments; the whole result is compared through its bytes (Object.is on every number, so
// -0 and NaN count). The worker is the built one (run `npx tsup --silent` first).

const cbs = readFixtureCsv('loyalty/cdnow_btyd_cbs.csv').columns as Record<string, Float64Array>;
const odd = Float64Array.from(cbs.x, (_, i) => i % 2);
const region = Array.from(cbs.x, (_, i) => ['north', 'south', 'west'][i % 3]);
const cdnow = { frequency: cbs.x, recency: cbs.t_x, T: cbs.T_cal, monetary: cbs.m_x, odd, region };
const small = Object.fromEntries(Object.entries(cdnow).map(([k, v]) => [k, v.slice(0, 600)])) as unknown as typeof cdnow;

// Customers to value: 8,000 synthetic rows, most of them distinct histories (3 blocks of
// HISTORY_BLOCK histories), in the fitted models' columns; the threads' minimum work is lowered
// so that these small jobs are split.
function mulberry(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const N = 8000;
const u = mulberry(19);
const customers = {
  frequency: new Float64Array(N),
  recency: new Float64Array(N),
  T: new Float64Array(N),
  monetary: new Float64Array(N),
  odd: new Float64Array(N),
  region: [] as string[],
};
for (let i = 0; i < N; i++) {
  const T = 13 * (1 + Math.floor(u() * 6));
  const x = Math.floor(u() * u() * 15);
  customers.T[i] = T;
  customers.frequency[i] = x;
  customers.recency[i] = x > 0 ? Math.round(u() * T * 7) / 7 : 0;
  customers.monetary[i] = x > 0 ? 5 + Math.round(u() * 300) : 0;
  customers.odd[i] = i % 2;
  customers.region.push(['north', 'south', 'west'][i % 3]);
}
// BG/BB customers: (x, t_x, n) in opportunities, n up to 80, so that they too fill several blocks.
const donors = { frequency: new Float64Array(N), recency: new Float64Array(N), periods: new Float64Array(N), odd: new Float64Array(N) };
for (let i = 0; i < N; i++) {
  const n = 1 + Math.floor(u() * 80);
  const x = Math.floor(u() * (n + 1));
  donors.periods[i] = n;
  donors.frequency[i] = x;
  donors.recency[i] = x > 0 ? x + Math.floor(u() * (n - x + 1)) : 0;
  donors.odd[i] = i % 2;
}

const draws = (model: Parameters<typeof root.clvParameterDraws>[0], data: Parameters<typeof root.clvParameterDraws>[1], seed: number) =>
  root.clvParameterDraws(model, data, { method: 'delta', draws: 20, seed });
const valuation = { horizon: 12, timeUnit: 'month' as const, discountRate: 0.01, margin: 0.3 };
const gammaGamma = root.fitGammaGamma(cdnow, {});
const gammaGammaCovariates = root.fitGammaGammaWithCovariates(cdnow, {
  covariates: { columns: [{ column: 'region', categorical: true, reference: 'north' }] },
});
const spend = { spendModel: gammaGamma, spendDraws: draws(gammaGamma, cdnow, 2) };
const spendCovariates = { spendModel: gammaGammaCovariates, spendDraws: draws(gammaGammaCovariates, cdnow, 3) };
const donations = readFixtureCsv('../../examples/data/bgbb_donations_summary.csv').columns as Record<string, Float64Array>;
// each histogram row split into two covariate values (as test/loyalty/clvConfidenceIntervalsCovariates.test.ts)
const split = { frequency: [] as number[], recency: [] as number[], periods: [] as number[], weights: [] as number[], odd: [] as number[] };
donations.frequency.forEach((_, i) => {
  const one = Math.round(donations.weights[i] * (i % 2 === 0 ? 0.3 : 0.6));
  for (const [value, weight] of [
    [0, donations.weights[i] - one],
    [1, one],
  ])
    if (weight > 0) {
      split.frequency.push(donations.frequency[i]);
      split.recency.push(donations.recency[i]);
      split.periods.push(donations.periods[i]);
      split.weights.push(weight);
      split.odd.push(value);
    }
});
const donationsOdd = Object.fromEntries(Object.entries(split).map(([k, v]) => [k, Float64Array.from(v)]));

/** Every kind the root function takes, with the arguments of one call. */
let fitted: [string, root.ClvConfidenceIntervalsArgs][] | null = null;
function cases(): [string, root.ClvConfidenceIntervalsArgs][] {
  if (fitted !== null) return fitted;
  const betaGeo = root.fitBetaGeo(cdnow, { timeUnit: 'week' });
  const paretoNbd = root.fitParetoNbd(cdnow, { timeUnit: 'week' });
  const modifiedBetaGeo = root.fitModifiedBetaGeo(cdnow, { timeUnit: 'week' });
  const betaGeoCovariates = root.fitBetaGeoWithCovariates(cdnow, { timeUnit: 'week', covariates: { columns: [{ column: 'odd' }] } });
  const paretoNbdCovariates = root.fitParetoNbdWithCovariates(small, { timeUnit: 'week', covariates: { columns: [{ column: 'odd' }] } });
  const bgbb = root.fitBetaGeoBetaBinomial(donations, { periodUnit: 'year', columns: { count: 'weights' } });
  const bgbbCovariates = root.fitBetaGeoBetaBinomialWithCovariates(donationsOdd, {
    periodUnit: 'year',
    columns: { count: 'weights' },
    covariates: { columns: [{ column: 'odd' }] },
  });
  return (fitted = [
    ['betaGeo + gammaGamma', { ...valuation, totalsOverTime: true, customers, purchaseModel: betaGeo, purchaseDraws: draws(betaGeo, cdnow, 11), ...spend }],
    ['paretoNbd + gammaGamma', { ...valuation, customers, purchaseModel: paretoNbd, purchaseDraws: draws(paretoNbd, cdnow, 12), ...spend }],
    ['modifiedBetaGeo alone', { ...valuation, customers, purchaseModel: modifiedBetaGeo, purchaseDraws: draws(modifiedBetaGeo, cdnow, 13) }],
    [
      'betaGeoCovariates + gammaGammaCovariates',
      { ...valuation, customers, purchaseModel: betaGeoCovariates, purchaseDraws: draws(betaGeoCovariates, cdnow, 14), ...spendCovariates },
    ],
    [
      'paretoNbdCovariates + gammaGamma',
      { ...valuation, customers, purchaseModel: paretoNbdCovariates, purchaseDraws: draws(paretoNbdCovariates, small, 15), ...spend },
    ],
    ['betaGeoBetaBinomial', { customers: donors, horizon: 5, totalsOverTime: true, purchaseModel: bgbb, purchaseDraws: draws(bgbb, donations, 16) }],
    [
      'betaGeoBetaBinomialCovariates',
      { customers: donors, horizon: 5, purchaseModel: bgbbCovariates, purchaseDraws: draws(bgbbCovariates, donationsOdd, 17), levels: [0.1, 0.25, 0.9] },
    ],
  ]);
}

/** The result's every number, as bytes (typed arrays and plain numbers alike). */
function bytes(result: unknown): string {
  return JSON.stringify(result, (_, v: unknown) => {
    if (v instanceof Float64Array || v instanceof Int32Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
    if (typeof v === 'number') return Buffer.from(Float64Array.of(v).buffer).toString('base64');
    return v;
  });
}

// The root function's whole result per kind, as SHA-256 of its bytes, written by the build of
// 8548050 (values in units of 32 draws over all keys, transposed into the rows) and unchanged by
// the units of draws × key blocks that replaced it: a change of any number's last bit fails here.
// Regenerate only for a deliberate change of the numbers (and say so in the CHANGELOG).
const GOLDEN_SHA256: Record<string, string> = {
  'betaGeo + gammaGamma': '99974a21e5ce0e1dbeeaacc500d90a1b04fddb7c8931364122dc97867fd2588e',
  'paretoNbd + gammaGamma': '35c260570798d1165ed6c740ffd688a3e63316ab36a0e93796e2ae7b5e3cb21f',
  'modifiedBetaGeo alone': 'b433aa96b03c2a367912d0c755b006bb70f44f709926aaf29db18da4934ccb4f',
  'betaGeoCovariates + gammaGammaCovariates': 'f20c93887fb462e73dbe6e072693c6e3c8adc6dded1bed7f21b29d92862bd63c',
  'paretoNbdCovariates + gammaGamma': '502c9662b9c52d19442fc6e4c3a9a95743ad91c94135e7cd48d2494e792543d9',
  betaGeoBetaBinomial: '4679209bc6e8d93ba49faea4268f13f7f6fd48631a121422ec5043e68df9b09d',
  betaGeoBetaBinomialCovariates: '9b66364a61f7fcb91096d94416e122fd5906990fe8a160970cded4690518659d',
};

describe('clvConfidenceIntervals (root): the bytes of 8548050', () => {
  it('every kind gives the same result, bit for bit, as before the value units were split by key blocks', () => {
    const got = Object.fromEntries(
      cases().map(([name, args]) => [
        name,
        createHash('sha256')
          .update(bytes(root.clvConfidenceIntervals(args)))
          .digest('hex'),
      ]),
    );
    expect(got).toEqual(GOLDEN_SHA256);
  }, 600_000);
});

describe('clvConfidenceIntervals on threads (customer-value/node)', () => {
  const before = { ...clvIntervalsWorker };
  beforeAll(() => {
    clvIntervalsWorker.file = fixturePath('../../dist/clvIntervalsWorker.js');
    clvIntervalsWorker.minValuesPerThread = 1000;
    // 21 draws in units of 4: the values at every draw are split over the threads too
    clvIntervalsWorker.drawsPerUnit = 4;
  });
  afterAll(() => {
    Object.assign(clvIntervalsWorker, before);
  });

  it('gives the root function’s result bit for bit on 1, 2, 3 and auto threads, for every kind the root takes', () => {
    const all = cases();
    expect(all.map(([name]) => name)).toHaveLength(7);
    for (const [name, args] of all) {
      const one = root.clvConfidenceIntervals(args);
      expect(one.distinctHistories, name).toBeGreaterThan(2 * HISTORY_BLOCK);
      const reference = bytes(one);
      for (const threads of [1, 2, 3, 'auto'] as const) {
        const threaded = clvConfidenceIntervals({ ...args, threads });
        expect(clvIntervalsThreads.last, `${name}, threads ${threads}`).toBe(threads === 'auto' ? clvIntervalsThreads.last : threads);
        // the values at every draw ran in units of draws on as many threads (the callers' and the workers')
        expect(clvIntervalsThreads.values, `${name}, threads ${threads}`).toBe(threads === 'auto' ? clvIntervalsThreads.values : threads);
        expect(clvIntervalsThreads.serialRerun, `${name}, threads ${threads}`).toBe(false);
        expect(bytes(threaded) === reference, `${name}, threads ${threads}`).toBe(true);
      }
    }
  }, 600_000);

  it('sums the per-draw totals by blocks of histories in block order: a history-order sum of the same terms agrees to 1e-12', () => {
    const [, args] = cases()[0];
    const result = clvConfidenceIntervals({ ...args, threads: 2 });
    // the estimate's total from customerLifetimeValue at the model (one sum in customer order)
    const clv = root.customerLifetimeValue({
      ...valuation,
      customers,
      purchaseModel: args.purchaseModel as root.BetaGeoModel,
      spendModel: gammaGamma,
    });
    let total = 0;
    for (const v of clv.clv) total += v;
    expect(Math.abs(result.totals.value!.estimate / total - 1)).toBeLessThan(1e-12);
  }, 600_000);

  it('refuses a value that is not finite at a draw as the root does, the first in draw order, though a worker met it', () => {
    const [, args] = cases()[0];
    const plant = (draws: root.ClvParameterDraws, at: Record<number, Record<string, number>>) => ({
      ...draws,
      draws: draws.draws.map((d, i) => (at[i] === undefined ? d : { ...d, ...at[i] })),
    });
    const attacks: Record<string, unknown>[] = [
      // an expected spend that overflows at draws 14 and 3 (units 3 and 0): the root names draw 3
      { ...args, spendDraws: plant(args.spendDraws!, { 3: { p: 1e300, gamma: 1e300 }, 14: { p: 1e300, gamma: 1e300 } }) },
      // only in a late unit (draw 17), which a worker may take
      { ...args, spendDraws: plant(args.spendDraws!, { 17: { p: 1e300, gamma: 1e300 } }) },
      // a purchase draw whose P(alive) or expectations cannot be computed (draw 9)
      { ...args, purchaseDraws: plant(args.purchaseDraws, { 9: { r: 1e300, alpha: 1e-300 } }) },
      // purchase and spend both refused at draw 9: the purchase side's values come first within a draw
      {
        ...args,
        purchaseDraws: plant(args.purchaseDraws, { 9: { r: 1e300, alpha: 1e-300 } }),
        spendDraws: plant(args.spendDraws!, { 9: { p: 1e300, gamma: 1e300 } }),
      },
      // spend refused at draw 5, purchase at draw 9: the earlier draw comes first
      {
        ...args,
        purchaseDraws: plant(args.purchaseDraws, { 9: { r: 1e300, alpha: 1e-300 } }),
        spendDraws: plant(args.spendDraws!, { 5: { p: 1e300, gamma: 1e300 } }),
      },
    ];
    for (const [i, attack] of attacks.entries()) {
      const expected = caught(() => root.clvConfidenceIntervals(attack as never));
      expect(expected, `attack ${i}`).toBeInstanceOf(root.CustomerValueError);
      for (const threads of [2, 3]) {
        const got = caught(() => clvConfidenceIntervals({ ...attack, threads } as never));
        expect(clvIntervalsThreads.values, `attack ${i}, threads ${threads}`).toBe(threads);
        expect(clvIntervalsThreads.serialRerun, `attack ${i}, threads ${threads}`).toBe(true);
        expect(got).toBeInstanceOf(root.CustomerValueError);
        expect({ code: got.code, message: got.message, issues: got.issues }).toEqual({
          code: expected.code,
          message: expected.message,
          issues: expected.issues,
        });
      }
    }
    expect(caught(() => root.clvConfidenceIntervals(attacks[0] as never)).message).toMatch(
      /the expected spend of the customer in row \d+ is not a finite number at spendDraws\.draws\[3\]/,
    );
    const purchaseAt9 = caught(() => root.clvConfidenceIntervals(attacks[2] as never)).message;
    expect(purchaseAt9).toMatch(/the BG\/NBD expected purchases could not be computed[\s\S]*\(r, α, a, b\) = \(1\.00000e\+300, 1\.00000e-300/);
    expect(caught(() => root.clvConfidenceIntervals(attacks[3] as never)).message).toBe(purchaseAt9);
    expect(caught(() => root.clvConfidenceIntervals(attacks[4] as never)).message).toMatch(/spendDraws\.draws\[5\]/);
    // the next call on the same pool gives the root's result
    expect(bytes(clvConfidenceIntervals({ ...args, threads: 2 })) === bytes(root.clvConfidenceIntervals(args))).toBe(true);
  }, 600_000);

  it('refuses in draw order across the totals over time: an expectation refused at draw 4 before the horizon beats a value refused at draw 13', () => {
    // A draw at which BG/NBD's E[Y(t) | alive, x = 8, T = 52] cannot be computed at t = 9 and 10
    // weeks but can at the 12-week horizon: only the totals over time (every period) meet it. The
    // parameters are extreme on purpose (found by a search of the closed form); the premise is checked.
    const erratic = { r: 6401.494321723587, alpha: 3.9238323174385394, a: 0.11028095465112128, b: 3.3305008725211884 };
    const [, args] = cases()[0];
    const purchaseModel = args.purchaseModel as root.BetaGeoModel;
    // 400 customers with x = 8, T = 52 and distinct recencies: enough values to split over 3 threads
    const recency = Float64Array.from({ length: 400 }, (_, i) => 8 + i / 10);
    const few = { frequency: new Float64Array(400).fill(8), recency, T: new Float64Array(400).fill(52) };
    const plant = (at: Record<number, Record<string, number>>) => ({
      ...args.purchaseDraws,
      draws: args.purchaseDraws.draws.map((d, i) => (at[i] === undefined ? d : { ...d, ...at[i] })),
    });
    const call = (draws: root.ClvParameterDraws) => ({ customers: few, purchaseModel, purchaseDraws: draws, horizon: 12, timeUnit: 'week' as const });
    // the premise: at draw 4 alone, every value at the horizon is finite; the totals over time are refused at t = 9
    expect(() => root.clvConfidenceIntervals(call(plant({ 4: erratic })))).not.toThrow();
    const overTime = caught(() => root.clvConfidenceIntervals({ ...call(plant({ 4: erratic })), totalsOverTime: true }));
    expect(overTime.code).toBe('not_converged');
    expect(overTime.issues[0].received).toMatch(/\(r, α, a, b\) = \(6401\.49, .*horizon t = 9$/);
    // draw 13 refused in the values at the horizon (P(alive) and E[Y(12)]), draw 4 only over time: draw 4 comes first
    const both = { ...call(plant({ 4: erratic, 13: { r: 1e300, alpha: 1e-300 } })), totalsOverTime: true };
    const expected = caught(() => root.clvConfidenceIntervals(both));
    expect({ code: expected.code, message: expected.message, issues: expected.issues }).toEqual({
      code: overTime.code,
      message: overTime.message,
      issues: overTime.issues,
    });
    const minimum = clvIntervalsWorker.minValuesPerThread;
    try {
      clvIntervalsWorker.minValuesPerThread = 100;
      for (const threads of [2, 3]) {
        const got = caught(() => clvConfidenceIntervals({ ...both, threads }));
        expect(clvIntervalsThreads.values, `threads ${threads}`).toBe(threads);
        expect(clvIntervalsThreads.serialRerun, `threads ${threads}`).toBe(true);
        expect({ code: got.code, message: got.message, issues: got.issues }).toEqual({
          code: expected.code,
          message: expected.message,
          issues: expected.issues,
        });
      }
    } finally {
      clvIntervalsWorker.minValuesPerThread = minimum;
    }
  }, 600_000);

  it('splits the values at every draw by blocks of keys too: the same bits as one block of all keys, on 1 and 3 threads, and the same refusal', () => {
    const all = cases();
    // betaGeo + gammaGamma with totals over time; both models with covariates (each block's own parameters), also
    // with totals over time (the over-time flows a block of pairs at a time, each block's model at its own parameters)
    const [covariateName, covariateArgs] = all[3];
    const kinds: [string, root.ClvConfidenceIntervalsArgs][] = [
      all[0],
      all[3],
      [`${covariateName}, totals over time`, { ...covariateArgs, totalsOverTime: true }],
    ];
    const set = (draws: number, keys: number) => Object.assign(clvIntervalsWorker, { drawsPerUnit: draws, keysPerUnit: keys });
    try {
      for (const [name, args] of kinds) {
        const reference = bytes(root.clvConfidenceIntervals(args));
        for (const threads of [1, 3]) {
          // every draw in one block, every key in one block: two units (all the pairs, all the spend groups)
          set(1_000_000, 1_000_000);
          const whole = clvConfidenceIntervals({ ...args, threads });
          expect(clvIntervalsThreads.valueUnits, `${name}, threads ${threads}`).toBe(2);
          // 21 draws in blocks of 8 (3 draw blocks), keys in blocks of 16: many more units than draw blocks
          set(8, 16);
          const blocked = clvConfidenceIntervals({ ...args, threads });
          expect(clvIntervalsThreads.valueUnits, `${name}, threads ${threads}`).toBeGreaterThan(10 * 3);
          expect(clvIntervalsThreads.values, `${name}, threads ${threads}`).toBe(threads);
          expect(clvIntervalsThreads.serialRerun, `${name}, threads ${threads}`).toBe(false);
          expect(bytes(blocked) === bytes(whole), `${name}, threads ${threads}`).toBe(true);
          expect(bytes(blocked) === reference, `${name}, threads ${threads}`).toBe(true);
        }
      }
      // a value that is not finite in several key blocks and draw blocks: the root's error, the first in draw order
      const [, args] = all[0];
      const late = { 3: { p: 1e300, gamma: 1e300 }, 14: { p: 1e300, gamma: 1e300 } } as Record<number, Record<string, number>>;
      const attack = { ...args, spendDraws: { ...args.spendDraws!, draws: args.spendDraws!.draws.map((d, i) => ({ ...d, ...late[i] })) } };
      const expected = caught(() => root.clvConfidenceIntervals(attack));
      for (const threads of [1, 3]) {
        const got = caught(() => clvConfidenceIntervals({ ...attack, threads }));
        expect(clvIntervalsThreads.serialRerun, `threads ${threads}`).toBe(threads > 1);
        expect({ code: got.code, message: got.message, issues: got.issues }).toEqual({
          code: expected.code,
          message: expected.message,
          issues: expected.issues,
        });
      }
    } finally {
      set(4, before.keysPerUnit);
    }
  }, 600_000);

  it('refuses what the root refuses with the same CustomerValueError (naming the row, column or field), and validates threads', () => {
    const [, args] = cases()[0];
    const badRow = { ...customers, monetary: Float64Array.from(customers.monetary, (m, i) => (i === 4321 && customers.frequency[i] > 0 ? -5 : m)) };
    badRow.frequency[4321] = Math.max(1, badRow.frequency[4321]);
    const attacks: Record<string, unknown>[] = [
      { ...args, customers: badRow },
      { ...args, customers: { ...customers, recency: undefined } },
      { ...args, horizon: 0 },
      { ...args, spendDraws: undefined },
      { ...args, purchaseDraws: { ...args.purchaseDraws, draws: args.purchaseDraws.draws.map((d, i) => (i === 3 ? { ...d, r: -1 } : d)) } },
    ];
    for (const attack of attacks) {
      const expected = caught(() => root.clvConfidenceIntervals(attack as never));
      const got = caught(() => clvConfidenceIntervals({ ...attack, threads: 2 } as never));
      expect(got).toBeInstanceOf(root.CustomerValueError);
      expect({ code: got.code, message: got.message, issues: got.issues }).toEqual({ code: expected.code, message: expected.message, issues: expected.issues });
    }
    expect(caught(() => clvConfidenceIntervals({ ...attacks[0], threads: 2 } as never)).issues[0]).toMatchObject({ row: 4321, column: 'monetary' });
    for (const threads of [0, 1.5, 257, 'all']) {
      const error = caught(() => clvConfidenceIntervals({ ...args, threads } as never));
      expect(error.code).toBe('invalid_spec');
      expect(error.issues[0]).toMatchObject({ function: 'clvConfidenceIntervals', path: 'arguments.threads' });
    }
  }, 600_000);
});

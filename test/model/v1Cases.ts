// One fit per model kind on deterministic, self-contained data: test/fixtures/model/v1/writeV1Models.ts
// fitted these with the version-1 code and saved the models; test/model/upgradeModel.test.ts refits
// the same calls with today's code and checks the upgraded version-1 model equals the fresh fit.
// Do not change the data or specs: the saved version-1 models were fitted on exactly these.
import type * as Root from '../helpers/library.js';

type Fitters = Pick<typeof Root, 'fitRfm' | 'fitValuePyramid' | 'fitSatisfactionIndex' | 'fitBetaGeo' | 'fitGammaGamma' | 'fitSegments' | 'fitPlsPathModel'>;

/** mulberry32: a small seeded generator, so the data is the same on every machine. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A customer summary (frequency, recency, T in weeks, monetary, revenue) with two rows holding a missing value. */
export function customerSummary(): Record<string, number[]> {
  const random = generator(15);
  const frequency: number[] = [];
  const recency: number[] = [];
  const T: number[] = [];
  const monetary: number[] = [];
  const revenue: number[] = [];
  for (let i = 0; i < 240; i++) {
    const t = 20 + Math.floor(random() * 30);
    const x = random() < 0.45 ? 0 : 1 + Math.floor(random() * random() * 12);
    const tx = x === 0 ? 0 : Math.round(t * (0.2 + 0.8 * random()) * 100) / 100;
    const m = x === 0 ? 0 : Math.round((15 + 60 * random() * random() + 10 * random()) * 100) / 100;
    frequency.push(x);
    recency.push(tx);
    T.push(t);
    monetary.push(m);
    revenue.push(Math.round(m * (x + 1) * 100) / 100);
  }
  // rows skipped by `missing: 'skip'`, counted in the model
  revenue[7] = NaN;
  frequency[131] = NaN;
  return { frequency, recency, T, monetary, revenue };
}

/** Survey answers on 1–10 driven by two correlated latent variables. */
export function survey(): Record<string, number[]> {
  const random = generator(1515);
  const names = ['q1', 'q2', 'q3', 's1', 's2', 's3'];
  const columns: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const clamp = (v: number) => Math.min(10, Math.max(1, Math.round(v)));
  for (let i = 0; i < 150; i++) {
    const quality = 6 + 2.5 * (random() + random() + random() - 1.5);
    const satisfaction = 0.7 * quality + 2 + 2 * (random() - 0.5);
    for (const n of names) columns[n].push(clamp((n[0] === 'q' ? quality : satisfaction) + 2 * (random() - 0.5)));
  }
  return columns;
}

export interface ModelCase {
  readonly name: string;
  readonly kind: string;
  readonly fit: (fitters: Fitters) => unknown;
}

export const modelCases: readonly ModelCase[] = [
  {
    name: 'rfm',
    kind: 'rfm',
    fit: (f) =>
      f.fitRfm(customerSummary(), {
        recency: { column: 'recency', better: 'higher' },
        frequency: { column: 'frequency' },
        monetary: { column: 'revenue' },
        missing: 'skip',
      }),
  },
  {
    name: 'valuePyramid',
    kind: 'valuePyramid',
    fit: (f) =>
      f.fitValuePyramid(customerSummary(), {
        dimensions: [
          { column: 'revenue', transform: 'log1p' },
          { column: 'frequency', weight: 0.5 },
        ],
        missing: 'skip',
      }),
  },
  {
    name: 'valuePyramid-cumulativeShare',
    kind: 'valuePyramid',
    fit: (f) =>
      f.fitValuePyramid(customerSummary(), { dimensions: [{ column: 'revenue', scale: 'none' }], tiers: { method: 'cumulativeShare' }, missing: 'skip' }),
  },
  {
    name: 'satisfactionIndex',
    kind: 'satisfactionIndex',
    fit: (f) => f.fitSatisfactionIndex(survey(), { items: ['q1', 'q2', 'q3', 's1', 's2', 's3'], scale: [1, 10] }),
  },
  {
    name: 'satisfactionIndex-dimensions',
    kind: 'satisfactionIndex',
    fit: (f) =>
      f.fitSatisfactionIndex(survey(), { dimensions: { Quality: ['q1', 'q2', 'q3'], Satisfaction: ['s1', 's2', 's3'] }, scale: [1, 10], rotation: 'varimax' }),
  },
  {
    name: 'betaGeo',
    kind: 'betaGeo',
    fit: (f) => f.fitBetaGeo(customerSummary(), { timeUnit: 'week', missing: 'skip' }),
  },
  {
    name: 'gammaGamma',
    kind: 'gammaGamma',
    fit: (f) => f.fitGammaGamma(customerSummary(), { missing: 'skip' }),
  },
  {
    name: 'segments',
    kind: 'segments',
    fit: (f) => f.fitSegments(customerSummary(), { features: ['recency', 'frequency', 'revenue'], k: 3, seed: 7, missing: 'skip' }),
  },
  {
    name: 'plsPathModel',
    kind: 'plsPathModel',
    fit: (f) =>
      f.fitPlsPathModel(survey(), {
        constructs: { Quality: { items: ['q1', 'q2', 'q3'] }, Satisfaction: { items: ['s1', 's2', 's3'] } },
        paths: [['Quality', 'Satisfaction']],
        scale: [1, 10],
      }),
  },
];

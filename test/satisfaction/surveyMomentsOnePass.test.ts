import { afterEach, describe, expect, it, vi } from 'vitest';
import { bartlettSphericity, cronbachAlpha, fitSatisfactionIndex, kmo } from '../../src/index.js';
import { ColumnReader } from '../../src/internal/columnReader.js';
import { momentMatrix } from '../../src/internal/momentMatrix.js';
import { seededRandom } from '../../src/internal/random.js';
import { caught } from '../helpers/fixtures.js';

// The moment-based satisfaction functions read Float64Array answers once: the scale (or
// finiteness) is proved in the moments' first pass instead of a separate checking pass, and only
// data that fails it is read again the checking way. Witnesses: the same numbers, bit for bit,
// as the same answers given as plain arrays (always read the checking way), and the same
// errors, naming the same rows and columns.
const ITEMS = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'];
const SPEC = { items: ITEMS, scale: [1, 10] as [number, number] };

function survey(n: number, seed = 7): Record<string, Float64Array> {
  const random = seededRandom(seed);
  const columns: Record<string, Float64Array> = {};
  const base = Float64Array.from({ length: n }, () => random.uniform());
  for (const item of ITEMS) columns[item] = Float64Array.from(base, (b) => Math.min(10, Math.max(1, Math.round(1 + 9 * (0.6 * b + 0.4 * random.uniform())))));
  return columns;
}
const plain = (columns: Record<string, Float64Array>) => Object.fromEntries(Object.entries(columns).map(([name, x]) => [name, Array.from(x)]));
const withValue = (columns: Record<string, Float64Array>, item: string, row: number, value: number) => {
  const copy = Object.fromEntries(Object.entries(columns).map(([name, x]) => [name, x.slice()]));
  copy[item][row] = value;
  return copy;
};
const FUNCTIONS = {
  fitSatisfactionIndex: (data: object, missing?: 'skip') => fitSatisfactionIndex(data, { ...SPEC, ...(missing ? { missing } : {}) }),
  // no scale: the values must be finite
  cronbachAlpha: (data: object, missing?: 'skip') => cronbachAlpha(data, ITEMS, missing ? { missing } : {}),
  kmo: (data: object, missing?: 'skip') => kmo(data, ITEMS, missing ? { missing } : {}),
  bartlettSphericity: (data: object, missing?: 'skip') => bartlettSphericity(data, ITEMS, missing ? { missing } : {}),
};

afterEach(() => vi.restoreAllMocks());

describe('surveyMoments: Float64Array answers read once, the scale checked in the moments pass', () => {
  const columns = survey(5000);

  it.each(Object.keys(FUNCTIONS))('%s gives the same result, bit for bit, as plain arrays read the checking way', (name) => {
    const run = FUNCTIONS[name as keyof typeof FUNCTIONS];
    expect(run(columns)).toStrictEqual(run(plain(columns)));
  });

  it('never runs the checking read on clean Float64Array answers (the moments pass checks them)', () => {
    const checking = vi.spyOn(ColumnReader.prototype, 'number');
    fitSatisfactionIndex(columns, SPEC);
    expect(checking).not.toHaveBeenCalled();
    fitSatisfactionIndex(plain(columns), SPEC);
    expect(checking).toHaveBeenCalledTimes(ITEMS.length);
  });

  it.each([
    ['off the scale', 11],
    ['below the scale', 0],
    ['NaN', Number.NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
  ])('an answer %s gives the error plain arrays give, naming the row and column', (_name, value) => {
    for (const [item, row] of [
      ['q1', 0],
      ['q4', 2345],
      ['q6', 4999],
    ] as const) {
      const data = withValue(columns, item, row, value);
      // without a scale (cronbachAlpha, kmo, bartlettSphericity), any finite answer is fine
      const runs = Number.isFinite(value) ? [FUNCTIONS.fitSatisfactionIndex] : Object.values(FUNCTIONS);
      for (const run of runs) {
        const ours = caught(() => run(data));
        const reference = caught(() => run(plain(data)));
        expect(ours.message).toBe(reference.message);
        expect(ours.issues).toEqual(reference.issues);
        expect(ours.issues.some((issue: { row?: number; column?: string }) => issue.row === row && issue.column === item)).toBe(true);
      }
    }
  });

  it("drops a respondent with a missing (NaN) answer under missing: 'skip' as plain arrays do", () => {
    const data = withValue(columns, 'q3', 17, Number.NaN);
    const ours = fitSatisfactionIndex(data, { ...SPEC, missing: 'skip' });
    expect(ours.fitted.skipped).toBe(1);
    expect(ours).toStrictEqual(fitSatisfactionIndex(plain(data), { ...SPEC, missing: 'skip' }));
  });

  it("momentMatrix's range pass gives the same moments as the plain pass, null outside the range", () => {
    const x = ITEMS.slice(0, 5).map((item) => columns[item]); // 4 columns at a time and 1 left over
    const range = { min: 1, max: 10 };
    expect(momentMatrix(x, null, 'auto', range)).toStrictEqual(momentMatrix(x, null));
    expect(momentMatrix(x, null, 'js', { min: 1, max: 9 })).toBeNull();
    expect(momentMatrix(x, null, 'js', { min: 2, max: 10 })).toBeNull();
    const last = x.map((c, j) => (j === 4 ? withValue({ c }, 'c', 3, Number.NaN).c : c));
    expect(momentMatrix(last, null, 'js', range)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { varimax } from '../../src/index.js';
import { caught } from '../helpers/fixtures.js';

// Malformed loading matrices (what a hand-built or JSON-loaded matrix can hold) are refused at the
// door with the row named; before, a null row threw a raw TypeError from inside the rotation.
const good = [
  [0.7, 0.5],
  [0.7, 0.4],
  [0.6, -0.5],
  [0.5, -0.6],
];

describe('varimax(loadings) refuses malformed matrices, naming the row', () => {
  it.each([
    ['a null first row', [null, ...good.slice(1)], 0, 'loadings[0]', 'null'],
    ['a null later row', [good[0], good[1], null, good[3]], 2, 'loadings[2]', 'null'],
    ['a null cell', [good[0], [0.7, null], good[2], good[3]], 1, 'loadings[1][1]', 'null'],
    ['a text cell', [good[0], good[1], good[2], [0.5, '0.6']], 3, 'loadings[3][1]', '"0.6"'],
    ['a NaN cell', [good[0], [Number.NaN, 0.4], good[2], good[3]], 1, 'loadings[1][0]', 'NaN'],
    ['a ragged row', [good[0], good[1], [0.6], good[3]], 2, 'loadings[2]', '1 numbers'],
    ['a row that is an object', [good[0], good[1], good[2], { 0: 0.5, 1: -0.6 }], 3, 'loadings[3]', undefined],
  ])('%s: CustomerValueError invalid_value at that row', (_, loadings, row, column, received) => {
    const error = caught(() => varimax(loadings as never));
    expect(error.name).toBe('CustomerValueError');
    expect(error.code).toBe('invalid_value');
    expect(error.issues[0]).toMatchObject({ function: 'varimax', row, path: column, ...(received === undefined ? {} : { received }) });
  });

  it('names every bad row, and refuses a non-array and an empty matrix', () => {
    expect(caught(() => varimax([null, good[1], null, good[3]] as never)).issues.map((i: { row: number }) => i.row)).toEqual([0, 2]);
    expect(caught(() => varimax(null as never)).issues[0]).toMatchObject({ path: 'loadings', received: 'null' });
    expect(caught(() => varimax([])).code).toBe('invalid_value');
  });

  it('still rotates a valid matrix as R does', () => {
    // R: varimax(matrix(c(.7, .5, .7, .4, .6, -.5, .5, -.6), ncol = 2, byrow = TRUE))$loadings
    const rounded = varimax(good).loadings.map((r) => r.map((v) => Math.round(v * 100) / 100));
    expect(rounded).toEqual([
      [0.86, -0.05],
      [0.8, -0.13],
      [0.15, -0.77],
      [0.01, -0.78],
    ]);
  });
});

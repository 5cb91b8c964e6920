import { describe, expect, it } from 'vitest';
import { compileScorer, parseModel, scoreSatisfactionIndex, scoreSegments, scoreValuePyramid, toSql } from '../../src/index.js';
import { betaGeoCovariatePredictions, probabilityAlive } from '../../src/clv.js';
import { caught } from '../helpers/fixtures.js';
import { REFUSAL_MODELS } from '../helpers/sqlRefusal.js';

// Models whose schema is satisfied but whose values make scoring non-finite: one check
// (checkModelValues) refuses them in parseModel, compileScorer, toSql and the per-model scorers.
const clone = <T>(model: T): any => JSON.parse(JSON.stringify(model));

const pyramidTinySpread = clone(REFUSAL_MODELS.valuePyramid);
pyramidTinySpread.scaling[1].spread = 5e-324; // weight / spread = Infinity
const pyramidHugeWeight = clone(REFUSAL_MODELS.valuePyramid);
pyramidHugeWeight.scaling[0].weight = 1e308; // log1p dimension: a·(log1p(x) − c) overflows
const indexHugeWeights = clone(REFUSAL_MODELS.satisfactionIndex);
indexHugeWeights.weights = [1e308, -1e308, 1]; // sums to 1, but Σ w·x overflows
const segmentsTinyScale = clone(REFUSAL_MODELS.segments);
segmentsTinyScale.scaling[0].scale = 5e-324; // 1 / scale = Infinity
const segmentsFarCenter = clone(REFUSAL_MODELS.segments);
segmentsFarCenter.centers[0][0] = 1e200; // squared distances overflow
const betaGeoHugeB = clone(REFUSAL_MODELS.betaGeo);
betaGeoHugeB.params.alpha = 1e300; // α + T overflows for T near the largest double
const covariatesHugeAlpha = clone(REFUSAL_MODELS.betaGeoCovariates);
covariatesHugeAlpha.params.alpha = 1e150; // α·e^(−γ'z) leaves the doubles for some accepted covariates
const covariatesHugeLevel = clone(REFUSAL_MODELS.betaGeoCovariates);
covariatesHugeLevel.coefficients.purchase[0] = 500; // segment b: exp(ln α − 500) is subnormal

const score = {
  valuePyramid: (m: any) => scoreValuePyramid(m, { spend: [1], frequency: [1], T: [1] }),
  satisfactionIndex: (m: any) => scoreSatisfactionIndex(m, { q1: [1], q2: [1], q3: [1] }),
  segments: (m: any) => scoreSegments(m, { frequency: [1], recency: [1], spend: [1] }),
  betaGeo: (m: any) => probabilityAlive(m, { frequency: [1], recency: [1], T: [2] }),
  betaGeoCovariates: (m: any) => betaGeoCovariatePredictions(m, { frequency: [1], recency: [1], T: [2], segment: ['b'], score: [0] }, { horizon: 1 }),
};

describe('checkModelValues via parseModel, compileScorer, toSql and the per-model scorers', () => {
  const cases: [string, any, keyof typeof score, string][] = [
    ['a value pyramid with a spread of 5e-324', pyramidTinySpread, 'valuePyramid', 'model.scaling.1.weight'],
    ['a value pyramid with a log1p weight of 1e308', pyramidHugeWeight, 'valuePyramid', 'model.scaling.0.weight'],
    ['a satisfaction index with weights ±1e308', indexHugeWeights, 'satisfactionIndex', 'model.weights'],
    ['segments with a scale of 5e-324', segmentsTinyScale, 'segments', 'model.scaling.0.scale'],
    ['segments with a center at 1e200', segmentsFarCenter, 'segments', 'model.centers.0.0'],
    ['BG/NBD with α = 1e300', betaGeoHugeB, 'betaGeo', 'model.params.alpha'],
    ['BG/NBD with covariates and α = 1e150', covariatesHugeAlpha, 'betaGeoCovariates', 'model.params.alpha'],
    ['BG/NBD with covariates and a level coefficient of 500', covariatesHugeLevel, 'betaGeoCovariates', 'model.coefficients.purchase.0'],
  ];
  it.each(cases)('%s is refused everywhere, naming the field', (_label, model, kind, path) => {
    for (const [where, run] of [
      ['parseModel', () => parseModel(JSON.stringify(model))],
      ['compileScorer', () => compileScorer({ m: model })],
      ['toSql', () => toSql(model, { dialect: 'duckdb', table: 't' })],
      ['score', () => score[kind](model)],
    ] as const) {
      const error = caught(run);
      expect(error.code, where).toBe('invalid_model');
      expect(
        error.issues.map((i: { path: string }) => i.path),
        where,
      ).toContain(path);
    }
  });

  it('accepts every fitted model (each round-trips through parseModel)', () => {
    for (const model of Object.values(REFUSAL_MODELS)) expect(parseModel(JSON.stringify(model))).toEqual(model);
  });
});

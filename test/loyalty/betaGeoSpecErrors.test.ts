import { describe, expect, it } from 'vitest';
import * as lib from '../helpers/library.js';

// The errors at the BG/NBD doors, issue by issue (path, expected, received, in order), recorded on
// the classic-zod schemas before the specs, options and model schema moved to zod/mini (issue 21):
// parseSpec must read the mini schemas with the same messages, so these must not change.

/** The code and issues a call throws (or rejects with), without the hints (checked elsewhere). */
async function problems(call: () => unknown): Promise<{ code: string; issues: { path: string; expected: string; received?: string }[] }> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(lib.CustomerValueError);
    const e = error as lib.CustomerValueError;
    return {
      code: e.code,
      issues: e.issues.map(({ path, expected, received }) => ({ path: path ?? '', expected, ...(received !== undefined ? { received } : {}) })),
    };
  }
  throw new Error('expected the call to throw');
}

const summary = { frequency: [0, 2, 1, 4], recency: [0, 30, 10, 35], T: [38, 38, 36, 39] };
const model = {
  kind: 'betaGeo',
  version: 2,
  spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 },
  params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  standardErrors: null,
  fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } },
};

const badSpecs: Record<string, unknown> = {
  'no spec': undefined,
  'null spec': null,
  'a string spec': 'week',
  'no timeUnit': {},
  'wrong timeUnit': { timeUnit: 'year' },
  'timeUnit a number': { timeUnit: 7 },
  'empty column name': { timeUnit: 'week', columns: { frequency: '' } },
  'columns a string': { timeUnit: 'week', columns: 'frequency' },
  'unknown column key and a number': { timeUnit: 'week', columns: { frequency: 1, extra: 'x' } },
  'count empty': { timeUnit: 'week', columns: { count: '' } },
  'unknown key': { timeUnit: 'week', horizon: 3 },
  'unknown keys': { timeUnit: 'week', horizon: 3, colums: {} },
  'wrong missing': { timeUnit: 'week', missing: 'listwise' },
  'maxIterations too small': { timeUnit: 'week', maxIterations: 5 },
  'maxIterations fractional': { timeUnit: 'week', maxIterations: 10.5 },
  'maxIterations too big': { timeUnit: 'week', maxIterations: 1e6 },
  'maxIterations a string': { timeUnit: 'week', maxIterations: '100' },
  'maxIterations NaN': { timeUnit: 'week', maxIterations: Number.NaN },
  'starts empty': { timeUnit: 'week', starts: [] },
  'starts too many': { timeUnit: 'week', starts: Array.from({ length: 21 }, () => ({ r: 1, alpha: 1, a: 1, b: 1 })) },
  'starts not an array': { timeUnit: 'week', starts: { r: 1, alpha: 1, a: 1, b: 1 } },
  'bad starts': { timeUnit: 'week', starts: [{ r: -1, alpha: 0, a: Number.NaN, b: Number.POSITIVE_INFINITY }] },
  'start missing b and extra c': {
    timeUnit: 'week',
    starts: [
      { r: 1, alpha: 1, a: 1 },
      { r: 1, alpha: 1, a: 1, b: 1, c: 1 },
    ],
  },
  'everything wrong': { timeUnit: 'years', columns: { T: null }, missing: 1, maxIterations: -1, starts: [null], extra: true },
};

const badOptions: Record<string, unknown> = {
  'null options': null,
  'wrong missing': { missing: 'drop' },
  'unknown option': { missing: 'skip', horizon: 2 },
};

const badModels: Record<string, unknown> = {
  'not a model': 'betaGeo',
  'wrong kind': { ...model, kind: 'paretoNbd' },
  'version 1': { ...model, version: 1 },
  'version 3': { ...model, version: 3 },
  'no params': { ...model, params: undefined },
  'negative params': { ...model, params: { r: -0.2, alpha: 0, a: Number.NaN, b: Number.POSITIVE_INFINITY } },
  'params missing b': { ...model, params: { r: 1, alpha: 1, a: 1 } },
  'params extra': { ...model, params: { ...model.params, c: 1 } },
  'bad standard errors': { ...model, standardErrors: { r: 1, alpha: 1, a: 1, b: -1 } },
  'no spec': { ...model, spec: undefined },
  'bad spec': { ...model, spec: { ...model.spec, timeUnit: 'year', maxIterations: 1, columns: { frequency: '' } } },
  'no fitted': { ...model, fitted: undefined },
  'bad fitted': {
    ...model,
    fitted: {
      n: -1,
      skipped: 0.5,
      warnings: [1],
      diagnostics: { logLikelihood: 'x', gradientNorm: -1, aic: Number.NaN, hessianPositiveDefinite: 1, groups: 1, iterations: -2, newtonSteps: 1.5, extra: 1 },
    },
  },
  'no diagnostics': { ...model, fitted: { n: 1, skipped: 0, warnings: [] } },
  'extra key': { ...model, extra: 1 },
  'missing fields': { kind: 'betaGeo', version: 2 },
};

const fitter = (spec: unknown) => () => lib.fitBetaGeo(summary, spec as never);
const covariateFitter = (spec: unknown) => () =>
  lib.fitBetaGeoWithCovariates(
    { ...summary, x: [1, 2, 3, 4] },
    (spec === null || typeof spec !== 'object' ? spec : { ...spec, covariates: { columns: [{ column: 'x' }] } }) as never,
  );

describe('the BG/NBD doors keep their errors (issue 21: zod/mini)', () => {
  it('fitBetaGeo, its covariate fit and the other summary fitters: bad specs', async () => {
    const got: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(badSpecs)) {
      got[name] = await problems(fitter(spec));
      // the same spec (with covariates) at fitBetaGeoWithCovariates, whose spec extends fitBetaGeo's
      expect.soft(await problems(covariateFitter(spec)), name).toEqual(got[name]);
    }
    expect(got).toMatchInlineSnapshot(`
      {
        "a string spec": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "object",
              "path": "spec",
              "received": ""week"",
            },
          ],
        },
        "bad starts": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "number to be >0",
              "path": "spec.starts.0.r",
              "received": "-1",
            },
            {
              "expected": "number to be >0",
              "path": "spec.starts.0.alpha",
              "received": "0",
            },
            {
              "expected": "number",
              "path": "spec.starts.0.a",
              "received": "NaN",
            },
            {
              "expected": "number",
              "path": "spec.starts.0.b",
              "received": "Infinity",
            },
          ],
        },
        "columns a string": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "object",
              "path": "spec.columns",
              "received": ""frequency"",
            },
          ],
        },
        "count empty": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "string to have >=1 characters",
              "path": "spec.columns.count",
              "received": """",
            },
          ],
        },
        "empty column name": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "string to have >=1 characters",
              "path": "spec.columns.frequency",
              "received": """",
            },
          ],
        },
        "everything wrong": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "one of "day"|"week"|"month"",
              "path": "spec.timeUnit",
              "received": ""years"",
            },
            {
              "expected": "string",
              "path": "spec.columns.T",
              "received": "null",
            },
            {
              "expected": "one of "error"|"skip"",
              "path": "spec.missing",
              "received": "1",
            },
            {
              "expected": "number to be >=10",
              "path": "spec.maxIterations",
              "received": "-1",
            },
            {
              "expected": "object",
              "path": "spec.starts.0",
              "received": "null",
            },
            {
              "expected": "only known keys",
              "path": "spec",
              "received": ""extra"",
            },
          ],
        },
        "maxIterations NaN": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "number",
              "path": "spec.maxIterations",
              "received": "NaN",
            },
          ],
        },
        "maxIterations a string": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "number",
              "path": "spec.maxIterations",
              "received": ""100"",
            },
          ],
        },
        "maxIterations fractional": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "int",
              "path": "spec.maxIterations",
              "received": "10.5",
            },
          ],
        },
        "maxIterations too big": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "number to be <=100000",
              "path": "spec.maxIterations",
              "received": "1000000",
            },
          ],
        },
        "maxIterations too small": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "number to be >=10",
              "path": "spec.maxIterations",
              "received": "5",
            },
          ],
        },
        "no spec": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "object",
              "path": "spec",
              "received": "undefined",
            },
          ],
        },
        "no timeUnit": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "one of "day"|"week"|"month"",
              "path": "spec.timeUnit",
              "received": "undefined",
            },
          ],
        },
        "null spec": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "object",
              "path": "spec",
              "received": "null",
            },
          ],
        },
        "start missing b and extra c": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "number",
              "path": "spec.starts.0.b",
              "received": "undefined",
            },
            {
              "expected": "only known keys",
              "path": "spec.starts.1",
              "received": ""c"",
            },
          ],
        },
        "starts empty": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "array to have >=1 items",
              "path": "spec.starts",
              "received": "an array of length 0",
            },
          ],
        },
        "starts not an array": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "array",
              "path": "spec.starts",
              "received": "an object",
            },
          ],
        },
        "starts too many": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "array to have <=20 items",
              "path": "spec.starts",
              "received": "an array of length 21",
            },
          ],
        },
        "timeUnit a number": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "one of "day"|"week"|"month"",
              "path": "spec.timeUnit",
              "received": "7",
            },
          ],
        },
        "unknown column key and a number": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "string",
              "path": "spec.columns.frequency",
              "received": "1",
            },
            {
              "expected": "only known keys",
              "path": "spec.columns",
              "received": ""extra"",
            },
          ],
        },
        "unknown key": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "only known keys",
              "path": "spec",
              "received": ""horizon"",
            },
          ],
        },
        "unknown keys": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "only known keys",
              "path": "spec",
              "received": ""horizon", "colums"",
            },
          ],
        },
        "wrong missing": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "one of "error"|"skip"",
              "path": "spec.missing",
              "received": ""listwise"",
            },
          ],
        },
        "wrong timeUnit": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "one of "day"|"week"|"month"",
              "path": "spec.timeUnit",
              "received": ""year"",
            },
          ],
        },
      }
    `);
  });

  it('the other doors sharing the time unit and the summary columns', async () => {
    const got = {
      paretoNbdFit: await problems(() => lib.fitParetoNbd(summary, { timeUnit: 'year', columns: { recency: '' } } as never)),
      modifiedBetaGeoFit: await problems(() => lib.fitModifiedBetaGeo(summary, { timeUnit: 'week', columns: { T: 3 } } as never)),
      gammaGammaFit: await problems(() => lib.fitGammaGamma(summary, { columns: { monetary: '', other: 'x' } } as never)),
      summarizeTransactions: await problems(() =>
        lib.summarizeTransactions({ customer: ['a'], date: ['2020-01-01'] }, {
          customer: 'customer',
          date: 'date',
          observationEnd: '2020-02-01',
          timeUnit: 'fortnight',
        } as never),
      ),
      betaGeoScoresSql: await problems(() =>
        lib.betaGeoScoresSql({ purchaseModel: model as never }, { timeUnit: 'year', margin: 2 } as never, {
          dialect: 'duckdb',
          lookup: 'lookup',
          summary: 's',
        }),
      ),
      fitClvInWarehouse: await problems(() =>
        lib.fitClvInWarehouse(
          { dialect: 'duckdb', query: async () => [] } as never,
          { timeUnit: 'year', betaGeo: { maxIterations: 1, starts: [], timeUnit: 'week' }, extra: 1 } as never,
          {
            summary: 's',
          },
        ),
      ),
      fitClvInWarehouseStarts: await problems(() =>
        lib.fitClvInWarehouse(
          { dialect: 'duckdb', query: async () => [] } as never,
          { timeUnit: 'week', betaGeo: { starts: [{ r: 0, alpha: 1, a: 1 }] } } as never,
          {
            summary: 's',
          },
        ),
      ),
    };
    expect(got).toMatchInlineSnapshot(`
      {
        "betaGeoScoresSql": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "number to be <=1",
              "path": "spec.margin",
              "received": "2",
            },
            {
              "expected": "one of "day"|"week"|"month"",
              "path": "spec.timeUnit",
              "received": ""year"",
            },
          ],
        },
        "fitClvInWarehouse": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "number to be >=10",
              "path": "spec.betaGeo.maxIterations",
              "received": "1",
            },
            {
              "expected": "array to have >=1 items",
              "path": "spec.betaGeo.starts",
              "received": "an array of length 0",
            },
            {
              "expected": "only known keys",
              "path": "spec.betaGeo",
              "received": ""timeUnit"",
            },
            {
              "expected": "one of "day"|"week"|"month"",
              "path": "spec.timeUnit",
              "received": ""year"",
            },
            {
              "expected": "only known keys",
              "path": "spec",
              "received": ""extra"",
            },
          ],
        },
        "fitClvInWarehouseStarts": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "number to be >0",
              "path": "spec.betaGeo.starts.0.r",
              "received": "0",
            },
            {
              "expected": "number",
              "path": "spec.betaGeo.starts.0.b",
              "received": "undefined",
            },
          ],
        },
        "gammaGammaFit": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "string to have >=1 characters",
              "path": "spec.columns.monetary",
              "received": """",
            },
            {
              "expected": "only known keys",
              "path": "spec.columns",
              "received": ""other"",
            },
          ],
        },
        "modifiedBetaGeoFit": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "string",
              "path": "spec.columns.T",
              "received": "3",
            },
          ],
        },
        "paretoNbdFit": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "one of "day"|"week"|"month"",
              "path": "spec.timeUnit",
              "received": ""year"",
            },
            {
              "expected": "string to have >=1 characters",
              "path": "spec.columns.recency",
              "received": """",
            },
          ],
        },
        "summarizeTransactions": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "string",
              "path": "spec.amount",
              "received": "undefined",
            },
            {
              "expected": "one of "day"|"week"|"month"",
              "path": "spec.timeUnit",
              "received": ""fortnight"",
            },
          ],
        },
      }
    `);
  });

  it('the predictions: bad options and bad models, the same at every scorer and at parseModel', async () => {
    const options: Record<string, unknown> = {};
    for (const [name, o] of Object.entries(badOptions)) {
      options[name] = await problems(() => lib.conditionalExpectedPurchases(model as never, summary, 10, o as never));
      expect.soft(await problems(() => lib.probabilityAlive(model as never, summary, o as never)), name).toEqual(options[name]);
    }
    expect(options).toMatchInlineSnapshot(`
      {
        "null options": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "object",
              "path": "options",
              "received": "null",
            },
          ],
        },
        "unknown option": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "only known keys",
              "path": "options",
              "received": ""horizon"",
            },
          ],
        },
        "wrong missing": {
          "code": "invalid_spec",
          "issues": [
            {
              "expected": "one of "error"|"skip"",
              "path": "options.missing",
              "received": ""drop"",
            },
          ],
        },
      }
    `);
    const models: Record<string, unknown> = {};
    for (const [name, m] of Object.entries(badModels)) {
      models[name] = await problems(() => lib.conditionalExpectedPurchases(m as never, summary, 10));
      for (const other of [
        () => lib.probabilityAlive(m as never, summary),
        () => lib.expectedPurchases(m as never, 10),
        () => lib.purchaseProbability(m as never, 1, 10),
      ]) {
        expect.soft(await problems(other), name).toEqual(models[name]);
      }
    }
    expect(models).toMatchInlineSnapshot(`
      {
        "bad fitted": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": "number to be >=0",
              "path": "model.fitted.n",
              "received": "-1",
            },
            {
              "expected": "int",
              "path": "model.fitted.skipped",
              "received": "0.5",
            },
            {
              "expected": "string",
              "path": "model.fitted.warnings.0",
              "received": "1",
            },
            {
              "expected": "number",
              "path": "model.fitted.diagnostics.logLikelihood",
              "received": ""x"",
            },
            {
              "expected": "number",
              "path": "model.fitted.diagnostics.aic",
              "received": "NaN",
            },
            {
              "expected": "a norm ≥ 0",
              "path": "model.fitted.diagnostics.gradientNorm",
              "received": "-1",
            },
            {
              "expected": "boolean",
              "path": "model.fitted.diagnostics.hessianPositiveDefinite",
              "received": "1",
            },
            {
              "expected": "number to be >=0",
              "path": "model.fitted.diagnostics.iterations",
              "received": "-2",
            },
            {
              "expected": "int",
              "path": "model.fitted.diagnostics.newtonSteps",
              "received": "1.5",
            },
            {
              "expected": "only known keys",
              "path": "model.fitted.diagnostics",
              "received": ""extra"",
            },
          ],
        },
        "bad spec": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": "one of "day"|"week"|"month"",
              "path": "model.spec.timeUnit",
              "received": ""year"",
            },
            {
              "expected": "string to have >=1 characters",
              "path": "model.spec.columns.frequency",
              "received": """",
            },
            {
              "expected": "number to be >=10",
              "path": "model.spec.maxIterations",
              "received": "1",
            },
          ],
        },
        "bad standard errors": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": "a positive number",
              "path": "model.standardErrors.b",
              "received": "-1",
            },
          ],
        },
        "extra key": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": "only known keys",
              "path": "model",
              "received": ""extra"",
            },
          ],
        },
        "missing fields": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": "object",
              "path": "model.spec",
              "received": "undefined",
            },
            {
              "expected": "object",
              "path": "model.params",
              "received": "undefined",
            },
            {
              "expected": "object",
              "path": "model.standardErrors",
              "received": "undefined",
            },
            {
              "expected": "object",
              "path": "model.fitted",
              "received": "undefined",
            },
          ],
        },
        "negative params": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": "a positive number",
              "path": "model.params.r",
              "received": "-0.2",
            },
            {
              "expected": "a positive number",
              "path": "model.params.alpha",
              "received": "0",
            },
            {
              "expected": "number",
              "path": "model.params.a",
              "received": "NaN",
            },
            {
              "expected": "number",
              "path": "model.params.b",
              "received": "Infinity",
            },
          ],
        },
        "no diagnostics": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": "object",
              "path": "model.fitted.diagnostics",
              "received": "undefined",
            },
          ],
        },
        "no fitted": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": "object",
              "path": "model.fitted",
              "received": "undefined",
            },
          ],
        },
        "no params": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": "object",
              "path": "model.params",
              "received": "undefined",
            },
          ],
        },
        "no spec": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": "object",
              "path": "model.spec",
              "received": "undefined",
            },
          ],
        },
        "not a model": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": ""betaGeo"",
              "path": "model.kind",
              "received": "undefined",
            },
          ],
        },
        "params extra": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": "only known keys",
              "path": "model.params",
              "received": ""c"",
            },
          ],
        },
        "params missing b": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": "number",
              "path": "model.params.b",
              "received": "undefined",
            },
          ],
        },
        "version 1": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": "2",
              "path": "model.version",
              "received": "1",
            },
          ],
        },
        "version 3": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": "2",
              "path": "model.version",
              "received": "3",
            },
          ],
        },
        "wrong kind": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": ""betaGeo"",
              "path": "model.kind",
              "received": ""paretoNbd"",
            },
          ],
        },
      }
    `);
    // parseModel reads the registry's schema: the same issues for a model of the kind (after the version check)
    const parsed: Record<string, unknown> = {};
    for (const name of ['negative params', 'bad spec', 'bad fitted', 'extra key', 'missing fields']) {
      parsed[name] = await problems(() => lib.parseModel(JSON.stringify(badModels[name])));
    }
    expect(parsed).toMatchInlineSnapshot(`
      {
        "bad fitted": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": "number to be >=0",
              "path": "model.fitted.n",
              "received": "-1",
            },
            {
              "expected": "int",
              "path": "model.fitted.skipped",
              "received": "0.5",
            },
            {
              "expected": "string",
              "path": "model.fitted.warnings.0",
              "received": "1",
            },
            {
              "expected": "number",
              "path": "model.fitted.diagnostics.logLikelihood",
              "received": ""x"",
            },
            {
              "expected": "number",
              "path": "model.fitted.diagnostics.aic",
              "received": "null",
            },
            {
              "expected": "a norm ≥ 0",
              "path": "model.fitted.diagnostics.gradientNorm",
              "received": "-1",
            },
            {
              "expected": "boolean",
              "path": "model.fitted.diagnostics.hessianPositiveDefinite",
              "received": "1",
            },
            {
              "expected": "number to be >=0",
              "path": "model.fitted.diagnostics.iterations",
              "received": "-2",
            },
            {
              "expected": "int",
              "path": "model.fitted.diagnostics.newtonSteps",
              "received": "1.5",
            },
            {
              "expected": "only known keys",
              "path": "model.fitted.diagnostics",
              "received": ""extra"",
            },
          ],
        },
        "bad spec": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": "one of "day"|"week"|"month"",
              "path": "model.spec.timeUnit",
              "received": ""year"",
            },
            {
              "expected": "string to have >=1 characters",
              "path": "model.spec.columns.frequency",
              "received": """",
            },
            {
              "expected": "number to be >=10",
              "path": "model.spec.maxIterations",
              "received": "1",
            },
          ],
        },
        "extra key": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": "only known keys",
              "path": "model",
              "received": ""extra"",
            },
          ],
        },
        "missing fields": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": "object",
              "path": "model.spec",
              "received": "undefined",
            },
            {
              "expected": "object",
              "path": "model.params",
              "received": "undefined",
            },
            {
              "expected": "object",
              "path": "model.standardErrors",
              "received": "undefined",
            },
            {
              "expected": "object",
              "path": "model.fitted",
              "received": "undefined",
            },
          ],
        },
        "negative params": {
          "code": "invalid_model",
          "issues": [
            {
              "expected": "a positive number",
              "path": "model.params.r",
              "received": "-0.2",
            },
            {
              "expected": "a positive number",
              "path": "model.params.alpha",
              "received": "0",
            },
            {
              "expected": "number",
              "path": "model.params.a",
              "received": "null",
            },
            {
              "expected": "number",
              "path": "model.params.b",
              "received": "null",
            },
          ],
        },
      }
    `);
  });
});

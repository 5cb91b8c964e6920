import { describe, expect, it } from 'vitest';
import * as root from '../helpers/library.js';
import { assertModelKind } from '../../src/model/assertModelKind.js';
import { CLI_FIT_KINDS, MODEL_KIND_NAMES, MODEL_KINDS, SCORABLE_KINDS, SQL_MODEL_KINDS, type ModelKind } from '../../src/model/kinds.js';
import { CLI_FITTERS, cliFitterOf } from '../../src/node/cliFitters.js';
import { modelCases } from '../contracts/registry.js';
import { rfmModelSchema, valuePyramidModelSchema } from '../../src/model/valueModelSchemas.js';
import { satisfactionIndexModelSchema } from '../../src/model/satisfactionIndexModelSchema.js';
import { betaGeoModelSchema } from '../../src/model/betaGeoModelSchema.js';
import { betaGeoCovariatesKindSchema } from '../../src/model/betaGeoCovariatesModelSchema.js';
import { gammaGammaModelSchema } from '../../src/model/gammaGammaModelSchema.js';
import { gammaGammaCovariatesKindSchema } from '../../src/model/gammaGammaCovariatesModelSchema.js';
import { modifiedBetaGeoModelSchema } from '../../src/model/modifiedBetaGeoModelSchema.js';
import { paretoNbdModelSchema } from '../../src/model/paretoNbdModelSchema.js';
import { betaGeoBetaBinomialModelSchema } from '../../src/model/betaGeoBetaBinomialModelSchema.js';
import { paretoNbdCovariatesKindSchema } from '../../src/model/paretoNbdCovariatesModelSchema.js';
import { betaGeoBetaBinomialCovariatesKindSchema } from '../../src/model/betaGeoBetaBinomialCovariatesModelSchema.js';
import { segmentsModelSchema } from '../../src/model/segmentsModelSchema.js';
import { plsPathModelSchema } from '../../src/model/plsPathModelSchema.js';
import { betaDiscreteWeibullModelSchema, shiftedBetaGeometricModelSchema } from '../../src/model/retentionModelSchemas.js';
import { REPEAT_BUYING_DOORS, REPEAT_BUYING_KINDS } from '../../src/loyalty/clv/repeatBuyingOf.js';

// Every door reads the one registry of model kinds (src/model/kinds.ts): for each kind, each
// door either takes it or refuses it with the registry's reason. The kinds and their answers are
// read from the registry, so a new kind is checked at every door without editing this test
// (and `modelCases` does not compile without it).

/** The error a call throws (fails the test when it throws none or a raw error). */
function thrown(call: () => unknown): root.CustomerValueError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(root.CustomerValueError);
    return error as root.CustomerValueError;
  }
  throw new Error('expected the call to throw');
}

const model = (kind: ModelKind) => root.parseModel(JSON.stringify(modelCases[kind].model));

/** Per kind with a value check: a model its schema takes whose values would make scoring non-finite. */
const breakValues = {
  valuePyramid: (m: any) => ((m.scaling[0].spread = 5e-324), m), // weight / spread = Infinity
  satisfactionIndex: (m: any) => ((m.weights[0] = 1e308), m), // Σ w·x overflows
  segments: (m: any) => ((m.scaling[0].scale = 5e-324), m), // 1 / scale = Infinity
  betaGeo: (m: any) => ((m.params.alpha = 1e300), m), // α + T overflows
  betaGeoCovariates: (m: any) => ((m.params.alpha = 1e150), m), // α·e^(−γ'z) leaves the doubles
};

describe('the model-kind registry', () => {
  it('lists the kinds of this release, and the door lists follow it', () => {
    expect(MODEL_KIND_NAMES.length).toBeGreaterThanOrEqual(7);
    expect(new Set(MODEL_KIND_NAMES.map((k) => MODEL_KINDS[k].fitter)).size).toBe(MODEL_KIND_NAMES.length);
    expect(SCORABLE_KINDS).toEqual(MODEL_KIND_NAMES.filter((k) => MODEL_KINDS[k].rows === true));
    expect(SQL_MODEL_KINDS).toEqual(MODEL_KIND_NAMES.filter((k) => MODEL_KINDS[k].sql === true));
    expect(Object.keys(CLI_FITTERS)).toEqual(MODEL_KIND_NAMES.filter((k) => MODEL_KINDS[k].cli === true));
  });

  describe.each(MODEL_KIND_NAMES)('%s', (kind) => {
    const entry: { fitter: string; rows: true | string; sql: true | string; cli: true | string } = MODEL_KINDS[kind];

    it('names its fitter, a function of a runtime-neutral entry, in the hint of a wrong-kind error', () => {
      expect(typeof (root as Record<string, unknown>)[entry.fitter]).toBe('function');
      const error = thrown(() => assertModelKind({ kind: 'magic' }, kind, 'someScorer'));
      expect(error.issues[0].hint).toBe(`fit one with ${entry.fitter} or load one with parseModel`);
    });

    it('parseModel loads it with its schema', () => {
      expect(model(kind).kind).toBe(kind);
    });

    it(entry.rows === true ? 'compileScorer compiles it' : 'compileScorer refuses it, saying why', () => {
      if (entry.rows === true) {
        expect(root.compileScorer({ m: model(kind) }).outputs.length).toBeGreaterThan(0);
      } else {
        const error = thrown(() => root.compileScorer({ m: model(kind) }));
        expect(error.code).toBe('invalid_model');
        expect(error.issues[0].hint).toBe(entry.rows);
        expect(error.message).toContain(entry.rows);
      }
    });

    it(entry.sql === true ? 'toSql exports it' : 'toSql refuses it, saying why', () => {
      const options = { dialect: 'duckdb', table: 't' } as const;
      if (entry.sql === true) {
        expect(root.toSql(model(kind), options)).toMatch(/^WITH input AS/);
      } else {
        const error = thrown(() => root.toSql(model(kind), options));
        expect(error.code).toBe('invalid_model');
        expect(error.issues[0].hint).toBe(entry.sql);
        expect(error.message).toContain(entry.sql);
      }
    });

    it(entry.cli === true ? 'the CLI fits it' : 'the CLI refuses to fit it, saying why', () => {
      const fitter = cliFitterOf(kind);
      if (entry.cli === true) {
        expect(CLI_FIT_KINDS).toContain(kind);
        expect('fit' in fitter && fitter.fit).toBe((root as Record<string, unknown>)[entry.fitter]);
      } else {
        expect(fitter).toEqual({ refused: `fit: --kind ${kind}: ${entry.cli}` });
      }
    });
  });

  it.each([
    ['paretoNbdCovariates', 'paretoNbdCovariatePredictions'],
    ['betaGeoBetaBinomialCovariates', 'betaGeoBetaBinomialCovariatePredictions'],
  ] as const)('%s: parseModel loads a fitted model from JSON; compileScorer and toSql refuse it naming %s', (kind, predictions) => {
    const saved = JSON.stringify(modelCases[kind].model);
    const loaded = root.parseModel(saved);
    expect(loaded).toEqual(JSON.parse(saved));
    expect(typeof (root as Record<string, unknown>)[predictions]).toBe('function');
    expect(thrown(() => root.compileScorer({ m: loaded })).issues[0].hint).toContain(predictions);
    expect(thrown(() => root.toSql(loaded, { dialect: 'duckdb', table: 't' })).issues[0].hint).toContain(predictions);
    expect(cliFitterOf(kind)).toEqual({ refused: `fit: --kind ${kind}: the CLI does not fit covariate models: fit one with ${MODEL_KINDS[kind].fitter}` });
  });

  it('a wrong kind given to a scorer names the fitter of the kind it expects', () => {
    const error = thrown(() => root.scoreSegments(model('rfm') as never, { x: [1] }));
    expect(error.issues[0].hint).toBe('fit one with fitSegments or load one with parseModel');
  });

  it('the scorers that check their own kind without the registry (assertModelOf) refuse as assertModelKind does', () => {
    const customers = { x: [1], frequency: [1], recency: [1], T: [2] };
    const scorers = [
      ['valuePyramid', (m: unknown) => root.scoreValuePyramid(m as never, customers)],
      ['rfm', (m: unknown) => root.scoreRfm(m as never, customers)],
      ['betaGeo', (m: unknown) => root.conditionalExpectedPurchases(m as never, customers, 1)],
      ['betaGeo', (m: unknown) => root.probabilityAlive(m as never, customers)],
      ['betaGeo', (m: unknown) => root.expectedPurchases(m as never, 1)],
      ['betaGeo', (m: unknown) => root.purchaseProbability(m as never, 1, 1)],
      ['gammaGamma', (m: unknown) => root.conditionalExpectedSpend(m as never, customers)],
      [
        'gammaGamma',
        (m: unknown) =>
          root.customerLifetimeValue({
            purchaseModel: modelCases.betaGeo.model as never,
            spendModel: m as never,
            customers,
            horizon: 1,
            timeUnit: 'week',
            discountRate: 0,
            margin: 1,
          }),
      ],
      ['modifiedBetaGeo', (m: unknown) => root.modifiedBetaGeoProbabilityAlive(m as never, customers)],
      ['modifiedBetaGeo', (m: unknown) => root.modifiedBetaGeoConditionalExpectedPurchases(m as never, customers, 1)],
      ['modifiedBetaGeo', (m: unknown) => root.modifiedBetaGeoExpectedPurchases(m as never, 1)],
      ['modifiedBetaGeo', (m: unknown) => root.modifiedBetaGeoPurchaseProbability(m as never, 1, 1)],
      ['paretoNbd', (m: unknown) => root.paretoNbdProbabilityAlive(m as never, customers)],
      ['paretoNbd', (m: unknown) => root.paretoNbdConditionalExpectedPurchases(m as never, customers, 1)],
      ['paretoNbd', (m: unknown) => root.paretoNbdExpectedPurchases(m as never, 1)],
      ['paretoNbd', (m: unknown) => root.paretoNbdPurchaseProbability(m as never, 1, 1)],
      ['paretoNbd', (m: unknown) => root.paretoNbdDiscountedResidualTransactions(m as never, customers, { annualDiscountRate: 0.1 })],
      ['betaGeoBetaBinomial', (m: unknown) => root.betaGeoBetaBinomialPredictions(m, { frequency: [1], recency: [1], periods: [2] }, { periods: 1 })],
      ['betaGeoBetaBinomial', (m: unknown) => root.betaGeoBetaBinomialExpectedTransactions(m, 1)],
      ['betaGeoBetaBinomial', (m: unknown) => root.betaGeoBetaBinomialTransactionProbability(m, 1, 1)],
      ['satisfactionIndex', (m: unknown) => root.scoreSatisfactionIndex(m as never, customers)],
      ['satisfactionIndex', (m: unknown) => root.overallMismatch(m as never, customers, { overall: 'x', threshold: 20 })],
      ['valuePyramid', (m: unknown) => root.tierSummary(m as never, customers, { revenue: 'x' })],
      ['segments', (m: unknown) => root.scoreSegments(m as never, customers)],
      ['plsPathModel', (m: unknown) => root.scorePlsPathModel(m as never, customers)],
    ] as const;
    for (const [kind, score] of scorers) {
      // a wrong kind, and models of the kind that break its schema: the registry's fitter and schema, the same issues
      const broken = { ...(modelCases[kind].model as object), thresholds: 'none' };
      const broken2 = { ...(modelCases[kind].model as object), fitted: { n: -1 } };
      // and a model its schema takes whose values would make scoring non-finite: the registry's value check
      const valueBroken = breakValues[kind as keyof typeof breakValues];
      const bads = [{ kind: 'magic' }, model(kind === 'rfm' ? 'valuePyramid' : 'rfm'), broken, broken2];
      if (valueBroken) {
        const bad = valueBroken(JSON.parse(JSON.stringify(modelCases[kind].model)));
        expect(thrown(() => assertModelKind(bad, kind, 'someScorer')).issues.length, kind).toBeGreaterThan(0);
        bads.push(bad);
      }
      for (const bad of bads) {
        const viaRegistry = thrown(() => assertModelKind(bad, kind, 'someScorer'));
        const got = thrown(() => score(bad));
        expect(got.code).toBe(viaRegistry.code);
        // the same issues, named where the scorer took the model (customerLifetimeValue: arguments.spendModel)
        const asModel = (path: string | undefined) => path?.replace(/^arguments\.spendModel/, 'model');
        expect(got.issues.map((i) => ({ ...i, function: 'someScorer', path: asModel(i.path) }))).toEqual(viaRegistry.issues);
      }
      expect(thrown(() => score({ kind: 'magic' })).issues[0].hint).toBe(`fit one with ${MODEL_KINDS[kind].fitter} or load one with parseModel`);
    }
    // the retention scorers name both kinds when the kind is wrong (retentionDoorIssues.test.ts), then check each kind as assertModelKind does
    const rate = { discountRate: 0.1, discountRateUnit: 'year' } as const;
    const retentionScorers = [
      (m: unknown) => root.retentionCurve(m, { periods: 2 }),
      (m: unknown) => root.discountedExpectedResidualLifetime(m, rate),
      (m: unknown) => root.retentionElasticity(m, rate),
    ];
    for (const kind of ['shiftedBetaGeometric', 'betaDiscreteWeibull'] as const) {
      for (const bad of [
        { ...(modelCases[kind].model as object), thresholds: 'none' },
        { ...(modelCases[kind].model as object), version: 1 },
      ]) {
        const viaRegistry = thrown(() => assertModelKind(bad, kind, 'someScorer'));
        for (const score of retentionScorers)
          expect(thrown(() => score(bad)).issues.map((i) => ({ ...i, function: 'someScorer' }))).toEqual(viaRegistry.issues);
      }
    }
    // the schemas the scorers pass are the registry's (the same objects)
    expect(MODEL_KINDS.shiftedBetaGeometric.schema).toBe(shiftedBetaGeometricModelSchema);
    expect(MODEL_KINDS.betaDiscreteWeibull.schema).toBe(betaDiscreteWeibullModelSchema);
    expect(MODEL_KINDS.valuePyramid.schema).toBe(valuePyramidModelSchema);
    expect(MODEL_KINDS.rfm.schema).toBe(rfmModelSchema);
    expect(MODEL_KINDS.satisfactionIndex.schema).toBe(satisfactionIndexModelSchema);
    expect(MODEL_KINDS.betaGeo.schema).toBe(betaGeoModelSchema);
    expect(MODEL_KINDS.betaGeo.fitter).toBe('fitBetaGeo');
    expect(MODEL_KINDS.gammaGamma.schema).toBe(gammaGammaModelSchema);
    expect(MODEL_KINDS.gammaGamma.fitter).toBe('fitGammaGamma');
    expect(MODEL_KINDS.modifiedBetaGeo.schema).toBe(modifiedBetaGeoModelSchema);
    expect(MODEL_KINDS.modifiedBetaGeo.fitter).toBe('fitModifiedBetaGeo');
    expect(MODEL_KINDS.paretoNbd.schema).toBe(paretoNbdModelSchema);
    expect(MODEL_KINDS.paretoNbd.fitter).toBe('fitParetoNbd');
    expect(MODEL_KINDS.betaGeoBetaBinomial.schema).toBe(betaGeoBetaBinomialModelSchema);
    expect(MODEL_KINDS.betaGeoBetaBinomial.fitter).toBe('fitBetaGeoBetaBinomial');
    // repeatBuyingOf checks each repeat-buying kind against its own schema (customerLifetimeValue,
    // discountedExpectedTransactions and every diagnostic): the registry's schemas and fitters
    for (const [kind, door] of Object.entries(REPEAT_BUYING_DOORS)) {
      expect(door.schema, kind).toBe(MODEL_KINDS[kind as ModelKind].schema);
      expect(door.fitter, kind).toBe(MODEL_KINDS[kind as ModelKind].fitter);
      expect(door.values, kind).toBe(MODEL_KINDS[kind as ModelKind].values);
    }
    expect(Object.keys(REPEAT_BUYING_DOORS).sort()).toEqual([...REPEAT_BUYING_KINDS, 'betaGeoBetaBinomial'].sort());
    // the covariate kinds (zod/mini, issue 21): their predictions check the door schema (the standard
    // errors and fit record taken as given: covariateDoorIssues.test.ts) and the registry's value check
    expect(thrown(() => root.betaGeoCovariatePredictions(breakValues.betaGeoCovariates(model('betaGeoCovariates')), {}, { horizon: 1 })).issues).toEqual(
      thrown(() => assertModelKind(breakValues.betaGeoCovariates(model('betaGeoCovariates')), 'betaGeoCovariates', 'betaGeoCovariatePredictions')).issues,
    );
    expect(MODEL_KINDS.betaGeoCovariates.schema).toBe(betaGeoCovariatesKindSchema);
    expect(MODEL_KINDS.betaGeoCovariates.fitter).toBe('fitBetaGeoWithCovariates');
    expect(MODEL_KINDS.gammaGammaCovariates.schema).toBe(gammaGammaCovariatesKindSchema);
    expect(MODEL_KINDS.gammaGammaCovariates.fitter).toBe('fitGammaGammaWithCovariates');
    expect(MODEL_KINDS.paretoNbdCovariates.schema).toBe(paretoNbdCovariatesKindSchema);
    expect(MODEL_KINDS.paretoNbdCovariates.fitter).toBe('fitParetoNbdWithCovariates');
    expect(MODEL_KINDS.betaGeoBetaBinomialCovariates.schema).toBe(betaGeoBetaBinomialCovariatesKindSchema);
    expect(MODEL_KINDS.betaGeoBetaBinomialCovariates.fitter).toBe('fitBetaGeoBetaBinomialWithCovariates');
    expect(MODEL_KINDS.segments.schema).toBe(segmentsModelSchema);
    expect(MODEL_KINDS.plsPathModel.schema).toBe(plsPathModelSchema);
    // the kinds with a value check are those breakValues breaks (rfm's finite thresholds are already the schema's)
    const checked = MODEL_KIND_NAMES.filter((k) => MODEL_KINDS[k].values !== null);
    expect(checked.sort()).toEqual([...Object.keys(breakValues), 'rfm'].sort());
  });

  it('the CLI refuses an unknown kind with the list of kinds it fits', () => {
    expect(cliFitterOf('magic')).toEqual({ refused: `fit: --kind must be one of ${CLI_FIT_KINDS.join(', ')} (got "magic")` });
  });
});

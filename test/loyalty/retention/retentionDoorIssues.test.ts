// The contractual retention doors' refusals, recorded (issue 21): the sBG and BdW specs, the
// options of retentionCurve, discountedExpectedResidualLifetime and retentionElasticity, and the
// two kinds' model schemas move from zod's classic API to `zod/mini`, and every refusal must read
// as before. test/fixtures/retention/retentionDoorIssues.json was written by this file
// (`RECORD_DOOR_ISSUES=1 npx vitest run test/loyalty/retention/retentionDoorIssues.test.ts`) on
// the classic-API code at commit fd71408, before the move; each valid case also records what the
// call returns, so a default that changed would show too.
import { join } from 'node:path';
import {
  discountedExpectedResidualLifetime,
  fitBetaDiscreteWeibull,
  fitShiftedBetaGeometric,
  parseModel,
  retentionCurve,
  retentionElasticity,
} from '../../../src/index.js';
import { describeRecordedDoors } from '../../helpers/doorOutcome.js';

const FIXTURE = join(__dirname, '../../fixtures/retention/retentionDoorIssues.json');

// Fader & Hardie (2007), Table 1 (years 0–7)
const regular = { period: [0, 1, 2, 3, 4, 5, 6, 7], survivors: [1000, 631, 468, 382, 326, 289, 262, 241] };
const highEnd = { period: [0, 1, 2, 3, 4, 5, 6, 7], survivors: [1000, 869, 743, 653, 593, 551, 517, 491] };
const cohorts = {
  year: [0, 1, 2, 3, 4, 0, 1, 2],
  active: [1000, 631, 468, 382, 326, 500, 330, 250],
  start: ['2019', '2019', '2019', '2019', '2019', '2020', '2020', '2020'],
};

const sbg = fitShiftedBetaGeometric(regular, { periodUnit: 'year' });
const bdw = fitBetaDiscreteWeibull(highEnd, { periodUnit: 'month' });
/** A fitted model as JSON with one change, for the model schemas' refusals. */
const broken = (model: unknown, change: (m: any) => void) => {
  const m = JSON.parse(JSON.stringify(model));
  change(m);
  return m;
};
/** What a fit gives that a spec decides: its spec and its parameters (to 10 significant digits). */
const fitOf = (model: { spec: unknown; params: object }) => ({
  spec: model.spec,
  params: Object.fromEntries(Object.entries(model.params as Record<string, number>).map(([k, v]) => [k, Number(v.toPrecision(10))])),
});
const flows = { customers: 1000, valuePerPeriod: 100, discountRate: 0.1, discountRateUnit: 'year' } as const;
const rate = { discountRate: 0.1, discountRateUnit: 'year' } as const;

const cases: Record<string, () => unknown> = {
  'sbg: valid defaults': () => fitOf(fitShiftedBetaGeometric(regular, { periodUnit: 'year' })),
  'sbg: valid columns, cohorts, maxIterations': () =>
    fitOf(fitShiftedBetaGeometric(cohorts, { periodUnit: 'quarter', columns: { period: 'year', survivors: 'active', cohort: 'start' }, maxIterations: 300 })),
  'sbg: spec null': () => fitShiftedBetaGeometric(regular, null as never),
  'sbg: spec an array': () => fitShiftedBetaGeometric(regular, [] as never),
  'sbg: no periodUnit': () => fitShiftedBetaGeometric(regular, {} as never),
  'sbg: unknown periodUnit': () => fitShiftedBetaGeometric(regular, { periodUnit: 'decade' } as never),
  'sbg: periodUnit a number': () => fitShiftedBetaGeometric(regular, { periodUnit: 12 } as never),
  'sbg: columns a string': () => fitShiftedBetaGeometric(regular, { periodUnit: 'year', columns: 'period' } as never),
  'sbg: empty column names': () => fitShiftedBetaGeometric(regular, { periodUnit: 'year', columns: { period: '', survivors: 'survivors', cohort: '' } }),
  'sbg: column name a number': () => fitShiftedBetaGeometric(regular, { periodUnit: 'year', columns: { survivors: 3 } } as never),
  'sbg: unknown column key': () => fitShiftedBetaGeometric(regular, { periodUnit: 'year', columns: { period: 'period', customers: 'n' } } as never),
  'sbg: maxIterations 0': () => fitShiftedBetaGeometric(regular, { periodUnit: 'year', maxIterations: 0 }),
  'sbg: maxIterations 2.5': () => fitShiftedBetaGeometric(regular, { periodUnit: 'year', maxIterations: 2.5 }),
  'sbg: maxIterations a string': () => fitShiftedBetaGeometric(regular, { periodUnit: 'year', maxIterations: '500' } as never),
  'sbg: unknown key': () => fitShiftedBetaGeometric(regular, { periodUnit: 'year', c: 1 } as never),
  'sbg: several problems': () =>
    fitShiftedBetaGeometric(regular, { periodUnit: 'Year', columns: { period: '', extra: 1 }, maxIterations: -1, tolerance: 1e-9 } as never),
  'bdw: valid free c': () => fitOf(fitBetaDiscreteWeibull(highEnd, { periodUnit: 'month' })),
  'bdw: valid fixed c, columns': () =>
    fitOf(fitBetaDiscreteWeibull({ t: highEnd.period, s: highEnd.survivors }, { periodUnit: 'week', columns: { period: 't', survivors: 's' }, c: 1 })),
  'bdw: spec undefined': () => fitBetaDiscreteWeibull(highEnd, undefined as never),
  'bdw: no periodUnit': () => fitBetaDiscreteWeibull(highEnd, { c: 1 } as never),
  'bdw: c 0': () => fitBetaDiscreteWeibull(highEnd, { periodUnit: 'year', c: 0 }),
  'bdw: c over 100': () => fitBetaDiscreteWeibull(highEnd, { periodUnit: 'year', c: 101 }),
  'bdw: c a string and NaN iterations': () => fitBetaDiscreteWeibull(highEnd, { periodUnit: 'year', c: '1', maxIterations: NaN } as never),
  'bdw: c Infinity': () => fitBetaDiscreteWeibull(highEnd, { periodUnit: 'year', c: Infinity }),
  'bdw: unknown keys': () => fitBetaDiscreteWeibull(highEnd, { periodUnit: 'day', columns: { cohorts: 'x' }, shape: 2 } as never),
  'curve: valid': () => retentionCurve(sbg, { periods: 4 }),
  'curve: valid cash flows on a BdW': () => retentionCurve(bdw, { periods: 3, cashFlows: flows }),
  'curve: no options': () => retentionCurve(sbg, undefined as never),
  'curve: options null': () => retentionCurve(sbg, null as never),
  'curve: periods 0': () => retentionCurve(sbg, { periods: 0 }),
  'curve: periods 1.5': () => retentionCurve(sbg, { periods: 1.5 }),
  'curve: periods over a million': () => retentionCurve(sbg, { periods: 2_000_000 }),
  'curve: periods a string, unknown key': () => retentionCurve(sbg, { periods: '4', horizon: 4 } as never),
  'curve: cash flows with bad values': () =>
    retentionCurve(sbg, { periods: 3, cashFlows: { customers: -1, valuePerPeriod: Infinity, discountRate: 101, discountRateUnit: 'decade' } } as never),
  'curve: cash flows with Infinity customers': () => retentionCurve(sbg, { periods: 3, cashFlows: { ...flows, customers: Infinity } }),
  'curve: cash flows missing keys and an unknown one': () => retentionCurve(sbg, { periods: 3, cashFlows: { customers: 10, margin: 1 } } as never),
  'curve: cash flows a number': () => retentionCurve(sbg, { periods: 3, cashFlows: 5 } as never),
  'derl: valid': () => discountedExpectedResidualLifetime(sbg, { ...rate, renewals: 2 }),
  'derl: valid default renewals on a BdW': () => discountedExpectedResidualLifetime(bdw, rate),
  'derl: rate 0': () => discountedExpectedResidualLifetime(sbg, { discountRate: 0, discountRateUnit: 'year' }),
  'derl: rate too small for the period': () => discountedExpectedResidualLifetime(bdw, { discountRate: 0.0005, discountRateUnit: 'year' }),
  'derl: renewals -1, rate over 100': () => discountedExpectedResidualLifetime(sbg, { discountRate: 150, discountRateUnit: 'year', renewals: -1 }),
  'derl: renewals 1.5, no unit, unknown key': () => discountedExpectedResidualLifetime(sbg, { discountRate: 0.1, renewals: 1.5, tenure: 3 } as never),
  'derl: options null': () => discountedExpectedResidualLifetime(sbg, null as never),
  'elasticity: valid': () => retentionElasticity(bdw, { discountRate: 0.01, discountRateUnit: 'month', renewals: 1 }),
  'elasticity: bad options': () => retentionElasticity(sbg, { discountRate: '0.1', discountRateUnit: 'years', renewals: null } as never),
  'model: valid sBG round trip': () => parseModel(JSON.stringify(sbg)),
  'model: valid BdW round trip': () => parseModel(JSON.stringify(bdw)),
  'model: sBG with a negative and a string parameter': () =>
    parseModel(
      JSON.stringify(
        broken(sbg, (m) => {
          m.params.alpha = -1;
          m.params.beta = '2';
        }),
      ),
    ),
  'model: sBG without standard errors, bad counts': () =>
    parseModel(
      JSON.stringify(
        broken(sbg, (m) => {
          delete m.standardErrors;
          m.fitted.n = -1;
          m.fitted.skipped = 0.5;
          m.fitted.diagnostics.cohorts = 'one';
        }),
      ),
    ),
  'model: sBG with bad diagnostics and extra keys': () =>
    parseModel(
      JSON.stringify(
        broken(sbg, (m) => {
          m.fitted.diagnostics.gradientNorm = -1;
          m.fitted.diagnostics.hessianPositiveDefinite = 'yes';
          delete m.fitted.diagnostics.aic;
          m.fitted.diagnostics.extra = 1;
          m.params.c = 1;
          m.extra = true;
        }),
      ),
    ),
  'model: sBG with a bad spec inside': () =>
    parseModel(
      JSON.stringify(
        broken(sbg, (m) => {
          m.spec.periodUnit = 'decade';
          m.spec.columns.period = '';
          m.spec.columns.extra = 'x';
          m.spec.maxIterations = 0;
        }),
      ),
    ),
  'model: sBG with its spec missing defaults': () =>
    parseModel(
      JSON.stringify(
        broken(sbg, (m) => {
          delete m.spec.columns;
          delete m.spec.maxIterations;
        }),
      ),
    ),
  'model: BdW with a bad nested test': () =>
    parseModel(
      JSON.stringify(
        broken(bdw, (m) => {
          m.fitted.diagnostics.versusShiftedBetaGeometric.pValue = 2;
          m.fitted.diagnostics.versusShiftedBetaGeometric.likelihoodRatio = -1;
          m.fitted.diagnostics.versusShiftedBetaGeometric.extra = 0;
        }),
      ),
    ),
  'model: BdW with bad standard errors and c': () =>
    parseModel(
      JSON.stringify(
        broken(bdw, (m) => {
          m.standardErrors.c = 'x';
          m.standardErrors.alpha = null;
          m.params.c = 0;
          m.spec.c = 200;
        }),
      ),
    ),
  'model: BdW with c standard error null and no test': () =>
    parseModel(
      JSON.stringify(
        broken(bdw, (m) => {
          m.standardErrors.c = null;
          m.fitted.diagnostics.versusShiftedBetaGeometric = null;
        }),
      ),
    ),
  'model: BdW without params, warnings not strings': () =>
    parseModel(
      JSON.stringify(
        broken(bdw, (m) => {
          delete m.params;
          m.fitted.warnings = [1];
        }),
      ),
    ),
  'model: version 1 sBG': () => parseModel(JSON.stringify(broken(sbg, (m) => (m.version = 1)))),
  'model: version 7 BdW': () => parseModel(JSON.stringify(broken(bdw, (m) => (m.version = 7)))),
  'model: unknown kind': () => parseModel(JSON.stringify(broken(sbg, (m) => (m.kind = 'shiftedBetaGeo')))),
  'curve: a broken sBG': () =>
    retentionCurve(
      broken(sbg, (m) => (m.params.beta = 0)),
      { periods: 3 },
    ),
  'curve: a broken BdW': () =>
    retentionCurve(
      broken(bdw, (m) => (m.spec.columns = null)),
      { periods: 3 },
    ),
  'curve: a BdW with a NaN parameter': () =>
    retentionCurve(
      broken(bdw, (m) => (m.params.c = NaN)),
      { periods: 3 },
    ),
  'curve: a version-1 sBG': () =>
    retentionCurve(
      broken(sbg, (m) => (m.version = 1)),
      { periods: 3 },
    ),
  'curve: an RFM model': () => retentionCurve({ kind: 'rfm', version: 2 }, { periods: 3 }),
  'curve: null': () => retentionCurve(null, { periods: 3 }),
  'curve: a broken model and bad options': () =>
    retentionCurve(
      broken(sbg, (m) => delete m.fitted),
      { periods: 0 },
    ),
  'derl: a broken BdW': () =>
    discountedExpectedResidualLifetime(
      broken(bdw, (m) => (m.standardErrors = 1)),
      rate,
    ),
  'derl: a betaGeo model': () => discountedExpectedResidualLifetime({ kind: 'betaGeo' }, rate),
  'elasticity: a version-1 BdW': () =>
    retentionElasticity(
      broken(bdw, (m) => (m.version = 1)),
      rate,
    ),
  'elasticity: a model without kind': () => retentionElasticity({ params: sbg.params }, rate),
};

describeRecordedDoors('the contractual retention doors refuse as they did before the move to zod/mini', FIXTURE, cases);

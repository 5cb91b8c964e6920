// The refusals of the metrics' doors, recorded (issue 21): the specs and options of rfmSegments,
// kaplanMeier, activeLifetimes, costToServe, productHoldingChurn, realizedProfit, loyaltyMatrix,
// valueSatisfactionMap, purchaseFrequencyDistribution, toColumns, toIsoDates and scorerColumns
// move from zod's classic API to `zod/mini`, and every refusal must read as before.
// test/fixtures/contracts/metricDoorIssues.json was written by this file
// (`RECORD_DOOR_ISSUES=1 npx vitest run test/contracts/metricDoorIssues.test.ts`) on the
// classic-API code (commit bd71c59), before the move; valid calls are recorded too.
// Re-recorded on purpose for one case (stop 45): realizedProfit's `margin` of neither form names
// both forms ("a margin: a fraction 0–1, or the name of a margin column"), not "invalid input".
import { join } from 'node:path';
import {
  activeLifetimes,
  compileScorer,
  costToServe,
  fitValuePyramid,
  kaplanMeier,
  loyaltyMatrix,
  productHoldingChurn,
  purchaseFrequencyDistribution,
  realizedProfit,
  rfmSegments,
  scorerColumns,
  toColumns,
  toIsoDates,
  valueSatisfactionMap,
} from '../../src/index.js';
import { describeRecordedDoors } from '../helpers/doorOutcome.js';

const FIXTURE = join(__dirname, '../fixtures/contracts/metricDoorIssues.json');

const scores = { recency: Uint8Array.of(5, 5, 1, 1, 3), frequency: Uint8Array.of(5, 1, 5, 1, 4), monetary: Uint8Array.of(5, 2, 4, 1, 3) };
const lives = { frequency: [3, 1, 2], recency: [2, 29, 10], T: [40, 30, 20] };
const service = { customer: ['a', 'a', 'b'], stage: ['delivery', 'support', 'support'], cost: [40, 15, 5], budget: [30, 20, 20] };
const serviceSpec = { customer: 'customer', cost: 'cost' };
const holdings = { products: [1, 1, 1, 1, 2, 2, 2, 3, 3, 3], churned: [1, 1, 1, 0, 1, 0, 0, 0, 0, 0] };
const revenue = { id: ['a', 'b'], revenue: [200, 50], margin: [0.2, 0.5] };
const profitSpec = { customer: 'id', revenue: 'revenue', margin: 0.25 };
const survey = { satisfaction: [8, 3, 9, 2, 6], repurchase: [0.9, 0.2, 0.3, 0.8, 0.5], value: [100, 20, 50, 10, 70] };
const matrixSpec = { satisfaction: 'satisfaction', repurchase: 'repurchase', thresholds: { satisfaction: 5, repurchase: 0.5 } };
const mapSpec = { value: 'value', satisfaction: 'satisfaction' };
const frequencies = { frequency: [0, 1, 1, 2, 5, null], f: [0, 0, 3, 1, 1, 1] };
const scorer = compileScorer({
  pyramid: fitValuePyramid(
    { profit: [500, 120, 80, 40, 30, 20, 10, 5, 0, 0] },
    { dimensions: [{ column: 'profit', scale: 'none' }], tiers: { method: 'cumulativeShare' } },
  ),
});

const cases: Record<string, () => unknown> = {
  'rfmSegments: valid, default rules': () => rfmSegments(scores),
  'rfmSegments: valid, own rules': () => rfmSegments(scores, [{ name: 'top', recency: [4, 5], monetary: [3, 5] }, { name: 'rest' }]),
  'rfmSegments: empty rules': () => rfmSegments(scores, []),
  'rfmSegments: rules not an array': () => rfmSegments(scores, { name: 'x' } as never),
  'rfmSegments: empty name, unknown key': () => rfmSegments(scores, [{ name: '', tenure: [1, 2] }] as never),
  'rfmSegments: range reversed': () => rfmSegments(scores, [{ name: 'x', recency: [4, 2] }]),
  'rfmSegments: range out of 1–9, not whole': () => rfmSegments(scores, [{ name: 'x', recency: [0, 10], frequency: [1.5, 2] }]),
  'rfmSegments: range of one number, of strings': () => rfmSegments(scores, [{ name: 'x', recency: [1] as never, monetary: ['1', '2'] as never }]),
  'rfmSegments: rule null, name missing': () => rfmSegments(scores, [null, { recency: [1, 2] }] as never),
  'rfmSegments: rules null': () => rfmSegments(scores, null as never),
  'kaplanMeier: valid': () => kaplanMeier([2, 3, 3, 5, 8, 8, 9], [1, 1, 0, 1, 0, 1, 1]),
  'kaplanMeier: valid log-log, 0.9': () => kaplanMeier([2, 3, 5], [1, 0, 1], { confidence: 0.9, confidenceType: 'log-log' }),
  'kaplanMeier: confidence 0': () => kaplanMeier([2], [1], { confidence: 0 }),
  'kaplanMeier: confidence 1, bad type': () => kaplanMeier([2], [1], { confidence: 1, confidenceType: 'arcsine' } as never),
  'kaplanMeier: confidence a string, unknown key': () => kaplanMeier([2], [1], { confidence: '0.9', level: 0.9 } as never),
  'kaplanMeier: confidence NaN': () => kaplanMeier([2], [1], { confidence: Number.NaN }),
  'kaplanMeier: options null': () => kaplanMeier([2], [1], null as never),
  'kaplanMeier: options an array': () => kaplanMeier([2], [1], [] as never),
  'activeLifetimes: valid': () => activeLifetimes(lives, { lapseAfter: 26 }),
  'activeLifetimes: lapseAfter 0': () => activeLifetimes(lives, { lapseAfter: 0 }),
  'activeLifetimes: lapseAfter negative, unknown key': () => activeLifetimes(lives, { lapseAfter: -1, unit: 'week' } as never),
  'activeLifetimes: lapseAfter Infinity': () => activeLifetimes(lives, { lapseAfter: Infinity }),
  'activeLifetimes: lapseAfter a string': () => activeLifetimes(lives, { lapseAfter: '26' } as never),
  'activeLifetimes: no lapseAfter': () => activeLifetimes(lives, {} as never),
  'activeLifetimes: no options': () => activeLifetimes(lives, undefined as never),
  'activeLifetimes: wrong columns': () => activeLifetimes({ frequency: [1], recency: [1] }, { lapseAfter: 2 }),
  'costToServe: valid': () => costToServe(service, serviceSpec),
  'costToServe: valid with stage, budget, skip': () =>
    costToServe({ ...service, cost: [40, null, 5] }, { ...serviceSpec, stage: 'stage', budget: 'budget', missing: 'skip' }),
  'costToServe: empty names': () => costToServe(service, { customer: '', cost: '', stage: '', budget: '' }),
  'costToServe: no cost, unknown key': () => costToServe(service, { customer: 'customer', amount: 'cost' } as never),
  'costToServe: names not strings, bad missing': () => costToServe(service, { customer: 1, cost: ['cost'], stage: null, missing: 'drop' } as never),
  'costToServe: no spec': () => costToServe(service, undefined as never),
  'costToServe: wrong column name': () => costToServe(service, { ...serviceSpec, cost: 'price' }),
  'productHoldingChurn: valid': () => productHoldingChurn(holdings, { products: 'products', churned: 'churned' }),
  'productHoldingChurn: valid skip': () =>
    productHoldingChurn({ ...holdings, products: [null, ...holdings.products.slice(1)] }, { products: 'products', churned: 'churned', missing: 'skip' }),
  'productHoldingChurn: empty names, bad missing': () => productHoldingChurn(holdings, { products: '', churned: '', missing: 'listwise' } as never),
  'productHoldingChurn: missing churned, unknown key': () => productHoldingChurn(holdings, { products: 'products', churn: 'churned' } as never),
  'productHoldingChurn: spec a string': () => productHoldingChurn(holdings, 'products' as never),
  'productHoldingChurn: wrong column name': () => productHoldingChurn(holdings, { products: 'products', churned: 'lost' }),
  'realizedProfit: valid': () => realizedProfit(revenue, profitSpec),
  'realizedProfit: valid margin column, costs': () =>
    realizedProfit(revenue, { ...profitSpec, margin: 'margin', costs: costToServe({ id: ['a', 'c'], cost: [30, 8] }, { customer: 'id', cost: 'cost' }) }),
  'realizedProfit: margin above 1': () => realizedProfit(revenue, { ...profitSpec, margin: 1.5 }),
  'realizedProfit: margin negative, empty revenue': () => realizedProfit(revenue, { ...profitSpec, margin: -0.1, revenue: '' }),
  'realizedProfit: margin empty text, customer missing': () => realizedProfit(revenue, { revenue: 'revenue', margin: '' } as never),
  'realizedProfit: margin a boolean': () => realizedProfit(revenue, { ...profitSpec, margin: true } as never),
  'realizedProfit: costs a number, bad missing, unknown key': () => realizedProfit(revenue, { ...profitSpec, costs: 5, missing: 'zero', cost: 1 } as never),
  'realizedProfit: costs null': () => realizedProfit(revenue, { ...profitSpec, costs: null } as never),
  'realizedProfit: costs an object, not a result': () => realizedProfit(revenue, { ...profitSpec, costs: { customer: 'a' } } as never),
  'realizedProfit: no spec': () => realizedProfit(revenue, null as never),
  'loyaltyMatrix: valid': () => loyaltyMatrix(survey, matrixSpec),
  'loyaltyMatrix: no thresholds': () => loyaltyMatrix(survey, { satisfaction: 'satisfaction', repurchase: 'repurchase' } as never),
  'loyaltyMatrix: thresholds Infinity and NaN': () => loyaltyMatrix(survey, { ...matrixSpec, thresholds: { satisfaction: Infinity, repurchase: Number.NaN } }),
  'loyaltyMatrix: thresholds strings, unknown key': () =>
    loyaltyMatrix(survey, { ...matrixSpec, thresholds: { satisfaction: '5', repurchase: 0.5, value: 1 } } as never),
  'loyaltyMatrix: thresholds missing one': () => loyaltyMatrix(survey, { ...matrixSpec, thresholds: { satisfaction: 5 } } as never),
  'loyaltyMatrix: empty names, bad missing, unknown key': () =>
    loyaltyMatrix(survey, { ...matrixSpec, satisfaction: '', repurchase: '', missing: 0, cut: 1 } as never),
  'loyaltyMatrix: no spec': () => loyaltyMatrix(survey, undefined as never),
  'loyaltyMatrix: wrong column name': () => loyaltyMatrix(survey, { ...matrixSpec, repurchase: 'loyalty' }),
  'valueSatisfactionMap: valid': () => valueSatisfactionMap(survey, mapSpec),
  'valueSatisfactionMap: valid cuts, skip': () =>
    valueSatisfactionMap({ ...survey, value: [100, null, 50, 10, 70] }, { ...mapSpec, cuts: { value: 40, satisfaction: 5 }, missing: 'skip' }),
  'valueSatisfactionMap: cuts Infinity, NaN': () => valueSatisfactionMap(survey, { ...mapSpec, cuts: { value: Infinity, satisfaction: Number.NaN } }),
  'valueSatisfactionMap: cuts strings, unknown key': () => valueSatisfactionMap(survey, { ...mapSpec, cuts: { value: '4', repurchase: 1 } } as never),
  'valueSatisfactionMap: cuts null': () => valueSatisfactionMap(survey, { ...mapSpec, cuts: null } as never),
  'valueSatisfactionMap: empty names, bad missing, unknown key': () =>
    valueSatisfactionMap(survey, { value: '', satisfaction: '', missing: 'error ', x: 1 } as never),
  'valueSatisfactionMap: no value': () => valueSatisfactionMap(survey, { satisfaction: 'satisfaction' } as never),
  'valueSatisfactionMap: wrong column name': () => valueSatisfactionMap(survey, { ...mapSpec, value: 'clv' }),
  'purchaseFrequency: valid': () => purchaseFrequencyDistribution(frequencies, { missing: 'skip' }),
  'purchaseFrequency: valid column, max': () => purchaseFrequencyDistribution(frequencies, { frequency: 'f', max: 2 }),
  'purchaseFrequency: max 0': () => purchaseFrequencyDistribution(frequencies, { frequency: 'f', max: 0 }),
  'purchaseFrequency: max 1.5, empty column': () => purchaseFrequencyDistribution(frequencies, { frequency: '', max: 1.5 }),
  'purchaseFrequency: max a string, bad missing, unknown key': () =>
    purchaseFrequencyDistribution(frequencies, { max: '3', missing: 'keep', bins: 3 } as never),
  'purchaseFrequency: options a number': () => purchaseFrequencyDistribution(frequencies, 3 as never),
  'purchaseFrequency: wrong column name': () => purchaseFrequencyDistribution(frequencies, { frequency: 'x' }),
  'toColumns: valid': () => toColumns([{ spend: 10 }, { spend: 12.5 }], ['spend']),
  'toColumns: valid skip': () => toColumns({ spend: [1, null], n: [1, 2] }, ['spend', 'n'], { missing: 'skip' }),
  'toColumns: empty names': () => toColumns({ spend: [1] }, []),
  'toColumns: a name empty, a number': () => toColumns({ spend: [1] }, ['', 3] as never),
  'toColumns: names a string': () => toColumns({ spend: [1] }, 'spend' as never),
  'toColumns: bad missing, unknown key': () => toColumns({ spend: [1] }, ['spend'], { missing: 'nan', rows: 1 } as never),
  'toColumns: options null': () => toColumns({ spend: [1] }, ['spend'], null as never),
  'toColumns: wrong column name': () => toColumns({ spend: [1] }, ['spent']),
  'toIsoDates: valid': () => toIsoDates(['31/12/2024', '1/2/2025', ''], { format: 'DD/MM/YYYY' }),
  'toIsoDates: valid zone, column': () => toIsoDates(['2024-03-10T04:30:00Z'], { timeZone: 'America/New_York', column: 'ordered' }),
  'toIsoDates: bad format': () => toIsoDates(['2024-01-01'], { format: 'YYYY.MM.DD' } as never),
  'toIsoDates: empty zone, column a number, unknown key': () => toIsoDates(['2024-01-01'], { timeZone: '', column: 1, strict: true } as never),
  'toIsoDates: unknown zone': () => toIsoDates(['2024-01-01'], { timeZone: 'Mars/Olympus' }),
  'toIsoDates: options a string': () => toIsoDates(['2024-01-01'], 'iso' as never),
  'toIsoDates: bad values, named column': () => toIsoDates(['2024-13-01', 'x'], { column: 'ordered' }),
  'scorerColumns: valid': () => scorerColumns(scorer, 2),
  'scorerColumns: valid 0 rows': () => scorerColumns(scorer, 0),
  'scorerColumns: negative rows': () => scorerColumns(scorer, -1),
  'scorerColumns: fractional rows': () => scorerColumns(scorer, 1.5),
  'scorerColumns: rows too many': () => scorerColumns(scorer, 2 ** 31),
  'scorerColumns: rows a string': () => scorerColumns(scorer, '4' as never),
  'scorerColumns: rows NaN': () => scorerColumns(scorer, Number.NaN),
  'scorerColumns: not a scorer': () => scorerColumns({} as never, 2),
};

describeRecordedDoors('metric doors refuse as they did before the move to zod/mini', FIXTURE, cases);

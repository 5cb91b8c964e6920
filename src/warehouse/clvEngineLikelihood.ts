import type * as z from 'zod';
import { CustomerValueError } from '../errors.js';
import { runStepsAsync, type AsyncObjective } from '../internal/optimizationSteps.js';
import { betaGeoFitSteps } from '../loyalty/clv/betaGeoFitSteps.js';
import { BETA_GEO_HESSIAN_SUMS, betaGeoFromSums, betaGeoLogLikelihood, prepareBetaGeoData, type BetaGeoHessianSums } from '../loyalty/clv/betaGeoLikelihood.js';
import type { betaGeoSpecSchema } from '../loyalty/clv/betaGeoSpec.js';
import type { BetaGeoModel } from '../loyalty/clv/fitBetaGeo.js';
import type { GammaGammaModel } from '../loyalty/clv/fitGammaGamma.js';
import { gammaGammaFitSteps } from '../loyalty/clv/gammaGammaFitSteps.js';
import {
  GAMMA_GAMMA_HESSIAN_SUMS,
  gammaGammaFromSums,
  gammaGammaLogLikelihood,
  prepareGammaGammaData,
  type GammaGammaHessianSums,
} from '../loyalty/clv/gammaGammaLikelihood.js';
import type { gammaGammaSpecSchema } from '../loyalty/clv/gammaGammaSpec.js';
import { betaGeoSumsSql, clvWorkFrequenciesSql, clvWorkSampleSql, gammaGammaSumsSql, type ClvWorkTable } from './clvLikelihoodSql.js';
import { warehouseNumber, type WarehouseRow } from './warehouseEngine.js';

// fitClvInWarehouse's `likelihood: 'engine'`: the BG/NBD and Gamma-Gamma fits (betaGeoFitSteps,
// gammaGammaFitSteps: the same algorithm as the in-memory fitters) driven asynchronously. The
// starting points are screened in JavaScript on an every-k-th subsample of ≤ 10,000 histogram
// rows per model brought out once; each evaluation on all the data (the Newton finish: value,
// gradient and Hessian) is one aggregate query over the work table returning one row of sums.
// Internal: not exported from the package.

/** Histogram rows per model brought out to screen the starting points on (above it, every k-th). */
export const WAREHOUSE_SCREEN_ROWS = 10_000;

/** Runs one query of a stage and returns its rows (counted as transferred by the caller). */
export type StageQuery = (stage: string, sql: string) => Promise<readonly WarehouseRow[]>;

/** The work table's sizes (`clvWorkSizesSql`), read. */
export interface ClvWorkSizes {
  readonly betaGeoRows: number;
  readonly gammaGammaRows: number;
  readonly refused: number;
  readonly withoutRepeat: number;
  readonly nonPositive: number;
  readonly spendCustomers: number;
  readonly spendSum: number;
}

/** Read `clvWorkSizesSql`'s row. */
export function readWorkSizes(row: WarehouseRow | undefined, fn: string, stage: string): ClvWorkSizes {
  const where = { function: fn, stage };
  const get = (column: string) => (row?.[column] === null ? 0 : warehouseNumber(row?.[column], where, column, 0));
  return {
    betaGeoRows: get('betageo_rows'),
    gammaGammaRows: get('gammagamma_rows'),
    refused: get('refused'),
    withoutRepeat: get('without_repeat'),
    nonPositive: get('non_positive'),
    spendCustomers: get('spend_customers'),
    spendSum: get('spend_sum'),
  };
}

/** Per distinct frequency of one set: the values that do not depend on the parameters. */
interface Frequencies {
  readonly x: Float64Array;
  /** Customers, all and in the screening subsample. */
  readonly customers: readonly [Float64Array, Float64Array];
  readonly exposure: Float64Array;
  readonly spendDeviation: Float64Array;
  readonly spendSquare: Float64Array;
}

function readFrequencies(rows: readonly WarehouseRow[], set: 0 | 1, fn: string, stage: string): Frequencies {
  const where = { function: fn, stage };
  const mine = rows
    .map((row, i) => ({ row, i }))
    .filter(({ row, i }) => warehouseNumber(row.betageo, where, 'betageo', i) === set)
    .map(({ row, i }) => ({ row, i, x: warehouseNumber(row.frequency, where, 'frequency', i) }))
    .sort((u, v) => u.x - v.x);
  const column = (name: string) => Float64Array.from(mine, ({ row, i }) => warehouseNumber(row[name], where, name, i));
  return {
    x: Float64Array.from(mine, (m) => m.x),
    customers: [column('sampled'), column('customers')],
    exposure: column('exposure'),
    spendDeviation: column('spend_deviation'),
    spendSquare: column('spend_square'),
  };
}

function total(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/** Subsample step of a set of `rows` fitted rows, as the in-memory fitters take it (1: no screening). */
export function screeningEvery(rows: number, threshold: number): number {
  return rows > threshold ? Math.ceil(rows / threshold) : 1;
}

/**
 * Fit both models on the work table: one query for the per-frequency statistics, then one query
 * per likelihood evaluation (stage `"likelihood"`). Returns the models and the queries run.
 */
export async function fitClvOnWorkTable(
  work: ClvWorkTable,
  sizes: ClvWorkSizes,
  specs: { readonly betaGeo: z.output<typeof betaGeoSpecSchema>; readonly gammaGamma: z.output<typeof gammaGammaSpecSchema> },
  query: StageQuery,
  stage: <T>(name: string, fitting: () => Promise<T>) => Promise<T>,
): Promise<{ betaGeo: BetaGeoModel; gammaGamma: GammaGammaModel }> {
  const fn = work.fn;
  if (sizes.nonPositive > 0 && specs.gammaGamma.nonPositiveSpend === 'error') {
    throw new CustomerValueError('invalid_value', `${fn}: ${sizes.nonPositive} repeat customer(s) have a mean spend ≤ 0`, [
      {
        function: fn,
        column: specs.gammaGamma.columns.monetary,
        expected: 'a mean spend > 0 for a repeat customer',
        received: `${sizes.nonPositive} customer(s) with monetary ≤ 0`,
        hint: "the Gamma-Gamma model needs positive spend: pass gammaGamma: { nonPositiveSpend: 'exclude' } to leave such customers out (counted)",
      },
    ]);
  }
  const every = {
    betaGeo: screeningEvery(sizes.betaGeoRows, WAREHOUSE_SCREEN_ROWS),
    gammaGamma: screeningEvery(sizes.gammaGammaRows, WAREHOUSE_SCREEN_ROWS),
  };
  const spendMean = sizes.spendCustomers > 0 ? sizes.spendSum / sizes.spendCustomers : 0;
  const frequencyRows = await query('statistics', clvWorkFrequenciesSql(work, every, spendMean));
  const bg = readFrequencies(frequencyRows, 1, fn, 'statistics');
  const gg = readFrequencies(frequencyRows, 0, fn, 'statistics');
  const where = { function: fn, stage: 'likelihood' };
  // One row of sums, each read as a number (a NULL or non-numeric sum is an error naming it).
  const one = async <Sums>(sql: string, columns: readonly string[]): Promise<Sums> => {
    const rows = await query('likelihood', sql);
    return Object.fromEntries(columns.map((c) => [c, warehouseNumber(rows[0]?.[c], where, c, 0)])) as Sums;
  };
  // A likelihood on all the data in the engine: one query returning one row of sums (the Hessian's
  // too when the Hessian is asked for), combined with the per-frequency terms in JavaScript.
  const engineObjective =
    <Sums>(
      sqlOf: (params: readonly number[], hessian: boolean) => string,
      columns: readonly string[],
      hessianColumns: readonly string[],
      fromSums: (params: Float64Array, sums: Sums, gradient: Float64Array | null, hessian: Float64Array | null) => number,
    ): AsyncObjective =>
    async (params, gradient, hessian) => {
      const withHessian = gradient !== null && hessian !== null;
      const sums = await one<Sums>(sqlOf(Array.from(params), withHessian), withHessian ? [...columns, ...hessianColumns] : columns);
      return fromSums(params, sums, gradient, hessian);
    };
  // The screening subsamples, as columns (every k-th fitted row in canonical order, as in memory).
  const sample = async (set: 0 | 1, names: readonly string[]) => {
    const rows = await query('screening sample', clvWorkSampleSql(work, set, every[set === 1 ? 'betaGeo' : 'gammaGamma']));
    const at = { function: fn, stage: 'screening sample' };
    return names.map((name) => Float64Array.from(rows, (row, i) => warehouseNumber(row[name], at, name, i)));
  };

  let repeaters = 0;
  let purchases = 0;
  let exposure = 0;
  for (let k = 0; k < bg.x.length; k++) {
    if (bg.x[k] > 0) repeaters += bg.customers[1][k];
    purchases += bg.customers[1][k] * bg.x[k];
    exposure += bg.exposure[k];
  }
  const betaGeoN = total(bg.customers[1]);
  const betaGeoEngine = engineObjective<BetaGeoHessianSums>(
    (params, hessian) => betaGeoSumsSql(work, params, null, hessian),
    ['lse', 'dr', 'dalpha', 'da', 'db'],
    BETA_GEO_HESSIAN_SUMS,
    (params, sums, gradient, hessian) => betaGeoFromSums(params, bg.x, bg.customers[1], sums, gradient, hessian),
  );
  let betaGeoScreen = betaGeoEngine;
  if (every.betaGeo > 1) {
    const [x, tx, T, count] = await sample(1, ['frequency', 'recency', 'T', 'customers']);
    const data = prepareBetaGeoData(x, tx, T, null, count);
    betaGeoScreen = (params, gradient, hessian) => Promise.resolve(betaGeoLogLikelihood(params, data, gradient, hessian));
  }
  const betaGeo = await stage('BG/NBD fit', () =>
    runStepsAsync(
      betaGeoFitSteps(fn, specs.betaGeo, {
        n: betaGeoN,
        skipped: 0,
        groups: sizes.betaGeoRows,
        repeaters,
        purchases,
        exposure,
        customers: [total(bg.customers[0]), betaGeoN],
        screening: every.betaGeo > 1,
      }),
      [betaGeoScreen, betaGeoEngine],
    ),
  );

  const gammaGammaN = total(gg.customers[1]);
  const meanX = gammaGammaN > 0 ? total(gg.x.map((x, k) => x * gg.customers[1][k])) / gammaGammaN : 0;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < gg.x.length; k++) {
    sxy += (gg.x[k] - meanX) * gg.spendDeviation[k];
    sxx += gg.customers[1][k] * (gg.x[k] - meanX) ** 2;
    syy += gg.spendSquare[k];
  }
  const gammaGammaEngine = engineObjective<GammaGammaHessianSums>(
    (params, hessian) => gammaGammaSumsSql(work, params, null, hessian),
    ['v', 'dp', 'dq', 'dgamma'],
    GAMMA_GAMMA_HESSIAN_SUMS,
    (params, sums, gradient, hessian) => gammaGammaFromSums(params, gg.x, gg.customers[1], sums, gradient, hessian),
  );
  let gammaGammaScreen = gammaGammaEngine;
  if (every.gammaGamma > 1) {
    const [x, m, count] = await sample(0, ['frequency', 'monetary', 'customers']);
    const data = prepareGammaGammaData(x, m, count);
    gammaGammaScreen = (params, gradient, hessian) => Promise.resolve(gammaGammaLogLikelihood(params, data, gradient, hessian));
  }
  const gammaGamma = await stage('Gamma-Gamma fit', () =>
    runStepsAsync(
      gammaGammaFitSteps(fn, specs.gammaGamma, {
        n: gammaGammaN,
        skipped: 0,
        withoutRepeat: sizes.withoutRepeat,
        nonPositiveExcluded: sizes.nonPositive,
        groups: sizes.gammaGammaRows,
        meanSpend: spendMean,
        frequencyMonetaryCorrelation: sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0,
        customers: [total(gg.customers[0]), gammaGammaN],
        screening: every.gammaGamma > 1,
      }),
      [gammaGammaScreen, gammaGammaEngine],
    ),
  );
  return { betaGeo, gammaGamma };
}

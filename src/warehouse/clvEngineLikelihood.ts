import type { z } from 'zod';
import { CustomerValueError } from '../errors.js';
import { runStepsAsync } from '../internal/optimizationSteps.js';
import { digamma, logGamma } from '../internal/specialFunctions.js';
import { BETA_GEO_SCREEN_GROUPS, betaGeoFitSteps } from '../loyalty/clv/betaGeoFitSteps.js';
import type { betaGeoSpecSchema } from '../loyalty/clv/betaGeoSpec.js';
import type { BetaGeoModel } from '../loyalty/clv/fitBetaGeo.js';
import type { GammaGammaModel } from '../loyalty/clv/fitGammaGamma.js';
import { GAMMA_GAMMA_SCREEN_ROWS, gammaGammaFitSteps } from '../loyalty/clv/gammaGammaFitSteps.js';
import type { gammaGammaSpecSchema } from '../loyalty/clv/gammaGammaSpec.js';
import { betaGeoSumsSql, clvWorkFrequenciesSql, gammaGammaSumsSql, type ClvWorkTable } from './clvLikelihoodSql.js';
import { warehouseNumber, type WarehouseRow } from './warehouseEngine.js';

// fitClvInWarehouse's `likelihood: 'engine'`: the BG/NBD and Gamma-Gamma fits (betaGeoFitSteps,
// gammaGammaFitSteps: the same algorithm as the in-memory fitters) driven asynchronously, each
// likelihood evaluation one aggregate query over the work table returning one row of sums.
// Internal: not exported from the package.

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

/**
 * ℓ and ∂ℓ/∂(ln p, ln q, ln γ) of Gamma-Gamma from the engine's per-row sums (`gammaGammaSumsSql`)
 * and the per-frequency counts N_x, as `gammaGammaLogLikelihood` splits it:
 *   ℓ = Σ_x N_x·(lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + px ln x) + v,
 *   ∂ℓ/∂p = Σ_x N_x·x·(ψ(px+q) − ψ(px) + ln x) + dp,  ∂ℓ/∂q = Σ_x N_x·(ψ(px+q) − ψ(q)) + dq,
 *   ∂ℓ/∂γ = dgamma.
 */
export function gammaGammaFromSums(
  params: ArrayLike<number>,
  x: Float64Array,
  customers: Float64Array,
  sums: { v: number; dp: number; dq: number; dgamma: number },
  gradient: Float64Array | null,
): number {
  const [p, q, g] = [params[0], params[1], params[2]];
  const lgQ = logGamma(q);
  const psiQ = digamma(q);
  const logG = Math.log(g);
  let value = 0;
  let gp = 0;
  let gq = 0;
  for (let k = 0; k < x.length; k++) {
    const nk = customers[k];
    if (nk === 0) continue;
    const px = p * x[k];
    const logX = Math.log(x[k]);
    value += nk * (logGamma(px + q) - logGamma(px) - lgQ + q * logG + px * logX);
    if (gradient) {
      const psiSum = digamma(px + q);
      gp += nk * x[k] * (psiSum - digamma(px) + logX);
      gq += nk * (psiSum - psiQ);
    }
  }
  if (gradient) {
    gradient[0] = (gp + sums.dp) * p;
    gradient[1] = (gq + sums.dq) * q;
    gradient[2] = sums.dgamma * g;
  }
  return value + sums.v;
}

/**
 * ℓ and ∂ℓ/∂(ln r, ln α, ln a, ln b) of BG/NBD from the engine's sums (`betaGeoSumsSql`) and the
 * per-frequency counts: ℓ = Σ_x N_x·(lnΓ(r+x) − lnΓ(r) + r ln α + ln B(a, b+x) − ln B(a, b)) +
 * Σn·ln(e^l3 + e^l4), as `betaGeoLogLikelihood` splits it.
 */
export function betaGeoFromSums(
  params: ArrayLike<number>,
  x: Float64Array,
  customers: Float64Array,
  sums: { lse: number; dr: number; dalpha: number; da: number; db: number },
  gradient: Float64Array | null,
): number {
  const [r, alpha, a, b] = [params[0], params[1], params[2], params[3]];
  const lnAlpha = Math.log(alpha);
  const lgR = logGamma(r);
  const lgB = logGamma(b);
  const lgAB = logGamma(a + b);
  const psiR = digamma(r);
  const psiB = digamma(b);
  const psiAB = digamma(a + b);
  let value = 0;
  let gr = 0;
  let ga = 0;
  let gb = 0;
  let n = 0;
  for (let k = 0; k < x.length; k++) {
    const nk = customers[k];
    if (nk === 0) continue;
    const xk = x[k];
    value += nk * (logGamma(r + xk) - lgR + r * lnAlpha + lgAB + logGamma(b + xk) - lgB - logGamma(a + b + xk));
    if (gradient) {
      const psiABX = digamma(a + b + xk);
      gr += nk * (digamma(r + xk) - psiR + lnAlpha);
      ga += nk * (psiAB - psiABX);
      gb += nk * (psiAB + digamma(b + xk) - psiB - psiABX);
    }
    n += nk;
  }
  value += sums.lse;
  if (gradient) {
    gradient[0] = (gr - sums.dr) * r;
    gradient[1] = ((n * r) / alpha - sums.dalpha) * alpha;
    gradient[2] = (ga + sums.da / a) * a;
    gradient[3] = (gb - sums.db) * b;
  }
  return value;
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
    betaGeo: screeningEvery(sizes.betaGeoRows, BETA_GEO_SCREEN_GROUPS),
    gammaGamma: Math.max(1, Math.ceil(sizes.gammaGammaRows / GAMMA_GAMMA_SCREEN_ROWS)),
  };
  const spendMean = sizes.spendCustomers > 0 ? sizes.spendSum / sizes.spendCustomers : 0;
  const frequencyRows = await query('statistics', clvWorkFrequenciesSql(work, every, spendMean));
  const bg = readFrequencies(frequencyRows, 1, fn, 'statistics');
  const gg = readFrequencies(frequencyRows, 0, fn, 'statistics');
  const where = { function: fn, stage: 'likelihood' };
  const one = async (sql: string, columns: readonly string[]) => {
    const rows = await query('likelihood', sql);
    return Object.fromEntries(columns.map((c) => [c, warehouseNumber(rows[0]?.[c], where, c, 0)]));
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
  const betaGeoObjective = (set: 0 | 1) => async (params: Float64Array, gradient: Float64Array | null) => {
    const sums = await one(betaGeoSumsSql(work, Array.from(params), set === 0 ? every.betaGeo : null), ['lse', 'dr', 'dalpha', 'da', 'db']);
    return betaGeoFromSums(params, bg.x, bg.customers[set], sums as Parameters<typeof betaGeoFromSums>[3], gradient);
  };
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
      [betaGeoObjective(0), betaGeoObjective(1)],
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
  const gammaGammaObjective = (set: 0 | 1) => async (params: Float64Array, gradient: Float64Array | null) => {
    const sums = await one(gammaGammaSumsSql(work, Array.from(params), set === 0 ? every.gammaGamma : null), ['v', 'dp', 'dq', 'dgamma']);
    return gammaGammaFromSums(params, gg.x, gg.customers[set], sums as Parameters<typeof gammaGammaFromSums>[3], gradient);
  };
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
      [gammaGammaObjective(0), gammaGammaObjective(1)],
    ),
  );
  return { betaGeo, gammaGamma };
}

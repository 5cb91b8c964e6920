import { calibrationHoldout, fitBetaGeoWithCovariates } from '../../src/clv.js';
import { readFixtureCsv } from './fixtures.js';

/**
 * CDNOW split at 1997-09-30 (holdout to 1998-06-30, weeks) and each customer's first purchase
 * day's spend (same-day rows summed): the covariate the covariate witnesses
 * (make_bgnbd_covariates_reference.py, make_gamma_gamma_covariates_reference.py) build.
 */
export function cdnowWithFirstSpend(): { split: ReturnType<typeof calibrationHoldout>; firstSpend: number[] } {
  const log = readFixtureCsv('../../examples/data/cdnow_master.csv').columns as Record<string, Float64Array>;
  const split = calibrationHoldout(log, {
    customer: 'customer_id',
    date: 'date',
    value: 'dollar_value',
    calibrationEnd: '1997-09-30',
    observationEnd: '1998-06-30',
    timeUnit: 'week',
  });
  const first = new Map<number, { day: number; spend: number }>();
  for (let i = 0; i < log.customer_id.length; i++) {
    const known = first.get(log.customer_id[i]);
    if (known === undefined || log.date[i] < known.day) first.set(log.customer_id[i], { day: log.date[i], spend: log.dollar_value[i] });
    else if (log.date[i] === known.day) known.spend += log.dollar_value[i];
  }
  return { split, firstSpend: split.customer.map((c) => first.get(c as number)!.spend) };
}

/**
 * The CDNOW calibration customers with the first-purchase-spend split at its median as a
 * categorical covariate, both as text levels (`segment`: 'low', 'high') and as numeric levels
 * (`tier`: 1, 2), and a betaGeoCovariates model fitted on each (reference 'low' and 1): what the
 * streaming and CLI tests score.
 */
export function cdnowSegmentModels() {
  const { split, firstSpend } = cdnowWithFirstSpend();
  const median = [...firstSpend].sort((p, q) => p - q)[Math.floor(firstSpend.length / 2)];
  const customers = {
    id: Array.from(split.customer, String),
    frequency: split.frequency,
    recency: split.recency,
    T: split.T,
    segment: firstSpend.map((v) => (v > median ? 'high' : 'low')),
    tier: firstSpend.map((v) => (v > median ? 2 : 1)),
  };
  const byText = fitBetaGeoWithCovariates(customers, {
    timeUnit: 'week',
    covariates: { columns: [{ column: 'segment', categorical: true, reference: 'low' }] },
  });
  const byNumber = fitBetaGeoWithCovariates(customers, { timeUnit: 'week', covariates: { columns: [{ column: 'tier', categorical: true, reference: 1 }] } });
  return { customers, byText, byNumber };
}

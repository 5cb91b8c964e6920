// The CDNOW holdout check of the demo's value tiers: the data run to mid-1998, the report's
// models are fitted to 1997-09-30, so the 39 weeks after test its tiers on revenue they had not
// seen (the CLV models themselves are compared on the holdout in modelComparisonReport.mjs).
import { fitValuePyramid, tierSummary } from 'customer-value';

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (share) => (share === null ? 'n/a' : `${(100 * share).toFixed(1)}%`);

function tierTable(result) {
  const header = '| tier | customers | share of customers | revenue (calibration) | share of revenue | holdout revenue | share of holdout |';
  const line = (r) =>
    `| ${r.tier} | ${fmt(r.customers)} | ${pct(r.customerShare)} | $${fmt(r.revenue)} | ${pct(r.revenueShare)} | $${fmt(r.profit)} | ${pct(r.profitShare)} |`;
  return [header, '|---|---:|---:|---:|---:|---:|---:|', ...result.tiers.map(line), line(result.total)].join('\n');
}

/**
 * @param customers the report's calibration customers (summary + clv + periodsInactive)
 * @param whole summarizeTransactions of the whole log (weeks), same customers
 */
export function holdoutReport(customers, whole) {
  const byId = new Map(whole.customer.map((id, i) => [id, i]));
  const at = customers.customer.map((id) => byId.get(id));
  const holdoutRevenue = Float64Array.from(at, (j, i) => whole.revenue[j] - customers.revenue[i]);
  const withHoldout = { ...customers, holdoutRevenue };

  // The report's value pyramid, a behavioural pyramid and ABC tiers against holdout revenue
  const valuePyramid = fitValuePyramid(withHoldout, {
    dimensions: [
      { column: 'revenue', scale: 'none' },
      { column: 'clv', scale: 'none' },
    ],
  });
  const behavioural = fitValuePyramid(withHoldout, {
    dimensions: [
      { column: 'revenue', transform: 'log1p', weight: 2 },
      { column: 'frequency', weight: 1 },
      { column: 'periodsInactive', better: 'lower', weight: 1 },
    ],
  });
  const abc = fitValuePyramid(withHoldout, { dimensions: [{ column: 'revenue', scale: 'none' }], tiers: { method: 'cumulativeShare' } });
  const tiers = (model) => tierSummary(model, withHoldout, { revenue: 'revenue', profit: 'holdoutRevenue' });
  const value = tiers(valuePyramid);

  const markdown = `## Value tiers on the holdout (1997-10-01 to 1998-06-30, 39 weeks)

**Value pyramid (realized + potential)** against the revenue of the holdout weeks:

${tierTable(value)}

Behavioural pyramid for comparison — value score = 2 × z(log(1 + revenue)) + z(repeat purchases) − z(weeks inactive), weights normalized:

${tierTable(tiers(behavioural))}

ABC tiers on calibration revenue (A = first 80% of revenue, B = next 15%, C = rest):

${tierTable(tiers(abc))}
`;
  return {
    markdown,
    console: `Holdout: the top value tier holds ${pct(value.tiers[0].profitShare)} of holdout revenue with ${pct(value.tiers[0].customerShare)} of customers`,
  };
}

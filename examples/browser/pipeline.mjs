// The page's analysis, one function of a CSV text: the transaction summary, the value pyramid,
// RFM and segments, the tier table, the charts (SVG and Vega-Lite specs) and the scored CSV.
// The Web Worker runs it in the browser (worker.mjs); test/examples/browserPage.test.ts runs the
// same function in Node on the same file and compares what the page shows with it.
import { fitRfm, fitSegments, fitValuePyramid, parseCsv, scoreRfm, scoreSegments, scoreValuePyramid, summarizeTransactions, tierSummary } from 'customer-value';
import { rfmHeatmapSvg, rfmHeatmapVegaLite, segmentProfileSvg, segmentProfileVegaLite, valuePyramidSvg, valuePyramidVegaLite } from 'customer-value/charts';

/** Column names of the bundled CDNOW log; a picked file with other names says so in the error. */
export const CDNOW_COLUMNS = { customer: 'customer_id', date: 'date', amount: 'dollar_value' };

export function analyze(text, columns = CDNOW_COLUMNS) {
  const log = parseCsv(text, { numbers: [columns.amount, columns.date] });
  // observe to the log's last day: the page knows no other end
  let last = -Infinity;
  for (const d of log.columns[columns.date]) if (d > last) last = d;
  const summary = summarizeTransactions(log.columns, { ...columns, observationEnd: last, timeUnit: 'week' });
  const n = summary.customer.length;
  const weeksSinceLast = new Float64Array(n);
  for (let i = 0; i < n; i++) weeksSinceLast[i] = summary.T[i] - summary.recency[i];
  const customers = { weeksSinceLast, frequency: summary.frequency, revenue: summary.revenue };

  const pyramid = fitValuePyramid(customers, { dimensions: [{ column: 'revenue', scale: 'none' }], tiers: { method: 'cumulativeShare' } });
  const tiers = tierSummary(pyramid, customers, { revenue: 'revenue' });
  const tier = scoreValuePyramid(pyramid, customers).tier;
  const rfmModel = fitRfm(customers, {
    recency: { column: 'weeksSinceLast', better: 'lower' },
    frequency: { column: 'frequency' },
    monetary: { column: 'revenue' },
  });
  const rfm = scoreRfm(rfmModel, customers);
  const segmentsModel = fitSegments(customers, { features: ['weeksSinceLast', 'frequency', 'revenue'], k: 4, seed: 1 });
  const segments = scoreSegments(segmentsModel, customers);

  const shares = tiers.tiers.map((t) => ({ tier: t.tier, customerShare: t.customerShare, revenueShare: t.revenueShare ?? 0 }));
  const lines = ['customer,frequency,recency,T,revenue,tier,rfm_cell,segment'];
  for (let i = 0; i < n; i++) {
    const label = segments.labels[segments.segment[i]];
    lines.push(
      [
        summary.customer[i],
        summary.frequency[i],
        summary.recency[i],
        summary.T[i],
        summary.revenue[i],
        pyramid.tierNames[tier[i]],
        rfm.cell[i],
        JSON.stringify(label),
      ].join(','),
    );
  }
  return {
    rows: log.rowCount,
    customers: n,
    observationEnd: String(last),
    tiers: tiers.tiers.map((t) => ({ tier: t.tier, customers: t.customers, customerShare: t.customerShare, revenue: t.revenue, revenueShare: t.revenueShare })),
    segments: segmentsModel.profiles.map((p) => ({ label: p.label, size: p.size })),
    svg: {
      pyramid: valuePyramidSvg(shares, { title: 'Value pyramid' }),
      rfm: rfmHeatmapSvg({ recency: rfm.recency, frequency: rfm.frequency }, { title: 'RFM: recency × frequency' }),
      segments: segmentProfileSvg(segmentsModel, { title: 'Segments' }),
    },
    vegaLite: {
      pyramid: valuePyramidVegaLite(shares, { title: 'Value pyramid' }),
      rfm: rfmHeatmapVegaLite({ recency: rfm.recency, frequency: rfm.frequency }, { title: 'RFM: recency × frequency' }),
      segments: segmentProfileVegaLite(segmentsModel, { title: 'Segments' }),
    },
    scoredCsv: lines.join('\n') + '\n',
  };
}

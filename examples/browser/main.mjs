// The page: the user picks a CSV, the worker analyzes it, the page shows the tier table, the
// segments, the charts as SVG and through Vega-Lite (vega-embed), and offers the scored CSV.
// `document.body.dataset.state` says where it is ('ready', 'working', 'done', 'error') for the test.
import vegaEmbed from 'vega-embed';

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const $ = (id) => document.getElementById(id);
const percent = (v) => (v === null ? '–' : `${(100 * v).toFixed(1)}%`);
const escape = (text) => String(text).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

worker.onmessage = async ({ data }) => {
  if (!data.ok) {
    $('status').textContent = data.message;
    document.body.dataset.state = 'error';
    return;
  }
  const r = data.result;
  $('status').textContent = `${r.rows.toLocaleString('en-US')} purchases, ${r.customers.toLocaleString('en-US')} customers, observed to ${r.observationEnd}`;
  $('tiers').innerHTML =
    '<tr><th>tier</th><th>customers</th><th>share of customers</th><th>revenue</th><th>share of revenue</th></tr>' +
    r.tiers
      .map(
        (t) =>
          `<tr data-tier="${escape(t.tier)}" data-customers="${t.customers}"><td>${escape(t.tier)}</td><td>${t.customers.toLocaleString('en-US')}</td>` +
          `<td>${percent(t.customerShare)}</td><td>${t.revenue.toFixed(2)}</td><td>${percent(t.revenueShare)}</td></tr>`,
      )
      .join('');
  $('segments').innerHTML = r.segments.map((s) => `<li data-size="${s.size}">${escape(s.label)}: ${s.size.toLocaleString('en-US')}</li>`).join('');
  // the library's SVG strings escape every text they hold (escapeXml)
  $('svg-charts').innerHTML = Object.values(r.svg).join('');
  $('vega-charts').innerHTML = '';
  for (const spec of Object.values(r.vegaLite)) {
    const holder = document.createElement('div');
    $('vega-charts').append(holder);
    await vegaEmbed(holder, spec, { renderer: 'svg', actions: false });
  }
  const link = $('download');
  if (link.href) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([r.scoredCsv], { type: 'text/csv' }));
  link.hidden = false;
  document.body.dataset.state = 'done';
};

$('file').addEventListener('change', async () => {
  const file = $('file').files[0];
  if (!file) return;
  document.body.dataset.state = 'working';
  $('status').textContent = `Analyzing ${file.name}…`;
  worker.postMessage({ text: await file.text() });
});
document.body.dataset.state = 'ready';

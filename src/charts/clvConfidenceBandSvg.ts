import { CustomerValueError } from '../errors.js';
import { checkChart, chartSchemas } from './chartInputs.js';
import { formatFixed } from '../internal/formatFixed.js';
import { pluralOf } from '../internal/chartTimeAxis.js';
import { footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader, type ChartLabels } from './svgFrame.js';
import { plotFrame, plotLeft, plotLegend, polyline } from './svgPlot.js';
import { axisTicks, widestTick } from './svgAxis.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';

/** The parts of a `clvConfidenceIntervals` result the per-customer band chart draws. */
export interface ClvIntervalColumns {
  readonly interval: 'confidence';
  readonly horizon: number;
  readonly timeUnit: string;
  readonly expectedPurchases: { readonly estimate: ArrayLike<number>; readonly percentiles: Readonly<Record<string, ArrayLike<number>>> };
  readonly clv?: { readonly estimate: ArrayLike<number>; readonly percentiles: Readonly<Record<string, ArrayLike<number>>> };
}

/**
 * Labels of the band charts: `quantity` (`'value'`, the default when the result has it, or
 * `'expectedPurchases'`), `unit` (money, default `'$'`), and for the per-customer chart `points`
 * (customers drawn, 2..10,000, default 200) and `scale` (the y axis: `'log'`, the default, or `'linear'`).
 */
export type ClvBandLabels = ChartLabels & {
  readonly quantity?: 'value' | 'expectedPurchases';
  readonly unit?: string;
  readonly points?: number;
  readonly scale?: 'log' | 'linear';
};

/** @internal The band's ends: the lowest and the highest percentile of a result, by level. */
export function bandEnds(percentiles: Readonly<Record<string, unknown>>): { lower: string; upper: string } {
  const names = Object.keys(percentiles).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  return { lower: names[0], upper: names[names.length - 1] };
}

/** @internal The customers drawn: K customers evenly spaced in rank by estimate (each a real customer, its own band). */
export function rankedSample(
  columns: { readonly estimate: ArrayLike<number>; readonly percentiles: Readonly<Record<string, ArrayLike<number>>> },
  points: number,
) {
  const { lower, upper } = bandEnds(columns.percentiles);
  const estimate = columns.estimate;
  const sorted = Float64Array.from(Array.from(estimate).filter((v) => Number.isFinite(v))).sort();
  const n = sorted.length;
  const K = Math.min(points, n);
  // Ranks 0..n − 1 spaced evenly: the k-th drawn customer is at rank round(k·(n − 1)/(K − 1)).
  const ranks = Array.from({ length: K }, (_, k) => (K === 1 ? 0 : Math.round((k * (n - 1)) / (K - 1))));
  // The first row (in input order) holding each drawn rank's value: one pass, never an argsort of all customers.
  const wanted = new Map<number, number>();
  for (const r of ranks) wanted.set(sorted[r], -1);
  for (let i = 0, left = wanted.size; i < estimate.length && left > 0; i++) {
    if (wanted.get(estimate[i]) === -1) {
      wanted.set(estimate[i], i);
      left--;
    }
  }
  const lo = columns.percentiles[lower];
  const hi = columns.percentiles[upper];
  const rows = ranks.map((r) => wanted.get(sorted[r])!);
  return {
    n,
    lower,
    upper,
    rank: ranks.map((r) => (n === 1 ? 100 : (100 * r) / (n - 1))),
    row: rows,
    estimate: rows.map((i) => estimate[i]),
    low: rows.map((i) => lo[i]),
    high: rows.map((i) => hi[i]),
  };
}

const count = (n: number) => n.toLocaleString('en-US');

function quantityOf(fn: string, result: ClvIntervalColumns, quantity: ClvBandLabels['quantity']) {
  const q = quantity ?? (result.clv === undefined ? 'expectedPurchases' : 'value');
  if (q === 'value' && result.clv === undefined)
    throw new CustomerValueError('invalid_spec', `${fn}: quantity 'value' needs a result with CLV (clvConfidenceIntervals with a spend model)`, [
      {
        function: fn,
        path: 'labels.quantity',
        expected: "'expectedPurchases' for a result without CLV",
        received: "'value'",
        hint: "pass spendModel and spendDraws to clvConfidenceIntervals, or quantity: 'expectedPurchases'",
      },
    ]);
  return q === 'value' ? { columns: result.clv!, name: 'CLV', money: true } : { columns: result.expectedPurchases, name: 'expected purchases', money: false };
}

/**
 * A standalone SVG of customers' CLV (or expected purchases) with their confidence intervals, the
 * customers sorted by their point CLV: the line is each customer's CLV at the fitted parameters,
 * the shaded band its interval from the lowest to the highest percentile of the result (p05–p95
 * by default). For any number of customers the SVG stays small: `points` customers (default 200)
 * are drawn evenly spaced in rank (the k-th at rank round(k·(n − 1)/(points − 1)), the first row
 * holding that rank's value), each with its own band — real customers, not averages of bins. Found
 * in one sort of the customers' estimates and one pass. The y axis is logarithmic by default (CLV
 * is skewed, and a band's width is then its relative width, comparable from the lightest to the
 * heaviest customer; values below the axis' floor sit on it); with `scale: 'linear'` it ends at
 * the top of the band up to the 99th percentile of rank, and the top 1% above runs off the plot
 * (clipped, and said in the caption with the largest value).
 *
 * @param result The result of `clvConfidenceIntervals`.
 * @param labels `title`, `subtitle`, `quantity` (`'value'`: CLV, the default with a spend model; or `'expectedPurchases'`), `unit` (default `'$'`), `points` (default 200), `scale` (`'log'`, default, or `'linear'`).
 * @throws {CustomerValueError} `invalid_value` (not a `clvConfidenceIntervals` result); `invalid_spec` (bad labels, `quantity: 'value'` without CLV).
 * @example
 * const percentiles = { p05: [0.5, 4, 1.5, 9], p95: [1.5, 7, 3, 15] };
 * const result = { interval: 'confidence', horizon: 12, timeUnit: 'month', expectedPurchases: { estimate: [1, 5, 2, 12], percentiles }, clv: { estimate: [1, 5, 2, 12], percentiles } };
 * const svg = clvConfidenceBandSvg(result, { title: 'CLV with its 90% confidence band' });
 * [svg.includes('p05–p95'), svg.includes('4 customers')]; // => [true, true]
 */
export function clvConfidenceBandSvg(result: ClvIntervalColumns, labels: ClvBandLabels): string {
  const FN = 'clvConfidenceBandSvg';
  checkChart(FN, chartSchemas.clvIntervals, result, labels);
  const { title, subtitle = '', unit = '$', points = 200, scale = 'log' } = labels;
  const { columns, name, money } = quantityOf(FN, result, labels.quantity);
  const s = rankedSample(columns, points);
  const fmt = (v: number) => `${money ? unit : ''}${formatFixed(v, 2, true)}`;
  const log = scale === 'log';
  // the y axis: linear, the band's top among the customers up to the 99th percentile of rank; log, every value
  const inScale = s.rank.map((r) => log || r <= 99);
  const top = Math.max(1e-9, ...s.high.filter((v, k) => inScale[k] && Number.isFinite(v)), ...s.estimate.filter((_, k) => inScale[k]));
  const clipped = !log && s.estimate.some((v, k) => v > top || s.high[k] > top);
  // a log axis from a round floor: a decade below the smallest positive value drawn (at most 3 decades below the top)
  const positive = [...s.low, ...s.estimate].filter((v) => v > 0);
  const smallest = Math.max(positive.length === 0 ? top / 10 : Math.min(...positive), (top * 1.5) / 1000);
  const floor = Math.pow(10, Math.floor(Math.log10(smallest)));
  const maxEstimate = s.estimate.length === 0 ? 0 : s.estimate[s.estimate.length - 1];
  const horizon = `${result.horizon} ${result.horizon === 1 ? result.timeUnit : pluralOf(result.timeUnit)}`;
  const caption =
    `How to read it: customers sorted by their ${name} over ${horizon} at the fitted parameters (the line); the band is each customer's confidence interval (${s.lower}–${s.upper}) ` +
    `from parameter draws: how well the data pin down the expectation, not the spread of what the customer will actually do. Below, the band relative to the customer's estimate. ` +
    `${count(s.estimate.length)} of ${count(s.n)} customers drawn, evenly spaced in rank.` +
    (clipped ? ` The top 1% run off the top (up to ${fmt(maxEstimate)}).` : '');
  const width = 760;
  const yTop = log ? top * 1.5 : top * 1.08;
  const yLog = log ? floor : undefined;
  const head = 80 + headerExtra(width, title, subtitle);
  // the band relative to each customer's estimate, in percent (its ends: low/estimate − 1, high/estimate − 1)
  const relative = (v: number, k: number) => (s.estimate[k] > 0 ? 100 * (v / s.estimate[k] - 1) : 0);
  const relLow = s.low.map(relative);
  const relHigh = s.high.map(relative);
  const relMin = 1.15 * Math.min(0, ...relLow, ...relHigh);
  const relMax = Math.max(relMin + 1e-6, 1.15 * Math.max(0, ...relLow, ...relHigh));
  const relTicks = axisTicks(relMin, relMax, 100, 'y', (v, d) => `${v > 0 ? '+' : ''}${formatFixed(v, d)}%`).filter(
    (t) => t.value >= relMin && t.value <= relMax,
  );
  const left = Math.max(plotLeft(yTop, 250, yLog), Math.ceil(44 + widestTick(relTicks)));
  const panel = { top: head + 250 + 16, bottom: head + 250 + 16 + 100 };
  const height = panel.bottom + 60 + footnoteExtra(width, caption) + 20;
  const { parts, area } = plotFrame(
    { left, right: width - 30, top: head, bottom: head + 250 },
    { min: 0, max: 100, title: '', ticks: false },
    { top: yTop, title: `${name}${money ? ` (${unit})` : ''}${log ? ', log scale' : ''}`, log: yLog },
  );
  parts.pop(); // the empty x title: the lower panel carries the x axis
  parts.unshift(...svgHeader(width, height, title, subtitle));
  const { parts: lower, area: rel } = plotFrame(
    { left, right: width - 30, top: panel.top, bottom: panel.bottom },
    { min: 0, max: 100, title: `customers ranked by ${name} (percent)`, ticks: true },
    { top: relMax, title: 'interval', log: undefined },
  );
  // plotFrame's y runs from 0: the lower panel's y is drawn by hand over [relMin, relMax]
  const ry = (v: number) => rel.bottom - ((v - relMin) / (relMax - relMin)) * (rel.bottom - rel.top);
  // its frame, x ticks and x title; its y grid, labels and title by hand
  parts.push(...lower.filter((part) => !part.includes('stroke="#eeeeee"') && !part.includes('text-anchor="end"') && !part.includes('rotate(')));
  for (const tick of relTicks) {
    const py = ry(tick.value).toFixed(1);
    parts.push(`<line x1="${rel.left}" y1="${py}" x2="${rel.right}" y2="${py}" stroke="${tick.value === 0 ? '#bbbbbb' : '#eeeeee'}"/>`);
    parts.push(`<text x="${rel.left - 8}" y="${(ry(tick.value) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#555">${tick.label}</text>`);
  }
  const titleX = (rel.left - 16 - widestTick(relTicks)).toFixed(1);
  const middle = (rel.top + rel.bottom) / 2;
  parts.push(
    `<text x="${titleX}" y="${middle}" font-size="13" text-anchor="middle" fill="#333" transform="rotate(-90 ${titleX} ${middle})">vs estimate</text>`,
  );
  if (s.rank.length > 0) {
    const up = polyline(s.rank.map((r, k) => [rel.sx(r), ry(relHigh[k])]));
    const down = s.rank
      .map((r, k) => ` L ${rel.sx(r).toFixed(1)} ${ry(relLow[k]).toFixed(1)}`)
      .reverse()
      .join('');
    parts.push(`<path d="${up}${down} Z" fill="#56B4E9" fill-opacity="0.45" stroke="none"/>`);
  }
  const band = polyline(s.rank.map((r, k) => [area.sx(r), area.sy(s.high[k])]));
  const back = s.rank
    .map((r, k) => [area.sx(r), area.sy(s.low[k])] as const)
    .reverse()
    .map(([x, y]) => ` L ${x.toFixed(1)} ${y.toFixed(1)}`)
    .join('');
  parts.push(
    `<defs><clipPath id="clv-band-plot"><rect x="${area.left}" y="${area.top}" width="${area.right - area.left}" height="${area.bottom - area.top}"/></clipPath></defs>`,
  );
  if (s.rank.length > 0) parts.push(`<path d="${band}${back} Z" fill="#56B4E9" fill-opacity="0.45" stroke="none" clip-path="url(#clv-band-plot)"/>`);
  parts.push(
    `<path d="${polyline(s.rank.map((r, k) => [area.sx(r), area.sy(s.estimate[k])]))}" fill="none" stroke="#0072B2" stroke-width="2" clip-path="url(#clv-band-plot)"/>`,
  );
  parts.push(
    ...plotLegend(
      area,
      [
        { text: `${name} at the fitted parameters`, color: '#0072B2' },
        { text: `${s.lower}–${s.upper} confidence interval`, color: '#9ED3F2', box: true },
      ],
      'left',
    ),
  );
  parts.push(...svgFootnote(width, height - 10, caption));
  return svgDocument(parts);
}

/**
 * The per-customer confidence band as an interactive Vega-Lite chart: the same customers drawn
 * (evenly spaced in rank), an area from the lowest to the highest percentile and the line of
 * point estimates; the caption as its description.
 *
 * @example
 * const percentiles = { p05: [0.5, 4, 1.5, 9], p95: [1.5, 7, 3, 15] };
 * const result = { interval: 'confidence', horizon: 12, timeUnit: 'month', expectedPurchases: { estimate: [1, 5, 2, 12], percentiles }, clv: { estimate: [1, 5, 2, 12], percentiles } };
 * const spec = clvConfidenceBandVegaLite(result, { title: 'CLV', points: 3 });
 * // ranks 0, 1.5 → 2 and 3 of the sorted [1, 2, 5, 12]
 * spec.data.values.map((v) => v.estimate); // => [1, 5, 12]
 */
export function clvConfidenceBandVegaLite(
  result: ClvIntervalColumns,
  labels: ClvBandLabels,
): VegaLiteSpec & { layer: unknown[]; data: { values: { rank: number; estimate: number; lower: number; upper: number }[] } } {
  const FN = 'clvConfidenceBandVegaLite';
  checkChart(FN, chartSchemas.clvIntervals, result, labels);
  const { title, subtitle = '', points = 200, scale = 'log' } = labels;
  const { columns, name } = quantityOf(FN, result, labels.quantity);
  const s = rankedSample(columns, points);
  const values = s.rank.map((rank, k) => ({ rank, estimate: s.estimate[k], lower: s.low[k], upper: s.high[k] }));
  const x = { field: 'rank', type: 'quantitative', title: `customers ranked by ${name} (percent)` };
  return vegaLiteFrame(title, subtitle, {
    description: `Customers sorted by ${name}; band: ${s.lower}–${s.upper} confidence interval from parameter draws.`,
    data: { values },
    layer: [
      {
        mark: { type: 'area', opacity: 0.45, color: '#56B4E9' },
        encoding: { x, y: { field: 'lower', type: 'quantitative', title: name, scale: { type: scale } }, y2: { field: 'upper' } },
      },
      { mark: { type: 'line', tooltip: true, color: '#0072B2' }, encoding: { x, y: { field: 'estimate', type: 'quantitative' } } },
    ],
  }) as never;
}

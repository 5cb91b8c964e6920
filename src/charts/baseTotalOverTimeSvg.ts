import { CustomerValueError } from '../errors.js';
import { checkChart, chartSchemas } from './chartInputs.js';
import { formatFixed } from '../internal/formatFixed.js';
import { pluralOf } from '../internal/chartTimeAxis.js';
import { bandEnds, type ClvBandLabels } from './clvConfidenceBandSvg.js';
import { footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader } from './svgFrame.js';
import { plotFrame, plotLeft, plotLegend, polyline } from './svgPlot.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';

/** One total at each horizon: its estimate and its percentiles (`TotalOverTime` of `clvConfidenceIntervals`). */
export interface SeriesInterval {
  readonly estimate: ArrayLike<number>;
  readonly percentiles: Readonly<Record<string, ArrayLike<number>>>;
}

/** The parts of a `clvConfidenceIntervals` result (with `totalsOverTime: true`) the base-total chart draws. */
export interface BaseTotalsOverTime {
  readonly interval: 'confidence';
  readonly timeUnit: string;
  readonly totalsOverTime?: {
    readonly horizon: ArrayLike<number>;
    readonly expectedPurchases: SeriesInterval;
    readonly value?: SeriesInterval;
  };
}

function seriesOf(fn: string, result: BaseTotalsOverTime, quantity: ClvBandLabels['quantity']) {
  const over = result.totalsOverTime!;
  const q = quantity ?? (over.value === undefined ? 'expectedPurchases' : 'value');
  if (q === 'value' && over.value === undefined)
    throw new CustomerValueError('invalid_spec', `${fn}: quantity 'value' needs totals of value (clvConfidenceIntervals with a spend model)`, [
      {
        function: fn,
        path: 'labels.quantity',
        expected: "'expectedPurchases' for a result without value",
        received: "'value'",
        hint: "pass spendModel and spendDraws to clvConfidenceIntervals, or quantity: 'expectedPurchases'",
      },
    ]);
  const series = q === 'value' ? over.value! : over.expectedPurchases;
  const { lower, upper } = bandEnds(series.percentiles);
  return {
    horizon: Array.from(over.horizon),
    estimate: Array.from(series.estimate),
    low: Array.from(series.percentiles[lower]),
    high: Array.from(series.percentiles[upper]),
    lower,
    upper,
    name: q === 'value' ? "the base's value" : "the base's expected purchases",
    money: q === 'value',
  };
}

/**
 * A standalone SVG of the whole customer base's total over time with its confidence band: total
 * value (summed CLV, discounted as CLV is) or total expected purchases over the next h periods, for
 * h = 1..H, the line at the fitted parameters and the band from the lowest to the highest
 * percentile (p05–p95 by default) of the per-draw totals at each h — the totals each parameter
 * draw gives for the whole base, never summed customer intervals (`clvConfidenceIntervals` with
 * `totalsOverTime: true`).
 *
 * @param result The result of `clvConfidenceIntervals` with `totalsOverTime: true`.
 * @param labels `title`, `subtitle`, `quantity` (`'value'`, the default with a spend model, or `'expectedPurchases'`), `unit` (default `'$'`).
 * @throws {CustomerValueError} `invalid_value` (no `totalsOverTime` in the result); `invalid_spec` (bad labels, `quantity: 'value'` without value).
 * @example
 * const percentiles = { p05: [90, 170, 240], p95: [110, 230, 360] };
 * const result = { interval: 'confidence', timeUnit: 'month', totalsOverTime: { horizon: [1, 2, 3], expectedPurchases: { estimate: [100, 200, 300], percentiles } } };
 * const svg = baseTotalOverTimeSvg(result, { title: 'Purchases of the base' });
 * [svg.includes('p05–p95'), svg.includes('months ahead')]; // => [true, true]
 */
export function baseTotalOverTimeSvg(result: BaseTotalsOverTime, labels: ClvBandLabels): string {
  const FN = 'baseTotalOverTimeSvg';
  checkChart(FN, chartSchemas.totalsOverTime, result, labels);
  const { title, subtitle = '', unit = '$' } = labels;
  const s = seriesOf(FN, result, labels.quantity);
  const H = s.horizon.length;
  const f = (v: number) => `${s.money ? unit : ''}${formatFixed(v, 0, true)}`;
  const last = `${f(s.estimate[H - 1])} (${s.lower}–${s.upper}: ${f(s.low[H - 1])}…${f(s.high[H - 1])})`;
  const caption =
    `How to read it: the line is ${s.name} over the next h ${pluralOf(result.timeUnit)} at the fitted parameters, ${last} at ${s.horizon[H - 1]}; ` +
    `the band is its confidence interval, the percentiles of the totals each parameter draw gives for the whole base (not the sum of the customers' intervals, which is wider).`;
  const width = 760;
  const yTop = Math.max(1e-9, ...s.high, ...s.estimate) * 1.08;
  const head = 80 + headerExtra(width, title, subtitle);
  const height = head + 320 + 60 + footnoteExtra(width, caption) + 20;
  const xMax = s.horizon[H - 1] > 0 ? s.horizon[H - 1] : 1;
  const { parts, area } = plotFrame(
    { left: plotLeft(yTop, 320), right: width - 30, top: head, bottom: head + 320 },
    { min: 0, max: xMax, title: `${pluralOf(result.timeUnit)} ahead`, ticks: true },
    { top: yTop, title: s.money ? `total value (${unit})` : 'total expected purchases' },
  );
  parts.unshift(...svgHeader(width, height, title, subtitle));
  // from 0 at horizon 0 (nothing earned yet)
  const xs = [0, ...s.horizon];
  const high = [0, ...s.high];
  const low = [0, ...s.low];
  const back = xs
    .map((x, k) => [area.sx(x), area.sy(low[k])] as const)
    .reverse()
    .map(([x, y]) => ` L ${x.toFixed(1)} ${y.toFixed(1)}`)
    .join('');
  parts.push(`<path d="${polyline(xs.map((x, k) => [area.sx(x), area.sy(high[k])]))}${back} Z" fill="#56B4E9" fill-opacity="0.45" stroke="none"/>`);
  parts.push(`<path d="${polyline(xs.map((x, k) => [area.sx(x), area.sy(k === 0 ? 0 : s.estimate[k - 1])]))}" fill="none" stroke="#0072B2" stroke-width="2"/>`);
  parts.push(
    ...plotLegend(
      area,
      [
        { text: 'total at the fitted parameters', color: '#0072B2' },
        { text: `${s.lower}–${s.upper} of the per-draw totals`, color: '#9ED3F2', box: true },
      ],
      'left',
    ),
  );
  parts.push(...svgFootnote(width, height - 10, caption));
  return svgDocument(parts);
}

/**
 * The base's total over time as an interactive Vega-Lite chart: an area from the lowest to the
 * highest percentile of the per-draw totals at each horizon and the line at the fitted parameters.
 *
 * @example
 * const percentiles = { p05: [90, 170, 240], p95: [110, 230, 360] };
 * const result = { interval: 'confidence', timeUnit: 'month', totalsOverTime: { horizon: [1, 2, 3], expectedPurchases: { estimate: [100, 200, 300], percentiles } } };
 * const spec = baseTotalOverTimeVegaLite(result, { title: 'Purchases of the base' });
 * spec.data.values.map((v) => v.upper); // => [110, 230, 360]
 */
export function baseTotalOverTimeVegaLite(
  result: BaseTotalsOverTime,
  labels: ClvBandLabels,
): VegaLiteSpec & { layer: unknown[]; data: { values: { horizon: number; estimate: number; lower: number; upper: number }[] } } {
  const FN = 'baseTotalOverTimeVegaLite';
  checkChart(FN, chartSchemas.totalsOverTime, result, labels);
  const { title, subtitle = '' } = labels;
  const s = seriesOf(FN, result, labels.quantity);
  const values = s.horizon.map((horizon, k) => ({ horizon, estimate: s.estimate[k], lower: s.low[k], upper: s.high[k] }));
  const x = { field: 'horizon', type: 'quantitative', title: `${pluralOf(result.timeUnit)} ahead` };
  return vegaLiteFrame(title, subtitle, {
    description: `${s.name} over the next h ${pluralOf(result.timeUnit)}; band: ${s.lower}–${s.upper} of the per-draw totals.`,
    data: { values },
    layer: [
      {
        mark: { type: 'area', opacity: 0.45, color: '#56B4E9' },
        encoding: { x, y: { field: 'lower', type: 'quantitative', title: s.money ? 'total value' : 'total expected purchases' }, y2: { field: 'upper' } },
      },
      { mark: { type: 'line', tooltip: true, color: '#0072B2' }, encoding: { x, y: { field: 'estimate', type: 'quantitative' } } },
    ],
  }) as never;
}

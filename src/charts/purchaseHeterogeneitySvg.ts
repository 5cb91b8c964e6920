import { checkChart, chartSchemas } from './chartInputs.js';
import { escapeXml, footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader, type ChartLabels } from './svgFrame.js';
import { plotFrame, plotLeft, polyline } from './svgPlot.js';
import { wrapText } from './wrapText.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';

/** One mixing distribution as the chart draws it (a `purchaseHeterogeneity` curve). */
export interface MixingCurve {
  readonly description: string;
  readonly family: 'gamma' | 'beta';
  readonly mean: number;
  readonly x: ArrayLike<number>;
  readonly density: ArrayLike<number>;
}

/** The parts of a `purchaseHeterogeneity` result the chart draws. */
export interface HeterogeneityCurves {
  readonly rate: MixingCurve;
  readonly dropout: MixingCurve;
  /** True for a BG/BB result: both curves are of probabilities per transaction opportunity (the axes say so). */
  readonly opportunities?: boolean;
}

const CAPTION =
  'How to read it: each curve shows how the customers differ, on the left in how often they buy while active and on the right in how readily they drop out (the dashed line is the mean); a curve piled against 0 with a long tail means many slow customers and a few heavy buyers or quick leavers, a narrow hump means customers alike.';

/**
 * The top of a density's y axis: a density with a shape below 1 is infinite at 0, so the axis
 * stops at 1.15 × the highest density beyond the first 2% of the grid (the curve leaves the plot
 * at its top there, clipped).
 */
function densityTop(density: ArrayLike<number>): number {
  let top = 0;
  for (let k = Math.ceil(density.length / 50); k < density.length; k++) top = Math.max(top, density[k]);
  return top > 0 ? top * 1.15 : 1;
}

/**
 * A standalone SVG of a model's rate and dropout heterogeneity (BTYD's
 * `PlotTransactionRateHeterogeneity` / `PlotDropoutRateHeterogeneity`): the two mixing densities
 * side by side, each with its mean dashed, and a one-sentence caption. Where a density is
 * infinite at 0 (shape below 1) the curve is clipped at the top of its panel. A BG/BB result
 * (`opportunities: true`) draws beta(α, β) of the transaction probability and beta(γ, δ) of the
 * dropout probability, its axes in probability per opportunity.
 *
 * @param heterogeneity The result of `purchaseHeterogeneity`.
 * @param labels `title`, `subtitle`.
 * @example
 * const model = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const svg = purchaseHeterogeneitySvg(purchaseHeterogeneity(model), { title: 'Who buys, who leaves' });
 * [svg.includes('How to read it'), svg.includes('mean')]; // => [true, true]
 */
export function purchaseHeterogeneitySvg(heterogeneity: HeterogeneityCurves, labels: ChartLabels): string {
  checkChart('purchaseHeterogeneitySvg', chartSchemas.heterogeneity, heterogeneity, labels);
  const { title, subtitle = '' } = labels;
  const width = 880;
  const headTop = 70 + headerExtra(width, title, subtitle);
  const panels = [heterogeneity.rate, heterogeneity.dropout];
  const geometry = panels.map((curve, n) => {
    const yTop = densityTop(curve.density);
    const panelLeft = n === 0 ? 0 : width / 2;
    return { yTop, left: panelLeft + plotLeft(yTop, 300), right: panelLeft + width / 2 - 24 };
  });
  const headings = panels.map((p, n) => wrapText(p.description, geometry[n].right - geometry[n].left, 12, true));
  const headingLines = Math.max(...headings.map((h) => h.length));
  const top = headTop + 14 * headingLines + 10;
  const plotHeight = 300;
  const height = top + plotHeight + 60 + footnoteExtra(width, CAPTION) + 20;
  const parts = [...svgHeader(width, height, title, subtitle)];
  panels.forEach((curve, n) => {
    const x = Array.from(curve.x);
    const { yTop, left, right } = geometry[n];
    const xMax = x[x.length - 1] + x[0];
    headings[n].forEach((line, i) =>
      parts.push(`<text x="${left}" y="${headTop + i * 14}" font-size="12" font-weight="bold" fill="#333">${escapeXml(line)}</text>`),
    );
    const frame = plotFrame(
      { left, right, top, bottom: top + plotHeight },
      {
        min: 0,
        max: xMax,
        title: curve.family === 'gamma' ? 'rate' : heterogeneity.opportunities === true ? 'probability per opportunity' : 'probability',
        ticks: true,
      },
      { top: yTop, title: 'density' },
    );
    parts.push(...frame.parts);
    const { area } = frame;
    const points = x.map((v, k) => [area.sx(v), area.sy(Math.min(curve.density[k], yTop))] as const);
    parts.push(`<path d="${polyline(points)}" fill="none" stroke="#0072B2" stroke-width="2"/>`);
    if (curve.mean <= xMax) {
      const mx = area.sx(curve.mean).toFixed(1);
      parts.push(`<line x1="${mx}" y1="${area.top}" x2="${mx}" y2="${area.bottom}" stroke="#D55E00" stroke-width="1.5" stroke-dasharray="5,4"/>`);
      const label = 'mean';
      const onRight = area.sx(curve.mean) + 40 < area.right;
      parts.push(
        `<text x="${(area.sx(curve.mean) + (onRight ? 5 : -5)).toFixed(1)}" y="${area.top + 16}" font-size="11" text-anchor="${onRight ? 'start' : 'end'}" fill="#D55E00">${label}</text>`,
      );
    }
  });
  parts.push(...svgFootnote(width, height - 10, CAPTION));
  return svgDocument(parts);
}

/**
 * A model's rate and dropout heterogeneity as an interactive Vega-Lite chart: the two density
 * curves in facets side by side, each on its own scales (points above the SVG's panel top, where
 * a density is infinite at 0, left out); the caption as its description.
 *
 * @example
 * const model = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const spec = purchaseHeterogeneityVegaLite(purchaseHeterogeneity(model, { points: 50 }), { title: 'Who buys, who leaves' });
 * spec.data.values.every((v) => v.density < 12); // => true
 */
export function purchaseHeterogeneityVegaLite(
  heterogeneity: HeterogeneityCurves,
  labels: ChartLabels,
): VegaLiteSpec & { data: { values: { distribution: string; x: number; density: number }[] } } {
  checkChart('purchaseHeterogeneityVegaLite', chartSchemas.heterogeneity, heterogeneity, labels);
  const { title, subtitle = '' } = labels;
  // as in the SVG, points above the panel's top (a density infinite at 0) are left out
  const values = [heterogeneity.rate, heterogeneity.dropout].flatMap((curve) => {
    const top = densityTop(curve.density);
    return Array.from(curve.x, (x, k) => ({ distribution: curve.description, x, density: curve.density[k] })).filter((v) => v.density <= top);
  });
  return vegaLiteFrame(title, subtitle, {
    description: CAPTION,
    data: { values },
    facet: { column: { field: 'distribution', type: 'nominal', title: null, sort: null } },
    spec: {
      mark: { type: 'line', tooltip: true, color: '#0072B2', clip: true },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: heterogeneity.opportunities === true ? 'probability per opportunity' : 'value' },
        y: { field: 'density', type: 'quantitative', title: 'density' },
      },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  }) as never;
}

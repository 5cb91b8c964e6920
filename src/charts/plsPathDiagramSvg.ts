import { CustomerValueError } from '../errors.js';
import { checkChart, checkChartOptions, chartOptionSchemas, chartSchemas } from './chartInputs.js';
import { formatFixed } from '../internal/formatFixed.js';
import { textWidth } from '../internal/textWidth.js';
import { escapeXml, footnoteExtra, headerExtra, svgDocument, svgFootnote, svgHeader, type ChartLabels } from './svgFrame.js';
import { vegaLiteFrame, type VegaLiteSpec } from './vegaLiteSpec.js';

/** The parts of a `fitPlsPathModel` model the diagram draws. */
export interface PlsPathDiagramModel {
  readonly constructs: readonly { readonly name: string; readonly items: readonly string[] }[];
  readonly paths: readonly { readonly from: string; readonly to: string; readonly coefficient: number }[];
  readonly rSquared: Readonly<Record<string, { readonly rSquared: number }>>;
}

/** The parts of a `bootstrapPlsPathModel` result the diagram draws: each path's percentile interval. */
export interface PlsPathIntervals {
  /** Level of the intervals (0.95 for 95 %). */
  readonly confidence: number;
  /** Resamples behind the intervals (stated in the footnote when given). */
  readonly samples?: number;
  readonly paths: readonly { readonly from: string; readonly to: string; readonly estimate: number; readonly lower: number; readonly upper: number }[];
}

/** Options of `plsPathDiagramSvg` and `plsPathDiagramVegaLite`. */
export interface PlsPathDiagramOptions {
  /** The result of `bootstrapPlsPathModel` on the same model: each path is labelled "β [lower, upper]", and a path whose interval covers 0 is drawn grey and marked "n.s.". */
  readonly bootstrap?: PlsPathIntervals;
}

type Interval = { readonly lower: number; readonly upper: number };

/** Each path's interval from the bootstrap, in the model's path order; refuses a bootstrap of another model, naming the path. */
function pathIntervals(fn: string, model: PlsPathDiagramModel, options: unknown): { intervals: (Interval | null)[]; bootstrap: PlsPathIntervals | null } {
  const { bootstrap } = checkChartOptions(fn, chartOptionSchemas.pls, options);
  if (!bootstrap) return { intervals: model.paths.map(() => null), bootstrap: null };
  const intervals = model.paths.map((p, k) => {
    const found = bootstrap.paths.find((b) => b.from === p.from && b.to === p.to);
    const same = found && Math.abs(found.estimate - p.coefficient) <= 1e-9 * Math.max(1, Math.abs(p.coefficient));
    if (!found || !same)
      throw new CustomerValueError('invalid_value', `${fn}: the bootstrap is not of this model (path ${p.from} → ${p.to})`, [
        {
          function: fn,
          path: found ? `options.bootstrap.paths.${bootstrap.paths.indexOf(found)}.estimate` : 'options.bootstrap.paths',
          expected: `path ${k} of the model, ${p.from} → ${p.to}, with its estimate ${p.coefficient}`,
          received: found ? String(found.estimate) : 'no such path',
          hint: 'bootstrap the model you draw: bootstrapPlsPathModel(model, data)',
        },
      ]);
    return { lower: found.lower, upper: found.upper };
  });
  return { intervals, bootstrap };
}

const coversZero = (i: Interval | null) => i !== null && i.lower <= 0 && i.upper >= 0;

/**
 * A standalone SVG path diagram of a PLS path model: constructs as boxes laid out left to right
 * by their depth in the model (with their item count and R²), paths as arrows labelled with
 * their coefficients — thicker for stronger paths, dashed when negative; a path that skips a
 * column curves over (or under) the boxes between, each in its own lane, from the top (bottom)
 * edge of one box to that of the other. Arrowheads have one size whatever the line's width, ends
 * are spread along a box's edge, and labels sit mid-way, away from the arrowheads. Given the
 * model's bootstrap (`bootstrapPlsPathModel`), each label reads "β [lower, upper]" with the
 * path's percentile interval, and a path whose interval covers 0 is drawn grey and marked "n.s."
 * (not significantly different from 0 at that level); the footnote states the level.
 *
 * @param model A `fitPlsPathModel` model.
 * @param labels `title`, `subtitle`.
 * @param options `bootstrap`: the result of `bootstrapPlsPathModel(model, data)`.
 * @throws {CustomerValueError} `invalid_value` for a malformed model, or a bootstrap that is not of this model (a path missing, another estimate), naming the path; `invalid_spec` for unknown labels or options.
 * @example
 * const model = { constructs: [{ name: 'Value', items: ['v1', 'v2'] }, { name: 'Satisfaction', items: ['s1'] }], paths: [{ from: 'Value', to: 'Satisfaction', coefficient: 0.52 }], rSquared: { Satisfaction: { rSquared: 0.27 } } };
 * const svg = plsPathDiagramSvg(model, { title: 'Model' });
 * [svg.includes('>0.52<'), svg.includes('R² 0.27')]; // => [true, true]
 * const bootstrap = { confidence: 0.95, paths: [{ from: 'Value', to: 'Satisfaction', estimate: 0.52, lower: -0.03, upper: 0.9 }] };
 * plsPathDiagramSvg(model, { title: 'Model' }, { bootstrap }).includes('>[-0.03, 0.90]<'); // => true
 */
export function plsPathDiagramSvg(model: PlsPathDiagramModel, labels: ChartLabels, options?: PlsPathDiagramOptions): string {
  checkChart('plsPathDiagramSvg', chartSchemas.pls, model, labels);
  const { intervals, bootstrap } = pathIntervals('plsPathDiagramSvg', model, options);
  const intervalOf = (p: (typeof model.paths)[number]) => intervals[model.paths.indexOf(p)];
  const { title, subtitle = '' } = labels;
  const names = model.constructs.map((c) => c.name);
  // depth: the longest route from a construct without predecessors
  const depth = new Map<string, number>(names.map((n) => [n, 0]));
  for (let pass = 0; pass < names.length; pass++) {
    for (const p of model.paths) depth.set(p.to, Math.max(depth.get(p.to) ?? 0, (depth.get(p.from) ?? 0) + 1));
  }
  const levels = Math.max(...depth.values()) + 1;
  const columns: string[][] = Array.from({ length: levels }, () => []);
  for (const name of names) columns[depth.get(name) ?? 0].push(name);
  const subline = (c: { name: string; items: readonly string[] }) => {
    const r2 = model.rSquared[c.name];
    return `${c.items.length} item${c.items.length === 1 ? '' : 's'}${r2 ? ` · R² ${formatFixed(r2.rSquared, 2)}` : ''}`;
  };
  const box = { w: Math.ceil(Math.max(118, ...model.constructs.map((c) => Math.max(textWidth(c.name, 13, true), textWidth(subline(c), 11)) + 16))), h: 50 };
  // A label: the coefficient ("n.s." when its interval covers 0), the interval on a second line.
  const coefficient = (p: (typeof model.paths)[number]) => `${formatFixed(p.coefficient, 2)}${coversZero(intervalOf(p)) ? ' n.s.' : ''}`;
  const intervalText = (p: (typeof model.paths)[number]) => {
    const i = intervalOf(p);
    return i === null ? '' : `[${formatFixed(i.lower, 2)}, ${formatFixed(i.upper, 2)}]`;
  };
  const labelWidth = (p: (typeof model.paths)[number]) => Math.max(textWidth(coefficient(p), 12), textWidth(intervalText(p), 11));
  const gap = { x: Math.ceil(Math.max(84, 40 + Math.max(0, ...model.paths.map(labelWidth)))), y: bootstrap ? 72 : 60 };
  const rows = Math.max(...columns.map((c) => c.length));
  const left = 30;
  const level = (name: string) => depth.get(name) ?? 0;
  const known = model.paths.filter((p) => depth.has(p.from) && depth.has(p.to));
  // Paths to the next column are straight; the others curve, alternately over and under, the
  // shorter ones in the inner lanes.
  const curved = known
    .filter((p) => Math.abs(level(p.to) - level(p.from)) !== 1)
    .sort((p, q) => Math.abs(level(p.to) - level(p.from)) - Math.abs(level(q.to) - level(q.from)) || known.indexOf(p) - known.indexOf(q));
  const lane = new Map<(typeof known)[number], { up: boolean; lane: number }>();
  curved.forEach((p, i) => lane.set(p, { up: i % 2 === 0, lane: Math.floor(i / 2) }));
  const lanesUp = Math.ceil(curved.length / 2);
  const lanesDown = Math.floor(curved.length / 2);
  const LANE = 26;
  const lift = (k: number) => 34 + LANE * k;
  const percent = bootstrap ? `${formatFixed(100 * bootstrap.confidence, Number.isInteger(100 * bootstrap.confidence) ? 0 : 1)}%` : '';
  const note = bootstrap
    ? `Arrows: standardized path coefficients (width ∝ size; dashed if negative) with their ${percent} bootstrap percentile intervals${bootstrap.samples ? ` (${bootstrap.samples.toLocaleString('en-US')} resamples)` : ''}; grey arrows marked n.s.: the interval covers 0. Dark boxes: endogenous constructs with their R².`
    : 'Arrows: standardized path coefficients (width ∝ size; dashed if negative). Dark boxes: endogenous constructs with their R².';
  const width = left * 2 + levels * box.w + (levels - 1) * gap.x;
  const top = 70 + headerExtra(width, title, subtitle) + (lanesUp ? lift(lanesUp - 1) + 14 : 10);
  const blockHeight = rows * box.h + (rows - 1) * gap.y;
  const height = top + blockHeight + (lanesDown ? lift(lanesDown - 1) + 14 : 10) + 40 + footnoteExtra(width, note);
  const middle = top + blockHeight / 2;
  const at = new Map<string, { x: number; y: number }>();
  columns.forEach((column, k) => {
    const span = column.length * box.h + (column.length - 1) * gap.y;
    column.forEach((name, r) => at.set(name, { x: left + k * (box.w + gap.x), y: middle - span / 2 + r * (box.h + gap.y) }));
  });
  // Ports: each end of a path gets its own spot on its box's edge (left/right for straight paths, top/bottom for curves).
  const ends = new Map<string, (typeof known)[number][]>();
  const endKey = (name: string, side: string) => `${side}\u0000${name}`;
  for (const p of known) {
    const bend = lane.get(p);
    const sides: [string, string][] = bend
      ? [
          [p.from, bend.up ? 'top' : 'bottom'],
          [p.to, bend.up ? 'top' : 'bottom'],
        ]
      : [
          [p.from, level(p.to) > level(p.from) ? 'right' : 'left'],
          [p.to, level(p.to) > level(p.from) ? 'left' : 'right'],
        ];
    for (const [name, side] of sides) ends.set(endKey(name, side), [...(ends.get(endKey(name, side)) ?? []), p]);
  }
  const port = (name: string, side: string, p: (typeof known)[number]) => {
    const list = ends.get(endKey(name, side)) as (typeof known)[number][];
    const { x, y } = at.get(name) as { x: number; y: number };
    const f = (list.indexOf(p) + 1) / (list.length + 1);
    if (side === 'left' || side === 'right') return { x: side === 'left' ? x : x + box.w, y: y + box.h * f };
    return { x: x + box.w * f, y: side === 'top' ? y : y + box.h };
  };
  const parts = [
    ...svgHeader(width, height, title, subtitle),
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#444"/></marker>${
      known.some((p) => coversZero(intervalOf(p)))
        ? '<marker id="arrow-ns" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#aaaaaa"/></marker>'
        : ''
    }</defs>`,
  ];
  const pathLabels: string[] = [];
  for (const p of known) {
    const strength = Math.min(1, Math.abs(p.coefficient));
    const faint = coversZero(intervalOf(p));
    const stroke = `stroke="${faint ? '#aaaaaa' : '#444'}" stroke-width="${(1 + 3 * strength).toFixed(1)}"${p.coefficient < 0 ? ' stroke-dasharray="6,4"' : ''}`;
    const bend = lane.get(p);
    let labelX: number;
    let labelY: number;
    if (!bend) {
      const forward = level(p.to) > level(p.from);
      const a = port(p.from, forward ? 'right' : 'left', p);
      const b = port(p.to, forward ? 'left' : 'right', p);
      parts.push(
        `<line x1="${a.x.toFixed(1)}" y1="${a.y.toFixed(1)}" x2="${b.x.toFixed(1)}" y2="${b.y.toFixed(1)}" ${stroke} marker-end="url(#${faint ? 'arrow-ns' : 'arrow'})"/>`,
      );
      // a little before the middle, away from the arrowhead
      labelX = a.x + 0.45 * (b.x - a.x);
      labelY = a.y + 0.45 * (b.y - a.y);
    } else {
      const side = bend.up ? 'top' : 'bottom';
      const a = port(p.from, side, p);
      const b = port(p.to, side, p);
      const h = (bend.up ? -1 : 1) * lift(bend.lane);
      const edge = bend.up ? Math.min(a.y, b.y) : Math.max(a.y, b.y);
      const cx = (a.x + b.x) / 2;
      const cy = 2 * (edge + h) - (a.y + b.y) / 2; // the curve's midpoint lands on the lane
      parts.push(
        `<path d="M ${a.x.toFixed(1)} ${a.y.toFixed(1)} Q ${cx.toFixed(1)} ${cy.toFixed(1)} ${b.x.toFixed(1)} ${b.y.toFixed(1)}" fill="none" ${stroke} marker-end="url(#${faint ? 'arrow-ns' : 'arrow'})"/>`,
      );
      labelX = cx;
      labelY = edge + h;
    }
    const text = coefficient(p);
    const second = intervalText(p);
    const w = labelWidth(p) + 8;
    const h = second ? 32 : 18;
    const colour = faint ? '#777' : '#111';
    pathLabels.push(
      `<rect x="${(labelX - w / 2).toFixed(1)}" y="${(labelY - h / 2).toFixed(1)}" width="${w.toFixed(1)}" height="${h}" rx="3" fill="#ffffff" opacity="0.92"/>`,
    );
    const y1 = second ? labelY - 3 : labelY + 4;
    pathLabels.push(`<text x="${labelX.toFixed(1)}" y="${y1.toFixed(1)}" font-size="12" text-anchor="middle" fill="${colour}">${text}</text>`);
    if (second)
      pathLabels.push(`<text x="${labelX.toFixed(1)}" y="${(labelY + 11).toFixed(1)}" font-size="11" text-anchor="middle" fill="${colour}">${second}</text>`);
  }
  parts.push(...pathLabels);
  for (const c of model.constructs) {
    const { x, y } = at.get(c.name) as { x: number; y: number };
    const r2 = model.rSquared[c.name];
    parts.push(`<rect x="${x}" y="${y}" width="${box.w}" height="${box.h}" rx="8" fill="${r2 ? '#0072B2' : '#56B4E9'}" stroke="#ffffff" stroke-width="2"/>`);
    parts.push(`<text x="${x + box.w / 2}" y="${y + 21}" font-size="13" font-weight="bold" text-anchor="middle" fill="#ffffff">${escapeXml(c.name)}</text>`);
    parts.push(`<text x="${x + box.w / 2}" y="${y + 38}" font-size="11" text-anchor="middle" fill="#ffffff">${escapeXml(subline(c))}</text>`);
  }
  parts.push(...svgFootnote(width, height - 14, note));
  return svgDocument(parts);
}

/**
 * A PLS path model's coefficients as an interactive Vega-Lite bar chart (one bar per path; a
 * node-link diagram is what the SVG variant draws). Given the model's bootstrap, each bar gets
 * its percentile interval as an error bar, and bars whose interval covers 0 are grey.
 *
 * @param options `bootstrap`: the result of `bootstrapPlsPathModel(model, data)`.
 * @example
 * const model = { constructs: [{ name: 'Value', items: ['v1'] }, { name: 'Satisfaction', items: ['s1'] }], paths: [{ from: 'Value', to: 'Satisfaction', coefficient: 0.52 }], rSquared: {} };
 * plsPathDiagramVegaLite(model, { title: 'Paths' }).data.values; // => [{ path: 'Value → Satisfaction', coefficient: 0.52 }]
 * const bootstrap = { confidence: 0.95, paths: [{ from: 'Value', to: 'Satisfaction', estimate: 0.52, lower: 0.3, upper: 0.7 }] };
 * plsPathDiagramVegaLite(model, { title: 'Paths' }, { bootstrap }).data.values; // => [{ path: 'Value → Satisfaction', coefficient: 0.52, lower: 0.3, upper: 0.7, coversZero: false }]
 */
export function plsPathDiagramVegaLite(
  model: PlsPathDiagramModel,
  labels: ChartLabels,
  options?: PlsPathDiagramOptions,
): VegaLiteSpec & { data: { values: unknown[] } } {
  checkChart('plsPathDiagramVegaLite', chartSchemas.pls, model, labels);
  const { intervals, bootstrap } = pathIntervals('plsPathDiagramVegaLite', model, options);
  const { title, subtitle = '' } = labels;
  const x = { field: 'coefficient', type: 'quantitative', title: 'standardized path coefficient' };
  const y = { field: 'path', type: 'nominal', sort: null, title: null };
  const colour = { condition: { test: 'datum.coefficient < 0', value: '#D55E00' }, value: '#0072B2' };
  if (!bootstrap) {
    return vegaLiteFrame(title, subtitle, {
      data: { values: model.paths.map((p) => ({ path: `${p.from} → ${p.to}`, coefficient: p.coefficient })) },
      mark: { type: 'bar', tooltip: true },
      encoding: { y, x, color: colour },
    }) as never;
  }
  const values = model.paths.map((p, k) => {
    const i = intervals[k] as Interval;
    return { path: `${p.from} → ${p.to}`, coefficient: p.coefficient, lower: i.lower, upper: i.upper, coversZero: coversZero(i) };
  });
  return vegaLiteFrame(title, subtitle, {
    data: { values },
    layer: [
      {
        mark: { type: 'bar', tooltip: true },
        encoding: { y, x, color: { condition: [{ test: 'datum.coversZero', value: '#AAAAAA' }, colour.condition], value: colour.value } },
      },
      {
        mark: { type: 'rule' },
        encoding: {
          y,
          x: { field: 'lower', type: 'quantitative', title: `standardized path coefficient (${100 * bootstrap.confidence}% bootstrap interval)` },
          x2: { field: 'upper' },
        },
      },
    ],
  }) as never;
}

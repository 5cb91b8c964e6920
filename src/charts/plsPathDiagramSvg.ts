import { checkChart, chartSchemas } from './chartInputs.js';
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

/**
 * A standalone SVG path diagram of a PLS path model: constructs as boxes laid out left to right
 * by their depth in the model (with their item count and R²), paths as arrows labelled with
 * their coefficients — thicker for stronger paths, dashed when negative; a path that skips a
 * column curves over (or under) the boxes between, each in its own lane, from the top (bottom)
 * edge of one box to that of the other. Arrowheads have one size whatever the line's width, ends
 * are spread along a box's edge, and labels sit mid-way, away from the arrowheads.
 *
 * @param model A `fitPlsPathModel` model.
 * @param labels `title`, `subtitle`.
 * @example
 * const model = { constructs: [{ name: 'Value', items: ['v1', 'v2'] }, { name: 'Satisfaction', items: ['s1'] }], paths: [{ from: 'Value', to: 'Satisfaction', coefficient: 0.52 }], rSquared: { Satisfaction: { rSquared: 0.27 } } };
 * const svg = plsPathDiagramSvg(model, { title: 'Model' });
 * [svg.includes('>0.52<'), svg.includes('R² 0.27')]; // => [true, true]
 */
export function plsPathDiagramSvg(model: PlsPathDiagramModel, labels: ChartLabels): string {
  checkChart('plsPathDiagramSvg', chartSchemas.pls, model, labels);
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
  const coefficient = (p: { coefficient: number }) => formatFixed(p.coefficient, 2);
  const gap = { x: Math.ceil(Math.max(84, 40 + Math.max(0, ...model.paths.map((p) => textWidth(coefficient(p), 12))))), y: 60 };
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
  const note = 'Arrows: standardized path coefficients (width ∝ size; dashed if negative). Dark boxes: endogenous constructs with their R².';
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
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#444"/></marker></defs>',
  ];
  const pathLabels: string[] = [];
  for (const p of known) {
    const strength = Math.min(1, Math.abs(p.coefficient));
    const stroke = `stroke="#444" stroke-width="${(1 + 3 * strength).toFixed(1)}"${p.coefficient < 0 ? ' stroke-dasharray="6,4"' : ''}`;
    const bend = lane.get(p);
    let labelX: number;
    let labelY: number;
    if (!bend) {
      const forward = level(p.to) > level(p.from);
      const a = port(p.from, forward ? 'right' : 'left', p);
      const b = port(p.to, forward ? 'left' : 'right', p);
      parts.push(`<line x1="${a.x.toFixed(1)}" y1="${a.y.toFixed(1)}" x2="${b.x.toFixed(1)}" y2="${b.y.toFixed(1)}" ${stroke} marker-end="url(#arrow)"/>`);
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
        `<path d="M ${a.x.toFixed(1)} ${a.y.toFixed(1)} Q ${cx.toFixed(1)} ${cy.toFixed(1)} ${b.x.toFixed(1)} ${b.y.toFixed(1)}" fill="none" ${stroke} marker-end="url(#arrow)"/>`,
      );
      labelX = cx;
      labelY = edge + h;
    }
    const text = coefficient(p);
    const w = textWidth(text, 12) + 8;
    pathLabels.push(
      `<rect x="${(labelX - w / 2).toFixed(1)}" y="${(labelY - 9).toFixed(1)}" width="${w.toFixed(1)}" height="18" rx="3" fill="#ffffff" opacity="0.92"/>`,
    );
    pathLabels.push(`<text x="${labelX.toFixed(1)}" y="${(labelY + 4).toFixed(1)}" font-size="12" text-anchor="middle" fill="#111">${text}</text>`);
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
 * node-link diagram is what the SVG variant draws).
 *
 * @example
 * const model = { constructs: [{ name: 'Value', items: ['v1'] }, { name: 'Satisfaction', items: ['s1'] }], paths: [{ from: 'Value', to: 'Satisfaction', coefficient: 0.52 }], rSquared: {} };
 * plsPathDiagramVegaLite(model, { title: 'Paths' }).data.values; // => [{ path: 'Value → Satisfaction', coefficient: 0.52 }]
 */
export function plsPathDiagramVegaLite(model: PlsPathDiagramModel, labels: ChartLabels): VegaLiteSpec & { data: { values: unknown[] } } {
  checkChart('plsPathDiagramVegaLite', chartSchemas.pls, model, labels);
  const { title, subtitle = '' } = labels;
  return vegaLiteFrame(title, subtitle, {
    data: { values: model.paths.map((p) => ({ path: `${p.from} → ${p.to}`, coefficient: p.coefficient })) },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'path', type: 'nominal', sort: null, title: null },
      x: { field: 'coefficient', type: 'quantitative', title: 'standardized path coefficient' },
      color: { condition: { test: 'datum.coefficient < 0', value: '#D55E00' }, value: '#0072B2' },
    },
  }) as never;
}

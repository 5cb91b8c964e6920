import { checkChart, chartSchemas } from './chartInputs.js';
import { escapeXml, svgDocument, svgHeader, type ChartLabels } from './svgFrame.js';
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
 * column curves over the boxes between.
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
  const box = { w: 118, h: 50 };
  const gap = { x: 52, y: 60 };
  const rows = Math.max(...columns.map((c) => c.length));
  const left = 30;
  // room above and below the boxes for the curves of the longest jumps
  const longest = Math.max(1, ...model.paths.map((p) => Math.abs((depth.get(p.to) ?? 0) - (depth.get(p.from) ?? 0))));
  const room = box.h / 2 + 18 + 16 * longest + 24;
  const top = 70 + room;
  const width = left * 2 + levels * box.w + (levels - 1) * gap.x;
  const height = top + rows * box.h + (rows - 1) * gap.y + room + 40;
  const middle = top + (rows * box.h + (rows - 1) * gap.y) / 2;
  const at = new Map<string, { x: number; y: number }>();
  columns.forEach((column, level) => {
    const span = column.length * box.h + (column.length - 1) * gap.y;
    column.forEach((name, k) => at.set(name, { x: left + level * (box.w + gap.x), y: middle - span / 2 + k * (box.h + gap.y) }));
  });
  const parts = [
    ...svgHeader(width, height, title, subtitle),
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#444"/></marker></defs>',
  ];
  let bend = 0;
  for (const p of model.paths) {
    const a = at.get(p.from);
    const b = at.get(p.to);
    if (!a || !b) continue;
    const strength = Math.min(1, Math.abs(p.coefficient));
    const stroke = `stroke="#444" stroke-width="${(1 + 4 * strength).toFixed(1)}"${p.coefficient < 0 ? ' stroke-dasharray="6,4"' : ''}`;
    const skip = Math.abs((depth.get(p.to) ?? 0) - (depth.get(p.from) ?? 0));
    const forward = b.x >= a.x;
    const x1 = forward ? a.x + box.w : a.x;
    const x2 = forward ? b.x : b.x + box.w;
    const y1 = a.y + box.h / 2;
    const y2 = b.y + box.h / 2;
    let labelX: number;
    let labelY: number;
    if (skip <= 1 || Math.abs(y1 - y2) > box.h) {
      parts.push(`<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" ${stroke} marker-end="url(#arrow)"/>`);
      labelX = (x1 + x2) / 2;
      labelY = (y1 + y2) / 2 - 6;
    } else {
      // over (or under) the boxes in between, alternating, higher for longer jumps
      const up = bend++ % 2 === 0;
      const lift = (up ? -1 : 1) * (box.h / 2 + 18 + 16 * skip);
      const cx = (x1 + x2) / 2;
      const cy = (y1 + y2) / 2 + 2 * lift;
      parts.push(`<path d="M ${x1.toFixed(1)} ${y1.toFixed(1)} Q ${cx.toFixed(1)} ${cy.toFixed(1)} ${x2.toFixed(1)} ${y2.toFixed(1)}" fill="none" ${stroke} marker-end="url(#arrow)"/>`);
      labelX = cx;
      labelY = (y1 + y2) / 2 + lift + (up ? -4 : 14);
    }
    parts.push(`<rect x="${(labelX - 19).toFixed(1)}" y="${(labelY - 12).toFixed(1)}" width="38" height="16" rx="3" fill="#ffffff" opacity="0.9"/>`);
    parts.push(`<text x="${labelX.toFixed(1)}" y="${labelY.toFixed(1)}" font-size="12" text-anchor="middle" fill="#111">${p.coefficient.toFixed(2)}</text>`);
  }
  for (const c of model.constructs) {
    const { x, y } = at.get(c.name) as { x: number; y: number };
    const r2 = model.rSquared[c.name];
    parts.push(`<rect x="${x}" y="${y}" width="${box.w}" height="${box.h}" rx="8" fill="${r2 ? '#0072B2' : '#56B4E9'}" stroke="#ffffff" stroke-width="2"/>`);
    parts.push(`<text x="${x + box.w / 2}" y="${y + 21}" font-size="13" font-weight="bold" text-anchor="middle" fill="#ffffff">${escapeXml(c.name)}</text>`);
    parts.push(`<text x="${x + box.w / 2}" y="${y + 38}" font-size="11" text-anchor="middle" fill="#ffffff">${c.items.length} item${c.items.length === 1 ? '' : 's'}${r2 ? ` · R² ${r2.rSquared.toFixed(2)}` : ''}</text>`);
  }
  parts.push(`<text x="20" y="${height - 14}" font-size="11" fill="#777">Arrows: standardized path coefficients (width ∝ size; dashed if negative). Dark boxes: endogenous constructs with their R².</text>`);
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

/** @internal An axis-aligned box in px. */
export interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** @internal Where a point's label went: its box, and whether it is far enough out to need a leader line. */
export interface LabelPlacement {
  readonly box: Box;
  readonly leader: boolean;
}

const DIRECTIONS: readonly (readonly [number, number])[] = [
  [1, 0],
  [-1, 0],
  [0, -1],
  [0, 1],
  [1, -1],
  [1, 1],
  [-1, -1],
  [-1, 1],
];
const RINGS = [3, 10, 20, 32, 46, 62, 80, 100, 125, 155, 190];

const overlap = (a: Box, b: Box) => Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) * Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));

/**
 * @internal Greedy label placement for a scatter (the first of Imhof's candidate positions that
 * is free, moving outwards in rings): each point's `width × height` label goes to the first
 * position right, left, above, below or diagonal of it, nearest first, that stays inside
 * `bounds` and clears every point, every `obstacle` and every label placed before. When none is
 * free, the position with the least overlap is used. Deterministic: points in the order given.
 */
export function placeLabels(
  points: readonly { readonly x: number; readonly y: number; readonly r: number }[],
  sizes: readonly { readonly width: number; readonly height: number }[],
  obstacles: readonly Box[],
  bounds: Box,
): LabelPlacement[] {
  const taken: Box[] = [...obstacles, ...points.map((p) => ({ x0: p.x - p.r - 1, y0: p.y - p.r - 1, x1: p.x + p.r + 1, y1: p.y + p.r + 1 }))];
  return points.map((p, i) => {
    const { width, height } = sizes[i];
    let best: { box: Box; cost: number; ring: number } | null = null;
    for (const [ring, gap] of RINGS.entries()) {
      const d = p.r + gap;
      for (const [dx, dy] of DIRECTIONS) {
        const diagonal = dx !== 0 && dy !== 0 ? Math.SQRT1_2 : 1;
        const cx = p.x + dx * d * diagonal;
        const cy = p.y + dy * d * diagonal;
        const x0 = dx > 0 ? cx : dx < 0 ? cx - width : cx - width / 2;
        const y0 = dy > 0 ? cy : dy < 0 ? cy - height : cy - height / 2;
        const box = { x0, y0, x1: x0 + width, y1: y0 + height };
        if (box.x0 < bounds.x0 || box.y0 < bounds.y0 || box.x1 > bounds.x1 || box.y1 > bounds.y1) continue;
        const cost = taken.reduce((sum, t) => sum + overlap(box, t), 0);
        if (best === null || cost < best.cost) best = { box, cost, ring };
        if (cost === 0) break;
      }
      if (best !== null && best.cost === 0) break;
    }
    const box = best?.box ?? { x0: p.x + p.r + 3, y0: p.y - height / 2, x1: p.x + p.r + 3 + width, y1: p.y + height / 2 };
    taken.push(box);
    return { box, leader: (best?.ring ?? 0) >= 2 };
  });
}

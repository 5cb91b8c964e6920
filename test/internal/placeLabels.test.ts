import { describe, expect, it } from 'vitest';
import { placeLabels } from '../../src/internal/placeLabels.js';

describe('placeLabels(points, sizes, obstacles, bounds)', () => {
  it('puts labels of a tight cluster apart from each other, the points and the obstacles, inside the bounds', () => {
    const points = Array.from({ length: 12 }, (_, i) => ({ x: 200 + 4 * (i % 4), y: 150 + 4 * Math.floor(i / 4), r: 5 }));
    const sizes = points.map(() => ({ width: 44, height: 14 }));
    const obstacle = { x0: 150, y0: 100, x1: 260, y1: 120 };
    const bounds = { x0: 0, y0: 0, x1: 400, y1: 300 };
    const placed = placeLabels(points, sizes, [obstacle], bounds).map((p) => p.box);
    const apart = (a: typeof obstacle, b: typeof obstacle) => a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0;
    for (const [i, box] of placed.entries()) {
      expect(box.x0 >= 0 && box.y0 >= 0 && box.x1 <= 400 && box.y1 <= 300).toBe(true);
      expect(apart(box, obstacle)).toBe(true);
      for (const p of points) expect(apart(box, { x0: p.x - p.r, y0: p.y - p.r, x1: p.x + p.r, y1: p.y + p.r })).toBe(true);
      for (const other of placed.slice(i + 1)) expect(apart(box, other)).toBe(true);
    }
  });

  it('is deterministic and puts a lone label right of its point', () => {
    const one = placeLabels([{ x: 50, y: 50, r: 5 }], [{ width: 30, height: 14 }], [], { x0: 0, y0: 0, x1: 200, y1: 200 });
    expect(one).toEqual([{ box: { x0: 58, y0: 43, x1: 88, y1: 57 }, leader: false }]);
  });
});

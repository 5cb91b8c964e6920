/**
 * @internal Where each estimate sits in one bootstrap draw's row (`runResamples`, `runJackknife`):
 * path coefficients (P), total effects (C × C, row `from`, column `to`), outer weights (p), loadings
 * (p), item standard deviations of the resample (p, n − 1), HTMT and HTMT2 of each requested pair
 * (2 per pair), then the item means of the resample (p). Items are numbered construct by construct
 * in the model's order.
 */
export interface BootstrapDrawColumns {
  readonly paths: number;
  readonly totalEffects: number;
  readonly weights: number;
  readonly loadings: number;
  readonly itemSds: number;
  readonly htmt: number;
  readonly itemMeans: number;
  readonly width: number;
}

/** @internal The columns of a draw of a model with `C` constructs, `P` paths, `p` items and `H` HTMT pairs. */
export function bootstrapDrawColumns(C: number, P: number, p: number, H: number): BootstrapDrawColumns {
  const totalEffects = P;
  const weights = totalEffects + C * C;
  const loadings = weights + p;
  const itemSds = loadings + p;
  const htmt = itemSds + p;
  const itemMeans = htmt + 2 * H;
  return { paths: 0, totalEffects, weights, loadings, itemSds, htmt, itemMeans, width: itemMeans + p };
}

/**
 * @internal Per construct, Σ w / sd(item) over its items in the draw at `values[row…]`: the 0–100
 * index moves 100 / ((max − min) · this) points per unit of the construct's (unit-variance) score,
 * so a total effect times this of the driver over this of the target is the effect on the index
 * metric. Written into `out` (length C); `blocks[j]` are construct j's item numbers.
 */
export function indexScalesOfDraw(
  values: Float64Array,
  row: number,
  columns: BootstrapDrawColumns,
  blocks: readonly (readonly number[])[],
  out: Float64Array,
): Float64Array {
  for (let j = 0; j < blocks.length; j++) {
    let s = 0;
    for (const k of blocks[j]) s += values[row + columns.weights + k] / values[row + columns.itemSds + k];
    out[j] = s;
  }
  return out;
}

/** @internal The item numbers of each construct of a model, construct by construct (the draws' item order). */
export function itemBlocks(constructs: readonly { readonly items: readonly string[] }[]): number[][] {
  const blocks: number[][] = [];
  let at = 0;
  for (const c of constructs) {
    blocks.push(c.items.map((_, a) => at + a));
    at += c.items.length;
  }
  return blocks;
}

/** @internal Per construct of a fitted model, Σ w / sd(item): what `indexScalesOfDraw` gives for a draw. */
export function modelIndexScales(constructs: readonly { readonly weights: readonly number[]; readonly itemSds: readonly number[] }[]): number[] {
  return constructs.map((c) => c.weights.reduce((s, w, a) => s + w / c.itemSds[a], 0));
}

import { finiteOrNull } from '../../internal/finiteOrNull.js';

/** @internal HTMT and HTMT2 of two blocks of at least two items (null when not defined), from the item correlations S (p × p). */
export function htmtOfPair(S: Float64Array, p: number, a: readonly number[], b: readonly number[]): [number | null, number | null] {
  const mono = (block: readonly number[]) => {
    let sum = 0;
    let logs = 0;
    let positive = true;
    let count = 0;
    for (let x = 0; x < block.length; x++) {
      for (let y = x + 1; y < block.length; y++) {
        const r = S[block[x] * p + block[y]];
        sum += r;
        if (r > 0) logs += Math.log(r);
        else positive = false;
        count++;
      }
    }
    return { mean: sum / count, geometric: positive ? Math.exp(logs / count) : Number.NaN };
  };
  // HTMT by size (as cSEM's default): a construct scored the other way round makes every
  // heterotrait correlation negative, and is as (in)distinct as before; HTMT2 needs them all of
  // one sign (mixed signs leave it undefined)
  let sum = 0;
  let logs = 0;
  let positive = true;
  let negative = true;
  for (const x of a) {
    for (const y of b) {
      const r = S[x * p + y];
      sum += r;
      if (r !== 0) logs += Math.log(Math.abs(r));
      if (!(r > 0)) positive = false;
      if (!(r < 0)) negative = false;
    }
  }
  sum = Math.abs(sum);
  const ma = mono(a);
  const mb = mono(b);
  const count = a.length * b.length;
  const htmt = ma.mean > 0 && mb.mean > 0 ? finiteOrNull(sum / count / Math.sqrt(ma.mean * mb.mean)) : null;
  const htmt2 =
    (positive || negative) && !Number.isNaN(ma.geometric) && !Number.isNaN(mb.geometric)
      ? finiteOrNull(Math.exp(logs / count) / Math.sqrt(ma.geometric * mb.geometric))
      : null;
  return [htmt, htmt2];
}

/** @internal Total effects T = B + B² + … (finite: the model is recursive), and which pairs a directed route connects. */
export function totalEffects(B: Float64Array, paths: readonly (readonly [number, number])[], C: number): { effects: Float64Array; reachable: Uint8Array } {
  const effects = new Float64Array(C * C);
  const reachable = new Uint8Array(C * C);
  const edge = new Uint8Array(C * C);
  for (const [from, to] of paths) edge[from * C + to] = 1;
  let power = B.slice();
  let reach = edge.slice();
  for (let step = 0; step < C; step++) {
    for (let k = 0; k < C * C; k++) {
      effects[k] += power[k];
      if (reach[k]) reachable[k] = 1;
    }
    const nextPower = new Float64Array(C * C);
    const nextReach = new Uint8Array(C * C);
    for (let i = 0; i < C; i++) {
      for (let k = 0; k < C; k++) {
        const a = power[i * C + k];
        const ra = reach[i * C + k];
        if (a === 0 && !ra) continue;
        for (let j = 0; j < C; j++) {
          nextPower[i * C + j] += a * B[k * C + j];
          if (ra && edge[k * C + j]) nextReach[i * C + j] = 1;
        }
      }
    }
    power = nextPower;
    reach = nextReach;
  }
  return { effects, reachable };
}

// The seeded generator shared with the demo's synthetic data.
export { rng } from '../../examples/lib/rng.mjs';

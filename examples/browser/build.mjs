// Bundles the page's scripts with esbuild into examples/browser/dist/ (`npm run build:browser-example`,
// after `npm run build`): main.js (the page, with vega-embed) and worker.js (the analysis, with the library).
// Serve the folder with any static server and open index.html.
import * as esbuild from 'esbuild';

const here = new URL('.', import.meta.url).pathname;
await esbuild.build({
  entryPoints: { main: `${here}main.mjs`, worker: `${here}worker.mjs` },
  outdir: `${here}dist`,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  minify: true,
  sourcemap: true,
  // 'error': within this repository esbuild warns that dist/'s bare chunk imports are dropped ("sideEffects": false), as meant
  logLevel: 'error',
});
